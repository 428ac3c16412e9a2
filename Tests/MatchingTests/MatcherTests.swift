import Testing
@testable import Matching

@Suite struct MatcherTests {
    let matcher = Matcher(lexicons: LexiconTable([
        "ack": ["是的", "您说得对", "理解", "yes", "you're right", "i understand"],
        "contrast": ["可是", "但是", "不过", "but", "however"],
        "praise": ["不错", "厉害", "impressive"],
        "delay": ["延期", "晚点付", "pay later"],
        "refuse": ["不能延期", "can't extend"],
    ]))

    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try matcher.match(PatternParser.parse(pattern), in: NormalizedText(text)).matched
    }

    @Test(arguments: [
        // zh-Hans
        ("@ack > @contrast", "是的，是的，价格不低，可是省下的墨水钱一年就回本了", true),
        ("@ack > @contrast", "可是我们的价格更好，是的", false),
        ("@ack > @contrast", "但是我们的价格更好", false),
        ("奖状 & 质量", "墙上这么多质量奖状", true),
        ("奖状 & 质量", "墙上这么多奖状", false),
        ("!@praise", "你们的设备很旧", true),
        ("!@praise", "你们厂真厉害", false),
        // zh-Hant is the same text
        ("@ack > @contrast", "是的，是的，價格確實不低，可是算上省下的墨水錢", true),
        ("喷码机", "這台噴碼機更省墨", true),
        ("省墨", "這台噴碼機更省墨", true),
        // English
        ("@ack > @contrast", "Yes, I understand. However, the ink saving pays for it.", true),
        ("thank you", "THANK   you!", true),
        ("no", "We will not do that", false),
        ("price", "The prices are fair", false),
        ("@ack", "You’re right about that", true),
    ])
    func matchesRepliesInEveryScript(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    /// `A > B > C` asks for C after the B that follows A, not merely after A; a phrase repeated
    /// in a chain needs as many occurrences.
    @Test(arguments: [
        ("恭喜 > 恭喜 > 恭喜", "恭喜恭喜", false),
        ("恭喜 > 恭喜 > 恭喜", "恭喜恭喜恭喜", true),
        ("@ack > @contrast > @praise", "是的，厉害，可是", false),
        ("@ack > @contrast > @praise", "是的，可是真厉害", true),
        ("(@ack | 对) > @contrast > @praise", "对，不过这个很不错", true),
        ("@ack > (@contrast > @praise)", "是的，厉害，可是", false),
        ("yes > but > impressive", "impressive, yes, but", false),
        ("yes > but > impressive", "yes, but it is impressive", true),
    ])
    func aChainKeepsItsOrder(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test(arguments: [
        ("@delay", "我不会给您延期", false),
        ("@delay", "我们不能给您延期付款", false),
        ("@delay", "我們沒辦法延期", false),
        ("@delay", "可以延期", true),
        ("@delay", "不行，可以延期吗", true),
        ("@delay", "别担心延期的事，可以延期", true),
        ("@delay", "You can pay later", true),
        ("@delay", "You cannot pay later", false),
        ("@delay", "We never let customers pay later", false),
        ("@refuse", "对不起，不能延期", true),
        ("@praise", "不错不错", true),
        ("@contrast", "不过我们的服务更好", true),
        ("好", "不但质量好", true),
        ("好", "不好", false),
        ("帮忙", "不好意思，帮忙看一下", true),
        ("人", "别人都买了", true),
        ("同意", "我不同意延期", false),
        ("同意", "我同意", true),
        ("@refuse", "能不能延期?", false),
        ("@delay", "能不能延期?", true),
        ("按时", "我们不得不按时收款", true),
        ("saves", "It not only saves ink", true),
        ("可以", "可不可以便宜点", true),
        ("先订一台", "要不先订一台试试?", true),
        ("一起去看看", "您要不要一起去看看", true),
        // A question that invites is no negation; the same words stated are.
        ("亲眼看看", "您不想亲眼看看一年能省多少墨吗？", true),
        ("亲眼看看", "您不想亲眼看看", false),
        ("order one unit", "Why don't you order one unit to start with?", true),
        ("order one unit", "We don't order one unit", false),
        // A space typed for a comma between Chinese characters ends the clause (and the 不 before it).
        ("上次您说", "王总 好久不见 上次您说的问题", true),
        ("上次您说", "王总，好久不见，上次您说的问题", true),
        ("我先问", "我还不确定 我先问我们技术部", true),
        // A space beside an English word is only a word boundary.
        ("ok", "我不 ok", false),
        ("pay later", "you cannot  pay later", false),
        // A contrast turns to a new thought: the negator before it does not reach past it.
        ("@ack > @contrast", "是的是的 您怕售后跟不上 but我们在东莞有办事处", true),
        ("我们在东莞", "您怕售后跟不上但我们在东莞有办事处", true),
        ("我们在东莞", "您怕售后跟不上我们在东莞有办事处", false),
        ("pays back", "It's not cheap but pays back in a year", true),
        ("pays back", "It's not cheap and pays back in a year", false),
        // Words set aside by the "no" after them are not said; a phrase that holds that "no" is.
        ("试打", "样机试打就不用了", false),
        ("跟你说也没用", "跟你说也没用", true),
        ("跟你说", "跟你说也没用", false),
        // 不但 ("not only") is no contrast.
        ("@contrast", "不但省墨", false),
    ])
    func phrasesUnderNegationAreNotSaid(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected)
    }

    @Test func evidenceQuotesTheTraineesOwnWords() throws {
        let text = NormalizedText("是的，價格確實不低，可是很省墨")
        let result = matcher.match(try PatternParser.parse("@ack > @contrast"), in: text)
        #expect(result.evidence(in: text) == "是的…可是")
        #expect(result.coverage == 4)
    }

    @Test func unknownLexiconsMatchNothing() throws {
        #expect(try matches("@nosuch", "anything") == false)
    }

    @Test func hugeRepliesAreMatchedWithoutBlowingUp() throws {
        let text = String(repeating: "是的可是", count: 50_000)
        #expect(try matches("@ack > @contrast & !奖状", text))
    }
}
