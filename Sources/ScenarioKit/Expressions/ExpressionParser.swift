/// Parses the expression language of `if:`, `when:` and computed `set:` values.
///
/// Loosest first: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons (`== != < <= > >=`), `+ -`,
/// `* / %`, unary `-`, parentheses, integers, `true`, `false`, variable names. A `-` between
/// letters is part of a name (`has-contract`), so subtraction of variables needs spaces.
public struct ExpressionParser {
    public static let maximumLength = 1000
    static let maximumDepth = 32

    private enum Token: Equatable {
        case number(Int), name(String), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var index = 0
    private var depth = 0

    public static func parse(_ source: String) throws(ExpressionError) -> Expression {
        let characters = Array(source)
        guard characters.count <= maximumLength else {
            throw ExpressionError(message: "expression is longer than \(maximumLength) characters", offset: 0)
        }
        var parser = ExpressionParser()
        parser.tokens = try tokenize(characters)
        let expression = try parser.parseOr()
        guard parser.current.token == .end else {
            throw ExpressionError(message: "unexpected \(describe(parser.current.token))", offset: parser.current.offset)
        }
        return expression
    }

    private var current: (token: Token, offset: Int) { tokens[index] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private mutating func accept(_ symbols: String...) -> String? {
        if case let .symbol(s) = current.token, symbols.contains(s) { advance(); return s }
        if case let .name(n) = current.token, symbols.contains(n) { advance(); return n }
        return nil
    }

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        while accept("or", "||") != nil { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        while accept("and", "&&") != nil { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        if accept("not", "!") != nil {
            try enter()
            defer { depth -= 1 }
            return .unary(.not, try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        let table: [String: Expression.BinaryOperator] = ["==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual, "=": .equal]
        if case let .symbol(s) = current.token, let op = table[s] {
            advance()
            return .binary(op, left, try parseSum())
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var left = try parseProduct()
        while let s = accept("+", "-") { left = .binary(s == "+" ? .add : .subtract, left, try parseProduct()) }
        return left
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while let s = accept("*", "/", "%") {
            left = .binary(s == "*" ? .multiply : (s == "/" ? .divide : .remainder), left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        if accept("-") != nil {
            try enter()
            defer { depth -= 1 }
            return .unary(.negate, try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func enter() throws(ExpressionError) {
        depth += 1
        if depth > ExpressionParser.maximumDepth {
            throw ExpressionError(message: "expression nests deeper than \(ExpressionParser.maximumDepth) levels", offset: current.offset)
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let (token, offset) = current
        switch token {
        case let .number(n):
            guard Expression.numberRange.contains(n) else {
                throw ExpressionError(message: "number \(n) is outside the allowed range \(Expression.numberRange.lowerBound)…\(Expression.numberRange.upperBound)", offset: offset)
            }
            advance(); return .literal(.int(n))
        case .name("true"):
            advance(); return .literal(.bool(true))
        case .name("false"):
            advance(); return .literal(.bool(false))
        case let .name(name) where !["and", "or", "not"].contains(name):
            advance(); return .variable(name, offset: offset)
        case .symbol("("):
            try enter()
            defer { depth -= 1 }
            advance()
            let inner = try parseOr()
            guard accept(")") != nil else {
                throw ExpressionError(message: "expected ')' to close the '(' at column \(offset + 1)", offset: current.offset)
            }
            return inner
        default:
            throw ExpressionError(message: "expected a number, a variable, true, false or '(' but found \(ExpressionParser.describe(token))", offset: offset)
        }
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .end: return "the end of the expression"
        case let .number(n): return "'\(n)'"
        case let .name(n): return "'\(n)'"
        case let .symbol(s): return "'\(s)'"
        }
    }

    private static func tokenize(_ c: [Character]) throws(ExpressionError) -> [(token: Token, offset: Int)] {
        var tokens: [(token: Token, offset: Int)] = []
        var i = 0
        func isNameStart(_ ch: Character) -> Bool { ch.isLetter || ch == "_" }
        func isNamePart(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || ch == "_" }
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if let digit = ch.wholeNumberValue, ch.isASCII {
                var value = digit
                var j = i + 1
                while j < c.count, let d = c[j].wholeNumberValue, c[j].isASCII {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(d)
                    if o1 || o2 { throw ExpressionError(message: "number is too large", offset: i) }
                    value = s
                    j += 1
                }
                tokens.append((.number(value), i)); i = j; continue
            }
            if isNameStart(ch) {
                var j = i + 1
                while j < c.count {
                    if isNamePart(c[j]) { j += 1; continue }
                    // A '-' joins two name parts: has-contract.
                    if c[j] == "-", j + 1 < c.count, isNamePart(c[j + 1]), c[j - 1] != " " { j += 1; continue }
                    break
                }
                tokens.append((.name(String(c[i..<j])), i)); i = j; continue
            }
            let two = i + 1 < c.count ? String(c[i...i + 1]) : ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
                tokens.append((.symbol(two), i)); i += 2; continue
            }
            if "()+-*/%<>!=".contains(ch) {
                tokens.append((.symbol(String(ch)), i)); i += 1; continue
            }
            throw ExpressionError(message: "unexpected character '\(ch)'", offset: i)
        }
        tokens.append((.end, c.count))
        return tokens
    }
}
