import Foundation
import PostgresBackend
import Store
import TestSupport

/// The two backends the store tests run against: every test that takes a `TestBackend` runs
/// once on an SQLite file and once on a fresh database of a real PostgreSQL server.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// A new, empty store's location: a file in a new temporary folder, or the administrator's
    /// URL of a new database on the tests' server.
    public func newLocation() throws -> String {
        switch self {
        case .sqlite:
            return try PackagePaths.temporaryDirectory().appendingPathComponent("store.sqlite").path
        case .postgres:
            return try TestPostgres.shared().newDatabase()
        }
    }

    /// A new store, opened for recording with the administrator's rights.
    public func newStore(now: @escaping @Sendable () -> Date = { Date() },
                         liveness: ProcessLiveness = ProcessLiveness()) throws -> (Store, String) {
        let location = try newLocation()
        return (try Store.open(location: location, purpose: .recording, environment: TestPostgres.environment, now: now, liveness: liveness), location)
    }
}

/// The PostgreSQL server of the tests: `SALESSIM_TEST_POSTGRES` (an administrator's URL, as
/// `./run-tests` exports it), else a private server started once per test run with
/// `scripts/postgres-server` in a folder under /tmp.
public final class TestPostgres: @unchecked Sendable {
    /// The administrator's URL of the server's `postgres` database.
    public let adminURL: String
    private static let lock = NSLock()
    nonisolated(unsafe) private static var instance: TestPostgres?

    /// Environment for opening test stores: the outbox in a scratch folder of its own.
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SALESSIM_OUTBOX"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("salessim-outbox-\(UUID().uuidString).sqlite").path
        return environment
    }

    init(adminURL: String) {
        self.adminURL = adminURL
    }

    public static func shared() throws -> TestPostgres {
        lock.lock()
        defer { lock.unlock() }
        if let instance { return instance }
        let made: TestPostgres
        if let url = ProcessInfo.processInfo.environment["SALESSIM_TEST_POSTGRES"], !url.isEmpty {
            made = TestPostgres(adminURL: url)
        } else {
            let folder = "/tmp/salessim-test-postgres-\(getuid())"
            made = TestPostgres(adminURL: try PostgresServer.start(folder: folder, port: nil))
        }
        instance = made
        return made
    }

    /// The server's certificate (PEM) for `sslmode=verify-full`: `SALESSIM_TEST_POSTGRES_CERT`,
    /// else the `root.crt` that `scripts/postgres-server` wrote beside the private server.
    public static func certificate(forPort port: Int) -> String? {
        if let path = ProcessInfo.processInfo.environment["SALESSIM_TEST_POSTGRES_CERT"], !path.isEmpty { return path }
        let path = "/tmp/salessim-test-postgres-\(getuid())/root.crt"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Creates a new database on the server and returns the administrator's URL for it.
    public func newDatabase() throws -> String {
        let name = "salessim_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try psql(adminURL, "CREATE DATABASE \(name)")
        return TestPostgres.url(adminURL, database: name)
    }

    /// `url` with another database.
    public static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    /// `url` with another login and password.
    public static func url(_ url: String, user: String, password: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.user = user
        components.password = password
        return components.string ?? url
    }

    /// Runs `sql` with psql as the login of `url`; the output, or an error with psql's message.
    @discardableResult
    public func psql(_ url: String, _ sql: String) throws -> String {
        let output = try TestPostgres.psqlOutput(url, sql)
        guard output.status == 0 else { throw PostgresServer.Failure(message: "psql failed: \(output.stderr) \(output.stdout)") }
        return output.stdout
    }

    /// psql's whole result, failures included (access-control tests read the server's refusals).
    public static func psqlOutput(_ url: String, _ sql: String) throws -> CommandRunner.Output {
        let runner = CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/env"))
        return try runner.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql], timeout: 60)
    }
}

/// `scripts/postgres-server`: private servers in a folder, started and stopped by the tests.
public enum PostgresServer {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static var script: String { PackagePaths.root.appendingPathComponent("scripts/postgres-server").path }

    /// Starts (or finds running) the server in `folder`; returns its administrator's URL.
    public static func start(folder: String, port: Int?) throws -> String {
        let chosen: Int
        if let port {
            chosen = port
        } else if let existing = try? run(["url", folder]), let url = URLComponents(string: existing), let known = url.port {
            chosen = known
        } else {
            chosen = Int(try run(["free-port"])) ?? 55432
        }
        do {
            return try run(["start", folder, String(chosen)])
        } catch let failure as Failure {
            throw Failure(message: "could not start a PostgreSQL server for the tests (run ./run-tests, which installs PostgreSQL from Debian's packages): \(failure.message)")
        }
    }

    public static func stop(folder: String) throws {
        _ = try run(["stop", folder])
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let runner = CommandRunner(executable: URL(fileURLWithPath: script))
        let output = try runner.run(arguments, timeout: 120)
        guard output.status == 0 else {
            throw Failure(message: "scripts/postgres-server \(arguments.joined(separator: " ")) failed: \(output.stderr)")
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
