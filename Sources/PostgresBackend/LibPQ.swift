import CLibPQ
import Foundation
import Store

/// libpq, loaded by the first server store or postgres:// URL (see CLibPQ's shim.h): the
/// binary does not link it, so a run with an SQLite store never loads it.
enum LibPQ {
    /// Loads libpq if it is not yet; a ``StoreError`` naming the library and the package that
    /// installs it when it cannot be loaded.
    static func load(location: String, action: String) throws {
        if let problem = cpq_load() {
            throw unavailable(String(cString: problem), location: location, action: action)
        }
    }

    /// The error when libpq cannot be loaded for `reason` (the dynamic linker's message).
    static func unavailable(_ reason: String, location: String, action: String) -> StoreError {
        StoreError(.missingLibrary, path: location, action: action,
                   detail: "PostgreSQL's client library \(CPQ_LIBRARY) cannot be loaded (\(reason)); install it (Debian/Ubuntu: sudo apt-get install \(CPQ_PACKAGE))")
    }

    /// Why `library` cannot be loaded as libpq (it is missing, or lacks a function the store
    /// calls), or nil when it can; the process's own libpq is not touched.
    static func problem(loading library: String) -> String? {
        var message = [CChar](repeating: 0, count: 512)
        let failed = message.withUnsafeMutableBufferPointer { cpq_probe(library, $0.baseAddress, $0.count) != nil }
        return failed ? String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
    }
}

/// One libpq connection, synchronous, used by one thread at a time (the backend's lock).
final class PGConnection {
    private let handle: OpaquePointer

    /// Connects with `conninfo` (a URI or key=value string, read by libpq with the `PG*`
    /// environment, `~/.pgpass` and service files). Throws a classified ``StoreError``.
    init(conninfo: String, location: String, action: String) throws {
        try LibPQ.load(location: location, action: action)
        let environment = ProcessInfo.processInfo.environment
        // NB: earlier keywords are defaults; the expanded connection string (dbname, last) wins.
        var pairs: [(String, String)] = [("fallback_application_name", "salessim")]
        if environment["PGCONNECT_TIMEOUT"] == nil { pairs.append(("connect_timeout", "10")) }
        pairs.append(("dbname", conninfo))
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keywordList: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        var valueList: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        guard let made = cpq_connectdbParams(&keywordList, &valueList, 1) else {
            throw StoreError(.other, path: location, action: action, detail: "libpq could not allocate a connection")
        }
        guard cpq_status(made) == CONNECTION_OK else {
            let message = PostgresURL.tidy(String(cString: cpq_errorMessage(made)))
            cpq_finish(made)
            throw PGConnection.classify(connectionMessage: message, location: location, action: action)
        }
        handle = made
        // NB: the reports' days are the trainee's local days, as with SQLite's 'localtime'.
        let zone = TimeZone.current.identifier.replacingOccurrences(of: "'", with: "")
        if let result = cpq_exec(handle, "SET TimeZone TO '\(zone)'") { cpq_clear(result) }
    }

    deinit { cpq_finish(handle) }

    /// Whether the connection is still usable (false after the server went away).
    var isOpen: Bool { cpq_status(handle) == CONNECTION_OK }

    /// The login the server knows this connection by.
    var user: String { cpq_user(handle).map { String(cString: $0) } ?? "" }

