import Foundation

/// The words of a reply that made a pattern match, as unit ranges.
public struct MatchResult: Sendable, Equatable {
    /// Whether the pattern matched.
    public var matched: Bool
    /// The unit ranges that made it match (empty for a match made only of `!`).
    public var spans: [Range<Int>]
    /// The spans among `spans` that only sound like the lexicon phrase they stand for (an
    /// input-method slip such as 可事 for 可是); empty for an exact match.
    public var fuzzy: [FuzzyMatch] = []
    /// Where the match is first complete, when that is not simply where its earliest span ends:
    /// for `A > B`, the end of the first B after the first A (so that `A > B > C` asks for C after
    /// that B, not merely after A).
    public var end: Int?

    static let none = MatchResult(matched: false, spans: [])

    /// Where the match is first complete (nil for a match without words, such as `!A`).
    public var completion: Int? { end ?? spans.lazy.map(\.upperBound).min() }

    /// How many units the match covers: the better of two matches covers more.
    public var coverage: Int {
        // NB: marks in an array, not a set of integers (hashed one by one): asked of every pattern
        // that matches a reply.
        guard let end = spans.lazy.map(\.upperBound).max(), end > 0 else { return 0 }
        // Spans in order, none overlapping the one before (most matches): their lengths add up.
        var disjoint = 0, previous = 0
        for span in spans {
            guard span.lowerBound >= previous else { disjoint = -1; break }
            disjoint += span.count
            previous = span.upperBound
        }
        if disjoint >= 0 { return disjoint }
        var covered = [Bool](repeating: false, count: end)
        var count = 0
        for span in spans where span.lowerBound >= 0 {
            for index in span where !covered[index] {
                covered[index] = true
                count += 1
            }
        }
        return count
    }

    /// The words of `text` that made the match, joined with "…" where they are apart; a span that
    /// only sounds like its lexicon phrase is followed by "≈" and the phrase (`可事≈可是`).
    public func evidence(in text: NormalizedText) -> String {
        // NB: one span (most evidence) is its own words; spans already in order are not sorted again.
        if spans.count == 1 { return words(of: spans[0], in: text) }
        let ordered = zip(spans, spans.dropFirst()).allSatisfy { $0.lowerBound <= $1.lowerBound } ? spans : spans.sorted { $0.lowerBound < $1.lowerBound }
        // Spans that touch or overlap are merged, and the merged stretches' words joined with "…"
        // (NB: written into one string as they are merged, not gathered into lists first).
        var result = ""
        var next = 0, stretches = 0
        while next < ordered.count {
            var stretch = ordered[next]
            next += 1
            // NB: a unit that adds no text of its own (the 的 of a lone nod, whose source is its
            // nod's) keeps two spans together.
            while next < ordered.count, case let span = ordered[next], span.lowerBound <= stretch.upperBound
                || (stretch.upperBound..<span.lowerBound).allSatisfy({ $0 > 0 && $0 < text.units.count && text.units[$0].source == text.units[$0 - 1].source }) {
                stretch = stretch.lowerBound..<max(stretch.upperBound, span.upperBound)
                next += 1
            }
            if stretches > 0 { result += "…" }
            result += words(of: stretch, in: text)
            stretches += 1
        }
        return result
    }

    /// The words of `text` in units `range`, each span in it that only sounds like its phrase
    /// followed by "≈" and the phrase.
    private func words(of range: Range<Int>, in text: NormalizedText) -> String {
        var words = text.excerpt(units: range)
        // Each phrase heard once, however many lexicons hold it or times the slip is typed.
        var heard: [String] = []
        for match in fuzzy where range.contains(match.span.lowerBound) && !heard.contains(match.phrase) {
            heard.append(match.phrase)
            words += "≈" + match.phrase
        }
        return words
    }
}

/// A span of a reply taken for a lexicon phrase because it sounds the same, not because it is
/// written the same: 可事 for 可是, 以经 for 已经, 因该 for 应该.
public struct FuzzyMatch: Sendable, Equatable {
    /// The units of the reply that were taken for the phrase.
    public var span: Range<Int>
    /// The lexicon phrase, as the rulebook writes it.
    public var phrase: String

    public init(span: Range<Int>, phrase: String) {
        self.span = span
        self.phrase = phrase
    }

    /// The trainee's words that were taken for the phrase, for feedback: 「可事」≈「可是」.
    public func heard(in text: NormalizedText) -> String { text.excerpt(units: span) }
}

/// Named lists of phrases that patterns refer to with `@name`.
///
/// Phrases given as written text are normalised the first time a lexicon's phrases are asked
/// for, not when the table is built: loading a rulebook (and reaching a visit's first prompt)
/// needs the lexicons' names only.
public struct LexiconTable: Sendable {
    /// One lexicon: written phrases, normalised once (by whichever table asks first: tables
    /// merged from this one share them), or phrases.
    enum Entry: Sendable {
        case written(WrittenPhrases)
        case phrases([Phrase])

        var phrases: [Phrase] {
            switch self {
            case let .written(list): return list.phrases
            case let .phrases(phrases): return phrases
            }
        }
    }

    private var entries: [String: Entry] = [:]
    /// The normalised phrases, by lexicon, made on first use (a new cache after every change).
    private var cache = NormalizedLexicons()

