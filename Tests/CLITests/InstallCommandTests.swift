import Foundation
import Testing
import TestSupport

/// Install once, use anywhere (issue 15): the installed program finds the installed library from
/// any folder, and says which it uses.
@Suite struct InstallCommandTests {
    @Test func anInstalledSalessimPlaysFromAnyFolder() throws {
        let prefix = try PackagePaths.temporaryDirectory().appendingPathComponent("local")
        let home = try PackagePaths.temporaryDirectory()
        let installer = CommandRunner(environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"])
        let installed = try installer.run(["install", "--prefix", prefix.path])
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("installed \(prefix.path)/bin/salessim"))
        #expect(installed.stdout.contains("add \(prefix.path)/bin to your PATH"))
        let program = prefix.appendingPathComponent("bin/salessim")
        // Started from a folder with no Scenarios/ anywhere above it.
        let elsewhere = try PackagePaths.temporaryDirectory()
        let runner = CommandRunner(executable: program, environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"], workingDirectory: elsewhere)
        let version = try runner.run(["--version"])
        #expect(version.stdout.contains("library \(prefix.path)/share/salessim/Scenarios · rulebook v"), "\(version.stdout)")
        let list = try runner.run(["list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("payment-delay"))
        let play = try runner.run(["play", "demo-first-visit", "--db", elsewhere.appendingPathComponent("s.sqlite").path, "--trainee", "王小明"],
                                  input: Data("/quit\n".utf8))
        #expect(play.status == 0, "\(play.stderr)")
        #expect(!play.stderr.contains("no Scenarios/ folder"))
        // Installing again replaces both, and the folder names what was searched when nothing is there.
        #expect(try installer.run(["install", "--prefix", prefix.path]).status == 0)
        try FileManager.default.removeItem(at: prefix.appendingPathComponent("share"))
        let lost = try runner.run(["list"])
        #expect(lost.status != 0)
        #expect(lost.stderr.contains("salessim install"), "\(lost.stderr)")
    }
}
