import Foundation
import PostgresBackend
import Store
import StoreTestSupport
import Testing
import TestSupport

/// The server's address as users write it, and what they are told when it is wrong.
@Suite struct PostgresURLTests {
    @Test func readsLibpqURIsAndFillsTheRestFromTheEnvironmentAsLibpqDoes() throws {
        let url = try PostgresURL("postgres://alice:s%40cret@db.example.com:6543/sales?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3",
                                  environment: [:])
        #expect((url.user, url.host, url.port, url.database) == ("alice", "db.example.com", "6543", "sales"))
        #expect(url.redacted == "postgres://alice@db.example.com:6543/sales")

        // What the URI leaves out comes from PGUSER, PGHOST, PGPORT, PGDATABASE (libpq's own rules).
        let plain = try PostgresURL("postgresql://王小明@localhost/salessim", environment: ["PGPASSWORD": "from-env"])
        #expect(plain.user == "王小明")
        #expect(plain.port == "5432")
        #expect(try PostgresURL("postgres://bob@h", environment: [:]).database == "bob")
        let fromEnvironment = try PostgresURL("postgres://", environment: ["PGUSER": "carol", "PGHOST": "db1", "PGPORT": "7000", "PGDATABASE": "team"])
        #expect(fromEnvironment.redacted == "postgres://carol@db1:7000/team")
        // Any parameter libpq knows is accepted: target_session_attrs, several hosts, a service.
        let hosts = try PostgresURL("postgres://dana@a:5432,b:5433/sales?target_session_attrs=read-write&application_name=x", environment: [:])
        #expect(hosts.host == "a,b")
        #expect(!hosts.redacted.contains("target_session_attrs"))
        #expect(Store.isServerURL("postgres://x@y/z") && Store.isServerURL("postgresql://x@y/z"))
        #expect(!Store.isServerURL("/home/a/postgres.sqlite"))
    }

    @Test(arguments: [
        ("postgres://alice:topsecret@h/sales?sslmode=sometimes", "sslmode must be one of"),
        ("postgres://alice:topsecret@h/sales?timeout=3", "invalid URI query parameter: \"timeout\""),
        ("postgres://alice:topsecret@h:99999/sales", "port 99999 is not a port number"),
        ("postgres://alice:topsecret@h/sales?connect_timeout=soon", "connect_timeout must be a number"),
        ("postgres://alice:topsecret@[::1/sales", "IPv6 host address"),
        ("postgres://alice:top%zzsecret@h/sales", "percent-encoded"),
    ])
    func refusesBadURLsAndNeverEchoesThePassword(text: String, words: String) {
        let error = #expect(throws: StoreError.self) { try PostgresURL(text, environment: [:]) }
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
        #expect(error?.description.contains("topsecret") == false, "\(String(describing: error))")
        #expect(error?.description.contains("secret") == false, "\(String(describing: error))")
    }

