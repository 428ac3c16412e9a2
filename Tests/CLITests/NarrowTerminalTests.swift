import Foundation
import Testing
import TestSupport

/// The practice screen on a 60-column terminal (issue 15): English wrapped between words,
/// Chinese between characters, never a broken character; read through a real pseudo-terminal.
@Suite struct NarrowTerminalTests {
    static func start(_ scenario: String, seed: String = "2") throws -> PseudoTerminal {
        let home = try PackagePaths.temporaryDirectory("salessim-narrow")
        let environment = [
            "TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8",
            "XDG_STATE_HOME": home.appendingPathComponent("state").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "USER": "pty-trainee", "NO_COLOR": "1",
        ]
        return try PseudoTerminal(executable: PackagePaths.salessim.path,
                                  arguments: ["play", scenario, "--seed", seed, "--scenarios", PackagePaths.scenarios.path],
                                  environment: environment, columns: 60, rows: 50)
    }

    /// The program's lines as printed (before the terminal could wrap them), escape codes removed.
    static func lines(_ terminal: PseudoTerminal) -> [String] {
        let text = String(decoding: terminal.output, as: UTF8.self)
            .replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r", with: "")
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func englishIsWrappedBetweenWordsToSixtyColumns() throws {
        let terminal = try Self.start("first-visit-impatient-en")
        defer { terminal.kill() }
        _ = try terminal.expect("you> ", timeout: 40)
        let lines = Self.lines(terminal).filter { !$0.hasPrefix("you> ") }
        #expect(lines.contains { $0.hasPrefix("The owner gives you ten minutes") }, "\(lines)")
        for line in lines {
            #expect(TerminalWidth.of(line) <= 60, "wider than the terminal: \(line)")
        }
        // Each wrapped line ends at a word: the next line does not start inside one.
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("Monda\ny") && !text.contains("fini\nshed") && !text.contains("ye\ns"))
        // Joined again at the breaks with a space, the wrapped summary is the summary: every break
        // fell on a space between words.
        let summary = "The owner gives you ten minutes: open on his missing date codes, keep the pitch short, two \"yes, yes, but\", close decisively, leave as soon as he signs, and call to thank him the next day."
        #expect(lines.joined(separator: " ").contains(summary), "\(lines)")
    }

    @Test func chineseIsWrappedBetweenCharactersByDisplayWidth() throws {
        let terminal = try Self.start("first-visit-impatient")
        defer { terminal.kill() }
        _ = try terminal.expect("你> ", timeout: 40)
        let lines = Self.lines(terminal).filter { !$0.hasPrefix("你> ") }
        #expect(lines.contains { TerminalWidth.of($0) > 50 }, "long lines were wrapped near the edge: \(lines)")
        for line in lines {
            #expect(TerminalWidth.of(line) <= 60, "wider than the terminal: \(line)")
            #expect(!line.contains("\u{FFFD}"), "a broken character: \(line)")
        }
    }
}

/// Display width, as a terminal counts it (CJK two columns).
enum TerminalWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : (value < 0x20 || (0x300...0x36F).contains(value) ? 0 : 1))
        }
    }
}
