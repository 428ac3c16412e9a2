import Testing
import TestSupport

@Suite struct PseudoTerminalTests {
    @Test func stripsEscapeSequencesCarriageReturnsAndBells() {
        let raw = "demo> 喷\u{08}\r\u{1B}[26G\u{1B}[2P更\u{07}\r\n\u{1B}]0;title\u{07}ok\u{1B}[K"
        #expect(PseudoTerminal.stripEscapes(raw) == "demo> 喷\u{08}更\nok")
    }

    @Test func reportsTheExitCodeOfAProgram() throws {
        let pty = try PseudoTerminal(executable: "/bin/sh", arguments: ["-c", "printf 'ready\\n'; exit 3"])
        try pty.expect("ready", timeout: 30)
        #expect(pty.waitForExit(timeout: 30) == 3)
    }

    @Test func killsAProgramThatOutlivesTheWait() throws {
        let pty = try PseudoTerminal(executable: "/bin/sleep", arguments: ["60"])
        #expect(pty.waitForExit(timeout: 0.2) == nil)
        #expect(!pty.isRunning)
        // Spelled Int32: `#expect(optionalInt32 == 128 + 9)` fails in Swift Testing 6.3.1.
        #expect(pty.exitStatus == Int32(128 + 9))
    }

    @Test func throwsWithTheUnreadOutputAndKillsTheProgramOnTimeout() throws {
        let pty = try PseudoTerminal(executable: "/bin/sh", arguments: ["-c", "printf 'partial'; sleep 60"])
        do {
            try pty.expect("never", timeout: 0.3)
            Issue.record("expect should have timed out")
        } catch let PseudoTerminal.Failure.timeout(expected, unread) {
            #expect(expected == "never")
            #expect(unread == "partial")
        }
        #expect(!pty.isRunning)
    }

    @Test func resetsTheSignalMaskTheTestThreadBlocks() throws {
        let pty = try PseudoTerminal(executable: "/bin/sh", arguments: ["-c", "grep SigBlk /proc/self/status"])
        try pty.expect("SigBlk:\t0000000000000000", timeout: 30)
        #expect(pty.waitForExit(timeout: 30) == 0)
    }
}
