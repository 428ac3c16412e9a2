import Foundation
import Matching
import ScenarioKit
import Scoring

/// One trainee's run through a scenario: the state machine of the visit.
///
/// The session is pure: it never reads a terminal, a clock or a random source of its own. The
/// caller passes the replies, the seconds they took, and the seed; the same inputs always give
/// the same events, path and scorecard.
///
/// ```swift
/// var session = Session(scenario: scenario, rulebook: rulebook, seed: 42)
/// session.start()
/// session.reply("王经理,墙上这么多质量奖状……")
/// session.scorecard.percent
/// ```
public struct Session: Sendable {
    public let scenario: Scenario
    public let scorer: Scorer
    public let seed: UInt64
    /// The similarity indexes of the scenario's nodes (built once per scenario and shareable).
    public let recognizer: ReplyRecognizer
    public private(set) var state: [String: StateValue]
    /// The node the trainee is at; nil before `start()` and after an ending.
    public private(set) var currentNode: String?
    public private(set) var ending: Ending?
    public private(set) var events: [SessionEvent] = []
    public private(set) var turns: [Turn] = []
    /// Node ids visited, in order, the start included.
    public private(set) var path: [String] = []
    /// The customer's last line at the current node.
    public private(set) var lastCustomerLine = ""
    public private(set) var hintsUsed = 0
    /// Verdicts given by the ending's judgments.
    public private(set) var endingVerdicts: [RuleVerdict] = []
    /// The node a stretch of practice started at (`play --from`), when not the scenario's start
    /// with its initial state: such a session is not a whole visit.
    public private(set) var stretchFrom: String?
    /// The trainee's name, for `{trainee}` in what the customer says (see ``TextTemplate``); when
    /// nil, a name of the scenario's language stands in (小李, Alex Chen).
    public var traineeName: String?
    private var random: SeededRandom
    /// The reply the customer asked back about on the last turn (node and index).
    private var pendingClarification: (node: String, index: Int)?

    /// A session ends as "open" after this many turns, so that no script can loop forever.
    public static let maximumTurns = 200

    public init(scenario: Scenario, rulebook: Rulebook, seed: UInt64) {
        self.init(scenario: scenario, scorer: Session.scorer(for: scenario, rulebook: rulebook), recognizer: nil, seed: seed)
    }

    /// A session sharing a scorer and recognizer built once for the scenario (many sessions on one scenario).
    public init(scenario: Scenario, scorer: Scorer, recognizer: ReplyRecognizer?, seed: UInt64) {
        self.scenario = scenario
        self.scorer = scorer
        self.recognizer = recognizer ?? ReplyRecognizer(scenario: scenario, matcher: scorer.matcher)
        self.seed = seed
        state = scenario.initialState
        random = SeededRandom(seed: seed)
    }

    /// The scorer for a scenario: the rulebook's lexicons plus the scenario's own.
    public static func scorer(for scenario: Scenario, rulebook: Rulebook) -> Scorer {
        var lexicons: [String: [String]] = [:]
        for (name, phrases) in scenario.lexicons { lexicons[name] = phrases.value }
        return Scorer(rulebook: rulebook, extraLexicons: LexiconTable(lexicons), language: scenario.language)
    }

    public var isFinished: Bool { ending != nil }

    public var node: ScenarioNode? { currentNode.flatMap(scenario.node) }

    /// The situation of the current node, for scoring.
    public var context: TurnContext? {
        node.map { TurnContext(phase: $0.phase, temperament: scenario.customer.temperament,
                               role: $0.role ?? scenario.customer.role, kind: scenario.customer.kind) }
    }

    /// The numbered options offered at the current node (replies with an `option`, whose `if` holds).
    public var options: [(number: Int, text: String, index: Int)] {
        guard let node else { return [] }
        var result: [(Int, String, Int)] = []
        for (index, reply) in node.replies.enumerated() {
            guard let option = reply.option, conditionHolds(reply) else { continue }
            result.append((result.count + 1, option, index))
        }
        return result
    }

    /// All verdicts so far, turn by turn (the ending's judgments last).
    public var verdictsByTurn: [[RuleVerdict]] {
        turns.map(\.verdicts) + (endingVerdicts.isEmpty ? [] : [endingVerdicts])
    }

