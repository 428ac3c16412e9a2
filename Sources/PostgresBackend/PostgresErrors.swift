import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Store

/// Turns what PostgresNIO, NIO and the server report into a ``StoreError`` whose kind decides
/// the advice: unreachable (keep locally, try again), login, refused, not set up, other.
enum PostgresErrors {
    static func wrapping(_ error: any Error, location: String, action: String) -> StoreError {
        if error is StoreError { return StoreError.wrapping(error, path: location, action: action) }
        func make(_ kind: StoreError.Kind, _ detail: String) -> StoreError {
            StoreError(kind, path: location, action: action, detail: detail)
        }
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? ""
                let message = info[.message] ?? "server error \(state)"
                switch state {
                case "28P01", "28000": return make(.login, message)
                case "42501": return make(.refused, message)
                case "42P01", "42883": return make(.notSetUp, message)
                case "3D000": return make(.cannotOpen, message)
                case "53300", "57P01", "57P02", "57P03": return make(.unreachable, message)
                case _ where state.hasPrefix("08"): return make(.unreachable, message)
                case "53100": return make(.full, message)
                default: return make(.other, message)
                }
            }
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return make(.unreachable, error.underlying.map(describe) ?? "the connection was closed")
            case .sslUnsupported:
                return make(.login, "the server does not offer TLS, which the URL's sslmode requires")
            case .failedToAddSSLHandler:
                return make(.login, "TLS could not be set up: " + (error.underlying.map(describe) ?? ""))
            case .authMechanismRequiresPassword:
                return make(.login, "the server asks for a password; put it in the URL or PGPASSWORD")
            case .unsupportedAuthMechanism:
                return make(.login, "the server asks for an authentication method salessim does not support")
            default:
                return make(.other, error.underlying.map(describe) ?? "\(error.code)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return make(.login, "TLS: \(error)")
        }
        return make(.unreachable, describe(error))
    }

    /// A short reason for a connection problem: "connection refused", "timed out".
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if error.dnsAAAAError != nil || error.dnsAError != nil, error.connectionErrors.isEmpty {
                return "the host name could not be resolved"
            }
            if let first = error.connectionErrors.first { return describe(first.error) }
            return "could not connect"
        }
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return "timed out"
            case .ioOnClosedChannel, .alreadyClosed, .eof: return "the connection was closed"
            default: return "\(error)"
            }
        }
        if error is NIOSSLError || error is BoringSSLError { return "TLS: \(error)" }
        if let error = error as? PSQLError {
            return error.serverInfo?[.message] ?? error.underlying.map(describe) ?? "\(error.code)"
        }
        return "\(error)"
    }
}
