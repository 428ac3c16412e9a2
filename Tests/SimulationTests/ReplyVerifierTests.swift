import ScenarioKit
import Testing
import TestSupport
@testable import Simulation

/// ``ReplyVerifier``: a reply's own words are played with the engine in a state where the reply
/// is offered, and the verdict is the engine's.
@Suite struct ReplyVerifierTests {
    let rulebook: Rulebook

    init() throws {
        rulebook = try Fixtures.rulebook(PackagePaths.scenarios.appendingPathComponent("rulebook.yaml").path)
    }

    func diagnostics(_ replies: String, state: String = "{trust: 0, shown: false}") throws -> [Diagnostic] {
        let yaml = """
        scenario: verify-demo
        title: 回访
        language: zh-Hans
        customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: existing}
        state: \(state)
        start: ask
        nodes:
          ask:
            phase: after-sales
            customer: 你们的售后怎么样？
            replies:
        \(replies)
        endings:
          won: {outcome: won}
        """
        let scenario = try Fixtures.scenario(yaml, rulebook: rulebook)
        return ReplyVerifier.check(scenario, rulebook: rulebook)
    }

    @Test func anOptionOfferedOnlyUnderItsConditionIsPlayedInAStateWhereItHolds() throws {
        let found = try diagnostics("""
              - option: 我们保证准时上门。
                match: "保证 & 上门"
                if: "trust >= 2 and not shown"
                next: won
              - option: 我们的工程师很专业。
                match: "工程师"
                next: won
        """)
        #expect(found.isEmpty, "\(found.map(\.description))")
    }

    @Test func theStateSearchSatisfiesComparisonsAndFlags() throws {
        let scenario = try Fixtures.scenario("""
        scenario: state-demo
        title: 状态
        language: zh-Hans
        customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: existing}
        state: {trust: 0, patience: 3, shown: false}
        start: ask
        nodes:
          ask:
            phase: after-sales
            replies:
              - {match: 好, next: won}
        endings:
          won: {outcome: won}
        """, rulebook: rulebook)
        let condition = try ExpressionParser.parse("trust >= 5 and patience < 2 and shown")
        let state = try #require(StateSearch.state(where: condition, from: scenario))
        #expect(condition.evaluate(in: state) == .bool(true))
        let impossible = try ExpressionParser.parse("trust > 3 and trust < 2")
        #expect(StateSearch.state(where: impossible, from: scenario) == nil)
    }

    @Test func anExampleThatAnEarlierPatternTakesIsAnErrorAtTheExample() throws {
        let found = try diagnostics("""
              - match: "服务"
                next: won
              - option: 我们的售后服务四小时上门。
                match: "四小时"
                examples: ["我们的售后服务响应很快"]
                next: won
        """)
        let codes = found.map(\.code)
        #expect(codes == [.notOwnReply], "\(found.map(\.description))")
        #expect(found.first?.message.hasPrefix("example 1 of reply 2 of node 'ask' is taken as reply 1 (by its pattern)") == true)
    }

    @Test func aFigureThePatternRequiresMayBeRepeated() throws {
        let found = try diagnostics("""
              - option: 我们的工程师四小时上门。
                match: "四小时 | 4小时"
                customer: 四小时？那还行。
                next: won
        """)
        #expect(found.isEmpty, "\(found.map(\.description))")
    }
}
