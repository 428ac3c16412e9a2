import Foundation
import ScenarioKit
import Testing
@testable import LanguageServer

@Suite struct DiagnosticsTests {
    /// The fixture with mistakes: an unknown node, lexicon, rule and variable, one on a line of Chinese.
    static var mistaken: String {
        ServerSession.scenarioText
            .replacingOccurrences(of: "        next: close\n      - match: \"@ack > @contrast\"\n        next: close", with: "        next: clsoe\n      - match: \"@ack > @contrst\"\n        next: close")
            .replacingOccurrences(of: "judge: {opening.style: -1}", with: "judge: {opening.styl: -1}")
            .replacingOccurrences(of: "set: {trust: +2}", with: "set: {trsut: +2}")
            .replacingOccurrences(of: "signed: {outcome: won, narration: 王经理签了字。, judge: {sign.leave-promptly: met}}", with: "signed: {outcome: wonn, narration: 王经理签了字。, judge: {sign.leave-promptly: met}}")
    }

    @Test func publishesWhatLintPrintsForTheFile() throws {
        // Lint the same text from a file beside the same rulebook.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-diagnostics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: ServerSession.rulebookPath, toPath: folder.appendingPathComponent("rulebook.yaml").path)
        let file = folder.appendingPathComponent("scenario.yaml")
        try DiagnosticsTests.mistaken.write(to: file, atomically: true, encoding: .utf8)
        var linter = Linter(fallbackRulebook: nil)
        let expected = linter.lint(paths: [file.path]).diagnostics
        #expect(expected.count >= 5)

        var session = ServerSession()
        let published = session.open(DiagnosticsTests.mistaken, uri: file.absoluteString)
        let lines = TextLines(DiagnosticsTests.mistaken)
        #expect(published.count == expected.count)
        for (diagnostic, lint) in zip(published, expected) {
            #expect(diagnostic["code"] as? String == lint.code.rawValue)
            #expect(diagnostic["message"] as? String == lint.message)
            #expect(diagnostic["severity"] as? Int == (lint.severity == .error ? 1 : 2))
            let start = (diagnostic["range"] as? [String: Any])?["start"] as? [String: Int]
            let position = lines.position(lint.location)
            #expect(start?["line"] == position.line && start?["character"] == position.character)
            let href = (diagnostic["codeDescription"] as? [String: String])?["href"]
            #expect(href == "file:///library/README.md#" + lint.code.rawValue.lowercased())
        }
    }

    @Test func pointsAtTheRightColumnAfterChineseText() {
        var session = ServerSession()
        let text = ServerSession.scenarioText.replacingOccurrences(of: "narration: 王经理签了字。, judge: {sign.leave-promptly: met}", with: "narration: 王经理签了字。, judge: {sign.leave-promptlyy: met}")
        let published = session.open(text)
        let unknown = published.first { $0["code"] as? String == "SC0008" }
        let range = unknown?["range"] as? [String: [String: Int]]
        let expected = ServerSession.position(of: "sign.leave-promptlyy", in: text)
        #expect(range?["start"]?["line"] == expected.line)
        #expect(range?["start"]?["character"] == expected.character)
        #expect(range?["end"]?["character"] == expected.character + "sign.leave-promptlyy".utf16.count)
    }

    @Test func waitsForTheDebounceAfterAChange() {
        var session = ServerSession()
        #expect(session.open(ServerSession.scenarioText).isEmpty)
        let answers = session.notify("textDocument/didChange", [
            "textDocument": ["uri": ServerSession.scenarioURI, "version": 2],
            "contentChanges": [["text": ServerSession.scenarioText.replacingOccurrences(of: "next: open", with: "next: opne")]],
        ])
        #expect(answers.isEmpty)
        #expect(session.server.hasPendingDiagnostics)
        let published = session.server.publishDiagnostics().compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
        let diagnostics = ServerSession.diagnostics(in: published, uri: ServerSession.scenarioURI)
        #expect(diagnostics.contains { ($0["message"] as? String)?.hasSuffix("unknown node or ending 'opne'") == true })
        #expect((published.first?["params"] as? [String: Any])?["version"] as? Int == 2)
        #expect(!session.server.hasPendingDiagnostics)
    }

