import Foundation
import Testing
@testable import LanguageServer

/// Whatever a client sends, the server answers and goes on.
@Suite struct RobustnessTests {
    @Test(arguments: [(-5, -5), (0, 100_000), (100_000, 0), (Int(Int32.max), Int(Int32.max))])
    func answersPositionsOutsideTheDocument(line: Int, character: Int) {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        for method in ["textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/references"] {
            #expect(session.at(method, line: line, character: character)["result"] != nil, "\(method)")
        }
        #expect(session.at("textDocument/rename", line: line, character: character, extra: ["newName": "x"]).errorCode == -32803)
    }

    @Test func survivesAChangeWithAnImpossibleRange() {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        _ = session.notify("textDocument/didChange", [
            "textDocument": ["uri": ServerSession.scenarioURI, "version": 2],
            "contentChanges": [["range": ["start": ["line": 900, "character": -3], "end": ["line": -1, "character": 7]], "text": "x"]],
        ])
        #expect(session.server.hasPendingDiagnostics)
        _ = session.server.publishDiagnostics()
    }

    @Test func answersCodeActionsForDiagnosticsItNeverSent() {
        var session = ServerSession()
        _ = session.open("scenario: x\n")
        let diagnostic: [String: Any] = [
            "range": ["start": ["line": 0, "character": 500], "end": ["line": 0, "character": 501]],
            "message": "unknown node or ending 'longer-than-the-line-itself'; did you mean 'y'?", "code": "SC0006", "source": "salessim",
        ]
        let result = session.request("textDocument/codeAction", ["textDocument": ["uri": ServerSession.scenarioURI],
                                                                "range": diagnostic["range"] ?? [:], "context": ["diagnostics": [diagnostic]]])
        #expect(result["result"] is [Any])
    }

    @Test func answersRequestsForDocumentsNeverOpened() {
        var session = ServerSession()
        let result = session.at("textDocument/hover", line: 0, character: 0, uri: "file:///nowhere.yaml")
        #expect(result["result"] is NSNull)
        let symbols = session.request("textDocument/documentSymbol", ["textDocument": ["uri": "file:///nowhere.yaml"]])
        #expect((symbols["result"] as? [Any])?.isEmpty == true)
    }

    @Test func survivesHostileYAML() {
        var session = ServerSession()
        let bomb = "scenario: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + (1...9).map { "\(Character(UnicodeScalar(UInt8(97 + $0)))): &\(Character(UnicodeScalar(UInt8(97 + $0)))) [" + Array(repeating: "*\(Character(UnicodeScalar(UInt8(96 + $0))))", count: 9).joined(separator: ",") + "]" }.joined(separator: "\n") + "\n"
        let published = session.open(bomb)
        #expect(published.contains { $0["code"] as? String == "SC0018" })
        let deep = "scenario: x\nnodes: " + String(repeating: "[", count: 10_000) + "\n"
        #expect(session.open(deep, uri: "file:///tmp/deep.yaml").contains { $0["code"] as? String == "SC0018" })
        #expect(session.at("textDocument/completion", line: 1, character: 8, uri: "file:///tmp/deep.yaml")["result"] != nil)
    }
}
