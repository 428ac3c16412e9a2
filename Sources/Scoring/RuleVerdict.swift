import Foundation
import ScenarioKit

/// One rule's verdict on one turn, with the points, the evidence and the manual section.
public struct RuleVerdict: Sendable, Hashable, Codable {
    /// Who decided the verdict.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The rulebook's detector, from the reply text.
        case detector
        /// The scenario author's `judge` on the chosen reply or ending.
        case author
        /// The rulebook's learned model (``LearnedModel``), overruling the detector: the reply is
        /// like labelled replies a trainer judged otherwise.
        case learned
    }

    public var rule: String
    public var verdict: Verdict
    public var earned: Int
    public var possible: Int
    /// The trainee's own words that decided it (empty when nothing was said).
    public var evidence: String
    /// The manual section, e.g. "I.5".
    public var manual: String
    public var source: Source
    /// Why, in the scenario's language: the rulebook's feedback for this verdict.
    public var reason: String
    /// For a rule missed by the detector: the closest pattern and what was missing
    /// ("you agreed (「是的」), but nothing followed from 「可是」…").
    /// NB: a detector's explanation is worded when first read, not when the reply is judged (most
    /// are never shown before the visit ends): the reply's answer waits for none of them.
    public var nearMiss: String? {
        get { deferredNearMiss?.value ?? writtenNearMiss }
        set {
            writtenNearMiss = newValue
            deferredNearMiss = nil
        }
    }
    private var writtenNearMiss: String?
    private var deferredNearMiss: DeferredText?

    public init(rule: String, verdict: Verdict, earned: Int, possible: Int, evidence: String, manual: String, source: Source, reason: String) {
        self.rule = rule
        self.verdict = verdict
        self.earned = earned
        self.possible = possible
        self.evidence = evidence
        self.manual = manual
        self.source = source
        self.reason = reason
    }

    /// This verdict with a near miss worded by `make` when first read.
    func explained(by make: @escaping @Sendable () -> String) -> RuleVerdict {
        var result = self
        result.writtenNearMiss = nil
        result.deferredNearMiss = DeferredText(make)
        return result
    }

    private enum CodingKeys: String, CodingKey {
        case rule, verdict, earned, possible, evidence, manual, source, reason, nearMiss
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(String.self, forKey: .rule)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        earned = try container.decode(Int.self, forKey: .earned)
        possible = try container.decode(Int.self, forKey: .possible)
        evidence = try container.decode(String.self, forKey: .evidence)
        manual = try container.decode(String.self, forKey: .manual)
        source = try container.decode(Source.self, forKey: .source)
        reason = try container.decode(String.self, forKey: .reason)
        writtenNearMiss = try container.decodeIfPresent(String.self, forKey: .nearMiss)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(earned, forKey: .earned)
        try container.encode(possible, forKey: .possible)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(manual, forKey: .manual)
        try container.encode(source, forKey: .source)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(nearMiss, forKey: .nearMiss)
    }

    public static func == (lhs: RuleVerdict, rhs: RuleVerdict) -> Bool {
        lhs.rule == rhs.rule && lhs.verdict == rhs.verdict && lhs.earned == rhs.earned && lhs.possible == rhs.possible
            && lhs.evidence == rhs.evidence && lhs.manual == rhs.manual && lhs.source == rhs.source && lhs.reason == rhs.reason
            && lhs.nearMiss == rhs.nearMiss
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(verdict)
        hasher.combine(evidence)
        hasher.combine(nearMiss)
    }
}

/// A text worded on first use and then kept (shared by the copies of the value holding it).
final class DeferredText: @unchecked Sendable {
    private let lock = NSLock()
    private var made: String?
    private var make: (@Sendable () -> String)?

    init(_ make: @escaping @Sendable () -> String) {
        self.make = make
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let text = make?() ?? ""
        made = text
        make = nil
        return text
    }
}
