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
public struct Turn: Sendable, Hashable {
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
}
