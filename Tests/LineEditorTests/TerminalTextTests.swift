import Testing
import LineEditor

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("喷码机abc", 9),
        ("", 0),
        ("e\u{301}", 1),          // combining acute accent takes no column
        ("a\u{07}\u{1B}b", 2),     // control characters take none
        ("，。", 4),               // fullwidth punctuation
        ("你好\u{3000}世界", 10),  // the ideographic space is wide too
    ])
    func measuresColumns(text: String, width: Int) {
        #expect(TerminalText.displayWidth(text) == width)
    }

    @Test func padsToAColumnWidthCountingWideCharacters() {
        #expect(TerminalText.pad("喷码", toWidth: 6) == "喷码  ")
        #expect(TerminalText.pad("喷码机", toWidth: 4) == "喷码机")
    }

    @Test func ensuresAUTF8Locale() {
        #expect(TerminalText.ensureUTF8Locale())
        #expect(TerminalText.codesetIsUTF8())
    }

    @Test func knowsThatDevNullIsNoTerminal() throws {
        #expect(!TerminalText.isTerminal(-1))
    }
}
