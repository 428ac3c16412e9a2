import Foundation
import Reports
import Store
import StoreTestSupport
import Testing
import TestSupport

/// The xAPI export against a real learning record store: Ralph (`ralph-malph` from PyPI) on
/// loopback with its file-system backend, started and stopped by `scripts/ralph-lrs`.
///
/// If Ralph cannot be installed this test fails and says so; it never passes without a store.
@Suite(.serialized) struct RalphLRSTests {
    let script = PackagePaths.root.appendingPathComponent("scripts/ralph-lrs")

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw LRSFailure(description: "cannot find a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct LRSFailure: Error, CustomStringConvertible {
        var description: String
    }

    func run(_ arguments: [String], timeout: TimeInterval = 900) throws -> CommandRunner.Output {
        try CommandRunner(executable: script).run(arguments, timeout: timeout)
    }

    /// Statement ids the record store holds.
    func storedIDs(_ client: LRSClient, port: Int) throws -> [String] {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/xAPI/statements/?limit=1000"))
        let response = try client.get(url)
        #expect(response.status == 200, "\(response.body)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        let statements = try #require(json["statements"] as? [[String: Any]])
        return statements.compactMap { $0["id"] as? String }
    }

    @Test func ralphAcceptsEveryStatementAndASecondSendStoresNothingTwice() throws {
        let install = try run(["install"])
        try #require(install.status == 0, "Ralph (ralph-malph) could not be installed with scripts/ralph-lrs install: \(install.stderr)")
        let folder = try PackagePaths.temporaryDirectory("salessim-ralph")
        let port = try Self.freePort()
        let started = try run(["start", folder.path, String(port)], timeout: 60)
        defer { _ = try? run(["stop", folder.path], timeout: 30) }
        try #require(started.status == 0, "Ralph did not start: \(started.stderr)")

        let (_, db) = try HandMadeStore.make()
        let endpoint = "http://127.0.0.1:\(port)/xAPI/statements/"
        let salessim = CommandRunner()
        let exported = try salessim.run(["export", "--xapi", "--db", db, "--responses"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(expected.count == 12)

        let first = try salessim.run(["export", "--xapi", "--db", db, "--responses", "--post", endpoint, "--user", "lrs:secret"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("sent 12 statements"))
        let client = LRSClient(endpoint: try #require(URL(string: endpoint)), user: "lrs:secret")
        #expect(Set(try storedIDs(client, port: port)) == Set(expected))

        let second = try salessim.run(["export", "--xapi", "--db", db, "--responses", "--post", endpoint, "--user", "lrs:secret"])
        #expect(second.status == 0, "\(second.stderr)")
        let afterSecond = try storedIDs(client, port: port)
        #expect(afterSecond.count == expected.count, "a second send must not duplicate statements")
        #expect(Set(afterSecond) == Set(expected))
    }

    /// Also on a server: the queue is the manager's table there (here the administrator's login).
    @Test(arguments: TestBackend.allCases) func whatCannotBeSentStaysQueuedAndGoesNextTime(backend: TestBackend) throws {
        let install = try run(["install"])
        try #require(install.status == 0, "Ralph (ralph-malph) could not be installed with scripts/ralph-lrs install: \(install.stderr)")
        let (_, db) = try HandMadeStore.make(backend: backend)
        let salessim = CommandRunner()
        let nobody = "http://127.0.0.1:\(try Self.freePort())/xAPI/statements/"
        let failed = try salessim.run(["export", "--xapi", "--db", db, "--post", nobody, "--user", "lrs:secret"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("6 statements could not be sent and stay queued"))
        #expect(try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).queuedStatements().count == 6)

        let folder = try PackagePaths.temporaryDirectory("salessim-ralph")
        let port = try Self.freePort()
        let started = try run(["start", folder.path, String(port)], timeout: 60)
        defer { _ = try? run(["stop", folder.path], timeout: 30) }
        try #require(started.status == 0, "Ralph did not start: \(started.stderr)")
        let endpoint = "http://127.0.0.1:\(port)/xAPI/statements/"
        // Only sessions ended after the store's last one: none new, but the queue goes out.
        let later = try salessim.run(["export", "--xapi", "--db", db, "--since", "2099-01-01", "--post", endpoint, "--user", "lrs:secret"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("sent 6 statements"))
        #expect(try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).queuedStatements().isEmpty)
        let client = LRSClient(endpoint: try #require(URL(string: endpoint)), user: "lrs:secret")
        #expect(try storedIDs(client, port: port).count == 6)
    }
}
