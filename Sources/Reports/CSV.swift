import Foundation
import TerminalSafety

/// CSV that opens correctly in Excel, Chinese text included: UTF-8 with a byte-order mark, CRLF
/// line ends, RFC 4180 quoting.
///
/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be taken by a
/// spreadsheet as a formula (`=HYPERLINK(...)` typed as a trainee's name), so it is neutralised
/// with a leading apostrophe, as OWASP recommends.
public enum CSV {
    /// The byte-order mark Excel needs to read UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// The whole file: BOM, header, rows.
    public static func document(_ table: ReportTable) -> Data {
        var text = byteOrderMark
        for row in [table.header] + table.rows {
            text += row.map(cell).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// One cell, neutralised and quoted as needed; control, bidi and invisible characters
    /// (a trainee name with `ESC [ 2 J` in it) are written as visible tokens (`\e`,
    /// `<U+202E>`), line feeds and tabs kept, so that `cat report.csv` is as safe as a spreadsheet.
    public static func cell(_ value: String) -> String {
        let formula = value.unicodeScalars.first.map { ["=", "+", "-", "@", "\t", "\r"].contains($0) } ?? false
        var value = TerminalSafe.visible(value, keepingLineBreaks: true)
        if formula { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
