import Foundation

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
    case lexicon(LexiconName)
    /// At least one of the alternatives.
    case anyOf([Pattern])
    /// All of the parts, anywhere, in any order.
    case allOf([Pattern])
    /// The first part, and later (after it ends) the second.
    case followedBy(Pattern, Pattern)
    /// The part is not said.
    case not(Pattern)

    /// The lexicons this pattern refers to, in order of appearance.
    public var lexiconNames: [LexiconName] {
        switch self {
        case .phrase: return []
        case let .lexicon(name): return [name]
        case let .anyOf(parts), let .allOf(parts): return parts.flatMap(\.lexiconNames)
        case let .followedBy(first, second): return first.lexiconNames + second.lexiconNames
        case let .not(inner): return inner.lexiconNames
        }
    }

    /// The lexicon names this pattern refers to, in order of appearance.
    public var lexiconReferences: [String] { lexiconNames.map(\.name) }

    /// What the pattern asks to be said, without what it asks not to be: every `!` part left out
    /// (`(@ack > @contrast) & !@give-up` is `@ack > @contrast`); nil when nothing is left
    /// (`!@anger`). The words that name a move, whatever else would keep it from counting.
    public var positiveCore: Pattern? {
        switch self {
        case .phrase, .lexicon: return self
        case .not: return nil
        case let .anyOf(parts):
            let kept = parts.compactMap(\.positiveCore)
            guard kept.count == parts.count else { return kept.count > 1 ? .anyOf(kept) : kept.first }
            return self
        case let .allOf(parts):
            let kept = parts.compactMap(\.positiveCore)
            if kept.isEmpty { return nil }
            return kept.count == 1 ? kept[0] : .allOf(kept)
        case let .followedBy(first, second):
            guard let first = first.positiveCore, let second = second.positiveCore else { return nil }
            return .followedBy(first, second)
        }
    }
}

/// A lexicon's name in a pattern (`@contrast`), numbered once per name in the process, so that a
/// matcher finds the lexicon's occurrences by an array index rather than by hashing the name at
/// every match (a reply is judged by some hundreds of lexicon references).
public struct LexiconName: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as written after `@`.
    public let name: String
    /// The process-wide number of the name (see ``LexiconNames``).
    let number: Int

    public init(_ name: String) {
        self.name = name
        number = LexiconNames.shared.number(for: name)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }

    public static func == (lhs: LexiconName, rhs: LexiconName) -> Bool { lhs.number == rhs.number }
    public func hash(into hasher: inout Hasher) { hasher.combine(number) }
}

/// The numbers given to lexicon names in this process. Names are few (those written in the
/// rulebook and scenarios, and a trainer's misspellings while editing), so the table only grows.
final class LexiconNames: @unchecked Sendable {
    static let shared = LexiconNames()
    private let lock = NSLock()
    private var numbers: [String: Int] = [:]

    func number(for name: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let number = numbers[name] { return number }
        let number = numbers.count
        numbers[name] = number
        return number
    }
}

/// A phrase reduced to normalised units.
public struct Phrase: Sendable, Equatable, Hashable {
    /// The normalised units of the phrase (found again from ``written``: the units are needed only
    /// to describe a phrase, and a rulebook holds tens of thousands of phrases and variants).
    public var units: [String] { NormalizedText.withLoneNods(NormalizedText.units(of: Array(written))).map(\.text) }
    /// The phrase as written.
    public let written: String
    /// The units as keys, for lookups in a text's index.
    let keys: [UnitKey]
    /// True when the phrase itself begins with a negator (`不行`, `not now`): it is then matched
    /// literally, and negation before it is not looked for.
    public let isNegative: Bool

    /// A phrase of units that are already normalised (a lexicon phrase's regional variant),
    /// written with a space between two words so that it normalises to the same units.
    init(units: [String]) {
        let normalized = units.enumerated().map { NormalizedText.Unit(text: $1, clause: 0, source: $0..<$0 + 1) }
        var written = ""
        for (index, unit) in units.enumerated() {
            if index > 0, normalized[index].key.scalar == nil, normalized[index - 1].key.scalar == nil { written += " " }
            written += unit
        }
        self.written = written
        keys = normalized.map(\.key)
        isNegative = Negation.negators(in: normalized).first == true
    }

    /// Normalises `written` into a phrase; nil when nothing matchable is left (only punctuation).
    public init?(_ written: String) {
        let normalized = NormalizedText.withLoneNods(NormalizedText.units(of: Array(written)))
        guard !normalized.isEmpty else { return nil }
        self.written = written
        keys = normalized.map(\.key)
        isNegative = Negation.negators(in: normalized).first == true
    }
}