    /// Each turn's verdicts with its phase (the ending's judgments last, without a phase).
    public var scoredTurns: [ScoredTurn] {
        turns.map { ScoredTurn(phase: $0.phase, verdicts: $0.verdicts) } + (endingVerdicts.isEmpty ? [] : [ScoredTurn(phase: nil, verdicts: endingVerdicts)])
    }

    public var scorecard: Scorecard {
        Scorecard(turns: scoredTurns, rulebook: scorer.rulebook, passMark: scenario.pass,
                  outcome: ending?.outcome, hintsUsed: hintsUsed, language: scenario.language)
    }

    /// Enters the start node.
    @discardableResult
    public mutating func start() -> [SessionEvent] {
        let before = events.count
        enter(scenario.start.value)
        return Array(events[before...])
    }

    /// Starts at `id` instead of the start node, with `values` set over the initial state (a stretch
    /// of practice from one node, a calibration case). Nil when there is no such node.
    public mutating func start(at id: String, setting values: [String: StateValue] = [:]) -> [SessionEvent]? {
        guard scenario.node(id) != nil else { return nil }
        for (name, value) in values { state[name] = value }
        if id != scenario.start.value || !values.isEmpty { stretchFrom = id }
        let before = events.count
        enter(id)
        return Array(events[before...])
    }

    /// Records that the trainee asked for a hint; returns it (nil when the node has none).
    public mutating func useHint() -> String? {
        guard let written = node?.hint else { return nil }
        let hint = render(written)
        hintsUsed += 1
        events.append(.hint(hint))
        return hint
    }

    /// The trainee typed `text`. Returns the events this turn produced.
    @discardableResult
    public mutating func reply(_ text: String, secondsTaken: Double? = nil) -> [SessionEvent] {
        guard let node else { return [] }
        let normalized = NormalizedText(text)
        var memo = Matcher.LexiconMemo()
        let recognition = recognise(normalized, at: node, memo: &memo)
        let before = events.count
        if recognition.by == .clarification, let index = recognition.index {
            events.append(.reply(normalized.original, option: nil))
            events.append(.understood(recognition))
            turns.append(Turn(node: node.id, phase: node.phase, customerLine: lastCustomerLine, reply: normalized.original,
                              recognisedIndex: nil, recognisedOption: nil, pickedOption: nil, verdicts: [], secondsTaken: secondsTaken,
                              understoodBy: .clarification, similarity: recognition.similarity))
            pendingClarification = (node.id, index)
            let line = clarifyingLine(at: node, about: index)
            lastCustomerLine = line
            events.append(.customer(line))
            return Array(events[before...])
        }
        pendingClarification = nil
        var target = node
        if recognition.node != node.id, let early = scenario.node(recognition.node) {
            enter(early.id, quietly: true)
            target = early
        }
        guard let context = self.context else { return [] }
        return take(node: target, context: context, text: normalized, replyIndex: recognition.isTaken ? recognition.index : nil, option: nil,
                    secondsTaken: secondsTaken, memo: &memo, recognition: recognition)
    }

    /// Which reply `text` would be taken as at the current node, without taking it.
    public func recognise(_ text: String) -> Recognition? {
        guard let node else { return nil }
        var memo = Matcher.LexiconMemo()
        return recognise(NormalizedText(text), at: node, memo: &memo)
    }

    /// The contrast markers' lexicon (「可是」「不过」「but」).
    static let contrast = LexiconName("contrast")
    /// The acknowledgements' lexicon (「是的」「理解」「I understand」).
    static let acknowledgement = LexiconName("ack")

