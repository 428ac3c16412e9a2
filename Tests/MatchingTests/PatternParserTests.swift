import Testing
@testable import Matching

@Suite struct PatternParserTests {
    @Test func parsesOperatorsWithPrecedence() throws {
        let pattern = try PatternParser.parse("@ack > @contrast | 好 & !坏")
        guard case let .anyOf(parts) = pattern else {
            Issue.record("expected alternatives, got \(pattern)"); return
        }
        #expect(parts.count == 2)
        #expect(parts[0] == .followedBy(.lexicon("ack"), .lexicon("contrast")))
    }

    @Test(arguments: [
        ("(@ack > @contrast) & !@give-up", "@ack > @contrast"),
        ("(@a | !@b) & @c", "@a & @c"),
        ("@a & !(@b | @c) & @d", "@a & @d"),
        ("@a > 好", "@a > 好"),
    ])
    func thePositiveCoreLeavesOutWhatMustNotBeSaid(source: String, core: String) throws {
        #expect(try PatternParser.parse(source).positiveCore == PatternParser.parse(core))
    }

    @Test func aPatternOfNothingButExclusionsHasNoPositiveCore() throws {
        #expect(try PatternParser.parse("!@anger").positiveCore == nil)
        #expect(try PatternParser.parse("!@a & !好").positiveCore == nil)
        #expect(try PatternParser.parse("!@a > @b").positiveCore == nil)
    }

    @Test func adjacentBareWordsFormOnePhrase() throws {
        #expect(try PatternParser.parse("thank you") == PatternParser.parse("\"thank you\""))
    }

    @Test func bareWordsKeepApostrophes() throws {
        guard case let .phrase(phrase) = try PatternParser.parse("don't") else {
            Issue.record("expected a phrase"); return
        }
        #expect(phrase.units == ["don't"])
    }

    @Test func fullWidthOperatorsAreAccepted() throws {
        #expect(try PatternParser.parse("（奖状｜质量）") == PatternParser.parse("(奖状 | 质量)"))
    }

    @Test(arguments: [
        ("(奖状 | 质量", "expected ')'", 8),
        ("@", "'@' must be followed", 0),
        ("a | | b", "expected a phrase", 4),
        ("\"open", "quote is never closed", 0),
        ("a )", "unexpected ')'", 2),
        ("", "expected a phrase", 0),
        ("，。", "nothing to match", 0),
    ])
    func reportsMistakesWithTheirOffset(source: String, message: String, offset: Int) {
        #expect {
            try PatternParser.parse(source)
        } throws: { error in
            guard let error = error as? PatternError else { return false }
            return error.message.contains(message) && error.offset == offset
        }
    }

    @Test func refusesOverlongAndOverdeepPatterns() {
        #expect(throws: PatternError.self) { try PatternParser.parse(String(repeating: "好", count: 1001)) }
        #expect(throws: PatternError.self) { try PatternParser.parse(String(repeating: "(", count: 40) + "好" + String(repeating: ")", count: 40)) }
        #expect(throws: PatternError.self) { try PatternParser.parse(String(repeating: "!", count: 40) + "好") }
    }
}
