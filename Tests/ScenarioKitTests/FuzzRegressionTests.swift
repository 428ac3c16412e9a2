import Foundation
@testable import ScenarioKit
import Testing

/// The limits of issue 7 (Scenarios/README.md, "Limits"): each one refuses a file with one clear
/// diagnostic, and a file just inside it still loads.
@Suite struct LimitTests {
    func load(_ text: String) -> LoadResult<Scenario> {
        ScenarioLoader.load(text: text, path: "limits.yaml")
    }

    /// A valid scenario of `nodes` nodes in a chain, each with `replies` replies.
    static func scenario(nodes: Int, replies: Int = 1) -> String {
        var lines = [
            "scenario: limits", "title: limits", "language: en",
            "customer: {name: A, role: user, temperament: hesitant, kind: new}",
            "start: n0", "nodes:",
        ]
        for index in 0..<nodes {
            let next = index + 1 < nodes ? "n\(index + 1)" : "done"
            lines += ["  n\(index):", "    phase: opening", "    replies:"]
            for reply in 0..<replies { lines.append("      - {match: \"w\(reply)\", next: \(next)}") }
        }
        lines += ["endings:", "  done: {outcome: won}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A one-node scenario whose reply has `match` and `if` as given.
    static func scenario(match: String, condition: String = "true") -> String {
        """
        scenario: limits
        title: limits
        language: en
        customer: {name: A, role: user, temperament: hesitant, kind: new}
        state: {x: 0}
        start: a
        nodes:
          a:
            phase: opening
            replies:
              - match: '\(match)'
                if: '\(condition)'
                next: done
        endings:
          done: {outcome: won}

        """
    }

    @Test func fileSizeOverOneMebibyteIsSC0017() {
        let data = Data(repeating: 0x20, count: YAMLDocument.maximumBytes + 1)
        let diagnostics = ScenarioLoader.load(data: data, path: "big.yaml").diagnostics
        #expect(diagnostics.map(\.code) == [.tooLarge])
        #expect(diagnostics.first?.message.contains("the limit is 1048576 (1 MiB)") == true)
    }

    @Test func nestingOver64LevelsIsSC0018() {
        let inside = "a: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        #expect(!load(inside).diagnostics.contains { $0.code == .tooComplex })
        let over = "a: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n"
        let diagnostics = load(over).diagnostics
        #expect(diagnostics.map(\.code) == [.tooComplex])
        #expect(diagnostics.first?.message == "nesting is deeper than 64 levels")
    }

    @Test func aliasExpansionOver100000NodesIsSC0018() {
        // 10 × 10 × 10 × 10 × 10 = 100,000 leaves, plus the lists that hold them.
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...4 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let diagnostics = load(lines.joined(separator: "\n")).diagnostics
        #expect(diagnostics.map(\.code) == [.tooComplex])
        #expect(diagnostics.first?.message.contains("more than 100000 YAML nodes") == true)
    }

    @Test func nodeCountOver2000IsSC0018() throws {
        let inside = load(Self.scenario(nodes: ScenarioLoader.maximumNodes))
        #expect(inside.value != nil)
        #expect(!inside.hasErrors)
        let over = load(Self.scenario(nodes: ScenarioLoader.maximumNodes + 1))
        #expect(over.value == nil)
        let diagnostic = try #require(over.diagnostics.only)
        #expect(diagnostic.code == .tooComplex)
        #expect(diagnostic.message == "too many nodes: the scenario has 2001 nodes; the limit is 2000 (split the scenario)")
        #expect(diagnostic.location.line == 7)
    }

    @Test func repliesPerNodeOver200IsSC0018() throws {
        let inside = load(Self.scenario(nodes: 2, replies: ScenarioLoader.maximumRepliesPerNode))
        #expect(inside.value != nil)
        #expect(!inside.hasErrors)
        let over = load(Self.scenario(nodes: 2, replies: ScenarioLoader.maximumRepliesPerNode + 1))
        #expect(over.value == nil)
        #expect(over.diagnostics.map(\.code) == [.tooComplex, .tooComplex])
        let first = try #require(over.diagnostics.first)
        #expect(first.message == "too many replies: node 'n0' has 201 replies; the limit is 200 (split the node)")
        #expect(first.location.line == 10)
    }

    @Test func patternOver1000CharactersIsSC0009() throws {
        #expect(!load(Self.scenario(match: String(repeating: "a", count: 1000))).hasErrors)
        let diagnostics = load(Self.scenario(match: String(repeating: "a", count: 1001))).diagnostics
        let diagnostic = try #require(diagnostics.only)
        #expect(diagnostic.code == .patternSyntax)
        #expect(diagnostic.message.hasSuffix("pattern is longer than 1000 characters"))
    }

    @Test func patternNestingOver32LevelsIsSC0009() throws {
        let inside = String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)
        #expect(!load(Self.scenario(match: inside)).hasErrors)
        let over = String(repeating: "(", count: 33) + "a" + String(repeating: ")", count: 33)
        let diagnostic = try #require(load(Self.scenario(match: over)).diagnostics.only)
        #expect(diagnostic.code == .patternSyntax)
        #expect(diagnostic.message.hasSuffix("pattern nests deeper than 32 levels"))
    }

    @Test func expressionOver1000CharactersIsSC0010() throws {
        // "x + 0 + 0 ... == 0", padded with spaces to exactly 1,000 characters, then one more.
        let inside = "x" + String(repeating: " + 0", count: 248) + " == 0" + "  "
        #expect(inside.count == 1000)
        #expect(!load(Self.scenario(match: "a", condition: inside)).hasErrors)
        let diagnostic = try #require(load(Self.scenario(match: "a", condition: inside + " ")).diagnostics.only)
        #expect(diagnostic.code == .expression)
        #expect(diagnostic.message.hasSuffix("expression is longer than 1000 characters"))
    }

    @Test func expressionNestingOver32LevelsIsSC0010() throws {
        let inside = String(repeating: "(", count: 32) + "x" + String(repeating: ")", count: 32) + " == 0"
        #expect(!load(Self.scenario(match: "a", condition: inside)).hasErrors)
        let over = String(repeating: "(", count: 33) + "x" + String(repeating: ")", count: 33) + " == 0"
        let diagnostic = try #require(load(Self.scenario(match: "a", condition: over)).diagnostics.only)
        #expect(diagnostic.code == .expression)
        #expect(diagnostic.message.hasSuffix("expression nests deeper than 32 levels"))
    }
}

private extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}