    /// Lexicons whose phrases count only as written, never by sound (names: 孟工 is not 们工).
    /// A lexicon of the same name added by ``merging(_:)`` is matched exactly too.
    public var matchedExactly: Set<String> = []

    public init() {}

    /// Builds a table from phrase lists; phrases with nothing matchable are skipped.
    public init(_ lists: [String: [String]]) {
        for (name, phrases) in lists { entries[name] = .written(WrittenPhrases(phrases)) }
    }

    /// Builds a table whose phrase lists are read when first needed: `lists` gives, for each
    /// lexicon, what reads its phrases as written (a rulebook's snapshot keeps them as bytes
    /// until a reply is matched; a visit's first prompt needs the names only).
    @_spi(Snapshot) public init(reading lists: [String: @Sendable () -> [String]]) {
        for (name, read) in lists { entries[name] = .written(WrittenPhrases(reading: read)) }
    }

    /// The phrases of each lexicon, normalised.
    public var lexicons: [String: [Phrase]] { cache.value(of: entries) }

    /// The lexicons' names (without normalising their phrases).
    public var names: some Collection<String> { entries.keys }

    /// The lexicons' names as a set (made here, where the table's type is known: a set made
    /// from ``names`` elsewhere went through the generic path, a tenth of checking a scenario).
    public var nameSet: Set<String> { Set(entries.keys) }

    /// The number of lexicons.
    public var count: Int { entries.count }

    /// Whether there is a lexicon `name` (without normalising its phrases).
    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The phrases of a lexicon, or nil when there is no such lexicon.
    public subscript(name: String) -> [Phrase]? {
        get { entries[name] == nil ? nil : lexicons[name] }
        set {
            entries[name] = newValue.map(Entry.phrases)
            cache = NormalizedLexicons()
        }
    }

    /// This table with `other`'s lexicons added (other's win on a name clash).
    public func merging(_ other: LexiconTable) -> LexiconTable {
        var result = self
        for (name, entry) in other.entries { result.entries[name] = entry }
        result.cache = other.entries.isEmpty ? cache : NormalizedLexicons()
        result.matchedExactly.formUnion(other.matchedExactly)
        return result
    }
}

/// A lexicon's phrases as written, normalised on first use and then kept.
final class WrittenPhrases: @unchecked Sendable {
    /// The phrases as written, until they are normalised (then the phrases keep them).
    private var written: [String]
    /// What reads the phrases as written, when they were not given (see `init(reading:)`).
    private var read: (@Sendable () -> [String])?
    private let lock = NSLock()
    private var made: [Phrase]?

    init(_ written: [String]) {
        self.written = written
    }

    init(reading read: @escaping @Sendable () -> [String]) {
        self.written = []
        self.read = read
    }

    /// The phrases with something matchable, normalised.
    var phrases: [Phrase] {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        if let read {
            written = read()
            self.read = nil
        }
        // NB: a list of exactly the room it needs (a rulebook's lists, grown one phrase at a
        // time, left a few hundred kilobytes of slack in a visit).
        var phrases: [Phrase] = []
        phrases.reserveCapacity(written.count)
        for text in written {
            if let phrase = Phrase(text) { phrases.append(phrase) }
        }
        made = phrases
        written = []
        return phrases
    }
}

/// The normalised phrases of a ``LexiconTable``, made once and shared by its copies.
final class NormalizedLexicons: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [String: [Phrase]]?

    func value(of entries: [String: LexiconTable.Entry]) -> [String: [Phrase]] {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        var result: [String: [Phrase]] = [:]
        result.reserveCapacity(entries.count)
        for (name, entry) in entries { result[name] = entry.phrases }
        made = result
        return result
    }
}

/// Evaluates patterns against normalised text.
///
/// Phrases are found through indexes, never by scanning: a phrase of a pattern through the
/// text's index of unit positions, and every lexicon at once, on the first `@name` a reply needs,
/// by walking the reply's units through an index of all lexicon phrases by their first unit. So
/// the cost of a reply grows with its length and the phrases that really start in it, not with
/// the thousands of phrases in the rulebook.
public struct Matcher: Sendable {
    /// Caps the number of spans carried per sub-pattern, which keeps every evaluation linear.
    static let maximumSpans = 32

    public let lexicons: LexiconTable
    /// Lexicon names by number.
    let lexiconIDs: [String: Int]
    /// The lexicon's id for each process-wide name number (see ``LexiconName``), -1 for a name
    /// that is not a lexicon of this table.
    private let idsByNameNumber: [Int]
    /// Every lexicon phrase by its first unit, and the phrases that may also be matched by sound
    /// (see ``HomophoneIndex``): made on the first `@name` a reply needs, since a program that
    /// never matches a lexicon (and a visit before its first reply) should not pay for them.
    private let indexes: LexiconIndexes

    var homophones: HomophoneIndex { indexes.value.homophones }

    /// A matcher for patterns over `lexicons`.
    ///
    /// - Parameter homophones: whether a lexicon phrase of two or more Chinese characters that is
    ///   not written in a reply may be matched by a span that sounds the same (可事 for 可是). On
    ///   by default; off, matching is exact only (the engine benchmark measures both).
    public init(lexicons: LexiconTable, homophones: Bool = true) {
        self.lexicons = lexicons
        var ids: [String: Int] = [:]
        // NB: in the order of their UTF-8 bytes (for the ASCII names a rulebook has, String's
        // order), compared without String's Unicode-aware comparison, a third of this init.
        for (number, name) in lexicons.names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() { ids[name] = number }
        lexiconIDs = ids
        var byNumber: [Int] = []
        for (name, id) in ids {
            let number = LexiconName(name).number
            if number >= byNumber.count { byNumber += [Int](repeating: -1, count: number - byNumber.count + 1) }
            byNumber[number] = id
        }
        idsByNameNumber = byNumber
        indexes = LexiconIndexes(lexicons: lexicons, ids: ids, homophones: homophones)
    }

