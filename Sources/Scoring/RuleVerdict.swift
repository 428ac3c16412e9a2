import ScenarioKit

/// One rule's verdict on one turn, with the points, the evidence and the manual section.
public struct RuleVerdict: Sendable, Hashable, Codable {
    /// Who decided the verdict.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The rulebook's detector, from the reply text.
        case detector
        /// The scenario author's `judge` on the chosen reply or ending.
        case author
    }

    public var rule: String
    public var verdict: Verdict
    public var earned: Int
    public var possible: Int
    /// The trainee's own words that decided it (empty when nothing was said).
    public var evidence: String
    /// The manual section, e.g. "I.5".
    public var manual: String
    public var source: Source
    /// Why, in the scenario's language: the rulebook's feedback for this verdict.
    public var reason: String
    /// For a rule missed by the detector: the closest pattern and what was missing
    /// ("you agreed (「是的」), but nothing followed from 「可是」…").
    public var nearMiss: String?

    public init(rule: String, verdict: Verdict, earned: Int, possible: Int, evidence: String, manual: String, source: Source, reason: String) {
        self.rule = rule
        self.verdict = verdict
        self.earned = earned
        self.possible = possible
        self.evidence = evidence
        self.manual = manual
        self.source = source
        self.reason = reason
        nearMiss = nil
    }
}
