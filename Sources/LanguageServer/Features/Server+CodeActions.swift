import Foundation
import ScenarioKit

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
