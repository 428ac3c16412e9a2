import CLibPQ
import Foundation
import Store

/// A PostgreSQL server's address as `--db` or `SALESSIM_DB` give it: a libpq connection URI,
/// `postgres://[user[:password]@][host][:port][/database][?param=value&...]`.
///
/// libpq itself reads it, with every parameter libpq knows (`sslmode`, `sslrootcert`,
/// `connect_timeout`, `target_session_attrs`, `service`, ...) and fills what the URI leaves out
/// from the `PG*` environment variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`, ...),
/// `~/.pgpass` and service files. This type only checks the URI up front (so that a typing
/// mistake is reported before anything else) and names the server without its password.
public struct PostgresURL: Sendable, Hashable {
    /// The URI as given (password included): what libpq connects with. Never shown.
    let text: String
    /// The login: the URI's user, else `PGUSER`, else the operating system's user name (libpq's default).
    public var user: String
    /// The host(s), else `PGHOST`, else libpq's default (the local socket).
    public var host: String
    /// The port, else `PGPORT`, else 5432.
    public var port: String
    /// The database, else `PGDATABASE`, else the user's name.
    public var database: String

    /// The server without the password: how messages, records and the outbox name it.
    public var redacted: String {
        let hostPart = host.contains(":") && !host.contains(",") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)"
    }

    /// Checks `text` with libpq's own parser; the problem, plainly (and without the password),
    /// when it is not a usable URI.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func invalid(_ why: String) -> StoreError {
            StoreError(.cannotOpen, path: PostgresURL.withoutPassword(text), action: "reading the server's address",
                       detail: "\(why); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=verify-full&sslrootcert=FILE]")
        }
        guard Store.isServerURL(text) else { throw invalid("not a postgres:// URL") }
        try LibPQ.load(location: PostgresURL.withoutPassword(text), action: "reading the server's address")
        let options: [String: String]
        switch PostgresURL.parse(text) {
        case let .success(parsed): options = parsed
        case let .failure(problem): throw invalid(PostgresURL.scrub(problem.message, secretsOf: text))
        }
        self.text = text
        func value(_ key: String, _ variable: String) -> String? {
            if let given = options[key], !given.isEmpty { return given }
            if let given = environment[variable], !given.isEmpty { return given }
            return nil
        }
        user = value("user", "PGUSER") ?? PostgresURL.systemUserName()
        host = value("host", "PGHOST") ?? value("hostaddr", "PGHOSTADDR") ?? "localhost"
        port = value("port", "PGPORT") ?? "5432"
        database = value("dbname", "PGDATABASE") ?? user
        // NB: libpq checks these only when connecting; a typing mistake is clearer here.
        for part in port.split(separator: ",", omittingEmptySubsequences: false) where !part.isEmpty {
            guard let number = Int(part), (1...65535).contains(number) else { throw invalid("port \(part) is not a port number (1 to 65535)") }
        }
        let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
        if let mode = options["sslmode"], !modes.contains(mode) {
            throw invalid("sslmode must be one of \(modes.joined(separator: ", ")), not '\(mode)'")
        }
        if let timeout = options["connect_timeout"], Int(timeout) == nil {
            throw invalid("connect_timeout must be a number of seconds, not '\(timeout)'")
        }
    }

    /// The keywords and values libpq reads from `text`, or libpq's complaint.
    struct Problem: Error { var message: String }

    static func parse(_ text: String) -> Result<[String: String], Problem> {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = cpq_conninfoParse(text, &message) else {
            let why = message.map { String(cString: $0) } ?? "libpq could not read it (out of memory)"
            if let message { cpq_freemem(message) }
            return .failure(Problem(message: PostgresURL.tidy(why)))
        }
        defer { cpq_conninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return .success(values)
    }

    /// `text` with any password replaced, for messages about a URI that did not parse.
    static func withoutPassword(_ text: String) -> String {
        if var components = URLComponents(string: text) {
            guard components.password != nil || components.queryItems?.contains(where: { $0.name == "password" }) == true else { return text }
            if components.password != nil { components.password = "***" }
            components.queryItems = components.queryItems?.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
            return components.string ?? "the server's address"
        }
        // NB: not even a URL to take apart: cut everything that could be a password.
        guard let scheme = text.range(of: "://") else { return "the server's address" }
        guard let at = text.range(of: "@", options: .backwards) else { return text.contains("password") ? "the server's address" : text }
        let userPart = text[scheme.upperBound..<at.lowerBound]
        let user = userPart.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return String(text[..<scheme.upperBound]) + user + (userPart.contains(":") ? ":***" : "") + String(text[at.lowerBound...])
    }

    /// `message` with every spelling of `text`'s password replaced (libpq quotes a URI it cannot read).
    static func scrub(_ message: String, secretsOf text: String) -> String {
        var secrets: Set<String> = []
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                secrets.insert(String(authority[authority.index(after: colon)..<at]))
            }
        }
        if let components = URLComponents(string: text) {
            if let password = components.password { secrets.insert(password) }
            if let password = components.percentEncodedPassword { secrets.insert(password) }
            for item in components.queryItems ?? [] where item.name == "password" { secrets.insert(item.value ?? "") }
        }
        for range in text.ranges(of: "password=") {
            secrets.insert(String(text[range.upperBound...].prefix { $0 != "&" && $0 != " " }))
        }
        var scrubbed = message
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            scrubbed = scrubbed.replacingOccurrences(of: secret, with: "***")
            if let decoded = secret.removingPercentEncoding, !decoded.isEmpty {
                scrubbed = scrubbed.replacingOccurrences(of: decoded, with: "***")
            }
        }
        return scrubbed
    }

    /// libpq's message on one line, without its "FATAL:" prefixes.
    static func tidy(_ message: String) -> String {
        message.replacingOccurrences(of: "FATAL:  ", with: "").replacingOccurrences(of: "ERROR:  ", with: "")
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    static func systemUserName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "postgres"
    }
}
