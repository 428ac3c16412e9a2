/// Lexicon phrases indexed by sound, so that an input-method slip still counts as the phrase.
///
/// A trainee typing pinyin picks the wrong character of the same sound: 可事 for 可是, 以经 for
/// 已经, 在见 for 再见, or (with a southern accent, -in for -ing) 因该 for 应该. A lexicon phrase of
/// two or more Chinese characters that is **not written anywhere in the reply** matches a span
/// whose characters each share a reading with the phrase's (tones ignored, see
/// ``PinyinTable/homophoneClass(of:)``), provided that
///
/// - at least one character is written exactly, and at most one in two differs (one for two or
///   three characters), so that two unrelated words that merely sound alike do not match;
/// - no differing character is a negator, and the span is not negated (as for an exact phrase);
/// - the phrase does not itself begin with a negator (不行 is matched literally);
/// - the span is not inside a phrase of any lexicon written exactly there: 清洗 (a lexicon word
///   of its own) is not a slip for 清晰.
///
/// - no differing character heard only through the accent's merging makes a common word with
///   its neighbour in the span (see ``OrdinaryWords``): 「省级」 is not a slip for 「神级」
///   (sheng, shen); 那条 is still a slip for 哪条 (the same syllable).
///
/// Known limit: an ordinary word rarer than the word list's threshold (完全不动 for 不懂), or
/// one across the span's edge (「停一次线」: 一次, then 线, for 「黐线」), that sounds like a
/// lexicon phrase, with one character in common, is taken for it. Lexicons that hold the words
/// of their domain (as `usage-care` holds 清洗) keep this rare; calibrate measures it.
///
/// Single characters never match by sound. The matches are reported as ``FuzzyMatch``es, so that
/// evidence shows `可事≈可是`.
///
/// Cost: phrases are indexed by the sounds of their first two characters, and a reply is walked
/// once, looking up each pair of neighbouring characters (an integer key): linear in the reply,
/// independent of the number of phrases.
struct HomophoneIndex: Sendable {
    /// A phrase of a lexicon, by its lexicon's number and its place in the lexicon's list (NB: 8
    /// bytes, not a copy of the phrase).
    struct Entry: Sendable {
        var lexicon: Int32
        var phrase: Int32
    }

    /// Each lexicon's phrases, by lexicon number (the matcher's lists, shared, not copied).
    let lexiconPhrases: [[Phrase]]
    let entries: [Entry]
    /// Entries by the classes of their first two characters: for pair i (the i-th pair that starts
    /// some phrase, in the order of ``pairBits``), its entries' numbers at
    /// `pairEntries[pairStarts[i]..<pairStarts[i + 1]]` (NB: a dictionary of arrays cost a visit
    /// about half a megabyte).
    let pairStarts: [Int32]
    let pairEntries: [Int32]
    /// For each place in `pairEntries`, its phrase's first four characters and length (see
    /// ``Slot``), side by side: a reply's pair of sounds is checked against its phrases without
    /// reading each phrase (see ``mayMatch(_:_:at:in:ranges:table:)``).
    let pairSlots: [Slot]
    /// One bit per pair of classes (first * classCount + second), set when some entry starts with
    /// it: most neighbouring characters of a reply start no phrase, and a bit test is far
    /// cheaper than a dictionary lookup.
    let pairBits: [UInt64]
    /// For each word of ``pairBits``, how many bits the words before it have: a pair's number is
    /// the number of pairs set before its bit (NB: counted, not searched for by halving in a list
    /// of the pairs, a cache miss a step).
    let pairRanks: [Int32]
    let classCount: Int
    let table: PinyinTable?

    var isEmpty: Bool { entries.isEmpty }

    /// What a phrase's place in ``pairEntries`` tells without reading the phrase: its first
    /// four characters (code points; 0 past its end) and its length in units (saturated at 255),
    /// and the class of sound of its third and fourth characters (see ``soundClass(of:in:)``).
    struct Slot: Sendable {
        var characters: SIMD4<UInt32>
        var count: UInt8
        /// NB: in the padding the other fields leave (no memory more): a reply's character that
        /// differs from the phrase's is checked against the phrase's class without looking the
        /// phrase's character up in the table of sounds (two cache misses, for most slots read).
        var thirdClass: UInt16 = Slot.noClass
        var fourthClass: UInt16 = Slot.noClass

