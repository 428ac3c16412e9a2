import Foundation

/// Character classification shared by the normaliser and the pattern parser.
enum CharacterClass {
    /// Han ideographs (both scripts), the range that Traditional-to-Simplified conversion touches.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Whether a scalar is a character by itself whatever stands beside it: no grapheme rule
    /// joins it to a neighbour, and as a one-scalar `Character` it answers as itself. Text made
    /// only of these (nearly every reply and pattern) is read scalar by scalar, not split into
    /// `Character`s, by the normaliser and the pattern parser alike.
    ///
    /// NB: ASCII without CR (CR LF is one character), Latin below the combining marks, general
    /// punctuation without joiners and invisible operators, CJK symbols and punctuation without the
    /// ideographic tone marks, kana without the voicing marks, the CJK ideographs, full- and
    /// half-width forms without the half-width voicing marks.
    @inline(__always)
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0x0A, 0x09, 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E: return true
        case 0x3000...0x3029, 0x3030...0x3098, 0x309B...0x9FFF, 0xF900...0xFAFF, 0xFF01...0xFF9D, 0xFFA0...0xFFEF: return true
        default: return false
        }
    }

    /// Characters that stand as one unit each: Han, kana, Hangul syllables.
    /// The kana voicing marks U+3099...U+309C are not: they belong to the kana before them.
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        if isHan(scalar) { return true }
        switch scalar.value {
        case 0x3040...0x3098, 0x309D...0x30FF, 0xAC00...0xD7AF, 0x3005, 0x3007: return true
        default: return false
        }
    }

    /// Letters and digits that form words (Latin, Greek, Cyrillic ... and digits).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
        }
        if isIdeographic(scalar) || isCommonPunctuation(scalar) { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// The punctuation of nearly every Chinese reply (、。「」『』《》【】 — … and curly quotes):
    /// punctuation by Unicode's tables, so neither letter, digit, mark nor variation selector,
    /// answered without asking them (NB: asked of every scalar of every reply).
    @inline(__always)
    static func isCommonPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3001, 0x3002, 0x300A...0x3011, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026: return true
        default: return false
        }
    }

    /// Punctuation after which negation stops reaching.
    static func endsClause(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", ".", "!", ";", ":", "\n", "\r", "\u{3001}", "\u{3002}", "\u{FF61}", "\u{FF64}",
             "\u{2026}", "~", "\u{2014}", "\t":
            return true
        default:
            return false
        }
    }

    /// ``fold(_:)`` for the common characters that fold to exactly one scalar (ASCII, Han,
    /// full-width ASCII, most others); nil when ``fold(_:)`` must decide.
    @inline(__always)
    static func foldToOne(_ character: Character) -> Unicode.Scalar? {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        return foldToOne(scalar)
    }

    /// `foldToOne` of the character that is this one scalar.
    @inline(__always)
    static func foldToOne(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        var v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { return Unicode.Scalar(v + 0x20) }
            return Unicode.Scalar(v)
        }
        if isHan(scalar) && v < 0xF900 {
            return RegionalForms.mayFold(v) ? nil : scalar
        }
        if v == 0x3000 { return " " }
        if v == 0xFF1F { return "?" }
        return scalar.properties.changesWhenNFKCCaseFolded ? nil : scalar
    }

    /// NFKC and lower case for one character, with fast paths for the common cases.
    static func fold(_ character: Character) -> [Unicode.Scalar] {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first {
            let v = scalar.value
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A, let lower = Unicode.Scalar(v + 0x20) { return [lower] }
                return [scalar]
            }
            if isHan(scalar) && v < 0xF900 {
                if RegionalForms.mayFold(v), let mandarin = RegionalForms.fold(v) { return mandarin }
                return [scalar]
            }
            if v >= 0xFF01 && v <= 0xFF5E, let half = Unicode.Scalar(v - 0xFEE0) {
                return fold(Character(half))
            }
            if v == 0x3000 { return [" "] }
            if v == 0xFF1F { return ["?"] }
            // Most scalars (CJK punctuation, accented letters already lower case ...) are their own
            // NFKC case fold: the standard library knows without a trip through Foundation.
            if !scalar.properties.changesWhenNFKCCaseFolded { return [scalar] }
        }
        var folded = String(character).precomposedStringWithCompatibilityMapping
        // NB: Foundation's NFKC on Linux leaves half-width kana with a voicing mark decomposed
        // (ｶﾞ gives カ + U+3099, not ガ): composing canonically afterwards completes it (only
        // needed, and only paid, when a combining mark is left).
        if folded.unicodeScalars.dropFirst().contains(where: { $0.properties.canonicalCombiningClass.rawValue != 0 }) {
            folded = folded.precomposedStringWithCanonicalMapping
        }
        return Array(folded.lowercased().unicodeScalars)
    }
}
