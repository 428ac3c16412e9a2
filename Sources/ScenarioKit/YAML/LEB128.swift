/// Unsigned LEB128 integers (seven bits a byte, low first), as the YAML cache and the built
/// rulebook's snapshot store their numbers.
enum LEB128 {
    /// Appends `value` to `bytes`.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    /// The integer at `offset` of `bytes`, `offset` moved past it; nil when the bytes end first
    /// or the number does not fit in 64 bits.
    @inline(__always)
    static func read<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: inout Int) -> UInt64? where Bytes.Element == UInt8, Bytes.Index == Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.endIndex, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
