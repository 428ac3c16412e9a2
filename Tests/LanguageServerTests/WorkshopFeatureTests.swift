import Foundation
import Testing
@testable import LanguageServer

/// The workshop in the editor: text variables completed, rules switched off completed, and
/// "Try this reply here" running `salessim try` at the reply's node.
@Suite struct WorkshopFeatureTests {
    @Test func completesTextVariablesInWhatTheCustomerSays() {
        let items = CompletionTests.complete(replacing: "        customer: 还行吧。", with: "        customer: \"还行吧，{tr", after: "还行吧，{tr")
        let labels = CompletionTests.labels(items)
        #expect(labels.contains("trainee"))
        #expect(labels.contains("customer"))
        #expect(labels.contains("patience"), "state variables too: \(labels)")
        #expect(!labels.contains("reply"), "{reply} is for clarify: only")
    }

    @Test func completesRuleIdsOfRulesSwitchedOff() {
        let items = CompletionTests.complete(replacing: "    customer: 太贵了。", with: "    rules: {off: [objection.y\n    customer: 太贵了。", after: "off: [objection.y")
        #expect(CompletionTests.labels(items).contains("objection.yes-but"))
    }

    @Test func offersToTryAnOptionAtItsNodeAndRunsIt() throws {
        var session = ServerSession()
        let text = ServerSession.scenarioText
        _ = session.open(text)
        let at = ServerSession.position(of: "- option: 称赞墙上的质量奖状", in: text)
        let range: [String: Any] = ["start": ["line": at.line, "character": at.character], "end": ["line": at.line, "character": at.character]]
        let result = session.request("textDocument/codeAction", ["textDocument": ["uri": ServerSession.scenarioURI], "range": range, "context": ["diagnostics": [Any]()]])
        let actions = result["result"] as? [[String: Any]] ?? []
        let action = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("Try this reply here") == true }, "\(actions)")
        let command = try #require(action["command"] as? [String: Any])
        #expect(command["command"] as? String == "salessim.try")
        let arguments = try #require(command["arguments"] as? [String])
        #expect(arguments.dropFirst().first == "arrive")
        #expect(arguments.last == "称赞墙上的质量奖状")
        let answers = session.send(try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "id": 99, "method": "workspace/executeCommand", "params": ["command": "salessim.try", "arguments": arguments],
        ]))
        let response = try #require(answers.first { ($0["id"] as? Int) == 99 })
        let summary = try #require(response["result"] as? String, "\(response)")
        #expect(summary.contains("at 'arrive': taken as reply 1"), "\(summary)")
        #expect(summary.contains("next: price"))
        #expect(answers.contains { $0["method"] as? String == "window/showMessage" })
    }

    @Test func anUnknownCommandOrNodeIsAnInvalidParamsError() throws {
        var session = ServerSession()
        _ = session.open(ServerSession.scenarioText)
        let unknown = session.request("workspace/executeCommand", ["command": "salessim.nothing", "arguments": [String]()])
        #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32602)
        let node = session.request("workspace/executeCommand", ["command": "salessim.try", "arguments": [ServerSession.scenarioURI, "nowhere", "你好"]])
        #expect(((node["error"] as? [String: Any])?["message"] as? String)?.contains("no node 'nowhere'") == true)
    }
}
