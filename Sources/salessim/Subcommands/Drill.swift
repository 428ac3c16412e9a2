import ArgumentParser
import Foundation
import LineEditor
import PostgresBackend
import Practice
import Reports
import ScenarioKit
import Simulation
import Store

/// `salessim drill`: a few single-turn exercises on chosen rules, the verdict at once.
struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Short drills on rules of the manual: answer one customer line, get the verdict, the model answer and the manual's words.",
        discussion: """
        Each item is a customer line from the library at a node where the rule applies (with the
        customer's temperament and who speaks). Answer once; the verdict comes at once. Without
        RULE, the rules due today (spaced practice: Leitner boxes, a right answer moves a rule up a
        box — 1, 2, 4, 8, then 16 days to the next drill — a wrong one back to tomorrow), else your
        three weakest rules from your visits.

        Example:
          salessim drill
          salessim drill objection.yes-but payment.say-no --count 6
          salessim drill --weakest 3
        """
    )

    @Argument(help: ArgumentHelp("Rule ids (see 'salessim rules').", valueName: "rule"))
    var rules: [String] = []

    @Option(help: "Drill your N weakest rules (from your visits in the store).")
    var weakest: Int?

    @Option(help: "How many items (1 to 20).")
    var count = 6

    @Option(help: "Only scenarios in this language: zh-Hans or en.")
    var lang: String?

    @Option(help: "Your name in the records (default: your login name).")
    var trainee: String?

    @Option(help: ArgumentHelp("Read the answers from a file, one per line.", valueName: "file"))
    var input: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        guard (1...20).contains(count) else { throw ValidationError("--count must be from 1 to 20, not \(count)") }
        if let weakest, !(1...10).contains(weakest) { throw ValidationError("--weakest must be from 1 to 10, not \(weakest)") }
        if let lang, ScenarioLanguage(rawValue: lang) == nil { throw ValidationError("--lang must be zh-Hans or en, not '\(lang)'") }
        if let trainee { try ArgumentChecks.personName(trainee, what: "--trainee") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let name = try ArgumentChecks.traineeName(trainee, environment: environment)
        let store = try storeOptions.open(.recording)
        let root = try library.library()
        var linter = Linter(fallbackRulebook: root.rulebookPath)
        let scenarios = linter.lint(paths: [root.root]).scenarios
        guard let rulebook = scenarios.first?.1 else { throw CLIError("no scenario of \(root.root) could be read; run 'salessim lint'") }
        let known = rulebook.rules.map(\.id)
        for rule in rules where !known.contains(rule) {
            var message = "unknown rule '\(rule)'"
            if let suggestion = Spelling.closest(to: rule, in: known) { message += "; did you mean '\(suggestion)'?" }
            throw CLIError(message + " (see 'salessim rules')")
        }
        let now = Date()
        let cards = try store.drillCards(trainee: name)
        let chosen: [String]
        let why: String
        if !rules.isEmpty {
            chosen = rules
            why = "the rules you named"
        } else if let weakest {
            chosen = try Self.weakestRules(of: name, in: store, count: weakest)
            why = "your \(weakest) weakest rules"
        } else if case let due = cards.filter({ $0.dueAt <= now }).map(\.rule), !due.isEmpty {
            chosen = due
            why = "the rules due today"
        } else {
            chosen = try Self.weakestRules(of: name, in: store, count: 3)
            why = "your weakest rules"
        }
        guard !chosen.isEmpty else {
            Console.out("Nothing is due, and no visit shows a weak rule yet: play a visit first (salessim play), or name rules (salessim drill objection.yes-but).")
            return
        }
        let language = lang.flatMap(ScenarioLanguage.init(rawValue:))
        let round = cards.filter { chosen.contains($0.rule) }.map(\.answered).reduce(0, +)
        let items = Simulation.Drill.items(rules: chosen, in: scenarios, count: count, round: round, language: language)
        guard !items.isEmpty else { throw CLIError("no node of the library offers a drill on \(chosen.joined(separator: ", "))") }
        let reader: any LineReader
        if let input {
            do { reader = try PlainLineReader(path: input) } catch { throw CLIError("--input: \(error)") }
        } else {
            reader = Terminal.makeReader(historyFile: HistoryFile(url: HistoryFile.defaultURL(mode: "drill")))
        }
        Console.out("Drill: \(items.count) item\(items.count == 1 ? "" : "s") on \(why) (\(chosen.joined(separator: ", "))). Answer each in one line.")
        var right = 0
        var answered: [String: (answered: Int, right: Int)] = [:]
        for (index, item) in items.enumerated() {
            let text = UIText(UILanguage(following: item.scenario.language))
            Console.out("")
            Console.out("[\(index + 1)/\(items.count)] \(item.rule) · \(item.title)")
            Console.out("  \(item.scenario.title) · \(text.temperamentName(item.temperament)) · \(text.roleName(item.role))")
            Console.out("  \(item.speaker)：\(item.customerLine)")
            guard case let .line(answer) = reader.readLine(prompt: "> "), !answer.trimmingCharacters(in: .whitespaces).isEmpty else {
                Console.out("(stopped)")
                break
            }
            let result = Simulation.Drill.judge(answer, for: item)
            if result.isRight { right += 1 }
            answered[item.rule, default: (0, 0)].answered += 1
            if result.isRight { answered[item.rule, default: (0, 0)].right += 1 }
            let mark = result.isRight ? "✔" : result.verdict == .violated ? "✘" : "○"
            Console.out("  \(mark) \(item.rule) \(result.verdict.rawValue) \(result.earned)/\(result.possible)")
            if let nearMiss = result.nearMiss, !result.isRight { Console.out("    → \(nearMiss)") }
            Console.out("  model answer: 「\(item.modelAnswer)」")
            if !result.words.isEmpty { Console.out("  \(result.words)") }
        }
        // Each rule drilled moves in its Leitner box once: up when every answer met it, else back to 1.
        var schedule: [String] = []
        for (rule, tally) in answered.sorted(by: { $0.key < $1.key }) {
            let card = cards.first { $0.rule == rule }
            let allRight = tally.right == tally.answered
            let box = Leitner.box(after: allRight, from: card?.box ?? 0)
            let due = now.addingTimeInterval(Leitner.interval(box: box))
            try store.saveDrillCard(DrillCard(trainee: name, rule: rule, box: box, dueAt: due, lastAt: now,
                                              answered: (card?.answered ?? 0) + tally.answered, right: (card?.right ?? 0) + tally.right))
            schedule.append("\(rule): box \(box), next drill \(ReportFormat.day(due))")
        }
        let total = answered.values.map(\.answered).reduce(0, +)
        Console.out("")
        Console.out("\(right)/\(total) right. " + (schedule.isEmpty ? "" : "Kept: " + schedule.joined(separator: "; ") + "."))
    }

    /// The trainee's rules with the lowest share of points in their practice visits.
    static func weakestRules(of trainee: String, in store: Store, count: Int) throws -> [String] {
        try store.traineeRuleAggregates(ReportFilter(trainee: trainee, mode: .practice, scripted: true))
            .filter { $0.possible > 0 }
            .sorted { ($0.percent ?? 0, -$0.violated, $0.rule) < ($1.percent ?? 0, -$1.violated, $1.rule) }
            .prefix(count).map(\.rule)
    }
}
