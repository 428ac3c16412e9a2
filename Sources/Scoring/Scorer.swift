import Foundation
import Matching
import ScenarioKit

/// Judges one reply against the rulebook and the author's judgments for the turn.
///
/// Pure and deterministic: the same reply, context, judgments and rulebook always give the same
/// verdicts, in rulebook order. An author's judgment overrides the rule's detector on that turn
/// and can judge rules that have no detector ("choice" and "flow" rules).
///
/// ```swift
/// let scorer = Scorer(rulebook: rulebook)
/// let verdicts = scorer.score(reply: "是的是的,可是...", context: context)
/// ```
public struct Scorer: Sendable {
    public let rulebook: Rulebook
    public let matcher: Matcher
    public let language: ScenarioLanguage
    /// Lexicon phrases to name in near misses, found once (on the first near miss).
    var samples: NearMiss.Samples { sampleCache.value(for: matcher.lexicons) }
    private let sampleCache = SampleCache()
    /// The customer's last line, normalised for echo checks.
    private let echoCache = EchoCache()
    /// Which rules a situation asks for, and with which detector (see ``PlanCache``).
    private let plans = PlanCache()

    /// A scorer using the rulebook's lexicons plus `extraLexicons` (a scenario's own).
    public init(rulebook: Rulebook, extraLexicons: LexiconTable = LexiconTable(), language: ScenarioLanguage = .zhHans) {
        self.rulebook = rulebook
        matcher = Matcher(lexicons: rulebook.lexicons.merging(extraLexicons))
        self.language = language
    }

    /// The near-miss samples, made on first use and shared by the scorer's copies.
    final class SampleCache: @unchecked Sendable {
        private let lock = NSLock()
        private var made: NearMiss.Samples?

        func value(for lexicons: LexiconTable) -> NearMiss.Samples {
            lock.lock()
            defer { lock.unlock() }
            if let made { return made }
            let samples = NearMiss.Samples(lexicons)
            made = samples
            return samples
        }
    }

    /// The rules observed in the text that apply in a situation, each with the number of its
    /// first detector that applies there, in rulebook order: found once per situation (a visit
    /// meets a handful), not by asking every rule's sets of phases and roles at every reply.
    final class PlanCache: @unchecked Sendable {
        private let lock = NSLock()
        /// A rule to judge (and its number in the rulebook), its detector for the situation, and (for a
        /// detector with `min_after`) the lexicons its `met` pattern uses, whose phrases are no
        /// substance. NB: a class, so that a reply reads the rule and detector in place: a rule
        /// read out of the rulebook's array was copied, all its strings and tables retained and
        /// released, at every reply.
        final class Step: Sendable {
            let index: Int
            let rule: Rule
            let detector: Detector
            let markers: [LexiconName]?
            /// The detector's patterns, compiled once per plan (see ``PatternProgram``; NB: binding a
            /// detector's pattern also copied its source text, tree and place, every rule at every reply).
            let violated: PatternProgram?
            let met: PatternProgram?
            let metPattern: Pattern?
            let ignore: PatternProgram?
            /// The `A > B` the `met` pattern asks for (see ``Pattern/sequence``), where its
            /// substance is counted from.
            let metSequence: PatternProgram?
            /// The rule's feedback for each verdict, in the scorer's language (NB: read here, not out
            /// of the rule's table of feedback by verdict, at every verdict).
            let metReason, missedReason, violatedReason, notApplicableReason: String
            /// The rule's weights in the rulebook's learned model, if it has the rule.
            let learned: LearnedModel.Weights?

            init(index: Int, rule: Rule, detector: Detector, markers: [LexiconName]?, language: ScenarioLanguage, learned: LearnedModel.Weights?) {
                self.index = index
                self.learned = learned
                self.rule = rule
                self.detector = detector
                self.markers = markers
                violated = detector.violated.map { PatternProgram($0.pattern) }
                met = detector.met.map { PatternProgram($0.pattern) }
                metPattern = detector.met?.pattern
                ignore = detector.ignore.map { PatternProgram($0.pattern) }
                metSequence = detector.met?.pattern.sequence.map { PatternProgram(.followedBy($0.first, $0.second)) }
                func reason(_ verdict: Verdict) -> String { rule.feedback[verdict]?.text(for: language) ?? "" }
                metReason = reason(.met)
                missedReason = reason(.missed)
                violatedReason = reason(.violated)
                notApplicableReason = reason(.notApplicable)
            }

