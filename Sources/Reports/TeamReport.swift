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

    /// Computes the sections of `kinds` (and the heat map when `heatMap`).
    ///
    /// `ruleTitles` maps rule ids to their titles (from the rulebook); unknown ids show as they are.
    public static func build(from store: Store, filter: ReportFilter, kinds: Set<ReportKind>, heatMap: Bool = false,
                             ruleTitles: [String: String] = [:], now: Date = Date()) throws -> TeamReport {
        var report = TeamReport(generatedAt: now, filter: filter)
        if kinds.contains(.trainee) { report.trainees = try store.traineeAggregates(filter) }
        if kinds.contains(.scenario) { report.scenarios = try store.scenarioAggregates(filter) }
        if kinds.contains(.rule) { report.rules = weakestFirst(try store.ruleAggregates(filter), titles: ruleTitles) }
        if kinds.contains(.progress) { report.progress = try store.progressAggregates(filter) }
        if kinds.contains(.exam) { report.exams = try store.examAggregates(filter) }
        if heatMap { report.traineeRules = try store.traineeRuleAggregates(filter) }
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
    public var filterDescription: String {
        var parts: [String] = []
        if let trainee = filter.trainee { parts.append("trainee \(trainee)") }
        if let scenario = filter.scenario { parts.append("scenario \(scenario)") }
        if let since = filter.since { parts.append("from \(ReportFormat.dateTime(since))") }
        if let until = filter.until { parts.append("before \(ReportFormat.dateTime(until))") }
        switch filter.stretches {
        case .excluded: parts.append("whole visits (stretches from a node left out)")
        case .only: parts.append("stretches from a node only")
        case .included: parts.append("visits and stretches from a node")
        }
        return parts.joined(separator: " · ")
    }
}
