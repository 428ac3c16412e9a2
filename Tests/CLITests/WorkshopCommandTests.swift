import Foundation
import Testing
import TestSupport

/// The trainer's workshop (issue 13): `try` at a node, `play --from`, per-node rule scope, and
/// `test` failures that say where the points went. Run as the real binary on the library.
@Suite struct WorkshopCommandTests {
    let salessim = CommandRunner()
    let phoneCall = PackagePaths.root.appendingPathComponent("Tests/CLITests/Fixtures/phone-switchboard.yaml").path

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: try

    @Test func tryShowsTheReplyTakenTheAnswerTheStateTheNextNodeAndTheVerdicts() throws {
        let output = try salessim.run(["try", "payment-delay", "--node", "plan", "6号下午送过去，5号他们大客户回款"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("payment-delay · node plan (preparation)"))
        #expect(output.stdout.contains("taken: reply 1"))
        #expect(output.stdout.contains("by similarity"))
        #expect(output.stdout.contains("state: goodwill 1 → 2"))
        #expect(output.stdout.contains("next: delivery"))
        #expect(output.stdout.contains("✔ prep.customer-info met"))
        #expect(output.stdout.contains("the other replies:\n  reply 2"))
    }

    @Test func tryAsJSONNamesTheReplyAndHowItWasTaken() throws {
        let output = try salessim.run(["try", "payment-delay", "--node", "plan", "--json", "6号下午送过去，5号他们大客户回款"])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try Self.json(output.stdout)
        #expect(json["by"] as? String == "similarity")
        #expect(json["reply"] as? Int == 1)
        #expect(json["next"] as? String == "delivery")
        #expect((json["replies"] as? [[String: Any]])?.count == 3)
        #expect((json["verdicts"] as? [[String: Any]])?.contains { $0["rule"] as? String == "prep.customer-info" } == true)
    }

    @Test func tryFromTheStartNodeAndWithAStateSet() throws {
        let start = try salessim.run(["try", phoneCall, "您好，麻烦帮我转生产部覃经理，谢谢"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.contains("node switchboard (phone)"))
        #expect(start.stdout.contains("taken: reply 1"))
        // The node switches the phone call's rules off: not judged at the switchboard.
        #expect(!start.stdout.contains("phone.get-meeting"))
        let set = try salessim.run(["try", phoneCall, "--node", "ask", "--set", "patience=1", "--json", "我带样机过去试打"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try Self.json(set.stdout)["next"] as? String == "confirm")
    }

    @Test func tryOfAPhrasingNobodyUnderstandsExitsOne() throws {
        let output = try salessim.run(["try", phoneCall, "--node", "probe", "今天天气不错"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("not understood: 'otherwise' answers"))
        #expect(output.stdout.contains("customer answers: 嗯？"))
        #expect(output.stdout.contains("state: patience 3 → 2"))
    }

    @Test(arguments: [
        (["--node", "prob"], "no node 'prob' in scenario 'phone-switchboard'; did you mean 'probe'?"),
        (["--node", "booked"], "'booked' is an ending"),
        (["--set", "patiense=2"], "has no state variable 'patiense'; did you mean 'patience'?"),
        (["--set", "patience=many"], "--set patience: 'many' is not a whole number"),
        (["--set", "patience"], "write VARIABLE=VALUE"),
    ])
    func tryRefusesWhatCannotBeTriedWithAClearMessage(arguments: [String], words: String) throws {
        let output = try salessim.run(["try", phoneCall] + arguments + ["你好"])
        #expect(output.status == 2)
        #expect(output.stderr.contains(words), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func aPhrasingLongerThanAVisitAcceptsIsRefused() throws {
        let huge = try salessim.run(["try", phoneCall, "--node", "why", String(repeating: "问题头疼", count: 5_000)])
        #expect(huge.status == 64, "\(huge.stderr)")
        #expect(huge.stderr.contains("the phrasing has 20000 characters; a reply in a visit may have at most 2000"), "\(huge.stderr)")
        let longest = try salessim.run(["try", phoneCall, "--node", "why", String(repeating: "问题头疼", count: 500)])
        #expect(longest.status == 0 || longest.status == 1, "\(longest.stderr)")
    }

    // MARK: rule scope and test

    @Test func aSwitchboardWithTheRulesOffScoresItsModelPlaythroughAtOneHundred() throws {
        let output = try salessim.run(["test", phoneCall])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("PASS 示范打法 [booked, 100% pass]"))
        let lint = try salessim.run(["lint", phoneCall])
        #expect(lint.stdout.hasSuffix("1 file checked: 0 errors, 0 warnings\n"), "\(lint.stdout)")
    }

    @Test func withoutTheRulesOffLintWarnsAndTestSaysWhichRulesAtWhichTurnLostThePoints() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let file = folder.appendingPathComponent("phone.yaml")
        let text = try String(contentsOfFile: phoneCall, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("rules: {off:") }.joined(separator: "\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try salessim.run(["lint", file.path])
        #expect(lint.stdout.contains("warning: [SC0028] node 'switchboard' is a gatekeeper's turn (role: gatekeeper) in phase 'phone'"), "\(lint.stdout)")
        #expect(lint.stdout.contains("rules: {off: [meeting.discover, meeting.next-step, listen.questions, phone.get-meeting]}"), "\(lint.stdout)")
        let test = try salessim.run(["test", file.path])
        #expect(test.status == 1)
        #expect(test.stdout.contains("expected a score of at least 100% but got 70%"), "\(test.stdout)")
        #expect(test.stdout.contains("path taken:    switchboard → hello → why → probe → ask → confirm → booked"))
        #expect(test.stdout.contains("turn 1 · switchboard (phone): meeting.discover missed −6, meeting.next-step missed −5, listen.questions missed −5, phone.get-meeting missed −6"))
        #expect(test.stdout.contains("score 53/75 points = 70%"))
    }

    @Test func aWrongPathPrintsTheExpectedPathBesideTheOneTaken() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let file = folder.appendingPathComponent("phone.yaml")
        let text = try String(contentsOfFile: phoneCall, encoding: .utf8)
            .replacingOccurrences(of: "path: [switchboard, hello, why, probe, ask, confirm]", with: "path: [switchboard, hello, probe, ask, confirm]")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let test = try salessim.run(["test", file.path])
        #expect(test.status == 1)
        #expect(test.stdout.contains("path expected: switchboard → hello → probe → ask → confirm"), "\(test.stdout)")
    }

    @Test func anUnknownRuleSwitchedOffIsAnErrorWithASuggestion() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let file = folder.appendingPathComponent("phone.yaml")
        let text = try String(contentsOfFile: phoneCall, encoding: .utf8).replacingOccurrences(of: "off: [phone.get-meeting,", with: "off: [phone.get-meting,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try salessim.run(["lint", file.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error: [SC0008] unknown rule 'phone.get-meting' in 'rules: off' of node 'switchboard'; did you mean 'phone.get-meeting'?"), "\(lint.stdout)")
    }

