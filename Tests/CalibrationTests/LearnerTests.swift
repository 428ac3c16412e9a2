import Calibration
import Foundation
import ScenarioKit
import Testing
import TestSupport

/// `salessim learn`'s model: made the same way every time, from tune parts only, and the one the
/// library ships is the one its corpora make.
@Suite struct LearnerTests {
    static let folder = PackagePaths.root.appendingPathComponent("Scenarios/calibration")

    static func corpus(_ name: String) throws -> CalibrationCorpus {
        let result = CalibrationLoader.load(path: folder.appendingPathComponent(name).path)
        return try #require(result.value)
    }

    static func libraryRulebook() throws -> Rulebook {
        let result = RulebookLoader.load(path: PackagePaths.root.appendingPathComponent("Scenarios/rulebook.yaml").path)
        return try #require(result.value)
    }

    @Test func theSameCorporaMakeTheSameModel() throws {
        let corpora = [try Self.corpus("rules-ae.tune.yaml"), try Self.corpus("rules-ae-en.tune.yaml")]
        let rulebook = try Self.libraryRulebook()
        var learner = Learner()
        learner.minimumReplies = 3
        let first = learner.train(learner.examples(from: corpora, rulebook: rulebook), about: "test")
        let second = learner.train(learner.examples(from: corpora, rulebook: rulebook), about: "test")
        #expect(first.serialized() == second.serialized())
        #expect(!first.rules.isEmpty)
        // Every rule a writer labelled on these replies, and judged from the text in their phases, is an example.
        let examples = learner.examples(from: corpora, rulebook: rulebook)
        #expect(examples.contains { $0.labelled && $0.rule == "objection.yes-but" })
        #expect(examples.contains { !$0.relevant })
    }

    /// The shipped model is what `salessim learn` makes from the library's tune parts with the
    /// rulebook's detectors: a changed corpus or detector without `salessim learn` fails here.
    @Test func theLibrarysModelIsCurrent() throws {
        let rulebook = try Self.libraryRulebook()
        let shipped = try #require(rulebook.learned, "the library's rulebook names a learned model")
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".tune.yaml") }.sorted()
        let corpora = try names.map(Self.corpus)
        #expect(Learner.lengthRules(of: rulebook) == ["intro.concise", "phone.get-meeting"])
        let learner = Learner()
        let made = learner.train(learner.examples(from: corpora, rulebook: rulebook), about: shipped.about)
        #expect(made.rules["intro.concise"] == nil && made.rules["phone.get-meeting"] == nil)
        #expect(made.serialized() == shipped.serialized(), "run `salessim learn` and commit Scenarios/learned-verdicts.tsv")
    }
}
