import Foundation
import Matching
import Testing
import TestSupport
@testable import ScenarioKit

/// A scenario from its snapshot is the scenario built from its YAML, and a snapshot that is
/// stale, damaged or another program's is never used.
@Suite struct ScenarioSnapshotTests {
    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("scenario-snapshot-\(UUID().uuidString)")
    }

    /// Every part of a scenario, as an entry writes it: two scenarios with the same bytes are
    /// the same to everything that reads them (the writer writes every field).
    func body(_ scenario: Scenario?) throws -> [UInt8] {
        var writer = SnapshotWriter(path: try #require(scenario).path)
        writer.scenario(try #require(scenario))
        #expect(!writer.foreignLocation)
        return writer.bytes
    }

    /// The library's scenario files (each its own copy in a folder of its own, so that an inbox
    /// file beside one is left behind).
    func libraryScenarios() throws -> [String] {
        let files = ScenarioLibrary.yamlFiles(under: PackagePaths.scenarios.path).filter { ScenarioLibrary.kind(of: $0) == .scenario }
        #expect(files.count >= 20)
        return try files.map { file in
            let folder = scratch()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let copy = folder.appendingPathComponent((file as NSString).lastPathComponent)
            try Data(contentsOf: URL(fileURLWithPath: file)).write(to: copy)
            return copy.path
        }
    }

    @Test func everyLibraryScenarioFromItsSnapshotIsTheBuiltScenario() throws {
        let cache = YAMLCache(directory: scratch())
        for path in try libraryScenarios() {
            let built = ScenarioLoader.load(path: path)
            #expect(built.diagnostics.isEmpty, "\(path)")
            let first = ScenarioLoader.load(path: path, cache: cache)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let snapshot = try #require(cache.scenario(for: data, path: path), "\(path)")
            let second = ScenarioLoader.load(path: path, cache: cache)
            #expect(try body(snapshot) == body(built.value), "\(path)")
            #expect(try body(first.value) == body(built.value) && body(second.value) == body(built.value), "\(path)")
            #expect(first.text == built.text && second.text == built.text && second.diagnostics.isEmpty)
            #expect(second.value?.contentHash == built.value?.contentHash && second.value?.path == path)
            // The parts that have defaults are read, not defaulted (so a part the entry forgot
            // would show here rather than in the comparison above, which writes both alike).
            let a = try #require(second.value), b = try #require(built.value)
            for (x, y) in zip(a.nodes, b.nodes) {
                #expect(x.clarify == y.clarify && x.ahead.map(\.value) == y.ahead.map(\.value) && x.rulesOff.map(\.value) == y.rulesOff.map(\.value))
                #expect(x.replies.map { $0.examples.map(\.value) } == y.replies.map { $0.examples.map(\.value) })
                #expect(x.replies.map(\.list) == y.replies.map(\.list))
                #expect(x.replies.map(\.response.customerLocations) == y.replies.map(\.response.customerLocations))
                #expect(x.replies.map { $0.condition?.value } == y.replies.map { $0.condition?.value })
            }
            // Replies are matched alike: the patterns are the same values.
            let patterns = { (scenario: Scenario?) in scenario?.nodes.flatMap { $0.replies.map { $0.match?.pattern } } ?? [] }
            #expect(patterns(second.value) == patterns(built.value))
        }
    }

    /// A scenario with every part a scenario may have, the ones the library does not use too.
    static let everything = """
    scenario: every-part
    title: 价格异议
    language: zh-Hans
    summary: 每一部分都有
    minutes: 5
    customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: existing, profile: 犹豫的老客户}
    state: {patience: 3, trust: -1, warned: false}
    pass: 60
    start: price
    nodes:
      price:
        phase: objection
        role: influencer
        speaker: 陈工
        narration: 车间里很吵。
        customer: [你们的机器太贵了。, 太贵了吧？]
        hint: 先认同。
        clarify: ["您是说{reply}吗？", "是说{reply}？"]
        ahead: [close]
        rules: {off: [listen.questions, meeting.discover]}
        replies:
          - option: 是的，价格确实不低，可是墨水一年能省三成。
            match: "@ack > (@contrast | 不过) & !(不行 | 'no way')"
            examples: ["贵是贵了点，但一年省下的墨水钱就补回来了", "价钱是高，不过用下来省得多"]
            if: "patience > 1 and not warned"
            judge: {objection.yes-but: met, objection.calm: +3}
            set: {trust: +1, warned: true, patience: "patience * 2 - (trust % 3)"}
            customer: [一年回本？, 真的？]
            narration: 他眯起眼睛。
            next: close
          - option: 质量、售后、价格、服务
            list: true
            judge: {intro.concise: -2}
            set: {patience: -1}
        otherwise:
          customer: 所以呢？
          narration: 他看了看表。
          set: {patience: -1}
          judge: {objection.yes-but: missed}
      close:
        phase: closing
        customer: 那你说怎么办？
        replies:
          - option: 我们先签一台，下周一装机试产。
            match: "签 & (一台 | 合同)"
            judge: {close.ask: met}
            next: won
        otherwise: {customer: 嗯？, set: {patience: -1}}
    endings:
      won: {outcome: won, narration: 成交。, customer: [好，签吧。], judge: {close.temperament: met}}
      lost: {outcome: lost, when: "patience <= 0 or -trust > 2"}
    lexicons:
      ack: [是的, 确实]
      contrast: [可是, 但是]
    tests:
      - name: 一路签下
        seed: 9007199254740993
        replies: ["#1", "#1"]
        expect: {ending: won, path: [price, close], outcome: won, min-score: 10, max-score: 100, pass: true}
      - name: 没话说
        replies: [嗯, 嗯, 嗯]
        expect: {outcome: lost, pass: false}
    """

    @Test func aScenarioWithEveryPartReadsBackWhole() throws {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("every-part.yaml").path
        try Data(Self.everything.utf8).write(to: URL(fileURLWithPath: path))
        let built = ScenarioLoader.load(path: path)
        #expect(built.diagnostics.isEmpty, "\(built.diagnostics)")
        let cache = YAMLCache(directory: scratch())
        _ = ScenarioLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let read = try #require(cache.scenario(for: data, path: path))
        #expect(try body(read) == body(built.value))
        let node = try #require(read.node("price"))
        #expect(node.clarify == ["您是说{reply}吗？", "是说{reply}？"] && node.ahead.map(\.value) == ["close"])
        #expect(node.rulesOff.map(\.value) == ["listen.questions", "meeting.discover"] && node.role == .influencer && node.speaker == "陈工")
        #expect(node.replies[1].list && !node.replies[0].list && node.replies[0].examples.count == 2)
        #expect(node.replies[0].condition?.value.evaluate(in: ["patience": .int(3), "warned": .bool(false)]) == .bool(true))
        #expect(node.replies[0].response.effects.count == 3 && node.replies[0].response.customer == ["一年回本？", "真的？"])
        #expect(node.replies[0].judge.map(\.points) == [nil, 3] && node.otherwise?.judge.first?.verdict == .missed)
        #expect(read.customer.profile == "犹豫的老客户" && read.customer.kind == .existing && read.minutes == 5 && read.summary == "每一部分都有")
        #expect(read.initialState["trust"] == .int(-1) && read.initialState["warned"] == .bool(false))
        #expect(read.ending("lost")?.when?.value.evaluate(in: ["patience": .int(1), "trust": .int(-3)]) == .bool(true))
        #expect(read.ending("won")?.customer == ["好，签吧。"] && read.lexicons["ack"]?.value == ["是的", "确实"])
        #expect(read.tests.map(\.seed) == [9_007_199_254_740_993, built.value?.tests.last?.seed ?? 0])
        #expect(read.tests[0].expect.path?.value == ["price", "close"] && read.tests[0].expect.maxScore == 100 && read.tests[1].expect.pass == false)
    }

    @Test func readByAnotherNameItsLocationsAreThatName() throws {
        let path = try #require(try libraryScenarios().first { $0.hasSuffix("demo-first-visit.yaml") })
        let cache = YAMLCache(directory: scratch())
        _ = ScenarioLoader.load(path: path, cache: cache)
        let moved = scratch().appendingPathComponent("moved.yaml")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path, toPath: moved.path)
        let read = try #require(ScenarioLoader.load(path: moved.path, cache: cache).value)
        #expect(read.path == moved.path && read.location.path == moved.path)
        #expect(read.nodes.allSatisfy { $0.location.path == moved.path && $0.replies.allSatisfy { $0.location.path == moved.path } })
        #expect(try body(read) == body(ScenarioLoader.load(path: moved.path).value))
    }

    @Test func anEditedScenarioOrAnotherProgramDoesNotTakeTheSnapshot() throws {
        let path = try #require(try libraryScenarios().first { $0.hasSuffix("demo-first-visit.yaml") })
        let cache = YAMLCache(directory: scratch())
        _ = ScenarioLoader.load(path: path, cache: cache)
        let old = try Data(contentsOf: URL(fileURLWithPath: path))
        let entry = old.withUnsafeBytes { URL(fileURLWithPath: cache.scenarioEntryPath(for: $0)) }
        #expect(FileManager.default.fileExists(atPath: entry.path))
        #expect(cache.scenario(for: old, path: path, identity: [1, 2, 3]) == nil)
        // Edited: the new text is built, not the old snapshot taken.
        let text = try #require(String(data: old, encoding: .utf8))
        let edited = text.replacingOccurrences(of: "pass: 70", with: "pass: 65")
        #expect(edited != text)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        let loaded = ScenarioLoader.load(path: path, cache: cache)
        #expect(loaded.value?.pass == 65)
        #expect(try body(loaded.value) == body(ScenarioLoader.load(path: path).value))
        // Even the old snapshot under the new text's name is not taken for it.
        let new = Data(edited.utf8)
        try Data(contentsOf: entry).write(to: new.withUnsafeBytes { URL(fileURLWithPath: cache.scenarioEntryPath(for: $0)) })
        #expect(cache.scenario(for: new, path: path) == nil)
        #expect(ScenarioLoader.load(path: path, cache: cache).value?.pass == 65)
    }

    @Test func aDamagedTruncatedOrForeignSnapshotFallsBackToTheYAML() throws {
        let path = try #require(try libraryScenarios().first { $0.hasSuffix("payment-delay.yaml") })
        let cache = YAMLCache(directory: scratch())
        _ = ScenarioLoader.load(path: path, cache: cache)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let entry = data.withUnsafeBytes { URL(fileURLWithPath: cache.scenarioEntryPath(for: $0)) }
        let good = try Data(contentsOf: entry)
        let built = ScenarioLoader.load(path: path)
        for bad in SnapshotDamage.variants(of: good, magic: ScenarioSnapshot.magic) {
            try bad.write(to: entry)
            chmod(entry.path, 0o600)
            #expect(cache.scenario(for: data, path: path) == nil)
            let loaded = ScenarioLoader.load(path: path, cache: cache)
            #expect(loaded.diagnostics.isEmpty && loaded.text == built.text)
            #expect(try body(loaded.value) == body(built.value))
            // Replaced by a good one again.
            #expect(try Data(contentsOf: entry) == good)
        }
        // A snapshot others may write is not trusted.
        chmod(entry.path, 0o666)
        #expect(cache.scenario(for: data, path: path) == nil)
    }

    @Test func aScenarioWithDiagnosticsOrAnInboxFileIsNotKeptAndReadsAsBefore() throws {
        let path = try #require(try libraryScenarios().first { $0.hasSuffix("demo-first-visit.yaml") })
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        // A warning (an unknown key) or an error is reported as without a cache, every time.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try Data(("colour: blue\n" + text).utf8).write(to: URL(fileURLWithPath: path))
        let plain = ScenarioLoader.load(path: path)
        #expect(!plain.diagnostics.isEmpty)
        for _ in 0..<2 {
            let loaded = ScenarioLoader.load(path: path, cache: cache)
            #expect(loaded.diagnostics == plain.diagnostics)
        }
        var entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        #expect(!entries.contains { $0.hasSuffix(".scenario") })
        // An inbox file beside it: its phrasings join the replies, and nothing is kept.
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let scenario = try #require(ScenarioLoader.load(path: path).value)
        let node = try #require(scenario.nodes.first { !$0.replies.isEmpty })
        let inbox = """
        inbox-for: \(scenario.id)
        examples:
          - {node: \(node.id), reply: 1, text: "一句从收件箱来的说法"}
        """
        try Data(inbox.utf8).write(to: URL(fileURLWithPath: InboxFile.path(forScenario: path)))
        for _ in 0..<2 {
            let loaded = try #require(ScenarioLoader.load(path: path, cache: cache).value)
            let examples = loaded.nodes.first { $0.id == node.id }?.replies.first?.examples.map(\.value) ?? []
            #expect(examples.contains("一句从收件箱来的说法"), "\(examples)")
        }
        entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        #expect(!entries.contains { $0.hasSuffix(".scenario") })
    }
}
