import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends xAPI statements to a learning record store's `statements` resource over HTTP, with
/// `X-Experience-API-Version: 1.0.3` and HTTP Basic authentication.
public struct LRSClient: Sendable {
    /// What the record store answered.
    public struct Response: Sendable {
        public var status: Int
        public var body: String

        /// 200 (stored) and 204 (already there, nothing to do) both mean accepted.
        public var accepted: Bool { (200...299).contains(status) }
    }

    /// Why a request could not be made or answered.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let statementsURL: URL
    let authorization: String
    public var timeout: TimeInterval = 30

    /// `endpoint` is the record store's xAPI root (`…/xAPI/`) or its statements resource
    /// (`…/xAPI/statements/`); `user` is `name:password`.
    public init(endpoint: URL, user: String) {
        let path = endpoint.path
        if path.hasSuffix("/statements") || path.hasSuffix("/statements/") {
            statementsURL = endpoint
        } else {
            statementsURL = endpoint.appendingPathComponent("statements/")
        }
        authorization = "Basic " + Data(user.utf8).base64EncodedString()
    }

    /// POSTs `statements` (JSON texts) as one array.
    public func post(_ statements: [String]) throws -> Response {
        var request = URLRequest(url: statementsURL, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        request.httpBody = Data(("[" + statements.joined(separator: ",") + "]").utf8)
        return try perform(request)
    }

    /// GETs a URL of the record store with the same headers (checks and tests).
    public func get(_ url: URL) throws -> Response {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        return try perform(request)
    }

    func perform(_ request: URLRequest) throws -> Response {
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response, error: error)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw Failure(description: "no answer from \(request.url?.absoluteString ?? "") within \(Int(timeout)) s")
        }
        let (data, response, error) = box.get()
        if let error { throw Failure(description: "cannot reach \(request.url?.absoluteString ?? ""): \(error.localizedDescription)") }
        guard let http = response as? HTTPURLResponse else {
            throw Failure(description: "no HTTP answer from \(request.url?.absoluteString ?? "")")
        }
        return Response(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self))
    }
}

/// Carries a URLSession answer from its callback thread to the waiting caller.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func set(data: Data?, response: URLResponse?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.response = response
        self.error = error
    }

    func get() -> (Data?, URLResponse?, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, response, error)
    }
}