    /// Patterns first (here, then at the `ahead:` nodes); then a confirmation of the reply the
    /// customer asked back about; then similarity to the replies' examples (here, then ahead);
    /// in the grey zone the customer asks back once; otherwise nothing.
    func recognise(_ text: NormalizedText, at node: ScenarioNode, memo: inout Matcher.LexiconMemo) -> Recognition {
        // A bare list of keywords is not a move, whatever it names, unless naming a list is the
        // move of the reply it resembles most (`list: true`: what goes into the business bag).
        if text.isKeywordList {
            if let taken = similar(text, ranking(text, at: node, memo: &memo), at: node), taken.by == .similarity,
               let index = taken.index, node.replies[index].list {
                return taken
            }
            return Recognition(node: node.id, index: nil, by: .none)
        }
        // The node's replies ranked by similarity, computed once for the decisions below.
        // NB: ranking fills the lexicon memo first (exact lexicon matches only, no homophones), as
        // it always has; asking a pattern first would change which replies the patterns take.
        let here = ranking(text, at: node, memo: &memo)
        // Nor are markers with nothing behind the contrast: 「You're right, but... yeah, anyway.」
        if endsInBareContrast(text, memo: &memo) { return Recognition(node: node.id, index: nil, by: .none) }
        // What follows a contrast or the words set aside decides what the reply does (see `decisiveTail`).
        let tail = decisiveTail(of: text, memo: &memo)
        var tailMemo = Matcher.LexiconMemo()
        if let (index, spans) = bestReplyAndSpans(at: node, for: text, memo: &memo) {
            // The right preamble, then another move: 「理解理解，不过今天签的话下个月付也行」 is the
            // give-in, not the yes-but its preamble matched.
            if let tail, tail.byContrast, !spans.isEmpty, spans.allSatisfy({ $0.upperBound <= tail.start }),
               let (other, _) = bestReplyAndSpans(at: node, for: tail.text, memo: &tailMemo), other != index {
                return Recognition(node: node.id, index: other, by: .pattern)
            }
            // A pattern decides, unless the examples say clearly and strongly that another reply was
            // meant, or the reply says no to what the pattern's reply says.
            if let override = overridingSimilarity(here, at: node, pattern: index) { return override }
            if !deniesPattern(text, here, at: node, pattern: index), !belongsElsewhere(text, here, at: node, pattern: index, memo: &memo) {
                return Recognition(node: node.id, index: index, by: .pattern)
            }
        }
        if let pending = pendingClarification, pending.node == node.id, Confirmation.isConfirmation(text) {
            return Recognition(node: node.id, index: pending.index, by: .confirmation)
        }
        let aheadNodes = node.ahead.compactMap { scenario.node($0.value) }
        for early in aheadNodes {
            if let index = bestReply(at: early, for: text, memo: &memo) {
                return Recognition(node: early.id, index: index, by: .pattern, answeredEarly: true)
            }
        }
        var closest: Recognition?
        for candidate in [node] + aheadNodes {
            let ranked = candidate.id == node.id ? here : ranking(text, at: candidate, memo: &memo)
            guard let result = similar(text, ranked, at: candidate) else { continue }
            if result.by == .similarity {
                var taken = result
                taken.answeredEarly = candidate.id != node.id
                return taken
            }
            if candidate.id == node.id {
                closest = result
                // Not clear as a whole: the decisive part alone may be («样机试打就不用了，报价我发您邮箱»).
                if let tail, let decided = similar(tail.text, ranking(tail.text, at: node, memo: &tailMemo), at: node),
                   decided.by == .similarity {
                    return decided
                }
            }
        }
        if var closest, let similarity = closest.similarity, similarity >= ReplyRecognizer.clarifyThreshold,
           pendingClarification?.node != node.id {
            closest.by = .clarification
            return withMissingWords(closest, text, here)
        }
        var none = closest ?? Recognition(node: node.id, index: nil, by: .none)
        none.by = .none
        none.node = node.id
        // Nothing came close: there is no closest reply worth naming.
        if (none.similarity ?? 0) < ReplyRecognizer.clarifyThreshold / 2 {
            none = Recognition(node: node.id, index: nil, by: .none)
        }
        return withMissingWords(none, text, here)
    }

    /// The replies of `node` whose `if` holds, by similarity to the text, best first (empty when the
    /// node has no examples or options).
    func ranking(_ text: NormalizedText, at node: ScenarioNode, memo: inout Matcher.LexiconMemo) -> Ranking {
        guard let index = recognizer.index(for: node.id) else { return Ranking(index: nil, text: text, scores: []) }
        return Ranking(index: index, text: text,
                       scores: index.rank(text, matcher: scorer.matcher, memo: &memo).filter { holds(node.replies[$0.candidate].condition) })
    }

    /// One node's similarity ranking for one reply.
    struct Ranking {
        var index: SimilarityIndex?
        var text: NormalizedText
        var scores: [SimilarityIndex.Score]

