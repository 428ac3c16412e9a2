import ArgumentParser
import Matching
import ScenarioKit
import Scoring
import Simulation
import Foundation

extension Phase: ExpressibleByArgument {}
extension Temperament: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension CustomerKind: ExpressibleByArgument {}
extension ScenarioLanguage: ExpressibleByArgument {}

/// `salessim check`: scores one reply against the rulebook, to try a phrasing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "check",
        abstract: "Score one reply against the rulebook and show every verdict with its reason.",
        discussion: """
        Rules apply by phase, temperament, role and kind (names as in docs/RULES.md); a filter
        left out admits every rule.

        Example:
          salessim check --phase objection "是的,是的,价格确实不低,可是省下的墨水钱一年就回本了"
          salessim check --phase payment --json "我不会给您延期"
          salessim check --explain --phase objection "是的是的，可是"
          salessim check --explain --scenario payment-delay --node plan "6号下午送过去，5号他们大客户回款"

        With --explain, a rule missed says what was closest and what was missing; with
        --scenario (and --node, default the start node) the reply is also recognised at that
        node as in a visit (by a pattern, by similarity to the replies' examples, asked back, or
        not understood, with the closest reply's missing words), and the node decides the phase,
        temperament, role and kind.
        """
    )

    @Option(help: "Visit phase: \(Phase.allCases.map(\.rawValue).joined(separator: ", ")).")
    var phase: Phase?
    @Option(help: "Customer temperament: impatient, hesitant, capricious.")
    var temperament: Temperament?
    @Option(help: "Key person: gatekeeper, decision-maker, influencer, executor, user.")
    var role: Role?
    @Option(help: "Customer kind: existing, new, long-undecided.")
    var kind: CustomerKind?
    @Option(help: ArgumentHelp("Use this rulebook instead of the library's.", valueName: "file"))
    var rulebook: String?
    @Option(help: "Language of the reasons: zh-Hans or en.")
    var lang: ScenarioLanguage = .zhHans
    @Flag(help: "Print JSON: {\"rulebook\": VERSION, \"rules\": [...]}.")
    var json = false
    @Flag(help: "Explain each rule missed (what was closest, what was missing) and, with --scenario, the recognition.")
    var explain = false
    @Option(help: ArgumentHelp("Also recognise the reply at a node of this scenario (id or file).", valueName: "scenario"))
    var scenario: String?
    @Option(help: ArgumentHelp("The node for --scenario (default: its start node).", valueName: "node"))
    var node: String?
    @OptionGroup var library: LibraryOptions

    @Argument(help: "The reply to score.")
    var text: String

    struct Output: Encodable {
        struct Entry: Encodable {
            var id: String
            var verdict: String
            var points: Int
            var possible: Int
            var evidence: String
            var manual: String
            var reason: String
            var nearMiss: String?
        }
        struct Understood: Encodable {
            var scenario: String
            var node: String
            var by: String
            var reply: Int?
            var words: String?
            var similarity: Double?
            var runnerUp: Int?
            var runnerUpSimilarity: Double?
            var answeredEarlyAt: String?
            var missingWords: [String]
        }
        var rulebook: Int
        var recognition: Understood?
        var rules: [Entry]
    }

    func run() throws {
        var rulebook = try library.rulebook(override: self.rulebook)
        var scorer = Scorer(rulebook: rulebook, language: lang)
        var filter = ContextFilter(phase: phase, temperament: temperament, role: role, kind: kind)
        var understood: Output.Understood?
        if let reference = scenario {
            let (loaded, governing) = try library.scenario(reference)
            if self.rulebook == nil { rulebook = governing }
            var session = Session(scenario: loaded, rulebook: rulebook, seed: 1)
            if let node {
                guard session.start(at: node) != nil else {
                    var message = "no node '\(node)' in scenario '\(loaded.id)'"
                    if let suggestion = Spelling.closest(to: node, in: loaded.nodes.map(\.id)) { message += "; did you mean '\(suggestion)'?" }
                    throw CLIError(message)
                }
            } else {
                session.start()
            }
            scorer = session.scorer
            if let context = session.context {
                filter = ContextFilter(phase: phase ?? context.phase, temperament: temperament ?? context.temperament,
                                       role: role ?? context.role, kind: kind ?? context.kind)
            }
            if let recognition = session.recognise(text) {
                let reply = recognition.index.flatMap { index in loaded.node(recognition.node).map { $0.replies[index] } }
                understood = Output.Understood(
                    scenario: loaded.id, node: session.currentNode ?? "", by: recognition.by.rawValue,
                    reply: recognition.index.map { $0 + 1 }, words: reply.flatMap { $0.option ?? $0.examples.first?.value },
                    similarity: recognition.similarity, runnerUp: recognition.runnerUp.map { $0 + 1 },
                    runnerUpSimilarity: recognition.runnerUpSimilarity,
                    answeredEarlyAt: recognition.answeredEarly ? recognition.node : nil, missingWords: recognition.missingWords)
            }
        }
        let verdicts = scorer.score(reply: NormalizedText(text), filter: filter)
        if json {
            Console.out(Console.json(Output(rulebook: rulebook.version, recognition: understood, rules: verdicts.map {
                .init(id: $0.rule, verdict: $0.verdict.rawValue, points: $0.earned, possible: $0.possible,
                      evidence: $0.evidence, manual: $0.manual, reason: $0.reason, nearMiss: explain ? $0.nearMiss : nil)
            })))
            return
        }
        if let understood {
            Console.out(Self.describe(understood, english: lang == .en))
            Console.out("")
        }
        if verdicts.isEmpty {
            Console.out(lang == .en ? "No rule with a detector applies here." : "此情境下没有可检测的规则。")
            return
        }
        Console.out(Console.table(["rule", "verdict", "points", "manual", "evidence"], verdicts.map {
            [$0.rule, $0.verdict.rawValue, "\($0.earned)/\($0.possible)", $0.manual, $0.evidence.isEmpty ? "-" : "「\($0.evidence)」"]
        }))
        Console.out("")
        for verdict in verdicts where !verdict.reason.isEmpty {
            Console.out("\(verdict.rule) (\(verdict.verdict.rawValue)): \(verdict.reason)")
            if explain, let nearMiss = verdict.nearMiss { Console.out("  → \(nearMiss)") }
        }
    }

    /// How the reply was recognised at the node, in a line or two.
    static func describe(_ understood: Output.Understood, english: Bool) -> String {
        let similarity = understood.similarity.map { String(format: "%.2f", $0) } ?? "-"
        let runner = understood.runnerUp.map { number in
            (english ? "; runner-up \(number)" : "；其次是第 \(number) 种") + (understood.runnerUpSimilarity.map { String(format: " (%.2f)", $0) } ?? "")
        } ?? ""
        let words = understood.words.map { english ? " “\($0)”" : "「\($0)」" } ?? ""
        var lines: [String] = []
        switch understood.by {
        case Understanding.pattern.rawValue:
            lines.append(english ? "At '\(understood.node)': reply \(understood.reply ?? 0)\(words), by its pattern." : "在节点 '\(understood.node)'：第 \(understood.reply ?? 0) 种回答\(words)，按模式匹配。")
        case Understanding.similarity.rawValue:
            lines.append(english ? "At '\(understood.node)': reply \(understood.reply ?? 0)\(words), by similarity \(similarity)\(runner)." : "在节点 '\(understood.node)'：按相近说法理解为第 \(understood.reply ?? 0) 种回答\(words)，相似度 \(similarity)\(runner)。")
        case Understanding.clarification.rawValue:
            lines.append(english ? "At '\(understood.node)': close to reply \(understood.reply ?? 0)\(words) (similarity \(similarity)\(runner)), not clearly it: the customer asks back." : "在节点 '\(understood.node)'：接近第 \(understood.reply ?? 0) 种回答\(words)（相似度 \(similarity)\(runner)），但不够明确：客户会反问。")
        default:
            lines.append(english ? "At '\(understood.node)': not understood (otherwise answers)." : "在节点 '\(understood.node)'：没听懂（由 otherwise 回应）。")
            if let reply = understood.reply {
                lines.append(english ? "  closest: reply \(reply)\(words), similarity \(similarity)\(runner)" : "  最接近：第 \(reply) 种回答\(words)，相似度 \(similarity)\(runner)")
            }
        }
        if let early = understood.answeredEarlyAt {
            lines.append(english ? "  answered one step early: taken at '\(early)'" : "  提前回答了下一步：在 '\(early)' 采用")
        }
        if !understood.missingWords.isEmpty {
            lines.append(english ? "  the closest reply also had: \(understood.missingWords.joined(separator: ", "))" : "  最接近的说法还有：\(understood.missingWords.joined(separator: "、"))")
        }
        return lines.joined(separator: "\n")
    }
}
