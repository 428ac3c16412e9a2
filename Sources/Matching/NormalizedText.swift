import Foundation

/// A reply reduced to the units that patterns match against.
///
/// Normalisation makes the forms a trainee might type equal: Traditional Chinese becomes
/// Simplified, full-width forms become half-width (NFKC), Latin letters become lower case, and
/// punctuation and spaces disappear. What is left is a list of *units*: each CJK character is one
/// unit, each run of Latin letters and digits (with inner apostrophes, so `don't` stays one word)
/// is one unit, and `?` is kept as a unit of its own so that questions can be recognised.
/// Punctuation that ends a clause (`,` `。` `!` `;` ...) is remembered as a clause boundary:
/// negation never reaches across it.
///
/// ```swift
/// let text = NormalizedText("是的，是的，可是這台噴碼機更省墨！")
/// text.units.map(\.text).joined()   // "是的是的可是这台喷码机更省墨"
/// ```
public struct NormalizedText: Sendable {
    /// One unit of normalised text.
    public struct Unit: Sendable, Equatable {
        /// The normalised form (a CJK character, a lower-cased word, or "?").
        public var text: String
        /// The clause this unit is in, counted from 0.
        public var clause: Int
        /// Where the unit came from: character offsets into the original text.
        public var source: Range<Int>

        /// The unit as a cheap hashable key (a CJK character hashes as its code point).
        var key: UnitKey { UnitKey(text) }

        /// Whether the unit is the question mark's: `text == "?"` by its one byte (NB: comparing a
        /// unit's text with a literal went through String's Unicode-aware comparison, on every unit).
        @inline(__always)
        public var isQuestion: Bool {
            var bytes = text.utf8.makeIterator()
            return bytes.next() == UInt8(ascii: "?") && bytes.next() == nil
        }
    }

    /// The text as the trainee typed it.
    public let original: String
    /// The units, in order.
    public let units: [Unit]
    /// Each unit's key, in order (equal keys are equal units: comparing them costs an integer's
    /// comparison).
    public let keys: [UnitKey]
    /// For each unit, whether it negates what follows it in its clause.
    let negators: [Bool]

    /// Where each character of ``original`` begins in its UTF-8, and (last) where it ends: an
    /// excerpt is then one slice of the original, not a string built a character at a time.
    private let characterOffsets: [Int32]
    /// For each unit, whether a negator takes it back (see ``negatedUnits``), and whether the
    /// reply names it only to set it aside (see ``retractedUnits``): asked for many times per reply
    /// (recognition, similarity, scoring), so found once, with the units.
    public private(set) var negatedUnits: [Bool] = []
    public private(set) var retractedUnits: [Bool] = []
    /// Whether the reply is a bare list of keywords, no move however many right words it holds
    /// (see ``looksLikeKeywordList(original:units:keys:)``). Decided once, with the units:
    /// recognition and the scorer both ask, per reply.
    public let isKeywordList: Bool
    /// Whether the reply is stuffed: the same words said over and over make most of it
    /// (「售后 售后 对 售后很重要 售后」, "print quality print quality, our print quality").
    /// Like a keyword list, no move however many right words it holds (see ``looksStuffed(units:keys:)``).
    /// NB: found when asked (the scorer asks once per reply, and only when a rule's move is found).
    public var isStuffed: Bool { NormalizedText.looksStuffed(units: units, keys: keys) }

    /// Normalises `text`.
    public init(_ text: String) {
        original = text
        let characterCount: Int
        // NB: the units' keys as the normaliser made them (a key found again from each unit's text
        // cost a decoding of the text per unit), unless a lone nod's 的 was added.
        var madeKeys: [UnitKey]?
        if let (units, keys, offsets) = NormalizedText.unitsOfSingleScalars(text) {
            self.units = NormalizedText.withLoneNods(units)
            if self.units.count == units.count { madeKeys = keys }
            characterOffsets = offsets
            characterCount = offsets.count - 1
        } else {
            let characters = Array(text)
            var offsets = [Int32](repeating: 0, count: characters.count + 1)
            var offset = 0
            for (index, character) in characters.enumerated() {
                offsets[index] = Int32(truncatingIfNeeded: offset)
                offset += character.utf8.count
            }
            offsets[characters.count] = Int32(truncatingIfNeeded: offset)
            characterOffsets = offsets
            characterCount = characters.count
            units = NormalizedText.withLoneNods(NormalizedText.units(of: characters))
        }
        let keys = madeKeys ?? units.map(\.key)
        self.keys = keys
        negators = Negation.negators(in: units, keys: keys)
        length = NormalizedText.trimmedLength(of: text, characterCount: characterCount)
        scriptCounts = NormalizedText.scriptCounts(of: keys)
        isKeywordList = NormalizedText.looksLikeKeywordList(original: text, units: units, keys: keys)
        negatedUnits = findNegatedUnits()
        retractedUnits = findRetractedUnits()
    }

