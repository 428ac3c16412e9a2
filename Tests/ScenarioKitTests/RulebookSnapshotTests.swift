import Foundation
import Matching
import Scoring
import Testing
import TestSupport
@testable import ScenarioKit

/// A rulebook from its snapshot is the rulebook built from its YAML, and a snapshot that is stale,
/// damaged or another program's is never used.
@Suite struct RulebookSnapshotTests {
    /// A small rulebook with everything an entry keeps: a manual, limits, every pattern form.
    static let small = """
    version: 3
    manual: ../manual/text.md
    lexicons:
      ack: [是的, 对, "you're right", 。]
      contrast: [可是, but]
      empty: []
    rules:
      - id: objection.yes-but
        manual: I.5
        title: {zh: 先肯定, en: "Yes, but"}
        weight: 4
        observed: text
        applies: {phase: [objection, closing], temperament: hesitant, role: [user], kind: new}
        scope: phase
        knockout: true
        detect:
          - applies: {phase: objection}
            met: "@ack > @contrast & !(不行 | \\"no way\\")"
            violated: "“绝对不是”"
            ignore: 'thank you'
            max-chars: 80
            max-words: 30
            min-chars: 2
            min-after: 3
            otherwise: not-applicable
          - met: "@ack"
        feedback:
          met: {zh: 好, en: Good}
          missed: {zh: 差, en: Missed}
          violated: {zh: 错, en: Wrong}
      - id: close.ask
        manual: I.6
        title: {zh: 促成, en: Ask}
        weight: 1
        observed: choice
        feedback:
          met: {zh: 好, en: Good}
          missed: {zh: 差, en: Missed}
          violated: {zh: 错, en: Wrong}
    """

    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rulebook-snapshot-\(UUID().uuidString)")
    }

    /// A folder holding `text` as its rulebook.yaml, and the file's path.
    func rulebookFile(_ text: String) throws -> String {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("rulebook.yaml")
        try Data(text.utf8).write(to: file)
        // The built-in rulebook's learned model, beside it as in the library.
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("learned-verdicts.tsv"),
                                         to: folder.appendingPathComponent("learned-verdicts.tsv"))
        return file.path
    }

    /// Everything the scorer and the linter see of two rulebooks is the same.
    func expectSame(_ a: Rulebook?, _ b: Rulebook?) throws {
        let a = try #require(a), b = try #require(b)
        #expect(a.version == b.version && a.path == b.path)
        #expect(a.lexiconLocations == b.lexiconLocations)
        #expect(Set(a.lexicons.names) == Set(b.lexicons.names))
        #expect(a.lexicons.lexicons == b.lexicons.lexicons)
        #expect(a.manualFile?.manualPath == b.manualFile?.manualPath && a.manualFile?.location == b.manualFile?.location)
        // NB: the snapshot keeps where the learned model is; its file is read each time, beside the snapshot.
        #expect(a.learnedFile?.path == b.learnedFile?.path && a.learnedFile?.location == b.learnedFile?.location)
        #expect(a.rules.map(\.id) == b.rules.map(\.id))
        for (x, y) in zip(a.rules, b.rules) {
            #expect(x.manual == y.manual && x.title == y.title && x.weight == y.weight && x.observed == y.observed)
            #expect(x.applies == y.applies && x.knockout == y.knockout && x.scope == y.scope)
            #expect(x.feedback == y.feedback && x.location == y.location)
            #expect(x.detectors.count == y.detectors.count)
            for (d, e) in zip(x.detectors, y.detectors) {
                #expect(d.applies == e.applies && d.otherwise == e.otherwise && d.location == e.location)
                #expect(d.maxChars == e.maxChars && d.maxWords == e.maxWords && d.minChars == e.minChars && d.minAfter == e.minAfter)
                for (p, q) in [(d.met, e.met), (d.violated, e.violated), (d.ignore, e.ignore)] {
                    #expect(p?.source == q?.source && p?.pattern == q?.pattern && p?.location == q?.location)
                }
            }
        }
    }

    /// `exact-lexicons:` marks lexicons matched only as written, in the built rulebook and in its
    /// snapshot alike; a name that is not a lexicon is an error at its place.
    @Test func exactLexiconsAreKeptAndAnUnknownOneIsAnError() throws {
        let text = Self.small.replacingOccurrences(of: "lexicons:\n", with: "exact-lexicons: [contrast]\nlexicons:\n")
        let path = try rulebookFile(text)
        let cache = YAMLCache(directory: scratch())
        let built = RulebookLoader.load(path: path)
        #expect(built.diagnostics.isEmpty)
        #expect(built.value?.lexicons.matchedExactly == ["contrast"])
        _ = RulebookLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try #require(cache.rulebook(for: data, path: path)).lexicons.matchedExactly == ["contrast"])
        // Matched exactly: 可事 is no slip for 可是 here, though the same lexicon takes it elsewhere.
        let matcher = Matcher(lexicons: try #require(built.value).lexicons)
        #expect(!matcher.match(try PatternParser.parse("@contrast"), in: NormalizedText("是的，可事更省墨")).matched)
        #expect(matcher.match(try PatternParser.parse("@contrast"), in: NormalizedText("是的，可是更省墨")).matched)

        let wrong = RulebookLoader.load(path: try rulebookFile(Self.small.replacingOccurrences(of: "lexicons:\n", with: "exact-lexicons: [contrats, ack]\nlexicons:\n")))
        let rendered = wrong.diagnostics.map { "\($0.location.line):\($0.location.column): [\($0.code.rawValue)] \($0.message)" }
        #expect(rendered == ["3:18: [SC0007] 'exact-lexicons' names unknown lexicon 'contrats'; did you mean 'contrast'?"])
        #expect(wrong.value?.lexicons.matchedExactly == ["ack"])
    }

    @Test func theSnapshotOfTheBuiltInRulebookIsTheBuiltRulebook() throws {
        let path = try rulebookFile(String(contentsOf: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), encoding: .utf8))
        let cache = YAMLCache(directory: scratch())
        let built = RulebookLoader.load(path: path)
        #expect(built.diagnostics.isEmpty)
        let first = RulebookLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let snapshot = try #require(cache.rulebook(for: data, path: path))
        try expectSame(snapshot, built.value)
        let second = RulebookLoader.load(path: path, cache: cache)
        try expectSame(second.value, built.value)
        #expect(first.text == built.text && second.text == built.text && second.diagnostics.isEmpty)
        // The learned model is read beside the snapshot as beside the YAML.
        #expect(second.value?.learned != nil && second.value?.learned?.serialized() == built.value?.learned?.serialized())
        // The scorer judges replies alike with either.
        let fromYAML = Scorer(rulebook: try #require(built.value))
        let fromSnapshot = Scorer(rulebook: snapshot)
        for (reply, phase) in [("是的,可是我们的机器质量更好", Phase.objection), ("您好,您的奖状真不错", .opening), ("我们的机器是全国最好的", .introduction),
                               ("那您看今天就签合同吧", .closing), ("Yes, but our printers cost less to run", .objection), ("可事我们有售后", .objection)] {
            let context = TurnContext(phase: phase, temperament: .hesitant, role: .decisionMaker, kind: .new)
            #expect(fromYAML.score(reply: reply, context: context) == fromSnapshot.score(reply: reply, context: context))
        }
    }

    @Test func aSnapshotKeepsEveryPartOfARule() throws {
        let path = try rulebookFile(Self.small)
        let cache = YAMLCache(directory: scratch())
        let built = RulebookLoader.load(path: path)
        #expect(built.diagnostics.isEmpty)
        _ = RulebookLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try expectSame(cache.rulebook(for: data, path: path), built.value)
        // Read by another name, its locations and manual are that name's.
        let shown = RulebookLoader.load(path: path, shownAs: "shown/rulebook.yaml", cache: cache)
        #expect(shown.value?.manualFile?.location.path == "shown/rulebook.yaml")
        try expectSame(shown.value, RulebookLoader.load(path: path, shownAs: "shown/rulebook.yaml").value)
    }

    /// A snapshot's detectors are read when first asked for: copies of the rulebook on several
    /// threads at once all get them whole, and the same as the built rulebook's.
    @Test func detectorsReadLaterAreTheSameOnEveryThread() throws {
        let path = try rulebookFile(String(contentsOf: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), encoding: .utf8))
        let cache = YAMLCache(directory: scratch())
        let built = try #require(RulebookLoader.load(path: path).value)
        _ = RulebookLoader.load(path: path, cache: cache)
        let snapshot = try #require(RulebookLoader.load(path: path, cache: cache).value)
        let context = TurnContext(phase: .objection, temperament: .hesitant, role: .decisionMaker, kind: .new)
        let expected = Scorer(rulebook: built).score(reply: "是的是的,可是我们的墨水一年能省三成", context: context)
        let works = (0..<8).map { _ in
            BackgroundWork { Scorer(rulebook: snapshot).score(reply: "是的是的,可是我们的墨水一年能省三成", context: context) }
        }
        for work in works { #expect(try work.wait() == expected) }
        for (read, made) in zip(snapshot.rules, built.rules) {
            #expect(read.detectors.count == made.detectors.count, "\(read.id)")
            #expect(read.detectors.map { $0.met?.source } == made.detectors.map { $0.met?.source }, "\(read.id)")
        }
    }

    @Test func anEditedRulebookOrAnotherProgramDoesNotTakeTheSnapshot() throws {
        let path = try rulebookFile(Self.small)
        let cache = YAMLCache(directory: scratch())
        _ = RulebookLoader.load(path: path, cache: cache)
        let old = Data(Self.small.utf8)
        let entry = old.withUnsafeBytes { URL(fileURLWithPath: cache.rulebookEntryPath(for: $0)) }
        #expect(FileManager.default.fileExists(atPath: entry.path))
        #expect(cache.rulebook(for: old, path: path, identity: [1, 2, 3]) == nil)
        // The rulebook edited: its new text is built, not the old snapshot taken.
        let edited = Self.small.replacingOccurrences(of: "weight: 4", with: "weight: 5")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        let loaded = RulebookLoader.load(path: path, cache: cache)
        #expect(loaded.value?.rules.first?.weight == 5)
        try expectSame(loaded.value, RulebookLoader.load(path: path).value)
        // Even the old snapshot under the new text's name is not taken for it.
        let new = Data(edited.utf8)
        try Data(contentsOf: entry).write(to: new.withUnsafeBytes { URL(fileURLWithPath: cache.rulebookEntryPath(for: $0)) })
        #expect(cache.rulebook(for: new, path: path) == nil)
        #expect(RulebookLoader.load(path: path, cache: cache).value?.rules.first?.weight == 5)
    }

    @Test func aDamagedTruncatedOrForeignSnapshotFallsBackToTheYAML() throws {
        let path = try rulebookFile(Self.small)
        let cache = YAMLCache(directory: scratch())
        _ = RulebookLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let entry = data.withUnsafeBytes { URL(fileURLWithPath: cache.rulebookEntryPath(for: $0)) }
        let good = try Data(contentsOf: entry)
        let built = RulebookLoader.load(path: path)
        for bad in SnapshotDamage.variants(of: good, magic: RulebookSnapshot.magic) {
            try bad.write(to: entry)
            chmod(entry.path, 0o600)
            #expect(cache.rulebook(for: data, path: path) == nil)
            let loaded = RulebookLoader.load(path: path, cache: cache)
            #expect(loaded.diagnostics.isEmpty && loaded.text == built.text)
            try expectSame(loaded.value, built.value)
            #expect(try Data(contentsOf: entry) == good)
        }
        // A snapshot others may write is not trusted.
        chmod(entry.path, 0o666)
        #expect(cache.rulebook(for: data, path: path) == nil)
    }

    @Test func aRulebookWithDiagnosticsIsNotKeptAndReportsThemAsBefore() throws {
        let broken = Self.small.replacingOccurrences(of: "\"@ack\"", with: "\"@akc\"")
        let path = try rulebookFile(broken)
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        let first = RulebookLoader.load(path: path, cache: cache)
        let second = RulebookLoader.load(path: path, cache: cache)
        let plain = RulebookLoader.load(path: path)
        #expect(!plain.diagnostics.isEmpty && first.diagnostics == plain.diagnostics && second.diagnostics == plain.diagnostics)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        #expect(!entries.contains { $0.hasSuffix(".rulebook") })
    }

    @Test func theDigestSeesEveryWord() {
        let bytes = [UInt8]((0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let digest = bytes.withUnsafeBytes(YAMLCache.digest)
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 1
            #expect(changed.withUnsafeBytes(YAMLCache.digest) != digest)
        }
        #expect(bytes.dropLast().withUnsafeBytes(YAMLCache.digest) != digest)
    }
}
