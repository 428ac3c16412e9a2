import Foundation
import Store

/// A report over the store: the sections asked for, computed from the store's aggregates.
///
/// Sections not asked for are nil (and left out of the JSON). The HTML report asks for all.
///
/// ```swift
/// let report = try TeamReport.build(from: store, filter: ReportFilter(trainee: "王小明"), kinds: [.rule])
/// print(report.tables.map { $0.terminalText() }.joined(separator: "\n\n"))
/// ```
public struct TeamReport: Sendable, Codable {
    public var generatedAt: Date
    public var filter: ReportFilter
    public var trainees: [Aggregate.Trainee]?
    public var scenarios: [Aggregate.Scenario]?
    /// The team's weakest rules first: lowest share of points, then most violations.
    public var rules: [Aggregate.Rule]?
    public var progress: [Aggregate.Progress]?
    public var exams: [Aggregate.Exam]?
    /// Trainee-by-rule cells (HTML heat map).
    public var traineeRules: [Aggregate.TraineeRule]?
    /// The rulebook versions the covered sessions were scored by, with how many sessions each.
    public var rulebookVersions: [Aggregate.RulebookVersion] = []

    /// When the covered sessions were scored by more than one rulebook version: what that means
    /// and the command that aligns them.
    public var mixedVersionsNote: String? {
        guard rulebookVersions.count > 1 else { return nil }
        let list = rulebookVersions.map { "v\($0.version) (\($0.sessions) session\($0.sessions == 1 ? "" : "s"))" }.joined(separator: ", ")
        return "these sessions were scored by different rulebook versions: \(list); their scores are not comparable until they are re-scored with one rulebook: salessim rescore --all --save (or limit the report with --rulebook-version N)"
    }

    /// Computes the sections of `kinds` (and the heat map when `heatMap`).
    ///
    /// `ruleTitles` maps rule ids to their titles (from the rulebook); unknown ids show as they are.
    public static func build(from store: Store, filter: ReportFilter, kinds: Set<ReportKind>, heatMap: Bool = false,
                             ruleTitles: [String: String] = [:], now: Date = Date()) throws -> TeamReport {
        // NB: exams and practice are never averaged together: every section but the exams
        // covers one mode (practice unless asked), the exams section covers exams.
        var visits = filter
        visits.mode = filter.mode ?? .practice
        var exams = filter
        exams.mode = .exam
        var report = TeamReport(generatedAt: now, filter: visits)
        if kinds.contains(.trainee) || kinds.contains(.scenario) {
            let conduct = try store.conduct(visits)
            if kinds.contains(.trainee) {
                report.trainees = try store.traineeAggregates(visits).map { row in
                    var row = row
                    row.conduct = conduct.trainees[row.trainee]
                    return row
                }
            }
            if kinds.contains(.scenario) {
                report.scenarios = try store.scenarioAggregates(visits).map { row in
                    var row = row
                    row.conduct = conduct.scenarios[row.scenario]
                    return row
                }
            }
        }
        if kinds.contains(.rule) { report.rules = weakestFirst(try store.ruleAggregates(visits), titles: ruleTitles) }
        if kinds.contains(.progress) { report.progress = try store.progressAggregates(visits) }
        if kinds.contains(.exam) { report.exams = try store.examAggregates(exams) }
        if heatMap { report.traineeRules = try store.traineeRuleAggregates(visits) }
        report.rulebookVersions = try store.rulebookVersions(kinds == [.exam] ? exams : visits)
        return report
    }

    public init(generatedAt: Date, filter: ReportFilter) {
        self.generatedAt = generatedAt
        self.filter = filter
    }

    /// Orders rules weakest first: lowest percentage, then most violations, then id.
    public static func weakestFirst(_ rules: [Aggregate.Rule], titles: [String: String]) -> [Aggregate.Rule] {
        let lines = rules.map { rule in
            var rule = rule
            rule.title = titles[rule.rule] ?? rule.rule
            return rule
        }
        return lines.sorted { a, b in
            let pa = a.percent ?? .infinity, pb = b.percent ?? .infinity
            if pa != pb { return pa < pb }
            if a.violated != b.violated { return a.violated > b.violated }
            return a.rule < b.rule
        }
    }

    /// Describes the filter in words ("trainee 王小明 · since 2025-03-01").
    public var filterDescription: String { TeamReport.describe(filter) }

    /// What `filter` covers, in words (English; ``ReportText/describe(_:)`` for the page's language).
    public static func describe(_ filter: ReportFilter) -> String { ReportText(.en).describe(filter) }
}