    /// libpq's own conventions, through the real binary: a password from ~/.pgpass (PGPASSFILE),
    /// a whole connection from a service file (PGSERVICEFILE), the rest from PG* variables.
    @Test func passwordFilesServiceFilesAndTheEnvironmentWorkAsWithPsql() throws {
        _ = try TestPostgres.shared()
        let location = try TestBackend.postgres.newLocation()
        _ = try Store.open(location: location, purpose: .recording, environment: TestPostgres.environment)
        let parts = try #require(URLComponents(string: location))
        let (host, port, user, password) = (parts.host ?? "", parts.port ?? 5432, parts.user ?? "", parts.password ?? "")
        let database = String(parts.path.dropFirst())
        let folder = try PackagePaths.temporaryDirectory()
        let passfile = folder.appendingPathComponent("pgpass").path
        try "\(host):\(port):*:\(user):\(password)\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passfile)
        let services = folder.appendingPathComponent("pg_service.conf").path
        try "[sales]\nhost=\(host)\nport=\(port)\nuser=\(user)\ndbname=\(database)\n".write(toFile: services, atomically: true, encoding: .utf8)

        func report(_ db: String, _ environment: [String: String]) throws -> CommandRunner.Output {
            var clean = environment
            clean["PGPASSWORD"] = ""
            return try CommandRunner(environment: clean).run(["report", "--db", db])
        }
        let withoutPassword = "postgres://\(user)@\(host):\(port)/\(database)"
        let fromPassfile = try report(withoutPassword, ["PGPASSFILE": passfile])
        #expect(fromPassfile.status == 0, "\(fromPassfile.stderr)")
        let fromService = try report("postgres://?service=sales", ["PGPASSFILE": passfile, "PGSERVICEFILE": services])
        #expect(fromService.status == 0, "\(fromService.stderr)")
        let fromEnvironment = try report("postgres://", ["PGPASSFILE": passfile, "PGHOST": host, "PGPORT": String(port), "PGUSER": user, "PGDATABASE": database])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        // Without any password: libpq's reason, as a login problem, naming the server.
        let none = try report(withoutPassword, ["PGPASSFILE": "/nonexistent"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("did not accept the login"), "\(none.stderr)")
        #expect(none.stderr.contains(withoutPassword), "\(none.stderr)")
    }

    @Test(arguments: TestBackend.allCases) func aNewStoreHasEveryMigrationAndTable(backend: TestBackend) throws {
        let (store, location) = try backend.newStore()
        #expect(try store.appliedMigrations() == ["v1-results", "v2-xapi-queue", "v3-understanding", "v4-stretches", "v5-input", "v6-drills", "v7-assignments"])
        #expect(try store.tableNames() == ["assignments", "drill_cards", "rule_results", "sessions", "store_info", "trainees", "turns", "xapi_queue"])
        // Opening again finds it up to date and changes nothing.
        let again = try Store.open(location: location, purpose: .reading, environment: TestPostgres.environment)
        #expect(try again.appliedMigrations() == ["v1-results", "v2-xapi-queue", "v3-understanding", "v4-stretches", "v5-input", "v6-drills", "v7-assignments"])
    }

    @Test func refusesAServerWithMigrationsFromANewerVersion() throws {
        let server = try TestPostgres.shared()
        let location = try TestBackend.postgres.newLocation()
        _ = try Store.open(location: location, purpose: .recording, environment: TestPostgres.environment)
        try server.psql(location, "INSERT INTO salessim_migrations (identifier) VALUES ('v99-from-the-future')")
        let error = #expect(throws: StoreError.self) { try Store.open(location: location, purpose: .reading, environment: TestPostgres.environment) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.description.contains("v99-from-the-future") == true)
    }

    @Test func tlsIsUsedAndVerifiedWhenTheURLAsksForIt() throws {
        let server = try TestPostgres.shared()
        let location = try TestBackend.postgres.newLocation()
        guard var components = URLComponents(string: location) else { Issue.record("bad URL"); return }
        // The tests' server (scripts/postgres-server) keeps its certificate beside its data.
        let root = try #require(TestPostgres.certificate(forPort: components.port ?? 0), "no root.crt for the tests' server")
        components.queryItems = [URLQueryItem(name: "sslmode", value: "verify-full"), URLQueryItem(name: "sslrootcert", value: root)]
        let verified = try #require(components.string)
        let store = try Store.open(location: verified, purpose: .recording, environment: TestPostgres.environment)
        #expect(try store.tableNames().contains("sessions"))
        #expect(try server.psql(location, "SELECT count(*) FROM pg_stat_ssl WHERE ssl").isEmpty == false)

        // A certificate that does not match is refused, with the reason.
        let folder = try PackagePaths.temporaryDirectory()
        let bogus = folder.appendingPathComponent("other.pem")
        let made = try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/env")).run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
            "-days", "1", "-keyout", folder.appendingPathComponent("other.key").path, "-out", bogus.path])
        #expect(made.status == 0, "\(made.stderr)")
        components.queryItems = [URLQueryItem(name: "sslmode", value: "verify-full"), URLQueryItem(name: "sslrootcert", value: bogus.path)]
        let error = #expect(throws: StoreError.self) {
            try Store.open(location: try #require(components.string), purpose: .reading, environment: TestPostgres.environment)
        }
        #expect(error?.kind == .login || error?.kind == .unreachable)
        #expect(error?.description.contains("TLS") == true || error?.description.lowercased().contains("certificate") == true,
                "\(String(describing: error))")

        // sslmode=disable talks in the clear; a wrong password is a login error.
        components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        components.password = "wrong"
        let login = #expect(throws: StoreError.self) {
            try Store.open(location: try #require(components.string), purpose: .reading, environment: TestPostgres.environment)
        }
        #expect(login?.kind == .login)
        #expect(login?.description.contains("did not accept the login") == true)
        #expect(login?.description.contains("wrong") == false)
    }
}
