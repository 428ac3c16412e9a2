import Foundation
import TerminalSafety

/// Where the REPL writes; the terminal in the program, a buffer in tests.
public protocol TextOutput: AnyObject {
    func write(_ text: String)
}

/// Standard output, unbuffered so that prompts and answers interleave correctly.
///
/// Text from scenario files and the rulebook reaches the terminal only through here, so it is
/// made safe here: every control, bidi or invisible character is shown as a visible token
/// (`\e`, `<U+202E>`); only the colour codes of ``Style`` pass (see
/// ``TerminalSafe/visibleKeepingColours(_:)``).
///
/// A standard output that takes no more (a full disk, a closed pipe) ends the program with the
/// reason on standard error and exit status 2: every reply already answered was committed to the
/// store before the next prompt, so nothing recorded is lost, and the visit shows as interrupted.
public final class StandardOutput: TextOutput {
    public init() {}

    public func write(_ text: String) {
        if let code = Self.writeAll(TerminalSafe.visibleKeepingColours(text), to: STDOUT_FILENO) {
            _ = Self.writeAll(Data("salessim: error: cannot write to standard output: \(String(cString: strerror(code))); the visit stops here (every reply answered so far was stored)\n".utf8), to: STDERR_FILENO)
            exit(2)
        }
    }

    /// Writes all of `text` as UTF-8 (its own bytes, not a copy: a Data made from every line
    /// went through Foundation's generic path); the errno of a failure, else nil.
    public static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Writes all of `data`, retrying short writes and interruptions; the errno of a failure, else nil.
    public static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { writeAll($0, to: descriptor) }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions; the errno of a failure, else nil.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var pointer = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            pointer += written
            left -= written
        }
        return nil
    }
}

/// Standard error: warnings when standard output carries a JSON document.
public final class StandardError: TextOutput {
    public init() {}

    public func write(_ text: String) {
        // Nowhere left to complain to: a standard error that takes no more is ignored.
        _ = StandardOutput.writeAll(TerminalSafe.visibleKeepingColours(text), to: STDERR_FILENO)
    }
}

/// Collects everything written (tests, `--json` mode).
public final class BufferedOutput: TextOutput {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) {
        self.text += text
    }
}

/// ANSI styling, used only on a terminal and never with `NO_COLOR`.
public struct Style: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colour when stdout is a terminal and `NO_COLOR` is not set (https://no-color.org).
    public static func forTerminal(isTerminal: Bool, environment: [String: String]) -> Style {
        Style(enabled: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func good(_ text: String) -> String { wrap(text, "32") }
    func bad(_ text: String) -> String { wrap(text, "31") }
    func warn(_ text: String) -> String { wrap(text, "33") }
    func customer(_ text: String) -> String { wrap(text, "36") }
}
