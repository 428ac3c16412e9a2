import Foundation

/// The frame every entry of a built file in the YAML cache shares (a rulebook's and a scenario's
/// snapshots, a scenario's clean mark): magic, format version, the program's identity, the length
/// and a second digest of the file's bytes it was made from (the first names the entry), the body,
/// and a digest of all that. An entry is read only when it is whole, of this format, of this very
/// program and made from the bytes read now.
///
/// NB: the file's bytes were kept whole in the entry and compared, which made a rulebook's entry
/// twice its size: reading, checking and comparing the copy was a fifth of a millisecond of a
/// visit's start. Two independent 64-bit digests of a text that was edited do not both match.
enum SnapshotEntry {
    /// The seed of the digest of the source kept in an entry (the entry's name uses seed 0).
    static let sourceSeed: UInt64 = 0x5BD1_E995_C2B2_AE35

    /// An entry of `body` made from `source`; nil when the body holds a location in another file
    /// than `path` (an entry keeps lines and columns only, and names them by the path it is read by).
    static func make(magic: [UInt8], version: UInt64, identity: [UInt8], source: UnsafeRawBufferPointer, path: String,
                     bodyCapacity: Int = 0, body: (inout SnapshotWriter) -> Void) -> [UInt8]? {
        var writer = SnapshotWriter(path: path)
        writer.bytes.reserveCapacity(magic.count + identity.count + bodyCapacity + 40)
        writer.bytes += magic
        writer.integer(version)
        writer.integer(UInt64(identity.count))
        writer.bytes += identity
        writer.integer(UInt64(source.count))
        writer.integer(YAMLCache.digest(source, seed: sourceSeed))
        body(&writer)
        guard !writer.foreignLocation else { return nil }
        let checksum = writer.bytes.withUnsafeBytes(YAMLCache.digest)
        for shift in stride(from: 0, to: 64, by: 8) { writer.bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt64(shift))) }
        return writer.bytes
    }

    /// The body of `entry` as `body` reads it (to its last byte), when the entry is whole, of this
    /// format and program, and made from exactly `source`; its locations name `path`.
    static func read<Body>(_ entry: [UInt8], magic: [UInt8], version: UInt64, identity: [UInt8], source: UnsafeRawBufferPointer, path: String,
                           body: (inout SnapshotReader) throws(RulebookSnapshot.Damaged) -> Body) -> Body? {
        entry.withUnsafeBytes { bytes -> Body? in
            guard bytes.count > magic.count + 8, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
            let end = bytes.count - 8
            guard YAMLCache.digest(UnsafeRawBufferPointer(rebasing: bytes[0..<end])) == bytes.loadUnaligned(fromByteOffset: end, as: UInt64.self).littleEndian
            else { return nil }
            var reader = SnapshotReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), path: path)
            reader.offset = magic.count
            do throws(RulebookSnapshot.Damaged) {
                guard try reader.integer() == version, try reader.bytes(count: reader.count()).elementsEqual(identity),
                      try reader.integer() == UInt64(source.count), try reader.integer() == YAMLCache.digest(source, seed: sourceSeed)
                else { return nil }
                let value = try body(&reader)
                return reader.offset == end ? value : nil
            } catch {
                return nil
            }
        }
    }
}
