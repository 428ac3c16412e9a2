import Foundation
import Testing
@testable import LanguageServer

@Suite struct ServerLifecycleTests {
    @Test func answersMalformedJSONWithAParseError() {
        var session = ServerSession()
        let answers = session.send(Data("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ".utf8))
        #expect(answers.count == 1)
        #expect(answers.first?.errorCode == -32700)
        #expect(answers.first?["id"] is NSNull)
    }

    @Test func answersJSONNestedBeyondReasonWithAParseError() {
        var session = ServerSession()
        #expect(session.send(Data(String(repeating: "[", count: 200_000).utf8)).first?.errorCode == -32700)
        let nested = #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":"# + String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_001)
        #expect(session.send(Data(nested.utf8)).first?.errorCode == -32700)
    }

    @Test func answersJSONThatIsNotAMessageWithInvalidRequest() {
        var session = ServerSession()
        #expect(session.send(Data("[1, 2]".utf8)).first?.errorCode == -32600)
        #expect(session.send(Data(#"{"jsonrpc":"2.0","id":4}"#.utf8)).first?.errorCode == -32600)
    }

    @Test func answersAnUnknownMethodWithMethodNotFound() {
        var session = ServerSession()
        let answer = session.request("workspace/frobnicate", [String: Any]())
        #expect(answer.errorCode == -32601)
    }

    @Test func ignoresAnUnknownNotification() {
        var session = ServerSession()
        #expect(session.notify("$/setTrace", ["value": "off"]).isEmpty)
        #expect(session.notify("custom/whatever", [1, 2]).isEmpty)
    }

    @Test func refusesRequestsBeforeInitialize() {
        var session = ServerSession(initialize: false)
        #expect(session.at("textDocument/hover", line: 0, character: 0).errorCode == -32002)
        #expect(session.request("initialize", ["capabilities": [String: Any]()])["result"] != nil)
    }

    @Test func answersBadParamsWithInvalidParams() {
        var session = ServerSession()
        #expect(session.request("textDocument/hover", ["textDocument": 3]).errorCode == -32602)
    }

    @Test func exitsWithZeroAfterShutdown() {
        var session = ServerSession()
        let answer = session.request("shutdown", NSNull())
        #expect(answer["result"] is NSNull)
        #expect(session.request("textDocument/hover", [String: Any]()).errorCode == -32600)
        _ = session.notify("exit", NSNull())
        #expect(session.server.exitCode == 0)
    }

    @Test func exitsWithOneWithoutShutdown() {
        var session = ServerSession()
        _ = session.notify("exit", NSNull())
        #expect(session.server.exitCode == 1)
    }

    @Test func announcesWhatItCanDo() {
        var session = ServerSession(initialize: false)
        let answer = session.request("initialize", ["capabilities": [String: Any]()])
        let capabilities = (answer["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect(capabilities?["hoverProvider"] as? Bool == true)
        #expect(capabilities?["definitionProvider"] as? Bool == true)
        #expect(capabilities?["positionEncoding"] as? String == "utf-16")
    }
}
