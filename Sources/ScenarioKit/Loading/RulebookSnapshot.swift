import Foundation
@_spi(Snapshot) import Matching

/// A built rulebook kept beside the parsed-YAML entries of a ``YAMLCache``, so that a visit's
/// start neither parses the rulebook nor builds it again (building it from its cached tree was
/// most of the time from `salessim play` to the first prompt).
///
/// An entry is named by a digest of the rulebook file's bytes and holds their length, a second,
/// independent digest of them and the identity of the program that built it: it is used only
/// when the file is the same (both digests) and the program is the same executable file, so an
/// edited rulebook or a newer build of salessim (whose loader or normaliser may build differently) never takes
/// an old entry. Only builds without any diagnostic are kept, so a hit has no diagnostics to
/// report. An entry that is damaged, truncated or of another format fails its length and
/// checksum checks (or, failing that, any consistency check of the reading) and is ignored: the
/// rulebook is then built from its YAML and the entry written again.
enum RulebookSnapshot {
    /// Entries of this format are read; others are ignored (and replaced).
    static let magic: [UInt8] = Array("salessim-rulebook-snapshot\n".utf8)
    /// (3: a rule's detectors, 4: a lexicon's phrases are preceded by their length in bytes, so
    /// that they can be read later; 5: a digest of the rulebook's text instead of the text; 6: the
    /// lexicons matched exactly.)
    static let formatVersion: UInt64 = 7
    /// A pattern nests at most this deep in an entry (a parsed pattern has fewer tokens).
    static let maximumPatternDepth = PatternParser.maximumLength + 8

    /// A built rulebook and what is kept with it besides: the lexicons as written (the table
    /// normalises them only when asked, and cannot give them back unnormalised) and the
    /// `manual:` file as written (it is resolved against the path the rulebook is read by).
    struct Parts {
        var rulebook: Rulebook
        var lists: [String: [String]]
        var manual: (text: String, location: SourceLocation)?
        /// `learned:` as written (resolved like `manual:`).
        var learned: (text: String, location: SourceLocation)?
    }

    /// Any inconsistency in an entry: it is then not used.
    struct Damaged: Error {}

    /// The running executable file, as device, inode, size and modification time: a new build
    /// (or another program) is another identity. Nil when it cannot be known; nothing is then
    /// kept or read.
    static let programIdentity: [UInt8]? = {
        var status = stat()
        #if os(Linux)
        guard stat("/proc/self/exe", &status) == 0 else { return nil }
        #else
        guard let path = Bundle.main.executablePath, stat(path, &status) == 0 else { return nil }
        #endif
        var writer = SnapshotWriter()
        writer.integer(UInt64(truncatingIfNeeded: status.st_dev))
        writer.integer(UInt64(truncatingIfNeeded: status.st_ino))
        writer.integer(UInt64(truncatingIfNeeded: status.st_size))
        #if os(Linux)
        writer.integer(UInt64(truncatingIfNeeded: status.st_mtim.tv_sec))
        writer.integer(UInt64(truncatingIfNeeded: status.st_mtim.tv_nsec))
        #else
        writer.integer(UInt64(truncatingIfNeeded: status.st_mtimespec.tv_sec))
        writer.integer(UInt64(truncatingIfNeeded: status.st_mtimespec.tv_nsec))
        #endif
        return writer.bytes
    }()

    /// An entry: the rulebook and its parts, framed as ``SnapshotEntry`` frames them. Nil when
    /// the rulebook holds a location in another file.
    static func entry(_ parts: Parts, source: UnsafeRawBufferPointer, path: String, identity: [UInt8]) -> [UInt8]? {
        // NB: room for the usual entry at once (a rulebook's body is smaller than its text), so
        // that it is not grown by doubling, old and new buffers side by side, at a first visit's
        // peak of memory.
        SnapshotEntry.make(magic: magic, version: formatVersion, identity: identity, source: source, path: path,
                           bodyCapacity: source.count + 65_536) { writer in writer.rulebook(parts) }
    }

