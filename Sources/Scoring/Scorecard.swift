import ScenarioKit

/// The result of a session: per-rule totals, the percentage, pass or fail, knockouts, the deal's
/// outcome, and the three most useful pieces of feedback.
public struct Scorecard: Sendable, Hashable, Codable {
    /// One rule's totals: over a session (a scorecard's `rules`), over stored results, or over
    /// a team's sessions (the report by rule, with ``sessions``).
    ///
    /// The one shape of a rule's totals everywhere: scorecards, `show`, rescoring's before and
    /// after, and reports.
    public struct RuleTotal: Sendable, Hashable, Codable {
        public var rule: String
        public var title: String
        public var manual: String
        public var earned: Int
        public var possible: Int
        public var met: Int
        public var missed: Int
        public var violated: Int

        public init(rule: String, title: String, manual: String, earned: Int = 0, possible: Int = 0, met: Int = 0, missed: Int = 0, violated: Int = 0) {
            self.rule = rule
            self.title = title
            self.manual = manual
            self.earned = earned
            self.possible = possible
            self.met = met
            self.missed = missed
            self.violated = violated
        }

        /// Points earned of those possible, 0-100; nil when nothing was possible.
        public var percent: Double? { possible == 0 ? nil : Double(earned) * 100 / Double(possible) }

        /// Adds one verdict's points and count.
        public mutating func add(_ outcome: some RuleOutcome) {
            earned += outcome.earned
            possible += outcome.possible
            switch outcome.verdict {
            case .met: met += 1
            case .missed: missed += 1
            case .violated: violated += 1
            case .notApplicable: break
            }
        }

        /// The totals of `outcomes`, one per rule in the order the rules first appear; a rule's
        /// title from `title` (the rule id when it gives none).
        public static func totals(of outcomes: some Sequence<some RuleOutcome>, title: (String) -> String? = { _ in nil }) -> [RuleTotal] {
            var order: [String] = []
            var totals: [String: RuleTotal] = [:]
            for outcome in outcomes {
                if totals[outcome.rule] == nil {
                    order.append(outcome.rule)
                    totals[outcome.rule] = RuleTotal(rule: outcome.rule, title: title(outcome.rule) ?? outcome.rule, manual: outcome.manual)
                }
                totals[outcome.rule]?.add(outcome)
            }
            return order.compactMap { totals[$0] }
        }
    }

    /// A piece of feedback citing the manual.
    public struct Feedback: Sendable, Hashable, Codable {
        public var rule: String
        public var manual: String
        public var verdict: Verdict
        public var text: String
        /// The trainee's words it is about (may be empty).
        public var evidence: String
        /// What was missing, for a rule missed (see ``RuleVerdict/nearMiss``).
        public var nearMiss: String?
    }

    public var rulebookVersion: Int
    public var rules: [RuleTotal]
    public var earned: Int
    public var possible: Int
    /// 0-100, rounded down.
    public var percent: Int
    public var passMark: Int
    public var passed: Bool
    /// Rules whose violation fails the session whatever the total.
    public var knockouts: [String]
    /// nil while the session has not ended (abandoned or interrupted).
    public var outcome: Outcome?
    public var hintsUsed: Int
    public var feedback: [Feedback]

    /// A scorecard as it was stored or exported (`rules` and totals as given).
    public init(rulebookVersion: Int, rules: [RuleTotal], earned: Int, possible: Int, percent: Int, passMark: Int, passed: Bool,
                knockouts: [String], outcome: Outcome?, hintsUsed: Int, feedback: [Feedback]) {
        self.rulebookVersion = rulebookVersion
        self.rules = rules
        self.earned = earned
        self.possible = possible
        self.percent = percent
        self.passMark = passMark
        self.passed = passed
        self.knockouts = knockouts
        self.outcome = outcome
        self.hintsUsed = hintsUsed
        self.feedback = feedback
    }

    /// Points deducted per hint, in percent of the total.
    public static let hintPenalty = 5

    /// Builds the scorecard from every turn's verdicts, judging phase-scoped rules once per phase.
    public init(turns: [ScoredTurn], rulebook: Rulebook, passMark: Int, outcome: Outcome?, hintsUsed: Int = 0, language: ScenarioLanguage) {
        self.init(turns: ScoredTurn.aggregate(turns, rulebook: rulebook), rulebook: rulebook, passMark: passMark,
                  outcome: outcome, hintsUsed: hintsUsed, language: language)
    }

