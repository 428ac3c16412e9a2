import Testing
@testable import Matching

@Suite struct NormalizedTextTests {
    @Test func traditionalAndSimplifiedBecomeOneScript() {
        let traditional = NormalizedText("後來發現這台噴碼機更省墨")
        let simplified = NormalizedText("后来发现这台喷码机更省墨")
        #expect(traditional.units.map(\.text) == simplified.units.map(\.text))
    }

    @Test func fullWidthCaseAndPunctuationAreFolded() {
        let text = NormalizedText("ＯＫ，Ｔhank You！！")
        #expect(text.units.map(\.text) == ["ok", "thank", "you"])
    }

    @Test func apostrophesStayInsideWords() {
        #expect(NormalizedText("We DON’T do that").units.map(\.text) == ["we", "don't", "do", "that"])
    }

    @Test func questionMarksAreKeptAsUnits() {
        #expect(NormalizedText("多少钱？").units.map(\.text) == ["多", "少", "钱", "?"])
    }

    @Test func clausesEndAtPunctuation() {
        let text = NormalizedText("不,可以")
        #expect(text.units[0].clause != text.units[1].clause)
    }

    @Test func excerptsQuoteTheOriginalText() {
        let text = NormalizedText("是的，價格")
        #expect(text.excerpt(units: 0..<4) == "是的，價格")
    }

    @Test func invalidAndControlCharactersAreIgnoredWithoutCrashing() {
        let text = NormalizedText("\u{FFFD}\u{0007}喷码\u{0000}机")
        #expect(text.units.map(\.text) == ["喷", "码", "机"])
    }

    @Test func lengthCountsTypedCharacters() {
        #expect(NormalizedText("  喷码机 ok ").length == 6)
    }
}
