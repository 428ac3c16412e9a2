/// A value of a scenario's state: a whole number or a truth value.
public enum StateValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case bool(Bool)

    public var type: ValueType {
        switch self {
        case .int: return .int
        case .bool: return .bool
        }
    }

    public var description: String {
        switch self {
        case let .int(value): return String(value)
        case let .bool(value): return String(value)
        }
    }
}

/// The two types of the expression language.
public enum ValueType: String, Sendable, Hashable {
    case int = "a number"
    case bool = "true/false"
}

/// A condition or computed value over the scenario's state.
///
/// The language is total: no loops, no calls, no errors at run time. Arithmetic wraps, and
/// division or remainder by zero gives 0. Type checking (``type(in:)``) happens when a scenario
/// is loaded, so a running session never meets an ill-typed expression.
public indirect enum Expression: Sendable, Hashable {
    public enum UnaryOperator: String, Sendable { case not = "not", negate = "-" }
    public enum BinaryOperator: String, Sendable {
        case or, and, equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    }

    case literal(StateValue)
    /// A state variable, with its character offset in the source for messages.
    case variable(String, offset: Int)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)

    /// The variables this expression reads, with their offsets.
    public var variables: [(name: String, offset: Int)] {
        switch self {
        case .literal: return []
        case let .variable(name, offset): return [(name, offset)]
        case let .unary(_, operand): return operand.variables
        case let .binary(_, left, right): return left.variables + right.variables
        }
    }

    /// The whole numbers a scenario may write: state variables' starting values, `set`
    /// amounts (`patience: -1`) and numbers in expressions (SC0015 outside it). Sums made
    /// while playing may leave it; they stop at `Int.min` and `Int.max` instead of wrapping.
    public static let numberRange = -1_000_000_000...1_000_000_000

    /// The value of the expression in `state`. Unknown variables read as 0 (lint rejects them).
    public func evaluate(in state: [String: StateValue]) -> StateValue {
        switch self {
        case let .literal(value):
            return value
        case let .variable(name, _):
            return state[name] ?? .int(0)
        case let .unary(op, operand):
            let value = operand.evaluate(in: state)
            switch (op, value) {
            case let (.not, .bool(b)): return .bool(!b)
            case let (.negate, .int(i)): return .int(Int(0).saturatingSubtracting(i))
            case let (.not, .int(i)): return .bool(i == 0)
            case let (.negate, .bool(b)): return .bool(!b)
            }
        case let .binary(op, left, right):
            let a = left.evaluate(in: state)
            switch op {
            case .and:
                guard a.truth else { return .bool(false) }
                return .bool(right.evaluate(in: state).truth)
            case .or:
                if a.truth { return .bool(true) }
                return .bool(right.evaluate(in: state).truth)
            default: break
            }
            let b = right.evaluate(in: state)
            switch op {
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: break
            }
            let x = a.number, y = b.number
            switch op {
            case .less: return .bool(x < y)
            case .lessOrEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterOrEqual: return .bool(x >= y)
            case .add: return .int(x.saturatingAdding(y))
            case .subtract: return .int(x.saturatingSubtracting(y))
            case .multiply: return .int(x.saturatingMultiplied(by: y))
            case .divide: return .int(y == 0 || (x == .min && y == -1) ? 0 : x / y)
            case .remainder: return .int(y == 0 || (x == .min && y == -1) ? 0 : x % y)
            case .and, .or, .equal, .notEqual: return .bool(false)
            }
        }
    }

    /// The type of the expression given the declared variables, or the first type error.
    public func type(in declared: [String: ValueType]) throws(ExpressionError) -> ValueType {
        switch self {
        case let .literal(value):
            return value.type
        case let .variable(name, offset):
            guard let type = declared[name] else {
                throw ExpressionError(message: "'\(name)' is not a state variable", offset: offset, isUndefinedVariable: true)
            }
            return type
        case let .unary(op, operand):
            let type = try operand.type(in: declared)
            let wanted: ValueType = op == .not ? .bool : .int
            guard type == wanted else {
                throw ExpressionError(message: "'\(op.rawValue)' needs \(wanted.rawValue), not \(type.rawValue)", offset: 0)
            }
            return wanted
        case let .binary(op, left, right):
            let a = try left.type(in: declared), b = try right.type(in: declared)
            switch op {
            case .and, .or:
                guard a == .bool, b == .bool else {
                    throw ExpressionError(message: "'\(op.rawValue)' joins true/false conditions, not numbers", offset: 0)
                }
                return .bool
            case .equal, .notEqual:
                guard a == b else {
                    throw ExpressionError(message: "cannot compare \(a.rawValue) with \(b.rawValue)", offset: 0)
                }
                return .bool
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard a == .int, b == .int else {
                    throw ExpressionError(message: "'\(op.rawValue)' compares numbers, not true/false", offset: 0)
                }
                return .bool
            case .add, .subtract, .multiply, .divide, .remainder:
                guard a == .int, b == .int else {
                    throw ExpressionError(message: "'\(op.rawValue)' works on numbers, not true/false", offset: 0)
                }
                return .int
            }
        }
    }
}

extension StateValue {
    var truth: Bool {
        switch self {
        case let .bool(b): return b
        case let .int(i): return i != 0
        }
    }

    var number: Int {
        switch self {
        case let .int(i): return i
        case let .bool(b): return b ? 1 : 0
        }
    }
}

/// A mistake in an expression, with the character offset where it was found.
public struct ExpressionError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
    public var isUndefinedVariable = false
}

/// Arithmetic on state that stops at the ends of `Int` instead of wrapping: a patience that
/// keeps growing stays at its largest value and never turns negative.
extension Int {
    public func saturatingAdding(_ other: Int) -> Int {
        let (value, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : value
    }

    public func saturatingSubtracting(_ other: Int) -> Int {
        let (value, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : value
    }

    public func saturatingMultiplied(by other: Int) -> Int {
        let (value, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : value
    }
}
