import Foundation
import Matching
@testable import ScenarioKit
import Testing
import TestSupport
@testable import Scoring

/// The rulebook's learned model in the scorer: where it overrules the detector, what it shows,
/// and where it must keep quiet.
@Suite struct LearnedVerdictTests {
    /// A model that knows objection.yes-but: 「回本」 (or "pays back") in a reply pulls it
    /// towards met, 「不懂」 towards violated; the detector's own verdict weighs nothing.
    static func model(threshold: Double = 0.4) -> LearnedModel {
        let names = ["G:missed", "G:none", "P:objection", "b:回 本", "b:不 懂", "u:back", "u:pays"]
        var columns = [SIMD4<Float>](repeating: .zero, count: names.count)
        columns[3] = SIMD4(6, -2, -2, -2)
        columns[4] = SIMD4(-2, -2, 6, -2)
        columns[5] = SIMD4(4, -1, -1, -1)
        columns[6] = SIMD4(4, -1, -1, -1)
        var relevance = [Float](repeating: 0, count: names.count)
        relevance[2] = 3
        let weights = LearnedModel.Weights(bias: SIMD4(0, 1, 0, 0), columns: columns, relevanceBias: 0, relevance: relevance)
        return LearnedModel(threshold: threshold, relevanceThreshold: 0.1, wordsThreshold: 0, about: "a test model",
                            featureNames: names, rules: ["objection.yes-but": weights])
    }

    func scorer(_ model: LearnedModel? = model(), language: ScenarioLanguage = .zhHans) throws -> Scorer {
        var rulebook = try Fixtures.rulebook()
        rulebook.learned = model
        return Scorer(rulebook: rulebook, language: language)
    }

    let objection = TurnContext(phase: .objection, temperament: .hesitant, role: .decisionMaker, kind: .new)

    func verdict(_ text: String, _ scorer: Scorer) -> RuleVerdict? {
        scorer.score(reply: text, context: objection).first { $0.rule == "objection.yes-but" }
    }

    @Test func aReplyLikeLabelledOnesIsJudgedAsTheyWereAndSaysWhy() throws {
        let text = "价格高一点，不过一年就回本了"
        // The fixture's detector asks for an acknowledgement before a contrast: missed.
        #expect(verdict(text, try scorer(nil))?.verdict == .missed)
        let learned = try #require(verdict(text, try scorer()))
        #expect(learned.verdict == .met)
        #expect(learned.source == .learned)
        #expect(learned.earned == learned.possible)
        #expect(learned.evidence == "回本")
        let why = try #require(learned.nearMiss)
        #expect(why.contains("「回本」") && why.contains("规则检测为「未做到」"))
        let english = try #require(verdict("it pays back within a year", try scorer(language: .en)))
        #expect(english.verdict == .met && english.nearMiss?.contains("the detector said missed") == true)
    }

    @Test func theModelKeepsQuietBelowItsThresholdAndOnRulesItDoesNotKnow() throws {
        let text = "价格高一点，不过一年就回本了"
        #expect(verdict(text, try scorer(Self.model(threshold: 0.99999)))?.verdict == .missed)
        // payment.say-no is not in the model: the detector alone.
        let payment = try scorer().score(reply: "下个月再付吧", context: TurnContext(phase: .payment, temperament: .hesitant, role: .decisionMaker, kind: .new))
        #expect(payment.allSatisfy { $0.source == .detector })
    }

    @Test func theModelNeverCreditsAKeywordListOrAStuffedReply() throws {
        #expect(verdict("回本 回本 回本 回本 回本 回本", try scorer())?.source != .learned)
        #expect(verdict("回本、省墨、稳定、售后、价格", try scorer())?.verdict != .met)
    }

    @Test func aViolationInTheReplyKeepsTheModelFromCreditingIt() throws {
        // The model may find a violation the detector did not (「不懂」 here)...
        let violated = try #require(verdict("您这就不懂了", try scorer()))
        #expect(violated.verdict == .violated && violated.source == .learned)
        // ...but never credits a reply with a violation in it: here the author's judgment on the turn.
        let rulebook = try scorer().rulebook
        let judgment = Judgment(rule: "opening.style", verdict: .violated, points: nil, location: SourceLocation(path: "inline.yaml", line: 1, column: 1))
        let withJudgment = try scorer().score(reply: "价格高一点，不过一年就回本了", context: objection, judgments: [judgment])
        #expect(rulebook.learned != nil)
        #expect(withJudgment.first { $0.rule == "objection.yes-but" }?.verdict == .missed)
    }

    @Test func theSameReplyAlwaysGetsTheSameVerdict() throws {
        let scorer = try scorer()
        let first = verdict("价格高一点，不过一年就回本了", scorer)
        for _ in 0..<5 { #expect(verdict("价格高一点，不过一年就回本了", scorer) == first) }
    }
}
