import Matching
import ScenarioKit
import Scoring

/// Short single-turn exercises on chosen rules of the manual: a customer line from the library at
/// a node where the rule applies, one answer, the verdict at once with the model answer and the
/// manual's words.
///
/// Pure: the items come from the scenarios and the rulebook, the verdict from the same engine a
/// visit uses (``Session/trial(_:)`` at that node).
public struct Drill: Sendable {
    /// One exercise.
    public struct Item: Sendable {
        public var rule: String
        public var title: String
        public var scenario: Scenario
        public var rulebook: Rulebook
        /// The scenario's scorer, built once for all its places.
        public var scorer: Scorer
        public var node: String
        public var customerLine: String
        public var speaker: String
        public var temperament: Temperament
        public var role: Role
        /// A reply of the scenario that meets the rule there.
        public var modelAnswer: String
    }

    /// The verdict on one answer.
    public struct Result: Sendable {
        public var item: Item
        public var answer: String
        /// The rule's verdict on the answer (missed when the answer did not touch it).
        public var verdict: Verdict
        public var earned: Int
        public var possible: Int
        /// The rulebook's feedback for that verdict (the manual's words).
        public var words: String
        public var nearMiss: String?

        public var isRight: Bool { verdict == .met }
    }

    /// Every place in `library` where `rule` applies and a model answer meets it, in a stable
    /// order that takes turns between scenarios (each scenario's first place, then each one's
    /// second, …), so that consecutive items come from different visits.
    public static func places(for rule: String, in library: [(Scenario, Rulebook)]) -> [Item] {
        var items: [Item] = []
        for (scenario, rulebook) in library.sorted(by: { $0.0.id < $1.0.id }) {
            guard let definition = rulebook.rule(rule) else { continue }
            let scorer = Session.scorer(for: scenario, rulebook: rulebook)
            for node in scenario.nodes where node.judges(rule) {
                let role = node.role ?? scenario.customer.role
                let context = TurnContext(phase: node.phase, temperament: scenario.customer.temperament, role: role, kind: scenario.customer.kind)
                let judged = node.replies.contains { $0.judge.contains { $0.rule == rule } }
                guard definition.applies.includes(context) || judged, let line = node.customer.first,
                      let model = Coaching.modelAnswer(for: rule, at: node, scenario: scenario, scorer: scorer) else { continue }
                var session = Session(scenario: scenario, scorer: scorer, recognizer: nil, seed: 1)
                guard session.start(at: node.id) != nil else { continue }
                items.append(Item(rule: rule, title: definition.title.text(for: scenario.language), scenario: scenario, rulebook: rulebook, scorer: scorer,
                                  node: node.id, customerLine: session.render(line),
                                  speaker: node.speaker ?? scenario.customer.name, temperament: scenario.customer.temperament,
                                  role: role, modelAnswer: model))
            }
        }
        // Round robin over the scenarios, each in node order.
        var byScenario: [String: [Item]] = [:]
        var order: [String] = []
        for item in items {
            if byScenario[item.scenario.id] == nil { order.append(item.scenario.id) }
            byScenario[item.scenario.id, default: []].append(item)
        }
        var spread: [Item] = []
        var round = 0
        while spread.count < items.count {
            for id in order where round < (byScenario[id]?.count ?? 0) {
                if let item = byScenario[id]?[round] { spread.append(item) }
            }
            round += 1
        }
        return spread
    }

    /// `count` items over `rules`, taking turns between the rules; `round` (how often the
    /// trainee has drilled) picks other places each time.
    public static func items(rules: [String], in library: [(Scenario, Rulebook)], count: Int, round: Int = 0, language: ScenarioLanguage? = nil) -> [Item] {
        let pools = rules.map { rule in places(for: rule, in: library).filter { language == nil || $0.scenario.language == language } }
        var items: [Item] = []
        var step = 0
        while items.count < count, pools.contains(where: { !$0.isEmpty }), step < count * max(1, rules.count) {
            let pool = pools[step % pools.count]
            if !pool.isEmpty {
                let pick = pool[(round + step / pools.count) % pool.count]
                if !items.contains(where: { $0.rule == pick.rule && $0.scenario.id == pick.scenario.id && $0.node == pick.node }) { items.append(pick) }
            }
            step += 1
        }
        return items
    }

    /// Judges `answer` to `item` as a visit would at that node.
    public static func judge(_ answer: String, for item: Item) -> Result {
        var session = Session(scenario: item.scenario, scorer: item.scorer, recognizer: nil, seed: 1)
        _ = session.start(at: item.node)
        let verdicts = session.trial(answer)?.verdicts ?? []
        let rule = item.rulebook.rule(item.rule)
        let found = verdicts.first { $0.rule == item.rule }
        let verdict = found?.verdict ?? .missed
        let possible = found?.possible ?? rule?.weight ?? 0
        return Result(item: item, answer: answer, verdict: verdict == .notApplicable ? .missed : verdict, earned: found?.earned ?? 0,
                      possible: possible,
                      words: found.map { $0.reason.isEmpty ? (rule?.feedback[$0.verdict]?.text(for: item.scenario.language) ?? "") : $0.reason }
                        ?? rule?.feedback[.missed]?.text(for: item.scenario.language) ?? "",
                      nearMiss: found?.nearMiss)
    }
}

/// Leitner boxes: when to drill a rule again.
///
/// Chosen over FSRS because it needs no fitted parameters (a new hire has a handful of answers per
/// rule, too few to fit a memory model), is deterministic, and a trainee can see why a rule is due:
/// a right answer moves the rule up a box (1, 2, 4, 8, then 16 days until the next drill), a
/// wrong one back to box 1 (again tomorrow).
public enum Leitner {
    /// Days until the next drill, by box (1-based).
    public static let intervals = [1, 2, 4, 8, 16]

    /// The box after an answer.
    public static func box(after right: Bool, from box: Int) -> Int {
        right ? min(intervals.count, max(1, box) + 1) : 1
    }

    /// Seconds until the next drill for `box`.
    public static func interval(box: Int) -> Double {
        Double(intervals[max(1, min(intervals.count, box)) - 1]) * 86_400
    }
}
