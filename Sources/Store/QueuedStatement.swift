import Foundation

/// A statement waiting to be sent to a learning record store.
public struct QueuedStatement: Sendable, Hashable {
    public var id: String
    public var sessionID: Int64?
    /// The statement as JSON text.
    public var json: String
    public var attempts: Int
    public var lastError: String?
}