    /// The part of `text` from unit `start` on, as normalising that part of the original again
    /// would give it (units, clauses and character offsets counted from its start, negation and
    /// lone nods found within it), without normalising it again: recognition asks for the words
    /// after a reply's last contrast as a text of their own (see `Session.decisiveTail`).
    /// A `start` inside one typed word that made several units ("idk") starts at the word.
    public init(suffixOf text: NormalizedText, fromUnit start: Int) {
        guard start > 0, start < text.units.count else {
            self = start <= 0 ? text : NormalizedText("")
            return
        }
        var first = start
        while first > 0, text.units[first - 1].source == text.units[first].source { first -= 1 }
        let from = text.units[first].source.lowerBound
        original = text.text(fromCharacter: from)
        let base = text.characterOffsets[from]
        characterOffsets = text.characterOffsets[from...].map { $0 - base }
        // The units as the normaliser made them, before the lone nods were marked (a nod may stand
        // alone in the part that did not in the whole, and the other way round).
        let clause = text.units[first].clause
        var made: [Unit] = []
        // NB: the units' keys are the reply's (a unit's key is its text's), not found again.
        var madeKeys: [UnitKey] = []
        made.reserveCapacity(text.units.count - first)
        madeKeys.reserveCapacity(text.units.count - first)
        for index in first..<text.units.count {
            let unit = text.units[index]
            // NB: the sources (integers) compared before the text: most units are not a nod's 的.
            if index > first, unit.source == text.units[index - 1].source, unit.text == "的",
               NormalizedText.loneNods.contains(text.units[index - 1].text) { continue }
            made.append(Unit(text: unit.text, clause: unit.clause - clause, source: unit.source.lowerBound - from..<unit.source.upperBound - from))
            madeKeys.append(text.keys[index])
        }
        units = NormalizedText.withLoneNods(made)
        // (A lone nod's 的, if one was added, is a unit more: then the keys are found anew.)
        let keys = units.count == made.count ? madeKeys : units.map(\.key)
        self.keys = keys
        negators = Negation.negators(in: units, keys: keys)
        length = NormalizedText.trimmedLength(of: original, characterCount: characterOffsets.count - 1)
        scriptCounts = NormalizedText.scriptCounts(of: keys)
        isKeywordList = NormalizedText.looksLikeKeywordList(original: original, units: units, keys: keys)
        negatedUnits = findNegatedUnits()
        retractedUnits = findRetractedUnits()
    }

