/// A place in a text document: 0-based line and 0-based character offset in UTF-16 code units,
/// as the Language Server Protocol counts them.
public struct Position: Codable, Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (a: Position, b: Position) -> Bool {
        (a.line, a.character) < (b.line, b.character)
    }
}

/// A span of a text document, `end` exclusive.
public struct TextRange: Codable, Hashable, Sendable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    /// Whether `position` is inside, the end included (a cursor right after a word is on it).
    public func contains(_ position: Position) -> Bool {
        start <= position && position <= end
    }
}

/// A range in a document named by its URI.
public struct Location: Codable, Hashable, Sendable {
    public var uri: String
    public var range: TextRange

    public init(uri: String, range: TextRange) {
        self.uri = uri
        self.range = range
    }
}

/// A replacement of a range by new text.
public struct TextEdit: Codable, Hashable, Sendable {
    public var range: TextRange
    public var newText: String

    public init(range: TextRange, newText: String) {
        self.range = range
        self.newText = newText
    }
}

/// Edits to several documents, by URI.
public struct WorkspaceEdit: Codable, Hashable, Sendable {
    public var changes: [String: [TextEdit]]

    public init(changes: [String: [TextEdit]]) {
        self.changes = changes
    }
}

/// A document named by its URI.
public struct TextDocumentIdentifier: Codable, Hashable, Sendable {
    public var uri: String
}