            /// The feedback for `verdict`.
            func reason(_ verdict: Verdict) -> String {
                switch verdict {
                case .met: return metReason
                case .missed: return missedReason
                case .violated: return violatedReason
                case .notApplicable: return notApplicableReason
                }
            }
        }
        private var plans: [ContextFilter: [Step]] = [:]
        /// The learned model's situation features for each situation (see ``LearnedModel/situation(_:)``).
        private var situations: [ContextFilter: LearnedModel.Situation] = [:]

        func situation(for filter: ContextFilter, model: LearnedModel) -> LearnedModel.Situation {
            lock.lock()
            defer { lock.unlock() }
            if let known = situations[filter] { return known }
            let made = model.situation(filter)
            situations[filter] = made
            return made
        }

        /// (`learned` is read only when a situation is first planned.)
        func plan(for filter: ContextFilter, rules: [Rule], language: ScenarioLanguage, learned: @autoclosure () -> LearnedModel? = nil) -> [Step] {
            lock.lock()
            defer { lock.unlock() }
            if let plan = plans[filter] { return plan }
            var plan: [Step] = []
            let model = learned()
            for index in rules.indices where rules[index].observed == .text && rules[index].applies.includes(filter) {
                let detectors = rules[index].detectors
                guard let number = detectors.firstIndex(where: { $0.applies.includes(filter) }) else { continue }
                let detector = detectors[number]
                plan.append(Step(index: index, rule: rules[index], detector: detector,
                                 markers: detector.minAfter != nil ? detector.met?.pattern.lexiconNames : nil, language: language,
                                 learned: model?.rules[rules[index].id]))
            }
            plans[filter] = plan
            return plan
        }

    }

    /// Every applicable rule's verdict on `reply` (rules that do not apply are left out).
    public func score(reply: String, context: TurnContext, judgments: [Judgment] = []) -> [RuleVerdict] {
        score(reply: NormalizedText(reply), context: context, judgments: judgments)
    }

    public func score(reply text: NormalizedText, context: TurnContext, judgments: [Judgment] = []) -> [RuleVerdict] {
        score(reply: text, filter: ContextFilter(phase: context.phase, temperament: context.temperament, role: context.role, kind: context.kind), judgments: judgments)
    }

    /// Verdicts where only part of the situation is known: unknown parts admit every rule.
    public func score(reply text: NormalizedText, filter: ContextFilter, judgments: [Judgment] = []) -> [RuleVerdict] {
        var memo = Matcher.LexiconMemo()
        return score(reply: text, filter: filter, judgments: judgments, memo: &memo)
    }

    /// As above, sharing lexicon results with the caller's other matches on the same reply.
    /// `customerLine` is what the customer just said: words the trainee only echoes earn no credit.
    public func score(reply text: NormalizedText, context: TurnContext, judgments: [Judgment], customerLine: String? = nil,
                      memo: inout Matcher.LexiconMemo) -> [RuleVerdict] {
        score(reply: text, filter: ContextFilter(phase: context.phase, temperament: context.temperament, role: context.role, kind: context.kind),
              judgments: judgments, customerLine: customerLine, memo: &memo)
    }