    /// Whether the same words, said three times or more, make two fifths of a reply or more (or,
    /// said twice, three fifths of a reply of eight items or more): an
    /// item is an English word of three letters or more, or two Chinese characters in a row (a
    /// word, or the seam of two), counted across clauses; the units of the items said twice or
    /// more are the repeated part. 「是的是的，可是我们的墨水省三成」 repeats one item twice;
    /// 「售后 售后 对 售后很重要 售后」 and 「谢谢谢谢谢谢 请吃饭 送礼物」 are stuffed.
    /// Whether `scalar` is a letter of an alphabet (Unicode's Alphabetic property; NB: for ASCII, a
    /// letter A–Z or a–z, answered without Unicode's tables).
    @inline(__always)
    static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return scalar.properties.isAlphabetic }
        let lower = scalar.value | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    static func looksStuffed(units: [Unit], keys: [UnitKey]) -> Bool {
        let question = UnitKey.question
        // The units that say something (not "?"), by their index.
        var said: [Int] = []
        said.reserveCapacity(keys.count)
        for index in keys.indices where keys[index] != question { said.append(index) }
        guard said.count >= 4 else { return false }
        var items: [(key: UInt64, from: Int, to: Int)] = []
        items.reserveCapacity(said.count)
        for position in said.indices {
            let key = keys[said[position]]
            if let scalar = key.scalar {
                guard CharacterClass.isIdeographic(Unicode.Scalar(scalar) ?? " "), position + 1 < said.count,
                      let next = keys[said[position + 1]].scalar, CharacterClass.isIdeographic(Unicode.Scalar(next) ?? " ") else { continue }
                items.append((UInt64(scalar) << 32 | UInt64(next), position, position + 2))
            } else if units[said[position]].text.unicodeScalars.count >= 3,
                      units[said[position]].text.unicodeScalars.first.map(NormalizedText.isAlphabetic) == true {
                items.append((key.code, position, position + 1))
            }
        }
        guard items.count >= 3 else { return false }
        // NB: counted by sorting the items' keys (a few dozen integers), not in a dictionary: every reply asks.
        var sorted = items.map(\.key)
        sorted.sort()
        var thrice = false, twice: [UInt64] = []
        var run = 1
        for index in 1...sorted.count {
            if index < sorted.count, sorted[index] == sorted[index - 1] { run += 1; continue }
            if run >= 2 { twice.append(sorted[index - 1]) }
            if run >= 3 { thrice = true }
            run = 1
        }
        // Said twice only, the repeats must make three fifths of a longer reply
        // (「线速 抖动 水珠 线速 抖动 水珠」, "yes yes but yes but yes yes but").
        guard thrice || items.count >= 8 && !twice.isEmpty else { return false }
        var repeated = [Bool](repeating: false, count: said.count)
        for item in items where twice.contains(item.key) {
            for position in item.from..<item.to { repeated[position] = true }
        }
        let count = repeated.filter { $0 }.count
        return thrice && count * 5 >= said.count * 2 || items.count >= 8 && count * 5 >= said.count * 3
    }

    /// The positions of the units with `key`, in order. NB: found by walking the keys (a reply's
    /// few dozen integers), not through an index the reply would build for every reply.
    func positions(of key: UnitKey) -> UnitPositions {
        UnitPositions(keys: keys, key: key)
    }

    /// Whether unit `index` is a CJK character (not a word, not "?").
    @inline(__always)
    func isCharacter(_ index: Int) -> Bool {
        keys[index].isCharacter
    }

    /// The units of `text` when each of its characters is one scalar that begins a character of
    /// its own (Latin, CJK, their punctuation: nearly every reply), with each character's UTF-8
    /// offset; nil otherwise, for the character-by-character path. NB: the same units as that
    /// path, without splitting the text into `Character`s, which is most of normalising a reply.
    static func unitsOfSingleScalars(_ text: String) -> (units: [Unit], keys: [UnitKey], offsets: [Int32])? {
        let scalars = text.unicodeScalars
        var count = 0
        for scalar in scalars {
            guard CharacterClass.standsAlone(scalar.value) else { return nil }
            count += 1
        }
        // NB: room for a unit per character (a chat spelling may need more), made once.
        var builder = UnitBuilder(capacity: count)
        var offsets: [Int32] = []
        offsets.reserveCapacity(count + 1)
        var offset = 0
        for (index, scalar) in scalars.enumerated() {
            offsets.append(Int32(truncatingIfNeeded: offset))
            offset += UTF8.width(scalar)
            let simplified = CharacterClass.isHan(scalar) ? TraditionalChinese.simplified(scalar) : scalar
            builder.add(simplified, at: index)
        }
        offsets.append(Int32(truncatingIfNeeded: offset))
        let units = builder.finish()
        return (units, builder.keys, offsets)
    }

    /// The normalised units of `characters`, without the index a reply needs (for phrases).
    static func units(of characters: [Character]) -> [Unit] {
        var builder = UnitBuilder()
        for (offset, character) in simplifiedCharacters(characters).enumerated() {
            builder.add(character, at: offset)
        }
        return builder.finish()
    }

    /// The characters that, standing alone as a clause before another, nod: 「是 没听过我们 不过…」,
    /// 「對 旺季停不起…」, Cantonese 「係 捷碼平啲 不過…」 (係 reads 系).
    static let loneNods: Set<String> = ["是", "对", "系"]

    /// `units` with a lone nod read as the nod it is: 是 alone in its clause, before another
    /// clause, is 「是的」 (a unit 的 that adds no text of its own follows it), as 对 is 「对的」; in
    /// a reply typed in a hurry the space or comma after it is the 的. Phrases are read the same
    /// way, so that a phrase and a reply of the same words have the same units.
    static func withLoneNods(_ units: [Unit]) -> [Unit] {
        // NB: the clauses are compared first: a clause of one unit is rare, a set lookup is not free.
        func isLoneNod(_ index: Int) -> Bool {
            let clause = units[index].clause
            return (index == 0 || units[index - 1].clause != clause) && index + 1 < units.count
                && units[index + 1].clause != clause && loneNods.contains(units[index].text)
        }
        guard units.indices.contains(where: isLoneNod) else { return units }
        var result: [Unit] = []
        result.reserveCapacity(units.count + 1)
        for index in units.indices {
            result.append(units[index])
            if isLoneNod(index) {
                // NB: the nod's own source: the 的 adds no text of its own (an excerpt of both is the nod).
                result.append(Unit(text: "的", clause: units[index].clause, source: units[index].source))
            }
        }
        return result
    }

    /// How many Chinese (CJK) characters and how many words of other scripts the text has
    /// (counted once: every rule with a length limit asks).
    public let scriptCounts: (characters: Int, words: Int)

    static func scriptCounts(of keys: [UnitKey]) -> (characters: Int, words: Int) {
        var characters = 0, words = 0
        for key in keys where key != UnitKey.question {
            if let scalar = key.scalar.flatMap(Unicode.Scalar.init), CharacterClass.isIdeographic(scalar) { characters += 1 } else { words += 1 }
        }
        return (characters, words)
    }

    /// The number of characters typed, without surrounding white space (counted once: every rule
    /// with a length limit asks).
    public let length: Int

    /// White space and line ends (NB: Foundation's accessor, asked at every reply, made and cast the set each time).
    private static let blank = CharacterSet.whitespacesAndNewlines

    /// As `text.trimmingCharacters(in: .whitespacesAndNewlines).count`, without bridging to
    /// NSString: when neither end is white space, nothing is trimmed and the characters are counted.
    static func trimmedLength(of text: String, characterCount: Int) -> Int {
        let scalars = text.unicodeScalars
        let blank = NormalizedText.blank
        if let head = scalars.first, let tail = scalars.last, !blank.contains(head), !blank.contains(tail) { return characterCount }
        guard let first = scalars.firstIndex(where: { !blank.contains($0) }),
              let last = scalars.lastIndex(where: { !blank.contains($0) }) else { return 0 }
        return String(scalars[first...last]).count
    }

    /// The length a character limit measures (`max-chars`): ``length`` for a reply without Latin
    /// words; in a reply that mixes them into Chinese (「簡單講 this TIJ model係plug and play」),
    /// each run of Latin letters or digits (an apostrophe inside one, as in "don't") counts as two
    /// characters and white space not at all: an English word carries about what two Chinese
    /// characters do, not one per letter. Every other character (a Chinese character, a mark, an
    /// emoji however many scalars make it) counts one. NB: found when asked (only a rule with a
    /// limit, on a mostly Chinese reply, asks).
    public var limitLength: Int {
        guard scriptCounts.words > 0 else { return length }
        var count = 0, inWord = false
        for character in original {
            let isLatin = character.isASCII && (character.isLetter || character.isNumber)
            if isLatin || inWord && character == "'" {
                if !inWord { count += 2 }
                inWord = true
                continue
            }
            inWord = false
            if !character.isWhitespace { count += 1 }
        }
        return count
    }

    /// How many characters ``original`` has (`original.count`, counted once).
    public var characterCount: Int { characterOffsets.count - 1 }

    /// ``original`` from character `offset` on (`String(original.dropFirst(offset))`, without
    /// counting the characters again).
    public func text(fromCharacter offset: Int) -> String {
        guard offset > 0 else { return original }
        guard offset < characterOffsets.count - 1 else { return "" }
        let utf8 = original.utf8
        return String(original[utf8.index(utf8.startIndex, offsetBy: Int(characterOffsets[offset]))...])
    }

    /// The original words covered by units `range` (for evidence).
    public func excerpt(units range: Range<Int>) -> String {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= units.count else { return "" }
        let start = units[range.lowerBound].source.lowerBound
        let end = units[range.upperBound - 1].source.upperBound
        let utf8 = original.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: Int(characterOffsets[start]))
        let upper = utf8.index(utf8.startIndex, offsetBy: Int(characterOffsets[end]))
        return String(original[lower..<upper])
    }

    /// The Traditional-to-Simplified conversion, character for character so that offsets survive.
    private static func simplifiedCharacters(_ characters: [Character]) -> [Character] {
        characters.map { character in
            let scalars = character.unicodeScalars
            // NB: one Han character, the common case, without building a string.
            if let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
                guard CharacterClass.isHan(scalar) else { return character }
                let simplified = TraditionalChinese.simplified(scalar)
                return simplified == scalar ? character : Character(simplified)
            }
            guard scalars.contains(where: CharacterClass.isHan) else { return character }
            var converted = String.UnicodeScalarView()
            for scalar in scalars { converted.append(TraditionalChinese.simplified(scalar)) }
            return Character(String(converted))
        }
    }
}