    /// The rulebook of an entry, when the entry is whole, of this format and program, and built
    /// from exactly `source`; locations name `path`.
    static func rulebook(from entry: [UInt8], source: UnsafeRawBufferPointer, path: String, identity: [UInt8]) -> Rulebook? {
        SnapshotEntry.read(entry, magic: magic, version: formatVersion, identity: identity, source: source, path: path) { reader throws(Damaged) in
            try reader.rulebook()
        }
    }
}

extension RulebookSnapshot {
    /// `count` strings as ``SnapshotWriter`` wrote them into `bytes` (a lexicon's phrases). The
    /// bytes were checked with their entry; were they ever not to read as such, the strings read
    /// so far are given (a lexicon that matches less rather than a program that stops).
    static func phrases(from bytes: [UInt8], count: Int) -> [String] {
        bytes.withUnsafeBytes { raw -> [String] in
            var reader = SnapshotReader(bytes: raw, path: "")
            var phrases: [String] = []
            phrases.reserveCapacity(count)
            for _ in 0..<count {
                guard let phrase = try? reader.string() else { break }
                phrases.append(phrase)
            }
            return phrases
        }
    }

    /// `count` detectors as ``SnapshotWriter`` wrote them into `bytes` (and nothing else);
    /// nil when the bytes do not read as such.
    static func detectors(from bytes: [UInt8], count: Int, path: String) -> [Detector]? {
        bytes.withUnsafeBytes { raw -> [Detector]? in
            var reader = SnapshotReader(bytes: raw, path: path)
            do throws(Damaged) {
                var detectors: [Detector] = []
                detectors.reserveCapacity(count)
                for _ in 0..<count { detectors.append(try reader.detector()) }
                return reader.offset == raw.count ? detectors : nil
            } catch {
                return nil
            }
        }
    }
}

extension YAMLCache {
    /// The rulebook built before from the file bytes `source` by this program, read by
    /// `path`; nil when no valid entry holds it.
    /// (`key`: the bytes' ``key(_:)`` when the caller has it already.)
    func rulebook(for source: Data, path: String, key: String? = nil, identity: [UInt8]? = RulebookSnapshot.programIdentity) -> Rulebook? {
        guard let identity, source.count <= YAMLCache.maximumTextBytes else { return nil }
        return source.withUnsafeBytes { bytes -> Rulebook? in
            guard let entry = readEntry(rulebookEntryPath(key: key ?? YAMLCache.key(bytes))) else { return nil }
            return RulebookSnapshot.rulebook(from: entry, source: bytes, path: path, identity: identity)
        }
    }

    /// Keeps the rulebook built from the file bytes `source`; failures are silent (the cache is
    /// never required).
    func keep(_ parts: RulebookSnapshot.Parts, for source: Data, path: String, key: String? = nil, identity: [UInt8]? = RulebookSnapshot.programIdentity) {
        guard let identity, source.count <= YAMLCache.maximumTextBytes, makeDirectory() else { return }
        source.withUnsafeBytes { bytes in
            guard let entry = RulebookSnapshot.entry(parts, source: bytes, path: path, identity: identity) else { return }
            writeEntry(entry, to: rulebookEntryPath(key: key ?? YAMLCache.key(bytes)))
        }
    }

    /// The entry's path, named by the file's digest and length (the entry itself proves which
    /// bytes it was made from).
    func rulebookEntryPath(for source: UnsafeRawBufferPointer) -> String {
        rulebookEntryPath(key: YAMLCache.key(source))
    }

    func rulebookEntryPath(key: String) -> String {
        entryPath(key + ".rulebook")
    }

    /// A file's bytes named for an entry: their digest and length, in hexadecimal.
    static func key(_ source: UnsafeRawBufferPointer) -> String {
        String(YAMLCache.digest(source), radix: 16) + "-" + String(source.count, radix: 16)
    }
}

/// Writes the parts of an entry: LEB128 integers (signed ones zigzagged), strings as their
/// length and UTF-8 bytes, a rulebook field by field.
struct SnapshotWriter {
    var bytes: [UInt8] = []
    /// The path every location must name (see ``RulebookSnapshot/entry(_:source:path:identity:)``).
    var path = ""
    /// Set when a location names another path.
    private(set) var foreignLocation = false

