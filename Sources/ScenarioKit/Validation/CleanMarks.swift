import Foundation

/// What `play` remembers of a scenario it checked: that the text, checked against the rulebook
/// read from given bytes, by this very program, had nothing to report. The next visit of the same
/// scenario under the same rulebook then skips the check (a tenth of a visit's start), and anything
/// else (an edited scenario, another rulebook, a new build, a rulebook naming a manual, whose
/// quotes are checked against a file that may change) checks it again.
///
/// A mark is a file in the YAML cache named by the scenario's text and the rulebook's key
/// (``Rulebook/sourceKey``): magic, format, program identity, the scenario's text itself (so that
/// only exactly that text is taken), and a digest of all that.
enum CleanMarks {
    static let magic: [UInt8] = Array("salessim-clean-mark\n".utf8)
    static let formatVersion: UInt64 = 1

    static func mark(text: Data, identity: [UInt8]) -> [UInt8] {
        var writer = SnapshotWriter()
        writer.bytes.reserveCapacity(magic.count + identity.count + text.count + 32)
        writer.bytes += magic
        writer.integer(formatVersion)
        writer.integer(UInt64(identity.count))
        writer.bytes += identity
        writer.integer(UInt64(text.count))
        text.withUnsafeBytes { writer.bytes += $0 }
        let checksum = writer.bytes.withUnsafeBytes(YAMLCache.digest)
        for shift in stride(from: 0, to: 64, by: 8) { writer.bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt64(shift))) }
        return writer.bytes
    }

    static func isMark(_ entry: [UInt8], text: Data, identity: [UInt8]) -> Bool {
        entry.withUnsafeBytes { bytes -> Bool in
            guard bytes.count > magic.count + 8, bytes.prefix(magic.count).elementsEqual(magic) else { return false }
            let body = bytes.count - 8
            guard YAMLCache.digest(UnsafeRawBufferPointer(rebasing: bytes[0..<body])) == bytes.loadUnaligned(fromByteOffset: body, as: UInt64.self).littleEndian
            else { return false }
            var reader = SnapshotReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<body]), path: "")
            reader.offset = magic.count
            do throws(RulebookSnapshot.Damaged) {
                guard try reader.integer() == formatVersion, try reader.bytes(count: reader.count()).elementsEqual(identity) else { return false }
                let stored = try reader.bytes(count: reader.count())
                return reader.offset == body && text.withUnsafeBytes { stored.elementsEqual($0) }
            } catch {
                return false
            }
        }
    }
}

extension YAMLCache {
    /// Whether this program found nothing to report in the scenario `text` checked against the
    /// rulebook whose ``Rulebook/sourceKey`` is `rulebook`.
    func hasCleanMark(text: Data, rulebook: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) -> Bool {
        guard let identity, text.count <= YAMLCache.maximumTextBytes,
              let entry = readEntry(cleanMarkURL(text: text, rulebook: rulebook)) else { return false }
        return CleanMarks.isMark(entry, text: text, identity: identity)
    }

    /// Remembers that the check of `text` against the rulebook `rulebook` found nothing;
    /// failures are silent (the cache is never required).
    func keepCleanMark(text: Data, rulebook: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) {
        guard let identity, text.count <= YAMLCache.maximumTextBytes, makeDirectory() else { return }
        writeEntry(CleanMarks.mark(text: text, identity: identity), to: cleanMarkURL(text: text, rulebook: rulebook))
    }

    func cleanMarkURL(text: Data, rulebook: String) -> URL {
        directory.appendingPathComponent(text.withUnsafeBytes(YAMLCache.key) + "." + rulebook + ".clean")
    }
}
