import Foundation
import TestSupport

/// The `editline-demo` executable, started on a pseudo-terminal.
///
/// Finding the binary: the test target depends on `editline-demo`, so `swift test` builds it
/// into the same products directory as the test executable (`.build/<triple>/debug/`).
/// On Linux `Bundle.main.bundleURL` is that directory (the test binary,
/// `dev-lineeditorPackageTests.xctest`, is a plain executable there); on macOS it is the
/// `.xctest` bundle inside it, hence its parent is tried too, then the directory of
/// `CommandLine.arguments[0]`. `EDITLINE_DEMO=/path/to/editline-demo` overrides all of this.
struct DemoProgram {
    static let prompt = "demo> "
    /// Generous: the machine may be loaded (2 cores, parallel builds).
    static let timeout: TimeInterval = 30

    let terminal: PseudoTerminal

    /// Starts the demo with a minimal environment and no `LANG`, as in CI, so the UTF-8
    /// locale fallback is exercised too.
    init(history: URL? = nil, environment extra: [String: String] = [:], columns: UInt16 = 80, rows: UInt16 = 24) throws {
        var environment = ["TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        environment.merge(extra) { $1 }
        if let history { environment["DEMO_HISTORY"] = history.path }
        terminal = try PseudoTerminal(
            executable: try Self.executablePath(),
            environment: environment,
            columns: columns,
            rows: rows
        )
    }

    /// Waits for the next prompt and for libedit to put the terminal in raw mode; keys sent
    /// before that would be seen by the kernel's line discipline instead.
    func awaitPrompt() throws {
        try terminal.expect(Self.prompt, timeout: Self.timeout)
        guard terminal.waitForRawMode(timeout: Self.timeout) else {
            throw DemoError.notRaw(terminal.screenText)
        }
    }

    /// Sends keys at a ready prompt.
    func type(_ keys: String...) throws {
        for key in keys { try terminal.send(key) }
    }

    /// Waits for the demo's next `got:[…]` report and checks that it is `line`, exactly.
    func expectLine(_ line: String) throws {
        try terminal.expect("got:[", timeout: Self.timeout)
        // Cut the marker by bytes: "\r\n" is one Character.
        let received = String(decoding: try terminal.expect("]\r\n", timeout: Self.timeout).utf8.dropLast(3), as: UTF8.self)
        guard received == line else { throw DemoError.wrongLine(expected: line, received: received) }
    }

    func expect(_ text: String) throws {
        try terminal.expect(text, timeout: Self.timeout)
    }

    static func executablePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["EDITLINE_DEMO"], !override.isEmpty { return override }
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("editline-demo").path }
        if let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) {
            return found
        }
        throw DemoError.notFound(candidates)
    }
}

enum DemoError: Error, CustomStringConvertible {
    case notFound([String])
    case notRaw(String)
    case wrongLine(expected: String, received: String)

    var description: String {
        switch self {
        case .notFound(let tried): "editline-demo not found; tried \(tried). Set EDITLINE_DEMO."
        case .notRaw(let screen): "terminal never left canonical mode; screen: \(screen.debugDescription)"
        case .wrongLine(let expected, let received):
            "demo read \(received.debugDescription), expected \(expected.debugDescription)"
        }
    }
}

enum PseudoTerminalText {
    /// Raw output with escapes and carriage returns removed.
    static func plain(_ raw: String) -> String { PseudoTerminal.stripEscapes(raw) }
}

enum Keys {
    static let left = "\u{1B}[D"
    static let up = "\u{1B}[A"
    static let backspace = "\u{7F}"
    static let ctrlC = "\u{03}"
    static let ctrlD = "\u{04}"
    static let tab = "\t"
    static let enter = "\r"
}
