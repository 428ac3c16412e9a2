import CCurl
import Foundation

/// Sends xAPI statements to a learning record store's `statements` resource over HTTP, with
/// `X-Experience-API-Version: 1.0.3` and HTTP Basic authentication.
///
/// The HTTP client is libcurl (`libcurl.so.4`, Debian: libcurl4), loaded the first time a
/// request is made: a run that sends nothing never loads it nor its TLS libraries. TLS
/// certificates are verified (libcurl's default, against the system's certificate store).
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

    /// One HTTP request: what ``perform(_:)`` sends again, unchanged, to a same-origin redirect.
    struct Request {
        var url: URL
        /// The body of a POST; nil for a GET.
        var body: Data?
        var headers: [(name: String, value: String)]
    }

    /// POSTs `statements` (JSON texts) as one array.
    public func post(_ statements: [String]) throws -> Response {
        try perform(Request(url: statementsURL, body: Data(("[" + statements.joined(separator: ",") + "]").utf8),
                            headers: [("X-Experience-API-Version", "1.0.3"), ("Content-Type", "application/json"),
                                      ("Authorization", authorization)]))
    }

    /// GETs a URL of the record store with the same headers (checks and tests).
    public func get(_ url: URL) throws -> Response {
        try perform(Request(url: url, body: nil, headers: [("X-Experience-API-Version", "1.0.3"), ("Authorization", authorization)]))
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

    func perform(_ request: Request) throws -> Response {
        let shown = request.url.absoluteString
        let deadline = Date().addingTimeInterval(timeout)
        var current = request
        var redirects = 0
        while true {
            let answer = try exchange(current, shown: shown, deadline: deadline)
            guard (300...399).contains(answer.status) else {
                return Response(status: answer.status, body: String(decoding: answer.body, as: UTF8.self))
            }
            // NB: redirects are followed here, not by libcurl: the next request is the same
            // request (method, body, credentials) to the new address, and only within the
            // configured origin.
            guard let location = answer.location, let target = URL(string: location, relativeTo: current.url)?.absoluteURL else {
                throw Failure(description: "the record store at \(shown) answered \(answer.status) without a usable Location")
            }
            guard LRSClient.sameOrigin(request.url, target) else {
                throw Failure(description: "the record store at \(shown) redirected to \(target.absoluteString); salessim follows redirects only within the same origin (at most \(maximumRedirects)), so nothing was sent there")
            }
            guard redirects < maximumRedirects else {
                throw Failure(description: "the record store at \(shown) redirected more than \(maximumRedirects) times; nothing was sent")
            }
            redirects += 1
            current.url = target
        }
    }

    /// The message when libcurl cannot be loaded: the library, why, and the package to install.
    static func unavailable(_ reason: String, shown: String) -> Failure {
        Failure(description: "cannot send to \(shown): the HTTP client library \(CCURL_LIBRARY) cannot be loaded (\(reason)); install it (Debian/Ubuntu: apt-get install \(CCURL_PACKAGE))")
    }

    /// One HTTP exchange with libcurl, without following redirects: the answer's status, its
    /// redirect target (absolute, from `Location`) and at most ``maximumBodyBytes`` of its body.
    private func exchange(_ request: Request, shown: String, deadline: Date) throws -> (status: Int, location: String?, body: Data) {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw Failure(description: "no answer from \(shown) within \(Int(timeout)) s") }
        if let problem = ccurl_load() { throw LRSClient.unavailable(String(cString: problem), shown: shown) }
        // NB: the header list and the buffers outlive the handle (its cleanup runs first).
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { if let headers { ccurl_slist_free_all(headers) } }
        // NB: "Expect:" (empty) keeps libcurl from waiting for a "100 Continue" before a body.
        for (name, value) in request.headers + [("Expect", "")] {
            let line = value.isEmpty ? "\(name):" : "\(name): \(value)"
            guard let appended = ccurl_slist_append(headers, line) else { throw Failure(description: "cannot reach \(shown): out of memory") }
            headers = appended
        }
        // NB: on the heap: libcurl writes into them during the transfer, through their addresses.
        let body = UnsafeMutablePointer<ccurl_body>.allocate(capacity: 1)
        body.initialize(to: ccurl_body(bytes: nil, count: 0, capacity: 0, limit: max(0, maximumBodyBytes), too_large: 0, out_of_memory: 0))
        let errorSize = Int(CURL_ERROR_SIZE) + 1
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: errorSize)
        errorText.initialize(repeating: 0, count: errorSize)
        defer {
            ccurl_body_free(body)
            body.deallocate()
            errorText.deallocate()
        }
        guard let handle = ccurl_easy_init() else { throw Failure(description: "cannot reach \(shown): libcurl could not start a request") }
        defer { ccurl_easy_cleanup(handle) }
        let waitSeconds = min(connectTimeout, remaining)
        let code: CURLcode = {
            func set(_ option: CURLoption, _ value: Int) -> CURLcode { ccurl_setopt_long(handle, option, value) }
            var settings: [CURLcode] = [
                ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText),
                ccurl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString),
                ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headers),
                ccurl_setopt_string(handle, CURLOPT_USERAGENT, "salessim"),
                set(CURLOPT_FOLLOWLOCATION, 0),
                // NB: no signals (threads); TLS verification stays libcurl's default (on).
                set(CURLOPT_NOSIGNAL, 1),
                set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(waitSeconds * 1000))),
                set(CURLOPT_LOW_SPEED_LIMIT, 1),
                set(CURLOPT_LOW_SPEED_TIME, max(1, Int(waitSeconds.rounded(.up)))),
                set(CURLOPT_TIMEOUT_MS, max(1, Int(remaining * 1000))),
                ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(max(0, maximumBodyBytes))),
                ccurl_collect_body(handle, body),
            ]
            // NB: only HTTP and HTTPS, whatever the endpoint says (file:, ftp:, ... are refused).
            settings.append(ccurl_only_http(handle))
            if let payload = request.body {
                settings.append(set(CURLOPT_POST, 1))
                settings.append(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(payload.count)))
                // NB: COPYPOSTFIELDS copies the body (its size set just before).
                settings.append(payload.withUnsafeBytes { bytes in
                    bytes.baseAddress.map { ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0) }
                        ?? ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                })
            }
            if let refused = settings.first(where: { $0 != CURLE_OK }) { return refused }
            return ccurl_easy_perform(handle)
        }()
        if body.pointee.too_large != 0 || code == CURLE_FILESIZE_EXCEEDED {
            throw Failure(description: "the answer from \(shown) is longer than \(maximumBodyBytes) bytes; it was not read")
        }
        if body.pointee.out_of_memory != 0 { throw Failure(description: "cannot read the answer from \(shown): out of memory") }
        guard code == CURLE_OK else {
            if code == CURLE_OPERATION_TIMEDOUT {
                throw Failure(description: "no answer from \(shown) within the time allowed (\(Int(connectTimeout)) s to connect or between answers, \(Int(timeout)) s in all)")
            }
            let meaning = String(cString: ccurl_easy_strerror(code))
            let detail = String(cString: errorText).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "cannot reach \(shown): \(meaning)\(detail.isEmpty || detail == meaning ? "" : " (\(detail))")")
        }
        var status = 0
        var location: UnsafePointer<CChar>?
        guard ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK, status > 0 else {
            throw Failure(description: "no HTTP answer from \(shown)")
        }
        _ = ccurl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &location)
        let data = body.pointee.bytes.map { Data(bytes: $0, count: body.pointee.count) } ?? Data()
        return (status, location.map { String(cString: $0) }, data)
    }
}
