import Foundation
import Reports
import ScenarioKit
import Store
import StoreTestSupport
import Testing
import TestSupport

/// Who holds which certification, worked out by hand on ``HandMadeStore``.
@Suite struct CertificationReportTests {
    func curriculum(_ certifications: [(String, [String], Int, Int?)]) -> Curriculum {
        let here = SourceLocation(path: "curriculum.yaml", line: 1, column: 1)
        return Curriculum(name: "test", certifications: certifications.map { id, exams, minScore, within in
            Certification(id: id, title: id, exams: exams.map { Located($0, at: here) }, minScore: minScore, withinDays: within, location: here)
        }, path: here.path)
    }

    @Test(arguments: TestBackend.allCases) func onlyPassedWholeExamsWithTheScoreCount(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let sessions = try store.sessions(matching: ReportFilter(), statuses: [.finished])
        let now = HandMadeStore.start.addingTimeInterval(10 * 86_400)
        let report = CertificationReport.build(curriculum: curriculum([
            ("demo-exam", ["demo"], 85, 90),        // 王小明's exam of 90 on day 2
            ("phone-80", ["phone"], 80, nil),       // Alice's passed exam has 75: not enough
            ("phone-70", ["phone"], 70, nil),       // ... enough here, from day 1
            ("both", ["demo", "phone"], 70, 30),    // nobody passed exams of both
        ]), sessions: sessions, now: now)
        func holding(_ trainee: String, _ certification: String) -> CertificationReport.Holding? {
            report.holdings.first { $0.trainee == trainee && $0.certification == certification }
        }
        #expect(Set(report.holdings.map(\.trainee)) == ["王小明", "Alice"])
        #expect(holding("王小明", "demo-exam")?.since == HandMadeStore.start.addingTimeInterval(2 * 86_400 + 300))
        #expect(holding("Alice", "demo-exam")?.held == false)
        #expect(holding("Alice", "demo-exam")?.missing == ["demo"])
        #expect(holding("Alice", "phone-80")?.held == false)
        #expect(holding("Alice", "phone-70")?.since == HandMadeStore.start.addingTimeInterval(86_400 + 300))
        #expect(holding("王小明", "both")?.missing == ["phone"])
        #expect(holding("Alice", "both")?.missing == ["demo"])
        #expect(report.table.header == ["trainee", "certification", "title", "held since", "missing"])
        #expect(report.table.rows.count == 8)
    }
}
