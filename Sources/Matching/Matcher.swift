/// The words of a reply that made a pattern match, as unit ranges.
public struct MatchResult: Sendable, Equatable {
    /// Whether the pattern matched.
    public var matched: Bool
    /// The unit ranges that made it match (empty for a match made only of `!`).
    public var spans: [Range<Int>]

    static let none = MatchResult(matched: false, spans: [])

    /// How many units the match covers: the better of two matches covers more.
    public var coverage: Int {
        var covered = Set<Int>()
        for span in spans { covered.formUnion(span) }
        return covered.count
    }

    /// The words of `text` that made the match, joined with "…" where they are apart.
    public func evidence(in text: NormalizedText) -> String {
        let merged = spans.sorted { $0.lowerBound < $1.lowerBound }.reduce(into: [Range<Int>]()) { result, span in
            if let last = result.last, span.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return merged.map { text.excerpt(units: $0) }.joined(separator: "…")
    }
}

/// Named lists of phrases that patterns refer to with `@name`.
public struct LexiconTable: Sendable {
    /// The phrases of each lexicon, normalised.
    public private(set) var lexicons: [String: [Phrase]] = [:]

    public init() {}

    /// Builds a table from phrase lists; phrases with nothing matchable are skipped.
    public init(_ lists: [String: [String]]) {
        for (name, phrases) in lists { self[name] = phrases.compactMap(Phrase.init) }
    }

    /// The phrases of a lexicon, or nil when there is no such lexicon.
    public subscript(name: String) -> [Phrase]? {
        get { lexicons[name] }
        set { lexicons[name] = newValue }
    }

    /// This table with `other`'s lexicons added (other's win on a name clash).
    public func merging(_ other: LexiconTable) -> LexiconTable {
        var result = self
        for (name, phrases) in other.lexicons { result[name] = phrases }
        return result
    }
}

/// Evaluates patterns against normalised text.
///
/// Each phrase is looked up through the text's index of unit positions, so the cost grows with
/// the number of occurrences, not with the text length times the number of phrases.
public struct Matcher: Sendable {
    /// Caps the number of spans carried per sub-pattern, which keeps every evaluation linear.
    static let maximumSpans = 32

    public let lexicons: LexiconTable

    public init(lexicons: LexiconTable) {
        self.lexicons = lexicons
    }

    /// Evaluates `pattern` against `text`. An unknown lexicon matches nothing (lint reports it).
    public func match(_ pattern: Pattern, in text: NormalizedText) -> MatchResult {
        var memo = LexiconMemo()
        return match(pattern, in: text, memo: &memo)
    }

    /// Lexicon results for one text, so that a lexicon used by many patterns (many rules use
    /// `@ack` or `@question`) is looked up once per reply.
    public struct LexiconMemo: Sendable {
        var results: [String: MatchResult] = [:]
        public init() {}
    }

    /// Evaluates `pattern` against `text`, reusing and filling `memo` (one memo per text).
    public func match(_ pattern: Pattern, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        switch pattern {
        case let .phrase(phrase):
            let spans = occurrences(of: phrase, in: text)
            return MatchResult(matched: !spans.isEmpty, spans: spans)
        case let .lexicon(name):
            if let known = memo.results[name] { return known }
            var spans: [Range<Int>] = []
            for phrase in lexicons[name] ?? [] {
                spans.append(contentsOf: occurrences(of: phrase, in: text))
                if spans.count >= Matcher.maximumSpans { break }
            }
            let result = MatchResult(matched: !spans.isEmpty, spans: spans)
            memo.results[name] = result
            return result
        case let .anyOf(parts):
            var result = MatchResult.none
            for part in parts {
                let one = match(part, in: text, memo: &memo)
                if one.matched {
                    result.matched = true
                    result.spans.append(contentsOf: one.spans.prefix(Matcher.maximumSpans - result.spans.count))
                }
            }
            return result
        case let .allOf(parts):
            var result = MatchResult(matched: true, spans: [])
            for part in parts {
                let one = match(part, in: text, memo: &memo)
                guard one.matched else { return .none }
                result.spans.append(contentsOf: one.spans.prefix(Matcher.maximumSpans - result.spans.count))
            }
            return result
        case let .followedBy(firstPattern, secondPattern):
            let first = match(firstPattern, in: text, memo: &memo)
            guard first.matched else { return .none }
            let second = match(secondPattern, in: text, memo: &memo)
            guard second.matched else { return .none }
            guard let earliest = first.spans.min(by: { $0.upperBound < $1.upperBound }) else { return second }
            if second.spans.isEmpty { return first }
            let later = second.spans.filter { $0.lowerBound >= earliest.upperBound }
            guard !later.isEmpty else { return .none }
            return MatchResult(matched: true, spans: [earliest] + later.prefix(Matcher.maximumSpans - 1))
        case let .not(inner):
            return MatchResult(matched: !match(inner, in: text, memo: &memo).matched, spans: [])
        }
    }

    /// Where `phrase` is said (and not negated) in `text`.
    func occurrences(of phrase: Phrase, in text: NormalizedText) -> [Range<Int>] {
        guard let first = phrase.units.first, let starts = text.positions[first] else { return [] }
        var result: [Range<Int>] = []
        let count = phrase.units.count
        for start in starts where start + count <= text.units.count {
            var equal = true
            var offset = 1
            while offset < count {
                if text.units[start + offset].text != phrase.units[offset] { equal = false; break }
                offset += 1
            }
            guard equal else { continue }
            if phrase.isNegative {
                // A phrase that begins with a negator must begin at a real one in the text:
                // 不能延期 is not said inside the question 能不能延期.
                if !text.negators[start] { continue }
            } else if isNegated(at: start, in: text) {
                continue
            }
            result.append(start..<start + count)
            if result.count >= Matcher.maximumSpans { break }
        }
        return result
    }

    private func isNegated(at start: Int, in text: NormalizedText) -> Bool {
        let clause = text.units[start].clause
        // Words carry more than characters: English looks fewer units back than Chinese.
        let isWord = text.units[start].text.unicodeScalars.first.map { !CharacterClass.isIdeographic($0) } ?? false
        let window = isWord ? Negation.wordWindowSize : Negation.windowSize
        var index = start - 1
        while index >= 0 && index >= start - window {
            if text.units[index].clause != clause { return false }
            if text.negators[index] { return true }
            index -= 1
        }
        return false
    }
}
