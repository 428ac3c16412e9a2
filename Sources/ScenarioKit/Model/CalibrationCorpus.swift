/// Labelled trainee replies and what a fair trainer expects of them, for `salessim calibrate`.
///
/// Loaded from YAML by ``CalibrationLoader``. Rule cases say how a reply must be judged against
/// the manual's rules; recognition cases say which prepared reply of a scenario node the
/// trainee's words mean. Part of every corpus is held out: never used to tune detectors.
public struct CalibrationCorpus: Sendable {
    /// Whether a corpus may be used to tune detectors.
    public enum Split: String, Sendable, CaseIterable {
        case tune
        case heldOut = "held-out"
    }

    public var name: String
    public var split: Split
    public var description: String?
    public var ruleCases: [RuleCase]
    public var recognitionCases: [RecognitionCase]
    public var path: String
}

/// What a trainer expects of one rule on one reply.
public enum ExpectedVerdict: String, Sendable, CaseIterable {
    case met, missed, violated
    /// Missed or violated.
    case notMet = "not-met"
    /// Met or missed.
    case notViolated = "not-violated"
    /// No verdict at all: the rule does not apply here.
    case notJudged = "not-judged"

    /// Whether `verdict` (nil: not judged) satisfies the expectation.
    public func accepts(_ verdict: Verdict?) -> Bool {
        switch self {
        case .met: return verdict == .met
        case .missed: return verdict == .missed
        case .violated: return verdict == .violated
        case .notMet: return verdict == .missed || verdict == .violated
        case .notViolated: return verdict == .met || verdict == .missed
        case .notJudged: return verdict == nil || verdict == .notApplicable
        }
    }

    /// Whether a trainer expects the rule to be met (for precision and recall of "met").
    public var expectsMet: Bool? {
        switch self {
        case .met: return true
        case .missed, .violated, .notMet: return false
        case .notViolated, .notJudged: return nil
        }
    }
}

/// One labelled reply for the rulebook.
public struct RuleCase: Sendable {
    public struct Expectation: Sendable {
        public var rule: String
        public var expected: ExpectedVerdict
        public var location: SourceLocation
    }

    public var context: TurnContext
    public var text: String
    public var expectations: [Expectation]
    public var style: String?
    public var language: String?
    public var note: String?
    public var location: SourceLocation
}

/// One labelled reply at a scenario node: which prepared reply it means.
public struct RecognitionCase: Sendable {
    public enum Expected: Sendable, Equatable {
        /// The reply with this 1-based number at the node.
        case reply(Int)
        /// The reply whose option text is this.
        case option(String)
        /// None of them: `otherwise` should answer.
        case none
    }

    public var scenario: String
    /// The node where the trainee answers; nil: reached by `after` from the start.
    public var node: String?
    /// Replies typed from the start (or from `node`) before this one.
    public var after: [String]
    /// State values set before the reply (as `play --set` would).
    public var state: [String: StateValue]
    public var text: String
    public var expected: Expected
    public var kind: String?
    public var style: String?
    public var language: String?
    public var note: String?
    public var location: SourceLocation
}
