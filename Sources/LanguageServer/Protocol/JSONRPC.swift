import Foundation

/// The id of a JSON-RPC request: a number or a string.
public enum RequestID: Codable, Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(number): try container.encode(number)
        case let .string(string): try container.encode(string)
        }
    }

    public var description: String {
        switch self {
        case let .number(number): return String(number)
        case let .string(string): return string
        }
    }
}

/// The error codes of JSON-RPC and the Language Server Protocol that the server sends.
public enum ErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    case serverNotInitialized = -32002
    case requestFailed = -32803
}

/// A JSON-RPC error: what the server answers a request it cannot serve.
public struct ResponseError: Error, Codable, Sendable, Equatable {
    public var code: Int
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code.rawValue
        self.message = message
    }
}

/// What every incoming message is read as first: enough to route it.
struct IncomingHeader: Decodable {
    var id: RequestID?
    var method: String?
    var hasResult: Bool

    enum CodingKeys: String, CodingKey {
        case id, method, result, error
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try? container.decodeIfPresent(RequestID.self, forKey: .id)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        hasResult = container.contains(.result) || container.contains(.error)
    }
}

/// The `params` of an incoming message, decoded as `Params`.
struct IncomingParams<Params: Decodable>: Decodable {
    var params: Params
}

/// A response with a result (`null` when the result is nil).
struct OutgoingResponse<Result: Encodable>: Encodable {
    var id: RequestID?
    var result: Result?

    enum CodingKeys: String, CodingKey {
        case jsonrpc, id, result
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(result, forKey: .result)
    }
}

/// A response with an error; `id` is null when the request's id could not be read.
struct OutgoingError: Encodable {
    var id: RequestID?
    var error: ResponseError

    enum CodingKeys: String, CodingKey {
        case jsonrpc, id, error
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(error, forKey: .error)
    }
}

/// A notification from the server.
struct OutgoingNotification<Params: Encodable>: Encodable {
    var method: String
    var params: Params

    enum CodingKeys: String, CodingKey {
        case jsonrpc, method, params
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        try container.encode(method, forKey: .method)
        try container.encode(params, forKey: .params)
    }
}

/// The server's JSON: sorted keys (stable output for tests), slashes unescaped.
enum JSONCoding {
    static func encode<Value: Encodable>(_ value: Value) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // NB: the values are the server's own types; encoding them cannot fail short of a bug,
        // and a bug must not crash the server: it answers an internal error instead.
        if let data = try? encoder.encode(value) { return data }
        return Data(#"{"error":{"code":-32603,"message":"the server could not encode its answer"},"id":null,"jsonrpc":"2.0"}"#.utf8)
    }
}
