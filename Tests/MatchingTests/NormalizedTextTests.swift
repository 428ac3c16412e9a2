import Foundation
import Testing
@testable import Matching

@Suite struct NormalizedTextTests {
    /// A rubric's tags typed for the moves are a list of keywords: they name moves without making them.
    @Test func labelsInBracketsWithOnlyMarkersAroundThemAreAKeywordList() {
        #expect(NormalizedText("[congratulate] [wise choice] [leave promptly] [call to thank later]").isKeywordList)
        #expect(NormalizedText("是的、是的、可是……（冷靜）（利益）（建議）").isKeywordList)
        #expect(NormalizedText("yes yes but (calm) (benefit) (suggestion)").isKeywordList)
        #expect(NormalizedText("是的是的可是【利益】【建议】").isKeywordList)
        #expect(NormalizedText("<congratulate> <leave promptly>").isKeywordList)
        // Said around the brackets, the words are a reply; one bracket is an aside.
        #expect(!NormalizedText("是的，可是（说真的）墨水一年省三成（按您现在的用量）").isKeywordList)
        #expect(!NormalizedText("Congrats on the order [signed today], I'll call you Monday about the install.").isKeywordList)
        #expect(!NormalizedText("（笑）王总您说得对").isKeywordList)
        #expect(!NormalizedText("我们的《质量手册》和《保修条款》都带来了，您看一下").isKeywordList)
    }

    /// A rubric's headings filled in with a few words each name the moves without making them;
    /// a sentence that happens to hold a colon, or one heading among sentences, is a reply.
    @Test func headingsFilledInAreAKeywordListButSentencesWithAColonAreNot() {
        #expect(NormalizedText("Praise: nice office. Suggestion: buy our printer. Topic: weather.").isKeywordList)
        #expect(NormalizedText("公司背景: 有. 售后服务: 有. OK?").isKeywordList)
        #expect(NormalizedText("赞美：厂房不错。建议：换我们的机器。兴趣话题：天气。").isKeywordList)
        #expect(NormalizedText("开放式问题：您觉得如何？诱导性问题：难道不是吗？").isKeywordList)
        #expect(!NormalizedText("Let me be honest about both sides, Mr. Iyer. If you go ahead now: price locked, installed before peak season.").isKeywordList)
        #expect(!NormalizedText("In short: our TIJ puts sharp 2D codes on your cartons, no solvent smell, and a cartridge change takes ten seconds.").isKeywordList)
        #expect(!NormalizedText("OK let's start. Your offer: 48,000. Our price: 62,000. What's your final?").isKeywordList)
        #expect(!NormalizedText("王总，时间定一下：下周二上午十点，我带样机过来。").isKeywordList)
        // Headings that name numbers, days and times are a plan.
        #expect(!NormalizedText("Option A: Tue 9am. Option B: Wed 2pm. Which works for you?").isKeywordList)
        #expect(!NormalizedText("报价：38000。交期：两周。保修：两年。").isKeywordList)
        #expect(!NormalizedText("Tue 9:30. Wed 10:00. Thu 14:00.").isKeywordList)
    }

