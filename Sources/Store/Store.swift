import Foundation
import GRDB

/// The results store: trainees, sessions, turns and per-rule results in one SQLite file.
///
/// Opened in WAL mode with a busy timeout, so several trainees can write one store at once while
/// a manager reads it: each turn is its own short transaction, and a writer that finds the file
/// busy waits instead of failing. The schema is brought up to date on opening (``StoreSchema``).
///
/// The store reads no clock of its own: timestamps come from `now`.
///
/// ```swift
/// let store = try Store.open(at: Store.defaultPath(environment: ProcessInfo.processInfo.environment),
///                            purpose: .recording)
/// let recorder = StoreRecorder(store: store)   // a PracticeSession's recorder
/// ```
public final class Store: Sendable {
    /// What the store is opened for; decides whether it may be created and is checked for writes.
    public enum Purpose: Sendable {
        /// Creates the store when missing and checks, before anything else, that it takes writes.
        case recording
        /// Opens an existing store to read; a missing one is an error, nothing is created.
        case reading
        /// Opens an existing store that will be written (re-scoring, the xAPI queue).
        case updating
    }

    /// The file.
    public let path: String
    let pool: DatabasePool
    let now: @Sendable () -> Date
    let liveness: ProcessLiveness
    /// Seconds a writer waits for another one before giving up.
    public let busyTimeout: TimeInterval

    private init(path: String, pool: DatabasePool, now: @escaping @Sendable () -> Date, liveness: ProcessLiveness, busyTimeout: TimeInterval) {
        self.path = path
        self.pool = pool
        self.now = now
        self.liveness = liveness
        self.busyTimeout = busyTimeout
    }

    /// Opens (and for `.recording`, creates) the store at `path`, migrates it, and for writing
    /// purposes checks that it takes a write, so that a locked, read-only, full or corrupt store
    /// is reported before a visit starts rather than after.
    public static func open(at path: String, purpose: Purpose, busyTimeout: TimeInterval = 5,
                            now: @escaping @Sendable () -> Date = { Date() },
                            liveness: ProcessLiveness = ProcessLiveness()) throws -> Store {
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
                                     detail: Store.reason(of: error))
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
        let store = Store(path: path, pool: pool, now: now, liveness: liveness, busyTimeout: busyTimeout)
        do {
            let migrator = StoreSchema.migrator
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw StoreError(.newerSchema, path: path, action: action, detail: "it has migrations this version does not know")
            }
            try Store.migrate(pool, with: migrator)
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
        return store
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

    /// Where the store is when neither `--db` nor `SALESSIM_DB` says:
    /// `$XDG_DATA_HOME/salessim/salessim.sqlite`, else `~/.local/share/salessim/salessim.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return data + "/salessim/salessim.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/salessim/salessim.sqlite"
    }

    /// The store's path: `explicit` (`--db`), else `SALESSIM_DB`, else ``defaultPath(environment:)``.
    public static func location(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let configured = environment["SALESSIM_DB"], !configured.isEmpty { return configured }
        return defaultPath(environment: environment)
    }

    /// Runs `work` in one write transaction, wrapping failures with the store's path and `action`.
    func write<T>(_ action: String, _ work: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(work)
        } catch {
            throw StoreError.wrapping(error, path: path, action: action)
        }
    }

    /// Runs `work` on a read snapshot, wrapping failures with the store's path and `action`.
    func read<T>(_ action: String, _ work: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(work)
        } catch {
            throw StoreError.wrapping(error, path: path, action: action)
        }
    }

    /// The names of the store's tables (schema checks in tests).
    public func tableNames() throws -> [String] {
        try read("listing its tables") { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
    }

    /// The migrations applied to the store, in order.
    public func appliedMigrations() throws -> [String] {
        try read("listing its migrations") { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
