import Foundation
import Testing
import TestSupport

/// Names that a store written before names were checked may hold (issue 17): escape
/// sequences, bidi overrides, 100,000 characters. Reports print them inert and cut to
/// 64 columns. Run as the real binary.
@Suite struct HostileNameReportTests {
    let salessim = CommandRunner()
    static let escapes = "\u{1B}[2J\u{1B}]0;PWNED\u{07}esc\u{202E}-name\u{200B}"

    static func isInert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ["\u{1B}", "\u{07}", "\u{202E}", "\u{200B}"].contains($0) }
    }

    @Test(arguments: [["--format", "csv"], ["--format", "table"], ["--format", "csv", "--by", "progress"], ["--by", "exam"]])
    func reportsShowEscapeSequencesInNamesAsInertText(format: [String]) throws {
        let (_, db) = try HandMadeStore.make(trainee: Self.escapes)
        let output = try salessim.run(["report", "--db", db] + format)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Self.isInert(output.stdout), "\(output.stdout)")
        #expect(output.stdout.contains("\\e[2J\\e]0;PWNED\\aesc<U+202E>-name<U+200B>"))
    }

    @Test func showPrintsAHostileNameInert() throws {
        let (_, db) = try HandMadeStore.make(trainee: Self.escapes)
        let output = try salessim.run(["show", "--last", "--trainee", Self.escapes, "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Self.isInert(output.stdout + output.stderr))
    }

    @Test func aHugeNameIsCutToSixtyFourColumnsWithAnEllipsis() throws {
        let (_, db) = try HandMadeStore.make(trainee: String(repeating: "长", count: 100_000))
        let output = try salessim.run(["report", "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.count < 4_000, "\(output.stdout.count) characters")
        #expect(output.stdout.contains(String(repeating: "长", count: 31) + "…"))
        let csv = try salessim.run(["report", "--db", db, "--format", "csv"])
        #expect(csv.stdout.count < 4_000)
    }
}

/// A session left `running` (issue 17): its process id reused by another process, or written
/// by another host of a shared server. After ``SessionStatus/runningCutOff`` (6 hours) without a
/// turn it shows as interrupted. Run as the real binary on an SQLite store edited with Python.
@Suite struct LeftRunningSessionTests {
    let salessim = CommandRunner()

    /// Sets the writer of 李丽's session (stored `running`) and, when given, its start and turns' time.
    func setWriter(_ db: String, pid: Int32, host: String, startedAt: String? = nil) throws {
        var sql = "UPDATE sessions SET pid = \(pid), host = '\(host)' WHERE status = 'running';"
        if let startedAt {
            sql += "UPDATE sessions SET started_at = '\(startedAt)' WHERE status = 'running';"
            sql += "UPDATE turns SET recorded_at = '\(startedAt)' WHERE session_id IN (SELECT id FROM sessions WHERE status = 'running');"
        }
        let python = CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/env"))
        let done = try python.run(["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", db, sql])
        try #require(done.status == 0, "\(done.stderr)")
    }

    func status(_ db: String) throws -> String {
        let output = try salessim.run(["show", "--last", "--trainee", "李丽", "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout
    }

    @Test func aCrashedSessionWhosePidWasReusedShowsAsInterrupted() throws {
        let (_, db) = try HandMadeStore.make()
        // The test process is alive on this host: the pid "was reused" by it.
        try setWriter(db, pid: getpid(), host: ProcessInfo.processInfo.hostName)
        let shown = try status(db)
        #expect(shown.contains("interrupted"), "\(shown)")
        #expect(!shown.contains("still running"))
    }

    @Test func aSessionLeftRunningByAnotherHostShowsAsInterruptedAfterTheCutOff() throws {
        let (_, db) = try HandMadeStore.make()
        try setWriter(db, pid: 4242, host: "another-host.example")
        #expect(try status(db).contains("interrupted"))
    }

    @Test func aRecentSessionOfAnotherHostStillShowsAsRunning() throws {
        let (_, db) = try HandMadeStore.make()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        try setWriter(db, pid: 4242, host: "another-host.example", startedAt: formatter.string(from: Date().addingTimeInterval(-600)))
        #expect(try status(db).contains("still running"))
    }
}