/// Splits characters into units and clause boundaries.
struct UnitBuilder {
    var units: [NormalizedText.Unit] = []
    /// Each unit's key (``NormalizedText/Unit/key``), made with the unit.
    var keys: [UnitKey] = []
    var clause = 0
    /// The word being read, as UTF-8 (NB: made a string once, when it ends, not grown a scalar at a time).
    var word: [UInt8] = []
    var wordStart = 0
    var wordEnd = 0
    var pendingApostrophe: Int?
    /// Whether the last unit is a CJK character.
    var lastIsCharacter = false
    /// Whether white space stands after that character: a trainee typing Chinese with spaces for
    /// commas («王总 好久不见 上次您说…») ends a clause there, so that a 不 in one clause does
    /// not negate the next. (A space beside a word is only a word boundary: 「王总 OK的」.)
    var spaceAfterCharacter = false

    init() {}

    /// A builder with room for `capacity` units.
    init(capacity: Int) {
        units.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    /// Adds a unit (`key`: its text's key).
    @inline(__always)
    private mutating func append(_ text: String, key: UnitKey, source: Range<Int>) {
        units.append(.init(text: text, clause: clause, source: source))
        keys.append(key)
    }

    mutating func add(_ character: Character, at offset: Int) {
        // NB: most characters fold to one scalar; only the others pay for an array.
        if let scalar = CharacterClass.foldToOne(character) {
            addFolded(scalar, at: offset)
            return
        }
        for scalar in CharacterClass.fold(character) {
            addFolded(scalar, at: offset)
        }
    }

    /// Adds a character that is one scalar (as `add(Character(scalar), at:)`, without the `Character`).
    mutating func add(_ scalar: Unicode.Scalar, at offset: Int) {
        if let folded = CharacterClass.foldToOne(scalar) {
            addFolded(folded, at: offset)
            return
        }
        for folded in CharacterClass.fold(Character(scalar)) {
            addFolded(folded, at: offset)
        }
    }

    private mutating func addFolded(_ scalar: Unicode.Scalar, at offset: Int) {
        // A variation selector picks a glyph, not a letter (笑\u{FE0C} is 笑), and a combining mark
        // with no word to attach to (after a CJK character) is not a word of its own: both are
        // dropped, so that they neither make a unit nor split a phrase.
        // NB: ASCII, Latin below U+0300 and CJK characters are neither, and asking Unicode's
        // tables about every scalar of every reply is a good part of normalising it.
        let ideographic = CharacterClass.isIdeographic(scalar)
        let plain = scalar.value < 0x300 || ideographic || CharacterClass.isCommonPunctuation(scalar)
        if !plain && (scalar.properties.isVariationSelector
            || (word.isEmpty && scalar.properties.generalCategory == .nonspacingMark)) {
            return
        }
        // A CJK character is a unit of its own (ends the word before it, and after a space that
        // followed a character, the clause). NB: asked first, as most scalars of most replies are
        // these (none is a word's scalar, an apostrophe or a space).
        if ideographic {
            flushWord()
            if spaceAfterCharacter { clause += 1 }
            append(String(scalar), key: UnitKey(scalar: scalar), source: offset..<offset + 1)
            lastIsCharacter = true
            spaceAfterCharacter = false
            return
        }
        if CharacterClass.isWordScalar(scalar) {
            if word.isEmpty {
                wordStart = offset
            } else if pendingApostrophe != nil {
                word.append(UInt8(ascii: "'"))
            }
            pendingApostrophe = nil
            if scalar.isASCII { word.append(UInt8(truncatingIfNeeded: scalar.value)) } else { word.append(contentsOf: String(scalar).utf8) }
            wordEnd = offset + 1
            return
        }
        if (scalar == "'" || scalar == "\u{2019}") && !word.isEmpty && pendingApostrophe == nil {
            pendingApostrophe = offset
            return
        }
        flushWord()
        if scalar == " " || scalar == "\u{3000}" || scalar == "\u{A0}" {
            if lastIsCharacter { spaceAfterCharacter = true }
            return
        }
        lastIsCharacter = false
        spaceAfterCharacter = false
        if scalar == "?" {
            append("?", key: UnitKey.question, source: offset..<offset + 1)
            clause += 1
        } else if CharacterClass.endsClause(scalar) {
            clause += 1
        }
    }

    mutating func flushWord() {
        pendingApostrophe = nil
        guard !word.isEmpty else { return }
        let text = String(decoding: word, as: UTF8.self)
        // NB: a chat spelling is at most 8 letters; longer words skip the lookup.
        if word.count <= 8, let words = ChatSpelling.words[text] {
            for spelled in words { append(spelled, key: UnitKey(spelled), source: wordStart..<wordEnd) }
        } else {
            append(text, key: UnitKey(text), source: wordStart..<wordEnd)
        }
        word.removeAll(keepingCapacity: true)
        lastIsCharacter = false
        spaceAfterCharacter = false
    }

    mutating func finish() -> [NormalizedText.Unit] {
        flushWord()
        return units
    }
}

/// The positions of one unit in a text, in order (see ``NormalizedText/positions(of:)``).
struct UnitPositions: Sequence, IteratorProtocol {
    let keys: [UnitKey]
    let key: UnitKey
    var current = 0

