/// A mistake in a pattern, with the character offset where it was found.
public struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words a trainer understands.
    public var message: String
    /// Offset in characters from the start of the pattern (0-based).
    public var offset: Int

    public var description: String { message }
}

/// Parses the reply-pattern language.
///
/// Grammar, loosest first: `A | B` (either), `A & B` (both), `A > B` (A, later B), `!A` (not),
/// `( A )`, `@lexicon`, `"quoted phrase"`, and bare phrases. Bare words next to each other form
/// one phrase, so `thank you` means the same as `"thank you"`.
public struct PatternParser {
    /// Patterns longer than this are refused (they are certainly a mistake).
    public static let maximumLength = 1000
    /// Parentheses and `!` may nest this deep.
    public static let maximumDepth = 32

    private enum Token: Equatable {
        case word(String), quoted(String), lexicon(String)
        case or, and, then, not, open, close, end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var index = 0
    private var depth = 0

    /// Parses `source`, or throws the first error with its offset.
    public static func parse(_ source: String) throws(PatternError) -> Pattern {
        try parse(source, byScalars: true)
    }

    /// ``parse(_:)``, splitting `source` into characters even when its scalars would do (for
    /// tests: both ways give the same).
    static func parse(_ source: String, byScalars: Bool) throws(PatternError) -> Pattern {
        var parser = PatternParser()
        // NB: by scalars when every scalar is a character of its own (nearly every pattern):
        // splitting a pattern into characters was most of the time of parsing it, and parsing a
        // scenario's patterns is part of every visit's start. The tokens are the same either way.
        if byScalars, let scalars = standaloneScalars(source) {
            guard scalars.count <= maximumLength else {
                throw PatternError(message: "pattern is longer than \(maximumLength) characters", offset: maximumLength)
            }
            parser.tokens = try tokenize(scalars)
        } else {
            let characters = Array(source)
            guard characters.count <= maximumLength else {
                throw PatternError(message: "pattern is longer than \(maximumLength) characters", offset: maximumLength)
            }
            parser.tokens = try tokenize(characters)
        }
        let pattern = try parser.parseOr()
        if parser.current.token != .end {
            throw PatternError(message: "unexpected \(describe(parser.current.token))", offset: parser.current.offset)
        }
        return pattern
    }