    func score(reply text: NormalizedText, filter: ContextFilter, judgments: [Judgment], customerLine: String? = nil,
               memo: inout Matcher.LexiconMemo) -> [RuleVerdict] {
        // A memo that recognition's similarity filled holds exact matches only: the rulebook's
        // verdicts count input-method slips too.
        matcher.addMatchesBySound(in: text, memo: &memo)
        // NB: the customer's line is normalised only when a met pattern needs it (most replies never do).
        var echo = Echo(customerLine: customerLine, cache: echoCache)
        var shape = ReplyShape()
        var verdicts: [RuleVerdict] = []
        let plan = plans.plan(for: filter, rules: rulebook.rules, language: language, learned: rulebook.learned)
        // NB: room for a verdict per rule judged, made once (grown verdict by verdict, the list was made five times a reply).
        verdicts.reserveCapacity(judgments.isEmpty ? plan.count : rulebook.rules.count)
        // Most turns carry no author's judgment: only the planned rules are read, each in place
        // (see ``PlanCache/Step``).
        var learned = LearnedState()
        // With a learned model, every detector speaks first: a violation anywhere in the reply
        // (or in the author's judgments) keeps the model from crediting any rule.
        let hasModel = rulebook.learned != nil
        var detected: [RuleVerdict?] = []
        if hasModel {
            detected.reserveCapacity(plan.count)
            for planned in plan {
                let judged = !judgments.isEmpty && judgments.contains { $0.rule == planned.rule.id }
                detected.append(judged ? nil : detect(planned, text: text, echo: &echo, shape: &shape, memo: &memo))
            }
            learned.violation = detected.contains { $0?.verdict == .violated } || judgments.contains { $0.verdict == .violated }
        }
        if judgments.isEmpty {
            for (number, planned) in plan.enumerated() {
                let verdict = hasModel
                    ? revise(detected[number], planned, text: text, filter: filter, learned: &learned, shape: &shape, memo: &memo)
                    : detect(planned, text: text, echo: &echo, shape: &shape, memo: &memo)
                if let verdict { verdicts.append(verdict) }
            }
            return verdicts
        }
        var next = 0
        // NB: rules borrowed from the buffer in place: read through the array's subscript, each
        // rule was copied (its strings, tables and patterns retained and released).
        rulebook.rules.withUnsafeBufferPointer { rules in
        for index in rules.indices {
            // The plan is in rulebook order: this rule is judged by a detector if it is the next in the plan.
            var planned: (number: Int, step: PlanCache.Step)?
            if next < plan.count, plan[next].index == index {
                planned = (next, plan[next])
                next += 1
            }
            if let judgment = judgments.first(where: { $0.rule == rules[index].id }) {
                verdicts.append(judged(rules[index], judgment, text: text))
            } else if let planned {
                let verdict = hasModel
                    ? revise(detected[planned.number], planned.step, text: text, filter: filter, learned: &learned, shape: &shape, memo: &memo)
                    : detect(planned.step, text: text, echo: &echo, shape: &shape, memo: &memo)
                if let verdict { verdicts.append(verdict) }
            }
        }
        }
        return verdicts
    }

    /// The ids of the rules judged from the text in `filter`, in rulebook order (a rule whose
    /// detector gives no verdict on a reply is still among them).
    public func plannedRules(for filter: ContextFilter) -> [String] {
        plans.plan(for: filter, rules: rulebook.rules, language: language, learned: rulebook.learned).map(\.rule.id)
    }

    /// What the learned model needs of a reply, found once for its rules: whether the model may
    /// speak at all (not on a keyword list, a stuffed reply, the manual's headings recited) and
    /// the reply's features.
    struct LearnedState {
        /// Whether a detector (or the author) found a violation in the reply.
        var violation = false
        var allowed: Bool?
        var features: LearnedModel.TextFeatures?
        var situation: LearnedModel.Situation?
    }

    /// The detector's verdict, or the learned model's where it overrules it (see ``LearnedModel``):
    /// the model speaks only on a rule it knows, never over a `violated` (a contradiction or an
    /// insult the detector found stays one), never on a reply that only names moves, never to
    /// credit a reply with a violation in it, only where its words (not the situation alone)
    /// pull towards its outcome, and only above its thresholds.
    func revise(_ detected: RuleVerdict?, _ planned: PlanCache.Step, text: NormalizedText, filter: ContextFilter,
                learned: inout LearnedState, shape: inout ReplyShape, memo: inout Matcher.LexiconMemo) -> RuleVerdict? {
        guard let weights = planned.learned, detected?.verdict != .violated, let model = rulebook.learned else { return detected }
        let features = learned.features ?? model.textFeatures(of: text)
        learned.features = features
        guard features.indices.count >= model.minimumFeatures else { return detected }
        let situation = learned.situation ?? plans.situation(for: filter, model: model)
        learned.situation = situation
        let prediction = LearnedModel.predict(weights, features: features, situation: situation, given: detected?.verdict)
        guard prediction.verdict != detected?.verdict, prediction.relevance > model.relevanceThreshold, prediction.probability > model.threshold,
              prediction.wordsPull > model.wordsThreshold, !(prediction.verdict == .met && learned.violation) else { return detected }
        // NB: asked only where the model would speak (most replies it leaves alone).
        if learned.allowed == nil {
            let stuffed = shape.stuffed ?? text.isStuffed
            shape.stuffed = stuffed
            learned.allowed = !text.isKeywordList && !stuffed && !isRecital(text, shape: &shape, memo: &memo)
        }
        guard learned.allowed == true else { return detected }
        guard let verdict = prediction.verdict else { return nil }
        let words = model.words(planned.rule.id, features: features, outcome: prediction.verdict, given: detected?.verdict)
        let certainty = Int((prediction.probability * 100).rounded())
        var result = RuleVerdict(
            rule: planned.rule.id, verdict: verdict, earned: verdict == .met ? planned.rule.weight : 0, possible: planned.rule.weight,
            evidence: words.joined(separator: "…"), manual: planned.rule.manual, source: .learned, reason: planned.reason(verdict))
        let quoted = words.map { "「\($0)」" }.joined()
        let english = language == .en
        let was = detected.map { $0.verdict.name(english: english) } ?? (english ? "no verdict" : "不评")
        result.nearMiss = english
            ? "judged like labelled replies a trainer judged (\(certainty)% sure; the detector said \(was))" + (quoted.isEmpty ? "" : ": the words that weighed most: \(quoted)")
            : "按培训师标注过的相似回答判定(把握 \(certainty)%,规则检测为「\(was)」)" + (quoted.isEmpty ? "" : ":最有分量的词:\(quoted)")
        return result
    }

