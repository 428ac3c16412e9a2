import Foundation
import Matching
import ScenarioKit

extension Server {
    /// Names that fit where the cursor is: node ids after `next:`, lexicons in patterns, rule
    /// ids in `judge:`, variables in `if:`/`set:`/`when:`, the vocabulary's values.
    mutating func completion(_ params: PositionParams) -> CompletionList {
        guard let document = documents[params.textDocument.uri], document.isLibraryFile else { return CompletionList(items: []) }
        let context = CursorContext.at(params.position, lines: document.lines, kind: document.kind)
        let range = TextRange(start: context.start, end: params.position)
        func item(_ label: String, _ kind: CompletionItem.Kind, detail: String?, documentation: String? = nil, text: String? = nil) -> CompletionItem {
            CompletionItem(label: label, kind: kind, detail: detail, documentation: documentation.map { MarkupContent(value: $0) },
                           textEdit: TextEdit(range: range, newText: text ?? label), filterText: text ?? label)
        }
        if case let .values(values) = context.slot {
            return CompletionList(items: values.map { item($0, .enumMember, detail: nil) })
        }
        guard context.slot != .none, let (_, analysis) = analysis(of: params.textDocument.uri, editing: params.position.line) else { return CompletionList(items: []) }
        var items: [CompletionItem] = []
        switch context.slot {
        case .target:
            if let scenario = analysis.scenario {
                for node in scenario.nodes {
                    items.append(item(node.id, .function, detail: Server.short(node.customer.first ?? node.narration ?? ""), documentation: "node · phase \(node.phase.rawValue)"))
                }
                for ending in scenario.endings {
                    items.append(item(ending.id, .enumMember, detail: "ending · \(ending.outcome.rawValue)" + (ending.customer.first.map { " · " + Server.short($0) } ?? "")))
                }
            } else {
                items = analysis.index.defined(.target).map { item($0, .function, detail: nil) }
            }
        case .lexicon:
            var seen = Set<String>()
            for (name, phrases) in (analysis.scenario?.lexicons ?? [:]).sorted(by: { $0.key < $1.key }) where seen.insert(name).inserted {
                items.append(item("@" + name, .module, detail: Server.phrases(phrases.value), documentation: "this scenario's lexicon", text: "@" + name))
            }
            for name in (analysis.rulebook?.lexicons.lexicons.keys.sorted() ?? []) where seen.insert(name).inserted {
                let phrases = analysis.rulebook?.lexicons[name]?.map(\.written) ?? []
                items.append(item("@" + name, .module, detail: Server.phrases(phrases), documentation: "rulebook lexicon (\(phrases.count) phrases)", text: "@" + name))
            }
        case .rule:
            for rule in analysis.rulebook?.rules ?? [] {
                items.append(item(rule.id, .reference, detail: "\(rule.title.zh) · manual \(rule.manual)", documentation: "\(rule.title.en) · weight \(rule.weight)" + (rule.knockout ? ", knockout" : "")))
            }
        case .variable:
            for variable in analysis.scenario?.state ?? [] {
                items.append(item(variable.name, .variable, detail: "state variable, starts at \(variable.initial)"))
            }
        case let .textVariable(reply):
            items.append(item("trainee", .variable, detail: "the trainee's name (play --trainee, else the login)"))
            items.append(item("customer", .variable, detail: "the customer's name" + (analysis.scenario.map { ": \($0.customer.name)" } ?? "")))
            if reply { items.append(item("reply", .variable, detail: "the words of the reply the customer asks back about")) }
            for variable in analysis.scenario?.state ?? [] {
                items.append(item(variable.name, .variable, detail: "state variable's value now (starts at \(variable.initial))"))
            }
        case .values, .none: break
        }
        return CompletionList(items: items)
    }

    /// A line cut to a completion's width.
    static func short(_ text: String, _ limit: Int = 60) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }

    /// A lexicon's first phrases: `是的 · 对的 · 没错 …`.
    static func phrases(_ phrases: [String], first: Int = 6) -> String {
        phrases.prefix(first).joined(separator: " · ") + (phrases.count > first ? " …" : "")
    }
}
