/// One problem found in a scenario or rulebook file.
///
/// Loading and validation never stop at the first problem: they return every diagnostic they
/// find, each with a code (see `Scenarios/README.md`, "Diagnostic codes") and a location.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public static func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, code, message, at: location)
    }

    public static func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location)
    }

    /// `path:line:col: error: [SC0006] message`
    public var description: String {
        "\(location): \(severity.rawValue): [\(code.rawValue)] \(message)"
    }
}

/// The stable codes of authoring diagnostics; each has a section in `Scenarios/README.md`.
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
    /// YAML syntax error.
    case yamlSyntax = "SC0001"
    /// A value of the wrong type.
    case wrongType = "SC0002"
    /// A required key is missing.
    case missingKey = "SC0003"
    /// A key that the format does not know.
    case unknownKey = "SC0004"
    /// An id or key used twice.
    case duplicate = "SC0005"
    /// `next` or `start` names no node or ending.
    case unknownTarget = "SC0006"
    /// `@name` names no lexicon.
    case unknownLexicon = "SC0007"
    /// A rule id that the manual's rule list does not have.
    case unknownRule = "SC0008"
    /// A reply pattern that does not parse.
    case patternSyntax = "SC0009"
    /// An expression that does not parse or has the wrong type.
    case expression = "SC0010"
    /// A state variable that is not declared, or set to a value of the wrong type.
    case undefinedVariable = "SC0011"
    /// A node that no path from `start` reaches.
    case unreachableNode = "SC0012"
    /// A node from which no ending can be reached.
    case noExit = "SC0013"
    /// An ending that nothing leads to.
    case unusedEnding = "SC0014"
    /// A value outside the allowed names or range.
    case invalidValue = "SC0015"
    /// A file that is not UTF-8 text.
    case notText = "SC0016"
    /// A file over the size limit.
    case tooLarge = "SC0017"
    /// A document nested too deep or expanding to too many nodes.
    case tooComplex = "SC0018"
    /// An empty file, or a document that is not a map.
    case emptyDocument = "SC0019"
    /// A golden test that cannot run as written.
    case invalidTest = "SC0020"
    /// A reply that can never be chosen.
    case deadReply = "SC0021"
    /// Text holds a control, bidi or invisible character (after YAML escapes are processed).
    case unsafeCharacter = "SC0022"
    /// A YAML tag outside the core schema (`!!binary`, `!custom`).
    case unsupportedTag = "SC0023"
    /// Feedback or a hint quotes in 「」 words that are not in the manual.
    case manualQuote = "SC0024"
    /// An `option:` text or an `examples:` entry that the engine does not take as its own reply.
    case notOwnReply = "SC0025"
    /// A reply whose pattern never decides: an earlier reply's pattern always wins over it.
    case shadowedReply = "SC0026"
    /// A customer answer naming a number, time, amount or name that the reply's pattern does not require.
    case unsaidClaim = "SC0027"
    /// A phase's rule judged at a node where it makes no sense (a switchboard), or switched off twice.
    case ruleScope = "SC0028"
    /// A curriculum's certification names an exam of a scenario the library does not have.
    case unknownScenario = "SC0029"
    /// A certification that cannot mean what it says: no exams, an exam listed twice, or a
    /// `min-score` below the pass mark an exam already needs.
    case certification = "SC0030"
    /// The rulebook's `learned:` model file cannot be read or is not a model `salessim learn` wrote.
    case learnedModel = "SC0031"
}