    /// Keywords strung after a contrast name the reasons without giving one; a reason typed in
    /// pieces, a sentence or a question after it is not such a list.
    @Test func keywordsStrungAfterAContrastAreAListButSentencesAreNot() throws {
        func tail(_ reply: String, after contrast: String) throws -> (NormalizedText, Int) {
            let text = NormalizedText(reply)
            let marker = NormalizedText(contrast).units.map(\.text)
            let start = try #require(text.units.indices.first { index in
                index + marker.count <= text.units.count && text.units[index..<(index + marker.count)].map(\.text) == marker
            })
            return (text, start + marker.count)
        }
        let (stuffed, after) = try tail("是的是的可是 省钱 环保 质量好 售后好 大品牌 您买吧", after: "可是")
        #expect(stuffed.isKeywordList(fromUnit: after))
        #expect(!stuffed.isKeywordList)
        let (traditional, afterBut) = try tail("是的，可是，省墨，清晰，環保，服務好", after: "可是")
        #expect(traditional.isKeywordList(fromUnit: afterBut))
        for (reply, contrast) in [("是的 贵是贵一点 可是 一年 省 两万 墨水", "可是"),
                                  ("是的是的，可是我们的墨水省三成，一年就回本", "可是"),
                                  ("理解 可是 我们 售后 好", "可是"),
                                  ("是的 可是 您现在 一个月 用多少 墨水?", "可是"),
                                  ("I hear you, but we save you money every month", "but")] {
            let (text, start) = try tail(reply, after: contrast)
            #expect(!text.isKeywordList(fromUnit: start), "\(reply)")
        }
        // Past the end there is nothing to list.
        #expect(!stuffed.isKeywordList(fromUnit: stuffed.units.count))
    }

    /// A courtesy typed as a chunk of its own (谢谢, 再见) does not make a list of keywords a sentence;
    /// courtesies with fewer than three keywords beside them are a polite sign-off, not a list.
    @Test func courtesiesAmongKeywordsLeaveAList() {
        #expect(NormalizedText("恭喜 恭喜 明智 正确 选择 谢谢 再见").isKeywordList)
        #expect(NormalizedText("感恩 感謝 請吃飯 小禮品 賀卡 感恩 感謝").isKeywordList)
        #expect(!NormalizedText("好的 好的 没问题 谢谢 再见").isKeywordList)
        #expect(!NormalizedText("您好 谢谢 麻烦 辛苦").isKeywordList)
        #expect(!NormalizedText("谢谢王总 明智的选择 我先走了 回去再打电话").isKeywordList)
        #expect(!NormalizedText("谢谢您 再见").isKeywordList)
    }

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

    @Test func aSpaceBetweenChineseCharactersEndsAClauseButNotBesideAWord() {
        let spaced = NormalizedText("好的 谢谢王总")
        #expect(spaced.units[1].clause != spaced.units[2].clause)
        let mixed = NormalizedText("王总 OK的 demo 我带来了")
        #expect(Set(mixed.units.map(\.clause)) == [0])
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

    /// 是, 对 or 係 alone in its clause, before another clause, is the nod 是的 / 对的 (a 的 that
    /// adds no text); in a clause with other words or alone at the end, not. A phrase reads the same.
    @Test func aLoneNodBeforeAnotherClauseIsReadAsTheNod() {
        let nod = NormalizedText("是 没听过我们，不过")
        #expect(nod.units.prefix(3).map(\.text) == ["是", "的", "没"])
        #expect(nod.excerpt(units: 0..<2) == "是")
        #expect(NormalizedText("係，捷碼平啲").units.prefix(3).map(\.text) == ["系", "的", "捷"])
        #expect(NormalizedText("對 旺季停不起").units.prefix(2).map(\.text) == ["对", "的"])
        #expect(!NormalizedText("他说是，我们就签").units.map(\.text).contains("的"))
        #expect(NormalizedText("是").units.map(\.text) == ["是"])
        #expect(NormalizedText("好，是").units.map(\.text) == ["好", "是"])
        #expect(Phrase("是，不过")?.units == ["是", "的", "不", "过"])
        #expect(Phrase("是")?.units == ["是"])
    }

    /// English typed as chat is read as the words it stands for, in replies and phrases alike,
    /// and evidence still quotes what was typed; words of their own ("its", "wont", "lets") stay.
    @Test func chatSpellingsAreReadAsTheirWords() {
        let text = NormalizedText("if u really insist, i guess we can push ur balance tmr pls")
        #expect(text.units.map(\.text) == ["if", "you", "really", "insist", "i", "guess", "we", "can", "push", "your", "balance", "tomorrow", "please"])
        #expect(text.excerpt(units: 0..<2) == "if u")
        let idk = NormalizedText("idk, dont ask me")
        #expect(idk.units.map(\.text) == ["i", "don't", "know", "don't", "ask", "me"])
        #expect(idk.excerpt(units: 0..<3) == "idk")
        #expect(Phrase("if you really insist")?.units == NormalizedText("IF U REALLY INSIST").units.map(\.text))
        #expect(NormalizedText("its a wont lets go").units.map(\.text) == ["its", "a", "wont", "lets", "go"])
        #expect(NormalizedText("R&D").units.map(\.text) == ["r", "d"])
    }

    @Test func lengthCountsTypedCharacters() {
        #expect(NormalizedText("  喷码机 ok ").length == 6)
    }

    /// A character limit counts a Latin word in a Chinese reply as two characters, not one per letter.
    @Test func aLimitCountsALatinWordInChineseAsTwoCharacters() {
        #expect(NormalizedText("  喷码机 ok ").limitLength == 5)
        #expect(NormalizedText("換cartridge就得，plug and play").limitLength == 1 + 2 + 2 + 1 + 2 + 2 + 2)
        #expect(NormalizedText("好的 don't worry，24/7").limitLength == 2 + 2 + 2 + 1 + 2 + 1 + 2)
        // An emoji of several scalars is one character; a quotation mark one, not a word.
        #expect(NormalizedText("好 ok 👨‍👩‍👧「x」").limitLength == 1 + 2 + 1 + 1 + 2 + 1)
        // Without Latin words the limit measures what `length` does, spaces and punctuation included.
        #expect(NormalizedText("是的，是的 可是").limitLength == NormalizedText("是的，是的 可是").length)
    }
}