    /// Runs one statement with text-format parameters; the rows, or a classified error.
    func run(_ sql: String, _ arguments: [SQLValue], location: String, action: String) throws -> PGResult {
        let texts = arguments.map(PGText.parameter)
        let types = arguments.map(PGText.type)
        let copies = texts.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        var values: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = types.withUnsafeBufferPointer { typeBuffer in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                cpq_execParams(handle, sql, Int32(arguments.count), typeBuffer.baseAddress, valueBuffer.baseAddress, nil, nil, 0)
            }
        }
        return try check(result, location: location, action: action)
    }

    /// `COPY table (columns) FROM STDIN` with `rows` in COPY's text format.
    func copy(into table: String, columns: [String], rows: [[SQLValue]], location: String, action: String) throws {
        _ = try check(cpq_exec(handle, "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"),
                      accepting: PGRES_COPY_IN, location: location, action: action)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let sent = buffer.utf8CString.withUnsafeBufferPointer { bytes in
                cpq_putCopyData(handle, bytes.baseAddress, Int32(bytes.count - 1))
            }
            buffer.removeAll(keepingCapacity: true)
            if sent != 1 { throw failure(location: location, action: action) }
        }
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer += "\t" }
                buffer += PGText.parameter(value).map(PGText.copyEscaped) ?? "\\N"
            }
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        try flush()
        guard cpq_putCopyEnd(handle, nil) == 1 else { throw failure(location: location, action: action) }
        // NB: the COPY's own result, then the end of the command.
        var last: OpaquePointer?
        while let result = cpq_getResult(handle) {
            if let last { cpq_clear(last) }
            last = result
            if cpq_resultStatus(result) == PGRES_FATAL_ERROR { break }
        }
        _ = try check(last, location: location, action: action)
        while let extra = cpq_getResult(handle) { cpq_clear(extra) }
    }

    private func check(_ result: OpaquePointer?, accepting accepted: ExecStatusType? = nil, location: String, action: String) throws -> PGResult {
        guard let result else { throw failure(location: location, action: action) }
        let status = cpq_resultStatus(result)
        if let accepted, status == accepted { return PGResult(result) }
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PGResult(result)
        default:
            defer { cpq_clear(result) }
            let state = cpq_resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            var message = cpq_resultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? PostgresURL.tidy(String(cString: cpq_resultErrorMessage(result)))
            if message.isEmpty { message = PostgresURL.tidy(String(cString: cpq_errorMessage(handle))) }
            if state.isEmpty, !isOpen {
                throw StoreError(.unreachable, path: location, action: action, detail: message.isEmpty ? "the connection was closed" : message)
            }
            throw PGConnection.classify(state: state, message: message, location: location, action: action)
        }
    }

    /// The connection's last error (no result at all: out of memory or the connection lost).
    private func failure(location: String, action: String) -> StoreError {
        let message = PostgresURL.tidy(String(cString: cpq_errorMessage(handle)))
        return StoreError(isOpen ? .other : .unreachable, path: location, action: action,
                          detail: message.isEmpty ? "the connection was closed" : message)
    }

    /// A server error by its SQLSTATE: the kind decides the advice.
    static func classify(state: String, message: String, location: String, action: String) -> StoreError {
        let detail = state.isEmpty ? message : "\(message) [SQLSTATE \(state)]"
        func make(_ kind: StoreError.Kind) -> StoreError { StoreError(kind, path: location, action: action, detail: detail) }
        switch state {
        case "28P01", "28000": return make(.login)
        case "42501": return make(.refused)
        case "42P01", "42883": return make(.notSetUp)
        case "3D000": return make(.cannotOpen)
        case "53300", "57P01", "57P02", "57P03": return make(.unreachable)
        case _ where state.hasPrefix("08"): return make(.unreachable)
        case "53100": return make(.full)
        default: return make(.other)
        }
    }

    /// A failed connection: libpq gives a message (no SQLSTATE), so its words decide.
    static func classify(connectionMessage message: String, location: String, action: String) -> StoreError {
        let lower = message.lowercased()
        func make(_ kind: StoreError.Kind, _ detail: String = message) -> StoreError {
            StoreError(kind, path: location, action: action, detail: detail)
        }
        if lower.contains("ssl") || lower.contains("certificate") {
            return make(.login, "TLS: " + message)
        }
        if lower.contains("password") || lower.contains("authentication") || lower.contains("pg_hba.conf")
            || (lower.contains("role \"") && lower.contains("does not exist")) || lower.contains("gssapi") {
            return make(.login)
        }
        if lower.contains("database \"") && lower.contains("does not exist") { return make(.cannotOpen) }
        if lower.hasPrefix("invalid ") || lower.contains("definition of service") || lower.contains("service file") {
            return make(.cannotOpen)
        }
        return make(.unreachable)
    }
}

/// A query's result, freed with it.
final class PGResult {
    let handle: OpaquePointer
    /// Column index by name.
    let columns: [String: Int32]
    let types: [Oid]
    var count: Int { Int(cpq_ntuples(handle)) }

