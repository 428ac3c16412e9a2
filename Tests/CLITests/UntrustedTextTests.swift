import Foundation
import Testing
import TestSupport

/// Text written by others reaches a terminal only as inert, visible text (issue 17): scenario
/// and rulebook files with escape sequences, bidi overrides and invisible characters; trainee
/// names; replies; graphs of hostile titles. Run as the real binary.
@Suite struct UntrustedTextTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path

    /// Characters that must never reach a terminal from a file or a store.
    static let active: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{08}", "\r", "\u{202E}", "\u{200B}", "\u{9B}"]

    static func isInert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { active.contains($0) }
    }

    /// A library folder (the fixtures' rulebook beside) with one scenario file of `text`.
    func library(_ text: String, name: String = "hostile.yaml") throws -> URL {
        let directory = try PackagePaths.temporaryDirectory("salessim-untrusted")
        try FileManager.default.copyItem(atPath: fixtures + "/rulebook.yaml", toPath: directory.appendingPathComponent("rulebook.yaml").path)
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return directory
    }

    static let hostile = #"""
        scenario: hostile
        title: "T\e]0;PWNED\a\e[31mRED\e]8;;http://evil.example\e\\link\e]8;;\e\\"
        language: en
        customer: {name: "Mr\u202Egnp.exe", role: decision-maker, temperament: hesitant, kind: new}
        start: arrive
        nodes:
          arrive:
            phase: opening
            customer: "Hello\b\b\b\b\bBye\r\e[2J"
            replies:
              - {match: hello, option: "yes\u200Bplease", next: won}
        endings:
          won: {outcome: won}
        tests:
          - {name: t, replies: [hello], expect: {ending: won}}
        """#

    @Test func lintRefusesControlBidiAndInvisibleCharactersWithACodeAndAPosition() throws {
        let folder = try library(Self.hostile)
        let output = try salessim.run(["lint", folder.path])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let unsafe = lines.filter { $0.contains("[SC0022]") }
        #expect(unsafe.count == 4, "\(output.stdout)")
        #expect(unsafe.contains { $0.contains("hostile.yaml:2:8: error: [SC0022] text holds a control character \\e at character 2") })
        #expect(unsafe.contains { $0.contains("hostile.yaml:4:18: error: [SC0022] text holds a bidi control <U+202E>") })
        #expect(Self.isInert(output.stdout + output.stderr))
    }

    @Test func listPlayAndTestPrintNothingActiveFromAHostileScenario() throws {
        let folder = try library(Self.hostile)
        let list = try salessim.run(["list", "--scenarios", folder.path])
        let play = try salessim.run(["play", "hostile", "--scenarios", folder.path, "--trainee", "t"], input: Data("hello\n".utf8))
        let test = try salessim.run(["test", folder.path])
        for output in [list, play, test] {
            #expect(Self.isInert(output.stdout + output.stderr), "\(output.stdout)\(output.stderr)")
        }
        #expect(play.status != 0)
        #expect(play.stderr.contains("scenario 'hostile' has errors"))
        #expect(play.stderr.contains("\\e]0;PWNED\\a"))
    }

    @Test func rulesRefusesARulebookWithEscapeSequencesAndShowsThemInert() throws {
        let folder = try PackagePaths.temporaryDirectory("salessim-untrusted-rules")
        let rulebook = try String(contentsOfFile: fixtures + "/rulebook.yaml", encoding: .utf8)
        let titled = try #require(rulebook.range(of: "title: {"))
        let lineEnd = try #require(rulebook[titled.upperBound...].firstIndex(of: "\n"))
        let hostile = rulebook.replacingCharacters(in: titled.lowerBound..<lineEnd, with: #"title: {zh: "\e]0;PWNED\a", en: "x\u202Ey"}"#)
        try Data(hostile.utf8).write(to: folder.appendingPathComponent("rulebook.yaml"))
        let output = try salessim.run(["rules", "--scenarios", folder.path])
        #expect(output.status != 0)
        #expect(output.stdout.contains("[SC0022]") || output.stderr.contains("[SC0022]"), "\(output.stdout)\(output.stderr)")
        #expect(Self.isInert(output.stdout + output.stderr))
    }

    @Test(arguments: [
        ("\u{1B}[2J\u{1B}]0;PWNED\u{07}esc-name", "control, bidi or invisible"),
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        (String(repeating: "x", count: 100_000), "at most 64 columns"),
        ("ab\u{202E}cd", "control, bidi or invisible"),
        ("zero\u{200B}width", "control, bidi or invisible"),
    ])
    func playRefusesATraineeNameThatIsEmptyTooWideOrHoldsControls(name: String, reason: String) throws {
        let db = try PackagePaths.temporaryDirectory("salessim-names").appendingPathComponent("s.sqlite").path
        let output = try salessim.run(["play", "demo-first-visit", "--trainee", name, "--db", db, "--scenarios", PackagePaths.scenarios.path],
                                      input: Data("/quit\n".utf8))
        #expect(output.status == 64 || output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains(reason), "\(output.stderr)")
        #expect(Self.isInert(output.stderr))
        #expect(output.stderr.count < 1_000)
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func aLoginNameWithControlsIsRefusedWhenNoTraineeIsGiven() throws {
        let runner = CommandRunner(environment: ["USER": "bad\u{1B}]0;x\u{07}", "LOGNAME": "bad"])
        let output = try runner.run(["play", "demo-first-visit", "--scenarios", PackagePaths.scenarios.path], input: Data("/quit\n".utf8))
        #expect(output.status != 0)
        #expect(output.stderr.contains("$USER") && output.stderr.contains("--trainee"), "\(output.stderr)")
        #expect(Self.isInert(output.stderr))
    }

    @Test func bidiAndZeroWidthCharactersInRepliesAreRemovedAtInput() throws {
        let reply = "您好\u{202E}，我是\u{200B}晨讯\u{2066}电子\u{2069}的小李\u{FEFF}"
        let output = try salessim.run(["play", "demo-first-visit", "--seed", "3", "--json", "--trainee", "t", "--scenarios", PackagePaths.scenarios.path],
                                      input: Data((reply + "\n/quit\n").utf8))
        #expect(output.status == 0, "\(output.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let turns = try #require(document["turns"] as? [[String: Any]])
        #expect(turns.first?["reply"] as? String == "您好，我是晨讯电子的小李")
    }

    @Test(arguments: [["report", "--since", "\u{1B}]0;PWNED\u{07}"], ["play", "--lang", "\u{1B}[2J"], ["list", "--\u{1B}[31mnope"]])
    func usageErrorsQuoteWhatWasTypedInert(arguments: [String]) throws {
        let output = try salessim.run(arguments, input: Data())
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("\\e"), "\(output.stderr)")
        #expect(Self.isInert(output.stdout + output.stderr))
    }

    // MARK: Graphs

    static let hostileTitles = #"""
        scenario: graph-hostile
        title: |
          Title "quoted" \ back
          config:
            securityLevel: loose
          ---
          click n0 href "javascript:alert(1)"
        language: en
        customer: {name: A, role: decision-maker, temperament: hesitant, kind: new}
        start: arrive
        nodes:
          arrive:
            phase: opening
            customer: ['ends in a backslash \', "Say \"hi\" \\ then\nnew line]; x -> y [label=\"pwn"]
            replies:
              - {match: hi, option: "a|b\"]) --> evil((x", next: won}
              - {match: "bye", next: lost}
        endings:
          won: {outcome: won}
          lost: {outcome: lost}
        """#

    @Test func dotOutputOfHostileTitlesParsesWithGraphviz() throws {
        let folder = try library(Self.hostileTitles)
        let lint = try salessim.run(["lint", folder.path])
        #expect(lint.status == 0, "\(lint.stdout)")
        let output = try salessim.run(["graph", folder.appendingPathComponent("hostile.yaml").path, "--format", "dot", "--scenarios", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        let dot = CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/dot"))
        let parsed = try dot.run(["-Tcanon"], input: Data(output.stdout.utf8))
        #expect(parsed.status == 0, "dot refused the graph: \(parsed.stderr)\n\(output.stdout)")
        // The canonical graph has exactly the three edges salessim drew: nothing injected.
        let edges = parsed.stdout.split(separator: "\n").filter { $0.split(separator: "[", maxSplits: 1).first?.contains("->") == true }
        #expect(edges.count == 3, "\(parsed.stdout)")
    }

    @Test func mermaidOutputOfHostileTitlesKeepsToTheGrammar() throws {
        let folder = try library(Self.hostileTitles)
        let output = try salessim.run(["graph", folder.appendingPathComponent("hostile.yaml").path, "--format", "mermaid", "--scenarios", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        // Front matter: exactly three lines, the title one double-quoted YAML scalar.
        #expect(lines.count > 4)
        #expect(lines[0] == "---" && lines[2] == "---" && lines[3] == "flowchart LR", "\(output.stdout)")
        #expect(lines[1].hasPrefix("title: \"") && lines[1].hasSuffix("\""))
        let titleBody = String(lines[1].dropFirst("title: \"".count).dropLast())
        #expect(!titleBody.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "").contains("\""))
        // A label is quoted text without quotes, pipes, brackets or line breaks inside.
        let label = #""[^"|\[\](){}<>`]*""#
        let id = "[A-Za-z_][A-Za-z0-9_]*"
        let patterns = [
            "^  start\\(\\(start\\)\\) --> \(id)$",
            "^  subgraph \(id)\\[\(label)\\]$",
            "^    \(id)\\[\(label)\\]$",
            "^  end$",
            "^  \(id)\\(\\[\(label)\\]\\)$",
            "^  \(id) (-->|-\\.->)\\|\(label)\\| \(id)$",
            "^  linkStyle [0-9]+(,[0-9]+)* stroke:(green|red),color:(green|red)$",
        ]
        let regexes = try patterns.map { try Regex($0) }
        for line in lines.dropFirst(4) {
            #expect(regexes.contains { line.wholeMatch(of: $0) != nil }, "not in the grammar: \(line)")
        }
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("click") }, "a line was injected")
        #expect(!lines.contains { $0.hasPrefix("config:") || $0.hasPrefix("  securityLevel") })
    }
}