    /// Builds the lexicon indexes now rather than on the first reply (for a benchmark).
    public func prepare() { _ = indexes.value }

    /// Evaluates `pattern` against `text`. An unknown lexicon matches nothing (lint reports it).
    public func match(_ pattern: Pattern, in text: NormalizedText) -> MatchResult {
        var memo = LexiconMemo()
        return match(pattern, in: text, memo: &memo)
    }

    /// Every lexicon's occurrences in one text, found once and shared by all the patterns and
    /// rules that judge the same reply.
    public struct LexiconMemo: Sendable {
        /// Every lexicon's spans, by lexicon number.
        var spans: LexiconSpans?
        /// The spans among `spans` that were matched by sound, with their lexicon's number.
        var fuzzy: [(lexicon: Int, match: FuzzyMatch)] = []
        /// Whether `spans` holds the matches by sound too (similarity fills it with exact ones
        /// only, see ``Matcher/addMatchesBySound(in:memo:)``).
        var bySound = false
        public init() {}

        /// Whether lexicon `id` is said (the memo filled).
        @inline(__always)
        func isSaid(_ id: Int) -> Bool { spans?.isSaid(id) ?? false }
    }

    /// Adds the phrases said by sound only to a memo that similarity filled with exact matches
    /// (recognition ranks a node's replies on exact words and then asks its patterns on the same
    /// memo), so that judging the reply against the rulebook sees 「可事」 as 「可是」 as `check` does.
    public func addMatchesBySound(in text: NormalizedText, memo: inout LexiconMemo) {
        guard var spans = memo.spans, !memo.bySound else { return }
        memo.fuzzy = homophones.matches(in: text, besides: &spans, matcher: self)
        memo.spans = spans
        memo.bySound = true
    }

    /// Evaluates `pattern` against `text`, reusing and filling `memo` (one memo per text).
    public func match(_ pattern: Pattern, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        // NB: most of the patterns a reply is held against (a node's other replies, the rulebook's
        // rules) do not match it: whether one does is asked first, without gathering spans, and
        // only a pattern that matches pays for its spans and evidence.
        guard matches(pattern, in: text, memo: &memo) else { return .none }
        return evaluate(pattern, in: text, memo: &memo)
    }

    /// Evaluates a compiled pattern against `text`: as ``match(_:in:memo:)`` for the pattern it
    /// was made from, walking integers instead of the pattern's tree.
    public func match(_ program: PatternProgram, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        program.steps.withUnsafeBufferPointer { steps in
            program.children.withUnsafeBufferPointer { children in
                let walk = ProgramWalk(steps: steps, children: children, phrases: program.phrases)
                let root = Int(program.root)
                guard matches(root, walk, in: text, memo: &memo) else { return .none }
                return evaluate(root, walk, in: text, memo: &memo)
            }
        }
    }

    /// Whether the pattern `program` was made from matches `text`.
    public func matches(_ program: PatternProgram, in text: NormalizedText, memo: inout LexiconMemo) -> Bool {
        program.steps.withUnsafeBufferPointer { steps in
            program.children.withUnsafeBufferPointer { children in
                matches(Int(program.root), ProgramWalk(steps: steps, children: children, phrases: program.phrases), in: text, memo: &memo)
            }
        }
    }

    /// A program's lists, borrowed for one walk.
    struct ProgramWalk {
        let steps: UnsafeBufferPointer<PatternProgram.Step>
        let children: UnsafeBufferPointer<Int32>
        let phrases: [Phrase]
    }

    /// The lexicon of a name's process-wide number, nil when it is not one of this table's.
    @inline(__always)
    private func lexiconID(number: Int) -> Int? {
        guard number < idsByNameNumber.count, case let id = idsByNameNumber[number], id >= 0 else { return nil }
        return id
    }

    private func matches(_ number: Int, _ walk: ProgramWalk, in text: NormalizedText, memo: inout LexiconMemo) -> Bool {
        let step = walk.steps[number]
        switch step.kind {
        case .lexicon:
            guard let id = lexiconID(number: Int(step.a)) else { return false }
            fillLexiconSpans(in: text, memo: &memo)
            return memo.isSaid(id)
        case .anyOf:
            for place in Int(step.a)..<Int(step.a + step.b) where matches(Int(walk.children[place]), walk, in: text, memo: &memo) {
                return true
            }
            return false
        case .allOf:
            for place in Int(step.a)..<Int(step.a + step.b) where !matches(Int(walk.children[place]), walk, in: text, memo: &memo) {
                return false
            }
            return true
        case .not:
            return !matches(Int(step.a), walk, in: text, memo: &memo)
        case .phrase:
            return isSaid(walk.phrases[Int(step.a)], in: text)
        case .followedBy:
            // Order is a matter of spans: asked of the full evaluation when both parts are said.
            let first = Int(walk.children[Int(step.a)]), second = Int(walk.children[Int(step.a) + 1])
            guard matches(first, walk, in: text, memo: &memo), matches(second, walk, in: text, memo: &memo) else { return false }
            // NB: parts made of lexicons only are answered from the memo's lists, without gathering their spans.
            if let start = lexicalCompletion(first, walk, memo: memo),
               let later = lexicalSpan(second, walk, from: start, memo: memo) {
                return later
            }
            return evaluate(number, walk, in: text, memo: &memo).matched
        }
    }

