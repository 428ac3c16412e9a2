import Testing
@testable import LanguageServer

@Suite struct TextLinesTests {
    @Test(arguments: [
        ("next: close", 7, 6),
        ("  customer: 王经理说:好", 15, 14),
        ("  match: \"😀 @ack\"", 13, 13),  // 😀 is one scalar, two UTF-16 units
        ("", 1, 0),
    ])
    func convertsScalarColumnsToUTF16(line: String, column: Int, character: Int) {
        let lines = TextLines(line + "\nnext")
        #expect(lines.position(line: 1, column: column) == Position(line: 0, character: character))
        #expect(lines.column(of: Position(line: 0, character: character)) == column)
    }

    @Test func clampsPositionsPastTheLine() {
        let lines = TextLines("是的\n")
        #expect(lines.position(line: 1, column: 40) == Position(line: 0, character: 2))
        #expect(lines.position(line: 9, column: 1) == Position(line: 8, character: 0))
    }

    @Test func replacesARangeGivenInUTF16() {
        let text = "a: 😀是的\nb: 可是\n"
        let replaced = TextLines.replacing(TextRange(start: Position(line: 0, character: 5), end: Position(line: 1, character: 3)), with: "X", in: text)
        #expect(replaced == "a: 😀X可是\n")
    }

    @Test func findsTheTextBeforeTheCursor() {
        let lines = TextLines("    next: 结束x")
        #expect(lines.prefix(before: Position(line: 0, character: 12)) == "    next: 结束")
    }
}
