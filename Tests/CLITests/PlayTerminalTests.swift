import Foundation
import Glibc
import Testing
import TestSupport

/// `salessim play` on a real pseudo-terminal with the real libedit, as a new hire uses it.
///
/// Serialized: each test starts its own program, and a loaded 2-core machine must not make
/// keys arrive before libedit is in raw mode (the driver waits for it before each key).
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PlayTerminalTests {
    static let timeout: TimeInterval = 40
    static let prompt = "你> "

    enum Key {
        static let left = "\u{1B}[D"
        static let up = "\u{1B}[A"
        static let backspace = "\u{7F}"
        static let tab = "\t"
        static let enter = "\r"
        static let ctrlC = "\u{03}"
        static let ctrlD = "\u{04}"
    }

    /// A play session on a pseudo-terminal, in a fresh home (history, transcript) and no LANG.
    struct Program {
        let terminal: PseudoTerminal
        let home: URL
        var transcript: URL { home.appendingPathComponent("transcript.json") }
        var history: URL { home.appendingPathComponent("state/salessim/history") }

        init(home: URL? = nil, arguments: [String] = ["demo-first-visit", "--seed", "3"]) throws {
            let home = try home ?? PackagePaths.temporaryDirectory("salessim-pty")
            self.home = home
            let environment = [
                "TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": home.path,
                "XDG_STATE_HOME": home.appendingPathComponent("state").path,
                "XDG_DATA_HOME": home.appendingPathComponent("data").path,
                "USER": "pty-trainee", "NO_COLOR": "1",
            ]
            terminal = try PseudoTerminal(
                executable: PackagePaths.salessim.path,
                arguments: ["play"] + arguments + ["--scenarios", PackagePaths.scenarios.path,
                                                   "--transcript", home.appendingPathComponent("transcript.json").path],
                environment: environment, columns: 100, rows: 40)
        }

        /// Waits for the reply prompt and for raw mode: keys sent earlier would be cooked.
        func awaitPrompt() throws {
            try terminal.expect(PlayTerminalTests.prompt, timeout: PlayTerminalTests.timeout)
            guard terminal.waitForRawMode(timeout: PlayTerminalTests.timeout) else {
                throw PseudoTerminal.Failure.timeout(expected: "raw mode", unread: terminal.screenText)
            }
        }

        func type(_ keys: String...) throws {
            for key in keys { try terminal.send(key) }
        }

        func expect(_ text: String) throws {
            try terminal.expect(text, timeout: PlayTerminalTests.timeout)
        }

        /// The replies the engine received, from the transcript written at the end.
        func replies() throws -> [String] {
            let data = try Data(contentsOf: transcript)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (object?["turns"] as? [[String: Any]] ?? []).compactMap { $0["reply"] as? String }
        }
    }

    @Test func editingInsideAChineseReplyReachesTheEngineExactly() throws {
        let program = try Program()
        try program.awaitPrompt()
        try program.type("/options", Key.enter)
        try program.awaitPrompt()
        try program.type("1", Key.enter)
        try program.awaitPrompt()
        try program.type("陈经理，这几瓶酱油的日期有点糊", Key.left, Key.left, Key.left, Key.backspace, "好", Key.enter)
        try program.awaitPrompt()
        try program.type(Key.ctrlD)
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
        #expect(try program.replies() == ["您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。", "陈经理，这几瓶酱油的日好有点糊"])
    }

    @Test func tabCompletesMetaCommands() throws {
        let program = try Program()
        try program.awaitPrompt()
        try program.type("/he", Key.tab, Key.enter)
        try program.expect("/restart")
        try program.awaitPrompt()
        try program.type("/quit", Key.enter)
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
    }

    @Test func ctrlCCancelsTheLineAndKeepsTheProgramAlive() throws {
        let program = try Program()
        try program.awaitPrompt()
        try program.type("说了一半", Key.ctrlC)
        try program.expect("（已取消这一行）")
        try program.awaitPrompt()
        #expect(program.terminal.isRunning)
        try program.type("/options", Key.enter)
        try program.awaitPrompt()
        try program.type("1", Key.enter)
        try program.expect("二楼左手边")
        try program.awaitPrompt()
        try program.type("/quit", Key.enter)
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
        #expect(try program.replies() == ["您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。"])
    }

    @Test func ctrlDEndsTheVisitCleanlyAndRestoresTheTerminal() throws {
        let program = try Program()
        try program.awaitPrompt()
        try program.type(Key.ctrlD)
        try program.expect("拜访已中止")
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: program.transcript)) as? [String: Any]
        #expect(object?["status"] as? String == "abandoned")
    }

    @Test func historyIsRecalledInASecondRun() throws {
        let first = try Program()
        try first.awaitPrompt()
        try first.type("贵厂的\u{3000}质量奖状真多", Key.enter)
        try first.awaitPrompt()
        try first.type("/quit", Key.enter)
        #expect(first.terminal.waitForExit(timeout: Self.timeout) == 0)

        let second = try Program(home: first.home)
        try second.awaitPrompt()
        try second.type(Key.up, Key.up, Key.enter)
        try second.awaitPrompt()
        try second.type("/quit", Key.enter)
        #expect(second.terminal.waitForExit(timeout: Self.timeout) == 0)
        #expect(try second.replies() == ["贵厂的\u{3000}质量奖状真多"])
    }

    @Test func resizingTheTerminalKeepsTheProgramWorking() throws {
        let program = try Program()
        try program.awaitPrompt()
        program.terminal.resize(columns: 40, rows: 20)
        try program.type("/profile", Key.enter)
        try program.expect("客户档案")
        try program.awaitPrompt()
        try program.type("/quit", Key.enter)
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
    }

    @Test func thePickListCompletesScenarioIds() throws {
        let program = try Program(arguments: [])
        try program.expect("demo-first-visit")
        try program.expect("> ")
        #expect(program.terminal.waitForRawMode(timeout: Self.timeout))
        try program.type("demo-f", Key.tab, Key.enter)
        try program.awaitPrompt()
        try program.type("/quit", Key.enter)
        #expect(program.terminal.waitForExit(timeout: Self.timeout) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: program.transcript)) as? [String: Any]
        #expect((object?["scenario"] as? [String: Any])?["id"] as? String == "demo-first-visit")
    }
}
