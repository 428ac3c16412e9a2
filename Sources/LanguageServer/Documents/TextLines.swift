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
}

extension TextLines {
    /// `text` with `range` (protocol positions) replaced by `replacement`; positions past the
    /// end are clamped to it, and one inside a surrogate pair is taken as the pair's start.
    public static func replacing(_ range: TextRange, with replacement: String, in text: String) -> String {
        let lines = TextLines(text)
        let start = lines.offset(of: range.start, in: text)
        let end = max(start, lines.offset(of: range.end, in: text))
        var scalars = Array(text.unicodeScalars)
        func index(ofUTF16 offset: Int) -> Int {
            var utf16 = 0
            for (index, scalar) in scalars.enumerated() {
                if utf16 + scalar.utf16.count > offset { return index }
                utf16 += scalar.utf16.count
            }
            return scalars.count
        }
        let lower = index(ofUTF16: start)
        let upper = max(lower, index(ofUTF16: end))
        scalars.replaceSubrange(lower..<upper, with: Array(replacement.unicodeScalars))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The UTF-16 offset of a position in `text` (whose lines these are).
    func offset(of position: Position, in text: String) -> Int {
        let line = max(0, position.line)
        if line >= lines.count { return text.utf16.count }
        var offset = 0
        for index in 0..<line {
            offset += lines[index].utf16.count + 1
        }
        return min(offset + min(max(0, position.character), lines[line].utf16.count), text.utf16.count)
    }
}
