import Foundation
import Scoring
import Store

/// What re-scoring one session changed: the total, pass or fail, and each rule's points.
public struct RescoreResult: Sendable {
    /// One rule whose points or verdicts differ.
    public struct RuleChange: Sendable, Hashable, Encodable {
        public var rule: String
        public var title: String
        public var before: Scorecard.RuleTotal?
        public var after: Scorecard.RuleTotal?

        public var changed: Bool {
            before?.earned != after?.earned || before?.possible != after?.possible || before?.met != after?.met
                || before?.missed != after?.missed || before?.violated != after?.violated
        }

        /// Points after minus points before.
        public var delta: Int { (after?.earned ?? 0) - (before?.earned ?? 0) }
    }

    public var sessionID: Int64
    public var trainee: String
    public var scenarioID: String
    public var status: SessionStatus
    public var rulebookBefore: Int
    public var rulebookAfter: Int
    public var percentBefore: Int
    public var percentAfter: Int
    public var passedBefore: Bool
    public var passedAfter: Bool
    public var earnedBefore: Int
    public var possibleBefore: Int
    public var earnedAfter: Int
    public var possibleAfter: Int
    /// What the replay noticed: a changed scenario file, a different path, a reply now
    /// recognised differently.
    public var notes: [String]
    public var ruleChanges: [RuleChange]
    /// The new scorecard and what `--save` stores.
    public var scorecard: Scorecard
    public var turnVerdicts: [[RuleVerdict]]
    public var ruleResults: [RuleResultRecord]
    public var replayedTurns: Int

    /// Whether anything a report shows changed.
    public var changed: Bool {
        percentBefore != percentAfter || passedBefore != passedAfter || earnedBefore != earnedAfter
            || possibleBefore != possibleAfter || !ruleChanges.isEmpty
    }

    /// The table of sessions for the terminal.
    public static func summaryTable(_ results: [RescoreResult]) -> ReportTable {
        ReportTable(
            title: "Re-scored sessions",
            header: ["session", "trainee", "scenario", "rulebook", "before", "after", "change", "result"],
            rows: results.map { result in
                let change = result.percentAfter - result.percentBefore
                let verdict = { (passed: Bool) in result.status == .finished ? (passed ? "pass" : "fail") : result.status.rawValue }
                return [String(result.sessionID), TeamReport.name(result.trainee), result.scenarioID, "v\(result.rulebookBefore) → v\(result.rulebookAfter)",
                        "\(result.percentBefore)%", "\(result.percentAfter)%", change == 0 ? "0" : (change > 0 ? "+\(change)" : "\(change)"),
                        verdict(result.passedBefore) == verdict(result.passedAfter) ? verdict(result.passedAfter)
                            : "\(verdict(result.passedBefore)) → \(verdict(result.passedAfter))"]
            },
            numericColumns: [0, 4, 5, 6])
    }

    /// The per-rule changes of this session, for the terminal.
    public var detailText: String {
        var lines = ["session \(sessionID) (\(trainee), \(scenarioID)): \(earnedBefore)/\(possibleBefore) = \(percentBefore)% → \(earnedAfter)/\(possibleAfter) = \(percentAfter)%"]
        for note in notes { lines.append("  note: " + note) }
        if ruleChanges.isEmpty {
            lines.append("  no rule changed")
        } else {
            let table = ReportTable(
                title: "", header: ["rule", "before", "after", "change", "verdicts before", "verdicts after"],
                rows: ruleChanges.map { change in
                    let points = { (total: Scorecard.RuleTotal?) in total.map { "\($0.earned)/\($0.possible)" } ?? "–" }
                    let verdicts = { (total: Scorecard.RuleTotal?) in total.map { "\($0.met) met, \($0.missed) missed, \($0.violated) violated" } ?? "not judged" }
                    return [change.rule, points(change.before), points(change.after), change.delta > 0 ? "+\(change.delta)" : "\(change.delta)",
                            verdicts(change.before), verdicts(change.after)]
                },
                numericColumns: [1, 2, 3])
            lines.append(table.terminalText().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}
