import Foundation
import ScenarioKit
import Scoring

/// One stored session: who played what, how it went, and (when loaded) every turn and per-rule
/// result.
///
/// The same shape is read back by ``Store/session(id:)`` and written in bulk by
/// ``Store/importSessions(_:)`` (imports, fixtures, the benchmark).
public struct SessionRecord: Sendable, Hashable {
    /// The row id; 0 for a record not stored yet. This is the number `salessim show` takes.
    public var id: Int64
    /// A unique id that stays the same wherever the record goes (xAPI statement ids use it).
    public var uuid: String
    public var trainee: String
    public var scenarioID: String
    /// The scenario file's content hash when the visit was played.
    public var scenarioHash: String
    public var scenarioTitle: String
    public var scenarioLanguage: String
    public var scenarioPath: String?
    public var passMark: Int
    public var rulebookVersion: Int
    public var exam: Bool
    public var guided: Bool
    public var seed: UInt64
    public var startedAt: Date
    public var endedAt: Date?
    public var status: SessionStatus
    public var endingID: String?
    public var outcome: Outcome?
    public var earned: Int
    public var possible: Int
    public var percent: Int
    public var passed: Bool
    public var hintsUsed: Int
    public var knockouts: [String]
    /// The node a stretch of practice started at (`play --from`); nil for a whole visit.
    public var startNode: String?
    /// The replies came from a script (`play --input`, piped input), not a person at a terminal.
    public var scripted: Bool
    /// The whole scorecard as it was shown (absent for imported records that did not give one).
    public var scorecard: Scorecard?
    /// The turns in order; empty unless loaded.
    public var turns: [TurnRecord]
    /// The per-rule results the score was made of; empty unless loaded.
    public var ruleResults: [RuleResultRecord]

    public init(id: Int64 = 0, uuid: String, trainee: String, scenarioID: String, scenarioHash: String, scenarioTitle: String,
                scenarioLanguage: String, scenarioPath: String? = nil, passMark: Int, rulebookVersion: Int, exam: Bool,
                guided: Bool = false, seed: UInt64, startedAt: Date, endedAt: Date? = nil, status: SessionStatus,
                endingID: String? = nil, outcome: Outcome? = nil, earned: Int = 0, possible: Int = 0, percent: Int = 0,
                passed: Bool = false, hintsUsed: Int = 0, knockouts: [String] = [], startNode: String? = nil, scripted: Bool = false, scorecard: Scorecard? = nil,
                turns: [TurnRecord] = [], ruleResults: [RuleResultRecord] = []) {
        self.id = id
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
        self.guided = guided
        self.seed = seed
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.endingID = endingID
        self.outcome = outcome
        self.earned = earned
        self.possible = possible
        self.percent = percent
        self.passed = passed
        self.hintsUsed = hintsUsed
        self.knockouts = knockouts
        self.startNode = startNode
        self.scripted = scripted
        self.scorecard = scorecard
        self.turns = turns
        self.ruleResults = ruleResults
    }

    /// "exam" or "practice", as stored.
    public var mode: String { exam ? "exam" : "practice" }

    /// Seconds from start to end, when the session ended.
    public var duration: TimeInterval? { endedAt.map { $0.timeIntervalSince(startedAt) } }
}
