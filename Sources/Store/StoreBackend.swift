import Foundation
import Simulation

/// A database the ``Store`` keeps its rows in: an SQLite file or a PostgreSQL server.
///
/// Every query of the store is written once, against ``SQLExecutor``; a backend runs them in its
/// transactions and says where its SQL differs (``SQLDialect``).
package protocol StoreBackend: Sendable {
    var dialect: SQLDialect { get }
    /// The file's path, or the server's URL without its password.
    var location: String { get }
    /// Runs `work` on a consistent snapshot.
    func read<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T
    /// Runs `work` in one transaction, committed before this returns.
    func write<T>(_ action: String, _ work: (any SQLExecutor) throws -> T) throws -> T
    /// Stores one step of a visit; `apply` writes it. A backend whose server can go away keeps
    /// the step on this machine instead of failing, and delivers it later.
    func record(_ step: RecordingStep, action: String, apply: @escaping (RecordingStep, any SQLExecutor) throws -> Void) throws
    /// What the trainee should hear about recording since the last call (kept locally, delivered).
    func takeNotices() -> [RecorderNotice]
    func tableNames() throws -> [String]
    func appliedMigrations() throws -> [String]
    /// After a big import (SQLite: empty the WAL into the file).
    func finishBulkWrite()
}

extension StoreBackend {
    package func record(_ step: RecordingStep, action: String, apply: @escaping (RecordingStep, any SQLExecutor) throws -> Void) throws {
        try write(action) { executor in try apply(step, executor) }
    }

    package func takeNotices() -> [RecorderNotice] { [] }

    package func finishBulkWrite() {}
}
