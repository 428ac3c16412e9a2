import FuzzSupport
import ScenarioKit

/// The first line is an expression; the bytes after it give the state. Parse, type-check with a
/// few declared variables, evaluate; a well-typed expression must give a value of its type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let newline = buffer.firstIndex(of: 0x0A) ?? size
    let source = String(decoding: buffer[..<newline], as: UTF8.self)
    var stateBytes = FuzzBytes(Array(buffer[min(newline + 1, size)...]))

    let expression: Expression
    do {
        expression = try ExpressionParser.parse(source)
    } catch {
        FuzzSupport.require(error.offset >= 0 && error.offset <= source.count,
                            "expression error offset \(error.offset) outside the expression (\(source.count) characters)")
        FuzzSupport.require(!error.message.isEmpty, "expression error without a message")
        return 0
    }
    let declared: [String: ValueType] = [
        "patience": .int, "trust": .int, "price": .int, "x": .int, "a": .int,
        "has-contract": .bool, "interested": .bool, "b": .bool, "met_boss": .bool,
    ]
    var state: [String: StateValue] = [:]
    for name in declared.keys.sorted() {
        switch declared[name]! {
        case .int:
            // Small numbers mostly, the extremes sometimes.
            let selector = stateBytes.byte()
            state[name] = .int(selector < 200 ? Int(Int8(truncatingIfNeeded: stateBytes.byte())) : stateBytes.int())
        case .bool:
            state[name] = .bool(stateBytes.byte() & 1 == 1)
        }
    }
    for (name, offset) in expression.variables {
        FuzzSupport.require(offset >= 0 && offset < max(source.count, 1), "variable '\(name)' at offset \(offset) outside the source")
    }
    if let type = try? expression.type(in: declared) {
        let value = expression.evaluate(in: state)
        FuzzSupport.require(value.type == type, "'\(source)' checks as \(type) but gives \(value)")
    } else {
        // Ill-typed or unknown variables: still total, never a trap.
        _ = expression.evaluate(in: state)
    }
    _ = expression.evaluate(in: [:])
    return 0
}
