import ArgumentParser
import ScenarioKit

/// `salessim graph`: the scenario as a Graphviz or Mermaid graph.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "graph",
        abstract: "Print a scenario as a graph: nodes grouped by phase, edges labelled by reply.",
        discussion: """
        Example:
          salessim graph demo-first-visit --format mermaid
          salessim graph Scenarios/zh-Hans/demo-first-visit.yaml --format dot | dot -Tsvg > visit.svg
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    @Argument(help: ArgumentHelp("A scenario id or a path to a scenario file.", valueName: "scenario"))
    var scenario: String

    @Option(name: .long, help: "dot or mermaid.")
    var format: Format = .mermaid

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let (scenario, _) = try library.scenario(self.scenario)
        Console.out(format == .dot ? ScenarioGraph.dot(scenario) : ScenarioGraph.mermaid(scenario))
    }
}
