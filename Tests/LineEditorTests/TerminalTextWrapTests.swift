import LineEditor
import Testing

/// Lines wrapped for the terminal by display width (issue 15).
@Suite struct TerminalTextWrapTests {
    @Test func englishBreaksBetweenWordsNeverInsideOne() {
        let text = "Shall we start the trial on Monday? The engineer can be there at nine, and yes, it is finished by noon."
        let wrapped = TerminalText.wrap(text, width: 30)
        for line in wrapped.split(separator: "\n") {
            #expect(TerminalText.displayWidth(String(line)) <= 30, "\(line)")
        }
        #expect(wrapped.replacingOccurrences(of: "\n", with: " ") == text)
        #expect(!wrapped.contains("Monda\n") && !wrapped.contains("fini\n"))
    }

    @Test func chineseBreaksBetweenCharactersByDisplayWidth() {
        let text = "王经理，墙上这么多质量奖状，贵厂真重视质量！我们的喷码机在饮料行业用了十年，省墨又稳定。"
        let wrapped = TerminalText.wrap(text, width: 20)
        for line in wrapped.split(separator: "\n") {
            #expect(TerminalText.displayWidth(String(line)) <= 20, "\(line)")
        }
        #expect(wrapped.replacingOccurrences(of: "\n", with: "") == text)
    }

    @Test func colourCodesTakeNoWidthAndShortLinesStayAsTheyAre() {
        #expect(TerminalText.wrap("\u{1B}[2mshort\u{1B}[0m", width: 20) == "\u{1B}[2mshort\u{1B}[0m")
        let coloured = "\u{1B}[1m" + String(repeating: "word ", count: 10) + "\u{1B}[0m"
        #expect(TerminalText.wrap(coloured, width: 22).split(separator: "\n").count == 3)
    }

    @Test func foldedChineseLosesTheSpacesYAMLPutBetweenSentences() {
        #expect(TerminalText.joiningChinese("老板拍板。 两条线都要换。 Mr. Goh says hi") == "老板拍板。两条线都要换。 Mr. Goh says hi")
        #expect(TerminalText.joiningChinese("他说： \t 「明天来」 好的") == "他说：「明天来」好的")
        #expect(TerminalText.joiningChinese("三台 CIJ 喷码机 on line 2") == "三台 CIJ 喷码机 on line 2")
        #expect(TerminalText.joiningChinese("没有空格的句子。") == "没有空格的句子。")
        #expect(TerminalText.joiningChinese("（完） 好") == "（完）好")
        #expect(TerminalText.joiningChinese("   ") == "   ")
    }

    @Test func trailingSpacesOfAWrappedLineAreDroppedAndEscapesOfEveryKindTakeNoWidth() {
        let wrapped = TerminalText.wrap("alpha beta    gamma delta epsilon", width: 12)
        #expect(!wrapped.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(wrapped)")
        let escaped = "\u{1B}[38;5;208m" + String(repeating: "喷码", count: 5) + "\u{1B}[0m\u{1B}[K"
        #expect(TerminalText.wrap(escaped, width: 20) == escaped)
        #expect(TerminalText.wrap("\u{1B}[ not an escape", width: 40) == "\u{1B}[ not an escape")
    }
}
