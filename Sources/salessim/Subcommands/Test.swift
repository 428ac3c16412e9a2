import ArgumentParser
import ScenarioKit
import Scoring
import Simulation

/// `salessim test`: runs the golden playthroughs written in each scenario's `tests:`.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "test",
        abstract: "Run the golden playthroughs in scenario files and show node and reply coverage.",
        discussion: """
        Each test plays its scripted replies ("#N" picks guided option N) and checks the expected
        ending, path, outcome and score. Exit status 1 when a test fails or a file has errors.

        Example:
          salessim test Scenarios
          salessim test Scenarios/en/demo-phone-call.yaml
        """
    )

    @Argument(help: ArgumentHelp("Files or folders (default: the scenarios folder).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "List the replies no test takes.")
    var verbose = false

    @Flag(name: .long, help: "Also print, as Markdown tables, which scenarios' tests exercise each rule of the manual, and which rules each node judges.")
    var rules = false

    func run() throws {
        let root = try? library.library()
        let targets = paths.isEmpty ? [try library.library().root] : paths
        var linter = Linter(fallbackRulebook: root?.rulebookPath)
        let report = linter.lint(paths: targets)
        let errors = report.diagnostics.filter { $0.severity == .error }
        Console.printDiagnostics(errors, sources: report.sources)
        var passed = 0, failed = 0
        var exercised: [String: Set<String>] = [:]
        // Per scenario and node: the rules its tests' turns were judged on, and how often each verdict.
        var perNode: [(scenario: Scenario, judged: [String: [String: [Verdict: Int]]])] = []
        var totalReplies = 0, coveredReplies = 0
        for (scenario, rulebook) in report.scenarios.sorted(by: { $0.scenario.path < $1.scenario.path }) {
            let (results, coverage) = Playthrough(scenario: scenario, rulebook: rulebook).runAll()
            var judged: [String: [String: [Verdict: Int]]] = [:]
            for result in results {
                for turn in result.session.turns {
                    for verdict in turn.verdicts where verdict.verdict != .notApplicable {
                        judged[turn.node, default: [:]][verdict.rule, default: [:]][verdict.verdict, default: 0] += 1
                    }
                }
            }
            perNode.append((scenario, judged))
            Console.out("\(scenario.path) (\(scenario.id))")
            for result in results {
                for verdict in result.session.verdictsByTurn.joined() where verdict.verdict != .notApplicable {
                    exercised[verdict.rule, default: []].insert(scenario.id)
                }
                let card = result.session.scorecard
                let summary = "\(result.session.ending?.id ?? "no ending"), \(card.percent)%\(card.passed ? " pass" : " fail")"
                if result.passed {
                    passed += 1
                    Console.out("  PASS \(result.test.name) [\(summary)]")
                } else {
                    failed += 1
                    Console.out("  FAIL \(result.test.name) [\(summary)]")
                    for failure in result.failures {
                        Console.out("    \(failure.location): \(failure.message)")
                    }
                    // Every failure of a test explains the same session: print it once.
                    for line in result.failures.first?.details ?? [] { Console.out("      " + line) }
                }
            }
            if results.isEmpty { Console.out("  (no tests)") }
            totalReplies += coverage.replyCount
            coveredReplies += coverage.repliesTaken.count
            Console.out("  coverage: nodes \(coverage.nodesVisited.count)/\(coverage.nodeCount) (\(coverage.nodePercent)%), replies \(coverage.repliesTaken.count)/\(coverage.replyCount) (\(coverage.replyPercent)%)")
            if verbose && !coverage.missingReplies.isEmpty {
                Console.out("  replies no test takes: \(coverage.missingReplies.joined(separator: ", "))")
            }
        }
        if rules, let rulebook = report.scenarios.first?.rulebook {
            Console.out("")
            Console.out("| manual | rule | scenarios whose tests exercise it |")
            Console.out("|---|---|---|")
            for rule in rulebook.rules {
                let scenarios = exercised[rule.id].map { $0.sorted().map { "`\($0)`" }.joined(separator: ", ") } ?? "**none**"
                Console.out("| \(rule.manual) | `\(rule.id)` | \(scenarios) |")
            }
            // Where each rule is judged: a phase's rule judged at a switchboard or a greeting shows
            // up here (switch it off there with `rules: {off: [...]}`).
            for (scenario, judged) in perNode {
                Console.out("")
                Console.out("`\(scenario.id)`: rules judged at each node by its tests (met / missed / violated)")
                Console.out("")
                Console.out("| node | phase | rules judged | switched off |")
                Console.out("|---|---|---|---|")
                for node in scenario.nodes {
                    let rules = (judged[node.id] ?? [:]).sorted { $0.key < $1.key }.map { rule, counts in
                        "`\(rule)` \(counts[.met] ?? 0)/\(counts[.missed] ?? 0)/\(counts[.violated] ?? 0)"
                    }
                    let off = node.rulesOff.map { "`\($0.value)`" }.joined(separator: ", ")
                    Console.out("| `\(node.id)` | \(node.phase.rawValue) | \(rules.isEmpty ? "–" : rules.joined(separator: ", ")) | \(off.isEmpty ? "–" : off) |")
                }
            }
        }
        // A file with errors is not played: its replies are not "100% covered", they are untested.
        let untested = Set(errors.map(\.location.path)).count
        if report.scenarios.isEmpty {
            Console.err("no scenario tested: \(untested) file\(untested == 1 ? "" : "s") with errors (above)")
            throw ExitCode(1)
        }
        let percent = totalReplies == 0 ? 100 : coveredReplies * 100 / totalReplies
        Console.out("reply coverage \(coveredReplies)/\(totalReplies) (\(percent)%)" + (untested > 0 ? ", \(untested) file\(untested == 1 ? "" : "s") with errors not tested" : ""))
        Console.out("\(passed) passed, \(failed) failed")
        if failed > 0 || !errors.isEmpty { throw ExitCode(1) }
    }
}
