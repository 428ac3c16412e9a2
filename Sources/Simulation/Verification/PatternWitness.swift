import Matching

/// Texts that a pattern matches, built from its literal alternatives: one per way of satisfying
/// it (each alternative of `|`, every part of `&` and `>` in order, every phrase of a lexicon),
/// leaving out what is under `!`. Used to approximate "every text this pattern matches".
enum PatternWitness {
    /// At most this many texts per pattern (a pattern of lexicons could otherwise multiply out).
    static let limit = 400

    /// The texts, each checked by the caller against the pattern (a negated part or a phrase that
    /// negates its neighbour can make a generated text fail).
    static func texts(for pattern: Pattern, lexicons: LexiconTable) -> [String] {
        branches(pattern, lexicons).map { $0.joined(separator: " ") }
    }

    /// Each way to satisfy the pattern, as the phrases to say in order.
    static func branches(_ pattern: Pattern, _ lexicons: LexiconTable) -> [[String]] {
        switch pattern {
        case let .phrase(phrase):
            return [[phrase.written]]
        case let .lexicon(name):
            return (lexicons[name.name] ?? []).prefix(limit).map { [$0.written] }
        case let .anyOf(parts):
            return Array(parts.flatMap { branches($0, lexicons) }.prefix(limit))
        case let .allOf(parts):
            return parts.reduce([[]]) { product($0, branches($1, lexicons)) }
        case let .followedBy(first, second):
            return product(branches(first, lexicons), branches(second, lexicons))
        case .not:
            return [[]]
        }
    }

    private static func product(_ left: [[String]], _ right: [[String]]) -> [[String]] {
        var result: [[String]] = []
        for a in left {
            for b in right {
                result.append(a + b)
                if result.count >= limit { return result }
            }
        }
        return result
    }

    /// Whether every text the pattern matches must contain something `contains` accepts: a phrase
    /// (or every phrase of a lexicon) on every path through `|`, on some part of `&` or `>`.
    static func requires(_ pattern: Pattern, _ lexicons: LexiconTable, _ contains: (String) -> Bool) -> Bool {
        switch pattern {
        case let .phrase(phrase):
            return contains(phrase.written)
        case let .lexicon(name):
            let phrases = lexicons[name.name] ?? []
            return !phrases.isEmpty && phrases.allSatisfy { contains($0.written) }
        case let .anyOf(parts):
            return !parts.isEmpty && parts.allSatisfy { requires($0, lexicons, contains) }
        case let .allOf(parts):
            return parts.contains { requires($0, lexicons, contains) }
        case let .followedBy(first, second):
            return requires(first, lexicons, contains) || requires(second, lexicons, contains)
        case .not:
            return false
        }
    }
}
