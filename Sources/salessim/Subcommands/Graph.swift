import ArgumentParser
import Foundation
import ScenarioKit

/// `salessim graph`: the scenario as a Graphviz or Mermaid graph.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "graph",
        abstract: "Print a scenario as a graph: nodes grouped by phase, edges labelled by reply.",
        discussion: """
        Each edge shows the reply's words, its `if:` and its `set:` (if trust >= 1 / set trust+2);
        an author's judge: colours it (met green, violated red); otherwise is dashed; an ending
        with `when:` is reached by a dotted edge from every node. --format svg renders the DOT
        graph with Graphviz's `dot` (exit status 1 when dot is not on PATH).

        Example:
          salessim graph demo-first-visit --format mermaid
          salessim graph demo-first-visit --format svg > visit.svg
          salessim graph Scenarios/zh-Hans/demo-first-visit.yaml --format dot | dot -Tpng > visit.png
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid, svg }

    @Argument(help: ArgumentHelp("A scenario id or a path to a scenario file.", valueName: "scenario"))
    var scenario: String

    @Option(name: .long, help: "dot, mermaid, or svg (rendered by Graphviz's dot).")
    var format: Format = .mermaid

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let (scenario, _) = try library.scenario(self.scenario)
        switch format {
        case .dot: Console.out(ScenarioGraph.dot(scenario))
        case .mermaid: Console.out(ScenarioGraph.mermaid(scenario))
        case .svg:
            switch Graphviz.render(ScenarioGraph.dot(scenario), format: "svg") {
            case let .success(svg): FileHandle.standardOutput.write(svg)
            case let .failure(failure): throw CLIError(failure.description, exitCode: 1)
            }
        }
    }
}
