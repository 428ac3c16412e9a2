import Foundation

/// A value bound to a statement, the same for every backend.
package enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)
    case date(Date)

    package init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
    package init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }
    package init(_ value: Double?) { self = value.map { .double($0) } ?? .null }
    package init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    package init(_ value: Bool) { self = .bool(value) }
    package init(_ value: Date?) { self = value.map { .date($0) } ?? .null }
}

/// One result row, read by column name. A missing column, NULL, or a value that is not of the
/// asked type reads as nil (never a crash); ``isNull(_:)`` tells NULL from a wrong value, and
/// ``RowReader`` turns the difference into an error that names the row.
package protocol SQLRow {
    func int(_ column: String) -> Int?
    func double(_ column: String) -> Double?
    func text(_ column: String) -> String?
    func bool(_ column: String) -> Bool?
    func date(_ column: String) -> Date?
    /// Whether the column is NULL (or missing).
    func isNull(_ column: String) -> Bool
    /// The value as text, whatever its type, for messages; nil when NULL.
    func raw(_ column: String) -> String?
}

extension SQLRow {
    package func int64(_ column: String) -> Int64? { int(column).map(Int64.init) }
}

/// Runs statements inside one transaction of a backend. Statements are written with `?`
/// placeholders; a backend that numbers them (`$1`) rewrites them.
package protocol SQLExecutor {
    var dialect: SQLDialect { get }
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    func fetch(_ sql: String, _ arguments: [SQLValue]) throws -> [any SQLRow]
}

/// An executor that loads many rows at once by the server's own bulk path (PostgreSQL's COPY).
package protocol SQLBulkCopier {
    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws
}

extension SQLExecutor {
    package func fetchOne(_ sql: String, _ arguments: [SQLValue]) throws -> (any SQLRow)? {
        try fetch(sql, arguments).first
    }
}

/// Where the SQL of the two backends differs.
package enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// The local calendar day of a timestamp column, as `YYYY-MM-DD`.
    func day(of column: String) -> String {
        switch self {
        case .sqlite: "date(\(column), 'localtime')"
        // NB: the connection's TimeZone is the client's own, so this is the trainee's local day too.
        case .postgres: "to_char(\(column), 'YYYY-MM-DD')"
        }
    }

    /// Byte order for names, whatever the server's locale.
    var binaryCollation: String {
        switch self {
        case .sqlite: ""
        case .postgres: " COLLATE \"C\""
        }
    }

    /// Insertion order of the xAPI queue.
    var queueOrder: String {
        switch self {
        case .sqlite: "queued_at, rowid"
        case .postgres: "queued_at, seq"
        }
    }

    /// `?` placeholders rewritten as `$1`, `$2`, … (PostgreSQL). Statements here never hold a
    /// `?` inside a string literal.
    package func placeholders(_ sql: String) -> String {
        guard self == .postgres else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        for character in sql {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
