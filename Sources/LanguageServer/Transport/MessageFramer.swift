import Foundation

/// Splits a byte stream into JSON-RPC message bodies framed by `Content-Length` headers, and
/// frames outgoing bodies, as the Language Server Protocol's base protocol prescribes.
///
/// ```swift
/// var framer = MessageFramer()
/// framer.append(bytesFromStdin)
/// while let frame = framer.next() { … }   // .message(body) or .invalid(reason)
/// ```
///
/// A header block without a usable `Content-Length`, or one announcing a body larger than
/// ``maximumBodyBytes``, yields `.invalid` and is skipped (with its body), so that one bad
/// message never stops the server.
public struct MessageFramer: Sendable {
    /// What ``next()`` found.
    public enum Frame: Sendable, Equatable {
        case message(Data)
        case invalid(String)
    }

    /// A body larger than this is refused (and skipped): far above YAMLDocument's 1 MiB limit, so
    /// that a huge document still arrives and gets its diagnostic.
    public static let maximumBodyBytes = 64 << 20
    /// A header block longer than this is garbage, not a header.
    public static let maximumHeaderBytes = 8 * 1024

    private var buffer = Data()
    /// Bytes of a refused body still to be skipped.
    private var skipping = 0

    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append(_ data: Data) {
        buffer.append(data)
    }

    /// Bytes received and not yet returned as a frame.
    public var bufferedByteCount: Int { buffer.count }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() -> Frame? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count)
            buffer.removeFirst(dropped)
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        let separator = Data("\r\n\r\n".utf8)
        guard let end = buffer.range(of: separator) else {
            if buffer.count > MessageFramer.maximumHeaderBytes {
                buffer.removeAll()
                return .invalid("a header block longer than \(MessageFramer.maximumHeaderBytes) bytes")
            }
            return nil
        }
        let headerBytes = buffer[buffer.startIndex..<end.lowerBound]
        let bodyStart = end.upperBound
        let header = String(decoding: headerBytes, as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            buffer.removeSubrange(buffer.startIndex..<bodyStart)
            return .invalid("a message without a valid Content-Length header")
        }
        if length > MessageFramer.maximumBodyBytes {
            buffer.removeSubrange(buffer.startIndex..<bodyStart)
            skipping = length
            return .invalid("a message of \(length) bytes; the limit is \(MessageFramer.maximumBodyBytes)")
        }
        guard buffer.distance(from: bodyStart, to: buffer.endIndex) >= length else { return nil }
        let bodyEnd = buffer.index(bodyStart, offsetBy: length)
        let body = Data(buffer[bodyStart..<bodyEnd])
        buffer.removeSubrange(buffer.startIndex..<bodyEnd)
        return .message(body)
    }

    /// `Content-Length: N\r\n\r\n` followed by `body`.
    public static func frame(_ body: Data) -> Data {
        var data = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        data.append(body)
        return data
    }
}
