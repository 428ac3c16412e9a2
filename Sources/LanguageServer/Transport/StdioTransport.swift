import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a ``Server`` over two file descriptors (stdin and stdout for `salessim lsp`): reads
/// framed messages, answers each at once, and publishes diagnostics once the client has been
/// quiet for the debounce after a change.
///
/// Returns the exit status: 0 after `shutdown` (then `exit`, or the end of the input), 1 after
/// `exit` alone or when the input ends (the client disappeared) before `shutdown`.
public struct StdioTransport {
    public var server: Server
    /// Quiet time after a change before diagnostics are computed.
    public var debounceMilliseconds: Int
    let input: Int32
    let output: Int32

    public init(server: Server, debounceMilliseconds: Int = 10, input: Int32 = 0, output: Int32 = 1) {
        self.server = server
        self.debounceMilliseconds = debounceMilliseconds
        self.input = input
        self.output = output
    }

    public mutating func run() -> Int32 {
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let debounce = max(0, min(server.requestedDebounceMilliseconds ?? debounceMilliseconds, 10_000))
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, server.hasPendingDiagnostics ? Int32(debounce) : -1)
            if ready == 0 {
                guard write(server.publishDiagnostics()) else { return 1 }
                continue
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return 1
            }
            let count = read(input, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            // EOF: the client is gone; after `shutdown` that is as good as `exit`.
            guard count > 0 else { return server.exitCode ?? (server.hasShutDown ? 0 : 1) }
            framer.append(Data(buffer[0..<count]))
            while let frame = framer.next() {
                let replies: [Data]
                switch frame {
                case let .message(body): replies = server.receive(body)
                case let .invalid(reason): replies = [JSONCoding.encode(OutgoingError(id: nil, error: ResponseError(.parseError, reason)))]
                }
                guard write(replies) else { return 1 }
                if let code = server.exitCode { return code }
            }
        }
    }

    /// Writes framed bodies; false when the client stopped reading.
    private func write(_ bodies: [Data]) -> Bool {
        for body in bodies {
            let framed = MessageFramer.frame(body)
            let written = framed.withUnsafeBytes { raw -> Bool in
                guard var pointer = raw.baseAddress else { return true }
                var remaining = raw.count
                while remaining > 0 {
                    let count = Foundation.write(output, pointer, remaining)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    pointer += count
                    remaining -= count
                }
                return true
            }
            guard written else { return false }
        }
        return true
    }
}
