import Foundation
import Testing
@testable import LanguageServer

@Suite struct CodeActionTests {
    /// The fixture with `original` replaced, its diagnostics, and the actions offered for them.
    static func actions(replacing original: String, with edit: String) -> (text: String, actions: [[String: Any]]) {
        var session = ServerSession()
        let text = ServerSession.scenarioText.replacingOccurrences(of: original, with: edit)
        let diagnostics = session.open(text)
        let range = diagnostics.first?["range"] ?? [:]
        let result = session.request("textDocument/codeAction", ["textDocument": ["uri": ServerSession.scenarioURI], "range": range, "context": ["diagnostics": diagnostics]])
        return (text, result["result"] as? [[String: Any]] ?? [])
    }

    static func edits(_ action: [String: Any]?) -> [[String: Any]] {
        ((action?["edit"] as? [String: Any])?["changes"] as? [String: Any])?[ServerSession.scenarioURI] as? [[String: Any]] ?? []
    }

    @Test func appliesLintsSuggestionForALexicon() throws {
        let (text, actions) = CodeActionTests.actions(replacing: "match: \"@ack > @contrast\"\n        if:", with: "match: \"@ack > @contrst\"\n        if:")
        let action = try #require(actions.first { ($0["title"] as? String)?.contains("'@contrast'") == true })
        let edit = try #require(CodeActionTests.edits(action).first)
        #expect(edit["newText"] as? String == "@contrast")
        let start = (edit["range"] as? [String: Any])?["start"] as? [String: Int]
        let expected = ServerSession.position(of: "@contrst", in: text)
        #expect(start?["line"] == expected.line && start?["character"] == expected.character)
    }

    @Test func appliesLintsSuggestionForARule() throws {
        let (_, actions) = CodeActionTests.actions(replacing: "judge: {opening.style: -1}", with: "judge: {opening.styl: -1}")
        let action = try #require(actions.first)
        #expect(action["title"] as? String == "Change 'opening.styl' to 'opening.style'")
        #expect(CodeActionTests.edits(action).first?["newText"] as? String == "opening.style")
    }

    @Test func addsAStubForAMissingNodeInThePhaseOfTheNodeThatNamesIt() throws {
        let (text, actions) = CodeActionTests.actions(replacing: "        next: price\n      - match: \"@superlative\"", with: "        next: small-talk\n      - match: \"@superlative\"")
        let action = try #require(actions.first { $0["title"] as? String == "Add a node 'small-talk'" })
        let edit = try #require(CodeActionTests.edits(action).first)
        #expect(edit["newText"] as? String == "  small-talk:\n    phase: opening\n    customer: \"…\"\n    replies:\n      - option: \"…\"\n")
        let start = (edit["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start?["line"] == ServerSession.position(of: "endings:", in: text).line)
    }
}
