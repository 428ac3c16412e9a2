import Foundation

/// One xAPI 1.0.3 statement, ready to send: its stable id, the session it is about, and its JSON.
public struct XAPIStatement: Sendable, Hashable {
    /// "session" (one per finished session), "responded" (one per reply) or "earned" (one per
    /// certification held; its session is the exam that completed it).
    public enum Kind: String, Sendable, Hashable {
        case session
        case responded
        case earned
    }

    public var id: String
    public var sessionID: Int64
    public var kind: Kind
    public var value: JSONValue

    /// The statement as compact JSON text, keys sorted.
    public var json: String { value.text }
}
