import ScenarioKit
import Scoring

/// One rule's verdict as it counted in a session's score.
///
/// Phase-scoped rules are judged once per run of turns in a phase (see `ScoredTurn.aggregate`),
/// so these are the verdicts of the scorecard, not always one per reply.
public struct RuleResultRecord: Sendable, Hashable, Codable {
    /// The turn it belongs to; nil for the judgments of the ending.
    public var turnIndex: Int?
    public var rule: String
    public var verdict: Verdict
    public var earned: Int
    public var possible: Int
    public var evidence: String
    /// The manual section, e.g. "I.5".
    public var manual: String
    public var source: RuleVerdict.Source

    public init(turnIndex: Int?, rule: String, verdict: Verdict, earned: Int, possible: Int, evidence: String = "",
                manual: String = "", source: RuleVerdict.Source = .detector) {
        self.turnIndex = turnIndex
        self.rule = rule
        self.verdict = verdict
        self.earned = earned
        self.possible = possible
        self.evidence = evidence
        self.manual = manual
        self.source = source
    }

    /// The results a finished or cut-off session's scorecard is made of, turn by turn.
    public static func results(of turns: [ScoredTurn], rulebook: Rulebook) -> [RuleResultRecord] {
        let aggregated = ScoredTurn.aggregate(turns, rulebook: rulebook)
        var results: [RuleResultRecord] = []
        for (index, verdicts) in aggregated.enumerated() {
            // The ending's judgments come last, without a phase.
            let turnIndex = turns[index].phase == nil ? nil : index
            for verdict in verdicts {
                results.append(RuleResultRecord(turnIndex: turnIndex, rule: verdict.rule, verdict: verdict.verdict,
                                                earned: verdict.earned, possible: verdict.possible, evidence: verdict.evidence,
                                                manual: verdict.manual, source: verdict.source))
            }
        }
        return results
    }
}
