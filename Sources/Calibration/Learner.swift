import Foundation
import Matching
import ScenarioKit
import Scoring
import Simulation

/// Makes a ``LearnedModel`` from labelled replies: for each rule, a multinomial logistic
/// regression over the reply's words, the situation and the detector's own verdict, fitted by
/// stochastic gradient descent in a fixed order.
///
/// Pure and deterministic: the same corpora and rulebook always give the same model, byte for
/// byte (the order of the replies is shuffled by a seeded generator, never by the clock).
///
/// ```swift
/// let learner = Learner()
/// let examples = learner.examples(from: corpora, rulebook: rulebook)
/// let model = learner.train(examples, about: "12,000 verdicts of 60 tune files")
/// ```
public struct Learner: Sendable {
    /// A text feature is learned only if this many labelled replies have it.
    public var minimumReplies = 10
    /// Whether a Chinese character alone is a feature (see ``LearnedModel/textFeatureNames(of:singleCharacters:)``).
    public var singleCharacters = false
    /// Passes over each rule's replies.
    public var epochs = 15
    /// The first step size.
    public var rate = 0.5
    /// The L2 penalty (it also slows the step size down).
    public var decay = 1e-4
    /// Weights smaller than this are dropped from the file.
    public var prune = 0.1
    /// The model overrules the detector above this probability.
    public var threshold = 0.6
    /// ... and only where the rule's relevance is above this.
    public var relevanceThreshold = 0.1
    /// ... and only where the reply's words pull towards the outcome by more than this.
    public var wordsThreshold = 0.5
    /// ... and only on replies with at least this many known features.
    public var minimumFeatures = 8

    public init() {}

    /// One rule on one labelled reply: what the model reads, and the outcome to learn.
    public struct Example: Sendable {
        /// The reply's text features (``LearnedModel/textFeatureNames(of:)``).
        public var text: [String]
        /// Which reply it is (examples of one reply share it).
        public var reply: Int
        public var filter: ContextFilter
        public var rule: String
        /// The detector's verdict (nil: none).
        public var given: Verdict?
        /// The verdict to learn (nil: no verdict); for a rule the writer did not label, the
        /// detector's (unused: such an example teaches relevance only).
        public var label: Verdict?
        /// Whether the label is the writer's, one verdict (and so is learned).
        public var labelled: Bool
        /// Whether the writer labelled the rule on this reply at all (what relevance learns).
        public var relevant: Bool
    }

    /// The examples in the rule cases of `corpora`: every rule judged from the text in each
    /// case's situation, with the detector's verdict (the rulebook's, without any learned model)
    /// and the writer's, if the writer labelled it. A label that leaves two verdicts open
    /// (`not-met`, `not-violated`) teaches relevance only. Rules judged by length are left out
    /// (see ``lengthRules(of:)``).
    public func examples(from corpora: [CalibrationCorpus], rulebook: Rulebook) -> [Example] {
        var detectorOnly = rulebook
        detectorOnly.learned = nil
        let scorer = Scorer(rulebook: detectorOnly)
        let byLength = Set(Self.lengthRules(of: rulebook))
        var examples: [Example] = []
        var reply = 0
        for corpus in corpora {
            for item in corpus.ruleCases {
                let text = NormalizedText(item.text)
                let filter = ContextFilter(phase: item.context.phase, temperament: item.context.temperament, role: item.context.role, kind: item.context.kind)
                let verdicts = scorer.score(reply: text, filter: filter)
                let names = LearnedModel.textFeatureNames(of: text, singleCharacters: singleCharacters)
                for rule in scorer.plannedRules(for: filter) where !byLength.contains(rule) {
                    let given = verdicts.first { $0.rule == rule }?.verdict
                    var label = given
                    var labelled = false
                    var relevant = false
                    if let expectation = item.expectations.first(where: { $0.rule == rule }) {
                        relevant = true
                        labelled = true
                        switch expectation.expected {
                        case .met: label = .met
                        case .missed: label = .missed
                        case .violated: label = .violated
                        case .notJudged: label = nil
                        case .notMet, .notViolated: labelled = false
                        }
                    }
                    examples.append(Example(text: names, reply: reply, filter: filter, rule: rule, given: given, label: label,
                                            labelled: labelled, relevant: relevant))
                }
                reply += 1
            }
        }
        return examples
    }

    /// The rules of `rulebook` judged by length wherever they apply (every detector has a limit:
    /// `intro.concise`, `phone.get-meeting`): the model reads words, not length, and a list of
    /// specifications is not concise however its words weigh. They are not learned.
    public static func lengthRules(of rulebook: Rulebook) -> [String] {
        rulebook.rules.filter { rule in
            !rule.detectors.isEmpty && rule.detectors.allSatisfy { $0.maxChars != nil || $0.maxWords != nil }
        }.map(\.id).sorted()
    }

