import Foundation
import Simulation
import Store

extension Store {
    /// Opens the store `location` names: a `postgres://` URL is a server
    /// (``open(server:purpose:environment:now:liveness:)``), anything else an SQLite file.
    public static func open(location: String, purpose: Purpose, environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: @escaping @Sendable () -> Date = { Date() },
                            liveness: ProcessLiveness = ProcessLiveness()) throws -> Store {
        if Store.isServerURL(location) {
            return try open(server: PostgresURL(location, environment: environment), purpose: purpose, environment: environment,
                            now: now, liveness: liveness)
        }
        return try open(at: location, purpose: purpose, now: now, liveness: liveness)
    }

    /// Connects to the PostgreSQL server at `url`, checks its schema (and brings it up to date
    /// when the login may), and for `.recording` that the login may record visits; then delivers
    /// any steps kept on this machine during an earlier outage. An unreachable server is reported
    /// here, at once.
    public static func open(server url: PostgresURL, purpose: Purpose,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: @escaping @Sendable () -> Date = { Date() },
                            liveness: ProcessLiveness = ProcessLiveness()) throws -> Store {
        let backend = try PostgresServerBackend(url: url, outbox: Outbox(path: Outbox.location(environment: environment)), now: now)
        let action = purpose == .recording ? "connecting to record a visit" : "connecting"
        try backend.prepare(purpose: purpose, action: action)
        let store = Store(backend: backend, now: now, liveness: liveness)
        backend.deliverKept()
        return store
    }
}

/// The PostgreSQL backend: one connection, used by one thread at a time; a lost connection is
/// made again on the next use. Steps of a visit that cannot reach the server go to the
/// ``Outbox`` and are delivered, in order and once, when it answers again.
final class PostgresServerBackend: StoreBackend, @unchecked Sendable {
    let url: PostgresURL
    let outbox: Outbox
    let now: @Sendable () -> Date
    var dialect: SQLDialect { .postgres }
    var location: String { url.redacted }

    private let lock = NSLock()
    private var connection: PGConnection?
    private var notices: [RecorderNotice] = []
    private var outageAnnounced = false

    init(url: PostgresURL, outbox: Outbox, now: @escaping @Sendable () -> Date) throws {
        self.url = url
        self.outbox = outbox
        self.now = now
    }

    // MARK: Connection

    private func connected(action: String) throws -> PGConnection {
        if let connection, connection.isOpen { return connection }
        connection = nil
        let made = try PGConnection(conninfo: url.text, location: location, action: action)
        connection = made
        return made
    }

    private func dropConnection() {
        connection = nil
    }

    /// Runs `work` in a transaction on the connection; a lost connection is dropped so that the
    /// next call connects again.
    private func transaction<T>(_ action: String, readOnly: Bool, _ work: (PostgresExecutor) throws -> T) throws -> T {
        do {
            let connection = try connected(action: action)
            let executor = PostgresExecutor(connection: connection, location: location, action: action)
            try executor.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", [])
            do {
                let result = try work(executor)
                try executor.execute("COMMIT", [])
                return result
            } catch {
                if connection.isOpen { try? executor.execute("ROLLBACK", []) }
                throw error
            }
        } catch {
            let wrapped = StoreError.wrapping(error, path: location, action: action)
            if wrapped.kind == .unreachable { dropConnection() }
            throw wrapped
        }
    }