    /// For a step that is a lexicon, or an `|` of lexicons only, said (the memo filled): where its
    /// match is first complete, as its evaluation's ``MatchResult/completion`` (the earliest end
    /// of any of its lexicons' spans); nil for any other step.
    private func lexicalCompletion(_ number: Int, _ walk: ProgramWalk, memo: LexiconMemo) -> Int? {
        var completion: Int?
        guard forEachLexicon(of: number, walk, { id in
            guard memo.isSaid(id), let spans = memo.spans?[id], let end = spans.lazy.map(\.upperBound).min() else { return true }
            completion = min(completion ?? end, end)
            return true
        }) else { return nil }
        return completion
    }

    /// For a step that is a lexicon, or an `|` of lexicons only, said (the memo filled): whether
    /// its evaluation's spans (each lexicon's in turn, capped as ``add(alternative:to:end:)``
    /// caps them) hold one that begins at `start` or later; nil for any other step.
    private func lexicalSpan(_ number: Int, _ walk: ProgramWalk, from start: Int, memo: LexiconMemo) -> Bool? {
        var taken = 0, found = false
        guard forEachLexicon(of: number, walk, { id in
            guard memo.isSaid(id), let spans = memo.spans?[id] else { return true }
            let counted = walk.steps[number].kind == .lexicon ? spans.count : min(spans.count, Matcher.maximumSpans - taken)
            if spans.prefix(counted).contains(where: { $0.lowerBound >= start }) { found = true }
            taken += counted
            return !found
        }) else { return nil }
        return found
    }

    /// Calls `body` with the number in this table of each lexicon of a step that is a lexicon or
    /// an `|` of lexicons only (names not in the table left out, as evaluation leaves them), in
    /// order, until it returns false; false when the step is of another kind.
    @inline(__always)
    private func forEachLexicon(of number: Int, _ walk: ProgramWalk, _ body: (Int) -> Bool) -> Bool {
        let step = walk.steps[number]
        switch step.kind {
        case .lexicon:
            if let id = lexiconID(number: Int(step.a)) { _ = body(id) }
            return true
        case .anyOf:
            let parts = Int(step.a)..<Int(step.a + step.b)
            guard parts.allSatisfy({ walk.steps[Int(walk.children[$0])].kind == .lexicon }) else { return false }
            for place in parts {
                guard let id = lexiconID(number: Int(walk.steps[Int(walk.children[place])].a)) else { continue }
                if !body(id) { break }
            }
            return true
        default:
            return false
        }
    }

    /// Lexicon `id`'s match: its spans and its matches by sound.
    private func lexiconMatch(_ id: Int, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        lexiconPart(id, in: text, memo: &memo)?.result ?? .none
    }

    /// Lexicon `id`'s match as a part of `A > B` (NB: its spans read in place from the memo, not
    /// copied into a list of their own: ``sequence(_:_:)`` makes the one list it returns); nil
    /// when the lexicon is not said.
    private func lexiconPart(_ id: Int, in text: NormalizedText, memo: inout LexiconMemo) -> SequencePart? {
        fillLexiconSpans(in: text, memo: &memo)
        guard memo.isSaid(id), let spans = memo.spans?[id] else { return nil }
        var fuzzy: [FuzzyMatch] = []
        for match in memo.fuzzy where match.lexicon == id { fuzzy.append(match.match) }
        return SequencePart(spans: spans, fuzzy: fuzzy, end: nil)
    }

    /// A part of `A > B` that matched: its spans (a lexicon's read in place, see ``lexiconPart(_:in:memo:)``),
    /// its matches by sound and where it is complete, as its ``MatchResult`` has them.
    struct SequencePart {
        var spans: ArraySlice<Range<Int>>
        var fuzzy: [FuzzyMatch]
        var end: Int?

        init(spans: ArraySlice<Range<Int>>, fuzzy: [FuzzyMatch], end: Int?) {
            self.spans = spans
            self.fuzzy = fuzzy
            self.end = end
        }

        /// A match's part (nil when it did not match).
        init?(_ result: MatchResult) {
            guard result.matched else { return nil }
            self.init(spans: result.spans[...], fuzzy: result.fuzzy, end: result.end)
        }

        /// As ``MatchResult/completion``.
        var completion: Int? { end ?? spans.lazy.map(\.upperBound).min() }

        /// The part as the match it stands for.
        var result: MatchResult {
            var result = MatchResult(matched: true, spans: Array(spans))
            result.fuzzy = fuzzy
            result.end = end
            return result
        }
    }

    /// Step `number` as a part of `A > B`: a lexicon read in place, any other step evaluated;
    /// nil when it does not match.
    private func sequencePart(_ number: Int, _ walk: ProgramWalk, in text: NormalizedText, memo: inout LexiconMemo) -> SequencePart? {
        let step = walk.steps[number]
        guard step.kind == .lexicon else { return SequencePart(evaluate(number, walk, in: text, memo: &memo)) }
        guard let id = lexiconID(number: Int(step.a)) else { return nil }
        return lexiconPart(id, in: text, memo: &memo)
    }

