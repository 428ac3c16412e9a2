import Foundation
import GRDB

/// The SQLite file backend (GRDB): WAL mode with a busy timeout, so several trainees can write
/// one store at once while a manager reads it; each turn is its own short transaction, and a
/// writer that finds the file busy waits instead of failing.
final class SQLiteBackend: StoreBackend {
    let path: String
    /// One connection in WAL mode (other processes read beside it), or for a store that takes no
    /// writes, a read-only immutable one.
    let pool: any DatabaseWriter
    var dialect: SQLDialect { .sqlite }
    var location: String { path }

    private init(path: String, pool: any DatabaseWriter) {
        self.path = path
        self.pool = pool
    }

    /// Whether a store to be read only must be opened immutable: its file or folder takes no
    /// writes (a manager's read-only copy or share), so SQLite could not make the -shm file that
    /// WAL readers share. Assumed then: nobody writes it (nobody can); pages still in a -wal file
    /// beside it (a writer that did not close cleanly) are not seen.
    static func takesNoWrites(_ path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0
    }

    /// `file:` URI (SQLite's) that opens `path` immutable.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Free bytes left for the store: the disk's, and the process's file-size limit (`ulimit -f`).
    static func roomLeft(for path: String) -> (bytes: Int64, why: String)? {
        let folder = (path as NSString).deletingLastPathComponent
        var disk = statvfs()
        var room: (Int64, String)?
        if statvfs(folder.isEmpty ? "." : folder, &disk) == 0 {
            room = (Int64(disk.f_bavail) * Int64(disk.f_frsize), "free on its disk")
        }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            // NB: the largest of the store's files decides: the -wal file grows during a visit.
            var largest: Int64 = 0
            for file in [path, path + "-wal"] {
                var info = stat()
                if stat(file, &info) == 0 { largest = max(largest, Int64(info.st_size)) }
            }
            let left = Int64(clamping: limit.rlim_cur) - largest
            if room == nil || left < room?.0 ?? 0 { room = (left, "under this process's file-size limit (ulimit -f)") }
        }
        return room.map { (bytes: $0.0, why: $0.1) }
    }

    /// Room a visit needs before it starts: a long visit writes a few hundred kilobytes.
    static let roomForAVisit: Int64 = 1 << 20

    static func open(at path: String, purpose: Store.Purpose, busyTimeout: TimeInterval) throws -> SQLiteBackend {
        let action = purpose == .recording ? "opening it to record a visit" : "opening it"
        // NB: a write past `ulimit -f` is then an error SQLite reports (EFBIG), not a kill.
        signal(SIGXFSZ, SIG_IGN)
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw StoreError(.cannotOpen, path: path, action: action, detail: "it is a folder, not a file")
        }
        if !exists {
            guard purpose == .recording else { throw StoreError(.missing, path: path, action: action) }
            try createPrivately(path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "salessim.store"
        let readOnly = purpose == .reading && takesNoWrites(path)
        let pool: any DatabaseWriter
        do {
            if readOnly {
                configuration.readonly = true
                pool = try DatabaseQueue(path: immutableURI(path), configuration: configuration)
            } else {
                // NB: one connection, in WAL mode as GRDB's pool would set it (readers in other
                // processes beside this writer, commits synced at checkpoints). A pool opened a
                // second connection for reads and, finding no -wal file (the last visit's
                // connection removed it on closing), wrote and dropped a table to make one, with
                // its syncs: most of the milliseconds a visit waited for its store.
                configuration.prepareDatabase { db in
                    try switchToWAL(db, timeout: busyTimeout)
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                pool = try DatabaseQueue(path: path, configuration: configuration)
            }
        } catch {
            throw refined(StoreError.wrapping(error, path: path, action: action))
        }
        do {
            let migrator = StoreSchema.migrator
            // NB: one read answers both on the usual path; no write transaction when up to date.
            let (superseded, completed) = try migrationState(pool, migrator: migrator)
            if superseded {
                throw StoreError(.newerSchema, path: path, action: action, detail: "it has migrations this version does not know")
            }
            if readOnly {
                guard completed else {
                    throw StoreError(.readOnly, path: path, action: action,
                                     detail: "it was written by an older salessim and must be brought up to date once by a command that may write it")
                }
            } else if !completed {
                try migrate(pool, with: migrator)
            }
            if purpose != .reading {
                // NB: the write lock taken and given back, so that read-only files, read-only
                // folders (WAL needs its -wal and -shm files, opened by the read above) and held
                // locks show up now; a full disk, by the room left, checked below. Not a write:
                // the first write to a -wal file made since the last visit waits on two syncs
                // (the file's header and its folder), which the visit's first record, written
                // once the customer's first line is shown, waits on instead. A record that cannot
                // be written then still stops the visit before a reply is taken.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "ROLLBACK")
                }
                // NB: the room a visit needs, whether or not a -wal file left from an earlier
                // visit has space in it already.
                if purpose == .recording, let room = roomLeft(for: path), room.bytes < roomForAVisit {
                    throw StoreError(.full, path: path, action: action,
                                     detail: "only \(max(0, room.bytes) / 1024) KB left \(room.why), a visit needs \(roomForAVisit / 1024) KB")
                }
            }
        } catch {
            throw refined(StoreError.wrapping(error, path: path, action: action))
        }
        return SQLiteBackend(path: path, pool: pool)
    }

    /// Creates the store's file, readable and writable by its owner only (0600; SQLite gives its
    /// -wal and -shm files the same mode), in a folder created 0700 when missing: it holds
    /// trainees' words.
    static func createPrivately(_ path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.cannotOpen, path: path, action: "creating its folder \(folder)", detail: SQLiteBackend.reason(of: error))
            }
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            let code = errno
            throw refined(StoreError(code == ENOSPC ? .full : .cannotOpen, path: path, action: "creating it", detail: String(cString: strerror(code))))
        }
    }

    /// Puts the store in write-ahead logging, when it is not yet. Switching needs the file to
    /// itself, and SQLite reports a busy file at once rather than waiting as it does for writes:
    /// several trainees starting at once on a new store all try it, so it is tried again (a
    /// mode another process has set meanwhile is taken as set) until `timeout`.
    static func switchToWAL(_ db: Database, timeout: TimeInterval) throws {
        try retrying(until: Date().addingTimeInterval(timeout), pause: { min(5_000 * $0, 50_000) },
                     when: { ($0 as? DatabaseError)?.resultCode == .SQLITE_BUSY }) {
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal" { return }
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(message: "could not switch to write-ahead logging")
            }
        }
    }

    /// Whether the store has migrations this version does not know, and whether it has all of
    /// this version's. Several trainees starting at once on a new store race to create it: a
    /// connection that read the schema before another process created the migrations' table can
    /// see the table listed and still not know it ("no such table: grdb_migrations"); the next
    /// read transaction reads the schema again, so such a read is retried.
    static func migrationState(_ pool: any DatabaseWriter, migrator: DatabaseMigrator) throws -> (superseded: Bool, completed: Bool) {
        try retrying(attempts: 8, pause: { 10_000 * $0 }, when: { error in
            guard let error = error as? DatabaseError else { return false }
            return error.resultCode == .SQLITE_SCHEMA || (error.message ?? "").hasPrefix("no such table")
        }) {
            try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
        }
    }

    /// Runs the migrations; several trainees starting at once on a new store race to create it,
    /// so a failure after which another process has completed the migrations is no failure,
    /// and one in the middle of another's migrations is retried.
    static func migrate(_ pool: any DatabaseWriter, with migrator: DatabaseMigrator) throws {
        try retrying(attempts: 8, pause: { 50_000 * $0 }, when: { _ in true }) {
            do {
                try migrator.migrate(pool)
            } catch where (try? pool.read({ db in try migrator.hasCompletedMigrations(db) })) == true {
                return
            }
        }
    }

    /// `body`, run again while `retry` says its error is one a concurrent process causes and
    /// attempts (`attempts` in all) and time (until `deadline`) are left, after a pause of
    /// `pause(n)` microseconds before the n-th retry; the last error otherwise.
    static func retrying<T>(attempts: Int = .max, until deadline: Date = .distantFuture, pause: (Int) -> Int,
                            when retry: (any Error) -> Bool, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch {
                attempt += 1
                guard retry(error), attempt < attempts, Date() < deadline else { throw error }
                usleep(useconds_t(pause(attempt)))
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

/// A row of SQLite. NB: GRDB's typed subscripts trap on a value of another type (a damaged or
/// hand-edited store); these read the raw value and convert it without trapping.
struct GRDBRow: SQLRow {
    let row: Row

    private func value(_ column: String) -> DatabaseValue? {
        guard row.hasColumn(column) else { return nil }
        let value: DatabaseValue = row[column]
        return value.isNull ? nil : value
    }

    func int(_ column: String) -> Int? { value(column).flatMap { Int.fromDatabaseValue($0) } }
    func double(_ column: String) -> Double? { value(column).flatMap { Double.fromDatabaseValue($0) } }
    func text(_ column: String) -> String? { value(column).flatMap { String.fromDatabaseValue($0) } }
    func bool(_ column: String) -> Bool? {
        guard case let .int64(number)? = value(column)?.storage else { return nil }
        return number != 0
    }
    func date(_ column: String) -> Date? { value(column).flatMap { Date.fromDatabaseValue($0) } }
    func isNull(_ column: String) -> Bool { value(column) == nil }
    func raw(_ column: String) -> String? {
        switch value(column)?.storage {
        case nil, .null?: nil
        case let .int64(number)?: String(number)
        case let .double(number)?: String(number)
        case let .string(text)?: text
        case let .blob(data)?: String(decoding: data, as: UTF8.self)
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case let .int(value): value.databaseValue
        case let .double(value): value.databaseValue
        case let .text(value): value.databaseValue
        case let .bool(value): value.databaseValue
        case let .date(value): StorageDate.text(value)?.databaseValue ?? value.databaseValue
        }
    }
}
