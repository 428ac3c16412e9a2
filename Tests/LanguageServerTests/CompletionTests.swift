import Foundation
import Testing
@testable import LanguageServer

@Suite struct CompletionTests {
    /// Opens the fixture with `edit` applied and asks for completion just after `marker`.
    static func complete(replacing original: String, with edit: String, after marker: String) -> [[String: Any]] {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        let text = ServerSession.scenarioText.replacingOccurrences(of: original, with: edit)
        _ = session.notify("textDocument/didChange", ["textDocument": ["uri": ServerSession.scenarioURI, "version": 2], "contentChanges": [["text": text]]])
        let at = ServerSession.position(of: marker, in: text, offset: marker.utf16.count)
        let result = session.at("textDocument/completion", line: at.line, character: at.character)["result"] as? [String: Any]
        return result?["items"] as? [[String: Any]] ?? []
    }

    static func labels(_ items: [[String: Any]]) -> [String] { items.compactMap { $0["label"] as? String } }

    @Test func completesNodeIdsAfterNextWithTheCustomersLine() {
        let items = CompletionTests.complete(replacing: "        next: price\n      - match: \"@superlative\"", with: "        next: pr\n      - match: \"@superlative\"", after: "next: pr")
        #expect(Set(CompletionTests.labels(items)).isSuperset(of: ["arrive", "price", "close", "signed", "open", "shown-out"]))
        let price = items.first { $0["label"] as? String == "price" }
        #expect(price?["detail"] as? String == "太贵了。")
        let edit = price?["textEdit"] as? [String: Any]
        let start = (edit?["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start?["character"] == 14)
    }

    @Test func completesNodeIdsInATestsPath() {
        let items = CompletionTests.complete(replacing: "path: [arrive, price, close]", with: "path: [arrive, pri", after: "path: [arrive, pri")
        #expect(CompletionTests.labels(items).contains("price"))
    }

    @Test func completesLexiconsOfTheFileAndTheRulebookInAPattern() {
        let items = CompletionTests.complete(replacing: "match: \"@award & 质量\"", with: "match: \"@a", after: "match: \"@a")
        let labels = CompletionTests.labels(items)
        #expect(labels.contains("@award"))
        #expect(labels.contains("@ack"))
        let ack = items.first { $0["label"] as? String == "@ack" }
        #expect((ack?["detail"] as? String)?.hasPrefix("是的 · 对 · 您说得对") == true)
    }

    @Test func completesRuleIdsInJudgeWithTitleAndSection() {
        let items = CompletionTests.complete(replacing: "judge: {opening.style: -1}", with: "judge: {open", after: "judge: {open")
        let style = items.first { $0["label"] as? String == "opening.style" }
        #expect(style?["detail"] as? String == "开场白 · manual I.3a-c")
        #expect(CompletionTests.labels(items).contains("payment.say-no"))
    }

    @Test func completesRuleIdsInABlockUnderJudge() {
        let items = CompletionTests.complete(replacing: "        judge: {opening.style: -1}", with: "        judge:\n          clo", after: "          clo")
        #expect(CompletionTests.labels(items).contains("close.ask"))
    }

    @Test func completesVariablesInSetIfAndWhen() {
        #expect(CompletionTests.labels(CompletionTests.complete(replacing: "set: {trust: +2}", with: "set: {tr", after: "set: {tr")) == ["patience", "trust", "signed"])
        #expect(CompletionTests.labels(CompletionTests.complete(replacing: "if: \"trust >= 1\"", with: "if: \"pat", after: "if: \"pat")).contains("patience"))
    }

    @Test(arguments: [
        ("phase: objection", "phase: ob", ["preparation", "objection", "after-sales"]),
        ("temperament: impatient", "temperament: im", ["impatient", "hesitant", "capricious"]),
        ("role: executor", "role: ex", ["decision-maker", "executor"]),
        ("outcome: lost", "outcome: lo", ["won", "lost", "open"]),
    ])
    func completesTheVocabulary(original: String, edit: String, expected: [String]) {
        let labels = CompletionTests.labels(CompletionTests.complete(replacing: original, with: edit, after: edit))
        #expect(Set(labels).isSuperset(of: expected))
    }

    @Test func offersNothingInFreeText() {
        #expect(CompletionTests.complete(replacing: "hint: 看看墙上。", with: "hint: 看看墙", after: "hint: 看看墙").isEmpty)
    }
}

@Suite struct CorpusTests {
    static let uri = ServerSession.fixtures.appendingPathComponent("corpus.yaml").absoluteString
    static let text = """
    corpus: fixture
    split: tune
    rule-cases:
      - context: {phase: objection}
        text: "是的,可是省墨"
        expect: {objection.yes-but: met, clo
    """

    @Test func completesAndExplainsRuleIdsInACalibrationCorpus() throws {
        var session = ServerSession()
        _ = session.open(CorpusTests.text, uri: CorpusTests.uri)
        let end = ServerSession.position(of: "clo", in: CorpusTests.text, offset: 3)
        let result = session.at("textDocument/completion", line: end.line, character: end.character, uri: CorpusTests.uri)["result"] as? [String: Any]
        let labels = (result?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        #expect(labels.contains("close.ask"))
        _ = session.notify("textDocument/didChange", ["textDocument": ["uri": CorpusTests.uri, "version": 2], "contentChanges": [["text": CorpusTests.text + "se.ask: missed}\n"]]])
        let rule = ServerSession.position(of: "objection.yes-but", in: CorpusTests.text, offset: 2)
        let hover = session.at("textDocument/hover", line: rule.line, character: rule.character, uri: CorpusTests.uri)["result"] as? [String: Any]
        let value = (hover?["contents"] as? [String: Any])?["value"] as? String
        #expect(value?.contains("**objection.yes-but**") == true)
    }
}
