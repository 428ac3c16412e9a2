import Matching

/// One role-play: a customer, a graph of nodes, endings, and golden tests.
///
/// Loaded from `Scenarios/<lang>/<id>.yaml` by ``ScenarioLoader``; every element keeps the
/// ``SourceLocation`` it came from so that validation and test failures can point at it.
public struct Scenario: Sendable {
    public var id: String
    public var title: String
    public var language: ScenarioLanguage
    public var summary: String?
    public var minutes: Int?
    public var customer: Customer
    /// State variables in the order declared, with their initial values.
    public var state: [StateVariable]
    /// The pass mark in percent.
    public var pass: Int
    public var start: Located<String>
    public var nodes: [ScenarioNode]
    public var endings: [Ending]
    /// The scenario's own lexicons, added to the rulebook's.
    public var lexicons: [String: Located<[String]>]
    public var tests: [ScenarioTest]
    /// Where the file was read from.
    public var path: String
    /// A hash of the file's bytes, recorded with every session played from it.
    public var contentHash: String
    public var location: SourceLocation

    public func node(_ id: String) -> ScenarioNode? { nodes.first { $0.id == id } }
    public func ending(_ id: String) -> Ending? { endings.first { $0.id == id } }

    /// The initial state.
    public var initialState: [String: StateValue] {
        Dictionary(state.map { ($0.name, $0.initial) }, uniquingKeysWith: { first, _ in first })
    }

    /// How many decisions (nodes with replies) the scenario has.
    public var decisionCount: Int { nodes.count }
}

/// The customer the trainee visits.
public struct Customer: Sendable {
    public var name: String
    public var role: Role
    public var temperament: Temperament
    public var kind: CustomerKind
    /// The file the trainee prepares before the visit (shown by `/profile`).
    public var profile: String?
}

/// A declared state variable.
public struct StateVariable: Sendable {
    public var name: String
    public var initial: StateValue
    public var location: SourceLocation
}

/// A point in the conversation where the customer speaks and the trainee replies.
public struct ScenarioNode: Sendable {
    public var id: String
    public var location: SourceLocation
    public var phase: Phase
    /// Who the trainee talks to here, when not the scenario's customer role.
    public var role: Role?
    /// The name shown for the person speaking here (a receptionist, an engineer), when not the customer's.
    public var speaker: String?
    public var narration: String?
    /// The customer's line; one variant is chosen by the seeded random source.
    public var customer: [String]
    public var hint: String?
    public var replies: [Reply]
    public var otherwise: Response?
    /// What the customer asks back when a reply is close to one of the node's replies but not
    /// clearly it (`{reply}` stands for the closest reply's words); empty uses the default line.
    public var clarify: [String] = []
    /// Later nodes whose replies are also accepted here, when none of this node's replies is
    /// recognised: a trainee who answers one step early is taken to that step.
    public var ahead: [Located<String>] = []
    /// Rules the rulebook does not judge here (`rules: {off: [...]}`): a switchboard or a greeting
    /// where a phase's rules make no sense. An author's own `judge:` still counts.
    public var rulesOff: [Located<String>] = []

    /// Whether the rulebook's detector judges `rule` at this node.
    public func judges(_ rule: String) -> Bool { !rulesOff.contains { $0.value == rule } }

    /// The replies that can be offered as numbered options in guided mode.
    public var options: [(number: Int, reply: Reply)] {
        replies.filter { $0.option != nil }.enumerated().map { ($0.offset + 1, $0.element) }
    }
}

/// A pattern with its source text and where it was written.
public struct CompiledPattern: Sendable {
    public var source: String
    public var pattern: Pattern
    public var location: SourceLocation
}

/// One way the trainee may answer at a node.
public struct Reply: Sendable {
    public var location: SourceLocation
    public var option: String?
    /// Where the `option:` text was written (for diagnostics about the option's words).
    public var optionLocation: SourceLocation?
    public var match: CompiledPattern?
    /// True when a `match` was written (even one that did not parse).
    public var hasMatch: Bool
    /// Phrasings that must be taken as this reply (the option text is one too): when no pattern
    /// matches, the reply whose examples are clearly the most similar is taken.
    public var examples: [Located<String>] = []
    /// Naming a list is this reply's move (`list: true`: what goes into the business bag, the
    /// specifications reeled off at a customer): a reply typed as a bare list of keywords may be
    /// taken as this one, by resemblance to its examples. No other reply takes a list.
    public var list: Bool = false
    public var condition: Located<Expression>?
    public var judge: [Judgment]
    public var response: Response
}

/// What follows a reply (or `otherwise`): the customer's answer, effects, and where to go.
public struct Response: Sendable {
    public var location: SourceLocation
    public var customer: [String]
    /// Where each of ``customer``'s lines was written, in the same order (empty when unknown).
    public var customerLocations: [SourceLocation] = []
    public var narration: String?
    public var effects: [Effect]
    /// A node or ending id; nil stays on the node.
    public var next: Located<String>?
    public var judge: [Judgment]
}

/// An author's verdict on a rule for a turn, overriding the rulebook's detector.
public struct Judgment: Sendable, Hashable {
    public var rule: String
    public var verdict: Verdict
    /// Points at stake; nil uses the rule's weight.
    public var points: Int?
    public var location: SourceLocation
}

/// A change to a state variable.
public struct Effect: Sendable {
    public enum Operation: Sendable {
        case add(Int)
        case assign(Expression)
    }

    public var variable: String
    public var operation: Operation
    public var location: SourceLocation
}

/// A way the visit ends.
public struct Ending: Sendable {
    public var id: String
    public var location: SourceLocation
    public var outcome: Outcome
    /// Reached as soon as this holds after a turn.
    public var when: Located<Expression>?
    public var narration: String?
    public var customer: [String]
    public var judge: [Judgment]

    public init(id: String, location: SourceLocation, outcome: Outcome, when: Located<Expression>? = nil, narration: String? = nil, customer: [String] = [], judge: [Judgment] = []) {
        self.id = id
        self.location = location
        self.outcome = outcome
        self.when = when
        self.narration = narration
        self.customer = customer
        self.judge = judge
    }
}

/// A golden playthrough: scripted replies and what must come of them.
public struct ScenarioTest: Sendable {
    public struct Expectation: Sendable {
        public var ending: Located<String>?
        public var path: Located<[String]>?
        public var outcome: Outcome?
        public var minScore: Int?
        public var maxScore: Int?
        public var pass: Bool?
    }

    public var name: String
    public var seed: UInt64
    public var replies: [Located<String>]
    public var expect: Expectation
    public var location: SourceLocation
}
