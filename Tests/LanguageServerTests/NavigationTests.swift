import Foundation
import Testing
@testable import LanguageServer

@Suite struct NavigationTests {
    static func session() -> ServerSession {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        return session
    }

    static func request(_ method: String, on needle: String, offset: Int = 1, extra: [String: Any] = [:]) -> [String: Any] {
        var session = NavigationTests.session()
        let at = ServerSession.position(of: needle, in: ServerSession.scenarioText, offset: offset)
        return session.at(method, line: at.line, character: at.character, extra: extra)
    }

    @Test func jumpsToALexiconInTheRulebook() throws {
        let result = try #require(NavigationTests.request("textDocument/definition", on: "@contrast", offset: 3)["result"] as? [[String: Any]])
        #expect(result.first?["uri"] as? String == ServerSession.rulebookURI)
        let start = (result.first?["range"] as? [String: Any])?["start"] as? [String: Int]
        let rulebook = (try? String(contentsOfFile: ServerSession.rulebookPath, encoding: .utf8)) ?? ""
        let expected = ServerSession.position(of: "contrast: [", in: rulebook)
        #expect(start?["line"] == expected.line && start?["character"] == expected.character)
    }

    @Test func jumpsToANodeAVariableAndTheFilesOwnLexicon() throws {
        for (needle, offset, definition) in [("next: close", 7, "  close:"), ("trust >= 1", 1, "trust: 0"), ("@award", 2, "award: [")] {
            let result = try #require(NavigationTests.request("textDocument/definition", on: needle, offset: offset)["result"] as? [[String: Any]])
            let start = (result.first?["range"] as? [String: Any])?["start"] as? [String: Int]
            let expected = ServerSession.position(of: definition, in: ServerSession.scenarioText, offset: definition.hasPrefix("  ") ? 2 : 0)
            #expect(start?["line"] == expected.line && start?["character"] == expected.character, "definition of \(needle)")
        }
    }

    @Test func jumpsToARuleInTheRulebook() throws {
        let result = try #require(NavigationTests.request("textDocument/definition", on: "close.ask: met", offset: 2)["result"] as? [[String: Any]])
        #expect(result.first?["uri"] as? String == ServerSession.rulebookURI)
    }

    @Test func findsEveryReferenceToANode() throws {
        let result = try #require(NavigationTests.request("textDocument/references", on: "  price:", offset: 3, extra: ["context": ["includeDeclaration": true]])["result"] as? [[String: Any]])
        // The definition, three `next:` and a test's path.
        #expect(result.count == 5)
        let without = try #require(NavigationTests.request("textDocument/references", on: "  price:", offset: 3, extra: ["context": ["includeDeclaration": false]])["result"] as? [[String: Any]])
        #expect(without.count == 4)
    }

    @Test func findsAVariablesUsesInExpressionsAndEffects() throws {
        let result = try #require(NavigationTests.request("textDocument/references", on: "patience: 2", offset: 1, extra: ["context": ["includeDeclaration": true]])["result"] as? [[String: Any]])
        // state, two `set:`, the otherwise of price, and `when:` of shown-out.
        #expect(result.count == 5)
    }

    @Test func renamesANodeEverywhereInTheFile() throws {
        let result = try #require(NavigationTests.request("textDocument/rename", on: "next: close", offset: 7, extra: ["newName": "decide"])["result"] as? [String: Any])
        let edits = try #require((result["changes"] as? [String: Any])?[ServerSession.scenarioURI] as? [[String: Any]])
        #expect(edits.count == 4)
        #expect(edits.allSatisfy { $0["newText"] as? String == "decide" })
    }

    @Test func refusesARenameToAnInvalidOrTakenName() {
        #expect(NavigationTests.request("textDocument/rename", on: "next: close", offset: 7, extra: ["newName": "Bad Name"]).errorCode == -32803)
        #expect(NavigationTests.request("textDocument/rename", on: "next: close", offset: 7, extra: ["newName": "price"]).errorCode == -32803)
        #expect(NavigationTests.request("textDocument/rename", on: "close.ask: met", offset: 2, extra: ["newName": "x"]).errorCode == -32803)
    }

    @Test func outlinesNodesByPhaseThenEndings() throws {
        var session = NavigationTests.session()
        let result = try #require(session.request("textDocument/documentSymbol", ["textDocument": ["uri": ServerSession.scenarioURI]])["result"] as? [[String: Any]])
        let names = result.compactMap { $0["name"] as? String }
        #expect(names == ["opening", "objection", "closing", "endings", "lexicons", "state"])
        let opening = result.first?["children"] as? [[String: Any]]
        #expect(opening?.first?["name"] as? String == "arrive")
        #expect(opening?.first?["detail"] as? String == "有什么事?我只有五分钟。")
    }
}
