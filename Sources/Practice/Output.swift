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
public final class StandardOutput: TextOutput {
    public init() {}

    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalSafe.visibleKeepingColours(text).utf8))
    }
}

/// Standard error: warnings when standard output carries a JSON document.
public final class StandardError: TextOutput {
    public init() {}

    public func write(_ text: String) {
        FileHandle.standardError.write(Data(TerminalSafe.visibleKeepingColours(text).utf8))
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
