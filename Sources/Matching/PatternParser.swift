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
        let characters = Array(source)
        guard characters.count <= maximumLength else {
            throw PatternError(message: "pattern is longer than \(maximumLength) characters", offset: maximumLength)
        }
        var parser = PatternParser()
        parser.tokens = try tokenize(characters)
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

    private static let operators: Set<Character> = ["|", "&", ">", "!", "(", ")", "@", "\"", "'"]

    private static func tokenize(_ characters: [Character]) throws(PatternError) -> [(token: Token, offset: Int)] {
        var tokens: [(token: Token, offset: Int)] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
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
                while j < characters.count, characters[j].isLetter || characters[j].isNumber || characters[j] == "-" || characters[j] == "_" || characters[j] == "." {
                    j += 1
                }
                guard j > i + 1 else { throw PatternError(message: "'@' must be followed by a lexicon name", offset: i) }
                tokens.append((.lexicon(String(characters[(i + 1)..<j])), i)); i = j; continue
            }
            if c == "\"" || c == "'" || c == "“" || c == "‘" {
                let close: Character = c == "“" ? "”" : (c == "‘" ? "’" : c)
                var j = i + 1
                while j < characters.count, characters[j] != close { j += 1 }
                guard j < characters.count else { throw PatternError(message: "quote is never closed", offset: i) }
                tokens.append((.quoted(String(characters[(i + 1)..<j])), i)); i = j + 1; continue
            }
            // A bare phrase: words separated by spaces, up to the next operator.
            let start = i
            var end = i
            while i < characters.count {
                let d = characters[i]
                if d.isWhitespace { i += 1; continue }
                if operators.contains(d) && !(d == "'" && i > start && characters[i - 1].isLetter) { break }
                if "｜＆＞！（）“‘".contains(d) { break }
                i += 1
                end = i
            }
            i = end
            let text = String(characters[start..<end])
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
