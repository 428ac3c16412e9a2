import Foundation
import Testing
import TestSupport

/// libedit 20221030 drew the cursor one column right after a character was inserted before
/// Chinese text mid-line (issue 15). The terminal's output is replayed to find where the cursor
/// ends up, on a real pseudo-terminal.
@Suite struct WideCursorTests {
    /// The cursor's column after `bytes` on one line: printable characters by display width,
    /// carriage return, backspace, and the cursor movements libedit uses.
    static func column(after bytes: [UInt8]) -> Int {
        let text = String(decoding: bytes, as: UTF8.self)
        var column = 0
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\r": column = 0
            case "\n": column = 0
            case "\u{8}": column = max(0, column - 1)
            case "\u{1B}":
                guard scalars.first == "[" else { _ = scalars.popFirst(); continue }
                scalars.removeFirst()
                var digits = ""
                while let next = scalars.first, ("0"..."9").contains(next) || next == ";" || next == "?" {
                    digits.unicodeScalars.append(next)
                    scalars.removeFirst()
                }
                guard let command = scalars.popFirst() else { break }
                let n = Int(digits.split(separator: ";").first ?? "") ?? 1
                switch command {
                case "C": column += n
                case "D": column = max(0, column - n)
                case "G": column = n - 1
                default: break
                }
            default:
                if scalar.value < 0x20 { continue }
                column += TerminalWidth.of(String(scalar))
            }
        }
        return column
    }

    @Test func theCursorStaysAtTheInsertionPointInChineseText() throws {
        let home = try PackagePaths.temporaryDirectory("salessim-cursor")
        let environment = ["TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8", "USER": "pty-trainee", "NO_COLOR": "1",
                           "XDG_STATE_HOME": home.appendingPathComponent("state").path, "XDG_DATA_HOME": home.appendingPathComponent("data").path]
        let terminal = try PseudoTerminal(executable: PackagePaths.salessim.path,
                                          arguments: ["play", "demo-first-visit", "--seed", "1", "--scenarios", PackagePaths.scenarios.path],
                                          environment: environment, columns: 80, rows: 30)
        defer { terminal.kill() }
        _ = try terminal.expect("你> ", timeout: 40)
        #expect(terminal.waitForRawMode(timeout: 20))
        try terminal.send("你好世界")
        _ = try terminal.expect("世界", timeout: 10)
        let left = "\u{1B}[D"
        try terminal.send(left + left + left)
        Thread.sleep(forTimeInterval: 0.3)
        try terminal.send("中")
        _ = try terminal.expect("中好", timeout: 10)
        // The next key is read after the insertion is drawn (and the cursor placed): what the
        // terminal showed up to the next key's echo is where the trainee saw the cursor.
        try terminal.send("x")
        _ = try terminal.expect("x", timeout: 10)
        let text = String(decoding: terminal.output, as: UTF8.self)
        guard let prompt = text.range(of: "你> ", options: .backwards), let echo = text.range(of: "x", options: .backwards) else {
            Issue.record("no prompt or echo in \(text.debugDescription)")
            return
        }
        var shown = String(text[prompt.lowerBound..<echo.lowerBound])
        for insert in ["\u{1B}[1@", "\u{1B}[@"] where shown.hasSuffix(insert) { shown.removeLast(insert.count) }
        // "你> " (4 columns) + 你中 (4 columns): the cursor is between 中 and 好, at column 8.
        #expect(Self.column(after: Array(shown.utf8)) == 8, "\(shown.debugDescription)")
    }
}
