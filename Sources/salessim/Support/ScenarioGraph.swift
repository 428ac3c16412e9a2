import ScenarioKit
import TerminalSafety

/// Renders a scenario's graph as Graphviz DOT or Mermaid text.
///
/// Each reply is an edge labelled with its words, its `if:` and its `set:` in short form
/// (`if trust >= 1`, `set trust+2`); an author's `judge:` colours it (met green, violated red);
/// `otherwise` is dashed; an ending with `when:` is reached by a dotted edge from every node.
///
/// Every title, id and label is the author's text and is escaped for its format, line breaks
/// included: a title cannot end a DOT string or a Mermaid label, nor add lines to Mermaid's
/// front matter (`config:`, `securityLevel: loose`) or the chart (`click … href`).
enum ScenarioGraph {
    struct Edge {
        enum Kind { case reply, otherwise, when }
        /// How the author judged the move: met colours the edge green, violated red.
        enum Judged { case met, violated }

        var from: String
        var to: String
        /// The reply's words (its option, else its pattern), or `otherwise` / the `when:` condition.
        var label: String
        var kind: Kind
        /// The reply's `if:`, in short form (`trust >= 2`).
        var condition: String?
        /// The `set:` effects, in short form (`trust+1, signed=true`).
        var effects: String?
        var judged: Judged?

        var isOtherwise: Bool { kind == .otherwise }

        /// The label's parts, the words shortened: `if trust >= 2`, the words, `set trust+1`.
        var parts: [String] {
            [condition.map { "if " + $0 }, ScenarioGraph.shorten(label), effects.map { "set " + $0 }].compactMap { $0 }
        }
    }

    static func edges(_ scenario: Scenario) -> [Edge] {
        var edges: [Edge] = []
        for node in scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                let label = reply.option ?? reply.match?.source ?? "reply \(index + 1)"
                edges.append(Edge(from: node.id, to: reply.response.next?.value ?? node.id, label: label, kind: .reply,
                                  condition: reply.condition.map { short($0.value) }, effects: short(reply.response.effects),
                                  judged: judged(reply.judge)))
            }
            if let otherwise = node.otherwise {
                edges.append(Edge(from: node.id, to: otherwise.next?.value ?? node.id, label: "otherwise", kind: .otherwise,
                                  effects: short(otherwise.effects), judged: judged(otherwise.judge)))
            }
        }
        // An ending with `when:` is checked after every turn: it can be reached from any node.
        for ending in scenario.endings {
            guard let when = ending.when else { continue }
            for node in scenario.nodes {
                edges.append(Edge(from: node.id, to: ending.id, label: "when " + short(when.value), kind: .when))
            }
        }
        return edges
    }

    /// Green for an author's `met` (or positive points), red for `violated` (or negative); red wins.
    static func judged(_ judgments: [Judgment]) -> Edge.Judged? {
        if judgments.contains(where: { $0.verdict == .violated }) { return .violated }
        if judgments.contains(where: { $0.verdict == .met }) { return .met }
        return nil
    }

    /// Effects as the author would write them, compactly: `trust+2, signed=true, trust=trust * 2`.
    static func short(_ effects: [Effect]) -> String? {
        guard !effects.isEmpty else { return nil }
        return effects.map { effect in
            switch effect.operation {
            case let .add(amount): return effect.variable + (amount < 0 ? "\(amount)" : "+\(amount)")
            case let .assign(expression): return effect.variable + "=" + short(expression)
            }
        }.joined(separator: ", ")
    }

    /// An expression in the syntax of `if:` and `when:`, with parentheses only where needed.
    static func short(_ expression: Expression) -> String {
        func precedence(_ operation: Expression.BinaryOperator) -> Int {
            switch operation {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
            case .add, .subtract: return 5
            case .multiply, .divide, .remainder: return 6
            }
        }
        func render(_ expression: Expression, above: Int) -> String {
            switch expression {
            case let .literal(value): return value.description
            case let .variable(name, _): return name
            case let .unary(operation, operand):
                let inner = render(operand, above: 7)
                return operation == .not ? "not " + inner : "-" + inner
            case let .binary(operation, left, right):
                let level = precedence(operation)
                let text = render(left, above: level) + " " + operation.rawValue + " " + render(right, above: level + 1)
                return level < above ? "(" + text + ")" : text
            }
        }
        return render(expression, above: 0)
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
            var attributes = ["label=\(quote(edge.parts.joined(separator: "\n")))"]
            switch edge.kind {
            case .reply: break
            case .otherwise: attributes.append("style=dashed")
            case .when: attributes.append("style=dotted")
            }
            switch edge.judged {
            case .met?: attributes.append("color=green, fontcolor=darkgreen")
            case .violated?: attributes.append("color=red, fontcolor=red")
            case nil: break
            }
            lines.append("  \(quote(edge.from)) -> \(quote(target)) [\(attributes.joined(separator: ", "))];")
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
        // Mermaid colours a link by its number, counted from 0 in the order links are written
        // (the start arrow is link 0).
        var green: [Int] = [], red: [Int] = []
        for (number, edge) in edges(scenario).enumerated() {
            let target = endingIDs.contains(edge.to) ? id("end:" + edge.to) : id(edge.to)
            let arrow = edge.kind == .reply ? "-->" : "-.->"
            lines.append("  \(id(edge.from)) \(arrow)|\"\(label(edge.parts.joined(separator: " · ")))\"| \(target)")
            switch edge.judged {
            case .met?: green.append(number + 1)
            case .violated?: red.append(number + 1)
            case nil: break
            }
        }
        if !green.isEmpty { lines.append("  linkStyle \(green.map(String.init).joined(separator: ",")) stroke:green,color:green") }
        if !red.isEmpty { lines.append("  linkStyle \(red.map(String.init).joined(separator: ",")) stroke:red,color:red") }
        return lines.joined(separator: "\n")
    }
}
