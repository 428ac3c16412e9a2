import Foundation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `export --xapi --post` against record stores that misbehave (issue 17): redirects to
/// another host, no answer, an answer that is not the stored ids, a huge answer. Each is a
/// tiny Python `http.server` on 127.0.0.1 started by the test; salessim runs as the real binary.
@Suite struct HostileRecordStoreTests {
    static let server = #"""
        import http.server, json, sys, time
        mode, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        other = sys.argv[4] if len(sys.argv) > 4 else ""

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def answer(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "auth": self.headers.get("Authorization")}) + "\n")
                ids = [s["id"] for s in json.loads(body or b"[]")]
                if mode == "redirect-other":
                    return self.answer(302, headers=[("Location", other)])
                if mode == "redirect-same" and not self.path.startswith("/moved/"):
                    return self.answer(307, headers=[("Location", "/moved/statements/")])
                if mode == "redirect-loop":
                    return self.answer(307, headers=[("Location", self.path + "x")])
                if mode == "hang":
                    time.sleep(120)
                    return
                if mode == "garbage":
                    return self.answer(200, b"<html>stored, honestly</html>", [("Content-Type", "text/html")])
                if mode == "wrong-count":
                    return self.answer(200, json.dumps(ids[:1]).encode(), [("Content-Type", "application/json")])
                if mode == "huge":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"[" + b'"x",' * 262144
                    try:
                        for _ in range(500):
                            self.wfile.write(chunk)
                    except Exception:
                        pass
                    self.close_connection = True
                    return
                return self.answer(200, json.dumps(ids).encode(), [("Content-Type", "application/json")])

        http.server.ThreadingHTTPServer.daemon_threads = True
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """#

    /// A running server: its statements URL and the log of requests it received.
    final class Server {
        let process = Process()
        let port: Int
        let log: URL
        var endpoint: String { "http://127.0.0.1:\(port)/xAPI/statements/" }

        init(mode: String, other: String = "") throws {
            let folder = try PackagePaths.temporaryDirectory("salessim-lrs-server")
            let script = folder.appendingPathComponent("server.py")
            try HostileRecordStoreTests.server.write(to: script, atomically: true, encoding: .utf8)
            port = try RalphLRSTests.freePort()
            log = folder.appendingPathComponent("requests.log")
            FileManager.default.createFile(atPath: log.path, contents: Data())
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, mode, String(port), log.path, other]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline, !Self.accepts(port) { usleep(50_000) }
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        var requests: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        deinit {
            // NB: SIGKILL: the server's handler threads may sleep ("hang") and SIGTERM can be
            // ignored by a child of the test runner.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    let salessim = CommandRunner()

    func post(to endpoint: String, db: String, extra: [String] = []) throws -> CommandRunner.Output {
        try salessim.run(["export", "--xapi", "--db", db, "--post", endpoint, "--user", "lrs:secret"] + extra, timeout: 120)
    }

    func queued(_ db: String) throws -> Int {
        try Store.open(location: db, purpose: .reading).queuedStatements().count
    }

    @Test func aStoreThatAnswersWithTheIdsGetsEveryStatement() throws {
        let server = try Server(mode: "ids")
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("sent 6 statements"))
        #expect(try queued(db) == 0)
    }

    @Test func aRedirectToAnotherOriginIsNotFollowedAndTheCredentialsStayHome() throws {
        let elsewhere = try Server(mode: "ids")
        let server = try Server(mode: "redirect-other", other: elsewhere.endpoint)
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stderr.contains("redirected to \(elsewhere.endpoint)"), "\(output.stderr)")
        #expect(output.stderr.contains("6 statements could not be sent and stay queued"))
        #expect(!output.stdout.contains("sent 6"))
        #expect(elsewhere.requests.isEmpty, "the other host received \(elsewhere.requests)")
        #expect(try queued(db) == 6)
    }

    @Test func aSameOriginRedirectIsFollowedWithTheSameRequest() throws {
        let server = try Server(mode: "redirect-same")
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("sent 6 statements"))
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.contains("/moved/statements/") == true)
        #expect(server.requests.allSatisfy { $0.contains("Basic") })
    }

    @Test func endlessSameOriginRedirectsStopAfterAFew() throws {
        let server = try Server(mode: "redirect-loop")
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 1)
        #expect(server.requests.count <= 4, "\(server.requests.count) requests")
        #expect(try queued(db) == 6)
    }

    @Test func aStoreThatNeverAnswersTimesOut() throws {
        let server = try Server(mode: "hang")
        let (_, db) = try HandMadeStore.make()
        let started = Date()
        let output = try post(to: server.endpoint, db: db, extra: ["--timeout", "2"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("no answer from"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try queued(db) == 6)
    }

    @Test func aSuccessAnswerThatIsNotTheStoredIdsKeepsTheStatementsQueued() throws {
        let server = try Server(mode: "garbage")
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stderr.contains("answered 200 but not with the list of stored statement ids"), "\(output.stderr)")
        #expect(try queued(db) == 6)
    }

    @Test func aBatchAnsweredWithTooFewIdsIsSentAgainOneByOne() throws {
        let server = try Server(mode: "wrong-count")
        let (_, db) = try HandMadeStore.make()
        let output = try post(to: server.endpoint, db: db)
        // The batch of 6 is answered with 1 id: not taken as stored; each statement alone is.
        #expect(output.status == 0, "\(output.stderr)")
        #expect(server.requests.count == 7)
        #expect(try queued(db) == 0)
    }

    @Test func aHugeAnswerIsNotReadWhole() throws {
        let server = try Server(mode: "huge")
        let (_, db) = try HandMadeStore.make()
        let started = Date()
        let output = try post(to: server.endpoint, db: db)
        #expect(output.status == 1)
        #expect(output.stderr.contains("is longer than 262144 bytes"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try queued(db) == 6)
        _ = server
    }
}
