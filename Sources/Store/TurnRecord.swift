import Foundation
import ScenarioKit
import Scoring
import Simulation

/// One stored exchange: the engine's ``Turn`` as it was played, with its place in the session
/// and the time it was committed.
///
/// The turn itself is the record format (see ``Turn``); this adds only what the store knows.
/// Its properties read through to the turn (`record.reply`, `record.recognisedNumber`).
@dynamicMemberLookup
public struct TurnRecord: Sendable, Hashable {
    /// 0-based position in the session.
    public var index: Int
    public var turn: Turn
    public var recordedAt: Date

    public init(index: Int, turn: Turn, recordedAt: Date) {
        self.index = index
        self.turn = turn
        self.recordedAt = recordedAt
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Turn, Value>) -> Value {
        get { turn[keyPath: keyPath] }
        set { turn[keyPath: keyPath] = newValue }
    }
}

extension RuleResultRecord: RuleOutcome {}

extension TurnRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case index, turn, recordedAt
        // NB: the flat shape of steps queued in an outbox by earlier versions.
        case node, phase, customerLine, reply, recognisedReply, recognisedOption, pickedOption, seconds, verdicts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        recordedAt = try container.decode(Date.self, forKey: .recordedAt)
        if let turn = try container.decodeIfPresent(Turn.self, forKey: .turn) {
            self.turn = turn
            return
        }
        let recognised = try container.decodeIfPresent(Int.self, forKey: .recognisedReply)
        turn = Turn(node: try container.decode(String.self, forKey: .node), phase: try container.decode(Phase.self, forKey: .phase),
                    customerLine: try container.decode(String.self, forKey: .customerLine), reply: try container.decode(String.self, forKey: .reply),
                    recognisedIndex: recognised.map { $0 - 1 }, recognisedOption: try container.decodeIfPresent(String.self, forKey: .recognisedOption),
                    pickedOption: try container.decodeIfPresent(Int.self, forKey: .pickedOption),
                    verdicts: try container.decode([RuleVerdict].self, forKey: .verdicts),
                    secondsTaken: try container.decodeIfPresent(Double.self, forKey: .seconds),
                    understoodBy: recognised == nil ? .none : .pattern)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(turn, forKey: .turn)
        try container.encode(recordedAt, forKey: .recordedAt)
    }
}

extension TurnRecord {
    /// The columns of a `turns` row, in the order of ``values(sessionID:verdicts:)``.
    static let columns = ["session_id", "idx", "node", "phase", "customer_line", "reply", "recognised_reply", "recognised_option",
                          "picked_option", "seconds", "verdicts", "recorded_at", "understood_by", "similarity"]

    /// The row's values; `verdicts` is the verdicts' JSON when the caller has it already.
    func values(sessionID: Int64, verdicts: String? = nil) throws -> [SQLValue] {
        [.int(sessionID), SQLValue(index), .text(turn.node), .text(turn.phase.rawValue), .text(turn.customerLine), .text(turn.reply),
         SQLValue(turn.recognisedNumber), SQLValue(turn.recognisedOption), SQLValue(turn.pickedOption), SQLValue(turn.secondsTaken),
         .text(try verdicts ?? StoreJSON.encode(turn.verdicts)), .date(recordedAt), .text(turn.understoodBy.rawValue),
         SQLValue(turn.similarity)]
    }

    /// A stored row, read by typed accessors: a damaged value is a `StoreError` naming it.
    init(row: RowReader) throws {
        let recognised = try row.optionalInt("recognised_reply")
        if let recognised, recognised < 1 { throw row.damaged("recognised_reply", "a reply number from 1") }
        let similarity = try row.optionalFraction("similarity")
        turn = Turn(node: try row.text("node"), phase: try row.choice("phase"), customerLine: try row.text("customer_line"),
                    reply: try row.text("reply"), recognisedIndex: recognised.map { $0 - 1 },
                    recognisedOption: try row.optionalText("recognised_option"), pickedOption: try row.optionalInt("picked_option"),
                    verdicts: try row.json("verdicts"), secondsTaken: try row.optionalSeconds("seconds"),
                    understoodBy: try row.choice("understood_by"), similarity: similarity)
        index = try row.int("idx")
        recordedAt = try row.date("recorded_at")
    }
}
