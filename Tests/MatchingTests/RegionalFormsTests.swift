import Testing
@testable import Matching

/// Cantonese-flavoured forms: folded in the normaliser where the character means nothing else,
/// lexicon-level equivalences where it does.
@Suite struct RegionalFormsTests {
    let matcher = Matcher(lexicons: LexiconTable([
        "refuse": ["不可以", "不能延期"],
        "deny": ["不是"],
        "done": ["搞定"],
        "so": ["这么", "那么"],
        "none": ["没有"],
    ]))

    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try matcher.match(PatternParser.parse(pattern), in: NormalizedText(text)).matched
    }

    @Test(arguments: [
        ("冇问题，我哋今日就装", "没有问题我哋今日就装"),
        ("呢个系我哋嘅喷码机", "呢个系我哋的喷码机"),
        ("快啲啦", "快些啦"),
        ("佢话装咗喺车间", "他话装了在车间"),
    ])
    func cantoneseOnlyCharactersAreFolded(typed: String, normalized: String) {
        #expect(NormalizedText(typed).units.map(\.text).joined() == normalized)
    }

    @Test func charactersThatAreAlsoMandarinAreNotFolded() {
        // 係 is 关系 in Traditional Mandarin, 唔 is "hmm", 咁 and 掂 have Mandarin uses too.
        #expect(NormalizedText("關係很好").units.map(\.text).joined() == "关系很好")
        #expect(NormalizedText("唔，让我想想").units.map(\.text).joined() == "唔让我想想")
        #expect(NormalizedText("掂量一下").units.map(\.text).joined() == "掂量一下")
    }

    @Test(arguments: [
        ("@refuse", "唔可以啊王生", true),
        ("@refuse", "唔能延期", true),
        ("@deny", "唔係咁講", true),
        ("@done", "今日一定搞掂", true),
        ("@so", "咁贵点得", true),
        ("@none", "冇问题", true),
        ("@deny", "关系唔错", false),
        ("@done", "掂量一下", false),
    ])
    func lexiconPhrasesMatchTheirCantoneseForms(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test func cantoneseNegationNegatesButHmmDoesNot() throws {
        let said = try PatternParser.parse("可以延期")
        #expect(!matcher.match(said, in: NormalizedText("我唔可以延期")).matched)
        #expect(matcher.match(said, in: NormalizedText("唔，可以延期")).matched)
        #expect(matcher.match(said, in: NormalizedText("唔该，可以延期")).matched)
    }
}
