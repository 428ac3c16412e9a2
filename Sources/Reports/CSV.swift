import Foundation

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

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
