import ScenarioKit
import TerminalSafety

/// A table of text cells: what the terminal and CSV renderers print.
public struct ReportTable: Sendable, Hashable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers) in the terminal.
    public var numericColumns: Set<Int>

    public init(title: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.numericColumns = numericColumns
    }

    /// The table for a terminal: columns aligned by display width (a Chinese character takes two
    /// columns), numbers to the right, a rule under the header.
    public func terminalText(width: (Substring) -> Int = TerminalSafe.width) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { column < $0.count ? width(Substring(ReportTable.oneLine($0[column]))) : 0 }.max() ?? 0
        }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for column in header.indices {
                let cell = column < row.count ? ReportTable.oneLine(row[column]) : ""
                let padding = String(repeating: " ", count: max(0, widths[column] - width(Substring(cell))))
                let last = column == header.count - 1
                if numericColumns.contains(column) {
                    cells.append(padding + cell)
                } else {
                    cells.append(last ? cell : cell + padding)
                }
            }
            return cells.joined(separator: "  ")
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        if rows.isEmpty { lines.append("(no sessions match)") }
        return lines.joined(separator: "\n")
    }

    /// The widest cell a terminal table shows, in columns; wider text ends in `…`.
    public static let maximumCellWidth = 120

    /// A cell on one line and safe for a terminal: control, bidi and invisible characters
    /// shown as visible tokens (a newline typed into a reply would break the alignment, an
    /// escape sequence would reach the terminal), cut to ``maximumCellWidth`` columns.
    static func oneLine(_ text: String) -> String {
        TerminalSafe.truncated(TerminalSafe.visible(text), toWidth: maximumCellWidth)
    }
}
