/// The Mandarin readings of every CJK ideograph, without tones, for homophone-tolerant matching.
///
/// Generated from Unihan (kMandarin, plus the readings kHanyuPinyin adds) by
/// `scripts/generate-pinyin-table` into `PinyinTable+Readings.swift`, the way the
/// Traditional-to-Simplified table is embedded: no data file to find at run time, the same
/// answer on every platform. `PinyinTableTests` checks the table against Unihan whenever
/// Debian's `unicode-data` is installed.
///
/// ```swift
/// PinyinTable.shared.syllables(of: "是")   // ["shi", "ti"]: kMandarin's, then kHanyuPinyin's
/// ```
struct PinyinTable: Sendable {
    /// The first code point of the flat part of the table (CJK Extension A, then the URO).
    static let flatStart: UInt32 = 0x3400
    /// One past the last code point of the flat part.
    static let flatEnd: UInt32 = 0xA000

    /// The table, decoded once on first use (about a millisecond), with the homophone classes
    /// only: what matching needs.
    static let shared = PinyinTable(keepingReadings: false)
    /// The table with every ideograph's readings too (for ``syllables(of:)``; NB: about 400 KB
    /// that a visit does not need, so not part of ``shared``).
    static let withReadings = PinyinTable(keepingReadings: true)

    /// The syllables by number.
    let syllables: [String]
    /// For each syllable number, its homophone class (see ``homophoneClass(of:)``).
    let classOfSyllable: [UInt16]
    /// For code points flatStart..<flatEnd: where their syllable numbers start in `ids`
    /// (one more entry than code points, so that entry i+1 ends entry i).
    private let flatOffsets: [UInt32]
    /// Syllable numbers of the flat part, and of the other ideographs (compatibility forms and
    /// the supplementary planes), which are found through `sparse`.
    private let ids: [UInt16]
    /// The other ideographs, in code point order, and where their syllable numbers stand in
    /// `ids` (NB: flat arrays searched by halving, not dictionaries: a dictionary of 14,000
    /// ranges cost a visit about a megabyte).
    private let sparsePoints: [UInt32]
    private let sparseStarts: [UInt32]
    private let sparseEnds: [UInt32]
    /// The same as `ids` in homophone classes, without repeats within one ideograph.
    let classIDs: [UInt16]
    /// For the flat part: where each code point's classes start in `classIDs` (one more entry
    /// than code points); for the sparse part, parallel to `sparsePoints`.
    private let classOffsets: [UInt32]
    private let sparseClassStarts: [UInt32]
    private let sparseClassEnds: [UInt32]
    /// The number of homophone classes.
    let classCount: Int

