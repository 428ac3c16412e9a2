import Foundation
import ScenarioKit
import Testing
import TestSupport

/// The curriculum: its file kind, loading, the library's own curriculum, and when a certification is held.
@Suite struct CurriculumTests {
    let day: Double = 86_400

    func certification(within days: Int?) -> Certification {
        let here = SourceLocation(path: "c.yaml", line: 1, column: 1)
        return Certification(id: "first-visits", title: "首次拜访", exams: ["a", "b", "c"].map { Located($0, at: here) },
                             minScore: 80, withinDays: days, location: here)
    }

    @Test func isHeldFromThePassThatCompletesTheSetWithinTheWindow() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let passes = [("a", 0.0), ("b", 50), ("c", 100), ("a", 120)].map { Certification.Pass(scenario: $0.0, date: start.addingTimeInterval($0.1 * day)) }
        // a at day 0 is too old when c comes at day 100; the retaken a at day 120 completes it.
        #expect(certification(within: 90).heldSince(passes: passes) == start.addingTimeInterval(120 * day))
        #expect(certification(within: nil).heldSince(passes: passes) == start.addingTimeInterval(100 * day))
        #expect(certification(within: 90).heldSince(passes: Array(passes.prefix(3))) == nil)
        #expect(certification(within: 90).heldSince(passes: []) == nil)
    }

    @Test func missingNamesTheExamsWithoutARecentPass() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let passes = [Certification.Pass(scenario: "a", date: now.addingTimeInterval(-100 * day)),
                      Certification.Pass(scenario: "b", date: now.addingTimeInterval(-5 * day))]
        #expect(certification(within: 90).missing(passes: passes, now: now) == ["a", "c"])
        #expect(certification(within: nil).missing(passes: passes, now: now) == ["c"])
    }

    @Test func theLibraryCurriculumIsRecognisedByContentAndCoversEveryScenario() throws {
        let path = PackagePaths.scenarios.appendingPathComponent("curriculum.yaml").path
        #expect(ScenarioLibrary.kind(of: path) == .curriculum)
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [PackagePaths.scenarios.path])
        #expect(report.diagnostics.filter { $0.location.path.hasSuffix("curriculum.yaml") }.isEmpty)
        let curriculum = try #require(report.curricula.first)
        #expect(curriculum.certifications.map(\.id).contains("first-visits"))
        let firstVisits = try #require(curriculum.certifications.first { $0.id == "first-visits" })
        #expect(firstVisits.exams.map(\.value) == ["first-visit-impatient", "first-visit-hesitant", "first-visit-capricious"])
        #expect(firstVisits.minScore == 80 && firstVisits.withinDays == 90)
        let examined = Set(curriculum.certifications.flatMap { $0.exams.map(\.value) })
        #expect(examined == Set(report.scenarios.map(\.scenario.id)))
    }

    @Test func aCurriculumAloneIsCheckedAgainstTheScenariosBesideIt() throws {
        let folder = try PackagePaths.temporaryDirectory()
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("zh-Hans/payment-delay.yaml"),
                                         to: folder.appendingPathComponent("payment-delay.yaml"))
        let file = folder.appendingPathComponent("curriculum.yaml")
        try "curriculum: x\ncertifications:\n  pay:\n    title: 收款\n    exams: [payment-delay, paymnet-delay]\n    min-score: 80\n"
            .write(to: file, atomically: true, encoding: .utf8)
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [file.path])
        #expect(report.diagnostics.map(\.description) == [
            "\(file.path):5:28: error: [SC0029] certification 'pay' names an exam of 'paymnet-delay', which is not a scenario of the library; did you mean 'payment-delay'?",
        ])
    }
}
