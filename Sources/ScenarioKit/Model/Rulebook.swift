import Foundation
import Matching

/// The manual's rules as the scorer applies them, loaded from `Scenarios/rulebook.yaml`.
///
/// The rulebook is versioned: every scorecard records the version it was scored with, so
/// stored sessions can be re-scored with a newer one and the difference shown.
public struct Rulebook: Sendable {
    public var version: Int
    public var lexicons: LexiconTable
    /// Where each lexicon was defined.
    public var lexiconLocations: [String: SourceLocation]
    public var rules: [Rule]
    public var path: String
    /// The manual's text file named by `manual:` (resolved against the rulebook's folder) and
    /// where it was named; `salessim lint` checks feedback quotes against it.
    public var manualFile: (manualPath: String, location: SourceLocation)?
    /// The digest and length of the file bytes it was read from, when it was read through a
    /// ``YAMLCache``: what a scenario checked against it is remembered by (see
    /// ``YAMLCache/hasCleanMark(text:rulebook:)``). Nil otherwise.
    public var sourceKey: String?
    /// The model file named by `learned:` (resolved against the rulebook's folder) and where it
    /// was named.
    public var learnedFile: (path: String, location: SourceLocation)?
    /// The verdicts learned from labelled replies (``LearnedModel``), read from ``learnedFile``;
    /// nil when the rulebook names none (or it could not be read: loading said why).
    public var learned: LearnedModel?

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    public init(version: Int, lexicons: LexiconTable, lexiconLocations: [String: SourceLocation] = [:], rules: [Rule], path: String) {
        self.version = version
        self.lexicons = lexicons
        self.lexiconLocations = lexiconLocations
        self.rules = rules
        self.path = path
    }
}

/// Text in the two UI languages.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(for language: ScenarioLanguage) -> String {
        language == .en ? en : zh
    }
}

/// How often a rule is judged.
public enum RuleScope: String, Sendable, Hashable, CaseIterable {
    /// Every turn where it applies gets its own verdict ("never contradict head-on").
    case turn
    /// Once per stretch of consecutive turns in one phase: met if any turn met it
    /// ("ask for the order at the right moment" need not be done on every closing turn).
    case phase
}

/// How a rule is observed (RULES.md's last column).
public enum Observation: String, Sendable, Hashable, CaseIterable {
    /// A detector judges the reply text.
    case text
    /// The scenario author judges it by the branch taken.
    case choice
    /// It is judged from the course of the session.
    case flow
}

/// Where a rule or detector applies; an empty filter admits everything.
public struct Applicability: Sendable, Hashable {
    public var phases: Set<Phase> = []
    public var temperaments: Set<Temperament> = []
    public var roles: Set<Role> = []
    public var kinds: Set<CustomerKind> = []

    public init(phases: Set<Phase> = [], temperaments: Set<Temperament> = [], roles: Set<Role> = [], kinds: Set<CustomerKind> = []) {
        self.phases = phases
        self.temperaments = temperaments
        self.roles = roles
        self.kinds = kinds
    }

    public func includes(_ context: TurnContext) -> Bool {
        includes(ContextFilter(phase: context.phase, temperament: context.temperament, role: context.role, kind: context.kind))
    }

    /// Whether the filter admits a situation of which only some parts are known (nil admits all).
    public func includes(_ filter: ContextFilter) -> Bool {
        (phases.isEmpty || filter.phase.map(phases.contains) ?? true)
            && (temperaments.isEmpty || filter.temperament.map(temperaments.contains) ?? true)
            && (roles.isEmpty || filter.role.map(roles.contains) ?? true)
            && (kinds.isEmpty || filter.kind.map(kinds.contains) ?? true)
    }

    /// "phase: objection; temperament: hesitant" or "everywhere".
    public var summary: String {
        var parts: [String] = []
        if !phases.isEmpty { parts.append("phase: " + phases.map(\.rawValue).sorted().joined(separator: ",")) }
        if !temperaments.isEmpty { parts.append("temperament: " + temperaments.map(\.rawValue).sorted().joined(separator: ",")) }
        if !roles.isEmpty { parts.append("role: " + roles.map(\.rawValue).sorted().joined(separator: ",")) }
        if !kinds.isEmpty { parts.append("kind: " + kinds.map(\.rawValue).sorted().joined(separator: ",")) }
        return parts.isEmpty ? "everywhere" : parts.joined(separator: "; ")
    }
}

/// The situation of one turn, which decides which rules apply.
public struct TurnContext: Sendable, Hashable, Codable {
    public var phase: Phase
    public var temperament: Temperament
    public var role: Role
    public var kind: CustomerKind

    public init(phase: Phase, temperament: Temperament, role: Role, kind: CustomerKind) {
        self.phase = phase
        self.temperament = temperament
        self.role = role
        self.kind = kind
    }
}

/// A situation of which only some parts are known (for `salessim check`).
public struct ContextFilter: Sendable, Hashable {
    public var phase: Phase?
    public var temperament: Temperament?
    public var role: Role?
    public var kind: CustomerKind?

