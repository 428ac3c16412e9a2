import Foundation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `export --xapi --post` over libcurl, loaded only when statements are sent (issue 16): the
/// dynamic linker's own trace shows it, a machine without libcurl gets a clear message and
/// keeps the statements queued, and TLS certificates are verified. Run as the real binary.
@Suite struct XAPILibraryTests {
    let salessim = CommandRunner()

    func queued(_ db: String) throws -> Int {
        try Store.open(location: db, purpose: .reading).queuedStatements().count
    }

    @Test func sendingStatementsLoadsLibcurlAndNotLibpq() throws {
        let (_, db) = try HandMadeStore.make()
        let traced = CommandRunner(environment: SharedLibraries.traced)
        // NB: nothing listens on port 1: libcurl is loaded, connects, and is refused.
        let output = try traced.run(["export", "--xapi", "--db", db, "--post", "http://127.0.0.1:1/xAPI/", "--user", "lrs:secret", "--timeout", "5"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("cannot reach http://127.0.0.1:1/xAPI/statements/: Couldn't connect to server"), "\(output.stderr.suffix(2000))")
        #expect(output.stderr.contains("6 statements could not be sent and stay queued"))
        let loaded = SharedLibraries.loaded(output.stderr)
        #expect(loaded.contains { $0.hasPrefix("libcurl.so.4") }, "\(loaded)")
        #expect(!loaded.contains { $0.hasPrefix("libpq") }, "\(loaded)")
        #expect(try queued(db) == 6)
    }

    @Test func writingStatementsToAFileLoadsNoHTTPLibrary() throws {
        let (_, db) = try HandMadeStore.make()
        let output = try CommandRunner(environment: SharedLibraries.traced).run(["export", "--xapi", "--db", db])
        #expect(output.status == 0)
        #expect(output.stdout.contains("\"verb\""))
        let loaded = SharedLibraries.loaded(output.stderr)
        #expect(loaded.contains { $0.hasPrefix("libsqlite3") }, "no LD_DEBUG trace: \(output.stderr.prefix(500))")
        for name in SharedLibraries.onDemand {
            #expect(!loaded.contains { $0.contains(name) }, "\(name) loaded: \(loaded)")
        }
    }

    @Test(.enabled(if: SharedLibraries.canHide)) func withoutLibcurlSendingIsAClearErrorAndTheStatementsStayQueued() throws {
        let (_, db) = try HandMadeStore.make()
        let output = try SharedLibraries.run(salessim, without: "libcurl.so.4",
                                             ["export", "--xapi", "--db", db, "--post", "http://127.0.0.1:1/xAPI/", "--user", "lrs:secret"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("the HTTP client library libcurl.so.4 cannot be loaded"), "\(output.stderr)")
        #expect(output.stderr.contains("apt-get install libcurl4"), "\(output.stderr)")
        #expect(output.stderr.contains("6 statements could not be sent and stay queued"), "\(output.stderr)")
        #expect(!output.stderr.contains("crashed") && !output.stderr.contains("Fatal error"), "\(output.stderr)")
        #expect(try queued(db) == 6)
        let export = try SharedLibraries.run(salessim, without: "libcurl.so.4", ["export", "--xapi", "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("\"verb\""))
    }

    static let tlsServer = #"""
        import http.server, ssl, sys
        port, certificate, key, log = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_POST(self):
                with open(log, "a") as f: f.write(self.path + "\n")
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"[]")

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """#

    @Test func aRecordStoreWhoseCertificateIsNotTrustedGetsNothing() throws {
        let folder = try PackagePaths.temporaryDirectory("salessim-lrs-tls")
        let certificate = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let made = try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/openssl")).run(
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        let script = folder.appendingPathComponent("server.py")
        try Self.tlsServer.write(to: script, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("requests.log")
        try Data().write(to: log)
        let port = try RalphLRSTests.freePort()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", script.path, String(port), certificate, key, log.path]
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer {
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !HostileRecordStoreTests.Server.accepts(port) { usleep(50_000) }

        let (_, db) = try HandMadeStore.make()
        let output = try salessim.run(["export", "--xapi", "--db", db, "--post", "https://127.0.0.1:\(port)/xAPI/", "--user", "lrs:secret", "--timeout", "10"])
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stderr.contains("cannot reach https://127.0.0.1:\(port)/xAPI/statements/"), "\(output.stderr)")
        #expect(output.stderr.contains("certificate"), "\(output.stderr)")
        #expect(try String(contentsOf: log, encoding: .utf8).isEmpty, "the untrusted server received statements")
        #expect(try queued(db) == 6)
    }
}
