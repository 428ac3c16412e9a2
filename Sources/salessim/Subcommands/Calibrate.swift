import ArgumentParser
import Calibration
import Foundation
import ScenarioKit

extension CalibrationReport.GroupKey: ExpressibleByArgument {}

/// `salessim calibrate`: labelled replies against the rulebook and the library, measured.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "calibrate",
        abstract: "Measure how well salessim judges and understands labelled replies (precision, recall, kappa, recognition).",
        discussion: """
        Each FILE is a calibration corpus (format: Scenarios/README.md, "Calibration"): rule cases
        (a reply in a context and the verdict a trainer expects per rule) and recognition cases (a
        reply at a scenario node and the prepared reply it means, or none). A folder means every
        .yaml file in it. Exit 1 when a corpus agrees less than --min-agreement or recognises less
        than --min-recognition.

        Examples:
          salessim calibrate Scenarios/calibration
          salessim calibrate Scenarios/calibration/rules-zh.held-out.yaml --by style
          salessim calibrate Scenarios/calibration --min-agreement 85 --min-recognition 80 --json
        """
    )

    @Argument(help: ArgumentHelp("Corpus files or folders.", valueName: "file"))
    var files: [String]
    @Option(help: "Group the summary by rule, language, style or scenario (node).")
    var by: CalibrationReport.GroupKey = .rule
    @Option(help: ArgumentHelp("Fail (exit 1) when a corpus's rule agreement is under this percentage.", valueName: "percent"))
    var minAgreement: Double?
    @Option(help: ArgumentHelp("Fail (exit 1) when a corpus's recognition rate is under this percentage.", valueName: "percent"))
    var minRecognition: Double?
    @Option(help: ArgumentHelp("List at most this many wrong cases per corpus (0: none).", valueName: "n"))
    var errors = 20
    @Option(help: ArgumentHelp("Use this rulebook instead of the library's.", valueName: "file"))
    var rulebook: String?
    @Flag(help: "Recognise by patterns only, without examples and similarity (to measure what they add).")
    var patternsOnly = false
    @Flag(help: "Judge by the rulebook's detectors only, without its learned model (to measure what the model adds).")
    var detectorsOnly = false
    @Flag(help: "Print JSON instead of tables.")
    var json = false
    @OptionGroup var library: LibraryOptions

    func run() throws {
        var rulebook = try library.rulebook(override: self.rulebook)
        if detectorsOnly { rulebook.learned = nil }
        let libraryFolder = try library.library()
        var linter = Linter(fallbackRulebook: libraryFolder.rulebookPath)
        let scenarios = linter.lint(paths: libraryFolder.scenarioFiles).scenarios.map(\.scenario)
        let calibrator = Calibrator(rulebook: rulebook, scenarios: scenarios, similarity: !patternsOnly)
        var reports: [CalibrationReport] = []
        var failed = false
        for path in try corpusFiles() {
            let result = CalibrationLoader.load(path: path)
            guard let corpus = result.value, !result.hasErrors else {
                Console.printDiagnostics(result.diagnostics, sources: [path: result.text])
                throw CLIError("the corpus \(path) has errors")
            }
            let report = calibrator.run(corpus)
            reports.append(report)
            if let minimum = minAgreement, let agreement = report.agreement, agreement * 100 < minimum { failed = true }
            if let minimum = minRecognition, let rate = report.recognitionRate, rate * 100 < minimum { failed = true }
        }
        if json {
            Console.out(Console.json(reports.map(JSONReport.init)))
        } else {
            Console.out(CalibrationText(by: by, errorLimit: errors).render(reports))
        }
        if failed {
            throw CLIError("calibration under the minimum (agreement \(minAgreement.map { "\($0)%" } ?? "-"), recognition \(minRecognition.map { "\($0)%" } ?? "-"))", exitCode: 1)
        }
    }

    /// The files named, folders expanded to their .yaml files (sorted), or exit 2.
    func corpusFiles() throws -> [String] {
        let result = try CorpusFiles.expand(files, suffixes: [".yaml", ".yml"])
        guard !result.isEmpty else { throw CLIError("no corpus files in \(files.joined(separator: ", "))") }
        return result
    }
}

