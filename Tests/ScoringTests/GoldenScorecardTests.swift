import Foundation
import ScenarioKit
import Simulation
import Testing
import TestSupport

/// The example scenarios' golden playthroughs, scored by the built-in rulebook, against their
/// recorded transcripts and scorecards in `Golden/`. A change in the rulebook or the scorer
/// that moves a point shows up here; accept it with `UPDATE_GOLDEN=1 swift test`.
@Suite struct GoldenScorecardTests {
    static let examples = ["zh-Hans/demo-first-visit.yaml", "en/demo-phone-call.yaml"]

    @Test(arguments: examples)
    func examplePlaythroughsScoreAsRecorded(file: String) throws {
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [PackagePaths.scenarios.appendingPathComponent(file).path])
        let (scenario, rulebook) = try #require(report.scenarios.first)
        var text = "rulebook version \(rulebook.version)\n"
        for test in scenario.tests {
            let result = Playthrough(scenario: scenario, rulebook: rulebook).run(test)
            text += "## \(test.name)\n" + TranscriptText.render(result.session) + "\n"
        }
        let golden = PackagePaths.root.appendingPathComponent("Tests/ScoringTests/Golden/\(scenario.id).txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "\(golden.lastPathComponent) differs; UPDATE_GOLDEN=1 swift test accepts an intended change")
    }

    @Test func theSameTranscriptAlwaysGetsTheSameScorecard() throws {
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [PackagePaths.scenarios.appendingPathComponent(Self.examples[0]).path])
        let (scenario, rulebook) = try #require(report.scenarios.first)
        let test = try #require(scenario.tests.first)
        let first = Playthrough(scenario: scenario, rulebook: rulebook).run(test).session.scorecard
        for _ in 0..<5 {
            #expect(Playthrough(scenario: scenario, rulebook: rulebook).run(test).session.scorecard == first)
        }
    }
}