    init(path: String = "") {
        self.path = path
    }

    /// LEB128: seven bits a byte, low first.
    mutating func integer(_ value: UInt64) {
        LEB128.append(value, to: &bytes)
    }

    mutating func int(_ value: Int) {
        integer(UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            integer(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func location(_ location: SourceLocation) {
        if location.path != path { foreignLocation = true }
        int(location.line)
        int(location.column)
    }

    mutating func rulebook(_ parts: RulebookSnapshot.Parts) {
        let rulebook = parts.rulebook
        int(rulebook.version)
        integer(UInt64(parts.lists.count))
        // NB: by name, so that the same rulebook always gives the same entry.
        for (name, phrases) in parts.lists.sorted(by: { $0.key < $1.key }) {
            string(name)
            guard let location = rulebook.lexiconLocations[name] else {
                foreignLocation = true
                return
            }
            self.location(location)
            // NB: with their length, so that a reader may keep them unread (see LexiconTable(reading:)).
            var list = SnapshotWriter()
            for phrase in phrases { list.string(phrase) }
            integer(UInt64(phrases.count))
            integer(UInt64(list.bytes.count))
            bytes += list.bytes
        }
        if rulebook.lexiconLocations.count != parts.lists.count { foreignLocation = true }
        let exact = rulebook.lexicons.matchedExactly.sorted()
        integer(UInt64(exact.count))
        for name in exact { string(name) }
        flag(parts.manual != nil)
        if let manual = parts.manual {
            string(manual.text)
            location(manual.location)
        }
        flag(parts.learned != nil)
        if let learned = parts.learned {
            string(learned.text)
            location(learned.location)
        }
        integer(UInt64(rulebook.rules.count))
        for rule in rulebook.rules { self.rule(rule) }
    }

    mutating func rule(_ rule: Rule) {
        string(rule.id)
        string(rule.manual)
        text(rule.title)
        int(rule.weight)
        string(rule.observed.rawValue)
        applicability(rule.applies)
        flag(rule.knockout)
        string(rule.scope.rawValue)
        // NB: with their length, so that a reader may keep them unread (see DeferredDetectors).
        var detectors = SnapshotWriter(path: path)
        for detector in rule.detectors { detectors.detector(detector) }
        if detectors.foreignLocation { foreignLocation = true }
        integer(UInt64(rule.detectors.count))
        integer(UInt64(detectors.bytes.count))
        bytes += detectors.bytes
        // NB: in the order of Verdict's cases, so that the same rulebook always gives the same entry.
        let feedback = Verdict.allCases.compactMap { verdict in rule.feedback[verdict].map { (verdict, $0) } }
        integer(UInt64(feedback.count))
        for (verdict, text) in feedback {
            string(verdict.rawValue)
            self.text(text)
        }
        location(rule.location)
    }

    mutating func detector(_ detector: Detector) {
        applicability(detector.applies)
        for compiled in [detector.met, detector.violated, detector.ignore] {
            flag(compiled != nil)
            if let compiled {
                string(compiled.source)
                pattern(compiled.pattern)
                location(compiled.location)
            }
        }
        for limit in [detector.maxChars, detector.maxWords, detector.minChars, detector.minAfter] {
            flag(limit != nil)
            if let limit { int(limit) }
        }
        string(detector.otherwise.rawValue)
        location(detector.location)
    }

    mutating func pattern(_ pattern: Pattern) {
        switch pattern {
        case let .phrase(phrase):
            bytes.append(0)
            string(phrase.written)
            let codes = phrase.keyCodes
            integer(UInt64(codes.count))
            for code in codes { integer(code) }
            flag(phrase.isNegative)
        case let .lexicon(name):
            bytes.append(1)
            string(name.name)
        case let .anyOf(parts):
            bytes.append(2)
            integer(UInt64(parts.count))
            for part in parts { self.pattern(part) }
        case let .allOf(parts):
            bytes.append(3)
            integer(UInt64(parts.count))
            for part in parts { self.pattern(part) }
        case let .followedBy(first, second):
            bytes.append(4)
            self.pattern(first)
            self.pattern(second)
        case let .not(inner):
            bytes.append(5)
            self.pattern(inner)
        }
    }

    mutating func text(_ text: LocalizedText) {
        string(text.zh)
        string(text.en)
    }

    mutating func applicability(_ applies: Applicability) {
        // NB: sorted, so that the same rulebook always gives the same entry.
        for values in [applies.phases.map(\.rawValue), applies.temperaments.map(\.rawValue), applies.roles.map(\.rawValue), applies.kinds.map(\.rawValue)] {
            integer(UInt64(values.count))
            for value in values.sorted() { string(value) }
        }
    }
}

/// Reads what ``SnapshotWriter`` wrote; anything out of bounds or out of place throws.
struct SnapshotReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    mutating func integer() throws(RulebookSnapshot.Damaged) -> UInt64 {
        guard let value = LEB128.read(bytes, at: &offset) else { throw RulebookSnapshot.Damaged() }
        return value
    }

    mutating func int() throws(RulebookSnapshot.Damaged) -> Int {
        let value = try integer()
        return Int(Int64(bitPattern: value >> 1 ^ (0 &- (value & 1))))
    }

    /// A count of things that take a byte or more each: never more than the bytes left.
    mutating func count() throws(RulebookSnapshot.Damaged) -> Int {
        let value = try integer()
        guard value <= UInt64(bytes.count - offset) else { throw RulebookSnapshot.Damaged() }
        return Int(value)
    }

    mutating func bytes(count: Int) throws(RulebookSnapshot.Damaged) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw RulebookSnapshot.Damaged() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func byte() throws(RulebookSnapshot.Damaged) -> UInt8 {
        guard offset < bytes.count else { throw RulebookSnapshot.Damaged() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func flag() throws(RulebookSnapshot.Damaged) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw RulebookSnapshot.Damaged()
        }
    }

    mutating func string() throws(RulebookSnapshot.Damaged) -> String {
        // NB: decoded, not validated: the entry is checksummed, and decoding never traps.
        String(decoding: try bytes(count: count()), as: UTF8.self)
    }

    mutating func choice<Choice: RawRepresentable>(_: Choice.Type) throws(RulebookSnapshot.Damaged) -> Choice where Choice.RawValue == String {
        guard let value = Choice(rawValue: try string()) else { throw RulebookSnapshot.Damaged() }
        return value
    }

    mutating func location() throws(RulebookSnapshot.Damaged) -> SourceLocation {
        SourceLocation(path: path, line: try int(), column: try int())
    }

    mutating func rulebook() throws(RulebookSnapshot.Damaged) -> Rulebook {
        let version = try int()
        let lexiconCount = try count()
        var lists: [String: @Sendable () -> [String]] = [:]
        var locations: [String: SourceLocation] = [:]
        lists.reserveCapacity(lexiconCount)
        locations.reserveCapacity(lexiconCount)
        for _ in 0..<lexiconCount {
            let name = try string()
            locations[name] = try location()
            let phraseCount = try count()
            let phrases = try bytes(count: count())
            guard phraseCount <= phrases.count else { throw RulebookSnapshot.Damaged() }
            // NB: read when a reply is first matched: a visit's first prompt needs the names only.
            let kept = [UInt8](phrases)
            lists[name] = { RulebookSnapshot.phrases(from: kept, count: phraseCount) }
        }
        guard lists.count == lexiconCount else { throw RulebookSnapshot.Damaged() }
        var exact: Set<String> = []
        for _ in 0..<(try count()) {
            let name = try string()
            guard lists[name] != nil else { throw RulebookSnapshot.Damaged() }
            exact.insert(name)
        }
        var manual: (text: String, location: SourceLocation)?
        if try flag() { manual = (try string(), try location()) }
        var learned: (text: String, location: SourceLocation)?
        if try flag() { learned = (try string(), try location()) }
        let ruleCount = try count()
        var rules: [Rule] = []
        rules.reserveCapacity(ruleCount)
        for _ in 0..<ruleCount { rules.append(try rule()) }
        var lexicons = LexiconTable(reading: lists)
        lexicons.matchedExactly = exact
        var rulebook = Rulebook(version: version, lexicons: lexicons, lexiconLocations: locations, rules: rules, path: path)
        if let manual {
            rulebook.manualFile = RulebookLoader.manualFile(manual.text, at: manual.location, rulebookPath: path)
        }
        if let learned {
            rulebook.learnedFile = RulebookLoader.learnedFile(learned.text, at: learned.location, rulebookPath: path)
        }
        return rulebook
    }

    mutating func rule() throws(RulebookSnapshot.Damaged) -> Rule {
        let id = try string()
        let manual = try string()
        let title = try text()
        let weight = try int()
        let observed = try choice(Observation.self)
        let applies = try applicability()
        let knockout = try flag()
        let scope = try choice(RuleScope.self)
        let detectorCount = try count()
        let detectors = try bytes(count: count())
        guard detectorCount <= detectors.count else { throw RulebookSnapshot.Damaged() }
        var feedback: [Verdict: LocalizedText] = [:]
        for _ in 0..<(try count()) {
            let verdict = try choice(Verdict.self)
            feedback[verdict] = try text()
        }
        var rule = Rule(id: id, manual: manual, title: title, weight: weight, observed: observed, applies: applies, knockout: knockout,
                        scope: scope, feedback: feedback, location: try location())
        // NB: read when first asked for: a visit's first prompt needs none of them.
        rule.detectorSource = .deferred(DeferredDetectors(bytes: [UInt8](detectors), count: detectorCount, path: path))
        return rule
    }

    mutating func detector() throws(RulebookSnapshot.Damaged) -> Detector {
        let applies = try applicability()
        var patterns: [CompiledPattern?] = []
        for _ in 0..<3 {
            guard try flag() else { patterns.append(nil); continue }
            patterns.append(CompiledPattern(source: try string(), pattern: try pattern(depth: 0), location: try location()))
        }
        var limits: [Int?] = []
        for _ in 0..<4 { limits.append(try flag() ? try int() : nil) }
        return Detector(applies: applies, met: patterns[0], violated: patterns[1], ignore: patterns[2],
                        maxChars: limits[0], maxWords: limits[1], minChars: limits[2], minAfter: limits[3],
                        otherwise: try choice(Verdict.self), location: try location())
    }

    mutating func pattern(depth: Int) throws(RulebookSnapshot.Damaged) -> Pattern {
        guard depth <= RulebookSnapshot.maximumPatternDepth else { throw RulebookSnapshot.Damaged() }
        switch try byte() {
        case 0:
            // NB: as written with its keys, not normalised again (see Phrase's keyCodes).
            let written = try string()
            let codeCount = try count()
            var codes: [UInt64] = []
            codes.reserveCapacity(codeCount)
            for _ in 0..<codeCount { codes.append(try integer()) }
            return .phrase(Phrase(written: written, keyCodes: codes, isNegative: try flag()))
        case 1:
            return .lexicon(LexiconName(try string()))
        case let kind where kind == 2 || kind == 3:
            let partCount = try count()
            var parts: [Pattern] = []
            parts.reserveCapacity(partCount)
            for _ in 0..<partCount { parts.append(try pattern(depth: depth + 1)) }
            return kind == 2 ? .anyOf(parts) : .allOf(parts)
        case 4:
            let first = try pattern(depth: depth + 1)
            return .followedBy(first, try pattern(depth: depth + 1))
        case 5:
            return .not(try pattern(depth: depth + 1))
        default:
            throw RulebookSnapshot.Damaged()
        }
    }

    mutating func text() throws(RulebookSnapshot.Damaged) -> LocalizedText {
        LocalizedText(zh: try string(), en: try string())
    }

    mutating func applicability() throws(RulebookSnapshot.Damaged) -> Applicability {
        func set<Value: RawRepresentable & Hashable>(_: Value.Type) throws(RulebookSnapshot.Damaged) -> Set<Value> where Value.RawValue == String {
            var values = Set<Value>()
            for _ in 0..<(try count()) { values.insert(try choice(Value.self)) }
            return values
        }
        return Applicability(phases: try set(Phase.self), temperaments: try set(Temperament.self), roles: try set(Role.self), kinds: try set(CustomerKind.self))
    }
}
