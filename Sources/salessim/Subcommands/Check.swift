import ArgumentParser
import Matching
import ScenarioKit
import Scoring

extension Phase: ExpressibleByArgument {}
extension Temperament: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension CustomerKind: ExpressibleByArgument {}
extension ScenarioLanguage: ExpressibleByArgument {}

/// `salessim check`: scores one reply against the rulebook, to try a phrasing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score one reply against the rulebook and show every verdict with its reason.",
        discussion: """
        Rules apply by phase, temperament, role and kind (names as in docs/RULES.md); a filter
        left out admits every rule.

        Example:
          salessim check --phase objection "是的,是的,价格确实不低,可是省下的墨水钱一年就回本了"
          salessim check --phase payment --json "我不会给您延期"
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
        }
        var rulebook: Int
        var rules: [Entry]
    }

    func run() throws {
        let rulebook = try library.rulebook(override: self.rulebook)
        let scorer = Scorer(rulebook: rulebook, language: lang)
        let filter = ContextFilter(phase: phase, temperament: temperament, role: role, kind: kind)
        let verdicts = scorer.score(reply: NormalizedText(text), filter: filter)
        if json {
            Console.out(Console.json(Output(rulebook: rulebook.version, rules: verdicts.map {
                .init(id: $0.rule, verdict: $0.verdict.rawValue, points: $0.earned, possible: $0.possible,
                      evidence: $0.evidence, manual: $0.manual, reason: $0.reason)
            })))
            return
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
        }
    }
}
