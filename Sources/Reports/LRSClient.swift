import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends xAPI statements to a learning record store's `statements` resource over HTTP, with
/// `X-Experience-API-Version: 1.0.3` and HTTP Basic authentication.
///
/// The record store is another host on a network: its answers are untrusted, and the
/// credentials go to it alone.
/// - Redirects are followed only to the same origin (scheme, host and port) as the
///   configured endpoint, at most ``maximumRedirects`` times, with the same method, body and
///   headers. A redirect anywhere else is not followed: the request fails (``Failure``) and
///   the credentials never leave for the other host.
/// - An answer's body is read up to ``maximumBodyBytes``; a longer one fails the request.
/// - ``connectTimeout`` bounds connecting and every wait for the next bytes;
///   ``timeout`` bounds the whole request.
public struct LRSClient: Sendable {
    /// What the record store answered.
    public struct Response: Sendable {
        public var status: Int
        public var body: String
    }

    /// Why a request could not be made or answered.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let statementsURL: URL
    let authorization: String
    /// Seconds for the whole request (connecting, sending, the answer).
    public var timeout: TimeInterval = 30
    /// Seconds to connect, and to wait for each next part of the answer.
    public var connectTimeout: TimeInterval = 10
    /// Same-origin redirects followed for one request.
    public var maximumRedirects = 3
    /// The longest answer read, in bytes: a list of statement ids is a few kilobytes.
    public var maximumBodyBytes = 256 * 1024

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
        var request = URLRequest(url: statementsURL, timeoutInterval: connectTimeout)
        request.httpMethod = "POST"
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        request.httpBody = Data(("[" + statements.joined(separator: ",") + "]").utf8)
        return try perform(request)
    }

    /// GETs a URL of the record store with the same headers (checks and tests).
    public func get(_ url: URL) throws -> Response {
        var request = URLRequest(url: url, timeoutInterval: connectTimeout)
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        return try perform(request)
    }

    /// Whether two URLs share scheme, host and port (the default port of the scheme if none).
    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func origin(_ url: URL) -> (String, String, Int)? {
            guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
            return (scheme, host, url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1))
        }
        guard let x = origin(a), let y = origin(b) else { return false }
        return x == y
    }

    func perform(_ request: URLRequest) throws -> Response {
        let shown = request.url?.absoluteString ?? ""
        let deadline = Date().addingTimeInterval(timeout)
        var current = request
        var redirects = 0
        while true {
            let (http, data) = try exchange(current, shown: shown, deadline: deadline)
            guard (300...399).contains(http.statusCode) else {
                return Response(status: http.statusCode, body: String(decoding: data, as: UTF8.self))
            }
            // NB: redirects are followed here, not by URLSession: the next request is the same
            // request (method, body, credentials) to the new address, and only within the
            // configured origin.
            guard let location = http.value(forHTTPHeaderField: "Location"),
                  let target = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw Failure(description: "the record store at \(shown) answered \(http.statusCode) without a usable Location")
            }
            guard let origin = request.url, LRSClient.sameOrigin(origin, target) else {
                throw Failure(description: "the record store at \(shown) redirected to \(target.absoluteString); salessim follows redirects only within the same origin (at most \(maximumRedirects)), so nothing was sent there")
            }
            guard redirects < maximumRedirects else {
                throw Failure(description: "the record store at \(shown) redirected more than \(maximumRedirects) times; nothing was sent")
            }
            redirects += 1
            current.url = target
        }
    }

    /// One HTTP exchange without following redirects: the answer's status and at most
    /// ``maximumBodyBytes`` of its body.
    private func exchange(_ request: URLRequest, shown: String, deadline: Date) throws -> (HTTPURLResponse, Data) {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw Failure(description: "no answer from \(shown) within \(Int(timeout)) s") }
        let guardian = RequestGuard(maximumBodyBytes: maximumBodyBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = min(connectTimeout, remaining)
        configuration.timeoutIntervalForResource = remaining
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: guardian, delegateQueue: queue)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        task.resume()
        if guardian.done.wait(timeout: .now() + remaining + 2) == .timedOut {
            task.cancel()
            throw Failure(description: "no answer from \(shown) within \(Int(timeout)) s")
        }
        let outcome = guardian.outcome()
        if outcome.tooLarge {
            throw Failure(description: "the answer from \(shown) is longer than \(maximumBodyBytes) bytes; it was not read")
        }
        if let error = outcome.error {
            let nsError = error as NSError
            if nsError.domain == NSURLErrorDomain && nsError.code == NSURLErrorTimedOut {
                throw Failure(description: "no answer from \(shown) within the time allowed (\(Int(connectTimeout)) s to connect or between answers, \(Int(timeout)) s in all)")
            }
            throw Failure(description: "cannot reach \(shown): \(error.localizedDescription)")
        }
        guard let http = outcome.response as? HTTPURLResponse else {
            throw Failure(description: "no HTTP answer from \(shown)")
        }
        return (http, outcome.data)
    }
}

/// The delegate of one exchange: follows no redirect, stops reading past the size limit, and
/// hands the outcome to the waiting caller.
private final class RequestGuard: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Outcome {
        var data = Data()
        var response: URLResponse?
        var error: (any Error)?
        var tooLarge = false
    }

    let maximumBodyBytes: Int
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var state = Outcome()

    init(maximumBodyBytes: Int) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    func outcome() -> Outcome {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        // Never followed here: ``LRSClient/perform(_:)`` decides, with the 3xx in hand.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        state.response = response
        let tooLarge = response.expectedContentLength > Int64(maximumBodyBytes)
        if tooLarge { state.tooLarge = true }
        lock.unlock()
        completionHandler(tooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        if state.data.count + data.count > maximumBodyBytes {
            state.tooLarge = true
            lock.unlock()
            dataTask.cancel()
            return
        }
        state.data.append(data)
        lock.unlock()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.lock()
        state.error = error
        lock.unlock()
        done.signal()
    }
}
