/// Traditional Chinese characters and their Simplified forms, one for one.
///
/// Generated from ICU's "Traditional-Simplified" transform (the same conversion Foundation's
/// `StringTransform` performs), character by character over the CJK blocks: 3080 pairs, no
/// character maps to more than one (``pairs``, in `TraditionalChinese+Pairs.swift`). Keeping the
/// table here makes normalisation cost a bit test per character (a halving search for the few
/// Traditional ones) instead of a 10-15 ms ICU start-up and ~10 µs per string, and makes it the
/// same on every platform. `TraditionalChineseTests` checks it against ICU.
enum TraditionalChinese {
    /// The table as a dictionary (for tests and tools; normalising uses ``simplified(_:)``).
    static var table: [Unicode.Scalar: Unicode.Scalar] {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for pair in pairs {
            if let traditional = Unicode.Scalar(UInt32(pair >> 32)), let simplified = Unicode.Scalar(UInt32(pair & 0xFFFF_FFFF)) {
                table[traditional] = simplified
            }
        }
        return table
    }

    /// One bit per scalar of the Basic Multilingual Plane: whether the table has it. NB: most
    /// characters a trainee types are already Simplified; for them a bit answers, not a search.
    static let inTable: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for pair in pairs where pair >> 32 < 0x10000 { bits[Int(pair >> 38)] |= 1 << ((pair >> 32) & 63) }
        return bits
    }()

    /// The Simplified form of `scalar` (itself when it has none).
    static func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value < 0x10000 && inTable[Int(value) >> 6] & (1 << (UInt64(value) & 63)) == 0 { return scalar }
        let at = pairs.firstIndex(notBelow: UInt64(value) << 32)
        guard at < pairs.count, pairs[at] >> 32 == UInt64(value) else { return scalar }
        return Unicode.Scalar(UInt32(pairs[at] & 0xFFFF_FFFF)) ?? scalar
    }
}
