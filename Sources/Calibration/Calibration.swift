import Foundation
import Matching
import ScenarioKit
import Scoring
import Simulation

/// Runs labelled corpora against the rulebook and the scenario library and measures agreement.
///
/// Pure: the corpora, rulebook and scenarios are passed in, nothing is read or printed here.
/// The same inputs always give the same report.
///
/// ```swift
/// let report = Calibrator(rulebook: rulebook, scenarios: library).run(corpus)
/// report.agreement   // 0.91
/// ```
public struct Calibrator: Sendable {
    public let rulebook: Rulebook
    let scenarios: [String: Scenario]
    /// False: recognition by patterns only (what the library understood before examples).
    let similarity: Bool
    /// The rulebook's scorers, by the language of their feedback (the verdicts are the same);
    /// made once, for every corpus (a scorer's matcher takes milliseconds to prepare).
    let scorers: [ScenarioLanguage: Scorer]
    /// With a learned model: the rulebook's detectors alone, to tell what the model changed.
    let detectors: Scorer?

    public init(rulebook: Rulebook, scenarios: [Scenario], similarity: Bool = true) {
        self.rulebook = rulebook
        self.similarity = similarity
        var byID: [String: Scenario] = [:]
        for scenario in scenarios where byID[scenario.id] == nil { byID[scenario.id] = scenario }
        self.scenarios = byID
        scorers = [.zhHans: Scorer(rulebook: rulebook, language: .zhHans), .en: Scorer(rulebook: rulebook, language: .en)]
        var detectorOnly = rulebook
        detectorOnly.learned = nil
        detectors = rulebook.learned == nil ? nil : Scorer(rulebook: detectorOnly)
    }

    public func run(_ corpus: CalibrationCorpus) -> CalibrationReport {
        let (rules, unlabelled) = judgeRules(corpus.ruleCases)
        var report = CalibrationReport(corpus: corpus.name, split: corpus.split, path: corpus.path,
                                       rules: rules, recognition: recognise(corpus.recognitionCases))
        report.unlabelled = unlabelled
        return report
    }

    /// Each expectation's outcome; and, with a learned model, of the verdicts on rules no writer
    /// labelled (every rule judged from the text in a case's situation, less those the case
    /// labels), how many there were and how many the model changed: what the model does where
    /// nobody can say it is right.
    func judgeRules(_ cases: [RuleCase]) -> (outcomes: [RuleOutcome], unlabelled: (checks: Int, changed: Int)?) {
        var outcomes: [RuleOutcome] = []
        var checks = 0, changed = 0
        for item in cases {
            let language: ScenarioLanguage = item.language == "en" ? .en : .zhHans
            let scorer = scorers[language] ?? Scorer(rulebook: rulebook, language: language)
            let text = NormalizedText(item.text)
            let verdicts = scorer.score(reply: text, context: item.context)
            for expectation in item.expectations {
                let actual = verdicts.first { $0.rule == expectation.rule }
                let known = rulebook.rule(expectation.rule) != nil
                outcomes.append(RuleOutcome(text: item.text, context: item.context, rule: expectation.rule, expected: expectation.expected,
                                            actual: actual?.verdict, evidence: actual?.evidence ?? "", style: item.style,
                                            language: item.language ?? RuleOutcome.guessLanguage(item.text), location: expectation.location,
                                            unknownRule: !known))
            }
            if let detectors {
                let filter = ContextFilter(phase: item.context.phase, temperament: item.context.temperament, role: item.context.role, kind: item.context.kind)
                let detected = detectors.score(reply: text, filter: filter)
                for rule in detectors.plannedRules(for: filter) where !item.expectations.contains(where: { $0.rule == rule }) {
                    checks += 1
                    if verdicts.first(where: { $0.rule == rule })?.verdict != detected.first(where: { $0.rule == rule })?.verdict { changed += 1 }
                }
            }
        }
        return (outcomes, detectors == nil || cases.isEmpty ? nil : (checks, changed))
    }

