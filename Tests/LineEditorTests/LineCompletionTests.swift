import Testing
@testable import LineEditor

@Suite struct LineCompletionTests {
    @Test(arguments: [
        ("", ""),
        ("/he", "/he"),
        ("say /he", "/he"),
        ("报价\u{3000}喷码", "喷码"),
        ("ends with space ", ""),
    ])
    func findsTheWordBeforeTheCursor(line: String, word: String) {
        #expect(LineCompletion.wordBeforeCursor(line) == word[...])
    }

    @Test func findsTheCommonPrefix() {
        #expect(LineCompletion.commonPrefix(["/hint", "/history"]) == "/hi")
        #expect(LineCompletion.commonPrefix(["喷码机", "喷码器"]) == "喷码")
        #expect(LineCompletion.commonPrefix([]) == "")
    }

    @Test func completesTheOnlyCandidate() {
        #expect(LineCompletion.action(word: "/he", candidates: ["/help"]) == .insert(text: "lp", deleting: 0))
    }

    @Test func extendsToTheCommonPrefixOfSeveral() {
        #expect(LineCompletion.action(word: "/h", candidates: ["/hint", "/history"]) == .insert(text: "i", deleting: 0))
    }

    @Test func listsSeveralWhenNothingCanBeAdded() {
        #expect(LineCompletion.action(word: "/hi", candidates: ["/hint", "/history", "/hint"]) == .list(["/hint", "/history"]))
    }

    @Test func replacesTheWordWithALoneCandidateThatDoesNotExtendIt() {
        #expect(LineCompletion.action(word: "噴碼", candidates: ["喷码机"]) == .insert(text: "喷码机", deleting: 2))
    }

    @Test func doesNothingWithoutCandidatesOrWhenComplete() {
        #expect(LineCompletion.action(word: "/x", candidates: []) == .none)
        #expect(LineCompletion.action(word: "/help", candidates: ["/help"]) == .none)
    }

    @Test func laysOutCandidatesInColumnsForTheTerminalWidth() {
        let words = ["/help", "/hint", "/history"]
        #expect(EditLineReader.columns(words, width: 80) == "\r\n/help     /hint     /history\r\n")
        #expect(EditLineReader.columns(words, width: 16) == "\r\n/help\r\n/hint\r\n/history\r\n")
        #expect(EditLineReader.columns(["喷码机", "墨"], width: 8) == "\r\n喷码机\r\n墨\r\n")
    }
}
