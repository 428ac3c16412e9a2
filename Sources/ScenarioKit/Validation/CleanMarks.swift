import Foundation

/// What `play` remembers of a scenario it checked: that the text, checked against the rulebook
/// read from given bytes, by this very program, had nothing to report. The next visit of the same
/// scenario under the same rulebook then skips the check (a tenth of a visit's start), and anything
/// else (an edited scenario, another rulebook, a new build, a rulebook naming a manual, whose
/// quotes are checked against a file that may change) checks it again.
///
/// A mark is a file in the YAML cache named by the scenario's text and the rulebook's key
/// (``Rulebook/sourceKey``): magic, format, program identity, the length and a second digest of
/// the scenario's text (so that only that text is taken), and a digest of all that.
enum CleanMarks {
    static let magic: [UInt8] = Array("salessim-clean-mark\n".utf8)
    static let formatVersion: UInt64 = 2 // 2: a digest of the marked text instead of the text

    static func mark(text: Data, identity: [UInt8]) -> [UInt8] {
        text.withUnsafeBytes { source in
            SnapshotEntry.make(magic: magic, version: formatVersion, identity: identity, source: source, path: "") { _ in } ?? []
        }
    }

    static func isMark(_ entry: [UInt8], text: Data, identity: [UInt8]) -> Bool {
        text.withUnsafeBytes { source in
            SnapshotEntry.read(entry, magic: magic, version: formatVersion, identity: identity, source: source, path: "") { _ throws(RulebookSnapshot.Damaged) in true } ?? false
        }
    }
}

extension YAMLCache {
    /// Whether this program found nothing to report in the scenario `text` checked against the
    /// rulebook whose ``Rulebook/sourceKey`` is `rulebook`.
    func hasCleanMark(text: Data, rulebook: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) -> Bool {
        guard let identity, text.count <= YAMLCache.maximumTextBytes,
              let entry = readEntry(cleanMarkPath(text: text, rulebook: rulebook)) else { return false }
        return CleanMarks.isMark(entry, text: text, identity: identity)
    }

    /// Remembers that the check of `text` against the rulebook `rulebook` found nothing;
    /// failures are silent (the cache is never required).
    func keepCleanMark(text: Data, rulebook: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) {
        guard let identity, text.count <= YAMLCache.maximumTextBytes, makeDirectory() else { return }
        writeEntry(CleanMarks.mark(text: text, identity: identity), to: cleanMarkPath(text: text, rulebook: rulebook))
    }

    func cleanMarkPath(text: Data, rulebook: String) -> String {
        entryPath(text.withUnsafeBytes(YAMLCache.key) + "." + rulebook + ".clean")
    }
}
