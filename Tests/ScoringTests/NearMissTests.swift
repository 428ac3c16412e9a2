import Foundation
import Matching
import ScenarioKit
import Testing
@testable import Scoring

/// What a missed rule's feedback says was missing, for the shapes the rulebook's `met` patterns
/// take: an order alone, and an order with things that must not be said beside it.
@Suite struct NearMissTests {
    let matcher = Matcher(lexicons: LexiconTable([
        "ack": ["是的", "理解", "i hear you", "fair"],
        "contrast": ["可是", "但是", "but"],
        "restate": ["确实贵", "挺贵"],
        "give-up": ["算了", "forget it"],
    ]))

    func explain(_ pattern: String, _ text: String, english: Bool = false) throws -> String {
        NearMiss(matcher: matcher, english: english).explain(try PatternParser.parse(pattern), in: NormalizedText(text))
    }

    @Test func anOrderWithForbiddenWordsBesideItIsExplainedAsTheOrder() throws {
        let pattern = "(@ack > @contrast) & !(@contrast > @restate) & !@give-up"
        #expect(try explain(pattern, "是的是的，您说得有道理") == "你说了「是的是的」，但后面没有「可是 / 但是」之类的话")
        #expect(try explain(pattern, "I hear you, that's fair", english: true) == "you said “I hear you…fair”, but nothing followed with words like “but”")
        #expect(try !explain(pattern, "是的是的，您说得有道理").contains("不该说"))
    }

    @Test func forbiddenWordsSaidAreNamed() throws {
        let pattern = "(@ack > @contrast) & !(@contrast > @restate)"
        #expect(try explain(pattern, "是的，可是确实贵") == "你说了「可是确实贵」，这样说不算做到")
        #expect(try explain(pattern, "fair, but it is expensive 挺贵", english: true) == "you said “but…挺贵”, which does not count as the move here")
    }

    /// A rule whose pattern has grown long (meeting.discover) read as a paragraph of alternatives,
    /// some twice: nested parts are named by their first alternative, and a repeat once.
    @Test func aLongPatternIsNamedBrieflyAndEachThingOnce() throws {
        let text = try explain("(@restate | @give-up) | @restate | (@ack & @contrast) | @give-up | @ack", "你好")
        #expect(text == "没有说到「确实贵 / 挺贵」之类的话或「是的 / 理解」之类的话加上「可是 / 但是」之类的话或「算了」之类的话")
    }

    /// Two lexicons that share their first phrases (a rule's own and a phrase inventory beside it)
    /// are not both named by them: the second is named by the phrases not yet named.
    @Test func aPhraseTwoLexiconsShareIsNamedOnce() throws {
        let matcher = Matcher(lexicons: LexiconTable([
            "gain": ["能省", "一年能省"],
            "more-gain": ["一年能省", "每年省", "每月省"],
            "same-gain": ["能省"],
        ]))
        let text = NearMiss(matcher: matcher, english: false).explain(try PatternParser.parse("@gain | @more-gain | @same-gain"), in: NormalizedText("你好"))
        #expect(text == "没有说到「能省 / 一年能省」之类的话或「每年省 / 每月省」之类的话")
    }

    @Test func aDescriptionNeverListsWhatMustNotBeSaid() throws {
        let text = try explain("(@ack & !@give-up) | (@contrast & !@restate)", "你好")
        #expect(!text.contains("不该说"), "\(text)")
        #expect(text.contains("「是的 / 理解」之类的话"), "\(text)")
    }
}

/// A detector's near miss is worded when the verdict is first read, not when the reply is judged:
/// read then, from a copy or after a round trip through JSON, it is the same sentence.
@Suite struct DeferredNearMissTests {
    @Test func aMissedRulesNearMissIsWordedWhenReadAndKept() throws {
        let (_, rulebook) = try #require(LibraryCoverageTests.library.first)
        let scorer = Scorer(rulebook: rulebook)
        let context = TurnContext(phase: .objection, temperament: .hesitant, role: .decisionMaker, kind: .new)
        let verdicts = scorer.score(reply: "是的是的，您说得有道理", context: context)
        let missed = try #require(verdicts.first { $0.rule == "objection.yes-but" })
        #expect(missed.verdict == .missed)
        let copy = missed
        let nearMiss = try #require(copy.nearMiss)
        #expect(nearMiss.hasPrefix("你说了「是的是的，您说得有道理"), "\(nearMiss)")
        #expect(nearMiss.contains("但后面没有「可是 / 但是」之类的话"), "\(nearMiss)")
        #expect(missed.nearMiss == nearMiss)
        let decoded = try JSONDecoder().decode(RuleVerdict.self, from: JSONEncoder().encode(missed))
        #expect(decoded.nearMiss == nearMiss)
        #expect(decoded == missed)
        // A verdict met has none; one given a near miss by hand keeps it.
        let met = try #require(verdicts.first { $0.rule == "objection.calm" })
        #expect(met.nearMiss == nil)
        var written = met
        written.nearMiss = "by hand"
        #expect(written.nearMiss == "by hand" && written != met)
    }
}
