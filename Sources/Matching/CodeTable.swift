/// Numbers (a unit's key, a similarity feature) to the places they were listed in: an
/// open-addressed table probed with one multiply, for lookups on every reply where a `Dictionary`'s
/// seeded hash of an integer that is already a hash would be most of the cost.
struct CodeTable: Sendable {
    /// The codes, by entry (their place in the list the table was made from).
    let codes: [UInt64]
    /// Entry numbers by slot, -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// A table of `codes` (distinct), entry i being `codes[i]`.
    init(_ codes: [UInt64]) {
        // A power of two at least twice the entries: probes stay short.
        var size = 16
        while size < codes.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (entry, code) in codes.enumerated() {
            var slot = CodeTable.slot(code, mask: mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
        self.codes = codes
        self.slots = slots
        self.mask = mask
    }

    @inline(__always)
    static func slot(_ code: UInt64, mask: Int) -> Int {
        // Fibonacci hashing: a CJK character's code is its scalar (dense low bits), others are hashes.
        Int(truncatingIfNeeded: (code &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The entry of `code`, if it was listed.
    @inline(__always)
    func entry(of code: UInt64) -> Int? {
        var slot = CodeTable.slot(code, mask: mask)
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if codes[entry] == code { return entry }
            slot = (slot + 1) & mask
        }
    }
}

/// A set of unit keys, asked with one multiply and a probe (``CodeTable``), where a `Set`'s
/// seeded hash would be most of the cost: sets of words asked of every unit of every reply.
public struct UnitKeySet: Sendable {
    private let table: CodeTable

    public init(_ keys: some Sequence<UnitKey>) {
        table = CodeTable(Array(Set(keys.map(\.code))))
    }

    /// The keys of the units `words` normalise to.
    public init(words: some Sequence<String>) {
        self.init(words.flatMap { NormalizedText($0).keys })
    }

    @inline(__always)
    public func contains(_ key: UnitKey) -> Bool { table.entry(of: key.code) != nil }
}
