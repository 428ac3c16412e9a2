import ScenarioKit
import Scoring
import Simulation
import Testing
import TestSupport

@Suite struct SessionTests {
    let rulebook: Rulebook
    let scenario: Scenario

    init() throws {
        rulebook = try Fixtures.rulebook()
        scenario = try Fixtures.everyFeature()
    }

    func started(seed: UInt64 = 1) -> Session {
        var session = Session(scenario: scenario, rulebook: rulebook, seed: seed)
        session.start()
        return session
    }

    @Test func startEntersTheStartNodeWithNarrationAndACustomerLine() {
        let session = started()
        #expect(session.currentNode == "arrive")
        #expect(session.path == ["arrive"])
        #expect(session.events.contains(.narration("王经理一边看表一边示意你坐下。")))
        #expect(["有什么事?我只有五分钟。", "说吧,什么事。"].contains(session.lastCustomerLine))
    }

    @Test func theSameSeedGivesTheSameSessionAndSeedsVaryTheLines() {
        var lines: Set<String> = []
        for seed in 1...20 {
            var a = started(seed: UInt64(seed)), b = started(seed: UInt64(seed))
            for reply in ["嗯", "好", "墙上的质量奖状真多"] { a.reply(reply); b.reply(reply) }
            #expect(a.events == b.events)
            lines.insert(started(seed: UInt64(seed)).lastCustomerLine)
        }
        #expect(lines.count == 2)
    }

    @Test func aMatchingReplyMovesOnAndAppliesItsEffects() {
        var session = started()
        session.reply("墙上这么多質量獎狀")
        #expect(session.currentNode == "price")
        #expect(session.state["trust"] == .int(2))
        #expect(session.turns.last?.recognisedIndex == 0)
    }

    @Test func noMatchTakesOtherwiseAndStays() {
        var session = started()
        session.reply("今天天气不错")
        #expect(session.currentNode == "arrive")
        #expect(session.state["patience"] == .int(1))
        #expect(session.turns.last?.recognisedIndex == nil)
    }

    @Test func aConditionalEndingFiresWhenItsConditionHolds() {
        var session = started()
        session.reply("嗯")
        session.reply("嗯")
        #expect(session.ending?.id == "shown-out")
        #expect(session.ending?.outcome == .lost)
        #expect(session.isFinished && session.currentNode == nil)
        #expect(session.reply("还在吗") == [])
    }

    @Test func conditionsChooseBetweenReplies() {
        var withTrust = started()
        withTrust.reply("质量奖状")
        withTrust.reply("是的,可是省墨")
        #expect(withTrust.turns.last?.recognisedIndex == 0)
        #expect(withTrust.state["trust"] == .int(4))

        var withoutTrust = started()
        withoutTrust.choose(option: 2)
        withoutTrust.reply("是的,可是省墨")
        #expect(withoutTrust.turns.last?.recognisedIndex == 1)
    }

    @Test func guidedOptionsAreNumberedAndPicked() {
        var session = started()
        #expect(session.options.map(\.text) == ["称赞墙上的质量奖状", "直接谈价格"])
        let events = session.choose(option: 2) ?? []
        #expect(events.contains(.reply("直接谈价格", option: 2)))
        #expect(session.currentNode == "price")
        #expect(session.choose(option: 9) == nil)
    }

    @Test func theBestMatchWinsOverTheFirst() throws {
        let scenario = try Fixtures.scenario("""
        scenario: best
        title: best
        language: en
        customer: {name: A, role: user, temperament: hesitant, kind: new}
        start: a
        nodes:
          a:
            phase: opening
            replies:
              - {match: price, next: short}
              - {match: "price & ink & cost", next: long}
        endings:
          short: {outcome: lost}
          long: {outcome: won}
        """)
        var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
        session.start()
        session.reply("The price covers the ink cost")
        #expect(session.ending?.id == "long")
    }

    @Test func anEndingByTransitionScoresTheWholeVisit() {
        var session = started()
        session.reply("墙上这么多质量奖状!")
        session.reply("是的是的,可是我们更省墨")
        session.reply("今天就签吧")
        #expect(session.ending?.id == "signed")
        let card = session.scorecard
        #expect(card.outcome == .won)
        #expect(card.percent == 100)
        #expect(card.passed)
    }

    @Test func hintsAreLoggedAndCostPoints() {
        var session = started()
        #expect(session.useHint() == "看看墙上。")
        session.reply("墙上这么多质量奖状!")
        session.reply("是的是的,可是我们更省墨")
        session.reply("今天就签吧")
        #expect(session.hintsUsed == 1)
        #expect(session.scorecard.percent == 100 - Scorecard.hintPenalty)
    }

    @Test func anUnfinishedSessionHasNoOutcomeAndDoesNotPass() {
        var session = started()
        session.reply("墙上这么多质量奖状!")
        #expect(session.scorecard.outcome == nil)
        #expect(!session.scorecard.passed)
    }

    @Test func aScriptThatNeverEndsIsStoppedAfterTheTurnLimit() {
        var session = started()
        for _ in 0..<(Session.maximumTurns + 5) { session.reply("是的是的,可是") }
        #expect(session.isFinished)
    }
}
