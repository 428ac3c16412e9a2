import Foundation
import Glibc
import Testing

/// The libedit reader, through the demo program on a real pseudo-terminal.
///
/// Serialized to keep the load predictable; each test still starts its own demo.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct EditLineReaderTests {
    /// Without a UTF-8 `LC_CTYPE` libedit drops Chinese; the reader must fix the locale
    /// whatever the environment says.
    @Test(arguments: [[:], ["LC_ALL": "C"], ["LANG": "C.UTF-8"]])
    func editsChineseWithCursorMovesBackspaceAndInsert(locale: [String: String]) throws {
        let demo = try DemoProgram(environment: locale)
        try demo.awaitPrompt()
        try demo.type("是的,可是我们的喷码机更省墨", Keys.left, Keys.left, Keys.left, Keys.backspace, "好", Keys.enter)
        try demo.expectLine("是的,可是我们的喷码好更省墨")
    }

    /// A wide, coloured prompt: the colour codes are bracketed by \u{1} so that libedit
    /// gives them no columns.
    @Test func editsBehindAColouredChinesePrompt() throws {
        let prompt = "\u{1}\u{1B}[1;32m\u{1}销售>\u{1}\u{1B}[0m\u{1} "
        let demo = try DemoProgram(environment: ["DEMO_PROMPT": prompt])
        try demo.expect("销售>")
        #expect(demo.terminal.waitForRawMode(timeout: DemoProgram.timeout))
        try demo.type("您好,王经理", Keys.left, Keys.left, Keys.left, Keys.backspace, "，", Keys.enter)
        try demo.expectLine("您好，王经理")
    }

    @Test func tabCompletesTheOnlyCandidate() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("/he", Keys.tab, Keys.enter)
        try demo.expectLine("/help")
    }

    @Test func tabListsCandidatesWhenNothingCanBeAddedThenCompletesMore() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("/h", Keys.tab)
        // The list, then the prompt and the line redrawn below it.
        try demo.expect("/history")
        try demo.expect("\(DemoProgram.prompt)/h")
        try demo.type("is", Keys.tab, Keys.enter)
        try demo.expectLine("/history")
    }

    @Test func tabCompletesOnlyTheWordBeforeTheCursor() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("x /q", Keys.tab, Keys.enter)
        try demo.expectLine("x /quit")
    }

    @Test func ctrlCInterruptsTheLineAndKeepsTheProgramAtAFreshPrompt() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("半句话", Keys.ctrlC)
        try demo.expect("interrupted\r\n")
        try demo.awaitPrompt()
        try demo.type("ok", Keys.enter)
        try demo.expectLine("ok")
        #expect(demo.terminal.isRunning)
    }

    @Test func ctrlCRepeatedManyTimesIsNeverLost() throws {
        let demo = try DemoProgram()
        for _ in 0..<20 {
            try demo.awaitPrompt()
            try demo.type("x", Keys.ctrlC)
            try demo.expect("interrupted\r\n")
        }
        try demo.awaitPrompt()
        try demo.type("still here", Keys.enter)
        try demo.expectLine("still here")
    }

    @Test func ctrlDOnAnEmptyLineExitsCleanlyAndRestoresTheTerminal() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type(Keys.ctrlD)
        try demo.expect("bye\r\n")
        #expect(demo.terminal.waitForExit(timeout: DemoProgram.timeout) == 0)
        let modes = try #require(demo.terminal.attributes())
        #expect(modes.c_lflag & tcflag_t(ICANON) != 0)
        #expect(modes.c_lflag & tcflag_t(ECHO) != 0)
        #expect(modes.c_lflag & tcflag_t(ISIG) != 0)
    }

    @Test func ctrlDInsideALineDeletesTheCharacterUnderTheCursor() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("abcd", Keys.left, Keys.left, Keys.ctrlD, Keys.enter)
        try demo.expectLine("abd")
    }

    @Test func ctrlDAtTheEndOfALineDoesNothing() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        try demo.type("喷码机", Keys.ctrlD, Keys.enter)
        let transcript = try demo.terminal.expect("got:[喷码机]\r\n", timeout: DemoProgram.timeout)
        // libedit's default would list the files of the current directory here.
        #expect(!transcript.contains("\r\n\r\n"))
        #expect(demo.terminal.isRunning)
    }

    @Test func historyIsRecalledWithUpArrowInTheNextRun() throws {
        let directory = try TemporaryDirectory()
        let history = directory.url.appendingPathComponent("state/salessim/history")
        do {
            let first = try DemoProgram(history: history)
            for line in ["第一条", "你好\u{3000}世界"] {
                try first.awaitPrompt()
                try first.type(line, Keys.enter)
                try first.expectLine(line)
            }
            try first.awaitPrompt()
            try first.type(Keys.ctrlD)
            #expect(first.terminal.waitForExit(timeout: DemoProgram.timeout) == 0)
        }
        let saved = try String(contentsOf: history, encoding: .utf8)
        #expect(saved == "第一条\n你好\u{3000}世界\n")

        let second = try DemoProgram(history: history)
        try second.awaitPrompt()
        try second.type(Keys.up, Keys.enter)
        try second.expectLine("你好\u{3000}世界")
        try second.awaitPrompt()
        try second.type(Keys.up, Keys.up, Keys.enter)
        try second.expectLine("第一条")
    }

    /// With libedit's own SIGWINCH handling, a resize as the prompt was written lost the
    /// prompt (the handler has no SA_RESTART, write(2) fails with EINTR and stdio drops its
    /// buffer) or garbled it (the handler reallocates the display mid-redraw): about once in
    /// 1000 resizes here. The reader only takes SIGWINCH while waiting for a key.
    @Test func resizingAsThePromptIsPrintedNeverLosesIt() throws {
        let demo = try DemoProgram()
        try demo.awaitPrompt()
        for i in 0..<1000 {
            try demo.type("\(i)", Keys.enter)
            try demo.expectLine("\(i)")
            demo.terminal.resize(columns: UInt16(40 + i % 60), rows: 24)
            try demo.awaitPrompt()
        }
    }

    @Test func resizingWhileEditingIsSeenAtOnceAndKeepsTheLineIntact() throws {
        let demo = try DemoProgram(columns: 80)
        try demo.awaitPrompt()
        try demo.type("一二三四五六七八九十 /h")
        try demo.expect("/h")
        demo.terminal.resize(columns: 16, rows: 10)
        // SIGWINCH reached libedit mid-line (EL_SIGNAL): the list is laid out for 16 columns,
        // one candidate per row, not three per row as at 80.
        try demo.type(Keys.tab)
        let listing = PseudoTerminalText.plain(try demo.terminal.expect("/history", timeout: DemoProgram.timeout))
        #expect(listing.contains("/help\n/hint\n/history"))
        try demo.type(Keys.backspace, Keys.backspace, "甲乙丙丁戊己庚辛壬癸", Keys.left, Keys.backspace, Keys.enter)
        try demo.expectLine("一二三四五六七八九十 甲乙丙丁戊己庚辛癸")
        demo.terminal.resize(columns: 100, rows: 30)
        try demo.awaitPrompt()
        try demo.type("wide again", Keys.enter)
        try demo.expectLine("wide again")
    }
}

/// A fresh directory under the system temporary directory, removed on deinit.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lineeditor-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