        /// The class of a character without a reading (no class of the reply's is this).
        static let noClass = UInt16.max
        /// Stands for the classes of a character with several (the table is asked).
        static let severalClasses = UInt16.max - 1

        /// Stands for a unit that is not one character (or lies past the text's end): no
        /// phrase's character is this.
        static let noCharacter = UInt32.max
    }

    /// Whether the phrase of `slot` may sound like the units at `start` of `text`, whose first
    /// four are `units` (code points, or ``Slot/noCharacter``) and whose classes of sound stand
    /// at `ranges` in the table's list: ``soundsLike(_:at:in:table:)`` asked of the phrase's first
    /// four characters, without reading the phrase (exactly that question for a phrase of four
    /// characters or fewer; a first sieve for a longer one). NB: most of the phrases listed under
    /// a reply's pair of sounds begin with the reply's very characters and differ further on, and
    /// reading each phrase was a cache miss or two.
    @inline(__always)
    private func mayMatch(_ slot: Slot, _ units: SIMD4<UInt32>, at start: Int, in text: NormalizedText,
                          ranges: [Range<Int>], table: PinyinTable) -> Bool {
        let length = Int(slot.count)
        // NB: a length of 255 is saturated: the phrase is read to be sure.
        guard length < Int(UInt8.max) else { return true }
        guard start + length <= text.keys.count else { return false }
        var differences = 0
        for offset in 0..<min(length, 4) where units[offset] != slot.characters[offset] {
            differences += 1
            guard !text.negators[start + offset] else { return false }
            // The first two characters share a sound by construction of the index.
            if offset >= 2 {
                guard units[offset] != Slot.noCharacter else { return false }
                let sounds = table.classIDs[ranges[start + offset]]
                switch offset == 2 ? slot.thirdClass : slot.fourthClass {
                case Slot.severalClasses:
                    guard table.classes(of: slot.characters[offset]).contains(where: sounds.contains) else { return false }
                case Slot.noClass:
                    return false
                case let wanted:
                    guard sounds.contains(wanted) else { return false }
                }
            }
        }
        return differences <= HomophoneIndex.differencesAllowed(length) && (length > 4 || differences > 0)
    }