    /// Whether `phrase` is said (and not negated) somewhere in `text`.
    private func isSaid(_ phrase: Phrase, in text: NormalizedText) -> Bool {
        guard let first = phrase.keys.first else { return false }
        for start in text.positions(of: first) where isSaid(phrase, at: start, in: text) { return true }
        return false
    }

    /// `evaluate(_:in:memo:)` of the pattern step `number` stands for.
    private func evaluate(_ number: Int, _ walk: ProgramWalk, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        let step = walk.steps[number]
        switch step.kind {
        case .phrase:
            let spans = occurrences(of: walk.phrases[Int(step.a)], in: text)
            return MatchResult(matched: !spans.isEmpty, spans: spans)
        case .lexicon:
            guard let id = lexiconID(number: Int(step.a)) else { return .none }
            return lexiconMatch(id, in: text, memo: &memo)
        case .anyOf:
            var result = MatchResult.none
            var end: Int?
            for place in Int(step.a)..<Int(step.a + step.b) {
                let part = Int(walk.children[place])
                let kind = walk.steps[part].kind
                // As for a pattern: a lexicon's spans straight from the memo, a phrase asked first.
                if kind == .lexicon {
                    guard let id = lexiconID(number: Int(walk.steps[part].a)) else { continue }
                    fillLexiconSpans(in: text, memo: &memo)
                    guard let completion = addLexicon(id: id, to: &result, memo: &memo) else { continue }
                    result.matched = true
                    end = min(end ?? completion, completion)
                    continue
                }
                if kind == .phrase, !isSaid(walk.phrases[Int(walk.steps[part].a)], in: text) { continue }
                Matcher.add(alternative: evaluate(part, walk, in: text, memo: &memo), to: &result, end: &end)
            }
            result.end = end
            return result
        case .allOf:
            var result = MatchResult(matched: true, spans: [])
            for place in Int(step.a)..<Int(step.a + step.b) {
                let part = Int(walk.children[place])
                if walk.steps[part].kind == .lexicon {
                    guard let id = lexiconID(number: Int(walk.steps[part].a)) else { return .none }
                    fillLexiconSpans(in: text, memo: &memo)
                    guard addLexicon(id: id, to: &result, memo: &memo) != nil else { return .none }
                    continue
                }
                guard Matcher.add(part: evaluate(part, walk, in: text, memo: &memo), to: &result) else { return .none }
            }
            return result
        case .followedBy:
            guard let first = sequencePart(Int(walk.children[Int(step.a)]), walk, in: text, memo: &memo),
                  let second = sequencePart(Int(walk.children[Int(step.a) + 1]), walk, in: text, memo: &memo) else { return .none }
            return Matcher.sequence(first, second)
        case .not:
            return MatchResult(matched: !matches(Int(step.a), walk, in: text, memo: &memo), spans: [])
        }
    }

    /// Adds an alternative of an `|` that matched to the `|`'s result (its spans, capped, and its
    /// matches by sound); `end`: where the first alternative that matched is complete.
    private static func add(alternative one: MatchResult, to result: inout MatchResult, end: inout Int?) {
        guard one.matched else { return }
        result.matched = true
        result.spans.append(contentsOf: one.spans.prefix(Matcher.maximumSpans - result.spans.count))
        result.fuzzy += one.fuzzy
        if let completion = one.completion { end = min(end ?? completion, completion) }
    }

    /// Adds a part of an `&` to the `&`'s result; false when the part did not match (nor does the `&`).
    private static func add(part one: MatchResult, to result: inout MatchResult) -> Bool {
        guard one.matched else { return false }
        result.spans.append(contentsOf: one.spans.prefix(Matcher.maximumSpans - result.spans.count))
        result.fuzzy += one.fuzzy
        return true
    }

    /// `A > B` from the matches of A and of B (both matched): B's spans after A is complete.
    private static func sequence(_ first: SequencePart, _ second: SequencePart) -> MatchResult {
        guard let start = first.completion else { return second.result }
        if second.spans.isEmpty { return first.result }
        // B's spans from there on ("later"; where the first of them ends completes the match),
        // after A's spans that end by then, capped. NB: gathered into one list (filtering both
        // and joining them made four lists, at every `>` of a matched pattern).
        var end: Int?
        for span in second.spans where span.lowerBound >= start { end = min(end ?? span.upperBound, span.upperBound) }
        guard end != nil else { return .none }
        var spans: [Range<Int>] = []
        // NB: room for all at once (grown span by span, the list was made three or four times).
        spans.reserveCapacity(min(first.spans.count + second.spans.count, Matcher.maximumSpans))
        for span in first.spans where span.upperBound <= start && spans.count < Matcher.maximumSpans { spans.append(span) }
        for span in second.spans where span.lowerBound >= start && spans.count < Matcher.maximumSpans { spans.append(span) }
        var result = MatchResult(matched: true, spans: spans)
        result.end = end
        if !first.fuzzy.isEmpty || !second.fuzzy.isEmpty {
            result.fuzzy = (first.fuzzy + second.fuzzy).filter { result.spans.contains($0.span) }
        }
        return result
    }