    func recognise(_ cases: [RecognitionCase]) -> [RecognitionOutcome] {
        var prepared: [String: (Scorer, ReplyRecognizer)] = [:]
        var outcomes: [RecognitionOutcome] = []
        for item in cases {
            func failed(_ problem: String) {
                outcomes.append(RecognitionOutcome(item: item, expectedIndex: nil, recognition: nil, node: item.node ?? "", problem: problem))
            }
            guard let scenario = scenarios[item.scenario] else { failed("no scenario '\(item.scenario)' in the library"); continue }
            let (scorer, recognizer) = prepared[scenario.id] ?? {
                let scorer = Session.scorer(for: scenario, rulebook: rulebook)
                return (scorer, ReplyRecognizer(scenario: scenario, matcher: scorer.matcher, similarity: similarity))
            }()
            prepared[scenario.id] = (scorer, recognizer)
            var session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
            if let node = item.node {
                guard session.start(at: node, setting: item.state) != nil else { failed("no node '\(node)' in '\(scenario.id)'"); continue }
            } else {
                session.start()
            }
            for earlier in item.after where !session.isFinished { session.reply(earlier) }
            guard let node = session.node, let recognition = session.recognise(item.text) else {
                failed("the visit ended before this reply"); continue
            }
            let expectedIndex: Int?
            switch item.expected {
            case let .reply(number):
                guard number <= node.replies.count else { failed("node '\(node.id)' has \(node.replies.count) replies, not \(number)"); continue }
                expectedIndex = number - 1
            case let .option(text):
                let written = node.replies.indices.filter { node.replies[$0].option == text }
                guard let first = written.first else { failed("no reply at '\(node.id)' has the option «\(text)»"); continue }
                // The same option written twice under different `if:`s (one move, answered as the
                // visit's state deserves) is the one whose condition holds here.
                expectedIndex = written.first(where: session.replyIsAvailable) ?? first
            case .none:
                expectedIndex = nil
            }
            // A reply whose `if` does not hold cannot be taken, however it is typed: the case must
            // bring the visit to a state where it can (`state:` or `after:`).
            if let expectedIndex, !session.replyIsAvailable(expectedIndex) {
                let condition = node.replies[expectedIndex].condition.map { " (`if:` at \($0.location.path):\($0.location.line))" } ?? ""
                failed("reply \(expectedIndex + 1)'s condition\(condition) does not hold at '\(node.id)' in this case's state: give the case `state:` or `after:`")
                continue
            }
            outcomes.append(RecognitionOutcome(item: item, expectedIndex: expectedIndex, recognition: recognition, node: node.id, problem: nil))
        }
        return outcomes
    }
}

/// One expectation of one rule case, and what the rulebook made of it.
public struct RuleOutcome: Sendable {
    public var text: String
    public var context: TurnContext
    public var rule: String
    public var expected: ExpectedVerdict
    /// The verdict given; nil when the rule gave none.
    public var actual: Verdict?
    public var evidence: String
    public var style: String?
    public var language: String
    public var location: SourceLocation
    /// The corpus names a rule the rulebook does not have.
    public var unknownRule: Bool

    public var agrees: Bool { !unknownRule && expected.accepts(actual) }

    static func guessLanguage(_ text: String) -> String {
        let counts = NormalizedText(text).scriptCounts
        return counts.words > counts.characters ? "en" : "zh-Hans"
    }
}

/// One recognition case and the reply it was taken as.
public struct RecognitionOutcome: Sendable {
    public var item: RecognitionCase
    /// The 0-based reply expected; nil: none.
    public var expectedIndex: Int?
    public var recognition: Recognition?
    /// The node the reply was typed at.
    public var node: String
    /// Why the case could not run (an unknown scenario or node); counts as wrong.
    public var problem: String?

    /// The reply taken (nil: none, a clarification, or the case could not run).
    public var takenIndex: Int? {
        guard let recognition, recognition.isTaken, !recognition.answeredEarly else { return nil }
        return recognition.index
    }

    public var isCorrect: Bool {
        guard problem == nil, let recognition else { return false }
        if recognition.answeredEarly && recognition.isTaken { return false }
        return takenIndex == expectedIndex
    }

    /// A reply was taken, and not the one expected (or one was taken where none was right).
    public var isFalseRecognition: Bool {
        guard problem == nil, let recognition, recognition.isTaken else { return false }
        return recognition.answeredEarly || recognition.index != expectedIndex
    }

    public var wasClarified: Bool { recognition?.by == .clarification }
}

/// Agreement, precision, recall and kappa of one corpus.
public struct CalibrationReport: Sendable {
    public var corpus: String
    public var split: CalibrationCorpus.Split
    public var path: String
    public var rules: [RuleOutcome]
    public var recognition: [RecognitionOutcome]
    /// With a learned model: the verdicts on rules no writer labelled, and how many the model changed.
    public var unlabelled: (checks: Int, changed: Int)?

    /// Share of rule expectations the rulebook satisfies.
    public var agreement: Double? { Self.share(rules.filter(\.agrees).count, of: rules.count) }

    /// Share of recognition cases answered as expected (taken as the right reply, or none when none was right).
    public var recognitionRate: Double? { Self.share(recognition.filter(\.isCorrect).count, of: recognition.count) }

    /// Share of recognition cases taken as a reply that was not the expected one.
    public var falseRecognitionRate: Double? { Self.share(recognition.filter(\.isFalseRecognition).count, of: recognition.count) }

