import Foundation
import ScenarioKit

extension Server {
    /// The document and what the features know of it: built from its current text when that
    /// parses, else the last text that did (names stay completable while a line is half typed).
    ///
    /// When the text does not parse and `editing` is given, the text without that line (the one
    /// being typed) is tried.
    mutating func analysis(of uri: String, editing: Int? = nil) -> (document: Document, analysis: Analysis)? {
        // NB: other YAML files (a CI workflow's `if:`, a manifest's `kind:`) get no help from us.
        guard var document = documents[uri], document.isLibraryFile else { return nil }
        if document.analysedText != document.text {
            document.analysedText = document.text
            // NB: a document over lint's size limit is not parsed again: lint said why.
            if document.text.utf8.count <= YAMLDocument.maximumBytes {
                var text = document.text
                var parsed = YAMLDocument.parse(text: text, path: document.path)
                if parsed.root == nil || !parsed.diagnostics.isEmpty, let editing, editing < document.lines.lines.count {
                    var lines = document.lines.lines
                    lines[editing] = ""
                    let repaired = lines.joined(separator: "\n")
                    let second = YAMLDocument.parse(text: repaired, path: document.path)
                    if second.root != nil {
                        text = repaired
                        parsed = second
                    }
                }
                if let root = parsed.root {
                    let index = DocumentIndex(root: root, text: TextLines(text))
                    switch document.kind {
                    case .scenario:
                        let scenario = ScenarioLoader.load(parsed: parsed, path: document.path).value
                        document.analysis = Analysis(index: index, scenario: scenario, rulebook: governingRulebook(for: document.path))
                    case .rulebook:
                        let rulebook = RulebookLoader.load(parsed: parsed, path: document.path).value
                        document.analysis = Analysis(index: index, scenario: nil, rulebook: rulebook)
                    case .calibration, .inbox, .curriculum:
                        document.analysis = Analysis(index: index, scenario: nil, rulebook: governingRulebook(for: document.path))
                    }
                }
            }
            documents[uri] = document
        }
        guard let analysis = document.analysis else { return nil }
        return (document, analysis)
    }

    /// The rulebook that governs a file, as the linter keeps it parsed.
    mutating func governingRulebook(for path: String) -> Rulebook? {
        guard let rulebookPath = ScenarioLibrary.rulebookPath(for: path, fallback: configuration.fallbackRulebook) else { return nil }
        return linter.rulebook(at: URL(fileURLWithPath: rulebookPath).standardizedFileURL.path).value
    }

    /// The text of a file: the open document's, else the linter's copy, else the disk's.
    mutating func text(ofFile path: String) -> String {
        if let document = documents[Document.uri(of: path)] { return document.text }
        if ScenarioLibrary.isRulebook(path) || ScenarioLibrary.kind(of: path) == .rulebook {
            return linter.rulebook(at: URL(fileURLWithPath: path).standardizedFileURL.path).text
        }
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// A range of `length` scalars at a location of any file.
    mutating func location(_ location: SourceLocation, length: Int? = nil) -> Location {
        let lines = TextLines(text(ofFile: location.path))
        let range = length.map { lines.range(line: location.line, column: location.column, length: $0) } ?? Server.range(at: location, lines: lines)
        return Location(uri: Document.uri(of: location.path), range: range)
    }

    /// The protocol range of an occurrence.
    static func range(_ occurrence: DocumentIndex.Occurrence, lines: TextLines) -> TextRange {
        lines.range(line: occurrence.line, column: occurrence.column, length: occurrence.length)
    }

    /// The occurrence under the cursor.
    static func occurrence(at position: Position, document: Document, analysis: Analysis) -> DocumentIndex.Occurrence? {
        analysis.index.occurrence(line: position.line + 1, column: document.lines.column(of: position))
    }
}
