// Work on a reply's bytes shared across the matcher: marks found by their UTF-8 bytes, and the
// FNV-1a hash that unit keys and similarity features are made with.

extension String {
    /// Whether some byte of the string's UTF-8 starts a mark that `startsMark` recognises there
    /// (it is given the bytes and the byte's place). NB: for the marks asked of every reply (a
    /// list's 、, an opening bracket), found by their bytes rather than by String's Unicode-aware
    /// search.
    @inline(__always)
    func containsUTF8Mark(_ startsMark: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if startsMark(bytes, index) { return true }
                index += 1
            }
            return false
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the two bytes after `index` are `second` and `third` (the rest of a three-byte
    /// UTF-8 character whose first byte stands at `index`).
    @inline(__always)
    func follows(_ index: Int, _ second: UInt8, _ third: UInt8) -> Bool {
        index + 2 < count && self[index + 1] == second && self[index + 2] == third
    }
}

/// The 64-bit FNV-1a hash of a run of bytes: the key of a unit of more than one scalar
/// (``UnitKey``) and a similarity feature are made with it.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    @inline(__always)
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = FNV1a()
        for byte in bytes { hash.add(byte) }
        return hash.value
    }
}
