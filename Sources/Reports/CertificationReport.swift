import Foundation
import ScenarioKit
import Store

/// Who holds which certification of a ``Curriculum``, since when, and what is still missing
/// (`salessim report --by certification`; `export --xapi` sends an *earned* statement per holding).
///
/// Read from the stored sessions: an exam counts when it finished, passed, scored at least the
/// certification's `min-score`, and was a whole visit (never a stretch from a node).
public struct CertificationReport: Sendable {
    /// One trainee and one certification.
    public struct Holding: Sendable, Encodable {
        public var trainee: String
        public var certification: String
        public var title: String
        public var held: Bool
        /// When the exam that completed it ended.
        public var since: Date?
        /// The session of that exam.
        public var earnedBySession: Int64?
        /// Exams without a counting pass in the window ending now (all of them once held: none).
        public var missing: [String]
    }

    public var curriculum: String
    public var holdings: [Holding]

    /// Every trainee with a stored session, against every certification of `curriculum`.
    public static func build(curriculum: Curriculum, sessions: [SessionRecord], now: Date) -> CertificationReport {
        let byTrainee = Dictionary(grouping: sessions, by: \.trainee)
        var holdings: [Holding] = []
        for trainee in byTrainee.keys.sorted() {
            let exams = (byTrainee[trainee] ?? []).filter { $0.exam && $0.status == .finished && $0.passed && $0.startNode == nil }
            for certification in curriculum.certifications {
                let passes = exams.filter { $0.percent >= certification.minScore }.map {
                    Certification.Pass(scenario: $0.scenarioID, date: $0.endedAt ?? $0.startedAt, session: $0.id)
                }
                let earned = certification.earningPass(passes)
                holdings.append(Holding(trainee: trainee, certification: certification.id, title: certification.title, held: earned != nil,
                                        since: earned?.date, earnedBySession: earned?.session,
                                        missing: earned == nil ? certification.missing(passes: passes, now: now) : []))
            }
        }
        return CertificationReport(curriculum: curriculum.name, holdings: holdings)
    }

    /// One line per trainee and certification: held since (a local day) or what is missing.
    public var table: ReportTable {
        ReportTable(title: "Certifications (\(curriculum))", header: ["trainee", "certification", "title", "held since", "missing"],
                    rows: holdings.map { holding in
                        [holding.trainee, holding.certification, holding.title, holding.since.map { Assignment.localDay(of: $0) } ?? "",
                         holding.missing.joined(separator: " ")]
                    })
    }
}