    init(keepingReadings: Bool) {
        syllables = PinyinTable.syllableList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        var classNumbers: [String: UInt16] = [:]
        classOfSyllable = syllables.map { syllable in
            let name = PinyinTable.homophoneClass(of: syllable)
            if let known = classNumbers[name] { return known }
            let number = UInt16(classNumbers.count)
            classNumbers[name] = number
            return number
        }
        classCount = classNumbers.count
        var flatOffsets = [UInt32](repeating: 0, count: Int(PinyinTable.flatEnd - PinyinTable.flatStart) + 1)
        var ids: [UInt16] = []
        // NB: the table's text has about one syllable per two bytes: room for all of them at once,
        // as a visit's peak memory is reached while this table is decoded.
        ids.reserveCapacity(PinyinTable.readingLines.utf8.count / 2)
        var sparse: [(point: UInt32, range: Range<Int>, usual: Int)] = []
        var flatFilledUpTo = 0
        // How many of each ideograph's syllables are its usual ones (before the `+`), by flat slot
        // (`UInt8.max`: all of them); the sparse part keeps its own with its range. NB: not a
        // dictionary of every ideograph, which cost a visit's peak about a megabyte.
        var usualFlat = [UInt8](repeating: .max, count: Int(PinyinTable.flatEnd - PinyinTable.flatStart))
        var usualEnd: Int?
        // Offsets are filled as code points are met; code points with no reading get an empty range.
        func finish(_ point: UInt32, from start: Int, usual: Int?) {
            if point >= PinyinTable.flatStart && point < PinyinTable.flatEnd {
                let slot = Int(point - PinyinTable.flatStart)
                while flatFilledUpTo <= slot { flatOffsets[flatFilledUpTo] = UInt32(start); flatFilledUpTo += 1 }
                flatOffsets[slot + 1] = UInt32(ids.count)
                flatFilledUpTo = slot + 1
                if let usual { usualFlat[slot] = UInt8(clamping: usual) }
            } else if ids.count > start {
                sparse.append((point, start..<ids.count, usual ?? ids.count - start))
            }
        }
        for line in PinyinTable.readingLines.split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            guard let space = trimmed.firstIndex(of: " "), var point = UInt32(trimmed[..<space], radix: 16) else { continue }
            var start = ids.count
            for scalar in trimmed[trimmed.index(after: space)...].unicodeScalars {
                if scalar == "|" {
                    finish(point, from: start, usual: usualEnd.map { $0 - start })
                    usualEnd = nil
                    point += 1
                    start = ids.count
                } else if scalar == "+" {
                    usualEnd = ids.count
                } else if scalar.value >= 0x100, Int(scalar.value - 0x100) < syllables.count {
                    ids.append(UInt16(scalar.value - 0x100))
                }
            }
        }
        // Past the last ideograph of the flat part (later ids belong to the sparse part).
        let flatTail = flatOffsets[flatFilledUpTo]
        while flatFilledUpTo + 1 < flatOffsets.count { flatFilledUpTo += 1; flatOffsets[flatFilledUpTo] = flatTail }
        sparse.sort { $0.point < $1.point }
        self.flatOffsets = keepingReadings ? flatOffsets : []
        self.ids = keepingReadings ? ids : []
        sparsePoints = sparse.map(\.point)
        sparseStarts = keepingReadings ? sparse.map { UInt32($0.range.lowerBound) } : []
        sparseEnds = keepingReadings ? sparse.map { UInt32($0.range.upperBound) } : []
        // Homophone classes in the same layout as `ids`, each ideograph's without repeats.
        let classes = PinyinTable.classLists(ids: ids, flatOffsets: flatOffsets, sparse: sparse, usualFlat: usualFlat, classOfSyllable: classOfSyllable)
        classIDs = classes.ids
        classOffsets = classes.flat
        sparseClassStarts = classes.sparse.map { UInt32($0.lowerBound) }
        sparseClassEnds = classes.sparse.map { UInt32($0.upperBound) }
    }

    /// The position of `value` in `sparsePoints`, if it is there.
    private func sparseIndex(of value: UInt32) -> Int? { sparsePoints.sortedIndex(of: value) }

    /// Each ideograph's usual syllables turned into homophone classes, without repeats.
    ///
    /// Only the usual readings (kMandarin's) count for sound-alike matching: the archaic ones
    /// kHanyuPinyin adds would make ordinary words sound alike (是 is also read "ti", so 具体的
    /// would say 是的). An input method offers a character under its usual readings, which is
    /// how the slips this serves are made.
    private static func classLists(ids: [UInt16], flatOffsets: [UInt32], sparse: [(point: UInt32, range: Range<Int>, usual: Int)], usualFlat: [UInt8],
                                   classOfSyllable: [UInt16]) -> (ids: [UInt16], flat: [UInt32], sparse: [Range<Int>]) {
        var result: [UInt16] = []
        result.reserveCapacity(ids.count)
        func classes(_ all: Range<Int>, usual: Int) -> Range<Int> {
            let start = result.count
            let range = all.lowerBound..<min(all.upperBound, all.lowerBound + usual)
            for id in ids[range] {
                let number = classOfSyllable[Int(id)]
                if !result[start...].contains(number) { result.append(number) }
            }
            return start..<result.count
        }
        // NB: the flat part's classes are appended in code point order, so that each one ends
        // where the next begins: one offset per code point, and one more.
        var flat: [UInt32] = [0]
        flat.reserveCapacity(flatOffsets.count)
        for slot in 0..<(flatOffsets.count - 1) {
            let usual = usualFlat[slot] == .max ? Int.max / 2 : Int(usualFlat[slot])
            let range = classes(Int(flatOffsets[slot])..<Int(flatOffsets[slot + 1]), usual: usual)
            flat.append(UInt32(range.upperBound))
        }
        let sparseClasses = sparse.map { classes($0.range, usual: $0.usual) }
        return (result, flat, sparseClasses)
    }

    /// The tone-less readings of `scalar`, usual ones first (empty for anything that is not a CJK
    /// ideograph).
    func syllables(of scalar: Unicode.Scalar) -> [String] {
        guard !flatOffsets.isEmpty else { return PinyinTable.withReadings.syllables(of: scalar) }
        return readingNumbers(of: scalar.value).map { syllables[Int($0)] }
    }

    /// The numbers of the tone-less readings of the ideograph with code point `value` (a table
    /// made with its readings only; empty otherwise, and for anything without a reading).
    func readingNumbers(of value: UInt32) -> ArraySlice<UInt16> {
        guard !flatOffsets.isEmpty else { return [] }
        if value >= PinyinTable.flatStart && value < PinyinTable.flatEnd {
            let slot = Int(value - PinyinTable.flatStart)
            return ids[Int(flatOffsets[slot])..<Int(flatOffsets[slot + 1])]
        }
        guard let index = sparseIndex(of: value) else { return [] }
        return ids[Int(sparseStarts[index])..<Int(sparseEnds[index])]
    }

    /// Where the homophone classes of the ideograph with code point `value` stand in `classIDs`
    /// (empty when it has no reading).
    @inline(__always)
    func classRange(of value: UInt32) -> Range<Int> {
        if value >= PinyinTable.flatStart && value < PinyinTable.flatEnd {
            let slot = Int(value - PinyinTable.flatStart)
            return Int(classOffsets[slot])..<Int(classOffsets[slot + 1])
        }
        guard let index = sparseIndex(of: value) else { return 0..<0 }
        return Int(sparseClassStarts[index])..<Int(sparseClassEnds[index])
    }

    /// The homophone classes of the ideograph with code point `value` (empty when it has no reading).
    @inline(__always)
    func classes(of value: UInt32) -> ArraySlice<UInt16> {
        classIDs[classRange(of: value)]
    }

    /// The class of syllables an input method (and a southern accent) confuses: the "fuzzy
    /// pinyin" most IMEs offer by default. zh/ch/sh are z/c/s, and -ing/-eng are -in/-en, so
    /// 因该 (yin gai) is heard as 应该 (ying gai). Not n/l or an/ang: with them, too many ordinary
    /// words (你解 for 理解) would sound alike.
    static func homophoneClass(of syllable: String) -> String {
        var result = syllable
        for retroflex in ["zh", "ch", "sh"] where result.hasPrefix(retroflex) {
            result.remove(at: result.index(after: result.startIndex))
        }
        if result.hasSuffix("ing") || result.hasSuffix("eng") {
            result.removeLast()
        }
        return result
    }
}

extension Array where Element: Comparable {
    /// The position of `value` in this array, sorted in increasing order, found by halving; nil
    /// when it is not there. (The sound tables keep sorted lists where a dictionary of the same
    /// entries would cost a visit hundreds of kilobytes.)
    func sortedIndex(of value: Element) -> Int? {
        let low = firstIndex(notBelow: value)
        return low < count && self[low] == value ? low : nil
    }

    /// The position of the first element not below `value` in this array, sorted in increasing
    /// order (`count` when there is none), found by halving.
    func firstIndex(notBelow value: Element) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
