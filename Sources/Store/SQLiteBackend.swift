import Foundation
import GRDB

/// The SQLite file backend (GRDB): WAL mode with a busy timeout, so several trainees can write
/// one store at once while a manager reads it; each turn is its own short transaction, and a
/// writer that finds the file busy waits instead of failing.
final class SQLiteBackend: StoreBackend {
    let path: String
    let pool: DatabasePool
    var dialect: SQLDialect { .sqlite }
    var location: String { path }

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    static func open(at path: String, purpose: Store.Purpose, busyTimeout: TimeInterval, now: @Sendable () -> Date) throws -> SQLiteBackend {
        let action = purpose == .recording ? "opening it to record a visit" : "opening it"
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw StoreError(.cannotOpen, path: path, action: action, detail: "it is a folder, not a file")
        }
        if !exists {
            guard purpose == .recording else { throw StoreError(.missing, path: path, action: action) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError(.cannotOpen, path: path, action: "creating its folder \(folder)",
                                     detail: SQLiteBackend.reason(of: error))
                }
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "salessim.store"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw refined(StoreError.wrapping(error, path: path, action: action))
        }
        do {
            let migrator = StoreSchema.migrator
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw StoreError(.newerSchema, path: path, action: action, detail: "it has migrations this version does not know")
            }
            try migrate(pool, with: migrator)
            if purpose != .reading {
                // NB: a real write, so that read-only files, read-only folders (WAL needs its -wal
                // and -shm files), full disks and held locks show up now.
                try pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO store_info (key, value) VALUES ('last_write_check', ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value
                        """, arguments: [now()])
                }
            }
        } catch {
            throw refined(StoreError.wrapping(error, path: path, action: action))
        }
        return SQLiteBackend(path: path, pool: pool)
    }

    /// Runs the migrations; several trainees starting at once on a new store race to create it,
    /// so a failure after which another process has completed the migrations is no failure,
    /// and one in the middle of another's migrations is retried.
    static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if (try? pool.read({ db in try migrator.hasCompletedMigrations(db) })) == true { return }
                if attempt >= 8 { throw error }
                usleep(useconds_t(50_000 * attempt))
            }
        }
    }

    /// SQLite says "unable to open" or "disk I/O error" for a file or folder that takes no
    /// writes; the file system knows better.
    static func refined(_ error: StoreError) -> StoreError {
        guard error.kind == .cannotOpen || error.kind == .other else { return error }
        let folder = (error.path as NSString).deletingLastPathComponent
        for target in [error.path, folder.isEmpty ? "." : folder] where FileManager.default.fileExists(atPath: target) {
            if access(target, W_OK) != 0, errno == EROFS || errno == EACCES || errno == EPERM {
                let reason = String(cString: strerror(errno))
                return StoreError(.readOnly, path: error.path, action: error.action, detail: "\(target): \(reason)")
            }
        }
        return error
    }

    static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }

    func write<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        do {
            return try pool.write { db in try work(GRDBExecutor(db: db)) }
        } catch {
            throw StoreError.wrapping(error, path: path, action: action)
        }
    }

    func read<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        do {
            return try pool.read { db in try work(GRDBExecutor(db: db)) }
        } catch {
            throw StoreError.wrapping(error, path: path, action: action)
        }
    }

    func tableNames() throws -> [String] {
        try read("listing its tables") { db in
            try db.fetch("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name", [])
                .compactMap { $0.text("name") }
        }
    }

    func appliedMigrations() throws -> [String] {
        do {
            return try pool.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        } catch {
            throw StoreError.wrapping(error, path: path, action: "listing its migrations")
        }
    }

    func finishBulkWrite() {
        // NB: a big import leaves every page in the WAL file, which later readers would have to
        // search; copy them into the database and empty the WAL (best effort: skip when busy).
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}

/// Statements on one GRDB connection, inside its transaction; prepared statements are cached.
struct GRDBExecutor: SQLExecutor {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
    }

    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: StatementArguments(arguments.map(\.databaseValue))).map(GRDBRow.init)
    }
}

struct GRDBRow: SQLRow {
    let row: Row
    func int(_ column: String) -> Int? { row[column] }
    func double(_ column: String) -> Double? { row[column] }
    func text(_ column: String) -> String? { row[column] }
    func bool(_ column: String) -> Bool? { row[column] }
    func date(_ column: String) -> Date? { row[column] }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case let .int(value): value.databaseValue
        case let .double(value): value.databaseValue
        case let .text(value): value.databaseValue
        case let .bool(value): value.databaseValue
        case let .date(value): value.databaseValue
        }
    }
}
