import Foundation
import ScenarioKit
import Testing
import TestSupport

/// Files from many hands: every hostile file gets a diagnostic, never a crash or a hang.
@Suite struct HostileFileTests {
    func load(_ data: Data) -> [Diagnostic] {
        ScenarioLoader.load(data: data, path: "hostile.yaml").diagnostics
    }

    func codes(_ data: Data) -> [String] { load(data).map(\.code.rawValue) }

    @Test func binaryFileIsNotText() {
        #expect(codes(Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF])) == ["SC0016"])
    }

    @Test func invalidUTF8IsReportedAtItsLine() throws {
        let data = Data("scenario: x\ntitle: ".utf8) + Data([0xE5, 0x96]) + Data("\n".utf8)
        let diagnostic = try #require(load(data).first)
        #expect(diagnostic.code == .notText)
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 8)
    }

    @Test func emptyAndBlankFilesAreReported() {
        #expect(codes(Data()) == ["SC0019"])
        #expect(codes(Data("  \n\n".utf8)) == ["SC0019"])
        #expect(codes(Data("# only a comment\n".utf8)) == ["SC0019"])
        #expect(codes(Data("- just\n- a list\n".utf8)) == ["SC0019"])
    }

    @Test func tenMegabyteFileIsRefusedBeforeParsing() throws {
        let directory = try PackagePaths.temporaryDirectory()
        let file = directory.appendingPathComponent("huge.yaml")
        try Data(repeating: 0x61, count: 10 << 20).write(to: file)
        let result = ScenarioLoader.load(path: file.path)
        #expect(result.diagnostics.map(\.code) == [.tooLarge])
    }

    @Test(arguments: [
        String(repeating: "[", count: 100_000),
        String(repeating: "{a: ", count: 50_000),
        String(repeating: "- ", count: 200_000) + "x",
        (0..<1000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
    ])
    func deepNestingIsRefused(text: String) {
        #expect(codes(Data(text.utf8)) == ["SC0018"])
    }

    @Test func aliasBombIsRefused() {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<12 {
            let refs = Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ")
            lines.append("a\(i): &a\(i) [\(refs)]")
        }
        #expect(codes(Data(lines.joined(separator: "\n").utf8)) == ["SC0018"])
    }

    @Test func controlCharactersAreNotText() {
        #expect(codes(Data("scenario: a\u{7}b\n".utf8)) == ["SC0016"])
    }

    @Test func aCycleWithNoExitIsAnError() throws {
        let text = """
        scenario: cycle
        title: cycle
        language: en
        customer: {name: A, role: user, temperament: hesitant, kind: new}
        start: a
        nodes:
          a: {phase: opening, replies: [{match: x, next: b}], otherwise: {next: b}}
          b: {phase: opening, replies: [{match: y, next: a}]}
        endings:
          done: {outcome: won}
        """
        let loaded = ScenarioLoader.load(text: text, path: "cycle.yaml")
        let scenario = try #require(loaded.value as Scenario?)
        let codes = ScenarioValidator.validate(scenario, rulebook: nil).map(\.code)
        #expect(codes.filter { $0 == .noExit }.count == 2)
        #expect(codes.contains(.unusedEnding))
    }

    @Test func everyHostileFileStillReportsAllProblemsAtOnce() {
        let text = """
        scenario: many
        title: [not, text]
        language: klingon
        customer: {name: A, role: boss, temperament: calm, kind: old}
        start: nowhere
        nodes: {}
        endings: {}
        """
        let loaded = ScenarioLoader.load(text: text, path: "many.yaml")
        #expect(loaded.diagnostics.count >= 5)
    }
}
