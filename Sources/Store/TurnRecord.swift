import Foundation
import Scoring

/// One stored exchange: the customer's line, the trainee's reply and how it was judged.
public struct TurnRecord: Sendable, Hashable, Codable {
    /// 0-based position in the session.
    public var index: Int
    public var node: String
    public var phase: String
    public var customerLine: String
    public var reply: String
    /// 1-based number of the recognised reply at the node; nil when `otherwise` answered.
    public var recognisedReply: Int?
    public var recognisedOption: String?
    /// The guided option number the trainee picked, when they picked one.
    public var pickedOption: Int?
    /// Seconds the trainee took to reply.
    public var seconds: Double?
    /// The verdicts shown to the trainee for this reply.
    public var verdicts: [RuleVerdict]
    public var recordedAt: Date

    public init(index: Int, node: String, phase: String, customerLine: String, reply: String, recognisedReply: Int? = nil,
                recognisedOption: String? = nil, pickedOption: Int? = nil, seconds: Double? = nil, verdicts: [RuleVerdict] = [],
                recordedAt: Date) {
        self.index = index
        self.node = node
        self.phase = phase
        self.customerLine = customerLine
        self.reply = reply
        self.recognisedReply = recognisedReply
        self.recognisedOption = recognisedOption
        self.pickedOption = pickedOption
        self.seconds = seconds
        self.verdicts = verdicts
        self.recordedAt = recordedAt
    }
}
