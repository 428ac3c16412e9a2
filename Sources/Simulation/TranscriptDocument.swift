import ScenarioKit
import Scoring

/// A whole session as one JSON document: every turn with its verdicts, and the scorecard.
///
/// Printed by `salessim play --json`; the same shape is what reports and exports read.
public struct TranscriptDocument: Sendable, Codable, Hashable {
    public struct ScenarioInfo: Sendable, Codable, Hashable {
        public var id: String
        public var title: String
        public var language: String
        public var contentHash: String
    }

    public struct Recognised: Sendable, Codable, Hashable {
        /// 1-based number of the reply at the node.
        public var reply: Int
        public var option: String?
    }

    public struct TurnRecord: Sendable, Codable, Hashable {
        public var node: String
        public var phase: String
        public var customer: String
        public var reply: String
        public var recognised: Recognised?
        /// The guided option number picked, when the trainee picked one.
        public var option: Int?
        public var verdicts: [RuleVerdict]
        public var seconds: Double?
    }

    public struct EndingInfo: Sendable, Codable, Hashable {
        public var id: String
        public var outcome: Outcome
    }

    /// How the session stopped.
    public enum Status: String, Sendable, Codable, Hashable {
        case finished, abandoned
        /// Still running (shown for sessions cut off by a crash or `kill -9`).
        case interrupted
    }

    public var scenario: ScenarioInfo
    public var rulebook: Int
    public var trainee: String
    public var seed: UInt64
    public var mode: String
    public var guided: Bool
    public var status: Status
    public var turns: [TurnRecord]
    public var ending: EndingInfo?
    public var scorecard: Scorecard

    public init(session: Session, trainee: String, exam: Bool, guided: Bool, status: Status) {
        let scenario = session.scenario
        self.scenario = ScenarioInfo(id: scenario.id, title: scenario.title, language: scenario.language.rawValue, contentHash: scenario.contentHash)
        rulebook = session.scorer.rulebook.version
        self.trainee = trainee
        seed = session.seed
        mode = exam ? "exam" : "practice"
        self.guided = guided
        self.status = status
        turns = session.turns.map { turn in
            TurnRecord(node: turn.node, phase: turn.phase.rawValue, customer: turn.customerLine, reply: turn.reply,
                       recognised: turn.recognisedIndex.map { Recognised(reply: $0 + 1, option: turn.recognisedOption) },
                       option: turn.pickedOption, verdicts: turn.verdicts, seconds: turn.secondsTaken)
        }
        ending = session.ending.map { EndingInfo(id: $0.id, outcome: $0.outcome) }
        scorecard = session.scorecard
    }
}
