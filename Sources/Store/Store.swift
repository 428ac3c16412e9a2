import Foundation
import Simulation

/// The results store: trainees, sessions, turns and per-rule results.
///
/// Two backends hold the rows: an SQLite file on the trainee's machine (``open(at:purpose:busyTimeout:now:liveness:)``,
/// the default) or a PostgreSQL server shared by a whole sales force (the `PostgresBackend`
/// module). Every query, report and recording step is written once and runs on either; each turn
/// is committed before the next prompt on both.
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

    /// The file's path, or the server's URL without its password (for messages).
    public let path: String
    package let backend: any StoreBackend
    /// The clock of every timestamp the store writes.
    public let now: @Sendable () -> Date
    let liveness: ProcessLiveness

    package init(backend: any StoreBackend, now: @escaping @Sendable () -> Date, liveness: ProcessLiveness) {
        self.path = backend.location
        self.backend = backend
        self.now = now
        self.liveness = liveness
    }

    /// The process and host recorded with a session (to tell running from interrupted ones).
    public var writer: ProcessLiveness { liveness }

    /// Opens (and for `.recording`, creates) the SQLite store at `path`, migrates it, and for
    /// writing purposes checks that it can take a write (its write lock; for `.recording`, the
    /// room a visit needs), so that a locked, read-only, full or corrupt store is reported before
    /// a visit starts rather than after.
    public static func open(at path: String, purpose: Purpose, busyTimeout: TimeInterval = 5,
                            now: @escaping @Sendable () -> Date = { Date() },
                            liveness: ProcessLiveness = ProcessLiveness()) throws -> Store {
        let backend = try SQLiteBackend.open(at: path, purpose: purpose, busyTimeout: busyTimeout)
        return Store(backend: backend, now: now, liveness: liveness)
    }

    /// Creates an empty file at `path` readable by its owner only (0600), and its folder (0700)
    /// when missing; an existing file is left as it is. For every file that holds trainees' words.
    package static func createPrivateFile(_ path: String) throws {
        try SQLiteBackend.createPrivately(path)
    }

    /// Where the SQLite store is when neither `--db` nor `SALESSIM_DB` says:
    /// `$XDG_DATA_HOME/salessim/salessim.sqlite`, else `~/.local/share/salessim/salessim.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String {
        dataFolder(environment: environment) + "/salessim.sqlite"
    }

    /// salessim's data folder: `$XDG_DATA_HOME/salessim`, else `~/.local/share/salessim`.
    public static func dataFolder(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return data + "/salessim"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/salessim"
    }

    /// The store's location: `explicit` (`--db`), else `SALESSIM_DB`, else ``defaultPath(environment:)``.
    /// A `postgres://` or `postgresql://` URL names a server; anything else is a file's path.
    public static func location(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let configured = environment["SALESSIM_DB"], !configured.isEmpty { return configured }
        return defaultPath(environment: environment)
    }

    /// Whether a location names a PostgreSQL server rather than an SQLite file.
    public static func isServerURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Runs `work` in one write transaction, wrapping failures with the store's location and `action`.
    func write<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        try backend.write(action, work)
    }

    /// Runs `work` on a read snapshot, wrapping failures with the store's location and `action`.
    func read<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T {
        try backend.read(action, work)
    }

    var dialect: SQLDialect { backend.dialect }

    /// The names of the store's tables (schema checks in tests).
    public func tableNames() throws -> [String] { try backend.tableNames() }

    /// The migrations applied to the store, in order.
    public func appliedMigrations() throws -> [String] { try backend.appliedMigrations() }

    /// What the trainee should be told about recording since the last call.
    public func takeNotices() -> [RecorderNotice] { backend.takeNotices() }
}
