import Testing
@testable import Matching

/// Inputs that the fuzz targets (Fuzz/, `scripts/fuzz`) found wrong, kept as regressions.
/// Each test names the target that found it; the input is inline, as the fuzzer wrote it.
@Suite struct FuzzRegressionTests {
    /// Every unit must hold a letter, a digit, a CJK character or "?": never marks alone.
    func expectNoMarkOnlyUnits(_ text: NormalizedText) {
        for unit in text.units {
            #expect(unit.text.unicodeScalars.contains { !$0.properties.isVariationSelector && $0.properties.generalCategory != .nonspacingMark },
                    "unit of marks only: \(unit.text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// fuzz-normalizer: a variation selector (U+FE0C) after 笑 became a "word" of its own, which
    /// also split the phrase 笑没 in two.
    @Test func variationSelectorIsNotAUnit() throws {
        let text = NormalizedText("（周总笑了笑\u{FE0C}没接话）")
        #expect(text.units.map(\.text) == ["周", "总", "笑", "了", "笑", "没", "接", "话"])
        expectNoMarkOnlyUnits(text)
        #expect(text.excerpt(units: 4..<5) == "笑\u{FE0C}")
        let matcher = Matcher(lexicons: LexiconTable())
        #expect(matcher.match(try PatternParser.parse("笑了笑"), in: text).matched)
        // Emoji presentation selectors and ideographic variation sequences likewise.
        #expect(NormalizedText("好\u{E0100}的 ❤\u{FE0F} ok").units.map(\.text) == ["好", "的", "ok"])
    }

    /// fuzz-normalizer: a combining mark with nothing to attach to became a word of its own.
    @Test func combiningMarkAfterCJKIsDropped() {
        let text = NormalizedText("喷\u{0301}码机")
        #expect(text.units.map(\.text) == ["喷", "码", "机"])
        expectNoMarkOnlyUnits(text)
        // Inside a word it stays part of the word.
        #expect(NormalizedText("cafe\u{0301} e\u{0301}clair").units.count == 2)
    }

    /// fuzz-normalizer: the half-width semi-voiced mark (U+FF9F) folds to the combining U+309A,
    /// which counted as a kana "character" and made a unit of its own after a Latin word.
    @Test func kanaVoicingMarkIsNotACharacterOfItsOwn() {
        let text = NormalizedText("@ding-question\u{FF9F}")
        #expect(text.units.count == 2)
        #expect(text.units.first?.text == "ding")
        expectNoMarkOnlyUnits(text)
        #expect(text.scriptCounts.characters == 0)
        // After kana it belongs to the kana: カ゚ is one unit.
        #expect(NormalizedText("ｶﾟ").units.map(\.text) == ["カ"])
        #expect(NormalizedText("か\u{309A}").units.map(\.text) == ["か"])
        // Composable voicing still composes (NFKC): ｶﾞ is ガ.
        #expect(NormalizedText("ｶﾞ").units.map(\.text) == ["ガ"])
    }
}
