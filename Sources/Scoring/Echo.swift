import Foundation
import Matching

/// The customer's last line as the scorer compares a reply with it (its units' keys), normalised
/// the first time a rule asks and then kept for the reply's other rules.
struct Echo {
    private let customerLine: String?
    private let cache: EchoCache?
    private var keys: [UnitKey]??
    /// Whether each span asked about is echoed (the reply's rules often share their spans). NB: a
    /// list searched in order, not a dictionary: a reply's rules ask about a handful of spans,
    /// and hashing each (seeded) cost more than comparing them.
    private var echoed: [(span: Range<Int>, isEchoed: Bool)] = []

    init(customerLine: String?, cache: EchoCache? = nil) {
        self.customerLine = customerLine
        self.cache = cache
    }

    /// The line's units' keys, or nil when there is no customer line.
    mutating func lineKeys() -> [UnitKey]? {
        if let keys { return keys }
        let value = customerLine.map { line in cache?.keys(of: line) ?? Echo.keys(of: line) }
        keys = .some(value)
        return value
    }

    /// Whether the words of `span` of `text` stand in what the customer said (see ``Scorer/isEchoed(_:of:in:)``).
    mutating func echoes(_ span: Range<Int>, of text: NormalizedText) -> Bool {
        if let known = echoed.first(where: { $0.span == span }) { return known.isEchoed }
        guard let line = lineKeys() else { return false }
        let answer = Scorer.isEchoed(span, of: text, in: line)
        echoed.append((span, answer))
        return answer
    }

    static func keys(of line: String) -> [UnitKey] {
        NormalizedText(line).keys
    }
}

/// The last customer line's keys for ``Echo``: a visit answers the same line on several turns,
/// and many sessions share one scorer, so it is kept (behind a lock) rather than made each reply.
final class EchoCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (line: String, keys: [UnitKey])?

    func keys(of line: String) -> [UnitKey] {
        lock.lock()
        if let last, last.line == line {
            lock.unlock()
            return last.keys
        }
        lock.unlock()
        let keys = Echo.keys(of: line)
        lock.lock()
        last = (line, keys)
        lock.unlock()
        return keys
    }
}