    public var clarificationRate: Double? { Self.share(recognition.filter(\.wasClarified).count, of: recognition.count) }

    static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// Per rule: met versus not met (precision, recall, F1, Cohen's kappa) and the confusion of verdicts.
    public var ruleStatistics: [RuleStatistics] {
        var byRule: [String: [RuleOutcome]] = [:]
        for outcome in rules { byRule[outcome.rule, default: []].append(outcome) }
        return byRule.keys.sorted().map { RuleStatistics(rule: $0, outcomes: byRule[$0] ?? []) }
    }

    /// Agreement (rule cases) and recognition (recognition cases) per value of a case property;
    /// `.rule` groups only rule cases, `.scenario` (scenario and node) only recognition cases.
    public func groups(by key: GroupKey) -> [Group] {
        var ruleGroups: [String: [RuleOutcome]] = [:]
        var recognitionGroups: [String: [RecognitionOutcome]] = [:]
        for outcome in rules {
            let name: String
            switch key {
            case .rule: name = outcome.rule
            case .language: name = outcome.language
            case .style: name = outcome.style ?? "-"
            case .scenario: continue
            }
            ruleGroups[name, default: []].append(outcome)
        }
        for outcome in recognition {
            let name: String
            switch key {
            case .rule: continue
            case .language: name = outcome.item.language ?? "-"
            case .style: name = [outcome.item.kind, outcome.item.style].compactMap { $0 }.joined(separator: "/")
            case .scenario: name = outcome.item.scenario + " · " + outcome.node
            }
            recognitionGroups[name, default: []].append(outcome)
        }
        return Set(ruleGroups.keys).union(recognitionGroups.keys).sorted().map { name in
            let ruleOutcomes = ruleGroups[name] ?? []
            let recognitionOutcomes = recognitionGroups[name] ?? []
            return Group(name: name, ruleCases: ruleOutcomes.count, agreement: Self.share(ruleOutcomes.filter(\.agrees).count, of: ruleOutcomes.count),
                         recognitionCases: recognitionOutcomes.count,
                         recognitionRate: Self.share(recognitionOutcomes.filter(\.isCorrect).count, of: recognitionOutcomes.count),
                         falseRecognitionRate: Self.share(recognitionOutcomes.filter(\.isFalseRecognition).count, of: recognitionOutcomes.count))
        }
    }

    public enum GroupKey: String, Sendable, CaseIterable {
        case rule, language, style, scenario
    }

    public struct Group: Sendable {
        public var name: String
        public var ruleCases: Int
        public var agreement: Double?
        public var recognitionCases: Int
        public var recognitionRate: Double?
        public var falseRecognitionRate: Double?
    }
}

/// Met versus not met for one rule, and the confusion of expected and given verdicts.
public struct RuleStatistics: Sendable {
    public var rule: String
    public var cases: Int
    public var agreeing: Int
    public var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
    /// Expected (met, missed, violated, not-judged, other) × given (met, missed, violated, none).
    public var confusion: [String: [String: Int]] = [:]

    init(rule: String, outcomes: [RuleOutcome]) {
        self.rule = rule
        cases = outcomes.count
        agreeing = outcomes.filter(\.agrees).count
        for outcome in outcomes {
            let given = outcome.actual.map { $0 == .notApplicable ? "none" : $0.rawValue } ?? "none"
            confusion[outcome.expected.rawValue, default: [:]][given, default: 0] += 1
            guard let expectsMet = outcome.expected.expectsMet else {
                // "not-violated" and "not-judged" say nothing about met; a met given where none was wanted is a false positive.
                if outcome.expected == .notJudged && outcome.actual == .met { falsePositives += 1 }
                continue
            }
            let isMet = outcome.actual == .met
            switch (expectsMet, isMet) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    public var precision: Double? { share(truePositives, truePositives + falsePositives) }
    public var recall: Double? { share(truePositives, truePositives + falseNegatives) }
    public var f1: Double? {
        guard let precision, let recall, precision + recall > 0 else { return nil }
        return 2 * precision * recall / (precision + recall)
    }

    /// Cohen's kappa of met / not met between the labels and the rulebook.
    public var kappa: Double? {
        let total = Double(truePositives + falsePositives + falseNegatives + trueNegatives)
        guard total > 0 else { return nil }
        let observed = Double(truePositives + trueNegatives) / total
        let labelMet = Double(truePositives + falseNegatives) / total
        let givenMet = Double(truePositives + falsePositives) / total
        let expected = labelMet * givenMet + (1 - labelMet) * (1 - givenMet)
        guard expected < 1 else { return observed == 1 ? 1 : nil }
        return (observed - expected) / (1 - expected)
    }

    private func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
}
