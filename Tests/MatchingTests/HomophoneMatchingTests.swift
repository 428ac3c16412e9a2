import Testing
@testable import Matching

/// Lexicon phrases typed with an input-method slip (same sound, wrong character) still count,
/// only when the phrase itself is absent, and the evidence says so.
@Suite struct HomophoneMatchingTests {
    let lexicons = LexiconTable([
        "ack": ["是的", "理解", "好的"],
        "contrast": ["可是", "但是"],
        "already": ["已经"],
        "should": ["应该"],
        "bye": ["再见"],
        "refuse": ["不能延期"],
        "single": ["是"],
        "long": ["售后服务"],
        "benefit": ["清晰"],
        "care": ["清洗"],
    ])

    func result(_ pattern: String, _ text: String, homophones: Bool = true) throws -> (MatchResult, NormalizedText) {
        let normalized = NormalizedText(text)
        let matcher = Matcher(lexicons: lexicons, homophones: homophones)
        return (try matcher.match(PatternParser.parse(pattern), in: normalized), normalized)
    }

    @Test(arguments: [
        ("@contrast", "是的，可事我们更省墨", "可事≈可是"),
        ("@already", "我们以经装好了", "以经≈已经"),
        ("@should", "这个价格因该可以", "因该≈应该"),
        ("@bye", "那在见了王经理", "在见≈再见"),
    ])
    func inputMethodSlipsMatchAndShowTheirPhrase(pattern: String, text: String, evidence: String) throws {
        let (match, normalized) = try result(pattern, text)
        #expect(match.matched)
        #expect(match.evidence(in: normalized) == evidence)
        #expect(match.fuzzy.count == 1)
        #expect(match.fuzzy.first.map { $0.heard(in: normalized) } == String(evidence.prefix(2)))
    }

    @Test func theSlipIsFollowedByLikeAnExactPhrase() throws {
        let (match, normalized) = try result("@ack > @contrast", "是的是的，可事这台更省墨")
        #expect(match.matched)
        #expect(match.evidence(in: normalized) == "是的…可事≈可是")
    }

    @Test func exactPhrasesStayExact() throws {
        let (match, normalized) = try result("@contrast", "是的，可是我们更省墨")
        #expect(match.matched)
        #expect(match.fuzzy.isEmpty)
        #expect(match.evidence(in: normalized) == "可是")
    }

    @Test func aPhraseWrittenSomewhereIsNotAlsoGuessedElsewhere() throws {
        let (match, _) = try result("@contrast", "可是课时不够，可事也没办法")
        #expect(match.matched)
        #expect(match.fuzzy.isEmpty)
        #expect(match.spans == [0..<2])
    }

    @Test(arguments: [
        ("@single", "试试看吧"),                // single characters never match by sound
        ("@single", "事情很简单"),
        ("@contrast", "课时不够"),              // nothing written exactly: two sounds are not a word
        ("@refuse", "布能延期"),                // a phrase beginning with a negator is literal
        ("@ack", "我不理姐"),                   // negated, as an exact phrase would be
        ("@long", "手厚服物"),                  // at most one character in two may differ
        ("@benefit", "我们有自动清洗"),          // 清洗 is a lexicon word of its own, not a slip for 清晰
        ("@ack", "具体的情况"),                 // 是 is read "ti" only in old dictionaries: 体的 is not 是的
    ])
    func soundAloneIsNotEnough(pattern: String, text: String) throws {
        #expect(try result(pattern, text).0.matched == false)
    }

    @Test func longerPhrasesMayDifferInHalfTheirCharacters() throws {
        let (match, normalized) = try result("@long", "售后服物很好")
        #expect(match.matched)
        #expect(match.evidence(in: normalized) == "售后服物≈售后服务")
    }

    @Test func homophonesCanBeTurnedOff() throws {
        #expect(try result("@contrast", "可事我们更省墨", homophones: false).0.matched == false)
    }

    @Test func traditionalSlipsAreHeardToo() throws {
        let (match, normalized) = try result("@already", "我們以經裝好了")
        #expect(match.matched)
        #expect(match.evidence(in: normalized) == "以經≈已经")
    }

    @Test func costStaysLinearInTheReply() throws {
        // A long reply of nothing but near-homophones of lexicon phrases: the spans are capped.
        let text = String(repeating: "可事", count: 5_000)
        let (match, _) = try result("@contrast", text)
        #expect(match.matched)
        #expect(match.spans.count <= Matcher.maximumSpans)
        // The phrase written once, then its slip repeated: nothing is guessed, and quickly.
        let (written, _) = try result("@contrast", "可是" + String(repeating: "可事", count: 20_000))
        #expect(written.spans == [0..<2])
        #expect(written.fuzzy.isEmpty)
    }

    /// A lexicon marked as matched exactly (names, titles) takes no slip: 我们工程师 does not say
    /// 孟工; the other lexicons still take theirs, and its own phrases as written still count.
    @Test func aLexiconMatchedExactlyTakesNoSlipByItsSound() throws {
        var table = LexiconTable(["address": ["孟工", "陈工"], "contrast": ["可是"]])
        table.matchedExactly = ["address"]
        let matcher = Matcher(lexicons: table)
        let engineers = NormalizedText("我们工程师下午到，可事要先约时间")
        #expect(!matcher.match(try PatternParser.parse("@address"), in: engineers).matched)
        #expect(matcher.match(try PatternParser.parse("@contrast"), in: engineers).matched)
        #expect(matcher.match(try PatternParser.parse("@address"), in: NormalizedText("陈工，您好")).matched)
        // Without the mark, the same lexicon hears 们工 as 孟工.
        let loose = Matcher(lexicons: LexiconTable(["address": ["孟工", "陈工"]]))
        #expect(loose.match(try PatternParser.parse("@address"), in: engineers).matched)
        // A scenario's lexicon of the same name, merged in, is matched exactly too.
        let merged = Matcher(lexicons: table.merging(LexiconTable(["address": ["孟工"]])))
        #expect(!merged.match(try PatternParser.parse("@address"), in: engineers).matched)
    }

    /// A span heard only through the accent's merging that is itself a common word is that word,
    /// not a slip: 「省级」 (sheng ji) is not the flattery 「神级」 (shen ji), 「森林」 not 「深林」.
    /// A slip of the very same syllable still is (哪条 typed 那条), and so is a span that is no word.
    @Test(arguments: [
        ("我们是省级代理", "神级"),
        ("厂后面有片森林", "深林"),
    ])
    func aCommonWordHeardThroughTheAccentIsNoSlip(text: String, phrase: String) throws {
        let matcher = Matcher(lexicons: LexiconTable(["words": [phrase]]))
        #expect(!matcher.match(try PatternParser.parse("@words"), in: NormalizedText(text)).matched)
    }

    @Test(arguments: [
        ("你系唔系痴线", "黐线"),
        ("这个价格因该可以", "应该"),
        ("是那条线吗", "哪条"),
    ])
    func aSlipThatIsNoCommonWordIsStillHeard(text: String, phrase: String) throws {
        let matcher = Matcher(lexicons: LexiconTable(["words": [phrase]]))
        #expect(matcher.match(try PatternParser.parse("@words"), in: NormalizedText(text)).matched)
    }
}
