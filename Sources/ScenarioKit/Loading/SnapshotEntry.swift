import Foundation

/// The frame every entry of a built file in the YAML cache shares (a rulebook's and a scenario's
/// snapshots, a scenario's clean mark): magic, format version, the program's identity, the file's
/// bytes it was made from, the body, and a digest of all that. An entry is read only when it is
/// whole, of this format, of this very program and made from exactly the bytes read now.
enum SnapshotEntry {
    /// An entry of `body` made from `source`; nil when the body holds a location in another file
    /// than `path` (an entry keeps lines and columns only, and names them by the path it is read by).
    static func make(magic: [UInt8], version: UInt64, identity: [UInt8], source: UnsafeRawBufferPointer, path: String,
                     bodyCapacity: Int = 0, body: (inout SnapshotWriter) -> Void) -> [UInt8]? {
        var writer = SnapshotWriter(path: path)
        writer.bytes.reserveCapacity(magic.count + identity.count + source.count + bodyCapacity + 32)
        writer.bytes += magic
        writer.integer(version)
        writer.integer(UInt64(identity.count))
        writer.bytes += identity
        writer.integer(UInt64(source.count))
        writer.bytes += source
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
                      case let stored = try reader.bytes(count: reader.count()), stored.count == source.count,
                      stored.count == 0 || (stored.baseAddress.flatMap { a in source.baseAddress.map { memcmp(a, $0, stored.count) == 0 } } ?? false)
                else { return nil }
                let value = try body(&reader)
                return reader.offset == end ? value : nil
            } catch {
                return nil
            }
        }
    }
}
