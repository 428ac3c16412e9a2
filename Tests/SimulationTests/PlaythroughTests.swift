import ScenarioKit
import Simulation
import Testing
import TestSupport

@Suite struct PlaythroughTests {
    @Test func fixtureTestsPassWithFullCoverageOfTakenReplies() throws {
        let scenario = try Fixtures.everyFeature()
        let rulebook = try Fixtures.rulebook()
        let playthrough = Playthrough(scenario: scenario, rulebook: rulebook)
        let (results, coverage) = playthrough.runAll()
        let allPassed = results.allSatisfy { $0.passed }
        #expect(allPassed)
        #expect(coverage.nodePercent == 100)
        #expect(coverage.missingReplies == ["arrive#2", "price#1"] || coverage.missingReplies == ["arrive#2"])
    }

    @Test func failuresSayWhatWasExpectedAndWhere() throws {
        let scenario = try Fixtures.scenario("""
        scenario: fails
        title: fails
        language: en
        customer: {name: A, role: user, temperament: hesitant, kind: new}
        start: a
        nodes:
          a:
            phase: opening
            replies:
              - {option: go, match: go, next: won}
        endings:
          won: {outcome: won}
          lost: {outcome: lost, when: "false"}
        tests:
          - name: wrong ending
            replies: [go]
            expect: {ending: lost, outcome: lost, max-score: 0}
          - name: too many replies
            replies: [go, again]
            expect: {ending: won}
          - name: bad option
            replies: ["#3"]
            expect: {ending: won}
        """)
        let rulebook = try Fixtures.rulebook()
        let results = Playthrough(scenario: scenario, rulebook: rulebook).runAll().results
        #expect(results[0].failures.map(\.message).contains { $0.contains("expected ending 'lost' but reached 'won'") })
        #expect(results[0].failures.count == 3)
        #expect(results[1].failures.map(\.message) == ["the visit already ended ('won') before reply 2"])
        #expect(results[2].failures.first?.message.contains("picks option #3, but node 'a' offers 1 option") == true)
        #expect(results[2].failures.first?.location.line == 22)
    }
}
