import ArgumentParser
import Foundation
import Practice
import ScenarioKit
import Scoring
import Simulation

/// `salessim try`: what one phrasing does at one node of a scenario, as in a visit.
struct Try: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Try a phrasing at a node: which reply takes it, how close the others came, what follows, and every verdict.",
        discussion: """
        The reply is recognised exactly as in a visit (by a pattern, by similarity to the replies'
        examples, asked back, or not understood), then taken: the customer's answer, the state's
        changes, the next node or ending, and every verdict (the author's judge: and the
        rulebook's, with the node's `rules: off`). Nothing is stored.

        Example:
          salessim try payment-delay --node plan "6号下午送过去，5号他们大客户回款"
          salessim try Scenarios/zh-Hans/first-visit-hesitant.yaml --node close --set trust=3 "那我们先试用一周？"
          salessim try demo-phone-call --json "Hello, could I speak to the production manager?"

        Exit status 0 when a reply takes the phrasing, 1 when none does (asked back or not
        understood), 2 when the scenario, node or --set cannot be used.
        """
    )

    @Argument(help: ArgumentHelp("The scenario: an id in the library or a file.", valueName: "scenario"))
    var scenario: String

    @Argument(help: "The phrasing to try, as a trainee would type it.")
    var text: String

    @Option(help: ArgumentHelp("The node whose customer line it answers (default: the start node).", valueName: "id"))
    var node: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Start from this state value (repeatable).", valueName: "variable=value"))
    var assignments: [String] = []

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        // NB: as in a visit, where a reply this long never reaches the customer.
        let limit = PracticeSession.Configuration().maximumReplyLength
        if text.count > limit {
            throw ValidationError("the phrasing has \(text.count) characters; a reply in a visit may have at most \(limit)")
        }
    }

    func run() throws {
        let (loaded, rulebook) = try library.scenario(scenario)
        let values = try StateAssignments.parse(assignments, for: loaded)
        var session = Session(scenario: loaded, rulebook: rulebook, seed: 1)
        try StateAssignments.start(&session, at: node, values: values)
        guard let trial = session.trial(text) else {
            throw CLIError("scenario '\(loaded.id)' ended before node '\(node ?? loaded.start.value)' could be answered")
        }
        if json {
            Console.out(Console.json(Output(trial, scenario: loaded)))
        } else {
            Console.out(Self.describe(trial, scenario: loaded))
        }
        if trial.taken == nil { throw ExitCode(1) }
    }

    /// The trial in lines a trainer reads top to bottom.
    static func describe(_ trial: ReplyTrial, scenario: Scenario) -> String {
        let english = scenario.language == .en
        func words(_ candidate: ReplyTrial.Candidate) -> String {
            candidate.option.map { english ? " “\($0)”" : " 「\($0)」" } ?? ""
        }
        func score(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        var lines = ["\(scenario.id) · node \(trial.node) (\(trial.phase.rawValue))"]
        if !trial.customerLine.isEmpty { lines.append("customer: \(trial.customerLine)") }
        lines.append("> \(trial.text)")
        lines.append("")
        let recognition = trial.recognition
        let early = recognition.answeredEarly ? " at '\(recognition.node)' (answered one step early)" : ""
        switch recognition.by {
        case .pattern, .similarity, .confirmation:
            let number = (recognition.index ?? 0) + 1
            let candidate = trial.candidates.first { $0.index == recognition.index }
            let how = recognition.by == .pattern
                ? "by its pattern" + (candidate?.pattern.map { " `\($0)`" } ?? "")
                : recognition.by == .similarity ? "by similarity \(score(recognition.similarity)) to its examples" : "by confirmation"
            lines.append("taken: reply \(number)\(candidate.map(words) ?? "")\(early), \(how)")
        case .clarification:
            lines.append("asked back: close to reply \((recognition.index ?? 0) + 1) (similarity \(score(recognition.similarity))), not clearly it")
        case .none:
            lines.append("not understood: 'otherwise' answers" + (recognition.index.map { " (closest: reply \($0 + 1), similarity \(score(recognition.similarity)))" } ?? ""))
        }
        if let runnerUp = recognition.runnerUp {
            lines.append("runner-up: reply \(runnerUp + 1), similarity \(score(recognition.runnerUpSimilarity))")
        }
        if !recognition.missingWords.isEmpty {
            lines.append("the closest phrasing also had: \(recognition.missingWords.joined(separator: english ? ", " : "、"))")
        }
        for line in trial.customerAnswer { lines.append("customer answers: \(line)") }
        for line in trial.narration { lines.append("narration: \(line)") }
        for change in trial.changes { lines.append("state: \(change.variable) \(change.from) → \(change.to)") }
        if let next = trial.next { lines.append("next: \(next)") }
        if let ending = trial.ending { lines.append("ending: \(ending)") }
        lines.append("")
        if trial.verdicts.isEmpty {
            lines.append("verdicts: none")
        } else {
            lines.append("verdicts:")
            for verdict in trial.verdicts {
                let mark = verdict.verdict == .met ? "✔" : verdict.verdict == .violated ? "✘" : verdict.verdict == .missed ? "·" : " "
                var line = "  \(mark) \(verdict.rule) \(verdict.verdict.rawValue) \(verdict.earned)/\(verdict.possible) [manual \(verdict.manual)]"
                if verdict.source == .author { line += " (judge:)" }
                if !verdict.evidence.isEmpty { line += " 「\(verdict.evidence)」" }
                lines.append(line)
                if verdict.verdict == .missed, let nearMiss = verdict.nearMiss { lines.append("      → \(nearMiss)") }
            }
        }
        let others = trial.candidates.filter { $0.index != trial.taken?.index }
        if !others.isEmpty {
            lines.append("")
            lines.append("the other replies:")
            for candidate in others {
                var line = "  reply \(candidate.number)\(words(candidate)): "
                var parts: [String] = []
                if !candidate.available { parts.append("its 'if' does not hold") }
                if candidate.patternMatched { parts.append("pattern matched (another reply covered more)") }
                if let similarity = candidate.similarity { parts.append("similarity \(score(similarity))") }
                if let nearMiss = candidate.nearMiss { parts.append(nearMiss) }
                if candidate.pattern == nil { parts.append("no pattern (option only)") }
                line += parts.joined(separator: "; ")
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    struct Output: Encodable {
        struct Candidate: Encodable {
            var reply: Int
            var option: String?
            var pattern: String?
            var patternMatched: Bool
            var available: Bool
            var similarity: Double?
            var nearMiss: String?
        }

        struct Change: Encodable {
            var variable: String
            var from: String
            var to: String
        }

        var scenario: String
        var node: String
        var phase: String
        var customer: String
        var text: String
        /// pattern, similarity, confirmation, clarification or none.
        var by: String
        /// The reply taken (1-based), or for a clarification or none the closest.
        var reply: Int?
        var takenAt: String
        var answeredEarly: Bool
        var similarity: Double?
        var runnerUp: Int?
        var runnerUpSimilarity: Double?
        var missingWords: [String]
        var customerAnswer: [String]
        var narration: [String]
        var changes: [Change]
        var next: String?
        var ending: String?
        var verdicts: [RuleVerdict]
        var replies: [Candidate]

        init(_ trial: ReplyTrial, scenario: Scenario) {
            let recognition = trial.recognition
            self.scenario = scenario.id
            node = trial.node
            phase = trial.phase.rawValue
            customer = trial.customerLine
            text = trial.text
            by = recognition.by.rawValue
            reply = recognition.index.map { $0 + 1 }
            takenAt = recognition.node
            answeredEarly = recognition.answeredEarly
            similarity = recognition.similarity
            runnerUp = recognition.runnerUp.map { $0 + 1 }
            runnerUpSimilarity = recognition.runnerUpSimilarity
            missingWords = recognition.missingWords
            customerAnswer = trial.customerAnswer
            narration = trial.narration
            changes = trial.changes.map { Change(variable: $0.variable, from: $0.from.description, to: $0.to.description) }
            next = trial.next
            ending = trial.ending
            verdicts = trial.verdicts
            replies = trial.candidates.map {
                Candidate(reply: $0.number, option: $0.option, pattern: $0.pattern, patternMatched: $0.patternMatched,
                          available: $0.available, similarity: $0.similarity, nearMiss: $0.nearMiss)
            }
        }
    }
}