    @Test func testRulesPrintsWhichRulesEachNodeJudges() throws {
        let output = try salessim.run(["test", "--rules", phoneCall])
        #expect(output.status == 0)
        #expect(output.stdout.contains("| node | phase | rules judged | switched off |"))
        #expect(output.stdout.contains("| `switchboard` | phone | `keyperson.respect-all` 1/0/0 | `phone.get-meeting`, `meeting.next-step`, `listen.questions`, `meeting.discover`, `objection.calm`, `service.after-sales` |"), "\(output.stdout)")
    }

    // MARK: play --from

    @Test func aStretchFromANodeIsRecordedAsSuchAndKeptApartFromVisits() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let db = folder.appendingPathComponent("s.sqlite").path
        let input = folder.appendingPathComponent("replies.txt")
        try "我带样机到您线上试打半小时\n麻烦您准备空瓶，我周三再给您打电话确认\n".write(to: input, atomically: true, encoding: .utf8)
        let play = try salessim.run(["play", phoneCall, "--from", "ask", "--set", "patience=2", "--input", input.path, "--db", db,
                                     "--trainee", "王小明", "--seed", "1"])
        #expect(play.status == 0, "\(play.stderr)")
        #expect(play.stdout.contains("片段练习：从节点 ask 开始"), "\(play.stdout)")
        let show = try salessim.run(["show", "--last", "--db", db])
        #expect(show.stdout.contains("mode: practice, stretch from node ask"), "\(show.stdout)")
        let json = try Self.json(try salessim.run(["show", "--last", "--db", db, "--format", "json"]).stdout)
        #expect(json["stretchFrom"] as? String == "ask")
        let visits = try salessim.run(["report", "--db", db, "--scripted"])
        #expect(visits.stdout.contains("(no sessions match)"), "\(visits.stdout)")
        let stretches = try salessim.run(["report", "--db", db, "--stretches", "--scripted", "--format", "csv"])
        #expect(stretches.stdout.contains("王小明"), "\(stretches.stdout)")
    }

    @Test func playFromAnUnknownNodeSaysSoBeforeTheVisit() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let output = try salessim.run(["play", phoneCall, "--from", "nowhere", "--db", folder.appendingPathComponent("s.sqlite").path,
                                       "--trainee", "王小明"], input: Data("你好\n".utf8))
        #expect(output.status == 2)
        #expect(output.stderr.contains("no node 'nowhere' in scenario 'phone-switchboard'"), "\(output.stderr)")
    }

    // MARK: text variables

    @Test func theCustomerCallsTheTraineeByTheirName() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let output = try salessim.run(["play", "payment-delay", "--trainee", "王小明", "--db", folder.appendingPathComponent("s.sqlite").path, "--seed", "2"],
                                      input: Data("/quit\n".utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("王小明，东莞陈老板那两台机器"), "\(output.stdout)")
        #expect(!output.stdout.contains("{trainee}"))
    }

    @Test func anUnknownTextVariableIsAnErrorWithASuggestion() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let file = folder.appendingPathComponent("phone.yaml")
        let text = try String(contentsOfFile: phoneCall, encoding: .utf8)
            .replacingOccurrences(of: "customer: 好的，您稍等。", with: "customer: \"好的，{traine}，您稍等。现在耐心 {patience}。\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let lint = try salessim.run(["lint", file.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error: [SC0011] unknown text variable '{traine}' in reply 1 of node 'switchboard'; did you mean '{trainee}'?"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("'{patience}'"))
    }
}
