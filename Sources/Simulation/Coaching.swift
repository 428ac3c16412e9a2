import Matching
import ScenarioKit
import Scoring

/// What to say instead: for every rule a visit lost points on, the turn, the trainee's words,
/// the model answer at that node (a reply of the scenario that meets the rule there), and the
/// manual's words (the rulebook's feedback for that verdict).
///
/// Shown at the end of a visit and by `salessim show`; pure, from the turns, the scenario and
/// the rulebook.
public struct Coaching: Sendable {
    /// One rule lost at one turn.
    public struct Item: Sendable, Hashable, Codable {
        public var rule: String
        public var title: String
        public var verdict: Verdict
        /// Points lost (possible − earned).
        public var lost: Int
        /// 1-based number of the turn it was lost at.
        public var turn: Int
        public var node: String
        /// What the trainee said at that turn.
        public var said: String
        /// A reply of the scenario that meets the rule at that node (or at a node of the same
        /// stretch of the phase), when there is one.
        public var modelAnswer: String?
        public var manual: String
        /// The rulebook's feedback for the verdict, which quotes the manual.
        public var words: String
    }

    /// Every rule lost in `turns` (the ending's judgments excluded), the heaviest first:
    /// knockouts, then violations, then misses, then by points lost.
    public static func items(turns: [Turn], scenario: Scenario, rulebook: Rulebook, scorer: Scorer? = nil) -> [Item] {
        let scorer = scorer ?? Session.scorer(for: scenario, rulebook: rulebook)
        let aggregated = ScoredTurn.aggregate(turns.map { ScoredTurn(phase: $0.phase, verdicts: $0.verdicts) }, rulebook: rulebook)
        let language: ScenarioLanguage = scenario.language
        var items: [Item] = []
        for (index, verdicts) in aggregated.enumerated() where index < turns.count {
            var start = index
            while start > 0, turns[start - 1].phase == turns[index].phase { start -= 1 }
            for verdict in verdicts where (verdict.verdict == .missed || verdict.verdict == .violated) && verdict.possible > verdict.earned {
                // The turn it was lost at: the one that violated it, else the stretch's last.
                let at = verdict.verdict == .violated
                    ? (start...index).first { turns[$0].verdicts.contains { $0.rule == verdict.rule && $0.verdict == .violated } } ?? index
                    : index
                let nodes = (start...index).reversed().compactMap { scenario.node(turns[$0].node) }
                let model = nodes.lazy.compactMap { modelAnswer(for: verdict.rule, at: $0, scenario: scenario, scorer: scorer) }.first
                let rule = rulebook.rule(verdict.rule)
                items.append(Item(rule: verdict.rule, title: rule?.title.text(for: language) ?? verdict.rule, verdict: verdict.verdict,
                                  lost: verdict.possible - verdict.earned, turn: at + 1, node: turns[at].node, said: turns[at].reply,
                                  modelAnswer: model, manual: verdict.manual,
                                  words: verdict.reason.isEmpty ? (rule?.feedback[verdict.verdict]?.text(for: language) ?? "") : verdict.reason))
            }
        }
        let knockouts = Set(rulebook.rules.filter(\.knockout).map(\.id))
        return items.enumerated().sorted { a, b in
            let ka = (knockouts.contains(a.element.rule) && a.element.verdict == .violated ? 0 : 1, a.element.verdict == .violated ? 0 : 1, -a.element.lost, a.offset)
            let kb = (knockouts.contains(b.element.rule) && b.element.verdict == .violated ? 0 : 1, b.element.verdict == .violated ? 0 : 1, -b.element.lost, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// The coaching of a session as played.
    public static func items(for session: Session) -> [Item] {
        items(turns: session.turns, scenario: session.scenario, rulebook: session.scorer.rulebook, scorer: session.scorer)
    }

    /// A reply at `node` that meets `rule`: one the author judged so, else one whose words the
    /// rulebook's detector finds meet it there.
    static func modelAnswer(for rule: String, at node: ScenarioNode, scenario: Scenario, scorer: Scorer) -> String? {
        for reply in node.replies where reply.judge.contains(where: { $0.rule == rule && $0.verdict == .met }) {
            if let words = reply.option ?? reply.examples.first?.value { return words }
        }
        let context = TurnContext(phase: node.phase, temperament: scenario.customer.temperament,
                                  role: node.role ?? scenario.customer.role, kind: scenario.customer.kind)
        for reply in node.replies where !reply.judge.contains(where: { $0.rule == rule && $0.verdict != .met }) {
            guard let words = reply.option ?? reply.examples.first?.value else { continue }
            let verdicts = scorer.score(reply: words, context: context, judgments: reply.judge)
            if verdicts.contains(where: { $0.rule == rule && $0.verdict == .met }) { return words }
        }
        return nil
    }
}
