import Matching
import ScenarioKit
import Scoring

/// What one reply would do at the current node of a session, worked out without changing it:
/// which reply is taken and how, how close every other reply came, the customer's answer, the
/// state's changes, where the visit goes, and every verdict.
///
/// What `salessim try` prints, and what an editor shows for a phrasing: the same decision the
/// engine makes in a visit, because it is made by the same ``Session``.
///
/// ```swift
/// var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
/// _ = session.start(at: "price")
/// let trial = session.trial("是的，价格不低，可是一年省的墨水钱就回本了")
/// trial?.recognition.by        // .pattern
/// trial?.next                  // "close"
/// ```
public struct ReplyTrial: Sendable {
    /// One reply of the node and how close the text came to it.
    public struct Candidate: Sendable {
        /// 0-based index at the node (``number`` is what trainers count).
        public var index: Int
        public var number: Int { index + 1 }
        public var option: String?
        /// The reply's `match:` as written.
        public var pattern: String?
        public var patternMatched: Bool
        /// False when the reply's `if:` does not hold in the state tried.
        public var available: Bool
        /// Similarity to the reply's examples and option (nil when the node has none).
        public var similarity: Double?
        /// Why the pattern did not match, in the trainee's language (nil when it matched).
        public var nearMiss: String?
    }

    /// A state variable the reply changed.
    public struct Change: Sendable, Hashable {
        public var variable: String
        public var from: StateValue
        public var to: StateValue
    }

    public var node: String
    public var phase: Phase
    /// The customer's line the text answers.
    public var customerLine: String
    public var text: String
    public var recognition: Recognition
    public var candidates: [Candidate]
    /// What the customer answers (or asks back), in order.
    public var customerAnswer: [String]
    /// Narration that follows the reply (what happens next), in order.
    public var narration: [String]
    public var changes: [Change]
    /// The node the visit goes to, when it goes to one.
    public var next: String?
    /// The ending reached, when the reply ends the visit.
    public var ending: String?
    /// Every verdict of the turn: the author's judgments and the rulebook's (the node's `rules:
    /// off` applied). Phase-scoped rules are shown as judged on this turn alone.
    public var verdicts: [RuleVerdict]

    /// The reply taken, when one is.
    public var taken: Candidate? {
        guard recognition.by != .clarification && recognition.by != .none, recognition.node == node, let index = recognition.index else { return nil }
        return candidates.first { $0.index == index }
    }
}

extension Session {
    /// What `text` would do at the current node; nil when the session is not at a node.
    public func trial(_ text: String) -> ReplyTrial? {
        guard let node else { return nil }
        let normalized = NormalizedText(text)
        var memo = Matcher.LexiconMemo()
        let recognition = recognise(normalized, at: node, memo: &memo)
        let ranked = ranking(normalized, at: node, memo: &memo)
        let explainer = NearMiss(matcher: scorer.matcher, english: scenario.language == .en)
        let candidates = node.replies.enumerated().map { index, reply in
            let matched = reply.match.map { scorer.matcher.match($0.pattern, in: normalized, memo: &memo).matched } ?? false
            let available = reply.condition.map { $0.value.evaluate(in: state) == .bool(true) } ?? true
            return ReplyTrial.Candidate(
                index: index, option: reply.option, pattern: reply.match?.source, patternMatched: matched, available: available,
                similarity: ranked.index == nil ? nil : ranked.similarity(of: index),
                nearMiss: matched ? nil : reply.match.map { explainer.explain($0.pattern, in: normalized) })
        }
        var copy = self
        let customerLine = lastCustomerLine
        let events = copy.reply(text)
        var answer: [String] = []
        var narration: [String] = []
        var changes: [ReplyTrial.Change] = []
        var next: String?
        var ending: String?
        for event in events {
            switch event {
            case let .customer(line): answer.append(line)
            case let .narration(line): narration.append(line)
            case let .stateChanged(variable, from, to): changes.append(.init(variable: variable, from: from, to: to))
            case let .entered(id, _): next = id
            case let .reachedEnding(id): ending = id
            default: break
            }
        }
        let verdicts = copy.turns.count > turns.count ? copy.turns.last?.verdicts ?? [] : []
        return ReplyTrial(node: node.id, phase: node.phase, customerLine: customerLine, text: text, recognition: recognition,
                          candidates: candidates, customerAnswer: answer, narration: narration, changes: changes, next: ending == nil ? next : nil,
                          ending: ending, verdicts: verdicts + (copy.isFinished ? copy.endingVerdicts : []))
    }
}
