import Foundation
import ScenarioKit
import Simulation

extension Server {
    /// Fixes lint knows: its "did you mean" suggestion, and a stub for a node that `next:` names
    /// and no one wrote.
    mutating func codeActions(_ params: CodeActionParams) -> [CodeAction] {
        guard let document = documents[params.textDocument.uri] else { return [] }
        var actions: [CodeAction] = []
        for diagnostic in params.context.diagnostics where diagnostic.source == "salessim" || diagnostic.source == nil {
            let (wrong, suggestion) = Server.suggestion(in: diagnostic.message)
            if let wrong, let suggestion, let range = Server.find(wrong, on: diagnostic.range.start, lines: document.lines) {
                actions.append(CodeAction(title: "Change '\(wrong)' to '\(suggestion)'", diagnostics: [diagnostic], isPreferred: true,
                                          edit: WorkspaceEdit(changes: [document.uri: [TextEdit(range: range, newText: suggestion)]])))
            }
            if diagnostic.code == DiagnosticCode.unknownTarget.rawValue, let wrong, diagnostic.message.contains("unknown node or ending"),
               let edit = nodeStub(wrong, near: diagnostic.range.start, document: document) {
                actions.append(CodeAction(title: "Add a node '\(wrong)'", diagnostics: [diagnostic], isPreferred: suggestion == nil,
                                          edit: WorkspaceEdit(changes: [document.uri: [edit]])))
            }
        }
        if let action = tryAction(at: params.range.start.line, in: document) { actions.append(action) }
        return actions
    }

    /// The name a message is about (the last one in quotes before "; did you mean", or the
    /// last one in quotes) and the suggestion, if any.
    static func suggestion(in message: String) -> (wrong: String?, suggestion: String?) {
        let marker = message.range(of: "; did you mean '")
        let about = marker.map { String(message[..<$0.lowerBound]) } ?? message
        let parts = about.components(separatedBy: "'")
        let wrong = parts.count >= 3 ? parts[parts.count - 2] : nil
        guard let marker else { return (wrong, nil) }
        let rest = message[marker.upperBound...]
        guard let close = rest.firstIndex(of: "'") else { return (wrong, nil) }
        return (wrong, String(rest[..<close]))
    }

    /// `word` on the line of `start`, at or after it (a pattern's diagnostic points at the pattern).
    static func find(_ word: String, on start: Position, lines: TextLines) -> TextRange? {
        let line = String(lines.line(start.line))
        let scalars = Array(line.unicodeScalars)
        let target = Array(word.unicodeScalars)
        let from = max(0, lines.column(of: start) - 1)
        guard !target.isEmpty, from + target.count <= scalars.count else { return nil }
        for begin in from...(scalars.count - target.count) where Array(scalars[begin..<(begin + target.count)]) == target {
            let after = begin + target.count
            let isWhole = (begin == 0 || !DocumentIndex.isLexiconNameScalar(scalars[begin - 1]) || target.first == "@")
                && (after == scalars.count || !DocumentIndex.isLexiconNameScalar(scalars[after]))
            if isWhole { return lines.range(line: start.line + 1, column: begin + 1, length: target.count) }
        }
        return nil
    }

    /// A node named `id` at the end of `nodes:`, in the phase of the node that names it.
    func nodeStub(_ id: String, near position: Position, document: Document) -> TextEdit? {
        guard Identifier.isValid(id) else { return nil }
        let lines = document.lines.lines
        guard let nodesLine = lines.firstIndex(where: { $0.hasPrefix("nodes:") }) else { return nil }
        var end = lines.count
        var indent = 2
        var sawNode = false
        for index in (nodesLine + 1)..<lines.count {
            let line = lines[index]
            if let first = line.first, first != " ", first != "#", first != "\r" { end = index; break }
            if !sawNode, !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                indent = line.prefix { $0 == " " }.count
                sawNode = true
            }
        }
        // Blank lines before the next key stay after the new node.
        while end > nodesLine + 1 && lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        var phase = "opening"
        for index in stride(from: min(position.line, lines.count - 1), through: nodesLine + 1, by: -1) {
            let line = lines[index]
            if line.prefix(while: { $0 == " " }).count == indent + 2, line.dropFirst(indent + 2).hasPrefix("phase:") {
                phase = line.dropFirst(indent + 2 + "phase:".count).trimmingCharacters(in: .whitespaces)
                break
            }
        }
        let pad = String(repeating: " ", count: indent)
        let stub = [
            "\(pad)\(id):",
            "\(pad)  phase: \(phase)",
            "\(pad)  customer: \"…\"",
            "\(pad)  replies:",
            "\(pad)    - option: \"…\"",
        ].joined(separator: "\n") + "\n"
        let insertion: Position
        if end >= lines.count {
            // At the end of the document: after its last line, on a line of its own.
            let last = document.lines.end
            return TextEdit(range: TextRange(start: last, end: last), newText: (last.character > 0 ? "\n" : "") + stub)
        } else {
            insertion = Position(line: end, character: 0)
        }
        return TextEdit(range: TextRange(start: insertion, end: insertion), newText: stub)
    }
}