    init(_ handle: OpaquePointer) {
        self.handle = handle
        var columns: [String: Int32] = [:]
        var types: [Oid] = []
        for index in 0..<cpq_nfields(handle) {
            if let name = cpq_fname(handle, index) { columns[String(cString: name)] = index }
            types.append(cpq_ftype(handle, index))
        }
        self.columns = columns
        self.types = types
    }

    deinit { cpq_clear(handle) }

    func text(row: Int32, column: Int32) -> String? {
        guard cpq_getisnull(handle, row, column) == 0, let value = cpq_getvalue(handle, row, column) else { return nil }
        return String(cString: value)
    }
}

/// A result row of the server, read by column name (text format, decoded by the column's type).
struct PGRow: SQLRow {
    let result: PGResult
    let row: Int32

    private func value(_ column: String) -> (String, Oid)? {
        guard let index = result.columns[column], let text = result.text(row: row, column: index) else { return nil }
        return (text, result.types[Int(index)])
    }

    func int(_ column: String) -> Int? {
        guard let (text, _) = value(column) else { return nil }
        if let value = Int(text) { return value }
        // NB: sum() and the like answer numeric; a whole number reads as an integer.
        if let value = Double(text), value.rounded() == value, abs(value) < 9e15 { return Int(value) }
        return nil
    }

    func double(_ column: String) -> Double? {
        guard let (text, _) = value(column) else { return nil }
        return Double(text)
    }

    func text(_ column: String) -> String? {
        value(column)?.0
    }

    func bool(_ column: String) -> Bool? {
        guard let (text, type) = value(column) else { return nil }
        if type == PGText.boolType { return text == "t" ? true : (text == "f" ? false : nil) }
        return Int(text).map { $0 != 0 }
    }

    func date(_ column: String) -> Date? {
        guard let (text, _) = value(column) else { return nil }
        return PGText.date(text)
    }

    func isNull(_ column: String) -> Bool { value(column) == nil }

    func raw(_ column: String) -> String? { value(column)?.0 }
}

/// Values as PostgreSQL's text format writes them, both ways.
enum PGText {
    static let boolType: Oid = 16
    static let int8Type: Oid = 20
    static let textType: Oid = 25
    static let float8Type: Oid = 701
    static let timestamptzType: Oid = 1184

    static func type(_ value: SQLValue) -> Oid {
        switch value {
        case .null: 0
        case .int: int8Type
        case .double: float8Type
        case .text: textType
        case .bool: boolType
        case .date: timestamptzType
        }
    }

    static func parameter(_ value: SQLValue) -> String? {
        switch value {
        case .null: return nil
        case let .int(number): return String(number)
        case let .double(number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            return "\(number)"
        case let .text(text): return text
        case let .bool(flag): return flag ? "t" : "f"
        case let .date(date): return timestamp(date)
        }
    }

    /// `2026-03-01 09:30:00.123456+00`: microseconds, as the server keeps them.
    static func timestamp(_ date: Date) -> String {
        var micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        micros -= seconds * 1_000_000
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let fraction = String(micros)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "+00"
    }

    /// Reads a `timestamptz` in the ISO style (`2026-03-01 10:30:00.5+01`, `+05:30`, `+05:30:15`).
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int? {
            guard position + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += width
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == character else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              expect(32), let hour = number(2), expect(58), let minute = number(2), expect(58), let second = number(2) else { return nil }
        var fraction = 0.0
        if expect(46) {
            var scale = 0.1
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                fraction += Double(bytes[position] - 48) * scale
                scale /= 10
                position += 1
            }
        }
        var offset = 0
        if position < bytes.count, bytes[position] == 43 || bytes[position] == 45 {
            let sign = bytes[position] == 45 ? -1 : 1
            position += 1
            guard let hours = number(2) else { return nil }
            var total = hours * 3600
            if expect(58) { guard let minutes = number(2) else { return nil }; total += minutes * 60 }
            if expect(58) { guard let seconds = number(2) else { return nil }; total += seconds }
            offset = sign * total
        }
        guard position == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let utc = timegm(&parts)
        return Date(timeIntervalSince1970: Double(utc - offset) + fraction)
    }

    /// A value in COPY's text format: backslash, tab, newline and carriage return escaped.
    static func copyEscaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
