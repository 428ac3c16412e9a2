import Foundation
import Testing
import TestSupport

/// The manual as the source of truth: feedback quotes checked against it (`lint --manual`),
/// and the rules catalogue generated from the rulebook (`rules --format markdown`).
@Suite struct ManualCommandTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path
    var quotes: String { fixtures + "/invalid/manual-quotes" }
    /// Where CI keeps the company's manual: beside the clone.
    static let companyManual = PackagePaths.root.deletingLastPathComponent()
        .appendingPathComponent("shared/manual/training-manual.zh-Hant.txt").path

    @Test func theCommittedCatalogueIsTheRulebooksOutput() throws {
        let output = try salessim.run(["rules", "--format", "markdown", "--scenarios", PackagePaths.scenarios.path])
        #expect(output.status == 0)
        let committed = try String(contentsOf: PackagePaths.root.appendingPathComponent("docs/RULES.md"), encoding: .utf8)
        #expect(output.stdout == committed, "docs/RULES.md is stale: run 'salessim rules --format markdown > docs/RULES.md'")
    }

    @Test func theCatalogueListsEveryRuleWithItsSectionWeightAndPlace() throws {
        let output = try salessim.run(["rules", "--format", "markdown", "--rulebook", fixtures + "/rulebook.yaml"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains("| id | manual | what the trainee must do | observed by | weight | where it applies |"))
        #expect(lines.contains { $0.hasPrefix("| payment.say-no | II.6 |") && $0.contains("| 5, knockout | phase: payment |") })
        #expect(lines.contains { $0.hasPrefix("| opening.style | I.3a-c | Opening (开场白) | text | 2 |") })
    }

    @Test func theReadmesLinkTheCatalogueThatExists() throws {
        #expect(FileManager.default.fileExists(atPath: PackagePaths.root.appendingPathComponent("docs/RULES.md").path))
        for readme in ["README.md", "Scenarios/README.md"] {
            let text = try String(contentsOf: PackagePaths.root.appendingPathComponent(readme), encoding: .utf8)
            #expect(!text.contains("manual/RULES.md"), "\(readme) still points at manual/RULES.md")
            #expect(text.contains("docs/RULES.md"))
        }
    }

    @Test func quotesTheManualDoesNotContainAreErrorsAtTheirPlace() throws {
        let output = try salessim.run(["lint", quotes])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("rulebook.yaml:17:36: error: [SC0024] quote not in the manual: 「先认同再引导」") })
        #expect(lines.contains { $0.hasSuffix("rulebook.yaml:21:14: error: [SC0024] quote not in the manual: 「正面反驳」") })
        #expect(lines.contains { $0.hasSuffix("rulebook.yaml:22:43: error: [SC0024] quote not in the manual: 「head-on」") })
        #expect(lines.contains { $0.hasSuffix("scenario.yaml:9:27: error: [SC0024] quote not in the manual: 『勇敢地促成』") })
        #expect(!output.stdout.contains("manual: 「临门一脚」") && !output.stdout.contains("manual: 「臨門一腳」"))
        #expect(output.stdout.hasSuffix("2 files checked: 4 errors, 0 warnings\n"))
    }

    @Test func anExplicitManualWinsOverTheRulebooks() throws {
        let manual = FileManager.default.temporaryDirectory.appendingPathComponent("manual-\(UUID().uuidString).txt")
        try "處理拒絕意見時要先認同再引導，不能正面反駁。臨門一腳。勇敢地促成。是的、是的、可是。銷售從拒絕開始。head-on".write(to: manual, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: manual) }
        let output = try salessim.run(["lint", "--manual", manual.path, quotes])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.hasSuffix("2 files checked: 0 errors, 0 warnings\n"))
    }

    @Test(arguments: ["/no/such/manual.txt", "/tmp"])
    func aManualThatCannotBeReadStopsLint(path: String) throws {
        let output = try salessim.run(["lint", "--manual", path, quotes])
        #expect(output.status == 2)
        #expect(output.stderr.contains("cannot read the manual '\(path)'"))
    }

    @Test func aManualThatIsNotTextStopsLint() throws {
        let manual = FileManager.default.temporaryDirectory.appendingPathComponent("manual-\(UUID().uuidString).txt")
        try Data([0xE6, 0x89, 0x8B, 0xFF, 0xFE]).write(to: manual)
        defer { try? FileManager.default.removeItem(at: manual) }
        let output = try salessim.run(["lint", "--manual", manual.path, quotes])
        #expect(output.status == 2)
        #expect(output.stderr.contains("is not UTF-8 text"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: companyManual), "needs the company's manual beside the clone"))
    func theLibraryQuotesTheCompanysManualVerbatim() throws {
        let output = try salessim.run(["lint", "--quiet", "--manual", Self.companyManual, PackagePaths.scenarios.path], timeout: 600)
        #expect(!output.stdout.contains("[SC0024]"), "\(output.stdout)")
        #expect(output.status == 0)
    }
}
