import Foundation
import Matching
import ScenarioKit

/// How a typed reply was understood at a node.
public enum Understanding: String, Sendable, Hashable, Codable, CaseIterable {
    /// A reply's `match:` pattern matched.
    case pattern
    /// No pattern matched; the reply's examples were clearly the most similar.
    case similarity
    /// The trainee confirmed the reply the customer asked back about.
    case confirmation
    /// The reply was close to one of the node's replies but not clearly it: the customer asked back.
    case clarification
    /// Nothing was understood: `otherwise` answered.
    case none
}

/// Which reply a text is taken as at a node, how, and what came close.
///
/// Produced by ``Session/recognise(_:)`` without changing the session, so a trainer's tool, the
/// calibration and the engine all see the same decision.
public struct Recognition: Sendable, Hashable {
    /// The node whose reply was taken (a node listed in `ahead:` when the trainee answered early).
    public var node: String
    /// The 0-based index of the reply taken at ``node``; for a clarification, the reply asked about.
    public var index: Int?
    public var by: Understanding
    /// The similarity of the best candidate (when similarity was consulted).
    public var similarity: Double?
    /// The runner-up reply at the node and its similarity (when similarity was consulted).
    public var runnerUp: Int?
    public var runnerUpSimilarity: Double?
    /// True when the reply was taken at a node listed in `ahead:` (the trainee answered early).
    public var answeredEarly = false
    /// Words of the closest phrasing that the text lacked (for explaining a near miss).
    public var missingWords: [String] = []

    public init(node: String, index: Int?, by: Understanding, similarity: Double? = nil, runnerUp: Int? = nil,
                runnerUpSimilarity: Double? = nil, answeredEarly: Bool = false, missingWords: [String] = []) {
        self.node = node
        self.index = index
        self.by = by
        self.similarity = similarity
        self.runnerUp = runnerUp
        self.runnerUpSimilarity = runnerUpSimilarity
        self.answeredEarly = answeredEarly
        self.missingWords = missingWords
    }

    /// Whether a reply was taken (not a clarification, not `otherwise`).
    public var isTaken: Bool { index != nil && by != .clarification && by != .none }
}

/// The similarity indexes of one scenario's nodes: built once, shared by every session on it.
public struct ReplyRecognizer: Sendable {
    /// Similarity above this, and clearly ahead of the runner-up, takes the reply.
    public static let acceptThreshold = 0.42
    /// How far ahead of the runner-up (another reply) the best must be.
    public static let margin = 0.07
    /// Between this and the acceptance, the customer asks back what the trainee meant.
    public static let clarifyThreshold = 0.28

    /// A reply taken by its pattern gives way to another whose examples are this similar ...
    public static let overrideThreshold = 0.5
    /// ... and this much more similar than the pattern's reply.
    public static let overrideMargin = 0.2
    /// A reply with a real negation this far from the pattern's reply denies it (see `Session`).
    public static let denialThreshold = 0.2

    /// A reply taken by a pattern, but less similar than this to the pattern's reply's examples ...
    public static let elsewhereOwnCeiling = 0.3
    /// ... and at least this similar to a reply of another node, and this much more, is that
    /// node's answer given at the wrong step: the pattern does not decide.
    public static let elsewhereThreshold = 0.5
    public static let elsewhereMargin = 0.25

    /// Each node's index, built the first time the node needs it (a visit touches few nodes, and
    /// start-up should not pay for the others); shared by every session on the scenario.
    let cache: IndexCache
    let enabled: Bool

    /// Indexes for every node with examples or options; `similarity: false` gives a recognizer
    /// that only knows patterns (to measure what examples add).
    public init(scenario: Scenario, matcher: Matcher, similarity: Bool = true) {
        cache = IndexCache(scenario: scenario, matcher: matcher)
        enabled = similarity
    }

    /// The node's index, nil when no reply there has an option or examples.
    public func index(for node: String) -> SimilarityIndex? {
        enabled ? cache.index(for: node) : nil
    }

    /// Each reply's `match` at the node, compiled (nil for a reply without one).
    public func programs(for node: ScenarioNode) -> [PatternProgram?] {
        cache.programs(for: node)
    }
}

/// The lazily built indexes of one scenario, behind a lock so sessions on several threads may share them.
final class IndexCache: @unchecked Sendable {
    private let scenario: Scenario
    private let matcher: Matcher
    private let lock = NSLock()
    private var built: [String: SimilarityIndex?] = [:]
    /// Each node's reply patterns as programs, compiled the first time the node is answered (NB:
    /// not when the scenario is loaded: linting a library never matches a reply).
    private var compiled: [String: [PatternProgram?]] = [:]

    init(scenario: Scenario, matcher: Matcher) {
        self.scenario = scenario
        self.matcher = matcher
    }

    func index(for id: String) -> SimilarityIndex? {
        lock.lock()
        defer { lock.unlock() }
        if let index = built[id] { return index }
        var index: SimilarityIndex?
        if let node = scenario.node(id) {
            let candidates = node.replies.map { reply in (reply.option.map { [$0] } ?? []) + reply.examples.map(\.value) }
            if candidates.contains(where: { !$0.isEmpty }) { index = SimilarityIndex(candidates: candidates, matcher: matcher) }
        }
        built[id] = index
        return index
    }

    func programs(for node: ScenarioNode) -> [PatternProgram?] {
        lock.lock()
        defer { lock.unlock() }
        if let programs = compiled[node.id] { return programs }
        let programs = node.replies.map { $0.match.map { PatternProgram($0.pattern) } }
        compiled[node.id] = programs
        return programs
    }
}

/// Short replies that confirm what the customer asked back ("对", "是的", "yes").
enum Confirmation {
    static let phrases: Set<String> = [
        "对", "对的", "是", "是的", "是啊", "没错", "对对", "对对对", "嗯", "嗯嗯", "嗯对", "对啊", "对呀", "是呀", "没错没错", "就是", "就是这个意思", "是这个意思", "对就是这个意思", "系", "系呀", "係", "啱",
        "yes", "yeah", "yep", "right", "exactly", "correct", "that's right", "thats right", "yes exactly", "yes that's right", "indeed", "sure",
    ]

    /// Bare acknowledgements besides the confirmations: 「好的」「行」「OK」 say that the trainee
    /// heard, not which move they make.
    static let acknowledgements: Set<String> = [
        "好", "好的", "好啊", "好吧", "好嘞", "好好", "好好好", "行", "行的", "行吧", "可以", "嗯好", "好的好的", "知道了", "明白", "明白了", "收到", "了解",
        "ok", "okay", "ok的", "alright", "all right", "got it", "fine", "noted", "sure sure", "ok sure", "okay sure",
    ]

    /// Whether the reply is only a confirmation or an acknowledgement: too little to be taken for
    /// one of a node's replies by resemblance (a pattern may still take it, or a pending question).
    static func isBareAcknowledgement(_ text: NormalizedText) -> Bool {
        let joined = text.units.filter { !$0.isQuestion }.map(\.text)
        guard !joined.isEmpty, joined.count <= 8 else { return false }
        return isConfirmation(text) || acknowledgements.contains(joined.joined()) || acknowledgements.contains(joined.joined(separator: " "))
    }

    static func isConfirmation(_ text: NormalizedText) -> Bool {
        let joined = text.units.filter { !$0.isQuestion }.map(\.text)
        guard !joined.isEmpty, joined.count <= 8 else { return false }
        let chinese = joined.joined()
        let english = joined.joined(separator: " ")
        return phrases.contains(chinese) || phrases.contains(english)
    }
}