    /// Verdicts from judgments alone (for endings, where nothing is typed).
    public func judge(_ judgments: [Judgment]) -> [RuleVerdict] {
        rulebook.rules.compactMap { rule in
            judgments.first { $0.rule == rule.id }.map { judged(rule, $0, text: nil) }
        }
    }

    func judged(_ rule: Rule, _ judgment: Judgment, text: NormalizedText?) -> RuleVerdict {
        let possible = judgment.points ?? rule.weight
        return RuleVerdict(
            rule: rule.id, verdict: judgment.verdict,
            earned: judgment.verdict == .met ? possible : 0, possible: possible,
            evidence: text?.original ?? "", manual: rule.manual, source: .author,
            reason: rule.feedback[judgment.verdict]?.text(for: language) ?? ""
        )
    }

    /// `shape` caches whether the reply is stuffed and whether it recites the manual (found only
    /// when a rule asks), and `echo` the customer's normalised line, for the reply's other rules.
    /// NB: the rule and its detector are read through `planned`, field by field: passed as values,
    /// each reply copied every planned rule whole.
    func detect(_ planned: PlanCache.Step, text: NormalizedText, echo: inout Echo, shape: inout ReplyShape,
                memo: inout Matcher.LexiconMemo) -> RuleVerdict? {
        func verdict(_ verdict: Verdict, _ evidence: String) -> RuleVerdict? {
            guard verdict != .notApplicable else { return nil }
            return RuleVerdict(
                rule: planned.rule.id, verdict: verdict, earned: verdict == .met ? planned.rule.weight : 0, possible: planned.rule.weight,
                evidence: evidence, manual: planned.rule.manual, source: .detector,
                reason: planned.reason(verdict)
            )
        }
        if let violated = planned.violated {
            let result = matcher.match(violated, in: text, memo: &memo)
            if result.matched { return verdict(.violated, result.evidence(in: text)) }
        }
        let length = text.length
        let counts = text.scriptCounts
        if let maximum = planned.detector.maxWords, counts.words > counts.characters {
            if counts.words > maximum {
                return verdict(.violated, language == .en
                    ? "\(counts.words) words (the limit is \(maximum))"
                    : "\(counts.words) 个词(上限 \(maximum))")
            }
        } else if let maximum = planned.detector.maxChars, case let measured = text.limitLength, measured > maximum {
            return verdict(.violated, language == .en
                ? "\(measured) characters (the limit is \(maximum))"
                : "\(measured) 个字(上限 \(maximum))")
        }
        if let met = planned.met, let metPattern = planned.metPattern {
            let result = matcher.match(met, in: text, memo: &memo)
            // NB: made only for a verdict that needs a near miss explained (most are met or not judged).
            var explainer: NearMiss { NearMiss(matcher: matcher, english: language == .en, samples: samples) }
            func missed(_ evidence: String, _ why: String) -> RuleVerdict? {
                var missed = verdict(.missed, evidence)
                missed?.nearMiss = why
                return missed
            }
            if result.matched {
                if let minimum = planned.detector.minChars, length < minimum { return missed(text.original, explainer.tooShort(minimum)) }
                // A list of keywords names the move without making it.
                if text.isKeywordList { return missed(result.evidence(in: text), explainer.keywordList()) }
                // So do the same words said over and over.
                let isStuffed = shape.stuffed ?? text.isStuffed
                shape.stuffed = isStuffed
                if isStuffed { return missed(result.evidence(in: text), explainer.stuffed()) }
                // And so do the manual's own headings recited (「确认已知 询问未知 下一步」).
                if isRecital(text, shape: &shape, memo: &memo) { return missed(result.evidence(in: text), explainer.recited()) }
                if let minimum = planned.detector.minAfter {
                    let (count, end) = substance(after: metPattern, in: text, matched: result, markers: planned.markers,
                                                 sequence: planned.metSequence, memo: &memo)
                    if count < minimum {
                        let explainer = explainer, pattern = metPattern
                        return verdict(.missed, result.evidence(in: text))?.explained { explainer.noSubstance(after: pattern, in: text, minimum: minimum) }
                    }
                    // Keywords strung after the markers (「可是 省钱 环保 质量好」) name the reasons without giving one.
                    if let end, text.isKeywordList(fromUnit: end) { return missed(result.evidence(in: text), explainer.keywordList()) }
                }
                // The customer's own words, repeated back, are not the trainee's move.
                if !result.spans.isEmpty, echo.lineKeys() != nil, result.spans.allSatisfy({ echo.echoes($0, of: text) }) {
                    return missed(result.evidence(in: text), explainer.echoed())
                }
                return verdict(.met, result.evidence(in: text))
            }
            let ignored = planned.ignore.map { matcher.matches($0, in: text, memo: &memo) } ?? false
            if ignored || planned.detector.otherwise == .notApplicable {
                // A list of keywords, or the same words said over and over, is a try that missed,
                // not a turn without the move: 「建议 建议 我建议 劝告」, 「决策流程 订货流程 竞争对手」
                // are judged where the rule passes over a turn that does not make its move (the
                // evidence: the words of the move they name, if any).
                let isList = text.isKeywordList
                let isStuffed = !isList && (shape.stuffed ?? text.isStuffed)
                if !isList { shape.stuffed = isStuffed }
                if isList || isStuffed {
                    let named = metPattern.positiveCore.map { matcher.match($0, in: text, memo: &memo) }
                    return missed(named.map { $0.evidence(in: text) } ?? "", isList ? explainer.keywordList() : explainer.stuffed())
                }
                // So is the manual's headings recited, where the rule passes over a turn without its
                // move (not where the rule's `ignore` says the turn is none of its business).
                if !ignored, isRecital(text, shape: &shape, memo: &memo) {
                    let named = metPattern.positiveCore.map { matcher.match($0, in: text, memo: &memo) }
                    return missed(named.map { $0.evidence(in: text) } ?? "", explainer.recited())
                }
                if ignored { return nil }
            }
            var otherwise = verdict(planned.detector.otherwise, "")
            if planned.detector.otherwise == .missed {
                // NB: worded when read (see ``RuleVerdict/nearMiss``), from the reply's lexicon matches as they are now.
                let explainer = explainer, pattern = metPattern, found = memo
                otherwise = otherwise?.explained {
                    var memo = found
                    return explainer.explain(pattern, in: text, memo: &memo)
                }
            }
            return otherwise
        }
        if let ignore = planned.ignore, matcher.matches(ignore, in: text, memo: &memo) { return nil }
        // A detector with no `met` pattern: length alone decides.
        if let minimum = planned.detector.minChars, length < minimum { return verdict(.missed, text.original) }
        return verdict(planned.detector.otherwise == .missed && planned.detector.maxChars != nil ? .met : planned.detector.otherwise, "")
    }

