import ArgumentParser
import Foundation
import LineEditor
import PostgresBackend
import Reports
import ScenarioKit
import Scoring
import Simulation
import Store
import TerminalSafety

/// `salessim inbox`: what trainees typed that the scenarios did not understand, for the trainer
/// to turn into examples, new replies, or nothing.
struct Inbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Review the replies trainees typed that a scenario did not understand (or understood only by similarity).",
        discussion: """
        Every typed reply in the store that fell to 'otherwise', was asked back about, or was
        understood only by similarity to the examples, grouped by scenario and node, with how
        often it was typed and the reply it came closest to (recognised again against the
        scenario as it is now: what a pattern takes now is left out).

        In a terminal, each one is offered for review: type a reply number to accept the
        phrasing as an example of that reply, n to mark it as needing a new reply, d to dismiss
        it, Enter to skip, q to stop. Decisions go to the scenario's inbox file, NAME.inbox.yaml
        beside NAME.yaml, which the loader and lint read: the scenario file itself is never
        changed. With --list or --json (or without a terminal), the inbox is only printed.

        Example:
          salessim inbox
          salessim inbox --scenario payment-delay --since 2026-11-01
          salessim inbox --json > inbox.json
        """
    )

    @Option(help: ArgumentHelp("Only this scenario (its id).", valueName: "id"))
    var scenario: String?

    @Option(help: ArgumentHelp("Only replies typed on or after this day or instant.", valueName: "date"))
    var since: String?

    @Flag(help: "Print the inbox as JSON (no review).")
    var json = false

    @Flag(help: "Print the inbox without reviewing it.")
    var list = false

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if let since, ReportFormat.parseDate(since) == nil { throw ValidationError("--since: '\(since)' is not a date (YYYY-MM-DD or ISO 8601)") }
    }

    /// One phrasing to review, recognised against the scenario as it is now.
    struct Item: Encodable {
        var scenario: String
        var file: String?
        var node: String
        var customer: String?
        var text: String
        /// How it was understood when typed: none, clarification or similarity.
        var understoodBy: String
        var count: Int
        var lastTyped: Date
        /// The closest reply now (1-based) and its similarity.
        var closestReply: Int?
        var closestOption: String?
        var similarity: Double?
        /// Why it cannot be reviewed (the scenario or node is gone), when so.
        var problem: String?
    }

    func run() throws {
        let store = try storeOptions.open(.reading)
        let turns = try store.inboxTurns(scenario: scenario, since: since.flatMap { ReportFormat.parseDate($0) })
        var loaded: [String: (Scenario, Rulebook)?] = [:]
        // Per scenario, read once: its scorer and similarity indexes, and its inbox file.
        var engines: [String: (scorer: Scorer, recognizer: ReplyRecognizer, decided: InboxFile?)] = [:]
        var items: [Item] = []
        var resolved = 0
        for turn in turns {
            if loaded[turn.scenarioID] == nil {
                let pair = try? library.scenario(turn.scenarioID)
                loaded[turn.scenarioID] = .some(pair)
                if let (scenario, rulebook) = pair {
                    let scorer = Session.scorer(for: scenario, rulebook: rulebook)
                    engines[turn.scenarioID] = (scorer, ReplyRecognizer(scenario: scenario, matcher: scorer.matcher),
                                                InboxFile.load(path: InboxFile.path(forScenario: scenario.path)).value)
                }
            }
            var item = Item(scenario: turn.scenarioID, file: nil, node: turn.node, customer: nil, text: turn.reply,
                            understoodBy: turn.understoodBy.rawValue, count: turn.count, lastTyped: turn.lastTyped)
            guard let (current, _) = loaded[turn.scenarioID] ?? nil, let engine = engines[turn.scenarioID] else {
                item.problem = "scenario '\(turn.scenarioID)' is not in the library \(try library.library().root)"
                items.append(item)
                continue
            }
            item.file = current.path
            if engine.decided?.decided(node: turn.node, text: turn.reply) == true { continue }
            var session = Session(scenario: current, scorer: engine.scorer, recognizer: engine.recognizer, seed: 1)
            guard session.start(at: turn.node) != nil else {
                item.problem = "node '\(turn.node)' is no longer in \(current.path)"
                items.append(item)
                continue
            }
            item.customer = current.node(turn.node)?.customer.first
            guard let recognition = session.recognise(turn.reply) else { continue }
            if recognition.by == .pattern && !recognition.answeredEarly {
                resolved += 1
                continue
            }
            item.closestReply = recognition.index.map { $0 + 1 }
            item.closestOption = recognition.index.flatMap { index in current.node(recognition.node)?.replies[index].option }
            item.similarity = recognition.similarity
            items.append(item)
        }
        if json {
            Console.out(Console.json(items))
            return
        }
        if items.isEmpty {
            Console.out("The inbox is empty: every reply typed\(scenario.map { " at \($0)" } ?? "") was understood" + (resolved > 0 ? " (\(resolved) now taken by a pattern)." : "."))
            return
        }
        if list || !Terminal.isInteractive {
            Console.out(Self.listing(items))
            if resolved > 0 { Console.out("\(resolved) more are now taken by a pattern and left out.") }
            return
        }
        try review(items, loaded: loaded)
    }

    /// The inbox as text: by scenario and node, most frequent first.
    static func listing(_ items: [Item]) -> String {
        var lines: [String] = []
        var heading = ""
        for item in items {
            let current = "\(item.scenario) · \(item.node)"
            if current != heading {
                if !lines.isEmpty { lines.append("") }
                lines.append(current + (item.customer.map { " — customer: \(TerminalSafe.visible($0))" } ?? ""))
                heading = current
            }
            lines.append("  " + describe(item))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ item: Item) -> String {
        let how = switch item.understoodBy {
        case "similarity": "by similarity only"
        case "clarification": "asked back"
        default: "not understood"
        }
        var line = "\(item.count)× \(how): «\(TerminalSafe.visible(item.text))»"
        if let problem = item.problem { return line + " — " + problem }
        if let reply = item.closestReply {
            line += " — closest: reply \(reply)" + (item.closestOption.map { " «\(TerminalSafe.visible(Session.shortened($0)))»" } ?? "")
                + (item.similarity.map { String(format: " (%.2f)", $0) } ?? "")
        }
        return line
    }

    /// The interactive review: each phrasing, one decision, written at once to the inbox file.
    func review(_ items: [Item], loaded: [String: (Scenario, Rulebook)?]) throws {
        let reader = Terminal.makeReader()
        var decided = 0
        Console.out("\(items.count) phrasing\(items.count == 1 ? "" : "s") to review. A reply number accepts it as that reply's example; n marks it as needing a new reply; d dismisses it; Enter skips; q stops.")
        for (position, item) in items.enumerated() {
            guard item.problem == nil, let file = item.file, let pair = loaded[item.scenario] ?? nil,
                  let node = pair.0.node(item.node) else { continue }
            Console.out("")
            Console.out("[\(position + 1)/\(items.count)] \(item.scenario) · \(item.node)" + (item.customer.map { " — customer: \(TerminalSafe.visible($0))" } ?? ""))
            Console.out("  " + Self.describe(item))
            for (index, reply) in node.replies.enumerated() {
                let words = reply.option ?? reply.examples.first?.value ?? reply.match?.source ?? ""
                Console.out("    \(index + 1). \(TerminalSafe.visible(Session.shortened(words)))")
            }
            while true {
                let answer: String
                switch reader.readLine(prompt: "reply 1-\(node.replies.count), n, d, Enter, q> ") {
                case let .line(text): answer = text.trimmingCharacters(in: .whitespaces).lowercased()
                case .endOfInput, .interrupted: answer = "q"
                }
                if answer == "q" {
                    Console.out("\(decided) decided; the rest stay in the inbox.")
                    return
                }
                if answer.isEmpty || answer == "s" { break }
                let sidecarPath = InboxFile.path(forScenario: file)
                var sidecar = InboxFile.load(path: sidecarPath).value ?? InboxFile(scenario: item.scenario)
                if let number = Int(answer), (1...node.replies.count).contains(number) {
                    sidecar.examples.append(.init(node: item.node, reply: number, text: item.text))
                } else if answer == "n" {
                    sidecar.newReplies.append(.init(node: item.node, text: item.text))
                } else if answer == "d" {
                    sidecar.dismissed.append(.init(node: item.node, text: item.text))
                } else {
                    Console.out("  type a reply number from 1 to \(node.replies.count), n, d, Enter or q")
                    continue
                }
                try OutputFile.write(Data(sidecar.yaml().utf8), to: sidecarPath)
                decided += 1
                Console.out("  written to \(sidecarPath)" + Self.check(answer, item: item, file: file))
                break
            }
        }
        Console.out("")
        Console.out("\(decided) decided. Run 'salessim lint' and 'salessim test' on the scenarios you changed.")
    }

    /// For an accepted example: whether the scenario now takes the phrasing as that reply.
    static func check(_ answer: String, item: Item, file: String) -> String {
        guard let number = Int(answer) else { return "" }
        let result = ScenarioLoader.load(path: file)
        guard let scenario = result.value, !result.hasErrors,
              let rulebookPath = ScenarioLibrary.rulebookPath(for: file, fallback: nil),
              let rulebook = RulebookLoader.load(path: rulebookPath).value else { return "" }
        var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
        guard session.start(at: item.node) != nil, let recognition = session.recognise(item.text) else { return "" }
        if recognition.index == number - 1 && recognition.node == item.node && (recognition.by == .pattern || recognition.by == .similarity) {
            return "; now taken as reply \(number) (by \(recognition.by.rawValue))"
        }
        let now = recognition.index.map { "reply \($0 + 1) by \(recognition.by.rawValue)" } ?? "nothing"
        return "; still taken as \(now): reply \(number)'s pattern or another reply's examples need a look"
    }
}
