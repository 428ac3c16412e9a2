import Foundation

/// Damaged copies of a good cache entry, for the tests that a damaged entry is never used:
/// halved, one byte short, one byte long, not an entry at all, empty, the magic alone, and a
/// byte flipped at forty places after the magic.
enum SnapshotDamage {
    static func variants(of good: Data, magic: [UInt8]) -> [Data] {
        var bads: [Data] = [good.prefix(good.count / 2), good.dropLast(), good + Data([0]), Data("not a snapshot".utf8), Data(), Data(magic)]
        for offset in stride(from: magic.count, to: good.count, by: max(1, good.count / 40)) {
            var flipped = good
            flipped[offset] ^= 0x41
            bads.append(flipped)
        }
        return bads
    }
}
