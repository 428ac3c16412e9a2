import Foundation
import ScenarioKit
import Scoring

/// One step of a visit as the store records it: the start, a turn, the end.
///
/// A step carries everything the store writes for it, timestamps included, so that a step kept
/// on the trainee's machine while the server was away is stored exactly as if it had been
/// delivered at once. Steps name their session by uuid, and applying one twice changes nothing
/// the second time: a step delivered again after a lost acknowledgement is not duplicated.
public enum RecordingStep: Sendable, Hashable, Codable {
    case began(SessionStart)
    case turn(TurnStep)
    case ended(SessionEnd)

    /// The uuid of the session the step belongs to.
    public var sessionUUID: String {
        switch self {
        case let .began(start): start.uuid
        case let .turn(step): step.sessionUUID
        case let .ended(end): end.sessionUUID
        }
    }

    /// Short description for messages: "start", "turn 3", "end".
    public var label: String {
        switch self {
        case .began: "the start"
        case let .turn(step): "turn \(step.turn.index + 1)"
        case .ended: "the end"
        }
    }
}

/// The start of a visit: who plays what, in which mode, with which seed, and where.
public struct SessionStart: Sendable, Hashable, Codable {
    public var uuid: String
    public var trainee: String
    public var scenarioID: String
    public var scenarioHash: String
    public var scenarioTitle: String
    public var scenarioLanguage: String
    public var scenarioPath: String?
    public var passMark: Int
    public var rulebookVersion: Int
    public var exam: Bool
    public var seed: UInt64
    public var startedAt: Date
    public var processID: Int32
    public var hostName: String

    public init(uuid: String, trainee: String, scenarioID: String, scenarioHash: String, scenarioTitle: String,
                scenarioLanguage: String, scenarioPath: String?, passMark: Int, rulebookVersion: Int, exam: Bool, seed: UInt64,
                startedAt: Date, processID: Int32, hostName: String) {
        self.uuid = uuid
        self.trainee = trainee
        self.scenarioID = scenarioID
        self.scenarioHash = scenarioHash
        self.scenarioTitle = scenarioTitle
        self.scenarioLanguage = scenarioLanguage
        self.scenarioPath = scenarioPath
        self.passMark = passMark
        self.rulebookVersion = rulebookVersion
        self.exam = exam
        self.seed = seed
        self.startedAt = startedAt
        self.processID = processID
        self.hostName = hostName
    }
}

/// The score of a visit so far, stored with every turn and at the end.
public struct ScoreState: Sendable, Hashable, Codable {
    public var guided: Bool
    public var hintsUsed: Int
    public var scorecard: Scorecard
    public var ruleResults: [RuleResultRecord]

    public init(guided: Bool, hintsUsed: Int, scorecard: Scorecard, ruleResults: [RuleResultRecord]) {
        self.guided = guided
        self.hintsUsed = hintsUsed
        self.scorecard = scorecard
        self.ruleResults = ruleResults
    }
}

/// One turn and the score after it.
public struct TurnStep: Sendable, Hashable, Codable {
    public var sessionUUID: String
    public var turn: TurnRecord
    public var score: ScoreState

    public init(sessionUUID: String, turn: TurnRecord, score: ScoreState) {
        self.sessionUUID = sessionUUID
        self.turn = turn
        self.score = score
    }
}

/// The end of a visit: finished at an ending, or abandoned.
public struct SessionEnd: Sendable, Hashable, Codable {
    public var sessionUUID: String
    public var status: SessionStatus
    public var endedAt: Date
    public var endingID: String?
    public var outcome: Outcome?
    public var score: ScoreState

    public init(sessionUUID: String, status: SessionStatus, endedAt: Date, endingID: String?, outcome: Outcome?, score: ScoreState) {
        self.sessionUUID = sessionUUID
        self.status = status
        self.endedAt = endedAt
        self.endingID = endingID
        self.outcome = outcome
        self.score = score
    }
}