/// Inputs found wrong while fuzzing the loader (Fuzz/, `scripts/fuzz`), kept as regressions.
@Suite struct ScenarioFuzzRegressionTests {
    func codes(_ text: String) -> [DiagnosticCode] {
        ScenarioLoader.load(text: text, path: "fuzz.yaml").diagnostics.map(\.code)
    }

    /// Found reviewing the loader for fuzz-scenario: a quote that YAML reads as part of a plain
    /// scalar (`x 'b`) made the nesting scan skip the brackets after it, so 200 levels loaded.
    @Test func nestingHiddenAfterAQuoteIsStillRefused() throws {
        for prefix in ["a: [x 'b, ", "a: [ \"\\\" x \", "] {
            let text = prefix + String(repeating: "[", count: 200) + String(repeating: "]", count: 201) + "\n"
            let diagnostics = ScenarioLoader.load(text: text, path: "fuzz.yaml").diagnostics
            let diagnostic = try #require(diagnostics.only)
            #expect(diagnostic.code == .tooComplex)
            #expect(diagnostic.message == "nesting is deeper than 64 levels")
            #expect(diagnostic.location.line == 1)
        }
    }

    /// The same past libyaml's own limit (1,000 levels): SC0018 as well, not a syntax error.
    @Test func nestingPastLibyamlsLimitIsSC0018() {
        let text = "a: [x 'b, " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5001) + "\n"
        #expect(codes(text) == [.tooComplex])
    }

    /// Found reviewing the loader for fuzz-scenario, then replayed through it: `abs` of the
    /// smallest 64-bit number traps (arithmetic overflow), and huge points overflowed the
    /// scorecard's sums. Points are now limited to ±1000 (SC0015).
    @Test func hugeJudgmentPointsAreAnErrorNotACrash() throws {
        for (points, accepted) in [("-9223372036854775808", false), ("9223372036854775807", false), ("+1001", false),
                                   ("-1000", true), ("+1000", true), ("+2", true)] {
            let text = """
                scenario: points
                title: points
                language: en
                customer: {name: A, role: user, temperament: hesitant, kind: new}
                start: a
                nodes:
                  a:
                    phase: opening
                    replies:
                      - {match: x, next: done, judge: {opening.style: \(points)}}
                endings:
                  done: {outcome: won}
                """
            let loaded = ScenarioLoader.load(text: text, path: "points.yaml")
            let scenario = try #require(loaded.value)
            if accepted {
                #expect(!loaded.hasErrors)
                #expect(scenario.nodes.first?.replies.first?.judge.first?.points == abs(Int(points)!))
            } else {
                // (A reply's `judge:` is read for the reply and for its response: lint shows
                // the two equal diagnostics once.)
                let diagnostic = try #require(Array(Set(loaded.diagnostics)).only)
                #expect(diagnostic.code == .invalidValue)
                #expect(diagnostic.message == "the points of the judgment of 'opening.style' must be between -1000 and 1000, not \(Int(points)!)")
                #expect(diagnostic.location.line == 10)
            }
        }
    }

    /// 64 levels exactly still load (the root map is the first).
    @Test func sixtyFourLevelsLoad() {
        let text = "a: [x 'b, " + String(repeating: "[", count: 62) + String(repeating: "]", count: 63) + "\n"
        #expect(!codes(text).contains(.tooComplex))
    }
}

