/// Common two-character Chinese words (the 1,700-odd most frequent of jieba's dictionary, see
/// `scripts/generate-ordinary-words`), so that the homophone fallback can tell an ordinary word
/// from an input-method slip: in 「省级」 the 省 that, with a southern accent, sounds like the 神
/// of the flattery 「神级」 makes a word with the 级 beside it (see ``HomophoneIndex``).
enum OrdinaryWords {
    /// The words as pairs of code points (first << 32 | second), built on first use.
    static let pairs: Set<UInt64> = {
        var pairs = Set<UInt64>()
        let scalars = Array(written.unicodeScalars)
        pairs.reserveCapacity(scalars.count / 2)
        var index = 0
        while index + 1 < scalars.count {
            pairs.insert(UInt64(scalars[index].value) << 32 | UInt64(scalars[index + 1].value))
            index += 2
        }
        return pairs
    }()

    /// Whether the two characters, in this order, make a common word.
    static func isWord(_ first: UInt32, _ second: UInt32) -> Bool {
        pairs.contains(UInt64(first) << 32 | UInt64(second))
    }
}
