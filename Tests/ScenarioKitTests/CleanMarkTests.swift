import Foundation
import Testing
import TestSupport
@testable import ScenarioKit

/// A scenario checked clean against a rulebook is not checked again by a visit's start, but only
/// for exactly that text, that rulebook and that program: anything else is checked as before.
@Suite struct CleanMarkTests {
    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("clean-mark-\(UUID().uuidString)")
    }

    /// A library of the built-in rulebook and one scenario; the scenario's and rulebook's paths.
    func library(rulebook: String? = nil) throws -> (scenario: String, rulebook: String) {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rulebookPath = folder.appendingPathComponent("rulebook.yaml")
        let text = try rulebook ?? String(contentsOf: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), encoding: .utf8)
        try Data(text.utf8).write(to: rulebookPath)
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("learned-verdicts.tsv"),
                                         to: folder.appendingPathComponent("learned-verdicts.tsv"))
        let scenario = folder.appendingPathComponent("demo-first-visit.yaml")
        try Data(contentsOf: PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml")).write(to: scenario)
        return (scenario.path, rulebookPath.path)
    }

    func lint(_ paths: (scenario: String, rulebook: String), cache: YAMLCache?) -> Linter.Report {
        var linter = Linter(fallbackRulebook: paths.rulebook)
        linter.cache = cache
        return linter.lint(paths: [paths.scenario])
    }

    func marks(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".clean") }
    }

    @Test func aCleanScenarioIsMarkedAndFoundCleanAgain() throws {
        let paths = try library()
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        let plain = lint(paths, cache: nil)
        #expect(plain.diagnostics.isEmpty && plain.scenarios.count == 1)
        #expect(marks(in: directory).isEmpty)
        for _ in 0..<2 {
            let report = lint(paths, cache: cache)
            #expect(report.diagnostics.isEmpty && report.scenarios.map(\.scenario.id) == ["demo-first-visit"])
            #expect(marks(in: directory).count == 1)
        }
    }

    @Test func anEditedScenarioIsCheckedAgain() throws {
        let paths = try library()
        let cache = YAMLCache(directory: scratch())
        _ = lint(paths, cache: cache)
        // A pattern naming a lexicon the rulebook does not have: an error, whatever was marked.
        let text = try String(contentsOfFile: paths.scenario, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "match: \"(@thanks | 麻烦 | 请 | 您好) & 陈经理\"", with: "match: \"(@thanks | @no-such-lexicon) & 陈经理\"")
        #expect(broken != text)
        try Data(broken.utf8).write(to: URL(fileURLWithPath: paths.scenario))
        let plain = lint(paths, cache: nil)
        #expect(plain.errorCount > 0)
        let report = lint(paths, cache: cache)
        #expect(report.diagnostics == plain.diagnostics && report.scenarios.isEmpty)
    }

    @Test func anotherRulebookChecksTheSameTextAgain() throws {
        let paths = try library()
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        _ = lint(paths, cache: cache)
        #expect(marks(in: directory).count == 1)
        // The same scenario under another rulebook (one comment more) is checked, and marked, anew.
        let rulebook = try String(contentsOfFile: paths.rulebook, encoding: .utf8)
        try Data((rulebook + "\n# edited\n").utf8).write(to: URL(fileURLWithPath: paths.rulebook))
        let report = lint(paths, cache: cache)
        #expect(report.diagnostics.isEmpty && report.scenarios.count == 1)
        #expect(marks(in: directory).count == 2)
    }

    @Test func aDamagedOrForeignMarkIsNotTaken() throws {
        let paths = try library()
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        // A scenario with an error, and a mark file where its clean mark would be.
        let text = try String(contentsOfFile: paths.scenario, encoding: .utf8)
            .replacingOccurrences(of: "next: office", with: "next: no-such-node")
        try Data(text.utf8).write(to: URL(fileURLWithPath: paths.scenario))
        let plain = lint(paths, cache: nil)
        #expect(plain.errorCount > 0)
        let key = try #require(RulebookLoader.load(path: paths.rulebook, cache: cache).value?.sourceKey)
        let url = URL(fileURLWithPath: cache.cleanMarkPath(text: Data(text.utf8), rulebook: key))
        let good = CleanMarks.mark(text: Data(text.utf8), identity: try #require(RulebookSnapshot.programIdentity))
        var bads: [[UInt8]] = [Array(good.dropLast()), good + [0], Array("not a mark".utf8), CleanMarks.mark(text: Data("other text".utf8), identity: try #require(RulebookSnapshot.programIdentity)),
                               CleanMarks.mark(text: Data(text.utf8), identity: [9, 9, 9])]
        var flipped = good
        flipped[CleanMarks.magic.count + 3] ^= 0x41
        bads.append(flipped)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for bad in bads {
            try Data(bad).write(to: url)
            chmod(url.path, 0o600)
            #expect(lint(paths, cache: cache).diagnostics == plain.diagnostics)
        }
        // Even a good mark that others may write is not trusted.
        try Data(good).write(to: url)
        chmod(url.path, 0o666)
        #expect(lint(paths, cache: cache).diagnostics == plain.diagnostics)
    }

    @Test func aRulebookThatNamesAManualIsAlwaysCheckedAgainstIt() throws {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("手册的全文。".utf8).write(to: folder.appendingPathComponent("manual.txt"))
        let rulebook = try String(contentsOf: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "\nversion:", with: "\nmanual: manual.txt\nversion:")
        let paths = try library(rulebook: rulebook)
        try FileManager.default.copyItem(at: folder.appendingPathComponent("manual.txt"),
                                         to: URL(fileURLWithPath: paths.rulebook).deletingLastPathComponent().appendingPathComponent("manual.txt"))
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        let plain = lint(paths, cache: nil)
        for _ in 0..<2 { #expect(lint(paths, cache: cache).diagnostics == plain.diagnostics) }
        #expect(marks(in: directory).isEmpty)
    }
}