    private var current: (token: Token, offset: Int) { tokens[index] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private mutating func parseOr() throws(PatternError) -> Pattern {
        var parts = [try parseAnd()]
        while current.token == .or {
            advance()
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : .anyOf(parts)
    }

    private mutating func parseAnd() throws(PatternError) -> Pattern {
        var parts = [try parseThen()]
        while current.token == .and {
            advance()
            parts.append(try parseThen())
        }
        return parts.count == 1 ? parts[0] : .allOf(parts)
    }

    private mutating func parseThen() throws(PatternError) -> Pattern {
        var result = try parseUnary()
        while current.token == .then {
            advance()
            result = .followedBy(result, try parseUnary())
        }
        return result
    }

    private mutating func parseUnary() throws(PatternError) -> Pattern {
        if current.token == .not {
            try enter()
            defer { depth -= 1 }
            advance()
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func enter() throws(PatternError) {
        depth += 1
        if depth > PatternParser.maximumDepth {
            throw PatternError(message: "pattern nests deeper than \(PatternParser.maximumDepth) levels", offset: current.offset)
        }
    }

    private mutating func parsePrimary() throws(PatternError) -> Pattern {
        let (token, offset) = current
        switch token {
        case .open:
            try enter()
            defer { depth -= 1 }
            advance()
            let inner = try parseOr()
            guard current.token == .close else {
                throw PatternError(message: "expected ')' to close the '(' at column \(offset + 1)", offset: current.offset)
            }
            advance()
            return inner
        case let .lexicon(name):
            advance()
            return .lexicon(LexiconName(name))
        case let .word(text), let .quoted(text):
            advance()
            guard let phrase = Phrase(text) else {
                throw PatternError(message: "phrase '\(text)' has nothing to match (only punctuation)", offset: offset)
            }
            return .phrase(phrase)
        default:
            throw PatternError(message: "expected a phrase, '@lexicon' or '(' but found \(PatternParser.describe(token))", offset: offset)
        }
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .end: return "the end of the pattern"
        case .or: return "'|'"
        case .and: return "'&'"
        case .then: return "'>'"
        case .not: return "'!'"
        case .open: return "'('"
        case .close: return "')'"
        case let .word(text), let .quoted(text): return "'\(text)'"
        case let .lexicon(name): return "'@\(name)'"
        }
    }

    /// `source`'s scalars when each is a character of its own (``CharacterClass/standsAlone(_:)``),
    /// so that offsets, comparisons and the text of tokens are the same by scalar as by character;
    /// else nil. (No scalar of those ranges is canonically equivalent to an operator or a quote.)
    static func standaloneScalars(_ source: String) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars {
            guard CharacterClass.standsAlone(scalar.value) else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }

    private static func isOperator(_ c: some PatternCharacter) -> Bool {
        c == "|" || c == "&" || c == ">" || c == "!" || c == "(" || c == ")" || c == "@" || c == "\"" || c == "'"
    }

    private static func isFullWidthOperator(_ c: some PatternCharacter) -> Bool {
        c == "｜" || c == "＆" || c == "＞" || c == "！" || c == "（" || c == "）" || c == "“" || c == "‘"
    }

    private static func tokenize<Unit: PatternCharacter>(_ characters: [Unit]) throws(PatternError) -> [(token: Token, offset: Int)] {
        var tokens: [(token: Token, offset: Int)] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isSpace { i += 1; continue }
            let single: Token? = switch c {
            case "|", "｜": .or
            case "&", "＆": .and
            case ">", "＞": .then
            case "!", "！": .not
            case "(", "（": .open
            case ")", "）": .close
            default: nil
            }
            if let single {
                tokens.append((single, i)); i += 1; continue
            }
            if c == "@" {
                var j = i + 1
                while j < characters.count, characters[j].isLetterCharacter || characters[j].isNumberCharacter || characters[j] == "-" || characters[j] == "_" || characters[j] == "." {
                    j += 1
                }
                guard j > i + 1 else { throw PatternError(message: "'@' must be followed by a lexicon name", offset: i) }
                tokens.append((.lexicon(Unit.text(characters[(i + 1)..<j])), i)); i = j; continue
            }
            if c == "\"" || c == "'" || c == "“" || c == "‘" {
                let close: Unit = c == "“" ? "”" : (c == "‘" ? "’" : c)
                var j = i + 1
                while j < characters.count, characters[j] != close { j += 1 }
                guard j < characters.count else { throw PatternError(message: "quote is never closed", offset: i) }
                tokens.append((.quoted(Unit.text(characters[(i + 1)..<j])), i)); i = j + 1; continue
            }
            // A bare phrase: words separated by spaces, up to the next operator.
            let start = i
            var end = i
            while i < characters.count {
                let d = characters[i]
                if d.isSpace { i += 1; continue }
                if isOperator(d) && !(d == "'" && i > start && characters[i - 1].isLetterCharacter) { break }
                if isFullWidthOperator(d) { break }
                i += 1
                end = i
            }
            i = end
            let text = Unit.text(characters[start..<end])
            if let last = tokens.last, case let .word(previous) = last.token {
                tokens[tokens.count - 1] = (.word(previous + " " + text), last.offset)
            } else {
                tokens.append((.word(text), start))
            }
        }
        tokens.append((.end, characters.count))
        return tokens
    }
}

/// What the tokenizer asks of a pattern's characters: `Character`, or `Unicode.Scalar` for a
/// pattern whose scalars are characters of their own (``PatternParser/standaloneScalars(_:)``).
protocol PatternCharacter: Equatable, ExpressibleByUnicodeScalarLiteral {
    var isSpace: Bool { get }
    var isLetterCharacter: Bool { get }
    var isNumberCharacter: Bool { get }
    /// The characters as a string.
    static func text(_ units: ArraySlice<Self>) -> String
}

extension Character: PatternCharacter {
    var isSpace: Bool { isWhitespace }
    var isLetterCharacter: Bool { isLetter }
    var isNumberCharacter: Bool { isNumber }
    static func text(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension Unicode.Scalar: PatternCharacter {
    // NB: ASCII answered here (White_Space, Alphabetic and a numeric type in ASCII are exactly
    // these); others as the one-scalar Character answers, so both ways agree by construction.
    var isSpace: Bool { value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : Character(self).isWhitespace }
    var isLetterCharacter: Bool { value < 0x80 ? (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) : Character(self).isLetter }
    var isNumberCharacter: Bool { value < 0x80 ? (0x30...0x39).contains(value) : Character(self).isNumber }
    static func text(_ units: ArraySlice<Unicode.Scalar>) -> String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: units)
        return String(text)
    }
}