    /// What is found of a reply once, when a rule first asks, and kept for its other rules.
    struct ReplyShape {
        /// Whether the same words said over and over make most of it (``NormalizedText/isStuffed``).
        var stuffed: Bool?
        /// Whether it recites the manual's headings (``Scorer/isRecital(_:shape:memo:)``).
        var recited: Bool?
    }

    /// The lexicon of the manual's own headings and slogans (「确认已知」, 「服务就是销售」, "next
    /// step", "customer-centred"): a rulebook without it recites nothing.
    static let recital = LexiconName("recital")

    /// Whether the reply recites the manual instead of making its moves: two of the `recital`
    /// lexicon's phrases or more, apart, that make two fifths or more of the units that say
    /// something (「确认已知 询问未知 订货决策流程 下一步」, "follow up, revisit, no push, next
    /// step"). "Before the next step, may I ask how the decision process runs?" names two
    /// headings in a sentence that asks: it is a reply.
    /// (`shape` keeps the answer for the reply's other rules.)
    func isRecital(_ text: NormalizedText, shape: inout ReplyShape, memo: inout Matcher.LexiconMemo) -> Bool {
        if let known = shape.recited { return known }
        let answer = findRecital(text, memo: &memo)
        shape.recited = answer
        return answer
    }

    private func findRecital(_ text: NormalizedText, memo: inout Matcher.LexiconMemo) -> Bool {
        let spans = matcher.spans(ofLexicon: Self.recital, in: text, memo: &memo)
        guard spans.count >= 2 else { return false }
        var covered = [Bool](repeating: false, count: text.keys.count)
        var apart = 0, end = -1
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if span.lowerBound >= end { apart += 1 }
            end = max(end, span.upperBound)
            for index in span where index >= 0 && index < covered.count { covered[index] = true }
        }
        guard apart >= 2 else { return false }
        let question = UnitKey.question
        var said = 0, recited = 0
        for index in text.keys.indices where text.keys[index] != question {
            said += 1
            if covered[index] { recited += 1 }
        }
        return said > 0 && recited * 5 >= said * 2
    }

    /// How many units of substance follow the point where `pattern` is first complete: units that
    /// are not "?" and not part of the phrases of the lexicons the pattern uses; and that point
    /// (nil: the pattern is not complete anywhere).
    /// `matched`: the pattern's match, when the caller has it; `markers`: the pattern's lexicon
    /// names, when the caller has them.
    func substance(after pattern: Pattern, in text: NormalizedText, matched: MatchResult? = nil, markers: [LexiconName]? = nil,
                   sequence: PatternProgram? = nil, memo: inout Matcher.LexiconMemo) -> (count: Int, end: Int?) {
        guard let end = completion(of: pattern, in: text, matched: matched, sequence: sequence, memo: &memo) else { return (0, nil) }
        var isMarker = [Bool](repeating: false, count: text.keys.count)
        for name in markers ?? pattern.lexiconNames {
            for span in matcher.spans(ofLexicon: name, in: text, memo: &memo) {
                for index in span where index < isMarker.count { isMarker[index] = true }
            }
        }
        let question = UnitKey.question
        var count = 0
        for index in end..<text.keys.count where !isMarker[index] && text.keys[index] != question { count += 1 }
        return (count, end)
    }

    /// Where a match of `pattern` is first complete: for "A > B" (alone or as the part of an `&`
    /// that asks for an order), the end of the first B after the first A; otherwise the end of
    /// the last span.
    /// (`matched`, the pattern's own match if known, spares evaluating it again.)
    /// (`sequence`: that `A > B` as a program, when the caller has it.)
    func completion(of pattern: Pattern, in text: NormalizedText, matched: MatchResult? = nil, sequence: PatternProgram? = nil,
                    memo: inout Matcher.LexiconMemo) -> Int? {
        if case .followedBy = pattern, let matched { return matched.completion }
        if let sequence { return matcher.match(sequence, in: text, memo: &memo).completion }
        if let (first, second) = pattern.sequence {
            return matcher.match(.followedBy(first, second), in: text, memo: &memo).completion
        }
        return (matched ?? matcher.match(pattern, in: text, memo: &memo)).spans.map(\.upperBound).max()
    }

    /// Whether the words of `span` stand in a stretch of at least four units (and two more than the
    /// span) that the customer said word for word.
    static func isEchoed(_ span: Range<Int>, of text: NormalizedText, in echo: [UnitKey]) -> Bool {
        let units = text.keys
        // Whether the units of `range` stand, in a row, in the customer's line (unit by unit: 「no」
        // is not said inside 「not」).
        func said(_ range: Range<Int>) -> Bool {
            guard range.count <= echo.count else { return false }
            return (0...(echo.count - range.count)).contains { start in
                range.indices.allSatisfy { units[$0] == echo[start + $0 - range.lowerBound] }
            }
        }
        guard span.lowerBound >= 0, span.upperBound <= units.count, !span.isEmpty, said(span) else { return false }
        var lower = span.lowerBound, upper = span.upperBound
        while upper < units.count && said(lower..<upper + 1) { upper += 1 }
        while lower > 0 && said(lower - 1..<upper) { lower -= 1 }
        return upper - lower >= max(4, span.count + 2)
    }
}

extension Pattern {
    /// The "A > B" a pattern asks for: the pattern itself, or the first such part of an `&`
    /// (outside any `!`), as in `(@ack > @contrast) & !@give-up`.
    var sequence: (first: Pattern, second: Pattern)? {
        switch self {
        case let .followedBy(first, second): return (first, second)
        case let .allOf(parts): return parts.lazy.compactMap(\.sequence).first
        default: return nil
        }
    }
}