/// The normaliser's shortcuts give what the general path gives.
@Suite struct NormalizedTextShortcutTests {
    @Test(arguments: ["", " ", "\n\t ", "  是的 ", "abc", " \u{301}abc", "abc \u{301}", "\u{3000}全角\u{3000}", "e\u{301}", "🔥🔥", "a\r\n", "\u{85}x\u{2028}"])
    func lengthIsTheTrimmedCharacterCount(text: String) {
        #expect(NormalizedText(text).length == text.trimmingCharacters(in: .whitespacesAndNewlines).count)
    }

    @Test func foldingToOneScalarAgreesWithTheFullFold() {
        var checked = 0
        for value in Array(0..<0x3000) + Array(0x3000..<0x3100) + Array(0x4E00..<0x4F00) + Array(0x5180..<0x5610) + Array(0xF900..<0xFB00) + Array(0xFF00..<0xFFF0) + [0x20000, 0x2A6D6] {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let character = Character(scalar)
            if let one = CharacterClass.foldToOne(character) {
                #expect(CharacterClass.fold(character) == [one], "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }

    /// Every scalar the shortcut takes for a character of its own is one: no neighbour joins it.
    @Test func scalarsTakenAloneAreCharactersAlone() {
        let neighbours: [Unicode.Scalar] = ["a", "中", "\n", " ", "\u{301}", "\u{200D}", "\u{FE0F}", "\u{3099}", "\u{FF9E}", "\u{1F525}", "\u{1100}", "\u{AC00}", "\r"]
        var checked = 0
        for value in UInt32(0)...0xFFFF where CharacterClass.standsAlone(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for neighbour in neighbours where CharacterClass.standsAlone(neighbour.value) {
                var pair = String.UnicodeScalarView()
                pair.append(scalar)
                pair.append(neighbour)
                #expect(String(pair).count == 2, "U+\(String(value, radix: 16)) U+\(String(neighbour.value, radix: 16))")
            }
            checked += 1
        }
        #expect(checked > 25_000)
        #expect(!CharacterClass.standsAlone(0x0D))
        #expect(!CharacterClass.standsAlone(0x301))
    }

    @Test(arguments: [
        "是的，是的，可是這台噴碼機更省墨！", "ＯＫ，Ｔhank You！！ We DON’T do that", "王总 OK的 demo 我带来了", "多少钱？ how much?",
        "樣機試打就不用了，報價我發您郵箱", "Wow, best office ever!!! 🔥🔥🔥", "e\u{301}tude café", "ｶﾞｿﾘﾝ 半角", "a\r\nb", "笑\u{FE0C}了",
        "\u{3000}全角\u{3000}空格", "係咪唔得呀？冇問題", "Ⅻ ﬁ ㎏ ①", "\u{85}x\u{2028}y", "",
        "他说“再考虑考虑”……——好吧‼", "豈\u{F900}鬼 ｶﾞｿﾘﾝ",
    ])
    func theShortcutGivesTheUnitsAndExcerptsOfTheGeneralPath(text: String) {
        let normalized = NormalizedText(text)
        let general = NormalizedText.units(of: Array(text))
        #expect(normalized.units == general)
        for unit in normalized.units.indices {
            let source = normalized.units[unit].source
            #expect(normalized.excerpt(units: unit..<unit + 1) == String(Array(text)[source]))
        }
    }

    @Test func positionsListEveryOccurrenceInOrder() {
        let text = NormalizedText("是的是的，可是 yes yes 是")
        for (index, key) in text.keys.enumerated() {
            let positions = Array(text.positions(of: key))
            #expect(positions == text.keys.indices.filter { text.keys[$0] == key })
            #expect(positions.contains(index))
        }
    }

    /// The words after a contrast, made from the reply's units, are the text that normalising those
    /// words again gives: same units, clauses, sources, negation, retraction, length, keyword list.
    @Test(arguments: [
        "是的是的，可是算上省下的墨水，一年就回本了",
        "您說得對，進口機器確實穩定，不過我們的噴碼機自動清洗，夜班也不容易堵頭。",
        "I understand. However, idk if we can't do it tmr, u know?",
        "理解理解 可是 是，我们不是不能延期，是 下个月再说吧",
        "嗯 但是 对，这个价格不算高 🙂 工程师当天到",
        "  好的，但 VOC、整改、水性墨水，我们全都是最好的  ",
        "半小时也不用了，下个月再说吧？？",
        "Yes yes but... yeah, anyway.",
    ])
    func aSuffixIsTheTextOfItsWordsNormalisedAgain(reply: String) {
        let text = NormalizedText(reply)
        for start in 1..<text.units.count {
            let suffix = NormalizedText(suffixOf: text, fromUnit: start)
            // As a reply's tail was made before: the original from the unit's first character.
            let again = NormalizedText(text.text(fromCharacter: text.units[start].source.lowerBound))
            #expect(suffix.original == again.original, "from unit \(start)")
            #expect(suffix.units == again.units, "from unit \(start) of \(reply)")
            #expect(suffix.keys == again.keys)
            #expect(suffix.negators == again.negators)
            #expect(suffix.negatedUnits == again.negatedUnits)
            #expect(suffix.retractedUnits == again.retractedUnits)
            #expect(suffix.length == again.length)
            #expect(suffix.characterCount == again.characterCount)
            #expect(suffix.isKeywordList == again.isKeywordList)
            #expect(suffix.scriptCounts == again.scriptCounts)
            #expect(suffix.excerpt(units: 0..<suffix.units.count) == again.excerpt(units: 0..<again.units.count))
        }
        #expect(NormalizedText(suffixOf: text, fromUnit: text.units.count).units.isEmpty)
        #expect(NormalizedText(suffixOf: text, fromUnit: 0).original == reply)
    }

    /// Similarity sees negation as phrases do: a negator does not reach past a contrast
    /// (「跟不上但我们在东莞」 says 我们在东莞), and reaches the words right after it otherwise.
    @Test func negationStopsAtAContrastForSimilarityToo() {
        let turned = NormalizedText("您怕售后跟不上但我们在东莞")
        #expect(turned.units.firstIndex { $0.text == "我" }.map { turned.negatedUnits[$0] } == false)
        let plain = NormalizedText("您怕售后跟不上我们在东莞")
        #expect(plain.units.firstIndex { $0.text == "我" }.map { plain.negatedUnits[$0] } == true)
    }
}
