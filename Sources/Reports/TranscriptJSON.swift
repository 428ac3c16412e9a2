import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

/// A stored session as JSON in the shape of `salessim play --json` (decodable as a
/// `TranscriptDocument`), plus a `session` object with the store's own facts.
public struct TranscriptJSON: Encodable, Sendable {
    struct ScenarioInfo: Encodable {
        var id: String
        var title: String
        var language: String
        var contentHash: String
    }

    struct Recognised: Encodable {
        var reply: Int
        var option: String?
    }

    struct TurnRecord: Encodable {
        var node: String
        var phase: String
        var customer: String
        var reply: String
        var recognised: Recognised?
        var option: Int?
        var verdicts: [RuleVerdict]
        var seconds: Double?
    }

    struct EndingInfo: Encodable {
        var id: String
        var outcome: Outcome
    }

    struct SessionInfo: Encodable {
        var id: Int64
        var uuid: String
        var startedAt: Date
        var endedAt: Date?
        /// running, finished, abandoned or interrupted.
        var status: String
        var hintsUsed: Int
        var scenarioPath: String?
    }

    /// The scorecard's fields, from the stored scorecard or rebuilt from the rule results.
    struct ScorecardInfo: Encodable {
        var rulebookVersion: Int
        var rules: [RuleTotal]
        var earned: Int
        var possible: Int
        var percent: Int
        var passMark: Int
        var passed: Bool
        var knockouts: [String]
        var outcome: Outcome?
        var hintsUsed: Int
        var feedback: [Scorecard.Feedback]
    }

    var scenario: ScenarioInfo
    var rulebook: Int
    var trainee: String
    var seed: UInt64
    var mode: String
    var guided: Bool
    var status: TranscriptDocument.Status
    var turns: [TurnRecord]
    var ending: EndingInfo?
    var scorecard: ScorecardInfo
    var session: SessionInfo

    public init(_ record: SessionRecord) {
        scenario = ScenarioInfo(id: record.scenarioID, title: record.scenarioTitle, language: record.scenarioLanguage, contentHash: record.scenarioHash)
        rulebook = record.rulebookVersion
        trainee = record.trainee
        seed = record.seed
        mode = record.mode
        guided = record.guided
        status = record.status.transcriptStatus
        turns = record.turns.map { turn in
            TurnRecord(node: turn.node, phase: turn.phase, customer: turn.customerLine, reply: turn.reply,
                       recognised: turn.recognisedReply.map { Recognised(reply: $0, option: turn.recognisedOption) },
                       option: turn.pickedOption, verdicts: turn.verdicts, seconds: turn.seconds)
        }
        if let id = record.endingID, let outcome = record.outcome { ending = EndingInfo(id: id, outcome: outcome) }
        if let card = record.scorecard {
            scorecard = ScorecardInfo(rulebookVersion: card.rulebookVersion, rules: card.rules.map(RuleTotal.init), earned: card.earned, possible: card.possible,
                                      percent: card.percent, passMark: card.passMark, passed: card.passed, knockouts: card.knockouts,
                                      outcome: card.outcome, hintsUsed: card.hintsUsed, feedback: card.feedback)
        } else {
            scorecard = ScorecardInfo(rulebookVersion: record.rulebookVersion, rules: RuleTotal.of(record.ruleResults), earned: record.earned,
                                      possible: record.possible, percent: record.percent, passMark: record.passMark, passed: record.passed,
                                      knockouts: record.knockouts, outcome: record.outcome, hintsUsed: record.hintsUsed, feedback: [])
        }
        session = SessionInfo(id: record.id, uuid: record.uuid, startedAt: record.startedAt, endedAt: record.endedAt,
                              status: record.status.rawValue, hintsUsed: record.hintsUsed, scenarioPath: record.scenarioPath)
    }

    /// Pretty JSON text, keys sorted, dates ISO 8601.
    public func text() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
