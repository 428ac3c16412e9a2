/// The manual's vocabulary (`manual/RULES.md`): phases, temperaments, roles, kinds, outcomes.

/// A phase of a visit (I) or of the wider workflow (II, IV).
public enum Phase: String, Sendable, Hashable, CaseIterable, Codable {
    case preparation, observation, opening, introduction, objection, closing, signing
    case phone, negotiation, payment
    case afterSales = "after-sales"
    case followUp = "follow-up"
}

/// The customer's temperament, which decides how to close (I.6).
public enum Temperament: String, Sendable, Hashable, CaseIterable, Codable {
    case impatient, hesitant, capricious
}

/// The key person the trainee is talking to (III.2).
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    case gatekeeper
    case decisionMaker = "decision-maker"
    case influencer, executor, user
}

/// The kind of customer relationship (V.6).
public enum CustomerKind: String, Sendable, Hashable, CaseIterable, Codable {
    case existing, new
    case longUndecided = "long-undecided"
}

/// How the deal ended.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
    case won, lost, open
}

/// The language a scenario is written in; UI text follows it.
public enum ScenarioLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case zhHans = "zh-Hans"
    case zhHant = "zh-Hant"
    case en
}

/// A rule's verdict on one turn.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable {
    case met, missed, violated
    case notApplicable = "not-applicable"

    /// The verdict as a trainee reads it: 做到, 未做到, 违反, 不适用 (en: met, missed, violated, n/a).
    public func name(english: Bool) -> String {
        switch self {
        case .met: return english ? "met" : "做到"
        case .missed: return english ? "missed" : "未做到"
        case .violated: return english ? "violated" : "违反"
        case .notApplicable: return english ? "n/a" : "不适用"
        }
    }
}

/// The rule ids of `manual/RULES.md`: the project's public vocabulary.
public enum ManualRules {
    public static let ids: [String] = [
        "prep.business-bag", "prep.customer-info", "observe.adapt", "opening.style", "opening.no-flattery",
        "intro.concise", "intro.company-service", "objection.yes-but", "objection.calm", "close.ask",
        "close.temperament", "sign.congratulate", "sign.leave-promptly", "followup.revisit",
        "records.customer-file", "payment.say-no", "service.after-sales", "keyperson.reach-decider",
        "keyperson.respect-all", "benefit.sell", "meeting.discover", "meeting.customer-centred",
        "meeting.next-step", "negotiate.venue", "negotiate.rapport", "listen.questions",
        "listen.no-interrupt", "negotiate.composure", "negotiate.suggest", "phone.get-meeting",
        "knowledge.no-bluff", "followup.by-type", "thanks.after-deal",
    ]
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
