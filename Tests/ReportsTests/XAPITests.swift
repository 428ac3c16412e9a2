import Foundation
import Reports
import Scoring
import Simulation
import Store
import StoreTestSupport
import Testing

/// xAPI 1.0.3 statements built from stored sessions.
@Suite struct XAPITests {
    func statements(responses: Bool = false) throws -> [XAPIStatement] {
        let (store, _) = try HandMadeStore.make()
        let exporter = XAPIExporter()
        return try store.sessions(matching: ReportFilter()).flatMap { exporter.statements(for: try store.withDetails($0), responses: responses) }
    }

    func object(_ statement: XAPIStatement) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(statement.json.utf8)) as? [String: Any])
    }

    @Test func aFinishedSessionGivesAStatementWithTheRequiredFields() throws {
        let all = try statements()
        #expect(all.count == 6, "one per finished session")
        for statement in all {
            let json = try object(statement)
            #expect(UUID(uuidString: try #require(json["id"] as? String)) != nil)
            #expect(json["version"] as? String == "1.0.3")
            let actor = try #require(json["actor"] as? [String: Any])
            let account = try #require(actor["account"] as? [String: Any])
            #expect(account["homePage"] as? String == "https://salessim.example/trainees")
            #expect(account["name"] as? String == actor["name"] as? String)
            let verb = try #require(json["verb"] as? [String: Any])
            #expect(["http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/failed"].contains(verb["id"] as? String ?? ""))
            let activity = try #require(json["object"] as? [String: Any])
            #expect((activity["id"] as? String)?.hasPrefix("https://salessim.example/scenarios/") == true)
            let result = try #require(json["result"] as? [String: Any])
            let score = try #require(result["score"] as? [String: Any])
            let scaled = try #require(score["scaled"] as? Double)
            #expect((0...1).contains(scaled))
            #expect(score["raw"] as? Int == Int((scaled * 100).rounded()))
            #expect(score["min"] as? Int == 0)
            #expect(score["max"] as? Int == 100)
            #expect(result["success"] is Bool)
            #expect(result["completion"] as? Bool == true)
            #expect(result["duration"] as? String == "PT5M")
            let extensions = try #require(result["extensions"] as? [String: Any])
            let rules = try #require(extensions["https://salessim.example/xapi/extensions/rules"] as? [[String: Any]])
            #expect(rules.first?["evidence"] as? String == "您好")
            let context = try #require(json["context"] as? [String: Any])
            let contextExtensions = try #require(context["extensions"] as? [String: Any])
            #expect(contextExtensions["https://salessim.example/xapi/extensions/rulebook-version"] as? Int == 1)
            #expect(json["timestamp"] is String)
        }
    }

    @Test func examsArePassedOrFailedAndPracticeIsCompleted() throws {
        let verbs = try statements().map { statement -> String in
            let json = try object(statement)
            let verb = (json["verb"] as? [String: Any])?["display"] as? [String: String]
            let score = ((json["result"] as? [String: Any])?["score"] as? [String: Any])?["raw"] as? Int ?? -1
            return "\(score) \(verb?["en-US"] ?? "")"
        }
        #expect(verbs.sorted() == ["50 completed", "60 completed", "65 failed", "75 passed", "80 completed", "90 passed"])
    }

    @Test func responsesAddARespondedStatementPerReply() throws {
        let all = try statements(responses: true)
        let responded = all.filter { $0.kind == .responded }
        #expect(responded.count == 6)
        let json = try object(try #require(responded.first))
        #expect(((json["verb"] as? [String: Any])?["id"] as? String) == "http://adlnet.gov/expapi/verbs/responded")
        #expect(((json["result"] as? [String: Any])?["response"] as? String) == "您好,我是小李")
    }

    @Test func statementIdsAreStableNameBasedUUIDs() throws {
        #expect(NameBasedUUID.salessimNamespace.uuidString.lowercased() == "5f3948ec-3bbf-58ff-91a9-af43c57b872a")
        #expect(NameBasedUUID.make(namespace: NameBasedUUID.salessimNamespace, name: "abc/session/rulebook-1").uuidString.lowercased()
                == "1bd615b5-3b02-51ed-aa60-b3f157333dbb")
        let (store, _) = try HandMadeStore.make()
        let record = try store.withDetails(try #require(try store.sessions(matching: ReportFilter(), statuses: [.finished]).first))
        let first = XAPIExporter().statements(for: record, responses: true)
        let second = XAPIExporter().statements(for: record, responses: true)
        #expect(first.map(\.id) == second.map(\.id))
        #expect(first.map(\.json) == second.map(\.json))
        #expect(Set(first.map(\.id)).count == first.count)
    }

    @Test(arguments: [(307.5, "PT5M7.5S"), (3600, "PT1H"), (0, "PT0S"), (7.25, "PT7.25S"), (3725, "PT1H2M5S")])
    func durationsAreISO8601(seconds: Double, text: String) {
        #expect(XAPIExporter.duration(seconds) == text)
    }

    @Test func aRuleJudgedOverAStretchNamesTheTurnItsEvidenceCameFrom() throws {
        let (store, _) = try StoreTestSupport.TestBackend.sqlite.newStore()
        var record = HandMadeStore.session("王小明", "demo", 80, day: 0)
        let ask = RuleVerdict(rule: "close.ask", verdict: .met, earned: 5, possible: 5, evidence: "今天就签吧", manual: "I.6", source: .detector, reason: "")
        let first = Turn(node: "close", phase: .closing, customerLine: "嗯。", reply: "今天就签吧", recognisedIndex: 0, recognisedOption: nil,
                         pickedOption: nil, verdicts: [ask], secondsTaken: 3)
        let second = Turn(node: "terms", phase: .closing, customerLine: "付款呢？", reply: "首付三成", recognisedIndex: 0, recognisedOption: nil,
                          pickedOption: nil, verdicts: [], secondsTaken: 3)
        record.turns = [TurnRecord(index: 0, turn: first, recordedAt: record.startedAt), TurnRecord(index: 1, turn: second, recordedAt: record.startedAt)]
        // Judged once for the stretch of the closing phase: stored at its last turn.
        record.ruleResults = [RuleResultRecord(turnIndex: 1, rule: "close.ask", verdict: .met, earned: 5, possible: 5, evidence: "今天就签吧", manual: "I.6")]
        try store.importSessions([record])
        let stored = try store.withDetails(try store.lastSession())
        let statement = try #require(XAPIExporter().statements(for: stored).first)
        let json = try object(statement)
        let result = try #require(json["result"] as? [String: Any])
        let extensions = try #require(result["extensions"] as? [String: Any])
        let rules = try #require(extensions["https://salessim.example/xapi/extensions/rules"] as? [[String: Any]])
        #expect(rules.first?["turn"] as? Int == 1, "the evidence is from turn 1, not the stretch's last turn 2")
    }
}