    /// Indexes the phrases that may be matched by sound (`candidates` number them in
    /// `lexiconPhrases`); the others are left out.
    init(lexiconPhrases: [[Phrase]], candidates: [Entry]) {
        self.lexiconPhrases = lexiconPhrases
        guard !candidates.isEmpty else {
            entries = []
            pairStarts = [0]
            pairEntries = []
            pairSlots = []
            pairBits = []
            pairRanks = []
            classCount = 0
            table = nil
            return
        }
        let table = PinyinTable.shared
        let classCount = table.classCount
        var entries: [Entry] = []
        var pairList: [(pair: UInt32, entry: Int32)] = []
        var pairBits = [UInt64](repeating: 0, count: (classCount * classCount + 63) / 64)
        phrases: for candidate in candidates {
            let phrase = lexiconPhrases[Int(candidate.lexicon)][Int(candidate.phrase)]
            guard phrase.keys.count >= 2 && !phrase.isNegative else { continue }
            // Every character must be a Han ideograph with a reading.
            for key in phrase.keys {
                guard let value = key.scalar, let scalar = Unicode.Scalar(value), CharacterClass.isHan(scalar),
                      !table.classes(of: value).isEmpty else { continue phrases }
            }
            guard let firstValue = phrase.keys[0].scalar, let secondValue = phrase.keys[1].scalar else { continue }
            let number = Int32(entries.count)
            entries.append(candidate)
            for first in table.classes(of: firstValue) {
                for second in table.classes(of: secondValue) {
                    pairList.append((UInt32(first) << 16 | UInt32(second), number))
                    let bit = Int(first) * classCount + Int(second)
                    pairBits[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
        // NB: a stable order (pair, then entry), so that a pair's entries stay in lexicon order.
        pairList.sort { $0.pair != $1.pair ? $0.pair < $1.pair : $0.entry < $1.entry }
        var pairStarts: [Int32] = []
        var last: UInt32?
        for (index, item) in pairList.enumerated() where last != item.pair {
            last = item.pair
            pairStarts.append(Int32(index))
        }
        pairStarts.append(Int32(pairList.count))
        self.entries = entries
        self.pairStarts = pairStarts
        pairEntries = pairList.map(\.entry)
        pairSlots = pairList.map { item in
            let entry = entries[Int(item.entry)]
            let keys = lexiconPhrases[Int(entry.lexicon)][Int(entry.phrase)].keys
            var characters = SIMD4<UInt32>(repeating: 0)
            for offset in 0..<min(keys.count, 4) { characters[offset] = keys[offset].scalar ?? 0 }
            return Slot(characters: characters, count: UInt8(clamping: keys.count),
                        thirdClass: HomophoneIndex.soundClass(of: characters[2], in: table),
                        fourthClass: HomophoneIndex.soundClass(of: characters[3], in: table))
        }
        self.pairBits = pairBits
        var ranks: [Int32] = []
        ranks.reserveCapacity(pairBits.count)
        var set: Int32 = 0
        for word in pairBits {
            ranks.append(set)
            set += Int32(word.nonzeroBitCount)
        }
        pairRanks = ranks
        self.classCount = classCount
        self.table = table
    }

    /// The class of sound of the character `value` for a ``Slot``: its one class, ``Slot/noClass``
    /// when it has none, ``Slot/severalClasses`` when it has more (or a class the slot cannot hold).
    static func soundClass(of value: UInt32, in table: PinyinTable) -> UInt16 {
        let classes = table.classes(of: value)
        guard let first = classes.first else { return Slot.noClass }
        return classes.count == 1 && first < Slot.severalClasses ? first : Slot.severalClasses
    }

    /// How many characters of a phrase of `count` may differ from the reply's: one in two, at least one.
    static func differencesAllowed(_ count: Int) -> Int { max(1, count / 2) }

    /// The phrases that `text` says by sound only, added to `spans` (by lexicon, capped as exact
    /// occurrences are) and returned as fuzzy matches.
    func matches(in text: NormalizedText, besides spans: inout LexiconSpans, matcher: Matcher) -> [(lexicon: Int, match: FuzzyMatch)] {
        guard let table, text.keys.count >= 2 else { return [] }
        let keys = text.keys
        // NB: each unit's classes as a range of the table's class list: the walk below runs on
        // every reply, and a slice of the list per unit would be retained and released each step.
        let ranges = keys.map { key -> Range<Int> in
            if let value = key.scalar { return table.classRange(of: value) }
            return 0..<0
        }
        let classList = table.classIDs
        var result: [(lexicon: Int, match: FuzzyMatch)] = []
        // How many spans of each lexicon's list are exact (counted when the first sound-alike is met).
        var exactCounts: [Int]?
        // Whether each entry's phrase is written in the reply, looked up once per entry: a long
        // reply repeating one slip must not scan the reply again at every repetition.
        var written: [Int: Bool] = [:]
        for start in 0..<(keys.count - 1) {
            let current = ranges[start], next = ranges[start + 1]
            guard !current.isEmpty, !next.isEmpty else { continue }
            var units = SIMD4<UInt32>(repeating: Slot.noCharacter)
            for offset in 0..<min(4, keys.count - start) { units[offset] = keys[start + offset].scalar ?? Slot.noCharacter }
            for firstIndex in current {
                let first = classList[firstIndex]
                let row = Int(first) * classCount
                for secondIndex in next {
                    let second = classList[secondIndex]
                    let bit = row + Int(second)
                    let word = pairBits[bit >> 6], mask: UInt64 = 1 << UInt64(bit & 63)
                    guard word & mask != 0 else { continue }
                    let pair = Int(pairRanks[bit >> 6]) + (word & (mask &- 1)).nonzeroBitCount
                    for slot in Int(pairStarts[pair])..<Int(pairStarts[pair + 1])
                    where mayMatch(pairSlots[slot], units, at: start, in: text, ranges: ranges, table: table) {
                        let number = Int(pairEntries[slot])
                        let lexicon = Int(entries[number].lexicon)
                        let phrase = lexiconPhrases[lexicon][Int(entries[number].phrase)]
                        let span = start..<start + phrase.keys.count
                        guard spans.count(of: lexicon) < Matcher.maximumSpans,
                              soundsLike(phrase, at: start, in: text, table: table)
                        else { continue }
                        guard !spans[lexicon].contains(span), !matcher.isNegated(at: start, in: text) else { continue }
                        let isWritten = written[number] ?? isWritten(phrase, in: text)
                        written[number] = isWritten
                        if isWritten { continue }
                        // A word the rulebook knows, written exactly there, is that word: 清洗
                        // (usage care) is not a slip for 清晰 (a benefit).
                        let exact = exactCounts ?? (0..<spans.groupCount).map { spans.group($0).count }
                        exactCounts = exact
                        if isInsideExactPhrase(span, spans: spans, exactCounts: exact) { continue }
                        if isOrdinaryWord(heardAs: phrase, at: start, in: text) { continue }
                        spans.append(span, to: lexicon)
                        result.append((lexicon, FuzzyMatch(span: span, phrase: phrase.written)))
                    }
                }
            }
        }
        return result
    }

    /// Whether the units at `start` sound like `phrase` and differ from it in a few characters.
    private func soundsLike(_ phrase: Phrase, at start: Int, in text: NormalizedText, table: PinyinTable) -> Bool {
        let count = phrase.keys.count
        guard start + count <= text.keys.count else { return false }
        var differences = 0
        for offset in 0..<count {
            let key = text.keys[start + offset]
            if key == phrase.keys[offset] { continue }
            differences += 1
            guard differences <= HomophoneIndex.differencesAllowed(count), !text.negators[start + offset] else { return false }
            // The first two characters share a sound by construction of the index.
            if offset >= 2 {
                guard let value = key.scalar, let wanted = phrase.keys[offset].scalar else { return false }
                let sounds = table.classes(of: value)
                guard table.classes(of: wanted).contains(where: sounds.contains) else { return false }
            }
        }
        return differences > 0
    }

    /// Whether the span of `phrase`'s length at `start`, heard as `phrase`, is an ordinary word
    /// instead: a character heard only through the accent's merging (sheng for shen) that makes a
    /// common word with its neighbour in the span is that word's, not a slip: 「省级」 for 「神级」.
    /// A character of the very same syllable is the slip an input method makes (那条 for 哪条).
    /// NB: a word across the span's edge (「停一次线」, 一次, for 「黐线」) is left to be heard:
    /// counting it too cost a held-out verdict. Asked last, of a span about to be taken (few are).
    private func isOrdinaryWord(heardAs phrase: Phrase, at start: Int, in text: NormalizedText) -> Bool {
        for index in start..<start + phrase.keys.count - 1 {
            guard let first = text.keys[index].scalar, let second = text.keys[index + 1].scalar,
                  text.units[index].clause == text.units[index + 1].clause, OrdinaryWords.isWord(first, second) else { continue }
            for member in index...index + 1 {
                let heard = text.keys[member], wanted = phrase.keys[member - start]
                if heard != wanted && !HomophoneIndex.readsTheSame(heard, wanted) { return true }
            }
        }
        return false
    }

    /// Whether the two characters share a reading, tones aside, without the accent's merging (NB:
    /// the table of readings is loaded on the first question: only a sound-alike that makes an
    /// ordinary word asks).
    static func readsTheSame(_ first: UnitKey, _ second: UnitKey) -> Bool {
        guard let one = first.scalar, let other = second.scalar else { return false }
        let readings = PinyinTable.withReadings
        let theirs = readings.readingNumbers(of: other)
        return readings.readingNumbers(of: one).contains(where: theirs.contains)
    }

    /// Whether `span` lies inside an exact occurrence of any lexicon's phrase.
    /// (Or inside exact occurrences side by side: 「是的是的」 is 「是的」 twice, not a slip for a
    /// phrase that merely sounds like it.)
    /// (`exactCounts`: how many of each group's spans, in ``LexiconSpans/group(_:)``, are exact. NB: the
    /// groups are walked in the order they were made, not by lexicon: how far exact phrases cover
    /// the span does not depend on the order they are met in.)
    private func isInsideExactPhrase(_ span: Range<Int>, spans: LexiconSpans, exactCounts: [Int]) -> Bool {
        var covered = span.lowerBound
        var grew = true
        while grew && covered < span.upperBound {
            grew = false
            for (list, count) in exactCounts.enumerated() where count > 0 {
                for exact in spans.group(list).prefix(count) where exact.lowerBound <= covered && covered < exact.upperBound {
                    covered = exact.upperBound
                    grew = true
                }
            }
        }
        return covered >= span.upperBound
    }

    /// Whether `phrase` is written anywhere in `text` (negated or not): then it is not guessed.
    private func isWritten(_ phrase: Phrase, in text: NormalizedText) -> Bool {
        guard let first = phrase.keys.first else { return false }
        let count = phrase.keys.count
        return text.positions(of: first).contains { start in
            start + count <= text.keys.count && (1..<count).allSatisfy { text.keys[start + $0] == phrase.keys[$0] }
        }
    }
}