    /// Adds lexicon `id`'s spans (capped) and matches by sound to `result` (the memo filled); the
    /// lexicon's completion (where its earliest occurrence ends), nil when it is not said.
    private func addLexicon(id: Int, to result: inout MatchResult, memo: inout LexiconMemo) -> Int? {
        guard memo.isSaid(id), let found = memo.spans?[id], let completion = found.lazy.map(\.upperBound).min() else { return nil }
        result.spans.append(contentsOf: found.prefix(Matcher.maximumSpans - result.spans.count))
        for fuzzy in memo.fuzzy where fuzzy.lexicon == id { result.fuzzy.append(fuzzy.match) }
        return completion
    }

    /// Where lexicon `name` is said in `text` (exactly or by sound): `match(.lexicon(name), …).spans`,
    /// read straight from the memo.
    public func spans(ofLexicon name: LexiconName, in text: NormalizedText, memo: inout LexiconMemo) -> ArraySlice<Range<Int>> {
        guard let id = lexiconID(name) else { return [] }
        fillLexiconSpans(in: text, memo: &memo)
        return memo.spans?[id] ?? []
    }

    /// Whether `pattern` matches `text`: `match(pattern, …).matched`, without its spans.
    func matches(_ pattern: Pattern, in text: NormalizedText, memo: inout LexiconMemo) -> Bool {
        switch pattern {
        case let .phrase(phrase):
            return isSaid(phrase, in: text)
        case let .lexicon(name):
            guard let id = lexiconID(name) else { return false }
            fillLexiconSpans(in: text, memo: &memo)
            return memo.isSaid(id)
        case let .anyOf(parts):
            for part in parts where matches(part, in: text, memo: &memo) { return true }
            return false
        case let .allOf(parts):
            for part in parts where !matches(part, in: text, memo: &memo) { return false }
            return true
        case let .followedBy(first, second):
            // Order is a matter of spans: asked of the full evaluation when both parts are said.
            guard matches(first, in: text, memo: &memo), matches(second, in: text, memo: &memo) else { return false }
            return evaluate(pattern, in: text, memo: &memo).matched
        case let .not(inner):
            return !matches(inner, in: text, memo: &memo)
        }
    }

    /// Finds every lexicon's occurrences in `text` (exact, then by sound) unless `memo` has them.
    private func fillLexiconSpans(in text: NormalizedText, memo: inout LexiconMemo) {
        guard memo.spans == nil else { return }
        var spans = allLexiconSpans(in: text)
        memo.fuzzy = homophones.matches(in: text, besides: &spans, matcher: self)
        memo.spans = spans
        memo.bySound = true
    }

    /// `match` without the first question (see there): the spans of a pattern, evaluated part by part.
    private func evaluate(_ pattern: Pattern, in text: NormalizedText, memo: inout LexiconMemo) -> MatchResult {
        switch pattern {
        case let .phrase(phrase):
            let spans = occurrences(of: phrase, in: text)
            return MatchResult(matched: !spans.isEmpty, spans: spans)
        case let .lexicon(name):
            guard let id = lexiconID(name) else { return .none }
            return lexiconMatch(id, in: text, memo: &memo)
        case let .anyOf(parts):
            var result = MatchResult.none
            var end: Int?
            for part in parts {
                // NB: a lexicon's spans are added straight from the memo, and a phrase is asked
                // whether it is said before its occurrences are listed: a rule's `met` pattern is
                // an alternative of dozens of lexicons and phrases, most of them not in the reply.
                if case let .lexicon(name) = part {
                    guard let completion = addLexicon(name, to: &result, in: text, memo: &memo) else { continue }
                    result.matched = true
                    end = min(end ?? completion, completion)
                    continue
                }
                if case .phrase = part, !matches(part, in: text, memo: &memo) { continue }
                Matcher.add(alternative: evaluate(part, in: text, memo: &memo), to: &result, end: &end)
            }
            // NB: complete where the first alternative that matched is complete.
            result.end = end
            return result
        case let .allOf(parts):
            var result = MatchResult(matched: true, spans: [])
            for part in parts {
                if case let .lexicon(name) = part {
                    guard addLexicon(name, to: &result, in: text, memo: &memo) != nil else { return .none }
                    continue
                }
                guard Matcher.add(part: evaluate(part, in: text, memo: &memo), to: &result) else { return .none }
            }
            return result
        case let .followedBy(firstPattern, secondPattern):
            guard let first = SequencePart(evaluate(firstPattern, in: text, memo: &memo)),
                  let second = SequencePart(evaluate(secondPattern, in: text, memo: &memo)) else { return .none }
            return Matcher.sequence(first, second)
        case let .not(inner):
            return MatchResult(matched: !matches(inner, in: text, memo: &memo), spans: [])
        }
    }

    /// Adds lexicon `name`'s spans (capped) and matches by sound to `result`, as a part of `|` or
    /// `&` adds its evaluation; the lexicon's completion (where its earliest occurrence ends), nil
    /// when it is not said (or is not a lexicon).
    private func addLexicon(_ name: LexiconName, to result: inout MatchResult, in text: NormalizedText, memo: inout LexiconMemo) -> Int? {
        guard let id = lexiconID(name) else { return nil }
        fillLexiconSpans(in: text, memo: &memo)
        return addLexicon(id: id, to: &result, memo: &memo)
    }

    /// The number of lexicon `name` in this matcher's table, nil for a name that is not one of its lexicons.
    @inline(__always)
    private func lexiconID(_ name: LexiconName) -> Int? { lexiconID(number: name.number) }

