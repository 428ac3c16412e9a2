import ArgumentParser
import ScenarioKit

/// `salessim rules`: the rulebook as a table, or as the Markdown catalogue of docs/RULES.md.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "rules",
        abstract: "Show the rulebook: id, manual section, weight, how it is observed, where it applies.",
        discussion: """
        --format markdown prints the rules catalogue (docs/RULES.md is this output for the
        library's rulebook).

        Example:
          salessim rules
          salessim rules --lang en
          salessim rules --format markdown > docs/RULES.md
        """
    )

    /// How the rulebook is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, markdown
    }

    @Option(help: ArgumentHelp("Use this rulebook instead of the library's.", valueName: "file"))
    var rulebook: String?
    @Option(help: "Language of the titles: zh-Hans or en.")
    var lang: ScenarioLanguage = .zhHans
    @Option(help: "table (aligned, for a terminal) or markdown (the rules catalogue).")
    var format: Format = .table
    @OptionGroup var library: LibraryOptions

    func run() throws {
        let rulebook = try library.rulebook(override: self.rulebook)
        if format == .markdown {
            Console.out(String(RuleCatalogue(rulebook).markdown().dropLast()))
            return
        }
        Console.out((lang == .en ? "Rulebook version " : "规则手册版本 ") + String(rulebook.version))
        Console.out(Console.table(["id", "manual", "weight", "observed", "title", "applies"], rulebook.rules.map {
            [$0.id, $0.manual, String($0.weight) + ($0.knockout ? " KO" : ""), $0.observed.rawValue, $0.title.text(for: lang), $0.applies.summary]
        }))
    }
}
