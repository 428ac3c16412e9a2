import Foundation
import ScenarioKit
import TerminalSafety

/// Output for the commands: stdout for results, stderr for problems.
///
/// Everything goes through ``TerminalSafe``: text from scenario files, the store or a record
/// store cannot send escape sequences, bidi overrides or invisible characters to the terminal
/// (they are shown as `\e`, `<U+202E>`); line feeds and tabs stay.
enum Console {
    /// Writes a line of results; a standard output that takes no more (a full disk, /dev/full)
    /// ends the command with the reason and exit status 2.
    static func out(_ text: String) {
        do {
            try OutputFile.standardOutput(Data((TerminalSafe.visible(text, keepingLineBreaks: true) + "\n").utf8))
        } catch {
            Console.err("salessim: error: \(error)")
            exit(2)
        }
    }

    static func err(_ text: String) {
        _ = OutputFile.writeAll(Data((TerminalSafe.visible(text, keepingLineBreaks: true) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Prints diagnostics with snippets to stderr.
    static func printDiagnostics(_ diagnostics: [Diagnostic], sources: [String: String], to stream: (String) -> Void = Console.err) {
        var renderer = DiagnosticRenderer(displayWidth: Console.width)
        for (path, text) in sources { renderer.addSource(text, path: path) }
        for diagnostic in diagnostics { stream(renderer.render(diagnostic)) }
    }

    /// Terminal columns of a string.
    static let width: @Sendable (Substring) -> Int = TerminalSafe.width

    /// Pads `text` with spaces to `columns` terminal columns.
    static func pad(_ text: String, _ columns: Int) -> String {
        let width = Console.width(Substring(text))
        return width >= columns ? text : text + String(repeating: " ", count: columns - width)
    }

    /// A table with columns aligned by display width (Chinese counts double); every cell on
    /// one line, its unsafe characters visible.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = ([header] + rows).map { $0.map { TerminalSafe.visible($0) } }
        let widths = header.indices.map { column in all.map { Console.width(Substring($0[column])) }.max() ?? 0 }
        return all.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : pad(cell, widths[column])
            }.joined(separator: "  ")
            return index == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    /// JSON text of an encodable value, keys sorted, dates ISO 8601 (UTC, `Z`), for tools.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { return "{}" }
        return TerminalSafe.jsonEscaped(String(decoding: data, as: UTF8.self))
    }
}
