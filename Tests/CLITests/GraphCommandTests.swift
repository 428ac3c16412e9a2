import Foundation
import Testing
import TestSupport

/// `salessim graph`: conditions, effects and judgments on the edges, `when:` endings, and SVG
/// through Graphviz, run as the real binary.
@Suite struct GraphCommandTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path
    var valid: String { fixtures + "/valid/every-feature/scenario.yaml" }
    var fixtureLibrary: [String] { ["--scenarios", fixtures] }

    @Test func dotEdgesCarryConditionsEffectsAndJudgments() throws {
        let output = try salessim.run(["graph", valid, "--format", "dot"] + fixtureLibrary)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains(#""price" -> "close" [label="if trust >= 1\n@ack > @contrast\nset trust=trust * 2"];"#))
        #expect(lines.contains(#""arrive" -> "arrive" [label="otherwise\nset patience-1", style=dashed];"#))
        #expect(lines.contains(#""close" -> "end:signed" [label="今天就签\nset signed=true", color=green, fontcolor=darkgreen];"#))
        #expect(lines.contains(#""arrive" -> "price" [label="直接谈价格", color=red, fontcolor=red];"#))
    }

    @Test func whenEndingsAreReachedFromEveryNode() throws {
        let output = try salessim.run(["graph", valid, "--format", "dot"] + fixtureLibrary)
        for node in ["arrive", "price", "close"] {
            #expect(output.stdout.contains(#"  "\#(node)" -> "end:shown-out" [label="when patience <= 0", style=dotted];"#))
        }
        let mermaid = try salessim.run(["graph", valid, "--format", "mermaid"] + fixtureLibrary)
        #expect(mermaid.stdout.contains(#"  n2 -.->|"when patience #lt;= 0"| n5"#))
    }

    @Test func mermaidColoursJudgedLinksByTheirNumber() throws {
        let output = try salessim.run(["graph", valid, "--format", "mermaid"] + fixtureLibrary)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        // Links in order: the start arrow is 0, then each edge; 今天就签 (met) is 8, 直接谈价格 (violated) 3.
        let links = lines.filter { $0.contains("-->") || $0.contains("-.->") }
        #expect(links[3].contains("直接谈价格"))
        #expect(links[8].contains("今天就签"))
        #expect(lines.contains("  linkStyle 8 stroke:green,color:green"))
        #expect(lines.contains("  linkStyle 3 stroke:red,color:red"))
        #expect(lines.contains(#"  n1 -->|"if trust #gt;= 1 · @ack #gt; @contrast · set trust=trust * 2"| n2"#))
    }

    @Test func svgIsRenderedByGraphvizDot() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else {
            Issue.record("Graphviz's dot is not installed (run-tests installs graphviz)")
            return
        }
        let output = try salessim.run(["graph", valid, "--format", "svg"] + fixtureLibrary)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("<svg"))
        #expect(output.stdout.contains("今天就签"))
        #expect(output.stdout.hasSuffix("</svg>\n"))
    }

    @Test func svgWithoutDotOnThePathSaysSoAndExitsOne() throws {
        let empty = try PackagePaths.temporaryDirectory()
        let runner = CommandRunner(environment: ["PATH": empty.path])
        let output = try runner.run(["graph", valid, "--format", "svg"] + fixtureLibrary)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("--format svg needs Graphviz's 'dot', which is not on PATH"), "\(output.stderr)")
    }
}
