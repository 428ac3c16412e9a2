import ScenarioKit
import Simulation
import Testing
import TestSupport

/// The built-in library covers the whole manual: every rule of RULES.md gets a verdict in some
/// scenario's golden playthroughs, and every scenario is a real practice.
@Suite struct LibraryCoverageTests {
    static let library: [(scenario: Scenario, rulebook: Rulebook)] = {
        var linter = Linter(fallbackRulebook: nil)
        return linter.lint(paths: [PackagePaths.scenarios.path]).scenarios
    }()

    @Test func everyRuleOfTheManualIsExercisedByAtLeastOneScenario() {
        var exercised: Set<String> = []
        for (scenario, rulebook) in Self.library {
            for result in Playthrough(scenario: scenario, rulebook: rulebook).runAll().results {
                for verdict in result.session.verdictsByTurn.joined() where verdict.verdict != .notApplicable {
                    exercised.insert(verdict.rule)
                }
            }
        }
        let missing = ManualRules.ids.filter { !exercised.contains($0) }
        #expect(missing.isEmpty, "rules no scenario exercises: \(missing)")
    }

    @Test func everyScenarioHasAWinningModelAndAFailingPoorPlaythroughAndCoverage() {
        for (scenario, rulebook) in Self.library where !scenario.id.hasPrefix("demo-") {
            let (results, coverage) = Playthrough(scenario: scenario, rulebook: rulebook).runAll()
            let sessions = results.map(\.session)
            #expect(sessions.contains { $0.scorecard.passed && $0.ending?.outcome == .won }, "\(scenario.id): no passing, winning playthrough")
            #expect(sessions.contains { !$0.scorecard.passed }, "\(scenario.id): no failing playthrough")
            #expect(coverage.replyPercent >= 80, "\(scenario.id): reply coverage \(coverage.replyPercent)%")
            let longest = sessions.map(\.turns.count).max() ?? 0
            #expect(longest >= 8, "\(scenario.id): the longest playthrough has \(longest) decisions")
        }
    }

    @Test func theLibraryHasTheCoreVisitsInEnglishToo() {
        let ids = Set(Self.library.map(\.scenario.id))
        for id in ["first-visit-impatient", "first-visit-hesitant", "first-visit-capricious"] {
            #expect(ids.contains(id) && ids.contains(id + "-en"), "\(id) in both languages")
        }
    }
}