/// The tables `salessim calibrate` prints for each corpus.
struct CalibrationText {
    var by: CalibrationReport.GroupKey
    var errorLimit: Int

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
    static func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }

    func render(_ reports: [CalibrationReport]) -> String {
        var blocks: [String] = []
        let learned = reports.contains { $0.unlabelled != nil }
        blocks.append(Console.table(["corpus", "split", "rule checks", "agreement", "recognition cases", "recognised", "false recognition", "asked back"]
                                    + (learned ? ["unlabelled changed"] : []), reports.map { report in
            [report.corpus, report.split.rawValue, "\(report.rules.count)", Self.percent(report.agreement), "\(report.recognition.count)",
             Self.percent(report.recognitionRate), Self.percent(report.falseRecognitionRate), Self.percent(report.clarificationRate)]
                + (learned ? [report.unlabelled.map { "\($0.changed)/\($0.checks)" } ?? "-"] : [])
        }))
        for report in reports {
            var lines = ["", "== \(report.corpus) (\(report.split.rawValue)) \(report.path)"]
            if !report.rules.isEmpty && by == .rule {
                lines.append(Console.table(["rule", "checks", "agree", "precision", "recall", "F1", "kappa", "exp met→given", "exp not-met→given met", "exp violated→given"],
                                           report.ruleStatistics.map { stats in
                    func confusion(_ expected: String) -> String {
                        let row = stats.confusion[expected] ?? [:]
                        return ["met", "missed", "violated", "none"].compactMap { key in row[key].map { "\(key) \($0)" } }.joined(separator: ", ")
                    }
                    let notMetGivenMet = ["missed", "violated", "not-met"].reduce(0) { $0 + (stats.confusion[$1]?["met"] ?? 0) }
                    return [stats.rule, "\(stats.cases)", CalibrationText.percent(Double(stats.agreeing) / Double(max(stats.cases, 1))),
                            Self.number(stats.precision), Self.number(stats.recall), Self.number(stats.f1), Self.number(stats.kappa),
                            confusion("met"), "\(notMetGivenMet)", confusion("violated")]
                }))
            }
            // With --by rule the table above covers the rule cases; recognition goes per node.
            let groups = report.groups(by: by == .rule ? .scenario : by)
            if !groups.isEmpty {
                lines.append(Console.table([by == .rule ? "scenario · node" : by.rawValue, "rule checks", "agreement", "recognition cases", "recognised", "false recognition"], groups.map {
                    [$0.name, "\($0.ruleCases)", Self.percent($0.agreement), "\($0.recognitionCases)", Self.percent($0.recognitionRate), Self.percent($0.falseRecognitionRate)]
                }))
            }
            let wrongRules = report.rules.filter { !$0.agrees }
            let wrongRecognition = report.recognition.filter { !$0.isCorrect }
            if errorLimit > 0 && !(wrongRules.isEmpty && wrongRecognition.isEmpty) {
                lines.append("errors (\(wrongRules.count + wrongRecognition.count); first \(errorLimit) of each kind):")
                for outcome in wrongRules.prefix(errorLimit) {
                    let given = outcome.unknownRule ? "unknown rule" : (outcome.actual?.rawValue ?? "not judged")
                    lines.append("  \(outcome.location.line):\(outcome.location.column) \(outcome.rule) expected \(outcome.expected.rawValue), given \(given)"
                                 + (outcome.evidence.isEmpty ? "" : " by 「\(outcome.evidence)」") + " [\(outcome.context.phase.rawValue)] «\(outcome.text)»")
                }
                for outcome in wrongRecognition.prefix(errorLimit) {
                    let expected = outcome.expectedIndex.map { "reply \($0 + 1)" } ?? "none"
                    lines.append("  \(outcome.item.location.line):\(outcome.item.location.column) \(outcome.item.scenario) · \(outcome.node) expected \(expected), "
                                 + Self.describe(outcome) + " «\(outcome.item.text)»")
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n")
    }

    static func describe(_ outcome: RecognitionOutcome) -> String {
        if let problem = outcome.problem { return "could not run: \(problem)" }
        guard let recognition = outcome.recognition else { return "nothing" }
        let similarity = recognition.similarity.map { String(format: " (similarity %.2f", $0) + (recognition.runnerUpSimilarity.map { String(format: ", runner-up %.2f)", $0) } ?? ")") } ?? ""
        switch recognition.by {
        case .pattern: return "taken as reply \((recognition.index ?? 0) + 1) by its pattern" + (recognition.answeredEarly ? " at '\(recognition.node)' (early)" : "")
        case .similarity: return "taken as reply \((recognition.index ?? 0) + 1) by similarity\(similarity)" + (recognition.answeredEarly ? " at '\(recognition.node)' (early)" : "")
        case .confirmation: return "taken by confirmation"
        case .clarification: return "asked back about reply \((recognition.index ?? 0) + 1)\(similarity)"
        case .none: return "not understood" + (recognition.index.map { "; closest reply \($0 + 1)\(similarity)" } ?? "")
        }
    }
}

/// `calibrate --json`: one object per corpus.
struct JSONReport: Encodable {
    struct RuleLine: Encodable {
        var rule: String, cases: Int, agreeing: Int
        var precision: Double?, recall: Double?, f1: Double?, kappa: Double?
        var confusion: [String: [String: Int]]
    }
    struct Wrong: Encodable {
        var line: Int, rule: String?, scenario: String?, node: String?, text: String, expected: String, given: String, evidence: String?
    }
    var corpus: String, split: String, path: String
    var ruleChecks: Int, agreement: Double?
    var recognitionCases: Int, recognitionRate: Double?, falseRecognitionRate: Double?, clarificationRate: Double?
    var rules: [RuleLine]
    var errors: [Wrong]
    /// With a learned model: verdicts on rules no writer labelled, and how many it changed.
    var unlabelledChecks: Int?, unlabelledChanged: Int?

    init(_ report: CalibrationReport) {
        corpus = report.corpus
        split = report.split.rawValue
        path = report.path
        ruleChecks = report.rules.count
        agreement = report.agreement
        recognitionCases = report.recognition.count
        recognitionRate = report.recognitionRate
        falseRecognitionRate = report.falseRecognitionRate
        clarificationRate = report.clarificationRate
        unlabelledChecks = report.unlabelled?.checks
        unlabelledChanged = report.unlabelled?.changed
        rules = report.ruleStatistics.map {
            RuleLine(rule: $0.rule, cases: $0.cases, agreeing: $0.agreeing, precision: $0.precision, recall: $0.recall, f1: $0.f1, kappa: $0.kappa, confusion: $0.confusion)
        }
        errors = report.rules.filter { !$0.agrees }.map {
            Wrong(line: $0.location.line, rule: $0.rule, scenario: nil, node: nil, text: $0.text, expected: $0.expected.rawValue,
                  given: $0.unknownRule ? "unknown rule" : ($0.actual?.rawValue ?? "not-judged"), evidence: $0.evidence)
        } + report.recognition.filter { !$0.isCorrect }.map {
            Wrong(line: $0.item.location.line, rule: nil, scenario: $0.item.scenario, node: $0.node, text: $0.item.text,
                  expected: $0.expectedIndex.map { "\($0 + 1)" } ?? "none", given: CalibrationText.describe($0), evidence: nil)
        }
    }
}