    /// The occurrences of every lexicon's phrases, in text order, capped per lexicon.
    func allLexiconSpans(in text: NormalizedText) -> LexiconSpans {
        var spans = LexiconSpans.Builder(lexiconCount: lexiconIDs.count, capacity: text.keys.count)
        let value = indexes.value
        let index = value.firstUnits
        let keys = text.keys
        // The phrases written at one start, listed in the order their lexicons hold them.
        var found: [(rank: Int32, lexicon: Int, count: Int, isNegative: Bool)] = []
        for start in keys.indices {
            let (single, longer) = index.candidates(startingWith: keys[start])
            guard !single.isEmpty || !longer.isEmpty else { continue }
            found.removeAll(keepingCapacity: true)
            // The phrases of one unit, then those whose second unit stands next.
            let paired = start + 1 < keys.count && !longer.isEmpty ? index.candidates(in: longer, second: keys[start + 1].code) : 0..<0
            for place in single.lowerBound..<single.upperBound + paired.count {
                let candidate = index.candidates[place < single.upperBound ? place : paired.lowerBound + place - single.upperBound]
                var count = Int(candidate.count)
                if count > 2 {
                    // NB: a phrase that runs past the reply's end, or whose third unit is not the
                    // reply's next but one, is not read (reading it is most of this pass's cost).
                    guard start + count <= keys.count, FirstUnitIndex.unitByte(keys[start + 2]) == candidate.third else { continue }
                }
                if count == 0 || count > 2 {
                    // NB: the first two units are known to stand there; only a longer phrase is read.
                    let phrase = value.phrase(candidate.entry)
                    count = phrase.keys.count
                    guard isWritten(phrase, at: start, in: text) else { continue }
                }
                found.append((candidate.rank, Int(candidate.entry.lexicon), count, candidate.isNegative))
            }
            guard !found.isEmpty else { continue }
            if found.count > 1 { found.sort { $0.rank < $1.rank } }
            // Whether a phrase found here is said is the same for every phrase that does not begin
            // with a negator (and for every one that does): asked once each, when first needed.
            var plainSaid: Bool?
            var negativeSaid: Bool?
            for phrase in found where spans.count(of: phrase.lexicon) < Matcher.maximumSpans {
                let said: Bool
                if phrase.isNegative {
                    if negativeSaid == nil { negativeSaid = text.negators[start] && !Matcher.isDoublyNegated(at: start, in: text) }
                    said = negativeSaid == true
                } else {
                    if plainSaid == nil { plainSaid = !isNegated(at: start, in: text) }
                    said = plainSaid == true && !Matcher.isSetAside(start..<start + phrase.count, in: text)
                }
                if said { spans.append(start..<start + phrase.count, to: phrase.lexicon) }
            }
        }
        return spans.finish()
    }