    init(keys: [UnitKey], key: UnitKey) {
        self.keys = keys
        self.key = key
    }

    mutating func next() -> Int? {
        while current < keys.count {
            defer { current += 1 }
            if keys[current] == key { return current }
        }
        return nil
    }
}

/// A unit as a key: one 64-bit number, so that looking up or comparing a unit costs an integer's
/// hash or comparison, never a string's. A single Unicode scalar (every CJK character) is its code
/// point; a longer unit (a word) is the 64-bit FNV-1a hash of its UTF-8 with the top bit set (never
/// a code point). NB: two different words share a key only if their hashes collide, about one
/// chance in 10^7 for a vocabulary of a million words; equality of keys is taken as equality of words.
public struct UnitKey: Hashable, Sendable {
    let code: UInt64

    /// The key of a unit that is the one scalar `scalar` (as `UnitKey(String(scalar))`).
    @inline(__always)
    init(scalar: Unicode.Scalar) {
        code = UInt64(scalar.value)
    }

    public init(_ text: String) {
        let scalars = text.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            code = UInt64(first.value)
        } else {
            code = FNV1a.hash(text.utf8) | 1 << 63
        }
    }

    /// The scalar's value, when the unit is a single scalar.
    var scalar: UInt32? { code >> 63 == 0 ? UInt32(truncatingIfNeeded: code) : nil }

    /// Whether the unit is a CJK character (not a word, not "?").
    @inline(__always)
    var isCharacter: Bool { scalar.flatMap(Unicode.Scalar.init).map(CharacterClass.isIdeographic) ?? false }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The unit of a question mark (`?` and `？` both normalise to it).
    public static let question = UnitKey("?")
}