        func similarity(of reply: Int) -> Double { scores.first { $0.candidate == reply }?.similarity ?? 0 }
    }

    /// When a pattern took reply `pattern` but another reply's examples are far closer.
    func overridingSimilarity(_ ranked: Ranking, at node: ScenarioNode, pattern: Int) -> Recognition? {
        guard let best = ranked.scores.first, best.candidate != pattern,
              !node.replies[pattern].examples.isEmpty || node.replies[pattern].option != nil else { return nil }
        let patternSimilarity = ranked.similarity(of: pattern)
        guard best.similarity >= ReplyRecognizer.overrideThreshold,
              best.similarity - patternSimilarity >= ReplyRecognizer.overrideMargin else { return nil }
        return Recognition(node: node.id, index: best.candidate, by: .similarity, similarity: best.similarity,
                           runnerUp: pattern, runnerUpSimilarity: patternSimilarity)
    }

    /// A reply that says no to what the pattern's reply says ("我们不提供四小时上门" for a reply
    /// about four-hour service; the negation stands too far from the words for the pattern to see
    /// it) is far from that reply's examples: with a real negation in the reply (not a courtesy
    /// such as 没关系 / "no problem") and a similarity under 0.2, the pattern does not decide.
    func deniesPattern(_ text: NormalizedText, _ ranked: Ranking, at node: ScenarioNode, pattern: Int) -> Bool {
        guard ranked.index != nil, node.replies[pattern].examples.count >= 3, text.hasRealNegation else { return false }
        return ranked.similarity(of: pattern) < ReplyRecognizer.denialThreshold
    }

    /// Another step's model answer that happens to hold this node's pattern words
    /// (「覃经理，您现在这台喷码机哪里最头疼？」 before the customer has even come to the phone):
    /// far from the pattern's reply's examples and close to a reply of another node of the scenario.
    /// Consulted only when the text is far from the pattern's reply, so a reply that is plainly
    /// this node's costs nothing more.
    func belongsElsewhere(_ text: NormalizedText, _ ranked: Ranking, at node: ScenarioNode, pattern: Int, memo: inout Matcher.LexiconMemo) -> Bool {
        guard ranked.index != nil, node.replies[pattern].examples.count >= 3 else { return false }
        let own = ranked.similarity(of: pattern)
        guard own < ReplyRecognizer.elsewhereOwnCeiling else { return false }
        for other in scenario.nodes where other.id != node.id {
            guard let index = recognizer.index(for: other.id), let best = index.rank(text, matcher: scorer.matcher, memo: &memo).first else { continue }
            if best.similarity >= ReplyRecognizer.elsewhereThreshold, best.similarity - own >= ReplyRecognizer.elsewhereMargin { return true }
        }
        return false
    }

    /// The most similar reply at `node`, taken when clearly ahead.
    func similar(_ text: NormalizedText, _ ranked: Ranking, at node: ScenarioNode) -> Recognition? {
        guard ranked.index != nil, let best = ranked.scores.first else { return nil }
        // 「好的。」 resembles any example with 「最好的」 in it: an acknowledgement is no move,
        // unless acknowledging is the move (a reply whose own examples are one: 「好的好的」 for
        // thanking a customer who has just said yes, and asking for nothing).
        if Confirmation.isBareAcknowledgement(text),
           !(node.replies[best.candidate].examples.map(\.value) + [node.replies[best.candidate].option].compactMap { $0 })
               .contains(where: { Confirmation.isBareAcknowledgement(NormalizedText($0)) }) {
            return nil
        }
        let second = ranked.scores.dropFirst().first
        let accepted = best.similarity >= ReplyRecognizer.acceptThreshold
            && best.similarity - (second?.similarity ?? 0) >= ReplyRecognizer.margin
        return Recognition(node: node.id, index: best.candidate, by: accepted ? .similarity : .none,
                           similarity: best.similarity, runnerUp: second?.candidate, runnerUpSimilarity: second?.similarity)
    }

    /// `recognition` with the words its closest phrasing had and the reply lacked, for feedback
    /// on a reply not taken (NB: found only for the answer given, not for every ranking tried).
    func withMissingWords(_ recognition: Recognition, _ text: NormalizedText, _ ranked: Ranking) -> Recognition {
        guard let index = ranked.index, let best = ranked.scores.first, best.candidate == recognition.index else { return recognition }
        var result = recognition
        result.missingWords = index.missingWords(text, candidate: best.candidate, phrasing: best.closest, matcher: scorer.matcher)
        return result
    }