/// Files that made lint take minutes: found while building fuzz-scenario (a hang is a finding
/// too: `scripts/fuzz` runs with -timeout=5). Each took over a minute before the fix.
@Suite struct LintTimeRegressionTests {
    static let header = """
        scenario: slow
        title: slow
        language: en
        customer: {name: A, role: user, temperament: hesitant, kind: new}

        """

    func validate(_ text: String) throws -> [Diagnostic] {
        let loaded = ScenarioLoader.load(text: text, path: "slow.yaml")
        let scenario = try #require(loaded.value)
        return loaded.diagnostics + ScenarioValidator.validate(scenario, rulebook: nil)
    }

    /// 150 nodes with 100-letter ids and 450 replies going to unknown 100-letter targets: every
    /// "did you mean" compared each target with every id in full (450 × 151 × 100² steps).
    @Test(.timeLimit(.minutes(1))) func manyLongUnknownTargetsStayFast() throws {
        let long = String(repeating: "a", count: 100), other = String(repeating: "b", count: 100)
        var lines = ["start: n\(long)0", "nodes:"]
        for node in 0..<150 {
            lines += ["  n\(long)\(node):", "    phase: opening", "    replies:"]
            for reply in 0..<3 { lines.append("      - {match: x, next: m\(other)\(node)x\(reply)}") }
        }
        lines += ["endings:", "  done: {outcome: won}"]
        let diagnostics = try validate(Self.header + lines.joined(separator: "\n"))
        #expect(diagnostics.filter { $0.code == .unknownTarget }.count == 450)
    }

    /// Only the first 50 unknown names of a file get a "did you mean": each costs a pass over
    /// all the candidates.
    @Test func suggestionsStopAfterFiftyPerFile() throws {
        var lines = ["start: n0", "nodes:"]
        for node in 0..<60 {
            // n0 -> "n1x" (a typo of n1), ... : every reply's target is one letter off a node id.
            lines.append("  n\(node): {phase: opening, replies: [{match: x, next: n\(node + 1)x}]}")
        }
        lines += ["endings:", "  done: {outcome: won}"]
        let unknown = try validate(Self.header + lines.joined(separator: "\n")).filter { $0.code == .unknownTarget }
        #expect(unknown.count == 60)
        #expect(unknown.prefix(50).allSatisfy { $0.message.contains("did you mean") })
        #expect(!unknown.dropFirst(50).contains { $0.message.contains("did you mean") })
        #expect(unknown.first?.message == "reply 1 of node 'n0' goes to unknown node or ending 'n1x'; did you mean 'n1'?")
    }

    /// 2,000 nodes that change `y` and 8,000 endings that read `x`: each ending was checked
    /// against each node (and a set built per check), 2,000 × 8,000 twice.
    @Test(.timeLimit(.minutes(1))) func manyConditionalEndingsStayFast() throws {
        var lines = ["state: {x: 0, y: 0}", "start: n0", "nodes:"]
        for node in 0..<2000 {
            let next = node + 1 < 2000 ? "n\(node + 1)" : "e0"
            lines.append("  n\(node): {phase: opening, replies: [{match: x, next: \(next), set: {y: +1}}]}")
        }
        lines.append("endings:")
        for ending in 0..<8000 { lines.append("  e\(ending): {outcome: won, when: x == \(ending)}") }
        let diagnostics = try validate(Self.header + lines.joined(separator: "\n"))
        // e0 holds from the start (x is 0); e1 ... e7999 read x, which no node changes.
        #expect(diagnostics.filter { $0.code == .unusedEnding }.count == 7999)
        #expect(!diagnostics.contains { $0.severity == .error })
    }

    /// The banded, bounded edit distance agrees with the full one wherever it answers.
    @Test func boundedEditDistanceAgreesWithTheFullOne() {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abc-_语")
        for _ in 0..<3000 {
            let a = String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let b = String((0..<Int.random(in: 0...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let full = Spelling.editDistance(a, b)
            for bound in 0...4 {
                let bounded = Spelling.editDistance(Array(a), Array(b), atMost: bound)
                #expect(bounded == (full <= bound ? full : nil), "\(a) \(b) bound \(bound)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) for the property test.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