    func read<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try transaction(action, readOnly: true) { try work($0) }
    }

    func write<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try transaction(action, readOnly: false) { try work($0) }
    }

    // MARK: Schema

    /// Connects, checks (and when allowed, applies) the migrations, and checks the login's rights.
    func prepare(purpose: Store.Purpose, action: String) throws {
        lock.lock()
        defer { lock.unlock() }
        let known = PostgresSchema.migrations.map(\.id)
        let recording = purpose == .recording
        // NB: one round trip on the usual path: the schema and the right to record together.
        func mayRecord(_ db: PostgresExecutor) throws -> Bool {
            try db.fetchOne("SELECT has_table_privilege('sessions', 'INSERT') AS allowed", [])?.bool("allowed") ?? false
        }
        var applied: [String]
        var allowed = false
        do {
            (applied, allowed) = try transaction(action, readOnly: true) { db in
                let applied = try PostgresServerBackend.applied(in: db)
                return (applied, recording && applied == known ? try mayRecord(db) : false)
            }
        } catch let error as StoreError where error.kind == .refused {
            throw StoreError(.refused, path: location, action: action,
                             detail: "the login '\(url.user)' has no salessim rights here: \(error.detail)")
        }
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError(.newerSchema, path: location, action: action, detail: "it has migration \(unknown), which this version does not know")
        }
        if applied != known {
            do {
                try migrate()
            } catch let error as StoreError where error.kind == .refused {
                throw StoreError(.notSetUp, path: location, action: action,
                                 detail: applied.isEmpty ? "no salessim tables yet, and the login '\(url.user)' may not create them"
                                     : "migrations missing: \(known.filter { !applied.contains($0) }.joined(separator: ", "))")
            }
            if recording { allowed = try transaction(action, readOnly: true, mayRecord) }
        }
        if recording && !allowed {
            throw StoreError(.refused, path: location, action: action, detail: "the login '\(url.user)' may not record visits")
        }
    }

    /// Applies the missing migrations in one transaction, one process at a time.
    private func migrate() throws {
        try transaction("bringing its schema up to date", readOnly: false) { db in
            // NB: one at a time: several trainees may connect to a new server at once.
            try db.execute("SELECT pg_advisory_xact_lock(7352009113)", [])
            try db.execute("CREATE TABLE IF NOT EXISTS salessim_migrations (identifier TEXT PRIMARY KEY NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", [])
            let done = try PostgresServerBackend.applied(in: db)
            for migration in PostgresSchema.migrations where !done.contains(migration.id) {
                for statement in SQLScript.statements(migration.sql) { try db.execute(statement, []) }
                try db.execute("INSERT INTO salessim_migrations (identifier) VALUES (?)", [.text(migration.id)])
            }
            try db.execute("GRANT SELECT ON salessim_migrations TO \(PostgresSchema.trainee), \(PostgresSchema.manager)", [])
        }
    }

    static func applied(in db: any SQLExecutor) throws -> [String] {
        let exists = try db.fetchOne("SELECT to_regclass('salessim_migrations') IS NOT NULL AS present", [])?.bool("present") ?? false
        guard exists else { return [] }
        return try db.fetch("SELECT identifier FROM salessim_migrations ORDER BY applied_at, identifier", []).compactMap { $0.text("identifier") }
    }

    func tableNames() throws -> [String] {
        try read("listing its tables") { db in
            try db.fetch("""
                SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'salessim_migrations'
                ORDER BY tablename COLLATE "C"
                """, []).compactMap { $0.text("name") }
        }
    }

    func appliedMigrations() throws -> [String] {
        try read("listing its migrations") { db in try PostgresServerBackend.applied(in: db) }
    }

    // MARK: Recording through outages

    func record(_ step: RecordingStep, action: String, apply: @escaping (RecordingStep, any SQLExecutor) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        // NB: steps keep their order: once one is kept, later ones queue behind it.
        if try outbox.hasPending(for: location) {
            try outbox.keep(step, for: location, at: now())
            deliverKeptLocked(apply: apply)
            return
        }
        do {
            try transaction(action, readOnly: false) { db in try apply(step, db) }
        } catch let error as StoreError where error.kind == .unreachable {
            try outbox.keep(step, for: location, at: now())
            announceOutage(error)
        }
    }

    private func announceOutage(_ error: StoreError) {
        guard !outageAnnounced else { return }
        outageAnnounced = true
        notices.append(.keptLocally(server: location, reason: error.detail))
    }

    /// Delivers steps kept during an earlier outage (at open); problems stay quiet here and the
    /// steps stay kept.
    func deliverKept() {
        lock.lock()
        defer { lock.unlock() }
        deliverKeptLocked(apply: { step, db in try Store.apply(step, in: db) })
    }

    private func deliverKeptLocked(apply: (RecordingStep, any SQLExecutor) throws -> Void) {
        guard let kept = try? outbox.pending(for: location), !kept.isEmpty else { return }
        var delivered = 0
        for item in kept {
            do {
                try transaction("delivering \(item.step.label) of session \(item.step.sessionUUID)", readOnly: false) { db in
                    try apply(item.step, db)
                }
            } catch let error as StoreError where error.kind == .unreachable {
                announceOutage(error)
                break
            } catch {
                // NB: set aside, not lost: the file keeps it with the server's reason.
                try? outbox.refused(item.sequence, reason: "\(error)")
                continue
            }
            // NB: only after the server committed; a crash before this line delivers the step
            // again, which changes nothing.
            try? outbox.delivered(item.sequence)
            delivered += 1
        }
        if delivered > 0, (try? outbox.hasPending(for: location)) == false {
            notices.append(.delivered(server: location, steps: delivered))
            outageAnnounced = false
        }
    }

    func takeNotices() -> [RecorderNotice] {
        lock.lock()
        defer { lock.unlock() }
        let taken = notices
        notices = []
        return taken
    }

    /// Runs statements outside the store's own queries (administration), in one transaction.
    func administer<T>(_ action: String, _ work: (PostgresExecutor) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try transaction(action, readOnly: false, work)
    }
}

/// Statements on the backend's connection; `?` placeholders become `$n`.
struct PostgresExecutor: SQLExecutor, SQLBulkCopier {
    let connection: PGConnection
    let location: String
    let action: String
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try connection.run(dialect.placeholders(sql), arguments, location: location, action: action)
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
        let result = try connection.run(dialect.placeholders(sql), arguments, location: location, action: action)
        return (0..<Int32(result.count)).map { PGRow(result: result, row: $0) }
    }

    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        try connection.copy(into: table, columns: columns, rows: rows, location: location, action: action)
    }
}
