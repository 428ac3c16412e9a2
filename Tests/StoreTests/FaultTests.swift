import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Faults met through the real binary: a full standard output, output files that are links,
/// devices or private, damaged values in the store, a store that stops taking turns mid-visit, a
/// rulebook that would wipe stored scores, a manager's read-only copy of the store.
@Suite(.serialized) struct FaultTests {
    let demo = PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml").path
    let salessim = CommandRunner()

    /// A store holding one visit of three replies; its path and its folder.
    func storeWithAVisit() throws -> (path: String, folder: URL) {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        let output = try salessim.run(["play", demo, "--db", path, "--seed", "7", "--trainee", "王小明"],
                                      input: Data("你好，我是小王\n是的，是的，可是我们的机器更稳定\n/quit\n".utf8))
        #expect(output.status == 0, "\(output.stderr)")
        // NB: as if it had reached an ending, so that `export` (finished visits only) has it.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE sessions SET status = 'finished', ended_at = started_at, outcome = 'lost'") }
        try queue.close()
        return (path, folder)
    }

    /// Runs `script` with /bin/sh (redirections, ulimit, mounts in a private namespace).
    func shell(_ script: String, unshare: Bool = false) throws -> CommandRunner.Output {
        let runner = CommandRunner(executable: URL(fileURLWithPath: unshare ? "/usr/bin/unshare" : "/bin/sh"))
        return try runner.run(unshare ? ["-m", "/bin/sh", "-c", script] : ["-c", script], timeout: 120)
    }

    func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    var binary: String { quoted(PackagePaths.salessim.path) }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    // MARK: Standard output that takes nothing

    @Test func aFullStandardOutputIsAnErrorNotACrash() throws {
        let (path, _) = try storeWithAVisit()
        let commands = [
            "report --db \(quoted(path))",
            "report --format html --db \(quoted(path))",
            "list",
            "show --last --db \(quoted(path))",
            "export --xapi --db \(quoted(path))",
            "play \(quoted(demo)) --json --db \(quoted(path)) --seed 3 < /dev/null",
            "play \(quoted(demo)) --db \(quoted(path)) --seed 3 < /dev/null",
        ]
        for command in commands {
            let output = try shell("exec \(binary) \(command) > /dev/full")
            #expect(output.status == 2, "\(command): status \(output.status), \(output.stderr)")
            #expect(output.stderr.contains("salessim: error: cannot write to standard output: No space left on device"), "\(command): \(output.stderr)")
            #expect(!output.stderr.contains("Fatal error"), "\(command): \(output.stderr)")
        }
    }

