import TerminalSafety

/// Prints diagnostics the way compilers do, with the offending line and a caret under the column.
///
/// ```
/// Scenarios/zh-Hans/cold-call.yaml:14:11: error: [SC0006] reply jumps to unknown node 'clsoe'
///    14 |     next: clsoe
///       |           ^
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Measures the terminal columns a string takes (double-width characters count 2).
    public var displayWidth: @Sendable (Substring) -> Int
    /// The text of each file, by path, for the snippets.
    private var sources: [String: [Substring]] = [:]

    public init(displayWidth: @escaping @Sendable (Substring) -> Int = DiagnosticRenderer.approximateWidth) {
        self.displayWidth = displayWidth
    }

    /// Remembers the text of `path` so that its diagnostics show a snippet.
    public mutating func addSource(_ text: String, path: String) {
        sources[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var output = diagnostic.description
        let location = diagnostic.location
        guard let lines = sources[location.path], location.line >= 1, location.line <= lines.count else {
            return output
        }
        var line = lines[location.line - 1]
        if line.hasSuffix("\r") { line = line.dropLast() }
        // NB: the snippet is the author's text: escape sequences and bidi overrides in it are
        // shown as tokens (`\e`, `<U+202E>`), and the caret counts the tokens' width.
        let shown = TerminalSafe.visible(String(line.count > 200 ? line.prefix(200) + "…" : line))
        let number = String(location.line)
        let gutter = String(repeating: " ", count: max(number.count, 5))
        let prefix = line.unicodeScalars.prefix(max(0, location.column - 1))
        let caretColumn = displayWidth(Substring(TerminalSafe.visible(String(String.UnicodeScalarView(prefix)))))
        output += "\n" + String(repeating: " ", count: gutter.count - number.count) + number + " | " + shown
        output += "\n" + gutter + " | " + String(repeating: " ", count: min(caretColumn, 200)) + "^"
        return output
    }

    /// Columns taken by `text`, counting East Asian wide characters as 2; no locale needed.
    public static let approximateWidth: @Sendable (Substring) -> Int = { text in
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return width + 2
            case 0x0300...0x036F, 0x200B...0x200F:
                return width
            default:
                return width + (scalar.value < 0x20 ? 0 : 1)
            }
        }
    }
}
