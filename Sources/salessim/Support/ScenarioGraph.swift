import ScenarioKit
import TerminalSafety

/// Renders a scenario's graph as Graphviz DOT or Mermaid text.
///
/// Every title, id and label is the author's text and is escaped for its format, line breaks
/// included: a title cannot end a DOT string or a Mermaid label, nor add lines to Mermaid's
/// front matter (`config:`, `securityLevel: loose`) or the chart (`click … href`).
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
        let line = oneLine(text)
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    /// `text` on one line: line breaks and tabs become spaces, other unsafe characters tokens.
    static func oneLine(_ text: String) -> String {
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
        return TerminalSafe.visible(spaced)
    }

    /// A DOT quoted string (an ID of the grammar): `\` and `"` escaped, a line break written as
    /// DOT's `\n`, nothing else special.
    static func dotQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r", "\t", "\u{2028}", "\u{2029}": result += " "
            default:
                result += TerminalSafe.isUnsafe(scalar) ? TerminalSafe.token(for: scalar).replacingOccurrences(of: "\\", with: "\\\\") : String(scalar)
            }
        }
        return result + "\""
    }

    /// Text inside a Mermaid label's quotes: one line, and every character Mermaid treats
    /// specially written as its entity code (`#quot;`, `#35;` for `#` itself, `#lt;`, …).
    static func mermaidLabel(_ text: String) -> String {
        var result = ""
        for character in oneLine(text) {
            switch character {
            case "#": result += "#35;"
            case "\"": result += "#quot;"
            case "|": result += "#124;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "&": result += "#amp;"
            case "`": result += "#96;"
            case "[", "]", "{", "}", "(", ")": result += "#\(character.unicodeScalars.first?.value ?? 32);"
            default: result.append(character)
            }
        }
        return result
    }

    /// A YAML double-quoted scalar for Mermaid's front matter: one line, `\` and `"` escaped.
    static func yamlQuoted(_ text: String) -> String {
        "\"" + oneLine(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
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
        let quote = dotQuoted
        var lines = ["digraph \(quote(scenario.id)) {", "  rankdir=LR;", "  label=\(quote(scenario.title));", "  node [shape=box, style=rounded];"]
        lines.append("  \(quote("__start")) [shape=point];")
        lines.append("  \(quote("__start")) -> \(quote(scenario.start.value));")
        for (index, (phase, nodes)) in phases(scenario).enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\(quote(phase.rawValue)); style=dashed;")
            for node in nodes {
                let text = node.customer.first.map { "\n" + shorten($0) } ?? ""
                lines.append("    \(quote(node.id)) [label=\(quote(node.id + text))];")
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
        let label = mermaidLabel
        var lines = ["---", "title: \(yamlQuoted(scenario.title))", "---", "flowchart LR"]
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
