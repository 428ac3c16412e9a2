import Foundation

/// Reads one stored row by typed, throwing accessors: a value of the wrong type (a hand-edited
/// `started_at = 'yesterday'`, a `seed = 'abc'`, a `seconds = 'NaN'`, a flipped byte in a JSON
/// column) is a ``StoreError`` of kind `damaged` that names the table, the row and the column,
/// never a crash and never a silent default.
package struct RowReader {
    package let row: any SQLRow
    /// The table the row comes from, for messages.
    package let table: String
    /// How the row is named in messages: its id, or its key.
    package let id: String

    package init(_ row: any SQLRow, table: String, id: String) {
        self.row = row
        self.table = table
        self.id = id
    }

    /// A row whose `id` column names it (sessions, rule results).
    package init(_ row: any SQLRow, table: String) {
        self.init(row, table: table, id: row.raw("id") ?? "?")
    }

    package func damaged(_ column: String, _ expected: String, value raw: String?? = nil) -> StoreError {
        let value = (raw ?? row.raw(column)).map { "'\($0.prefix(40))'" } ?? "NULL"
        return StoreError(.damaged, path: "", action: "reading \(table) row \(id)",
                          detail: "\(table) row \(id) column \(column): \(value) is not \(expected)")
    }

    /// The value of `column` read by `read`; NULL is an error unless `optional`.
    private func value<T>(_ column: String, _ expected: String, _ read: (String) -> T?) throws -> T? {
        if row.isNull(column) { return nil }
        guard let value = read(column) else { throw damaged(column, expected) }
        return value
    }

    private func required<T>(_ column: String, _ expected: String, _ read: (String) -> T?) throws -> T {
        guard let value = try value(column, expected, read) else { throw damaged(column, expected) }
        return value
    }

    package func int(_ column: String) throws -> Int { try required(column, "a whole number") { row.int($0) } }
    package func optionalInt(_ column: String) throws -> Int? { try value(column, "a whole number") { row.int($0) } }
    package func int64(_ column: String) throws -> Int64 { try required(column, "a whole number") { row.int64($0) } }
    package func text(_ column: String) throws -> String { try required(column, "text") { row.text($0) } }
    package func optionalText(_ column: String) throws -> String? { try value(column, "text") { row.text($0) } }
    package func bool(_ column: String) throws -> Bool { try required(column, "true or false") { row.bool($0) } }
    package func date(_ column: String) throws -> Date { try required(column, "a date and time") { row.date($0) } }
    package func optionalDate(_ column: String) throws -> Date? { try value(column, "a date and time") { row.date($0) } }
    package func optionalSeconds(_ column: String) throws -> Double? {
        try value(column, "a number of seconds") { row.double($0).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } }
    }

    package func double(_ column: String) throws -> Double { try required(column, "a number") { row.double($0).flatMap { $0.isFinite ? $0 : nil } } }
    package func optionalDouble(_ column: String) throws -> Double? { try value(column, "a number") { row.double($0).flatMap { $0.isFinite ? $0 : nil } } }

    /// A number from 0 to 1 (a similarity), or NULL.
    package func optionalFraction(_ column: String) throws -> Double? {
        try value(column, "a number from 0 to 1") { row.double($0).flatMap { $0.isFinite && $0 >= 0 && $0 <= 1 ? $0 : nil } }
    }

    /// A value of a closed set (a status, a verdict).
    package func choice<T: RawRepresentable>(_ column: String, _: T.Type = T.self) throws -> T where T.RawValue == String {
        try required(column, "one of the known values") { row.text($0).flatMap(T.init(rawValue:)) }
    }

    package func optionalChoice<T: RawRepresentable>(_ column: String, _: T.Type = T.self) throws -> T? where T.RawValue == String {
        try value(column, "one of the known values") { row.text($0).flatMap(T.init(rawValue:)) }
    }

    /// A JSON column decoded as `T`.
    package func json<T: Decodable>(_ column: String, _: T.Type = T.self) throws -> T {
        try required(column, "valid JSON of its kind") { StoreJSON.decode(T.self, from: row.text($0)) }
    }

    package func optionalJSON<T: Decodable>(_ column: String, _: T.Type = T.self) throws -> T? {
        try value(column, "valid JSON of its kind") { StoreJSON.decode(T.self, from: row.text($0)) }
    }
}
