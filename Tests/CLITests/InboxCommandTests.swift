import Foundation
import Testing
import TestSupport

/// `salessim inbox` on a store filled by scripted plays of a copy of the library: the list, the
/// JSON, the review over a pseudo-terminal, and the inbox file the loader and lint read.
@Suite struct InboxCommandTests {
    let salessim = CommandRunner()

    /// A copy of the library and a store with two scripted visits to phone-new-lead, each typing
    /// three replies the switchboard does not understand.
    func filledStore() throws -> (folder: URL, scenarios: String, db: String) {
        let folder = try PackagePaths.temporaryDirectory()
        let scenarios = folder.appendingPathComponent("Scenarios").path
        try FileManager.default.copyItem(atPath: PackagePaths.scenarios.path, toPath: scenarios)
        let db = folder.appendingPathComponent("s.sqlite").path
        let input = folder.appendingPathComponent("replies.txt")
        try "你好，我是小李\n今天天气不错\n我们聊聊吧\n/quit\n".write(to: input, atomically: true, encoding: .utf8)
        for seed in ["1", "2"] {
            let play = try salessim.run(["play", "phone-new-lead", "--input", input.path, "--db", db, "--scenarios", scenarios,
                                         "--trainee", "王小明", "--seed", seed])
            #expect(play.status == 0, "\(play.stderr)")
        }
        return (folder, scenarios, db)
    }

    @Test func listsWhatNobodyUnderstoodByScenarioAndNodeWithCountsAndTheClosestReply() throws {
        let (_, scenarios, db) = try filledStore()
        let output = try salessim.run(["inbox", "--list", "--db", db, "--scenarios", scenarios])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("phone-new-lead · switchboard — customer: 您好，白云日化。"), "\(output.stdout)")
        #expect(output.stdout.contains("2× not understood: «今天天气不错»"))
        #expect(output.stdout.contains("2× not understood: «你好，我是小李» — closest: reply 1"))
        let other = try salessim.run(["inbox", "--list", "--scenario", "payment-delay", "--db", db, "--scenarios", scenarios])
        #expect(other.stdout.hasPrefix("The inbox is empty"), "\(other.stdout)")
    }

    @Test func jsonGivesEachPhrasingWithItsCountAndNode() throws {
        let (_, scenarios, db) = try filledStore()
        let output = try salessim.run(["inbox", "--json", "--db", db, "--scenarios", scenarios])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0["node"] as? String == "switchboard" && $0["count"] as? Int == 2 && $0["understoodBy"] as? String == "none" })
        #expect(items.contains { $0["text"] as? String == "我们聊聊吧" })
    }

    @Test func theReviewWritesDecisionsToTheInboxFileAndTheScenarioUnderstandsTheAcceptedPhrasing() throws {
        let (folder, scenarios, db) = try filledStore()
        let scenarioFile = scenarios + "/zh-Hans/phone-new-lead.yaml"
        let before = try Data(contentsOf: URL(fileURLWithPath: scenarioFile))
        let terminal = try PseudoTerminal(
            executable: PackagePaths.salessim.path, arguments: ["inbox", "--db", db, "--scenarios", scenarios],
            environment: ["HOME": folder.path, "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"], columns: 100, rows: 40)
        defer { terminal.kill() }
        for answer in ["1", "d", "n"] {
            _ = try terminal.expect("n, d, Enter, q> ", timeout: 30)
            _ = terminal.waitForRawMode(timeout: 10)
            try terminal.send(answer + "\r")
            _ = try terminal.expect("written to ", timeout: 30)
        }
        _ = try terminal.expect("3 decided.", timeout: 30)
        #expect(terminal.waitForExit(timeout: 30) == 0)
        // The trainer's file is untouched; the decisions are in the inbox file beside it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: scenarioFile)) == before)
        let sidecar = try String(contentsOfFile: scenarios + "/zh-Hans/phone-new-lead.inbox.yaml", encoding: .utf8)
        #expect(sidecar.contains("inbox-for: \"phone-new-lead\""))
        #expect(sidecar.contains("examples:"))
        #expect(sidecar.contains("dismissed:"))
        #expect(sidecar.contains("new-replies:"))
        // Decided phrasings leave the inbox; the accepted one is now understood at the node.
        let after = try salessim.run(["inbox", "--list", "--db", db, "--scenarios", scenarios])
        #expect(after.stdout.hasPrefix("The inbox is empty"), "\(after.stdout)")
        let lint = try salessim.run(["lint", scenarios + "/zh-Hans/phone-new-lead.yaml"])
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test func anAcceptedPhrasingCountsAsAnExampleOfItsReply() throws {
        let (_, scenarios, _) = try filledStore()
        let file = scenarios + "/zh-Hans/phone-new-lead.yaml"
        let sidecar = "inbox-for: phone-new-lead\nexamples:\n  - {node: switchboard, reply: 1, text: \"请找一下生产部门那位覃女士\"}\n"
        let before = try salessim.run(["try", file, "--json", "请找一下生产部门那位覃女士"])
        try sidecar.write(toFile: scenarios + "/zh-Hans/phone-new-lead.inbox.yaml", atomically: true, encoding: .utf8)
        let after = try salessim.run(["try", file, "--json", "请找一下生产部门那位覃女士"])
        #expect(after.status == 0, "\(after.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect(json["reply"] as? Int == 1)
        #expect(before.stdout != after.stdout)
    }

    @Test(arguments: [
        ("inbox-for: phone-new-lead\nexamples:\n  - {node: swichboard, reply: 1, text: \"x\"}\n",
         "phone-new-lead.inbox.yaml:3:40: error: [SC0006] the inbox file names node 'swichboard', which scenario 'phone-new-lead' no longer has; did you mean 'switchboard'?"),
        ("inbox-for: phone-new-lead\nexamples:\n  - {node: switchboard, reply: 9, text: \"x\"}\n",
         "phone-new-lead.inbox.yaml:3:41: error: [SC0015] the inbox file accepts a phrasing as reply 9 of node 'switchboard', which has 2 replies"),
        ("inbox-for: phone-new-lead\nexamples:\n  - {node: switchboard, text: \"x\"}\n",
         "phone-new-lead.inbox.yaml:3:5: error: [SC0003]"),
        ("inbox-for: payment-delay\nexamples:\n  - {node: switchboard, reply: 1, text: \"x\"}\n",
         "error: [SC0015] this inbox file is for scenario 'payment-delay', but it sits beside 'phone-new-lead'"),
    ])
    func aBrokenInboxFileIsReportedAtItsLine(text: String, words: String) throws {
        let (_, scenarios, _) = try filledStore()
        try text.write(toFile: scenarios + "/zh-Hans/phone-new-lead.inbox.yaml", atomically: true, encoding: .utf8)
        let lint = try salessim.run(["lint", scenarios])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains(words), "\(lint.stdout)")
    }

    @Test func anInboxFileWithoutItsScenarioIsAnError() throws {
        let folder = try PackagePaths.temporaryDirectory()
        try "inbox-for: gone\n".write(to: folder.appendingPathComponent("gone.inbox.yaml"), atomically: true, encoding: .utf8)
        let lint = try salessim.run(["lint", folder.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("gone.inbox.yaml:1:1: error: [SC0015] an inbox file must sit beside its scenario as NAME.inbox.yaml (no gone.yaml here)"), "\(lint.stdout)")
    }

    @Test func aBadDateIsAUsageError() throws {
        let output = try salessim.run(["inbox", "--since", "yesterday"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--since: 'yesterday' is not a date"))
    }
}
