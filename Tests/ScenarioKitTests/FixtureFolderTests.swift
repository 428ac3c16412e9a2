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
}