    @Test func everyCommandReportsAStoreProblemWithExitStatusTwo() throws {
        let port = try CommandRunner(executable: PackagePaths.root.appendingPathComponent("scripts/postgres-server")).run(["free-port"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = "postgres://alice@127.0.0.1:\(port)/salessim"
        let missing = try PackagePaths.temporaryDirectory().appendingPathComponent("none.sqlite").path
        for command in [["admin", "list", "--db", server], ["admin", "init", "--db", server], ["report", "--db", server],
                        ["show", "--last", "--db", missing], ["rescore", "--all", "--db", missing], ["export", "--xapi", "--db", missing]] {
            let output = try salessim.run(command)
            #expect(output.status == 2, "\(command): \(output.status) \(output.stderr)")
            #expect(output.stderr.hasPrefix("salessim: error: "), "\(command): \(output.stderr)")
            #expect(output.stderr.contains("cannot reach the results server") || output.stderr.contains("there is no store"), "\(command): \(output.stderr)")
        }
    }

    // MARK: Output files

    @Test func outputFollowsLinksKeepsModesAndCreatesPrivateFiles() throws {
        let (path, folder) = try storeWithAVisit()
        // A new file: private.
        let fresh = folder.appendingPathComponent("team.html").path
        var output = try salessim.run(["report", "--scripted", "--format", "html", "--db", path, "--output", fresh])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try mode(fresh) == 0o600)

        // An existing file keeps its mode.
        let shared = folder.appendingPathComponent("shared.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: shared))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: shared)
        output = try salessim.run(["report", "--scripted", "--format", "csv", "--db", path, "--output", shared])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try mode(shared) == 0o640)
        #expect(try String(contentsOfFile: shared, encoding: .utf8).contains("王小明"))

        // A symbolic link is followed: the target is written, the link stays a link.
        let target = folder.appendingPathComponent("real.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let link = folder.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        output = try salessim.run(["show", "--last", "--format", "json", "--db", path, "--output", link])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("王小明"))

        // The transcript of a visit too.
        let transcriptTarget = folder.appendingPathComponent("visit.json").path
        let transcriptLink = folder.appendingPathComponent("visit-link.json").path
        try FileManager.default.createSymbolicLink(atPath: transcriptLink, withDestinationPath: transcriptTarget)
        output = try salessim.run(["play", demo, "--db", path, "--transcript", transcriptLink], input: Data("/quit\n".utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: transcriptLink)) == transcriptTarget)
        #expect(try mode(transcriptTarget) == 0o600)
    }

    @Test func outputToAFIFOOrADeviceIsWrittenInPlace() throws {
        let (path, folder) = try storeWithAVisit()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = folder.appendingPathComponent("received.csv").path
        let output = try shell("cat \(quoted(fifo)) > \(quoted(received)) & \(binary) report --scripted --format csv --db \(quoted(path)) --output \(quoted(fifo)); status=$?; wait; exit $status")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try String(contentsOfFile: received, encoding: .utf8).contains("王小明"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO was replaced")

        // A device: /dev/full takes nothing, which is said; /dev/full stays a device.
        let full = try salessim.run(["report", "--db", path, "--output", "/dev/full"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("cannot write /dev/full: No space left on device"), "\(full.stderr)")
        #expect(lstat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func aNewStoreAndItsFolderArePrivate() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("new/data/s.sqlite").path
        let output = try salessim.run(["play", demo, "--db", path], input: Data("你好\n/quit\n".utf8))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try mode(path) == 0o600)
        #expect(try mode(folder.appendingPathComponent("new/data").path) == 0o700)
        #expect(try mode(folder.appendingPathComponent("new").path) == 0o700)
    }

    // MARK: Damaged values

    @Test(arguments: [
        ("UPDATE sessions SET started_at = 'yesterday'", "sessions row 1 column started_at"),
        ("UPDATE sessions SET seed = 'abc'", "sessions row 1 column seed"),
        ("UPDATE turns SET seconds = 'NaN' WHERE idx = 1", "turns row 1:1"),
    ])
    func aDamagedValueIsNamedNotACrash(edit: String, words: String) throws {
        let (path, _) = try storeWithAVisit()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: edit) }
        try queue.close()
        for command in [["report"], ["show", "--last"], ["export", "--xapi"], ["rescore", "--all"]] {
            let output = try salessim.run(command + ["--db", path])
            #expect(output.status == 2, "\(command): \(output.status) \(output.stderr)")
            #expect(output.stderr.contains("the store is damaged at \(words)"), "\(command): \(output.stderr)")
            #expect(!output.stderr.contains("Fatal error"))
        }
    }

