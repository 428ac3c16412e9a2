import Foundation
import ScenarioKit
import Scoring

/// A whole session as one JSON document: every turn with its verdicts, and the scorecard.
///
/// Printed by `salessim play --json` and `--transcript`, and by `salessim show --format json`
/// for a stored session (which adds ``session``, the store's own facts): one format, decodable
/// with `JSONDecoder` (dates ISO 8601) whatever wrote it.
public struct TranscriptDocument: Sendable, Codable, Hashable {
    public struct ScenarioInfo: Sendable, Codable, Hashable {
        public var id: String
        public var title: String
        public var language: String
        public var contentHash: String

        public init(id: String, title: String, language: String, contentHash: String) {
            self.id = id
            self.title = title
            self.language = language
            self.contentHash = contentHash
        }
    }

    public struct EndingInfo: Sendable, Codable, Hashable {
        public var id: String
        public var outcome: Outcome

        public init(id: String, outcome: Outcome) {
            self.id = id
            self.outcome = outcome
        }
    }

    /// What the store knows of a stored session beyond the visit itself.
    public struct StoredSession: Sendable, Codable, Hashable {
        /// The number `salessim show` takes.
        public var id: Int64
        public var uuid: String
        public var startedAt: Date
        public var endedAt: Date?
        /// running, finished, abandoned or interrupted.
        public var status: String
        public var hintsUsed: Int
        public var scenarioPath: String?

        public init(id: Int64, uuid: String, startedAt: Date, endedAt: Date?, status: String, hintsUsed: Int, scenarioPath: String?) {
            self.id = id
            self.uuid = uuid
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.status = status
            self.hintsUsed = hintsUsed
            self.scenarioPath = scenarioPath
        }
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
    public var turns: [Turn]
    public var ending: EndingInfo?
    public var scorecard: Scorecard
    /// The store's facts, for a session read back from the store; nil for a visit just played.
    public var session: StoredSession?
    /// The node a stretch of practice started at (`play --from`); nil for a whole visit.
    public var stretchFrom: String?

    public init(scenario: ScenarioInfo, rulebook: Int, trainee: String, seed: UInt64, mode: String, guided: Bool, status: Status,
                turns: [Turn], ending: EndingInfo?, scorecard: Scorecard, session: StoredSession? = nil, stretchFrom: String? = nil) {
        self.stretchFrom = stretchFrom
        self.scenario = scenario
        self.rulebook = rulebook
        self.trainee = trainee
        self.seed = seed
        self.mode = mode
        self.guided = guided
        self.status = status
        self.turns = turns
        self.ending = ending
        self.scorecard = scorecard
        self.session = session
    }

    public init(session: Session, trainee: String, exam: Bool, guided: Bool, status: Status) {
        let scenario = session.scenario
        self.scenario = ScenarioInfo(id: scenario.id, title: scenario.title, language: scenario.language.rawValue, contentHash: scenario.contentHash)
        rulebook = session.scorer.rulebook.version
        self.trainee = trainee
        seed = session.seed
        mode = exam ? "exam" : "practice"
        self.guided = guided
        self.status = status
        turns = session.turns
        ending = session.ending.map { EndingInfo(id: $0.id, outcome: $0.outcome) }
        scorecard = session.scorecard
        stretchFrom = session.stretchFrom
    }
}
