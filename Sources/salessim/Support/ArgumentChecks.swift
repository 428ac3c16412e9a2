import ArgumentParser
import Foundation
import TerminalSafety

/// Checks of option values that every command shares: where the store is, who the trainee is.
enum ArgumentChecks {
    /// `--db`: an SQLite file's path, or a `postgres://` / `postgresql://` URL. Refuses the
    /// empty string (it would silently mean the default store) and a URL of another scheme
    /// (`mysql://x@y/z` would otherwise become a file of that name).
    static func database(_ value: String?, option: String = "--db") throws {
        guard let value else { return }
        // NB: Foundation's `.whitespaces` (spaces and tabs), tested without bridging a CharacterSet.
        if value.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) {
            throw ValidationError("\(option) cannot be empty: give an SQLite file's path or a postgres:// URL, or leave \(option) out for the default store")
        }
        if let colon = value.range(of: "://") {
            let scheme = value[..<colon.lowerBound].lowercased()
            if scheme != "postgres" && scheme != "postgresql" {
                throw ValidationError("\(option): '\(scheme)://' is not a store salessim can use; give an SQLite file's path or a postgres:// URL")
            }
        }
        if let problem = TerminalSafe.firstUnsafe(in: value, allowingLineBreaks: false) {
            throw ValidationError("\(option): the path holds a control character (\(TerminalSafe.token(for: problem.scalar)))")
        }
    }

    /// A trainee's name or a login, as recorded (see ``PersonName``).
    static func personName(_ value: String, what: String) throws {
        if let problem = PersonName.problem(with: value) {
            throw ValidationError("\(what) '\(TerminalSafe.visible(value).prefix(80))': \(problem)")
        }
    }

    /// The name a session is recorded under: `--trainee`, else the server login, else `$USER` /
    /// `$LOGNAME`; a name that cannot be recorded is a `CLIError` saying which it was.
    static func traineeName(_ explicit: String?, login: String? = nil, environment: [String: String]) throws -> String {
        let name = explicit ?? login ?? environment["USER"] ?? environment["LOGNAME"] ?? "trainee"
        do {
            try personName(name, what: explicit != nil ? "--trainee" : login != nil ? "the login" : "the login name ($USER)")
        } catch let error as ValidationError {
            throw CLIError(error.message + (explicit == nil && login == nil ? "; give --trainee NAME" : ""))
        }
        return name
    }

    /// `--seed`: any 64-bit value, written as a whole number from -9223372036854775808 to
    /// 18446744073709551615; a negative seed is the same as its two's complement
    /// (`-1` replays `18446744073709551615`).
    static func seed(_ text: String) -> UInt64? {
        // NB: Foundation's `.whitespaces` trimmed without a CharacterSet: its first use (type
        // lookups at run time) was a twentieth of a visit's start on the main thread.
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        let trimmed = String(scalars)
        if let value = UInt64(trimmed) { return value }
        if let value = Int64(trimmed) { return UInt64(bitPattern: value) }
        return nil
    }

    /// `export --base`: an absolute http or https IRI with a host (it names activities and
    /// accounts in statements that other systems will show and follow).
    static func baseIRI(_ value: String) throws {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw ValidationError("--base must be an absolute http or https IRI such as https://salessim.example, not '\(TerminalSafe.visible(value))'")
        }
        if value.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--base cannot contain spaces: '\(TerminalSafe.visible(value))'")
        }
    }
}
