import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// A store that cannot take a visit stops `salessim play` with a clear message and a non-zero
/// exit before the visit starts (no scenario title, no customer line printed).
@Suite(.serialized) struct BadStoreTests {
    let demo = PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml").path
    let salessim = CommandRunner()

    /// Runs `salessim play` on `path` and checks it stopped before the visit with `words`.
    func expectRefusal(_ output: CommandRunner.Output, _ words: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status != 0, sourceLocation: sourceLocation)
        #expect(output.stderr.contains("salessim: error:"), "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains(words), "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains(path), "stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(!output.stdout.contains("首次拜访"), "the visit started: \(output.stdout)", sourceLocation: sourceLocation)
    }

    /// Runs `script` as root in a private mount namespace (`unshare -m`), where it may mount a
    /// read-only bind or a tiny tmpfs that only this process sees.
    func unshared(_ script: String) throws -> CommandRunner.Output {
        try CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/unshare"))
            .run(["-m", "/bin/sh", "-c", script], timeout: 60)
    }

    @Test func aCorruptFileIsRefusedBeforeTheVisit() throws {
        let path = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try noise.write(to: URL(fileURLWithPath: path))
        let output = try salessim.run(["play", demo, "--db", path], input: Data("你好\n".utf8))
        expectRefusal(output, "is not a salessim store or is damaged", path: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == noise, "the file was changed")
    }

    @Test func aStoreOnAReadOnlyFileSystemIsRefusedBeforeTheVisit() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        _ = try Store.open(at: path, purpose: .recording)
        // NB: tests run as root, for whom chmod does not stop writes; a read-only bind mount does.
        let output = try unshared("mount --bind '\(folder.path)' '\(folder.path)' && mount -o remount,bind,ro '\(folder.path)' && exec '\(PackagePaths.salessim.path)' play '\(demo)' --db '\(path)' < /dev/null")
        expectRefusal(output, "is read-only", path: path)
    }

    @Test func aNewStoreInAReadOnlyFolderIsRefusedBeforeTheVisit() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        let output = try unshared("mount --bind '\(folder.path)' '\(folder.path)' && mount -o remount,bind,ro '\(folder.path)' && exec '\(PackagePaths.salessim.path)' play '\(demo)' --db '\(path)' < /dev/null")
        expectRefusal(output, "is read-only", path: path)
    }

    @Test func aFolderThatCannotBeCreatedIsRefusedBeforeTheVisit() throws {
        let path = "/proc/salessim-test/s.sqlite"
        let output = try salessim.run(["play", demo, "--db", path], input: Data("你好\n".utf8))
        expectRefusal(output, "cannot open the store", path: path)
        #expect(output.stderr.contains("creating its folder /proc/salessim-test"))
    }

    @Test func aFullDiskIsRefusedBeforeTheVisit() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("s.sqlite").path
        let output = try unshared("mount -t tmpfs -o size=64k tmpfs '\(folder.path)' && (dd if=/dev/zero of='\(folder.path)/filler' bs=4k 2>/dev/null; true) && exec '\(PackagePaths.salessim.path)' play '\(demo)' --db '\(path)' < /dev/null")
        expectRefusal(output, "is full", path: path)
    }

    @Test func aStoreLockedByAnotherProgramIsRefusedBeforeTheVisit() throws {
        let path = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        _ = try Store.open(at: path, purpose: .recording)
        let holder = try DatabaseQueue(path: path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            let output = try salessim.run(["play", demo, "--db", path], input: Data("你好\n".utf8))
            expectRefusal(output, "is locked by another program", path: path)
            try db.execute(sql: "ROLLBACK")
        }
    }
}
