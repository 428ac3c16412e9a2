import Foundation
import ScenarioKit

extension Server {
    /// Lints one open document and returns its diagnostics notification (and those of files it
    /// depends on, such as a rulebook with errors that is not open).
    mutating func lint(uri: String) -> [Data] {
        guard var document = documents[uri] else { return [] }
        guard document.isLibraryFile else {
            documents[uri]?.needsLint = false
            return [notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: uri, version: document.version, diagnostics: []))]
        }
        refreshRulebook(for: document)
        let report = linter.lint(file: document.path, contents: Data(document.text.utf8))
        document.needsLint = false
        let own = report.diagnostics.filter { $0.location.path == document.path }
        document.diagnostics = own
        documents[uri] = document
        var out = [notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(
            uri: uri, version: document.version, diagnostics: own.map { lspDiagnostic($0, lines: document.lines) }))]
        let others = Dictionary(grouping: report.diagnostics.filter { $0.location.path != document.path }, by: \.location.path)
        var shown: Set<String> = []
        for (path, diagnostics) in others.sorted(by: { $0.key < $1.key }) {
            let otherURI = Document.uri(of: path)
            guard documents[otherURI] == nil else { continue }
            let lines = TextLines(report.sources[path] ?? "")
            out.append(notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(
                uri: otherURI, version: nil, diagnostics: diagnostics.map { lspDiagnostic($0, lines: lines) })))
            shown.insert(otherURI)
        }
        // A dependency's errors shown before and fixed since are cleared.
        if document.kind == .scenario {
            for otherURI in foreignDiagnostics.subtracting(shown).sorted() where documents[otherURI] == nil {
                out.append(notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: otherURI, version: nil, diagnostics: [])))
            }
            foreignDiagnostics = shown
        }
        return out
    }

    /// Forgets the parsed rulebook of a document when its file changed on disk since it was read
    /// (an open rulebook is the editor's text, kept as it is).
    mutating func refreshRulebook(for document: Document) {
        guard document.kind != .rulebook,
              let found = ScenarioLibrary.rulebookPath(for: document.path, fallback: configuration.fallbackRulebook) else { return }
        let path = URL(fileURLWithPath: found).standardizedFileURL.path
        guard documents[Document.uri(of: path)] == nil else { return }
        let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        if let known = rulebookDates[path], known != date {
            linter.forgetRulebook(at: path)
        }
        rulebookDates[path] = date
    }

    /// A lint diagnostic as the protocol sends it: 0-based UTF-16 positions, the code with a
    /// link to its section of Scenarios/README.md.
    func lspDiagnostic(_ diagnostic: Diagnostic, lines: TextLines) -> LSPDiagnostic {
        LSPDiagnostic(
            range: Server.range(at: diagnostic.location, lines: lines),
            severity: diagnostic.severity == .error ? 1 : 2,
            code: diagnostic.code.rawValue,
            codeDescription: configuration.readmePath.map { .init(href: Document.uri(of: $0) + "#" + diagnostic.code.rawValue.lowercased()) },
            source: "salessim",
            message: diagnostic.message)
    }

    /// The range a diagnostic underlines: from its position to the end of the value written
    /// there (a name, a quoted text, or up to the next space or YAML separator).
    static func range(at location: SourceLocation, lines: TextLines) -> TextRange {
        let scalars = Array(lines.line(location.line - 1).unicodeScalars)
        let start = min(max(0, location.column - 1), scalars.count)
        var end = start
        if end < scalars.count, scalars[end] == "\"" || scalars[end] == "'" {
            let quote = scalars[end]
            end += 1
            while end < scalars.count && scalars[end] != quote { end += 1 }
            end = min(end + 1, scalars.count)
        } else {
            while end < scalars.count && !scalars[end].properties.isWhitespace && !",]}#".unicodeScalars.contains(scalars[end]) {
                if scalars[end] == ":" && (end + 1 == scalars.count || scalars[end + 1] == " ") { break }
                end += 1
            }
        }
        if end == start && end < scalars.count { end += 1 }
        return lines.range(line: location.line, column: start + 1, length: end - start)
    }
}