    /// Builds the scorecard from verdicts as they are (no aggregation by phase).
    public init(turns: [[RuleVerdict]], rulebook: Rulebook, passMark: Int, outcome: Outcome?, hintsUsed: Int = 0, language: ScenarioLanguage) {
        var knockouts: [String] = []
        for verdict in turns.joined() where verdict.verdict == .violated {
            if rulebook.rule(verdict.rule)?.knockout == true, !knockouts.contains(verdict.rule) { knockouts.append(verdict.rule) }
        }
        let totals = RuleTotal.totals(of: turns.joined()) { rulebook.rule($0)?.title.text(for: language) }
        rulebookVersion = rulebook.version
        rules = totals
        earned = rules.reduce(0) { $0 + $1.earned }
        possible = rules.reduce(0) { $0 + $1.possible }
        let raw = possible == 0 ? 0 : earned * 100 / possible
        percent = max(0, raw - hintsUsed * Scorecard.hintPenalty)
        self.passMark = passMark
        self.knockouts = knockouts
        self.outcome = outcome
        self.hintsUsed = hintsUsed
        // A visit passes when it reached an ending, the deal was not lost, nothing was a knockout,
        // and the score reaches the pass mark.
        passed = outcome != nil && outcome != .lost && knockouts.isEmpty && percent >= passMark
        feedback = Scorecard.mostUseful(turns.joined(), rulebook: rulebook, knockouts: knockouts)
    }

    /// Knockouts first, then violations and misses of the heaviest rules, one per rule; praise for
    /// what was met fills the rest.
    static func mostUseful(_ verdicts: some Sequence<RuleVerdict>, rulebook: Rulebook, knockouts: [String]) -> [Feedback] {
        var firstByRule: [String: RuleVerdict] = [:]
        var order: [String] = []
        for verdict in verdicts {
            let rank = { (v: Verdict) -> Int in v == .violated ? 0 : (v == .missed ? 1 : 2) }
            if let existing = firstByRule[verdict.rule] {
                if rank(verdict.verdict) < rank(existing.verdict) { firstByRule[verdict.rule] = verdict }
            } else {
                firstByRule[verdict.rule] = verdict
                order.append(verdict.rule)
            }
        }
        let weight = { (id: String) in rulebook.rule(id)?.weight ?? 0 }
        let ranked = order.compactMap { firstByRule[$0] }.filter { !$0.reason.isEmpty }.enumerated().sorted { a, b in
            let ka = (knockouts.contains(a.element.rule) ? 0 : 1, a.element.verdict == .violated ? 0 : (a.element.verdict == .missed ? 1 : 2), -weight(a.element.rule), a.offset)
            let kb = (knockouts.contains(b.element.rule) ? 0 : 1, b.element.verdict == .violated ? 0 : (b.element.verdict == .missed ? 1 : 2), -weight(b.element.rule), b.offset)
            return ka < kb
        }
        return ranked.prefix(3).map { item in
            Feedback(rule: item.element.rule, manual: item.element.manual, verdict: item.element.verdict,
                     text: item.element.reason, evidence: item.element.evidence, nearMiss: item.element.nearMiss)
        }
    }
}

/// One turn's verdicts with the phase it was in, for judging phase-scoped rules.
public struct ScoredTurn: Sendable, Hashable {
    public var phase: Phase?
    public var verdicts: [RuleVerdict]

    public init(phase: Phase?, verdicts: [RuleVerdict]) {
        self.phase = phase
        self.verdicts = verdicts
    }

    /// Replaces the verdicts of each phase-scoped rule (the detectors' and the authors' alike),
    /// within every run of consecutive turns in one phase, by one verdict at the run's end: violated if any turn violated it (a mistake
    /// stays a mistake), else met if any turn met it (the first such, with its evidence), else
    /// missed.
    public static func aggregate(_ turns: [ScoredTurn], rulebook: Rulebook) -> [[RuleVerdict]] {
        let phaseScoped = Set(rulebook.rules.filter { $0.scope == .phase }.map(\.id))
        guard !phaseScoped.isEmpty else { return turns.map(\.verdicts) }
        var result = turns.map { turn in turn.verdicts.filter { !phaseScoped.contains($0.rule) || turn.phase == nil } }
        var start = 0
        while start < turns.count {
            var end = start
            while end + 1 < turns.count, turns[end + 1].phase == turns[start].phase, turns[start].phase != nil { end += 1 }
            if turns[start].phase != nil {
                var byRule: [String: RuleVerdict] = [:]
                var order: [String] = []
                for turn in turns[start...end] {
                    for verdict in turn.verdicts where phaseScoped.contains(verdict.rule) {
                        guard let existing = byRule[verdict.rule] else {
                            byRule[verdict.rule] = verdict
                            order.append(verdict.rule)
                            continue
                        }
                        let rank = { (v: Verdict) -> Int in v == .violated ? 0 : (v == .met ? 1 : 2) }
                        if rank(verdict.verdict) < rank(existing.verdict) { byRule[verdict.rule] = verdict }
                    }
                }
                result[end] += order.compactMap { byRule[$0] }
            }
            start = end + 1
        }
        return result
    }
}

/// A rule's verdict with its points: what a rule total adds up (a ``RuleVerdict``, or a stored
/// rule result).
public protocol RuleOutcome {
    var rule: String { get }
    var manual: String { get }
    var verdict: Verdict { get }
    var earned: Int { get }
    var possible: Int { get }
}

extension RuleVerdict: RuleOutcome {}