    public init(phase: Phase? = nil, temperament: Temperament? = nil, role: Role? = nil, kind: CustomerKind? = nil) {
        self.phase = phase
        self.temperament = temperament
        self.role = role
        self.kind = kind
    }
}

/// One rule of the manual.
public struct Rule: Sendable {
    public var id: String
    public var manual: String
    public var title: LocalizedText
    public var weight: Int
    public var observed: Observation
    public var applies: Applicability
    /// A `violated` verdict on this rule fails the whole session.
    public var knockout: Bool
    public var scope: RuleScope
    /// How the rule is recognised in a reply, case by case.
    ///
    /// NB: a rulebook read from its snapshot reads these when they are first asked for (by the
    /// first reply scored): they are most of the snapshot, and a visit's first prompt needs none.
    public var detectors: [Detector] {
        get {
            switch detectorSource {
            case let .built(detectors): detectors
            case let .deferred(deferred): deferred.detectors
            }
        }
        set { detectorSource = .built(newValue) }
    }
    public var feedback: [Verdict: LocalizedText]
    public var location: SourceLocation
    var detectorSource: DetectorSource

    public init(id: String, manual: String, title: LocalizedText, weight: Int, observed: Observation, applies: Applicability = .init(), knockout: Bool = false, scope: RuleScope = .turn, detectors: [Detector] = [], feedback: [Verdict: LocalizedText] = [:], location: SourceLocation) {
        self.id = id
        self.manual = manual
        self.title = title
        self.weight = weight
        self.observed = observed
        self.applies = applies
        self.knockout = knockout
        self.scope = scope
        self.detectorSource = .built(detectors)
        self.feedback = feedback
        self.location = location
    }

    /// The first detector case that applies in `context`.
    public func detector(for context: TurnContext) -> Detector? {
        detectors.first { $0.applies.includes(context) }
    }

    public func detector(for filter: ContextFilter) -> Detector? {
        detectors.first { $0.applies.includes(filter) }
    }
}

/// A rule's detectors as built, or still to be read from a snapshot.
enum DetectorSource: Sendable {
    case built([Detector])
    case deferred(DeferredDetectors)
}

/// A rule's detectors kept as their snapshot's bytes until first asked for, then read once
/// (under a lock: copies of the rule on any thread share them).
final class DeferredDetectors: @unchecked Sendable {
    // NB: @unchecked: `bytes` and `read` are touched only under `lock`.
    private let lock = NSLock()
    private var bytes: [UInt8]
    private let count: Int
    private let path: String
    private var read: [Detector]?

    /// `count` detectors written by ``SnapshotWriter`` into `bytes`, whose locations name `path`.
    init(bytes: [UInt8], count: Int, path: String) {
        self.bytes = bytes
        self.count = count
        self.path = path
    }

    var detectors: [Detector] {
        lock.lock()
        defer { lock.unlock() }
        if let read { return read }
        // NB: the bytes are part of an entry whose length and checksum were checked when the
        // rulebook was read, and were written by the same program: reading them cannot fail
        // unless writer and reader disagree, which the snapshot tests would show. Were it ever
        // to, the rule would have no detectors (no verdict) rather than stop the program.
        let detectors = RulebookSnapshot.detectors(from: bytes, count: count, path: path) ?? []
        read = detectors
        bytes = []
        return detectors
    }
}

/// How a rule is recognised in a reply.
public struct Detector: Sendable {
    public var applies: Applicability
    public var met: CompiledPattern?
    public var violated: CompiledPattern?
    /// When this matches (and nothing was violated or met), the rule does not apply to the reply.
    public var ignore: CompiledPattern?
    /// The longest reply, in characters, before the rule is violated; a Latin word mixed into a
    /// Chinese reply counts as two characters (see `NormalizedText.limitLength`).
    public var maxChars: Int?
    /// For replies written mostly in words (English): the limit in words instead of `maxChars`.
    public var maxWords: Int?
    public var minChars: Int?
    /// A marker is not a move: `met` counts only when at least this many units (characters or
    /// words) of substance follow the point where `met` is first complete, not counting the
    /// phrases of the lexicons `met` itself uses ("是的 可是 是的 可是" says nothing after 可是).
    public var minAfter: Int?
    /// The verdict when neither pattern matches.
    public var otherwise: Verdict
    public var location: SourceLocation

    public init(applies: Applicability = .init(), met: CompiledPattern? = nil, violated: CompiledPattern? = nil, ignore: CompiledPattern? = nil, maxChars: Int? = nil, maxWords: Int? = nil, minChars: Int? = nil, minAfter: Int? = nil, otherwise: Verdict = .missed, location: SourceLocation) {
        self.minAfter = minAfter
        self.applies = applies
        self.met = met
        self.violated = violated
        self.ignore = ignore
        self.maxChars = maxChars
        self.maxWords = maxWords
        self.minChars = minChars
        self.otherwise = otherwise
        self.location = location
    }
}