    /// Whether `phrase`'s units stand at unit `start` of `text` (its first unit known to be there).
    @inline(__always)
    private func isWritten(_ phrase: Phrase, at start: Int, in text: NormalizedText) -> Bool {
        let count = phrase.keys.count
        guard start + count <= text.keys.count else { return false }
        var offset = 1
        while offset < count {
            if text.keys[start + offset] != phrase.keys[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Whether `phrase` stands at unit `start` of `text` and is not negated there.
    func isSaid(_ phrase: Phrase, at start: Int, in text: NormalizedText) -> Bool {
        guard isWritten(phrase, at: start, in: text) else { return false }
        // A phrase that begins with a negator must begin at a real one in the text:
        // 不能延期 is not said inside the question 能不能延期, nor under a second negation
        // (没有不能延期的道理, 不是不能延期: two noes make a yes).
        // Words named only to be set aside (「样机试打就不用了」) are not said either, for every
        // pattern alike: a reply's recognition and the rulebook's verdicts.
        if phrase.isNegative { return text.negators[start] && !Matcher.isDoublyNegated(at: start, in: text) }
        return !isNegated(at: start, in: text) && !Matcher.isSetAside(start..<start + phrase.keys.count, in: text)
    }

    /// Whether a phrase standing at `span` is named only to be set aside (its first unit retracted,
    /// see ``NormalizedText/retractedUnits``), unless it holds a negator of its own (「跟你说也没用」):
    /// then it is the "no" that sets words aside, not words set aside by it, and it is said.
    static func isSetAside(_ span: Range<Int>, in text: NormalizedText) -> Bool {
        guard text.retractedUnits[span.lowerBound] else { return false }
        var index = span.lowerBound + 1
        while index < span.upperBound && index < text.negators.count {
            if text.negators[index] { return false }
            index += 1
        }
        return true
    }

    /// Whether the negator at `start` is itself negated right before it: 没(有)/不是/并非/没说 + 不….
    /// "不会也不能延期" is two refusals, not a double negation: only these tight forms count.
    static func isDoublyNegated(at start: Int, in text: NormalizedText) -> Bool {
        guard start >= 1 else { return false }
        let clause = text.units[start].clause
        func unit(_ index: Int) -> String? { index >= 0 && text.units[index].clause == clause ? text.units[index].text : nil }
        if let previous = unit(start - 1), ["有", "是", "说", "非"].contains(previous), start >= 2, text.negators[start - 2] || unit(start - 2) == "并" && start >= 3 && text.negators[start - 3] {
            return unit(start - 2) != nil
        }
        // English: "it's not that we can't …", "there's no reason we can't …".
        var index = start - 1
        var bridge = false
        while index >= max(0, start - 4), let word = unit(index) {
            if ["that", "reason", "saying", "say"].contains(word) { bridge = true } else if bridge && text.negators[index] { return true }
            index -= 1
        }
        return false
    }

    /// Where `phrase` is said (and not negated) in `text`.
    func occurrences(of phrase: Phrase, in text: NormalizedText) -> [Range<Int>] {
        guard let first = phrase.keys.first else { return [] }
        var result: [Range<Int>] = []
        for start in text.positions(of: first) where isSaid(phrase, at: start, in: text) {
            result.append(start..<start + phrase.keys.count)
            if result.count >= Matcher.maximumSpans { break }
        }
        return result
    }

    func isNegated(at start: Int, in text: NormalizedText) -> Bool {
        let clause = text.units[start].clause
        // A contrast turns to a new thought: a negator before it does not reach past it
        // (「您怕售后跟不上 but 我们在东莞有办事处」, "not cheap, but it pays back in a year").
        if Negation.beginsContrast(at: start, in: text.keys) { return false }
        // Words carry more than characters: English looks fewer units back than Chinese.
        let isWord = !text.isCharacter(start)
        let window = isWord ? Negation.wordWindowSize : Negation.windowSize
        var index = start - 1
        while index >= 0 && index >= start - window {
            if text.units[index].clause != clause { return false }
            if text.negators[index] { return true }
            if Negation.beginsContrast(at: index, in: text.keys) { return false }
            index -= 1
        }
        return false
    }
}

/// A matcher's indexes of lexicon phrases, built once on first use and shared by its copies.
final class LexiconIndexes: @unchecked Sendable {
    /// NB: a class, so that a reply's lexicon pass and its pass by sound take the indexes with
    /// one reference counted, not a copy of their score of lists each.
    final class Value: Sendable {
        let firstUnits: FirstUnitIndex
        /// Each lexicon's phrases, by lexicon number (the table's own lists, shared, not copied).
        let lexiconPhrases: [[Phrase]]
        /// The regional variants of the phrases (see ``RegionalForms``).
        let variants: [Phrase]
        let homophones: HomophoneIndex

        init(firstUnits: FirstUnitIndex, lexiconPhrases: [[Phrase]], variants: [Phrase], homophones: HomophoneIndex) {
            self.firstUnits = firstUnits
            self.lexiconPhrases = lexiconPhrases
            self.variants = variants
            self.homophones = homophones
        }

        /// The phrase an entry numbers.
        @inline(__always)
        func phrase(_ entry: Entry) -> Phrase {
            entry.phrase >= 0 ? lexiconPhrases[Int(entry.lexicon)][Int(entry.phrase)] : variants[Int(-1 - entry.phrase)]
        }
    }

    /// A phrase of a lexicon, by numbers: its place in its lexicon's list, or (negative, -1 - i)
    /// variant i. NB: 8 bytes an entry, not a copy of the phrase: rulebook v8's 9,600 phrases and
    /// their variants made the index a megabyte otherwise.
    struct Entry: Sendable {
        var lexicon: Int32
        var phrase: Int32
    }

    private let lock = NSLock()
    private var built: Value?
    private let lexicons: LexiconTable
    private let ids: [String: Int]
    private let soundAlike: Bool

    init(lexicons: LexiconTable, ids: [String: Int], homophones: Bool) {
        self.lexicons = lexicons
        self.ids = ids
        soundAlike = homophones
    }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let value = build()
        built = value
        return value
    }

    private func build() -> Value {
        // NB: the sound table first, while nothing else is built: decoding it is a visit's
        // largest passing need of memory.
        if self.soundAlike { _ = PinyinTable.shared }
        // Every phrase and variant as a number, in the lexicons' order (each variant after its phrase).
        var entries: [Entry] = []
        var lexiconPhrases = [[Phrase]](repeating: [], count: ids.count)
        var variants: [Phrase] = []
        var soundAlike: [HomophoneIndex.Entry] = []
        let all = lexicons.lexicons
        let exact = lexicons.matchedExactly
        for (name, number) in ids.sorted(by: { $0.value < $1.value }) {
            let list = all[name] ?? []
            lexiconPhrases[number] = list
            let bySound = self.soundAlike && !exact.contains(name)
            for (place, phrase) in list.enumerated() {
                entries.append(Entry(lexicon: Int32(number), phrase: Int32(place)))
                for variant in RegionalForms.variants(of: phrase) {
                    entries.append(Entry(lexicon: Int32(number), phrase: Int32(-1 - variants.count)))
                    variants.append(variant)
                }
                if bySound { soundAlike.append(HomophoneIndex.Entry(lexicon: Int32(number), phrase: Int32(place))) }
            }
        }
        let firstUnits = FirstUnitIndex(entries) { entry in
            entry.phrase >= 0 ? lexiconPhrases[Int(entry.lexicon)][Int(entry.phrase)] : variants[Int(-1 - entry.phrase)]
        }
        entries = []
        return Value(firstUnits: firstUnits, lexiconPhrases: lexiconPhrases, variants: variants,
                     homophones: HomophoneIndex(lexiconPhrases: lexiconPhrases, candidates: soundAlike))
    }
}
