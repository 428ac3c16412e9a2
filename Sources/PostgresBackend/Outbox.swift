import Foundation
import GRDB
import Store

/// Recording steps kept on the trainee's machine while the results server is away, in an SQLite
/// file (`$XDG_DATA_HOME/salessim/outbox.sqlite`, or `SALESSIM_OUTBOX`), until delivered.
///
/// A step is removed only after the server committed it; if the program dies in between, the
/// step is delivered again, which changes nothing (steps are idempotent). Each step is committed
/// to the file before the next prompt, like a turn on the server.
final class Outbox: @unchecked Sendable {
    struct Kept {
        var sequence: Int64
        var step: RecordingStep
    }

    let path: String
    // NB: opened on first need, so that a trainee whose server never went away has no file.
    private var queue: DatabaseQueue?

    init(path: String) {
        self.path = path
    }

    /// The outbox file's schema, under migrations like the store's (a later change is a new
    /// migration). NB: "IF NOT EXISTS": files made before the migrations already have the table.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-steps") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS steps (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    server TEXT NOT NULL,
                    session_uuid TEXT NOT NULL,
                    step TEXT NOT NULL,
                    kept_at TEXT NOT NULL,
                    refused TEXT
                )
                """)
        }
        return migrator
    }

    /// Where the outbox is: `SALESSIM_OUTBOX`, else next to the default SQLite store.
    static func location(environment: [String: String]) -> String {
        if let configured = environment["SALESSIM_OUTBOX"], !configured.isEmpty { return configured }
        return Store.dataFolder(environment: environment) + "/outbox.sqlite"
    }

    private func database(creating: Bool) throws -> DatabaseQueue? {
        if let queue { return queue }
        guard creating || FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            // NB: private (0600 in a 0700 folder): the steps hold trainees' replies.
            try Store.createPrivateFile(path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try Outbox.migrator.migrate(queue)
            self.queue = queue
            return queue
        } catch {
            throw StoreError(.cannotOpen, path: path, action: "keeping results on this machine while the server is away",
                             detail: "\(error)")
        }
    }

    /// Keeps `step` for `server`, committed before this returns.
    func keep(_ step: RecordingStep, for server: String, at date: Date) throws {
        guard let queue = try database(creating: true) else { return }
        let json = String(decoding: try JSONEncoder().encode(step), as: UTF8.self)
        do {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO steps (server, session_uuid, step, kept_at) VALUES (?, ?, ?, ?)",
                               arguments: [server, step.sessionUUID, json, date])
            }
        } catch {
            throw StoreError(.other, path: path, action: "keeping \(step.label) on this machine while the server is away", detail: "\(error)")
        }
    }

    /// Steps waiting for `server`, oldest first (refused ones are left aside).
    func pending(for server: String) throws -> [Kept] {
        guard let queue = try database(creating: false) else { return [] }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, step FROM steps WHERE server = ? AND refused IS NULL ORDER BY sequence",
                             arguments: [server]).compactMap { row in
                // NB: read without GRDB's trapping subscript: a damaged row is skipped, not a crash.
                guard let text = String.fromDatabaseValue(row["step"] as DatabaseValue),
                      let step = try? JSONDecoder().decode(RecordingStep.self, from: Data(text.utf8)) else { return nil }
                return Kept(sequence: row["sequence"], step: step)
            }
        }
    }

    func hasPending(for server: String) throws -> Bool {
        guard let queue = try database(creating: false) else { return false }
        return try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM steps WHERE server = ? AND refused IS NULL)", arguments: [server]) ?? false
        }
    }

    /// Forgets a step the server committed.
    func delivered(_ sequence: Int64) throws {
        guard let queue = try database(creating: false) else { return }
        try queue.write { db in try db.execute(sql: "DELETE FROM steps WHERE sequence = ?", arguments: [sequence]) }
    }

    /// Sets aside a step the server refused (it stays in the file, with the reason).
    func refused(_ sequence: Int64, reason: String) throws {
        guard let queue = try database(creating: false) else { return }
        try queue.write { db in try db.execute(sql: "UPDATE steps SET refused = ? WHERE sequence = ?", arguments: [reason, sequence]) }
    }
}
