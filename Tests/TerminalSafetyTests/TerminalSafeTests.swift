import Testing
import TerminalSafety

@Suite struct TerminalSafeTests {
    @Test(arguments: [
        ("T\u{1B}]0;PWNED\u{07}\u{1B}[31mRED", "T\\e]0;PWNED\\a\\e[31mRED"),
        ("abc\u{202E}cba", "abc<U+202E>cba"),
        ("a\u{200B}b\u{FEFF}c\u{00AD}d", "a<U+200B>b<U+FEFF>c<U+00AD>d"),
        ("x\u{9B}31m\u{7F}", "x<U+009B>31m<U+007F>"),
        ("line\rover\u{08}", "line\\rover\\b"),
        ("\u{2066}iso\u{2069}\u{200E}\u{200F}\u{061C}", "<U+2066>iso<U+2069><U+200E><U+200F><U+061C>"),
        ("王经理 · hello, 世界", "王经理 · hello, 世界"),
        ("tag\u{E0041}", "tag<U+E0041>"),
    ])
    func showsEveryUnsafeCharacterAsAVisibleToken(input: String, shown: String) {
        #expect(TerminalSafe.visible(input) == shown)
        #expect(!TerminalSafe.visible(input).unicodeScalars.contains(where: TerminalSafe.isUnsafe))
    }

    @Test func keepsLineFeedsAndTabsOnlyWhenAsked() {
        #expect(TerminalSafe.visible("a\nb\tc") == "a\\nb\\tc")
        #expect(TerminalSafe.visible("a\nb\tc\r", keepingLineBreaks: true) == "a\nb\tc\\r")
    }

    @Test func keepsTheProgramsOwnColoursButNoOtherSequence() {
        #expect(TerminalSafe.visibleKeepingColours("\u{1B}[1mbold\u{1B}[0m") == "\u{1B}[1mbold\u{1B}[0m")
        #expect(TerminalSafe.visibleKeepingColours("\u{1B}]0;x\u{07}\u{1B}[2J") == "\\e]0;x\\a\\e[2J")
        #expect(TerminalSafe.visibleKeepingColours("\u{1B}[") == "\\e[")
    }

    @Test func cleansTypedInputRemovingInvisibleCharacters() {
        #expect(TerminalSafe.cleanedInput("价\u{200B}格\u{202E}太贵") == "价格太贵")
        #expect(TerminalSafe.cleanedInput("a\tb\u{1B}c") == "a b c")
    }

    @Test func escapesUnsafeCharactersInJSONStrings() {
        #expect(TerminalSafe.jsonEscaped("{\"a\": \"x\u{202E}y\u{85}\"}\n") == "{\"a\": \"x\\u202ey\\u0085\"}\n")
        #expect(TerminalSafe.jsonEscaped("[\"\u{E0041}\"]") == "[\"\\udb40\\udc41\"]")
    }

    @Test func truncatesByDisplayWidthWithAnEllipsis() {
        #expect(TerminalSafe.truncated("王经理王经理", toWidth: 7) == "王经理…")
        #expect(TerminalSafe.truncated("short", toWidth: 7) == "short")
        #expect(TerminalSafe.width(Substring(TerminalSafe.truncated(String(repeating: "x", count: 100_000), toWidth: 64))) == 64)
    }

    @Test func personNamesAreNonEmptyNarrowAndPlain() {
        #expect(PersonName.problem(with: "王小明") == nil)
        #expect(PersonName.problem(with: "") != nil)
        #expect(PersonName.problem(with: "   ") != nil)
        #expect(PersonName.problem(with: "\u{1B}[2Jx")?.contains("\\e") == true)
        #expect(PersonName.problem(with: "ab\u{202E}c") != nil)
        #expect(PersonName.problem(with: String(repeating: "王", count: 32)) == nil)
        #expect(PersonName.problem(with: String(repeating: "王", count: 33))?.contains("64 columns") == true)
    }
}
