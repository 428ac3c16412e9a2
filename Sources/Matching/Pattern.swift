/// A parsed reply pattern.
///
/// Patterns are written by trainers in scenario and rulebook files:
/// `@praise & (奖状 | 质量)`, `@ack > @contrast`, `!@superlative`. They are a small language
/// with no loops and no raw regular expressions, so matching always takes time linear in the
/// length of the reply times the size of the pattern.
public indirect enum Pattern: Sendable, Equatable {
    /// A phrase, as normalised units (`["是", "的"]`, `["thank", "you"]`).
    case phrase(Phrase)
    /// Any phrase of the named lexicon.
    case lexicon(String)
    /// At least one of the alternatives.
    case anyOf([Pattern])
    /// All of the parts, anywhere, in any order.
    case allOf([Pattern])
    /// The first part, and later (after it ends) the second.
    case followedBy(Pattern, Pattern)
    /// The part is not said.
    case not(Pattern)

    /// The lexicon names this pattern refers to, in order of appearance.
    public var lexiconReferences: [String] {
        switch self {
        case .phrase: return []
        case let .lexicon(name): return [name]
        case let .anyOf(parts), let .allOf(parts): return parts.flatMap(\.lexiconReferences)
        case let .followedBy(first, second): return first.lexiconReferences + second.lexiconReferences
        case let .not(inner): return inner.lexiconReferences
        }
    }
}

/// A phrase reduced to normalised units.
public struct Phrase: Sendable, Equatable, Hashable {
    /// The normalised units of the phrase.
    public let units: [String]
    /// The phrase as written.
    public let written: String
    /// The units as keys, for lookups in a text's index.
    let keys: [UnitKey]
    /// True when the phrase itself begins with a negator (`不行`, `not now`): it is then matched
    /// literally, and negation before it is not looked for.
    public let isNegative: Bool

    /// A phrase of units that are already normalised (a lexicon phrase's regional variant).
    init(units: [String], written: String) {
        let normalized = units.enumerated().map { NormalizedText.Unit(text: $1, clause: 0, source: $0..<$0 + 1) }
        self.written = written
        self.units = units
        keys = normalized.map(\.key)
        isNegative = Negation.negators(in: normalized).first == true
    }

    /// Normalises `written` into a phrase; nil when nothing matchable is left (only punctuation).
    public init?(_ written: String) {
        let normalized = NormalizedText.units(of: Array(written))
        guard !normalized.isEmpty else { return nil }
        self.written = written
        units = normalized.map(\.text)
        keys = normalized.map(\.key)
        isNegative = Negation.negators(in: normalized).first == true
    }
}
