/// A place in a data file: path, 1-based line and 1-based column (counted in Unicode scalars,
/// as libyaml counts them).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// This location moved right by `columns` on the same line.
    public func advanced(by columns: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column + columns)
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}
