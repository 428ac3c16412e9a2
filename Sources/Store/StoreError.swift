import Foundation
import GRDB

/// Why the store could not be used, with what was being done and where.
///
/// Every message names the file and the action, so that a trainee or a manager can act on it
/// without a stack trace:
///
/// ```
/// the store at /srv/salessim.sqlite is read-only (attempt to write a readonly database) while opening it for a visit
/// ```
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of problem; decides the advice in the message.
    public enum Kind: String, Sendable, Equatable {
        /// No store at the path (commands that only read never create one).
        case missing
        /// The folder or the file cannot be created or opened.
        case cannotOpen
        /// Another program holds the lock longer than the busy timeout.
        case locked
        /// The file, its folder or the file system does not accept writes.
        case readOnly
        /// The disk is full.
        case full
        /// The file is not an SQLite database, or it is damaged.
        case corrupt
        /// The file was written by a newer salessim whose schema this one does not know.
        case newerSchema
        /// A session or other record that was asked for does not exist.
        case notFound
        /// The PostgreSQL server cannot be reached (down, wrong address, network).
        case unreachable
        /// The server did not accept the login (user name, password, TLS).
        case login
        /// The server refused what was asked: the login has no right to it (row-level security,
        /// a finished session's score, another trainee's rows).
        case refused
        /// The server's database has no salessim tables yet, or older ones, and this login may not
        /// create them.
        case notSetUp
        /// A stored value is not of its column's type (a damaged or hand-edited store); the detail
        /// names the table, the row and the column.
        case damaged
        /// A library the store needs is not installed (libpq for a results server); the detail
        /// names it and the package that installs it.
        case missingLibrary
        /// Anything else SQLite, the server or the file system reported.
        case other
    }

    public var kind: Kind
    public var path: String
    /// What was being done, e.g. "opening it for a visit" or "recording turn 3".
    public var action: String
    /// The underlying reason, as SQLite or the system gave it.
    public var detail: String

    public init(_ kind: Kind, path: String, action: String, detail: String = "") {
        self.kind = kind
        self.path = path
        self.action = action
        self.detail = detail
    }

    public var description: String {
        let reason = detail.isEmpty ? "" : " (\(detail))"
        switch kind {
        case .missing:
            return "there is no store at \(path) yet\(reason) while \(action); play a visit first, or point --db or SALESSIM_DB at an existing store"
        case .cannotOpen:
            return "cannot open the store at \(path)\(reason) while \(action); check that the folder exists and is writable, or use --db PATH"
        case .locked:
            return "the store at \(path) is locked by another program\(reason) while \(action); wait for it to finish and try again"
        case .readOnly:
            return "the store at \(path) is read-only\(reason) while \(action); make the file and its folder writable, or use --db PATH"
        case .full:
            return "the disk holding the store at \(path) is full\(reason) while \(action); free some space and try again"
        case .corrupt:
            return "the file \(path) is not a salessim store or is damaged\(reason) while \(action); move it aside (a new store is then created) or use --db PATH"
        case .newerSchema:
            return "the store at \(path) was written by a newer salessim\(reason) while \(action); update salessim"
        case .notFound:
            return "\(detail) in the store at \(path) (while \(action))"
        case .unreachable:
            return "cannot reach the results server \(path)\(reason) while \(action); check the address and the network, or ask the administrator whether the server is running"
        case .login:
            return "the results server \(path) did not accept the login\(reason) while \(action); check the user name and the password (in the URL or PGPASSWORD)"
        case .refused:
            return "the results server \(path) refused\(reason) while \(action); your login has no right to this (ask the administrator: salessim admin grant-trainee or grant-manager)"
        case .notSetUp:
            return "the results server \(path) has no up-to-date salessim store\(reason) while \(action); the administrator sets it up once with: salessim admin init --db URL"
        case .damaged:
            return "the store is damaged at \(detail) (in \(path), while \(action)); correct or remove that value, or restore the store from a backup"
        case .missingLibrary:
            return "cannot use the store at \(path) while \(action): \(detail)"
        case .other:
            return "the store at \(path) failed\(reason) while \(action)"
        }
    }

    /// Wraps any error thrown by SQLite or the file system, classifying SQLite's result codes.
    public static func wrapping(_ error: any Error, path: String, action: String) -> StoreError {
        if let error = error as? StoreError {
            // NB: the shared queries throw without knowing where the store is; the backend does.
            return error.path.isEmpty ? StoreError(error.kind, path: path, action: error.action, detail: error.detail) : error
        }
        guard let database = error as? DatabaseError else {
            return StoreError(.other, path: path, action: action, detail: "\(error)")
        }
        let detail = database.message ?? "SQLite error \(database.extendedResultCode.rawValue)"
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.locked, path: path, action: action, detail: detail)
        case .SQLITE_READONLY: return StoreError(.readOnly, path: path, action: action, detail: detail)
        case .SQLITE_FULL: return StoreError(.full, path: path, action: action, detail: detail)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return StoreError(.corrupt, path: path, action: action, detail: detail)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return StoreError(.cannotOpen, path: path, action: action, detail: detail)
        case .SQLITE_IOERR:
            // NB: a write to a read-only file system or a full disk can surface as an I/O error.
            if errno == EROFS { return StoreError(.readOnly, path: path, action: action, detail: detail) }
            if errno == ENOSPC { return StoreError(.full, path: path, action: action, detail: detail) }
            return StoreError(.other, path: path, action: action, detail: detail)
        default: return StoreError(.other, path: path, action: action, detail: detail)
        }
    }
}
