import Foundation
import Testing
import TestSupport

/// The trainer's commands, run as the real binary.
@Suite struct TrainerCommandTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path
    var valid: String { fixtures + "/valid/every-feature/scenario.yaml" }
    var fixtureLibrary: [String] { ["--scenarios", fixtures] }

    @Test func lintPrintsEveryProblemWithPositionCodeAndCaret() throws {
        let output = try salessim.run(["lint", fixtures + "/invalid/references"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix("scenario.yaml:14:15: error: [SC0006] reply 1 of node 'arrive' goes to unknown node or ending 'clsoe'") })
        #expect(output.stdout.contains("   14 |         next: clsoe\n      |               ^"))
        #expect(lines.filter { $0.contains(": error: [SC") }.count == 7)
        #expect(output.stdout.hasSuffix("1 file checked: 7 errors, 1 warning\n"))
    }

    @Test func lintOfAValidFileExitsZero() throws {
        let output = try salessim.run(["lint", valid])
        #expect(output.status == 0)
        #expect(output.stdout == "1 file checked: 0 errors, 0 warnings\n")
    }

    @Test func lintOfAMissingPathIsAnError() throws {
        let output = try salessim.run(["lint", "/no/such/folder"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("/no/such/folder:1:1: error: [SC0016] no such file or folder"))
    }

    @Test func testRunsGoldenPlaythroughsAndReportsCoverage() throws {
        let output = try salessim.run(["test", valid, "--verbose"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("  PASS praise and yes-but win [signed, 100% pass]"))
        #expect(output.stdout.contains("coverage: nodes 3/3 (100%), replies"))
        #expect(output.stdout.contains("replies no test takes: arrive#2"))
        #expect(output.stdout.hasSuffix("3 passed, 0 failed\n"))
    }

    @Test func testFailsWithTheLocationOfTheBrokenExpectation() throws {
        let directory = try PackagePaths.temporaryDirectory()
        let file = directory.appendingPathComponent("scenario.yaml")
        try FileManager.default.copyItem(atPath: fixtures + "/rulebook.yaml", toPath: directory.appendingPathComponent("rulebook.yaml").path)
        let text = try String(contentsOfFile: valid, encoding: .utf8).replacingOccurrences(of: "expect: {ending: signed,", with: "expect: {ending: open,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let output = try salessim.run(["test", file.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL praise and yes-but win"))
        #expect(output.stdout.contains("scenario.yaml:65:22: expected ending 'open' but reached 'signed'"))
        #expect(output.stdout.hasSuffix("2 passed, 1 failed\n"))
    }

    @Test func graphPrintsDotAndMermaid() throws {
        let dot = try salessim.run(["graph", valid, "--format", "dot"] + fixtureLibrary)
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph \"fixture-every-feature\" {"))
        #expect(dot.stdout.contains("label=\"objection\""))
        #expect(dot.stdout.contains("\"arrive\" -> \"price\" [label=\"称赞墙上的质量奖状\\nset trust+2\"];"))
        #expect(dot.stdout.contains("\"close\" -> \"end:signed\""))
        #expect(dot.stdout.contains("style=dashed"))

        let mermaid = try salessim.run(["graph", "fixture-every-feature", "--format", "mermaid"] + fixtureLibrary)
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.contains("flowchart LR"))
        #expect(mermaid.stdout.contains("subgraph closing[\"closing\"]"))
        #expect(mermaid.stdout.contains("-.->|\"otherwise · set patience-1\"|"))
    }

    @Test func unknownScenarioIdsSuggestTheClosest() throws {
        let output = try salessim.run(["graph", "fixture-every-featur"] + fixtureLibrary)
        #expect(output.status == 2)
        #expect(output.stderr.contains("no scenario 'fixture-every-featur'"))
        #expect(output.stderr.contains("did you mean 'fixture-every-feature'?"))
    }

    @Test func listShowsScenariosAsATableAndAsJSON() throws {
        let table = try salessim.run(["list"] + fixtureLibrary)
        #expect(table.stdout.contains("fixture-every-feature"))
        #expect(table.stdout.contains("首次拜访·测试"))
        let json = try salessim.run(["list", "--json"] + fixtureLibrary)
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let entry = try #require(entries?.first { $0["id"] as? String == "fixture-every-feature" })
        #expect(entry["temperament"] as? String == "impatient")
        #expect(entry["nodes"] as? Int == 3)
        #expect(entry["language"] as? String == "zh-Hans")
    }

    @Test func checkScoresOneReplyAsJSON() throws {
        let output = try salessim.run(["check", "--rulebook", fixtures + "/rulebook.yaml", "--phase", "payment", "--json", "好吧,可以延期"])
        #expect(output.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(object?["rulebook"] as? Int == 7)
        let rules = try #require(object?["rules"] as? [[String: Any]])
        #expect(rules.count == 1)
        #expect(rules.first?["id"] as? String == "payment.say-no")
        #expect(rules.first?["verdict"] as? String == "violated")
        #expect(rules.first?["evidence"] as? String == "延期")
        #expect(rules.first?["manual"] as? String == "II.6")

        let refusal = try salessim.run(["check", "--rulebook", fixtures + "/rulebook.yaml", "--phase", "payment", "--json", "我不会给您延期"])
        #expect(refusal.stdout.contains("\"verdict\" : \"met\""))
    }

    @Test func checkRejectsUnknownNames() throws {
        let output = try salessim.run(["check", "--phase", "lunch", "hello"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("lunch"))
    }

    @Test func rulesShowsTheRulebookAsATable() throws {
        let output = try salessim.run(["rules", "--rulebook", fixtures + "/rulebook.yaml", "--lang", "en"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Rulebook version 7"))
        #expect(output.stdout.contains("payment.say-no"))
        #expect(output.stdout.contains("5 KO"))
        #expect(output.stdout.contains("phase: payment"))
    }

    @Test(arguments: ["list", "lint", "graph", "test", "check", "rules", "lsp"])
    func everyCommandHasHelpWithAnExample(command: String) throws {
        let output = try salessim.run([command, "--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Example"))
    }

    @Test func aBrokenRulebookIsReportedBeforeAnythingRuns() throws {
        let output = try salessim.run(["rules", "--rulebook", fixtures + "/invalid/rulebook-errors/rulebook.yaml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("rulebook.yaml:1:10: error: [SC0002]"))
        #expect(output.stderr.contains("salessim: error: the rulebook"))
    }
}

/// The built-in library must always lint clean and pass its golden playthroughs.
@Suite struct BuiltInLibraryTests {
    let salessim = CommandRunner()

    @Test func theBuiltInScenariosLintWithoutErrorsOrWarnings() throws {
        let output = try salessim.run(["lint", PackagePaths.scenarios.path], timeout: 600)
        #expect(output.status == 0)
        #expect(output.stdout.hasSuffix(": 0 errors, 0 warnings\n"), "\(output.stdout)")
    }

    @Test func theBuiltInScenariosPassTheirGoldenPlaythroughs() throws {
        // NB: the whole library's playthroughs, in a debug build on a shared machine running the
        // rest of the suite: the time limit only stops a hang (speed is the benchmarks' job).
        let output = try salessim.run(["test", PackagePaths.scenarios.path], timeout: 600)
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains(" 0 failed\n"))
    }
}
