import ArgumentParser
import ScenarioKit

/// `salessim list`: the scenarios of the library.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "list",
        abstract: "List the scenarios: id, title, customer, language, length.",
        discussion: "Example:\n  salessim list\n  salessim list --json"
    )

    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "Print JSON for tools.")
    var json = false

    struct Entry: Encodable {
        var id, title, language, temperament, role, kind, path: String
        var nodes, tests: Int
        var minutes: Int?
    }

    func run() throws {
        let root = try library.library()
        var linter = Linter(fallbackRulebook: root.rulebookPath)
        let report = linter.lint(paths: [root.root])
        let entries = report.scenarios.map(\.scenario).sorted { $0.id < $1.id }.map {
            Entry(id: $0.id, title: $0.title, language: $0.language.rawValue, temperament: $0.customer.temperament.rawValue,
                  role: $0.customer.role.rawValue, kind: $0.customer.kind.rawValue, path: $0.path,
                  nodes: $0.nodes.count, tests: $0.tests.count, minutes: $0.minutes)
        }
        if json {
            Console.out(Console.json(entries))
        } else {
            Console.out(Console.table(["id", "title", "customer", "lang", "nodes"], entries.map {
                [$0.id, $0.title, "\($0.temperament) \($0.role)", $0.language, String($0.nodes) + ($0.minutes.map { " (~\($0) min)" } ?? "")]
            }))
        }
        if report.errorCount > 0 {
            Console.err("salessim: \(report.errorCount) error(s) in the library; broken scenarios are not listed (run 'salessim lint')")
        }
    }
}
