import Foundation
import Store

/// A PostgreSQL server's address as `--db` or `SALESSIM_DB` give it, libpq's URL form:
/// `postgres://user[:password]@host[:port]/database[?sslmode=...&sslrootcert=...&connect_timeout=...]`.
///
/// Without a password in the URL, `PGPASSWORD` is used. `sslmode` follows libpq: `disable`,
/// `prefer` (the default: TLS when the server offers it, unverified), `require` (TLS, unverified
/// unless `sslrootcert` is given), `verify-ca` (the certificate must chain to `sslrootcert` or the
/// system's roots), `verify-full` (and name the host).
public struct PostgresURL: Sendable, Hashable {
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// A PEM file of the certificates the server's must chain to.
    public var rootCertificate: String?
    /// Seconds to wait for the server when connecting.
    public var connectTimeout: Int

    /// The URL without its password: how messages, records and the outbox name the server.
    public var redacted: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)"
    }

    /// Parses `text`; the problem, plainly, when it is not a usable URL.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func invalid(_ why: String) -> StoreError {
            StoreError(.cannotOpen, path: PostgresURL.withoutPassword(text), action: "reading the server's address",
                       detail: "\(why); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=require]")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("not a postgres:// URL")
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw invalid("no user name")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        self.user = user
        self.password = components.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port \(port) is out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        self.tls = .prefer
        self.rootCertificate = nil
        self.connectTimeout = 10
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw invalid("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
                }
                tls = mode
            case "sslrootcert":
                rootCertificate = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else { throw invalid("connect_timeout must be a number of seconds") }
                connectTimeout = seconds
            case "application_name":
                break
            default:
                throw invalid("unknown parameter '\(item.name)' (known: sslmode, sslrootcert, connect_timeout)")
            }
        }
    }

    /// `text` with any password replaced, for messages about a URL that did not parse.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = nil
        return components.string ?? text
    }
}
