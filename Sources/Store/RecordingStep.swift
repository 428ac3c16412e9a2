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
    /// The node a stretch of practice started at (`play --from`); nil for a whole visit.
    public var startNode: String?
    /// The replies came from a script (`--input`, piped), not a person at a terminal.
    public var scripted: Bool?

    public init(uuid: String, trainee: String, scenarioID: String, scenarioHash: String, scenarioTitle: String,
                scenarioLanguage: String, scenarioPath: String?, passMark: Int, rulebookVersion: Int, exam: Bool, seed: UInt64,
                startedAt: Date, processID: Int32, hostName: String, startNode: String? = nil, scripted: Bool = false) {
        self.startNode = startNode
        self.scripted = scripted
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
    /// The session's rule results: all of them, or with ``tail`` only those from a turn on.
    public var ruleResults: [RuleResultRecord]
    /// When set, `ruleResults` replaces only the stored results of turns from `tail.turn` on
    /// (and the ending's): a turn writes what it changed, not the whole visit again. Absent in
    /// steps kept by older versions: then they replace all.
    public var tail: Tail?

    /// Where a partial list of rule results starts.
    public struct Tail: Sendable, Hashable, Codable {
        /// The first turn whose results are replaced; nil for the ending's results alone.
        public var turn: Int?

        public init(turn: Int?) { self.turn = turn }

        /// No result changed: none is replaced.
        public static let nothing = Tail(turn: Int.max)
    }

    public init(guided: Bool, hintsUsed: Int, scorecard: Scorecard, ruleResults: [RuleResultRecord], tail: Tail? = nil) {
        self.guided = guided
        self.hintsUsed = hintsUsed
        self.scorecard = scorecard
        self.ruleResults = ruleResults
        self.tail = tail
    }

    /// The results that changed from `before` to `after` (both in the order of
    /// ``RuleResultRecord/results(of:rulebook:)``: by turn, the ending's last), as a tail to
    /// replace; nil when nothing changed.
    public static func changes(from before: [RuleResultRecord], to after: [RuleResultRecord]) -> (Tail, [RuleResultRecord])? {
        var position = 0
        while position < before.count, position < after.count, before[position] == after[position] { position += 1 }
        guard position < before.count || position < after.count else { return nil }
        // NB: nil (the ending) sorts last.
        func key(_ turn: Int?) -> Int { turn ?? Int.max }
        let first = min(key(position < before.count ? before[position].turnIndex : nil),
                        key(position < after.count ? after[position].turnIndex : nil))
        let turn: Int? = first == Int.max ? nil : first
        return (Tail(turn: turn), after.filter { key($0.turnIndex) >= first })
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
