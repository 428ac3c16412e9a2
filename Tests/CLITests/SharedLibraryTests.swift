import Foundation
import Testing
import TestSupport

/// Which shared libraries salessim loads (issue 16). libpq (a results server) and libcurl
/// (sending xAPI statements), with their TLS, Kerberos and LDAP libraries, are loaded when a
/// command uses them, never at start: a visit on an SQLite store maps none of them. Without
/// libpq, a server store is a clear error, never a crash. Run as the real binary; the dynamic
/// linker itself reports what it loads (`LD_DEBUG=files`). libcurl: ReportsTests'
/// XAPILibraryTests.
@Suite struct SharedLibraryTests {
    let salessim = CommandRunner()
    let library = ["--scenarios", PackagePaths.scenarios.path]
    let replies = ["您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。", "/quit"]
    let server = "postgres://trainer:secret@127.0.0.1:1/sales"

    func play(_ runner: CommandRunner, db: String) throws -> CommandRunner.Output {
        try runner.run(["play", "demo-first-visit", "--trainee", "王小明", "--seed", "3", "--db", db] + library,
                       input: Data(replies.joined(separator: "\n").utf8))
    }

    @Test func theBinaryLinksNeitherLibpqNorLibcurlNorTheirTLSLibraries() throws {
        let ldd = try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/ldd")).run([PackagePaths.salessim.path])
        try #require(ldd.status == 0, "\(ldd.stderr)")
        #expect(ldd.stdout.contains("libsqlite3"), "\(ldd.stdout)")
        for name in SharedLibraries.onDemand {
            #expect(!ldd.stdout.contains(name), "salessim links \(name) at start:\n\(ldd.stdout)")
        }
    }

    @Test func aVisitOnAnSQLiteStoreAndItsReportLoadNeitherLibrary() throws {
        let db = try PackagePaths.temporaryDirectory("salessim-libraries").appendingPathComponent("s.sqlite").path
        let traced = CommandRunner(environment: SharedLibraries.traced)
        let play = try play(traced, db: db)
        #expect(play.status == 0, "\(play.stderr.suffix(2000))")
        let report = try traced.run(["report", "--scripted", "--db", db])
        #expect(report.status == 0, "\(report.stderr.suffix(2000))")
        #expect(report.stdout.contains("王小明"))
        for run in [play, report] {
            let loaded = SharedLibraries.loaded(run.stderr)
            // The trace works: it shows a library every run needs.
            #expect(loaded.contains { $0.hasPrefix("libsqlite3") }, "no LD_DEBUG trace: \(run.stderr.prefix(500))")
            for name in SharedLibraries.onDemand {
                #expect(!loaded.contains { $0.contains(name) }, "\(name) loaded: \(loaded)")
            }
        }
    }

    @Test func aServerStoreLoadsLibpqWhenItIsUsed() throws {
        // NB: nothing listens on port 1: libpq is loaded, connects, and is refused.
        let traced = CommandRunner(environment: SharedLibraries.traced.merging(["PGCONNECT_TIMEOUT": "5"]) { $1 })
        let output = try traced.run(["report", "--db", server])
        #expect(output.status == 2)
        #expect(output.stderr.contains("cannot reach the results server postgres://trainer@127.0.0.1:1/sales"), "\(output.stderr.suffix(2000))")
        #expect(!output.stderr.contains("secret"))
        let loaded = SharedLibraries.loaded(output.stderr)
        #expect(loaded.contains { $0.hasPrefix("libpq.so.5") }, "\(loaded)")
        #expect(!loaded.contains { $0.contains("libcurl") }, "\(loaded)")
    }

    @Test(.enabled(if: SharedLibraries.canHide)) func withoutLibpqAServerStoreIsAClearErrorAndSQLiteStillWorks() throws {
        let db = try PackagePaths.temporaryDirectory("salessim-libraries").appendingPathComponent("s.sqlite").path
        let play = try SharedLibraries.run(salessim, without: "libpq.so.5", ["play", "demo-first-visit", "--trainee", "王小明", "--seed", "3", "--db", db] + library,
                                           input: Data(replies.joined(separator: "\n").utf8))
        #expect(play.status == 0, "\(play.stderr)")
        let report = try SharedLibraries.run(salessim, without: "libpq.so.5", ["report", "--scripted", "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("王小明"))
        for arguments in [["report", "--db", server], ["play", "demo-first-visit", "--db", server] + library, ["admin", "list", "--db", server]] {
            let output = try SharedLibraries.run(salessim, without: "libpq.so.5", arguments)
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains("PostgreSQL's client library libpq.so.5 cannot be loaded"), "\(output.stderr)")
            #expect(output.stderr.contains("apt-get install libpq5"), "\(output.stderr)")
            #expect(!output.stderr.contains("secret"))
            #expect(!output.stderr.contains("crashed") && !output.stderr.contains("Fatal error"), "\(output.stderr)")
        }
    }
}
