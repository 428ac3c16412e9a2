import Matching
import ScenarioKit
import Scoring
import Simulation
import Testing
import TestSupport

/// A pattern compiled to a program (what the scorer and recognition ask) answers exactly as the
/// pattern it was made from: the same match, spans, matches by sound and completion, for every
/// pattern of the rulebook and of the library's replies, on the library's own phrasings.
@Suite struct PatternProgramTests {
    static let library = LibraryCoverageTests.library

    /// Every phrasing a scenario holds: its replies' options and examples, and its customer's lines.
    static func phrasings(of scenario: Scenario) -> [String] {
        var texts: [String] = []
        for node in scenario.nodes {
            texts.append(contentsOf: node.customer)
            for reply in node.replies {
                if let option = reply.option { texts.append(option) }
                texts.append(contentsOf: reply.examples.map(\.value))
            }
        }
        return texts
    }

    func expectSame(_ compiled: CompiledPattern, _ text: NormalizedText, _ matcher: Matcher, _ place: String) {
        var programMemo = Matcher.LexiconMemo()
        var patternMemo = Matcher.LexiconMemo()
        let program = PatternProgram(compiled.pattern)
        let byProgram = matcher.match(program, in: text, memo: &programMemo)
        let byPattern = matcher.match(compiled.pattern, in: text, memo: &patternMemo)
        #expect(byProgram == byPattern, "\(place): 「\(compiled.source)」 on 「\(text.original)」")
        #expect(byProgram.completion == byPattern.completion, "\(place): 「\(compiled.source)」 on 「\(text.original)」")
        #expect(matcher.matches(program, in: text, memo: &programMemo) == byPattern.matched)
    }

    @Test func everyReplyPatternAnswersAsItsProgramOnItsScenariosPhrasings() throws {
        var compared = 0
        for (scenario, rulebook) in Self.library {
            let matcher = Session.scorer(for: scenario, rulebook: rulebook).matcher
            // Every fourth phrasing of the scenario: its good replies and its mistakes, hundreds each.
            let texts = Self.phrasings(of: scenario).enumerated().filter { $0.offset % 4 == 0 }.map { NormalizedText($0.element) }
            for node in scenario.nodes {
                for reply in node.replies {
                    guard let compiled = reply.match else { continue }
                    for text in texts {
                        expectSame(compiled, text, matcher, "\(scenario.id) \(node.id)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 10_000)
    }

    @Test func everyRuleDetectorAnswersAsItsProgramOnTheLibrarysPhrasings() throws {
        let (first, rulebook) = try #require(Self.library.first)
        let matcher = Session.scorer(for: first, rulebook: rulebook).matcher
        // Every eighth phrasing of every scenario: a thousand replies or more, good and bad, both languages.
        let texts = Self.library.flatMap { Self.phrasings(of: $0.scenario) }.enumerated().filter { $0.offset % 8 == 0 }.map { NormalizedText($0.element) }
        var compared = 0
        for rule in rulebook.rules {
            for detector in rule.detectors {
                for compiled in [detector.met, detector.violated, detector.ignore].compactMap({ $0 }) {
                    for text in texts {
                        expectSame(compiled, text, matcher, rule.id)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 10_000)
    }
}
