/// Every lexicon phrase (and regional variant) by its first two units, for the pass that finds
/// all of a reply's lexicon occurrences at once (``Matcher/allLexiconSpans(in:)``).
///
/// NB: an open-addressed table of the distinct first units over one flat list of candidates,
/// each group sorted by the phrase's second unit: a reply's unit is found with one multiply and a
/// probe (not a `Dictionary`'s seeded hash), and of the hundreds of phrases that begin with 「我」
/// or 「是」 only those whose second unit stands next in the reply are read (two halving searches).
struct FirstUnitIndex: Sendable {
    /// A phrase that may start at a unit.
    struct Candidate: Sendable {
        /// The phrase's second unit's code (0 for a phrase of one unit: no unit has the code 0).
        var second: UInt64
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
    /// The first units, each numbering its group, and each group's bounds in `candidates`.
    private let groups: CodeTable
    private let groupStarts: [Int32]

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
        var candidates = [Candidate](repeating: Candidate(second: 0, entry: .init(lexicon: 0, phrase: 0), rank: 0, count: 0, isNegative: false), count: total)
        for entry in entries {
            let phrase = phrase(entry)
            guard let first = phrase.keys.first?.code, let group = groups[first] else { continue }
            let keys = phrase.keys
            candidates[next[group]] = Candidate(second: keys.count > 1 ? keys[1].code : 0, entry: entry, rank: Int32(next[group] - starts[group]),
                                                count: keys.count <= Int(UInt16.max) ? UInt16(keys.count) : 0, isNegative: phrase.isNegative,
                                                third: keys.count > 2 ? FirstUnitIndex.unitByte(keys[2]) : 0)
            next[group] += 1
        }
        for group in firsts.indices {
            candidates[starts[group]..<starts[group] + counts[group]].sort { ($0.second, $0.rank) < ($1.second, $1.rank) }
        }
        self.candidates = candidates
        self.groups = CodeTable(firsts)
        groupStarts = (starts + [total]).map { Int32(truncatingIfNeeded: $0) }
    }

    /// The bounds in ``candidates`` of the phrases that begin with `key` (empty when none does).
    @inline(__always)
    func candidates(startingWith key: UnitKey) -> Range<Int> {
        guard let group = groups.entry(of: key.code) else { return 0..<0 }
        return Int(groupStarts[group])..<Int(groupStarts[group + 1])
    }

    /// Within `group`, the candidates whose second unit's code is `second` (0: the phrases of one unit).
    @inline(__always)
    func candidates(in group: Range<Int>, second: UInt64) -> Range<Int> {
        let lower = firstIndex(in: group) { $0 >= second }
        let upper = second == .max ? group.upperBound : firstIndex(in: lower..<group.upperBound) { $0 > second }
        return lower..<upper
    }

    /// The first place in `range` whose second unit's code satisfies `isAtOrAfter` (true from some place on).
    @inline(__always)
    private func firstIndex(in range: Range<Int>, where isAtOrAfter: (UInt64) -> Bool) -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if isAtOrAfter(candidates[middle].second) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