extension Server {
    /// "Try this reply here" on a reply's `option:` or an `examples:` entry: what `salessim try`
    /// says of that text at its node, shown by the editor (`workspace/executeCommand`).
    func tryAction(at line: Int, in document: Document) -> CodeAction? {
        guard document.kind == .scenario, line >= 0, line < document.lines.lines.count else { return nil }
        let lines = document.lines.lines
        let text = String(lines[line])
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: Substring
        if let range = trimmed.range(of: "option:") {
            value = trimmed[range.upperBound...]
        } else if trimmed.hasPrefix("- "), Server.isUnderExamples(line: line, lines: lines) {
            value = trimmed.dropFirst(2)
        } else {
            return nil
        }
        let phrase = Server.unquoted(value.trimmingCharacters(in: .whitespaces))
        guard !phrase.isEmpty, let node = Server.node(above: line, lines: lines) else { return nil }
        return CodeAction(title: "Try this reply here (salessim try at '\(node)')", kind: "source",
                          command: Command(title: "Try this reply here", command: "salessim.try", arguments: [document.uri, node, phrase]))
    }

    /// Runs `salessim.try`: the trial of a phrasing at a node of an open scenario, in a few lines.
    mutating func execute(_ params: ExecuteCommandParams) throws -> String {
        guard params.command == "salessim.try" else { throw ResponseError(.invalidParams, "unknown command '\(params.command)'") }
        guard let arguments = params.arguments, arguments.count == 3 else {
            throw ResponseError(.invalidParams, "salessim.try takes the document, the node and the text")
        }
        guard let (_, analysis) = analysis(of: arguments[0]), let scenario = analysis.scenario, let rulebook = analysis.rulebook else {
            throw ResponseError(.invalidParams, "the scenario does not load; fix its errors first")
        }
        var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
        guard session.start(at: arguments[1]) != nil, let trial = session.trial(arguments[2]) else {
            throw ResponseError(.invalidParams, "no node '\(arguments[1])' in scenario '\(scenario.id)'")
        }
        return Server.summary(of: trial)
    }

    /// A trial in a few lines: the reply taken and how, what follows, the verdicts.
    static func summary(of trial: ReplyTrial) -> String {
        let recognition = trial.recognition
        var lines: [String] = []
        switch recognition.by {
        case .pattern, .similarity, .confirmation:
            lines.append("at '\(trial.node)': taken as reply \((recognition.index ?? 0) + 1) by \(recognition.by.rawValue)"
                         + (recognition.similarity.map { String(format: " (%.2f)", $0) } ?? "")
                         + (recognition.answeredEarly ? ", answered early at '\(recognition.node)'" : ""))
        case .clarification:
            lines.append("at '\(trial.node)': the customer asks back (close to reply \((recognition.index ?? 0) + 1))")
        case .none:
            lines.append("at '\(trial.node)': not understood; 'otherwise' answers")
        }
        if let next = trial.next { lines.append("next: \(next)") }
        if let ending = trial.ending { lines.append("ending: \(ending)") }
        if !trial.verdicts.isEmpty {
            lines.append("verdicts: " + trial.verdicts.map { "\($0.rule) \($0.verdict.rawValue) \($0.earned)/\($0.possible)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The node a line belongs to: the nearest key above it indented two spaces under `nodes:`.
    static func node(above line: Int, lines: [Substring]) -> String? {
        var index = line
        while index >= 0 {
            let text = lines[index]
            if text.hasPrefix("nodes:") || (!text.isEmpty && !text.hasPrefix(" ") && !text.hasPrefix("#") && index < line) { return nil }
            if text.hasPrefix("  "), !text.hasPrefix("   "), let colon = text.firstIndex(of: ":") {
                let key = text[text.index(text.startIndex, offsetBy: 2)..<colon]
                if Identifier.isValid(String(key)) { return String(key) }
            }
            index -= 1
        }
        return nil
    }

    /// Whether a `- ` line is an item of an `examples:` block.
    static func isUnderExamples(line: Int, lines: [Substring]) -> Bool {
        let indent = lines[line].prefix { $0 == " " }.count
        var index = line - 1
        while index >= 0 {
            let text = lines[index]
            let own = text.prefix { $0 == " " }.count
            if own < indent, !text.trimmingCharacters(in: .whitespaces).isEmpty {
                return text.trimmingCharacters(in: .whitespaces) == "examples:"
            }
            index -= 1
        }
        return false
    }

    /// A YAML scalar as written on one line, without its quotes.
    static func unquoted(_ text: String) -> String {
        if text.count >= 2, let first = text.first, let last = text.last, first == last, first == "\"" || first == "'" {
            if first == "\"", let data = text.data(using: .utf8), let decoded = try? JSONDecoder().decode(String.self, from: data) { return decoded }
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
