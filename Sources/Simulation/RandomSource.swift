/// A source of randomness passed into a session, so that a seed reproduces it exactly.
public protocol RandomSource: Sendable {
    mutating func next() -> UInt64
}

extension RandomSource {
    /// A number in `0..<upperBound` (upperBound > 0).
    public mutating func next(below upperBound: Int) -> Int {
        guard upperBound > 1 else { return 0 }
        return Int(next() % UInt64(upperBound))
    }
}

/// SplitMix64: small, fast, and the same on every platform for the same seed.
public struct SeededRandom: RandomSource {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