    /// What the customer asks back: the node's own `clarify:` line or the default, naming the reply.
    func clarifyingLine(at node: ScenarioNode, about index: Int) -> String {
        let reply = node.replies[index]
        let words = reply.option ?? reply.examples.first?.value ?? ""
        let template = pickWithoutConsuming(node.clarify) ?? (scenario.language == .en ? "Sorry, do you mean: “{reply}”?" : "您的意思是：「{reply}」？")
        return render(template.replacingOccurrences(of: "{reply}", with: Session.shortened(words)))
    }

    private func pickWithoutConsuming(_ variants: [String]) -> String? {
        guard !variants.isEmpty else { return nil }
        return variants[turns.count % variants.count]
    }

    /// A reply's words cut to a length a customer would repeat back (`limit` characters, the
    /// cut marked "……").
    public static func shortened(_ text: String, limit: Int = 40) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > limit else { return trimmed }
        return String(trimmed.prefix(max(1, limit - 2))) + "……"
    }

    /// The trainee picked option `number` in guided mode. Nil when there is no such option.
    @discardableResult
    public mutating func choose(option number: Int, secondsTaken: Double? = nil) -> [SessionEvent]? {
        guard let node, let context, let option = options.first(where: { $0.number == number }) else { return nil }
        var memo = Matcher.LexiconMemo()
        return take(node: node, context: context, text: NormalizedText(option.text), replyIndex: option.index, option: number, secondsTaken: secondsTaken, memo: &memo)
    }

    /// The part of a reply that decides its move: what follows its last contrast (可是, 不过,
    /// "but" …: the rulebook's `@contrast`), a list of keywords it opens with (「VOC、整改，我们全国
    /// 最好」) or the words it sets aside (「半小时也不用了，下个月再说吧」), when something of
    /// substance stands there; nil for most replies. `byContrast`: the preamble's pattern gives way
    /// to the tail's (not so after words set aside, where the negation itself may be the move).
    func decisiveTail(of text: NormalizedText, memo: inout Matcher.LexiconMemo) -> DecisiveTail? {
        var start: Int?
        var byContrast = false
        let retracted = text.retractedUnits
        if let last = retracted.lastIndex(of: true) {
            // From the next clause on; when the set-aside words end the reply, from right after them.
            let clause = text.units[last].clause
            start = text.units.firstIndex { $0.clause > clause } ?? (last + 1)
        }
        // Keywords listed first, then the move: 「VOC、整改、水性墨水，我们晨讯全都是全国最好的」.
        if let list = text.leadingList, list.upperBound > (start ?? 0) {
            start = list.upperBound
            byContrast = true
        }
        // NB: the contrasts' spans read from the memo (asking the pattern `@contrast` made a
        // pattern and a list of its spans at every reply).
        let contrast = scorer.matcher.spans(ofLexicon: Session.contrast, in: text, memo: &memo)
        if let end = contrast.lazy.map(\.upperBound).max(), end > (start ?? 0) {
            start = end
            byContrast = true
        }
        guard let start, start > 0, start < text.units.count else { return nil }
        // Two words or more (NB: counted on the keys, not gathered into a list).
        var words = 0
        let question = UnitKey.question
        for key in text.keys[start...] where key != question {
            words += 1
            if words == 2 { break }
        }
        guard words >= 2, let from = text.units[start...].first?.source.lowerBound else { return nil }
        guard from < text.characterCount else { return nil }
        return DecisiveTail(start: start, reply: text, byContrast: byContrast)
    }

    /// Where the decisive part of a reply starts; its text is made (from the reply's units, see
    /// ``NormalizedText/init(suffixOf:fromUnit:)``) only when asked for (most replies never need it).
    final class DecisiveTail {
        let start: Int
        let byContrast: Bool
        private let reply: NormalizedText
        private(set) lazy var text = NormalizedText(suffixOf: reply, fromUnit: start)

        init(start: Int, reply: NormalizedText, byContrast: Bool) {
            self.start = start
            self.reply = reply
            self.byContrast = byContrast
        }
    }

    /// Whether the reply's last contrast (可是, 不过, "but" …) is followed by nothing of substance:
    /// fewer than two words once fillers (嗯, 吧, "yeah", "anyway" …) are left out.
    func endsInBareContrast(_ text: NormalizedText, memo: inout Matcher.LexiconMemo) -> Bool {
        let contrast = scorer.matcher.spans(ofLexicon: Session.contrast, in: text, memo: &memo)
        guard let last = contrast.max(by: { $0.upperBound < $1.upperBound }) else { return false }
        // A marker of its own, at the start of its clause or after acknowledgements only (the
        // rulebook's @ack: 「是的是的可是」, "yes yes but"; not 不过 inside 说不过去).
        // NB: compared as unit keys (integers), not as strings: every reply with a contrast asks.
        let keys = text.keys
        guard Session.bareContrasts.contains(Array(keys[last])) else { return false }
        let clause = text.units[last.lowerBound].clause
        var before = keys[..<last.lowerBound].indices.filter { text.units[$0].clause == clause && !Session.fillers.contains(keys[$0]) }
        if !before.isEmpty {
            let nods = scorer.matcher.spans(ofLexicon: Session.acknowledgement, in: text, memo: &memo)
            before.removeAll { index in nods.contains { $0.contains(index) } }
            guard before.isEmpty else { return false }
        }
        var substance = 0
        for index in last.upperBound..<keys.count where keys[index] != UnitKey.question && !Session.fillers.contains(keys[index]) {
            substance += 1
            // Keywords strung after it (「可是 省钱 环保 质量好 售后好」) say no more than the marker
            // does: the scorer calls them a list (``NormalizedText/isKeywordList(fromUnit:)``) too.
            if substance >= 2 { return text.isKeywordList(fromUnit: last.upperBound) }
        }
        return true
    }

    /// The contrasts that are markers only: 可是, 但是, 不过, 但, "but", "however" (as the units they normalise to).
    static let bareContrasts: Set<[UnitKey]> = Set(["可是", "但是", "不过", "但", "可", "but", "however", "though"].map { NormalizedText($0).keys })

    /// Words that fill a reply without saying anything.
    static let fillers = UnitKeySet(words: ["嗯", "啊", "吧", "哈", "呢", "了", "的", "呀", "哦", "额", "呃", "嘛", "啦",
                                            "yeah", "yes", "yep", "anyway", "anyways", "well", "ok", "okay", "so", "um", "uh", "er", "hmm", "right", "like", "whatever"])

    /// The reply whose pattern matches best (covers the most units); the first one on a tie.
    func bestReply(at node: ScenarioNode, for text: NormalizedText, memo: inout Matcher.LexiconMemo) -> Int? {
        bestReplyAndSpans(at: node, for: text, memo: &memo)?.index
    }

    /// As above, with the units that made the pattern match.
    func bestReplyAndSpans(at node: ScenarioNode, for text: NormalizedText, memo: inout Matcher.LexiconMemo) -> (index: Int, spans: [Range<Int>])? {
        var best: (index: Int, coverage: Int, spans: [Range<Int>])?
        let programs = recognizer.programs(for: node)
        for index in node.replies.indices where index < programs.count {
            guard let program = programs[index], holds(node.replies[index].condition) else { continue }
            let result = scorer.matcher.match(program, in: text, memo: &memo)
            guard result.matched else { continue }
            // NB: words named only to be set aside (「样机试打就不用了」) are not said for the matcher.
            let coverage = result.coverage
            if best == nil || coverage > (best?.coverage ?? 0) { best = (index, coverage, result.spans) }
        }
        return best.map { ($0.index, $0.spans) }
    }

    /// Whether reply `index` of the current node may be taken now: its `if` holds in the visit's state.
    public func replyIsAvailable(_ index: Int) -> Bool {
        guard let node, node.replies.indices.contains(index) else { return false }
        return conditionHolds(node.replies[index])
    }

    private func conditionHolds(_ reply: Reply) -> Bool {
        holds(reply.condition)
    }

    /// Whether a reply's `if` holds (no `if` always does).
    private func holds(_ condition: Located<ScenarioKit.Expression>?) -> Bool {
        guard let condition else { return true }
        return condition.value.evaluate(in: state) == .bool(true)
    }

    private mutating func take(node: ScenarioNode, context: TurnContext, text: NormalizedText, replyIndex: Int?,
                               option: Int?, secondsTaken: Double?, memo: inout Matcher.LexiconMemo,
                               recognition: Recognition? = nil) -> [SessionEvent] {
        let before = events.count
        events.append(.reply(text.original, option: option))
        let reply = replyIndex.map { node.replies[$0] }
        if let recognition, recognition.by != .pattern || recognition.answeredEarly, recognition.by != .none || recognition.index != nil {
            events.append(.understood(recognition))
        }
        events.append(.recognised(index: replyIndex, option: reply?.option))
        // A rule switched off at the node (`rules: {off: […]}`) is not judged by the rulebook
        // here; what the author judges still counts.
        let verdicts = scorer.score(reply: text, context: context, judgments: reply?.judge ?? node.otherwise?.judge ?? [],
                                    customerLine: lastCustomerLine, memo: &memo)
            .filter { $0.source == .author || node.judges($0.rule) }
        events.append(.verdicts(verdicts))
        turns.append(Turn(node: node.id, phase: node.phase, customerLine: lastCustomerLine, reply: text.original,
                          recognisedIndex: replyIndex, recognisedOption: reply?.option, pickedOption: option,
                          verdicts: verdicts, secondsTaken: secondsTaken,
                          understoodBy: option != nil ? .pattern : (recognition?.by ?? (replyIndex == nil ? .none : .pattern)),
                          similarity: recognition?.similarity))
        let response = reply?.response ?? node.otherwise
        if let response {
            apply(response)
        }
        let next = response?.next?.value
        if let next, let ending = scenario.ending(next) {
            finish(ending)
        } else if let ending = scenario.endings.first(where: { $0.when?.value.evaluate(in: state) == .bool(true) }) {
            finish(ending)
        } else if turns.count >= Session.maximumTurns {
            finish(Ending(id: "time-up", location: scenario.location, outcome: .open))
        } else if let next, next != node.id || reply != nil {
            enter(next)
        }
        return Array(events[before...])
    }

    private mutating func apply(_ response: Response) {
        for effect in response.effects {
            let old = state[effect.variable] ?? .int(0)
            let new: StateValue
            switch effect.operation {
            case let .add(amount):
                if case let .int(value) = old { new = .int(value.saturatingAdding(amount)) } else { new = old }
            case let .assign(expression):
                new = expression.evaluate(in: state)
            }
            if new != old {
                state[effect.variable] = new
                events.append(.stateChanged(variable: effect.variable, from: old, to: new))
            }
        }
        if let narration = response.narration { events.append(.narration(render(narration))) }
        if let line = pick(response.customer).map(render) {
            lastCustomerLine = line
            events.append(.customer(line))
        }
    }

    private mutating func enter(_ id: String, quietly: Bool = false) {
        guard let node = scenario.node(id) else { return }
        currentNode = id
        path.append(id)
        events.append(.entered(node: id, phase: node.phase))
        // Answered early: the trainee already said what this node asks for.
        if quietly { return }
        if let narration = node.narration { events.append(.narration(render(narration))) }
        if let line = pick(node.customer).map(render) {
            lastCustomerLine = line
            events.append(.customer(line))
        }
    }

    private mutating func finish(_ ending: Ending) {
        self.ending = ending
        currentNode = nil
        events.append(.reachedEnding(ending.id))
        if let narration = ending.narration { events.append(.narration(render(narration))) }
        if let line = pick(ending.customer).map(render) { events.append(.customer(line)) }
        endingVerdicts = scorer.judge(ending.judge)
        if !endingVerdicts.isEmpty { events.append(.verdicts(endingVerdicts)) }
        events.append(.ended(ending: ending.id, outcome: ending.outcome))
    }

    /// `text` with its variables filled in: the trainee's and customer's names, state values.
    public func render(_ text: String) -> String {
        TextTemplate.render(text) { name in
            switch name {
            case "trainee": traineeName ?? (scenario.language == .en ? "Alex Chen" : "小李")
            case "customer": scenario.customer.name
            default: state[name]?.description
            }
        }
    }

    private mutating func pick(_ variants: [String]) -> String? {
        guard !variants.isEmpty else { return nil }
        return variants[random.next(below: variants.count)]
    }
}
