import Foundation
import Testing
import TestSupport

/// `salessim lint`'s checks made with the engine (SC0025-SC0027), rulebooks told by content, and
/// `salessim test` on files with errors, run as the real binary.
@Suite struct LintVerifyCommandTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path

    @Test func lintPlaysOptionsAndExamplesWithTheEngine() throws {
        let output = try salessim.run(["lint", fixtures + "/invalid/reply-verification"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix("scenario.yaml:43:17: error: [SC0025] the option text of reply 7 of node 'ask' is taken as reply 1 (by its pattern), not as its own reply: a trainee who says it gets reply 1's answer; narrow reply 1's 'match' or reword the text") })
        #expect(lines.contains { $0.contains("scenario.yaml:40:16: error: [SC0026] the 'match' of reply 6 of node 'ask' never decides: reply 4's 'match' (准时 | 上门)") })
        #expect(lines.contains { $0.contains("scenario.yaml:17:19: warning: [SC0027] the customer's answer to reply 1 of node 'ask' names 「四小时」") })
        #expect(output.stdout.contains("   17 |         customer: 四小时？那还行。\n      |                   ^"))
        #expect(output.stdout.hasSuffix("1 file checked: 4 errors, 3 warnings\n"))
    }

    @Test func theLibraryLintsCleanWithTheEngineChecks() throws {
        let library = PackagePaths.root.appendingPathComponent("Scenarios").path
        let output = try salessim.run(["lint", library], timeout: 300)
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.hasSuffix(": 0 errors, 0 warnings\n"), "\(output.stdout)")
    }

    @Test func aRulebookCopyIsLintedAsARulebookWhateverItsName() throws {
        let directory = try PackagePaths.temporaryDirectory()
        let copy = directory.appendingPathComponent("new-rulebook.yaml").path
        try FileManager.default.copyItem(atPath: PackagePaths.root.appendingPathComponent("Scenarios/rulebook.yaml").path, toPath: copy)
        // Without the learned model it names, the copy says so, at its `learned:` line.
        let alone = try salessim.run(["lint", copy])
        #expect(alone.status == 1)
        #expect(alone.stdout.contains("new-rulebook.yaml:") && alone.stdout.contains("error: [SC0031]") && alone.stdout.contains("salessim learn"))
        try FileManager.default.copyItem(atPath: PackagePaths.root.appendingPathComponent("Scenarios/learned-verdicts.tsv").path,
                                         toPath: directory.appendingPathComponent("learned-verdicts.tsv").path)
        let output = try salessim.run(["lint", copy])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout == "1 file checked: 0 errors, 0 warnings\n")
    }

    @Test func testOfAFileWithErrorsPrintsThemAndClaimsNoCoverage() throws {
        let output = try salessim.run(["test", fixtures + "/invalid/references/scenario.yaml"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: [SC0006]"))
        #expect(!output.stdout.contains("reply coverage"))
        #expect(output.stderr.contains("no scenario tested: 1 file with errors (above)"))
    }
}
