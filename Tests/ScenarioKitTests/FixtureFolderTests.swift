import Foundation
import ScenarioKit
import Simulation
import Testing
import TestSupport

/// Golden fixture folders: each valid folder's scenario plays its tests into `expected.txt`;
/// each invalid folder's scenario lints to exactly the diagnostics in `expected.txt` (with the
/// engine's checks of ``ReplyVerifier``, as `salessim lint` runs them).
/// Run with `UPDATE_GOLDEN=1` to rewrite the expected files after an intended change.
@Suite struct FixtureFolderTests {
    static let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures")
    static var update: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    static func folders(_ kind: String) -> [String] {
        let base = fixtures.appendingPathComponent(kind)
        return ((try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func compare(_ actual: String, with file: URL) throws {
        if update {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(file.path) differs; run with UPDATE_GOLDEN=1 to accept:\n\(actual)")
    }

    @Test(arguments: folders("valid"))
    func validScenarioPlaysItsExpectedTranscript(folder: String) throws {
        let directory = Self.fixtures.appendingPathComponent("valid/\(folder)")
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [directory.path])
        let diagnostics = report.diagnostics.map(\.description)
        #expect(diagnostics.isEmpty)
        let (scenario, rulebook) = try #require(report.scenarios.first)
        var transcript = ""
        for test in scenario.tests {
            let result = Playthrough(scenario: scenario, rulebook: rulebook).run(test)
            let failures = result.failures.map(\.message)
            #expect(failures.isEmpty, "\(test.name) failed")
            transcript += "## \(test.name)\n" + TranscriptText.render(result.session) + "\n"
        }
        try Self.compare(transcript, with: directory.appendingPathComponent("expected.txt"))
    }

    @Test(arguments: folders("invalid"))
    func invalidScenarioGivesExactlyItsExpectedDiagnostics(folder: String) throws {
        let directory = Self.fixtures.appendingPathComponent("invalid/\(folder)")
        var linter = Linter(fallbackRulebook: nil)
        var report = linter.lint(paths: [directory.path])
        ReplyVerifier.verify(&report)
        let prefix = directory.path + "/"
        let actual = report.diagnostics.map { $0.description.replacingOccurrences(of: prefix, with: "") }.joined(separator: "\n") + "\n"
        #expect(report.errorCount + report.warningCount > 0)
        try Self.compare(actual, with: directory.appendingPathComponent("expected.txt"))
    }

    /// A visit's start reads the rulebook on another thread while it reads the scenario: what
    /// it finds (diagnostics, the scenario and its rulebook) is exactly what reading them one
    /// after the other finds, for a broken rulebook as for a sound one.
    @Test(arguments: ["broken rulebook", "invalid/references", "invalid/patterns-and-expressions"] + folders("valid").map { "valid/\($0)" })
    func aPreloadedRulebookLintsExactlyLikeOneReadInTurn(folder: String) throws {
        var directory = Self.fixtures.appendingPathComponent(folder)
        if folder == "broken rulebook" {
            // A sound scenario beside the rulebook of invalid/rulebook-errors.
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("preload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("invalid/rulebook-errors/rulebook.yaml"), to: directory.appendingPathComponent("rulebook.yaml"))
            let valid = Self.fixtures.appendingPathComponent("valid/\(try #require(Self.folders("valid").first))")
            let scenario = try #require(ScenarioLibrary.yamlFiles(under: valid.path).first { ScenarioLibrary.kind(of: $0) == .scenario })
            try FileManager.default.copyItem(atPath: scenario, toPath: directory.appendingPathComponent("scenario.yaml").path)
            try Self.comparePreloaded(in: directory, expectErrors: true)
            return
        }
        try Self.comparePreloaded(in: directory, expectErrors: folder.hasPrefix("invalid"))
    }

    static func comparePreloaded(in directory: URL, expectErrors: Bool) throws {
        let files = ScenarioLibrary.yamlFiles(under: directory.path).filter { ScenarioLibrary.kind(of: $0) == .scenario }
        let file = try #require(files.first)
        let rulebookPath = try #require(ScenarioLibrary.rulebookPath(for: file, fallback: nil))
        var plain = Linter(fallbackRulebook: nil)
        let inTurn = plain.lint(paths: [file])
        var preloading = Linter(fallbackRulebook: nil)
        preloading.preloadRulebook(at: rulebookPath, shownAs: rulebookPath)
        let preloaded = preloading.lint(paths: [file])
        #expect(preloaded.diagnostics.map(\.description) == inTurn.diagnostics.map(\.description))
        #expect(preloaded.scenarios.map(\.scenario.id) == inTurn.scenarios.map(\.scenario.id))
        #expect(preloaded.scenarios.map(\.rulebook.version) == inTurn.scenarios.map(\.rulebook.version))
        #expect(preloaded.sources.keys.sorted() == inTurn.sources.keys.sorted())
        #expect((inTurn.errorCount > 0) == expectErrors)
    }
}
