import ScenarioKit

/// A document's lines, converting between the linter's positions (1-based line, 1-based column
/// in Unicode scalars, as libyaml counts) and the protocol's (0-based line, UTF-16 offset).
///
/// ```swift
/// let lines = TextLines("next: 结束\n")
/// lines.position(line: 1, column: 7)   // Position(line: 0, character: 6)
/// ```
public struct TextLines: Sendable {
    /// The lines without their `\n` (a trailing `\r` kept, as libyaml counts it as a column).
    public let lines: [Substring]

    public init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of line `index` (0-based), empty past the end.
    public func line(_ index: Int) -> Substring {
        index >= 0 && index < lines.count ? lines[index] : ""
    }

    /// The protocol position of a 1-based line and scalar column; clamped to the document.
    public func position(line: Int, column: Int) -> Position {
        let index = max(0, line - 1)
        let text = self.line(index)
        var utf16 = 0
        var scalars = 0
        for scalar in text.unicodeScalars {
            if scalars >= column - 1 { break }
            utf16 += scalar.utf16.count
            scalars += 1
        }
        return Position(line: index, character: utf16)
    }

    /// The protocol position of a source location.
    public func position(_ location: SourceLocation) -> Position {
        position(line: location.line, column: location.column)
    }

    /// The 1-based scalar column of a protocol position on its line (a position inside a
    /// surrogate pair counts as the scalar's start).
    public func column(of position: Position) -> Int {
        var utf16 = 0
        var column = 1
        for scalar in line(position.line).unicodeScalars {
            if utf16 + scalar.utf16.count > position.character { break }
            utf16 += scalar.utf16.count
            column += 1
        }
        return column
    }

    /// The text of line `position.line` before `position`.
    public func prefix(before position: Position) -> String {
        let text = line(position.line)
        var utf16 = 0
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if utf16 + scalar.utf16.count > position.character { break }
            utf16 += scalar.utf16.count
            result.append(scalar)
        }
        return String(result)
    }

    /// The range of `length` scalars from a 1-based line and scalar column.
    public func range(line: Int, column: Int, length: Int) -> TextRange {
        TextRange(start: position(line: line, column: column), end: position(line: line, column: column + length))
    }

    /// The position just after the last character.
    public var end: Position {
        Position(line: max(0, lines.count - 1), character: lines.last.map { $0.utf16.count } ?? 0)
    }

    /// Whether `scalar` can be part of a name: an id, a rule id, a lexicon or a variable.
    public static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "_" || scalar == "."
    }

    /// The name at a 1-based line and scalar column, and its first column (0 length if none).
    public func word(line: Int, column: Int) -> (text: String, column: Int) {
        let scalars = Array(self.line(line - 1).unicodeScalars)
        var start = min(max(0, column - 1), scalars.count)
        var end = start
        while start > 0 && TextLines.isNameScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count && TextLines.isNameScalar(scalars[end]) { end += 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return (String(view), start + 1)
    }
}

extension TextLines {
    /// `text` with `range` (protocol positions) replaced by `replacement`; positions past the
    /// end are clamped to it.
    public static func replacing(_ range: TextRange, with replacement: String, in text: String) -> String {
        let lines = TextLines(text)
        let start = lines.offset(of: range.start, in: text)
        let end = max(start, lines.offset(of: range.end, in: text))
        let utf16 = text.utf16
        let startIndex = utf16.index(utf16.startIndex, offsetBy: start)
        let endIndex = utf16.index(utf16.startIndex, offsetBy: end)
        // NB: an index inside a surrogate pair is rounded down to the scalar's start.
        let lower = startIndex.samePosition(in: text.unicodeScalars) ?? text.unicodeScalars.index(before: startIndex)
        let upper = endIndex.samePosition(in: text.unicodeScalars) ?? text.unicodeScalars.index(before: endIndex)
        var scalars = text.unicodeScalars
        scalars.replaceSubrange(lower..<upper, with: replacement.unicodeScalars)
        return String(scalars)
    }

    /// The UTF-16 offset of a position in `text` (whose lines these are).
    func offset(of position: Position, in text: String) -> Int {
        var offset = 0
        for index in 0..<min(position.line, lines.count) {
            offset += lines[index].utf16.count + 1
        }
        if position.line >= lines.count { return text.utf16.count }
        return min(offset + min(max(0, position.character), lines[position.line].utf16.count), text.utf16.count)
    }
}
