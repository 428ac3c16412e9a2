import ScenarioKit

/// Renders a scenario's graph as Graphviz DOT or Mermaid text.
enum ScenarioGraph {
    struct Edge {
        var from: String
        var to: String
        var label: String
        var isOtherwise: Bool
    }

    static func edges(_ scenario: Scenario) -> [Edge] {
        var edges: [Edge] = []
        for node in scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                let label = reply.option ?? reply.match?.source ?? "reply \(index + 1)"
                edges.append(Edge(from: node.id, to: reply.response.next?.value ?? node.id, label: label, isOtherwise: false))
            }
            if let otherwise = node.otherwise {
                edges.append(Edge(from: node.id, to: otherwise.next?.value ?? node.id, label: "otherwise", isOtherwise: true))
            }
        }
        return edges
    }

    static func shorten(_ text: String, _ limit: Int = 24) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    static func phases(_ scenario: Scenario) -> [(Phase, [ScenarioNode])] {
        var order: [Phase] = []
        var groups: [Phase: [ScenarioNode]] = [:]
        for node in scenario.nodes {
            if groups[node.phase] == nil { order.append(node.phase) }
            groups[node.phase, default: []].append(node)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    static func dot(_ scenario: Scenario) -> String {
        func quote(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["digraph \(quote(scenario.id)) {", "  rankdir=LR;", "  label=\(quote(scenario.title));", "  node [shape=box, style=rounded];"]
        lines.append("  \(quote("__start")) [shape=point];")
        lines.append("  \(quote("__start")) -> \(quote(scenario.start.value));")
        for (index, (phase, nodes)) in phases(scenario).enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\(quote(phase.rawValue)); style=dashed;")
            for node in nodes {
                let text = node.customer.first.map { "\\n" + shorten($0).replacingOccurrences(of: "\"", with: "'") } ?? ""
                lines.append("    \(quote(node.id)) [label=\"\(node.id)\(text)\"];")
            }
            lines.append("  }")
        }
        for ending in scenario.endings {
            let when = ending.when.map { _ in " (when)" } ?? ""
            lines.append("  \(quote("end:" + ending.id)) [label=\(quote(ending.id + "\n" + ending.outcome.rawValue + when)), shape=doubleoctagon];")
        }
        let endingIDs = Set(scenario.endings.map(\.id))
        for edge in edges(scenario) {
            let target = endingIDs.contains(edge.to) ? "end:" + edge.to : edge.to
            let style = edge.isOtherwise ? ", style=dashed" : ""
            lines.append("  \(quote(edge.from)) -> \(quote(target)) [label=\(quote(shorten(edge.label)))\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func mermaid(_ scenario: Scenario) -> String {
        // Mermaid ids must be simple; labels go in quotes with '"' replaced.
        var ids: [String: String] = [:]
        func id(_ name: String) -> String {
            if let existing = ids[name] { return existing }
            let made = "n\(ids.count)"
            ids[name] = made
            return made
        }
        func label(_ s: String) -> String {
            s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
        }
        var lines = ["---", "title: \(label(scenario.title))", "---", "flowchart LR"]
        lines.append("  start((start)) --> \(id(scenario.start.value))")
        for (phase, nodes) in phases(scenario) {
            lines.append("  subgraph \(phase.rawValue.replacingOccurrences(of: "-", with: "_"))[\"\(phase.rawValue)\"]")
            for node in nodes {
                lines.append("    \(id(node.id))[\"\(label(node.id))\"]")
            }
            lines.append("  end")
        }
        for ending in scenario.endings {
            let when = ending.when == nil ? "" : " (when)"
            lines.append("  \(id("end:" + ending.id))([\"\(label(ending.id)): \(ending.outcome.rawValue)\(when)\"])")
        }
        let endingIDs = Set(scenario.endings.map(\.id))
        for edge in edges(scenario) {
            let target = endingIDs.contains(edge.to) ? id("end:" + edge.to) : id(edge.to)
            let arrow = edge.isOtherwise ? "-.->" : "-->"
            lines.append("  \(id(edge.from)) \(arrow)|\"\(label(shorten(edge.label)))\"| \(target)")
        }
        return lines.joined(separator: "\n")
    }
}
