import Foundation
import Matching
import Testing
import TestSupport
@testable import ScenarioKit

/// The learned model's file: written and read back the same, and every broken file refused with
/// its line, never a crash.
@Suite struct LearnedModelTests {
    static let model: LearnedModel = {
        let names = ["G:none", "P:objection", "b:回 本", "u:?", "u:pays"]
        var columns = [SIMD4<Float>](repeating: .zero, count: names.count)
        columns[2] = SIMD4(1.25, -0.5, 0, -0.75)
        columns[4] = SIMD4(0.5, 0, 0, -0.5)
        let weights = LearnedModel.Weights(bias: SIMD4(0.1, 0.2, -0.3, 0), columns: columns, relevanceBias: -1.5,
                                           relevance: [0, 2, 0.5, 0, 0])
        return LearnedModel(threshold: 0.4, relevanceThreshold: 0.1, wordsThreshold: 0, about: "a test model",
                            featureNames: names, rules: ["objection.yes-but": weights])
    }()

    func parse(_ text: String) -> LoadResult<LearnedModel> {
        LearnedModel.parse(data: Data(text.utf8), path: "model.tsv")
    }

    @Test func aModelReadBackIsTheModelWritten() throws {
        let text = Self.model.serialized()
        let read = try #require(parse(text).value)
        #expect(read.serialized() == text)
        let features = read.textFeatures(of: NormalizedText("一年就回本了?"))
        let filter = ContextFilter(phase: .objection)
        #expect(read.predict("objection.yes-but", features: features, filter: filter, given: nil)
                == Self.model.predict("objection.yes-but", features: Self.model.textFeatures(of: NormalizedText("一年就回本了?")), filter: filter, given: nil))
        #expect(read.predict("close.ask", features: features, filter: filter, given: nil) == nil)
    }

    @Test func theFeaturesOfAReplyAreTheNamedOnesItKnows() {
        let text = NormalizedText("是的，一年就回本了？It pays back.")
        let names = LearnedModel.textFeatureNames(of: text)
        #expect(names.contains("b:回 本") && names.contains("u:pays") && names.contains("b:pays back") && names.contains("u:回"))
        #expect(!LearnedModel.textFeatureNames(of: text, singleCharacters: false).contains("u:回"))
        // No pair across a clause: 「的」 ends one, 「一」 begins the next.
        #expect(!names.contains("b:的 一"))
        let known = Self.model.textFeatures(of: text).indices.map { Self.model.featureNames[Int($0)] }
        #expect(Set(known) == Set(["b:回 本", "u:?", "u:pays"]))
    }

    @Test func theWordsThatWeighedMostAreShownAsTyped() throws {
        let prediction = try #require(Self.model.predict("objection.yes-but", features: Self.model.textFeatures(of: NormalizedText("一年就回本了？")),
                                                         filter: ContextFilter(phase: .objection), given: nil))
        #expect(prediction.verdict == .met)
        #expect(prediction.words == ["回本"])
        #expect(prediction.relevance > 0.5)
    }

    @Test(arguments: [
        ("not a model\n", 1, "not a learned model"),
        ("salessim-learned-verdicts 1\nthreshold 0.4\n", 2, "expected 'about"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 1.5\n", 3, "threshold"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nZ:odd\nend\n", 8, "none of"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\n0\t1\t1\t1\t1\t1\n", 9, "before any 'rule"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\nrule r\n5\t1\t1\t1\t1\t1\nend\n", 10, "not below 1"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\nrule r\n0\t1\tx\t1\t1\t1\nend\n", 10, "'x' is not a number"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\nrule r\n0\t1\tnan\t1\t1\t1\nend\n", 10, "not a number"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\nrule r\n0\t1\t1\t1\t1\n", 10, "five weights"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 1\nu:a\nrule r\n0\t1\t1\t1\t1\t1\n", 10, "ends early"),
        ("salessim-learned-verdicts 1\nabout x\nthreshold 0.4\nrelevance 0.1\nwords 0\nevidence 0\nfeatures 99\nu:a\n", 7, "features N"),
    ] as [(String, Int, String)])
    func aBrokenModelIsRefusedAtItsLine(text: String, line: Int, message: String) throws {
        let result = parse(text)
        #expect(result.value == nil)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .learnedModel)
        #expect(diagnostic.location.line == line, "\(diagnostic)")
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
    }

    @Test func aModelThatIsNotUTF8IsRefused() {
        var bytes = Array(LearnedModelTests.model.serialized().utf8)
        bytes.insert(0xFF, at: 40)
        let result = LearnedModel.parse(data: Data(bytes), path: "model.tsv")
        #expect(result.value == nil && result.diagnostics.first?.message.contains("UTF-8") == true)
    }

    @Test func aRulebookNamingAMissingModelSaysSoAtItsLearnedLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learned-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOfFile: Fixtures.rulebookPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "version: ", with: "learned: model.tsv\nversion: ")
        let path = folder.appendingPathComponent("rulebook.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let missing = RulebookLoader.load(path: path)
        let diagnostic = try #require(missing.diagnostics.first { $0.code == .learnedModel })
        // At the `learned:` line (the second: the comment comes first).
        #expect(diagnostic.location.path == path && diagnostic.location.line == 2)
        #expect(diagnostic.message.contains("salessim learn"))
        #expect(missing.value?.learned == nil)
        // With the file in place the model is read, also through the rulebook's snapshot.
        try Self.model.serialized().write(to: folder.appendingPathComponent("model.tsv"), atomically: true, encoding: .utf8)
        let found = RulebookLoader.load(path: path)
        #expect(!found.hasErrors)
        #expect(found.value?.learned?.rules.keys.sorted() == ["objection.yes-but"])
        let cache = YAMLCache(directory: folder.appendingPathComponent("cache"))
        _ = RulebookLoader.load(path: path, cache: cache)
        let cached = RulebookLoader.load(path: path, cache: cache)
        #expect(cached.value?.learned?.featureNames == Self.model.featureNames)
    }
}
