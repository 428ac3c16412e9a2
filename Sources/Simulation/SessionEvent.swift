import ScenarioKit
import Scoring

/// Something that happened in a session, in order; the full log is kept in ``Session/events``.
public enum SessionEvent: Sendable, Hashable {
    /// The session entered a node.
    case entered(node: String, phase: Phase)
    case narration(String)
    /// The customer speaks.
    case customer(String)
    /// The trainee replied (or picked an option, with its number).
    case reply(String, option: Int?)
    /// The reply was recognised as the node's reply at `index` (0-based), or not at all.
    case recognised(index: Int?, option: String?)
    /// How the reply was understood, when not simply by a pattern at the node: by similarity,
    /// by a confirmation, answered one step early, or close enough that the customer asked back.
    case understood(Recognition)
    case stateChanged(variable: String, from: StateValue, to: StateValue)
    case verdicts([RuleVerdict])
    case hint(String)
    /// The visit reached an ending; its narration and customer line follow, then `.ended`.
    case reachedEnding(String)
    case ended(ending: String, outcome: Outcome)
}

/// One exchange: what the customer said, what the trainee replied, and how it was judged.
///
/// This is the record of a turn everywhere: the session keeps it, the store writes and reads it
/// (with its position and time, see `Store.TurnRecord`), `play --json`, transcripts, `show`,
/// rescoring and reports use it. Its JSON shape is the transcript's:
///
/// ```json
/// {"node": "arrive", "phase": "opening", "customer": "说吧。", "reply": "您好……",
///  "recognised": {"reply": 1, "option": "…"}, "option": null, "verdicts": […],
///  "seconds": 12.5, "understoodBy": "pattern", "similarity": null}
/// ```
public struct Turn: Sendable, Hashable, Codable {
    public var node: String
    public var phase: Phase
    /// The customer line the trainee answered.
    public var customerLine: String
    public var reply: String
    /// Index of the recognised reply at the node; nil when `otherwise` answered.
    public var recognisedIndex: Int?
    /// The option text of the recognised reply, if it has one.
    public var recognisedOption: String?
    /// Whether the trainee picked a numbered option instead of typing.
    public var pickedOption: Int?
    public var verdicts: [RuleVerdict]
    /// Seconds the trainee took, as measured by the caller (the engine has no clock).
    public var secondsTaken: Double?
    /// How the reply was understood (a picked option counts as a pattern).
    public var understoodBy: Understanding = .pattern
    /// The similarity that decided, when similarity was consulted.
    public var similarity: Double?

    public init(node: String, phase: Phase, customerLine: String, reply: String, recognisedIndex: Int?, recognisedOption: String?,
                pickedOption: Int?, verdicts: [RuleVerdict], secondsTaken: Double?, understoodBy: Understanding = .pattern, similarity: Double? = nil) {
        self.node = node
        self.phase = phase
        self.customerLine = customerLine
        self.reply = reply
        self.recognisedIndex = recognisedIndex
        self.recognisedOption = recognisedOption
        self.pickedOption = pickedOption
        self.verdicts = verdicts
        self.secondsTaken = secondsTaken
        self.understoodBy = understoodBy
        self.similarity = similarity
    }

    /// The 1-based number of the recognised reply, as trainers and every record count them.
    ///
    /// The one place where the engine's 0-based index becomes the number people see.
    public var recognisedNumber: Int? {
        get { recognisedIndex.map { $0 + 1 } }
        set { recognisedIndex = newValue.map { $0 - 1 } }
    }

    /// Whether `otherwise` answered: nothing at the node was understood.
    public var notUnderstood: Bool { recognisedIndex == nil }

    /// The recognised reply in a record: its 1-based number and option text.
    struct Recognised: Codable {
        var reply: Int
        var option: String?
    }

    enum CodingKeys: String, CodingKey {
        case node, phase, customer, reply, recognised, option, verdicts, seconds, understoodBy, similarity
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        node = try container.decode(String.self, forKey: .node)
        phase = try container.decode(Phase.self, forKey: .phase)
        customerLine = try container.decode(String.self, forKey: .customer)
        reply = try container.decode(String.self, forKey: .reply)
        let recognised = try container.decodeIfPresent(Recognised.self, forKey: .recognised)
        if let recognised, recognised.reply < 1 {
            throw DecodingError.dataCorruptedError(forKey: .recognised, in: container, debugDescription: "reply numbers start at 1")
        }
        recognisedIndex = recognised.map { $0.reply - 1 }
        recognisedOption = recognised?.option
        pickedOption = try container.decodeIfPresent(Int.self, forKey: .option)
        verdicts = try container.decode([RuleVerdict].self, forKey: .verdicts)
        secondsTaken = try container.decodeIfPresent(Double.self, forKey: .seconds)
        // NB: transcripts written before these were recorded read as understood by a pattern
        // when a reply was recognised, and as not understood when none was.
        understoodBy = try container.decodeIfPresent(Understanding.self, forKey: .understoodBy) ?? (recognised == nil ? .none : .pattern)
        similarity = try container.decodeIfPresent(Double.self, forKey: .similarity)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(phase, forKey: .phase)
        try container.encode(customerLine, forKey: .customer)
        try container.encode(reply, forKey: .reply)
        try container.encodeIfPresent(recognisedNumber.map { Recognised(reply: $0, option: recognisedOption) }, forKey: .recognised)
        try container.encodeIfPresent(pickedOption, forKey: .option)
        try container.encode(verdicts, forKey: .verdicts)
        try container.encodeIfPresent(secondsTaken, forKey: .seconds)
        try container.encode(understoodBy, forKey: .understoodBy)
        try container.encodeIfPresent(similarity, forKey: .similarity)
    }
}