    @Test func appliesIncrementalChanges() {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        let at = ServerSession.position(of: "next: open", in: ServerSession.scenarioText, offset: 6)
        _ = session.notify("textDocument/didChange", [
            "textDocument": ["uri": ServerSession.scenarioURI, "version": 2],
            "contentChanges": [["range": ["start": ["line": at.line, "character": at.character], "end": ["line": at.line, "character": at.character + 4]], "text": "nowhere"]],
        ])
        let published = session.server.publishDiagnostics().compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
        let diagnostics = ServerSession.diagnostics(in: published, uri: ServerSession.scenarioURI)
        #expect(diagnostics.contains { ($0["message"] as? String)?.contains("'nowhere'") == true })
    }

    @Test func reportsAHugeDocumentAsLintDoes() {
        var session = ServerSession()
        let huge = ServerSession.scenarioText + "# " + String(repeating: "长", count: YAMLDocument.maximumBytes / 3 + 10) + "\n"
        let published = session.open(huge)
        #expect(published.count == 1)
        #expect(published.first?["code"] as? String == "SC0017")
        // The features still answer, without a model.
        #expect(session.at("textDocument/hover", line: 0, character: 0)["result"] is NSNull)
    }

    @Test func lintsTheRulebookAndScenariosAgainstItsBuffer() {
        var session = ServerSession()
        let rulebook = (try? String(contentsOfFile: ServerSession.rulebookPath, encoding: .utf8)) ?? ""
        #expect(session.open(rulebook, uri: ServerSession.rulebookURI).isEmpty)
        #expect(session.open(ServerSession.scenarioText).isEmpty)
        // The rulebook loses a lexicon the scenario uses: the scenario is linted again.
        _ = session.notify("textDocument/didChange", [
            "textDocument": ["uri": ServerSession.rulebookURI, "version": 2],
            "contentChanges": [["text": rulebook.replacingOccurrences(of: "  contrast: [可是, 但是, 不过, but, however]\n", with: "")]],
        ])
        let published = session.server.publishDiagnostics().compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
        let onScenario = ServerSession.diagnostics(in: published, uri: ServerSession.scenarioURI)
        #expect(onScenario.contains { $0["message"] as? String == "unknown lexicon '@contrast'" })
        let onRulebook = ServerSession.diagnostics(in: published, uri: ServerSession.rulebookURI)
        #expect(onRulebook.contains { ($0["message"] as? String)?.hasPrefix("unknown lexicon '@contrast'") == true })
    }
}

@Suite struct OtherYAMLTests {
    @Test func leavesYAMLFilesOutsideTheLibraryAlone() {
        var session = ServerSession()
        let published = session.open("name: CI\non: [push]\njobs: {}\n", uri: "file:///tmp/elsewhere/.github/workflows/ci.yaml")
        #expect(published.isEmpty)
        let uri = "file:///tmp/elsewhere/.github/workflows/ci.yaml"
        _ = session.open("apiVersion: v1\nkind: \n", uri: uri)
        let completion = session.at("textDocument/completion", line: 1, character: 6, uri: uri)["result"] as? [String: Any]
        #expect((completion?["items"] as? [Any])?.isEmpty == true)
        // A scenario anywhere is linted.
        let scenario = session.open("scenario: x\n", uri: "file:///tmp/elsewhere/x.yaml")
        #expect(!scenario.isEmpty)
    }
}

@Suite struct RulebookOnDiskTests {
    @Test func readsARulebookAgainWhenItChangesOnDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-rulebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rulebook = folder.appendingPathComponent("rulebook.yaml")
        let original = try String(contentsOfFile: ServerSession.rulebookPath, encoding: .utf8)
        try original.write(to: rulebook, atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("scenario.yaml").absoluteString
        var session = ServerSession(configuration: .init())
        #expect(session.open(ServerSession.scenarioText, uri: scenario).isEmpty)

        // A `git pull` removes a lexicon the scenario uses.
        try original.replacingOccurrences(of: "  contrast: [可是, 但是, 不过, but, however]\n", with: "").write(to: rulebook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: rulebook.path)
        _ = session.notify("textDocument/didChange", ["textDocument": ["uri": scenario, "version": 2], "contentChanges": [["text": ServerSession.scenarioText + "\n"]]])
        let published = session.server.publishDiagnostics().compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
        #expect(ServerSession.diagnostics(in: published, uri: scenario).contains { $0["message"] as? String == "unknown lexicon '@contrast'" })
    }
}