    /// The model for `examples`: a rule is learned when its examples show two outcomes or more.
    public func train(_ examples: [Example], about: String) -> LearnedModel {
        // The text features of enough replies, and every situation feature, in name order.
        var replies: [String: Set<Int>] = [:]
        var situation: Set<String> = []
        for example in examples {
            for name in example.text { replies[name, default: []].insert(example.reply) }
            situation.formUnion(LearnedModel.situationFeatureNames(example.filter, given: example.given))
        }
        let names = (replies.filter { $0.value.count >= minimumReplies }.map(\.key) + situation).sorted()
        var number: [String: Int] = [:]
        for (index, name) in names.enumerated() { number[name] = index }

        var byRule: [String: [Example]] = [:]
        for example in examples { byRule[example.rule, default: []].append(example) }
        var rules: [String: LearnedModel.Weights] = [:]
        for rule in byRule.keys.sorted() {
            guard let rows = byRule[rule],
                  Set(rows.filter(\.labelled).map { LearnedModel.outcomes.firstIndex(of: $0.label) ?? 3 }).count >= 2 else { continue }
            rules[rule] = fit(rows, rule: rule, number: number, count: names.count)
        }
        return LearnedModel(threshold: threshold, relevanceThreshold: relevanceThreshold, wordsThreshold: wordsThreshold, minimumFeatures: minimumFeatures, about: about, featureNames: names, rules: rules)
    }

    /// One rule's weights, by stochastic gradient descent on the log loss with an L2 penalty: the
    /// outcomes from the labelled examples, the relevance from all.
    func fit(_ rows: [Example], rule: String, number: [String: Int], count: Int) -> LearnedModel.Weights {
        struct Row {
            var text: [Int]
            var value: Double
            var situation: [Int]
            var outcome: Int
            var labelled: Bool
            var relevant: Bool
        }
        let prepared: [Row] = rows.map { example in
            let text = Array(Set(example.text.compactMap { number[$0] })).sorted()
            let situation = LearnedModel.situationFeatureNames(example.filter, given: example.given).compactMap { number[$0] }
            return Row(text: text, value: text.isEmpty ? 0 : 1 / Double(text.count).squareRoot(), situation: situation,
                       outcome: LearnedModel.outcomes.firstIndex(of: example.label) ?? 3,
                       labelled: example.labelled, relevant: example.relevant)
        }
        var weights = [SIMD4<Double>](repeating: .zero, count: count)
        var bias = SIMD4<Double>.zero
        var relevance = [Double](repeating: 0, count: count)
        var relevanceBias = 0.0
        var generator = SeededRandom(seed: Self.seed(of: rule))
        var order = Array(prepared.indices)
        var step = 0.0
        for _ in 0..<epochs {
            // Fisher-Yates with the seeded generator (the sessions' SplitMix64: the same numbers on every machine).
            if order.count > 1 {
                for index in stride(from: order.count - 1, to: 0, by: -1) {
                    let other = Int(generator.next() % UInt64(index + 1))
                    order.swapAt(index, other)
                }
            }
            for index in order {
                let row = prepared[index]
                step += 1
                let rate = self.rate / (1 + step * decay * self.rate)
                let shrink = 1 - rate * decay
                // Relevance: did the writer judge this rule here?
                var logit = relevanceBias
                for feature in row.text { logit += relevance[feature] * row.value }
                for feature in row.situation { logit += relevance[feature] }
                let error = 1 / (1 + exp(-logit)) - (row.relevant ? 1 : 0)
                for feature in row.text { relevance[feature] = relevance[feature] * shrink - error * rate * row.value }
                for feature in row.situation { relevance[feature] = relevance[feature] * shrink - error * rate }
                relevanceBias -= error * rate
                guard row.labelled else { continue }
                // The outcome the writer gave.
                var sum = bias
                for feature in row.text { sum += weights[feature] * row.value }
                for feature in row.situation { sum += weights[feature] }
                let top = sum.max()
                var probability = SIMD4<Double>(exp(sum[0] - top), exp(sum[1] - top), exp(sum[2] - top), exp(sum[3] - top))
                probability /= probability.sum()
                probability[row.outcome] -= 1
                for feature in row.text { weights[feature] = weights[feature] * shrink - probability * (rate * row.value) }
                for feature in row.situation { weights[feature] = weights[feature] * shrink - probability * rate }
                bias -= probability * rate
            }
        }
        func kept(_ column: SIMD4<Double>) -> SIMD4<Float> {
            var result = SIMD4<Float>.zero
            for outcome in 0..<4 where abs(column[outcome]) >= prune {
                // Rounded as the file writes it, so that a model read back is the model made.
                result[outcome] = Float((column[outcome] * 10_000).rounded() / 10_000)
            }
            return result
        }
        func rounded(_ value: Double) -> Float { Float((value * 10_000).rounded() / 10_000) }
        var roundedBias = SIMD4<Float>.zero
        for outcome in 0..<4 { roundedBias[outcome] = rounded(bias[outcome]) }
        return LearnedModel.Weights(bias: roundedBias, columns: weights.map(kept), relevanceBias: rounded(relevanceBias),
                                    relevance: relevance.map { abs($0) >= prune ? rounded($0) : 0 })
    }

    /// A rule's seed: FNV-1a of its id (Swift's own hash differs from run to run).
    static func seed(of rule: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in rule.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
