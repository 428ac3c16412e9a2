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
    private var random: SeededRandom

    /// A session ends as "open" after this many turns, so that no script can loop forever.
    public static let maximumTurns = 200

    public init(scenario: Scenario, rulebook: Rulebook, seed: UInt64) {
        self.scenario = scenario
        var lexicons: [String: [String]] = [:]
        for (name, phrases) in scenario.lexicons { lexicons[name] = phrases.value }
        scorer = Scorer(rulebook: rulebook, extraLexicons: LexiconTable(lexicons), language: scenario.language)
        self.seed = seed
        state = scenario.initialState
        random = SeededRandom(seed: seed)
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

    /// Records that the trainee asked for a hint; returns it (nil when the node has none).
    public mutating func useHint() -> String? {
        guard let hint = node?.hint else { return nil }
        hintsUsed += 1
        events.append(.hint(hint))
        return hint
    }

    /// The trainee typed `text`. Returns the events this turn produced.
    @discardableResult
    public mutating func reply(_ text: String, secondsTaken: Double? = nil) -> [SessionEvent] {
        guard let node, let context else { return [] }
        let normalized = NormalizedText(text)
        var memo = Matcher.LexiconMemo()
        let chosen = bestReply(at: node, for: normalized, memo: &memo)
        return take(node: node, context: context, text: normalized, replyIndex: chosen, option: nil, secondsTaken: secondsTaken, memo: &memo)
    }

    /// The trainee picked option `number` in guided mode. Nil when there is no such option.
    @discardableResult
    public mutating func choose(option number: Int, secondsTaken: Double? = nil) -> [SessionEvent]? {
        guard let node, let context, let option = options.first(where: { $0.number == number }) else { return nil }
        var memo = Matcher.LexiconMemo()
        return take(node: node, context: context, text: NormalizedText(option.text), replyIndex: option.index, option: number, secondsTaken: secondsTaken, memo: &memo)
    }

    /// The reply whose pattern matches best (covers the most units); the first one on a tie.
    func bestReply(at node: ScenarioNode, for text: NormalizedText, memo: inout Matcher.LexiconMemo) -> Int? {
        var best: (index: Int, coverage: Int)?
        for (index, reply) in node.replies.enumerated() {
            guard let match = reply.match, conditionHolds(reply) else { continue }
            let result = scorer.matcher.match(match.pattern, in: text, memo: &memo)
            guard result.matched else { continue }
            let coverage = result.coverage
            if best == nil || coverage > (best?.coverage ?? 0) { best = (index, coverage) }
        }
        return best?.index
    }

    private func conditionHolds(_ reply: Reply) -> Bool {
        guard let condition = reply.condition else { return true }
        return condition.value.evaluate(in: state) == .bool(true)
    }

    private mutating func take(node: ScenarioNode, context: TurnContext, text: NormalizedText, replyIndex: Int?,
                               option: Int?, secondsTaken: Double?, memo: inout Matcher.LexiconMemo) -> [SessionEvent] {
        let before = events.count
        events.append(.reply(text.original, option: option))
        let reply = replyIndex.map { node.replies[$0] }
        events.append(.recognised(index: replyIndex, option: reply?.option))
        let verdicts = scorer.score(reply: text, context: context, judgments: reply?.judge ?? node.otherwise?.judge ?? [], memo: &memo)
        events.append(.verdicts(verdicts))
        turns.append(Turn(node: node.id, phase: node.phase, customerLine: lastCustomerLine, reply: text.original,
                          recognisedIndex: replyIndex, recognisedOption: reply?.option, pickedOption: option,
                          verdicts: verdicts, secondsTaken: secondsTaken))
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
        if let narration = response.narration { events.append(.narration(narration)) }
        if let line = pick(response.customer) {
            lastCustomerLine = line
            events.append(.customer(line))
        }
    }

    private mutating func enter(_ id: String) {
        guard let node = scenario.node(id) else { return }
        currentNode = id
        path.append(id)
        events.append(.entered(node: id, phase: node.phase))
        if let narration = node.narration { events.append(.narration(narration)) }
        if let line = pick(node.customer) {
            lastCustomerLine = line
            events.append(.customer(line))
        }
    }

    private mutating func finish(_ ending: Ending) {
        self.ending = ending
        currentNode = nil
        events.append(.reachedEnding(ending.id))
        if let narration = ending.narration { events.append(.narration(narration)) }
        if let line = pick(ending.customer) { events.append(.customer(line)) }
        endingVerdicts = scorer.judge(ending.judge)
        if !endingVerdicts.isEmpty { events.append(.verdicts(endingVerdicts)) }
        events.append(.ended(ending: ending.id, outcome: ending.outcome))
    }

    private mutating func pick(_ variants: [String]) -> String? {
        guard !variants.isEmpty else { return nil }
        return variants[random.next(below: variants.count)]
    }
}
