/// Every lexicon phrase (and regional variant) by its first two units, for the pass that finds
/// all of a reply's lexicon occurrences at once (``Matcher/allLexiconSpans(in:)``).
///
/// NB: an open-addressed table of the distinct first units over one flat list of candidates,
/// each group sorted by the phrase's second unit: a reply's unit is found with one multiply and a
/// probe (not a `Dictionary`'s seeded hash), and of the hundreds of phrases that begin with 「我」
/// or 「是」 only those whose second unit stands next in the reply are read (two halving searches).
struct FirstUnitIndex: Sendable {
    /// A phrase that may start at a unit (its second unit's code stands at its place in ``seconds``).
    struct Candidate: Sendable {
        var entry: LexiconIndexes.Entry
        /// The phrase's place among the phrases with its first unit, in the order they were
        /// added: a reply's occurrences are listed in that order, whatever the sorting.
        var rank: Int32
        /// The phrase's length in units (0 when it does not fit: then the phrase is asked), and
        /// whether it begins with a negator: a phrase of one or two units is found without
        /// reading the phrase itself.
        var count: UInt16
        var isNegative: Bool
        /// A byte of the phrase's third unit (see ``unitByte(_:)``; 0 for a shorter phrase): a
        /// phrase of three units or more whose third unit is not in the reply is passed over
        /// without reading the phrase (NB: in the padding the other fields leave: no memory more).
        var third: UInt8 = 0
    }

    /// A byte of a unit's code, for ``Candidate/third``.
    @inline(__always)
    static func unitByte(_ key: UnitKey) -> UInt8 { UInt8(truncatingIfNeeded: (key.code &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    /// The candidates, grouped by first unit, each group sorted by second unit, then rank.
    let candidates: [Candidate]
    /// Each candidate's second unit's code (0 for a phrase of one unit: no unit has the code 0).
    /// NB: a list of its own, searched by halving: eight bytes a step, not a candidate's 24.
    private let seconds: [UInt64]
    /// The first units, each numbering its group, and each group's bounds in `candidates`.
    private let groups: CodeTable
    private let groupStarts: [Int32]
    /// Where each group's phrases of one unit end (they come first: their second code, 0, is the least).
    private let singleEnds: [Int32]

    /// Groups the phrases of `entries` (in that order; `phrase` reads an entry's phrase) by first unit.
    /// NB: the phrases are read twice (counted, then placed) rather than copied into a list of
    /// their facts: the index is built on a visit's first reply, at the top of its memory use.
    init(_ entries: [LexiconIndexes.Entry], phrase: (LexiconIndexes.Entry) -> Phrase) {
        var groups: [UInt64: Int] = [:]
        var firsts: [UInt64] = []
        var counts: [Int] = []
        for entry in entries {
            guard let first = phrase(entry).keys.first?.code else { continue }
            if let group = groups[first] {
                counts[group] += 1
            } else {
                groups[first] = firsts.count
                firsts.append(first)
                counts.append(1)
            }
        }
        var starts = [Int](repeating: 0, count: firsts.count)
        var total = 0
        for group in firsts.indices {
            starts[group] = total
            total += counts[group]
        }
        var next = starts
        var candidates = [Candidate](repeating: Candidate(entry: .init(lexicon: 0, phrase: 0), rank: 0, count: 0, isNegative: false), count: total)
        var seconds = [UInt64](repeating: 0, count: total)
        for entry in entries {
            let phrase = phrase(entry)
            guard let first = phrase.keys.first?.code, let group = groups[first] else { continue }
            let keys = phrase.keys
            seconds[next[group]] = keys.count > 1 ? keys[1].code : 0
            candidates[next[group]] = Candidate(entry: entry, rank: Int32(next[group] - starts[group]),
                                                count: keys.count <= Int(UInt16.max) ? UInt16(keys.count) : 0, isNegative: phrase.isNegative,
                                                third: keys.count > 2 ? FirstUnitIndex.unitByte(keys[2]) : 0)
            next[group] += 1
        }
        var singleEnds = [Int32](repeating: 0, count: firsts.count)
        for group in firsts.indices {
            let range = starts[group]..<starts[group] + counts[group]
            let sorted = range.map { (seconds[$0], candidates[$0]) }.sorted { ($0.0, $0.1.rank) < ($1.0, $1.1.rank) }
            for (place, item) in zip(range, sorted) {
                seconds[place] = item.0
                candidates[place] = item.1
            }
            singleEnds[group] = Int32(truncatingIfNeeded: range.lowerBound + sorted.prefix { $0.0 == 0 }.count)
        }
        self.candidates = candidates
        self.seconds = seconds
        self.groups = CodeTable(firsts)
        groupStarts = (starts + [total]).map { Int32(truncatingIfNeeded: $0) }
        self.singleEnds = singleEnds
    }

    /// The bounds in ``candidates`` of the phrases that begin with `key`: those of one unit, and
    /// the longer ones after them (both empty when no phrase does).
    @inline(__always)
    func candidates(startingWith key: UnitKey) -> (single: Range<Int>, longer: Range<Int>) {
        guard let group = groups.entry(of: key.code) else { return (0..<0, 0..<0) }
        let start = Int(groupStarts[group]), singleEnd = Int(singleEnds[group]), end = Int(groupStarts[group + 1])
        return (start..<singleEnd, singleEnd..<end)
    }

    /// Within `longer` (a group's phrases of two units or more), the candidates whose second unit's code is `second`.
    /// NB: where they end is found by walking from where they begin (they are read next anyway),
    /// not by a second search: each step of a search over a group of hundreds was a cache miss.
    @inline(__always)
    func candidates(in longer: Range<Int>, second: UInt64) -> Range<Int> {
        let lower = firstIndex(in: longer) { $0 >= second }
        var upper = lower
        while upper < longer.upperBound && seconds[upper] == second { upper += 1 }
        return lower..<upper
    }

    /// The first place in `range` whose second unit's code satisfies `isAtOrAfter` (true from some place on).
    @inline(__always)
    private func firstIndex(in range: Range<Int>, where isAtOrAfter: (UInt64) -> Bool) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if isAtOrAfter(seconds[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