    @Test(arguments: [
        ("UPDATE turns SET understood_by = 'telepathy' WHERE idx = 1", "turns row 1:1", "understood_by"),
        ("UPDATE turns SET similarity = 7 WHERE idx = 1", "turns row 1:1", "similarity"),
        ("UPDATE turns SET recognised_reply = 0 WHERE idx = 1", "turns row 1:1", "recognised_reply"),
    ])
    func aDamagedWayOfUnderstandingIsNamedNotGuessed(edit: String, words: String, column: String) throws {
        let (path, _) = try storeWithAVisit()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: edit) }
        try queue.close()
        for command in [["show", "--last"], ["show", "--last", "--format", "json"], ["export", "--xapi"], ["rescore", "--all"]] {
            let output = try salessim.run(command + ["--db", path])
            #expect(output.status == 2, "\(command): \(output.status) \(output.stderr)")
            #expect(output.stderr.contains("the store is damaged at \(words)") && output.stderr.contains(column), "\(command): \(output.stderr)")
        }
    }

    // MARK: Turns that cannot be stored

    @Test func aTurnThatCannotBeStoredStopsTheVisitAndNothingClaimsItIsKept() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        let run = try BinaryRun(["play", demo, "--db", path, "--seed", "5"])
        try run.send("你好，我是小王")
        // The first turn is stored before the next prompt.
        #expect(waitUntil(timeout: 30) {
            (try? DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM turns") }) == 1
        })
        // Another program takes the write lock and keeps it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\nprint('locked', flush=True)\ntime.sleep(60)", path]
        let holderOut = Pipe()
        holder.standardOutput = holderOut
        try holder.run()
        defer { holder.terminate() }
        _ = holderOut.fileHandleForReading.availableData
        try run.send("是的，是的，可是我们的机器更稳定")
        #expect(waitUntil(timeout: 60) { !run.process.isRunning }, "the visit did not stop")
        let stdout = String(decoding: run.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: run.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(run.process.terminationStatus == 2, "\(stderr)")
        #expect(stderr.contains("turn 2 of the visit could not be stored (tried 3 times)"), "\(stderr)")
        #expect(stderr.contains("locked"), "\(stderr)")
        #expect(!stdout.contains("记录已保存") && !stdout.contains("record is kept"), "\(stdout)")
    }

    @Test func theStartOfAVisitIsRefusedWhenTheFileSizeLimitLeavesNoRoom() throws {
        let (path, _) = try storeWithAVisit()
        // About 100 KB of room beyond the store: a write check alone would pass.
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let blocks = size / 1024 + 100
        let output = try shell("ulimit -f \(blocks) && exec \(binary) play \(quoted(demo)) --db \(quoted(path)) < /dev/null")
        #expect(output.status != 0)
        #expect(output.stderr.contains("is full"), "\(output.stderr)")
        #expect(output.stderr.contains("ulimit -f"), "\(output.stderr)")
        #expect(!output.stdout.contains("首次拜访"), "the visit started")
    }

    @Test func theStartOfAVisitIsRefusedOnAFullDiskWithALeftoverWAL() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        // A tmpfs of 640 KB holding a store whose -wal file was left large by an earlier writer,
        // then filled: the write check writes into the -wal's space and passes; the room does not.
        let script = """
            mount -t tmpfs -o size=640k tmpfs \(quoted(folder.path)) && \
            python3 -c "import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')
            c.execute('CREATE TABLE pad (x)'); [c.execute('INSERT INTO pad VALUES (zeroblob(4000))') for _ in range(40)]; c.commit()
            import os; os._exit(0)" \(quoted(path)) && \
            (dd if=/dev/zero of=\(quoted(folder.path))/filler bs=4k 2>/dev/null; true) && \
            exec \(binary) play \(quoted(demo)) --db \(quoted(path)) < /dev/null
            """
        let output = try shell(script, unshare: true)
        #expect(output.status != 0)
        #expect(output.stderr.contains("is full"), "\(output.stderr)")
        #expect(!output.stdout.contains("首次拜访"), "the visit started")
    }

    // MARK: Re-scoring that would wipe scores

    @Test func rescoreSaveRefusesARulebookThatLacksTheRulesOrChangedUnderTheSameVersion() throws {
        let (path, folder) = try storeWithAVisit()
        let before = try salessim.run(["report", "--by", "rule", "--format", "csv", "--db", path])
        // NB: the learned model named by its path in the library, the rulebook being copied elsewhere.
        let original = try String(contentsOf: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "learned: learned-verdicts.tsv", with: "learned: " + PackagePaths.scenarios.appendingPathComponent("learned-verdicts.tsv").path)
        let version = original.split(separator: "\n").first { $0.hasPrefix("version:") }.map(String.init) ?? "version: 1"

        let empty = folder.appendingPathComponent("empty.yaml").path
        try "\(version)\nrules: []\n".write(toFile: empty, atomically: true, encoding: .utf8)
        var output = try salessim.run(["rescore", "--all", "--save", "--rulebook", empty, "--db", path])
        #expect(output.status == 2, "\(output.stdout) \(output.stderr)")
        #expect(output.stderr.contains("lacks rules the stored sessions were judged on"), "\(output.stderr)")
        #expect(try salessim.run(["report", "--by", "rule", "--format", "csv", "--db", path]).stdout == before.stdout, "scores changed")

        // Same version, other weights: refused too.
        let changed = folder.appendingPathComponent("changed.yaml").path
        try original.replacingOccurrences(of: #"weight: \d+"#, with: "weight: 1", options: .regularExpression)
            .write(toFile: changed, atomically: true, encoding: .utf8)
        output = try salessim.run(["rescore", "--all", "--save", "--rulebook", changed, "--db", path])
        #expect(output.status == 2, "\(output.stdout) \(output.stderr)")
        #expect(output.stderr.contains("content changed without a new version number"), "\(output.stderr)")

        // --force saves anyway.
        output = try salessim.run(["rescore", "--all", "--save", "--force", "--rulebook", empty, "--db", path])
        #expect(output.status == 0, "\(output.stderr)")
    }

    // MARK: A read-only store

    @Test func reportShowAndExportWorkOnAReadOnlyStore() throws {
        let (path, folder) = try storeWithAVisit()
        // NB: tests run as root, for whom modes do not stop writes; a read-only bind mount does.
        let commands = ["report --scripted", "show --last", "export --xapi", "report --scripted --format html"]
        for command in commands {
            let output = try shell("mount --bind \(quoted(folder.path)) \(quoted(folder.path)) && mount -o remount,bind,ro \(quoted(folder.path)) && exec \(binary) \(command) --db \(quoted(path))", unshare: true)
            #expect(output.status == 0, "\(command): \(output.stderr)")
            #expect(output.stdout.contains("王小明"), "\(command): \(output.stdout)")
        }
        // A visit still refuses it.
        let play = try shell("mount --bind \(quoted(folder.path)) \(quoted(folder.path)) && mount -o remount,bind,ro \(quoted(folder.path)) && exec \(binary) play \(quoted(demo)) --db \(quoted(path)) < /dev/null", unshare: true)
        #expect(play.status != 0)
        #expect(play.stderr.contains("read-only"), "\(play.stderr)")
    }
}
