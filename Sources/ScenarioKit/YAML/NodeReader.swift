/// Typed reading of a ``YAMLNode`` tree that records a diagnostic for every mismatch and goes on.
///
/// Each accessor returns nil (and records why) instead of throwing, so that one wrong value does
/// not hide the problems after it, and one missing map does not cascade into many errors.
public final class NodeReader {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(.error(code, message, at: location))
    }

    public func warning(_ code: DiagnosticCode, _ message: String, at location: SourceLocation) {
        diagnostics.append(.warning(code, message, at: location))
    }

    /// The keys of a map, checked against the allowed and required ones.
    ///
    /// Unknown keys get SC0004 with the closest allowed key suggested; missing required keys
    /// get SC0003 at the map. Returns nil (with SC0002) when `node` is not a map.
    public func map(_ node: YAMLNode, _ what: String, allowed: [String], required: [String] = []) -> [String: YAMLNode]? {
        guard let pairs = node.pairs else {
            error(.wrongType, "\(what) must be a map of keys and values, not \(node.kindDescription)", at: node.location)
            return nil
        }
        var result: [String: YAMLNode] = [:]
        for (key, value) in pairs {
            guard let name = key.string else {
                error(.wrongType, "keys in \(what) must be names, not \(key.kindDescription)", at: key.location)
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else {
                var message = "unknown key '\(name)' in \(what)"
                if let suggestion = Spelling.closest(to: name, in: allowed) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += " (allowed: \(allowed.joined(separator: ", ")))"
                    if key.location.line == node.location.line && value.isNull {
                        message += "; inside { } a comma separates entries, so text containing ',' must be in quotes"
                    }
                }
                error(.unknownKey, message, at: key.location)
            }
        }
        for key in required where result[key] == nil {
            error(.missingKey, "\(what) is missing the required key '\(key)'", at: node.location)
        }
        return result
    }

    /// The pairs of a map whose keys are ids chosen by the author (nodes, endings, state).
    public func entries(_ node: YAMLNode, _ what: String) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)] {
        guard let pairs = node.pairs else {
            error(.wrongType, "\(what) must be a map, not \(node.kindDescription)", at: node.location)
            return []
        }
        return pairs.compactMap { key, value in
            guard let name = key.string, !key.isNull else {
                error(.wrongType, "names in \(what) must be text, not \(key.kindDescription)", at: key.location)
                return nil
            }
            return (name, key, value)
        }
    }

    public func string(_ node: YAMLNode?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let text = node.string, !node.isNull else {
            error(.wrongType, "\(what) must be text, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return text
    }

    public func int(_ node: YAMLNode?, _ what: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let node else { return nil }
        guard let value = node.int else {
            error(.wrongType, "\(what) must be a whole number, not \(node.kindDescription)", at: node.location)
            return nil
        }
        if let range, !range.contains(value) {
            error(.invalidValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node.location)
            return nil
        }
        return value
    }

    public func bool(_ node: YAMLNode?, _ what: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else {
            error(.wrongType, "\(what) must be true or false, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return value
    }

    /// One text or a list of texts (customer line variants, lexicon phrases).
    public func strings(_ node: YAMLNode?, _ what: String) -> [String]? {
        guard let node else { return nil }
        if let items = node.items {
            return items.compactMap { string($0, "each entry of \(what)") }
        }
        return string(node, what).map { [$0] }
    }

    /// A list (a single value is not accepted).
    public func list(_ node: YAMLNode?, _ what: String) -> [YAMLNode]? {
        guard let node else { return nil }
        guard let items = node.items else {
            error(.wrongType, "\(what) must be a list, not \(node.kindDescription)", at: node.location)
            return nil
        }
        return items
    }

    /// One of a fixed set of names.
    public func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, _ what: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let node, let text = string(node, what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        var message = "\(what) '\(text)' is not one of: \(names.joined(separator: ", "))"
        if let suggestion = Spelling.closest(to: text, in: names) { message += "; did you mean '\(suggestion)'?" }
        error(.invalidValue, message, at: node.location)
        return nil
    }

    /// One name or a list of names of a fixed set.
    public func choices<T: RawRepresentable & CaseIterable & Hashable>(_ node: YAMLNode?, _ what: String, as type: T.Type) -> Set<T>? where T.RawValue == String {
        guard let node else { return nil }
        let items = node.items ?? [node]
        return Set(items.compactMap { choice($0, what, as: type) })
    }
}

/// "Did you mean" suggestions by edit distance.
public enum Spelling {
    /// How many suggestions one file gets (see ``Budget``): each costs a pass over the candidates,
    /// so a hostile file with thousands of unknown names must not cost thousands of passes.
    public static let maximumSuggestionsPerFile = 50

    /// Suggestions for one file: the first ``maximumSuggestionsPerFile`` lookups get one, later
    /// ones none (their messages still name the unknown word).
    public struct Budget {
        public private(set) var remaining = Spelling.maximumSuggestionsPerFile

        public init() {}

        public mutating func closest(to word: String, in candidates: @autoclosure () -> [String]) -> String? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            return Spelling.closest(to: word, in: candidates())
        }
    }

    /// The candidate closest to `word`, when it is close enough to be a likely typo (the first
    /// one on a tie).
    ///
    /// Linear in the candidates' total length: a candidate whose length differs by more than the
    /// limit is skipped, and a distance is computed only near the diagonal and given up as soon as
    /// it exceeds the limit.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        let a = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            // Only a candidate strictly closer than the best so far counts.
            let bound = min(limit, (best?.1 ?? .max) - 1)
            guard bound >= 0 else { break }
            let b = Array(candidate.lowercased())
            if let distance = editDistance(a, b, atMost: bound) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The edit distance of `a` and `b` when it is at most `bound`, else nil. Only the cells
    /// within `bound` of the diagonal are computed (the others exceed it), and the computation
    /// stops as soon as a whole row exceeds it: O(length × bound).
    static func editDistance(_ a: [Character], _ b: [Character], atMost bound: Int) -> Int? {
        guard bound >= 0, abs(a.count - b.count) <= bound else { return nil }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let over = bound + 1  // any value above the bound
        var previous = [Int](repeating: over, count: b.count + 1)
        for j in 0...min(b.count, bound) { previous[j] = j }
        var current = [Int](repeating: over, count: b.count + 1)
        for i in 1...a.count {
            let low = max(1, i - bound), high = min(b.count, i + bound)
            current[0] = i <= bound ? i : over
            current[low - 1] = low == 1 ? current[0] : over
            var rowMinimum = current[low - 1]
            for j in low...high {
                let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                current[j] = min(value, over)
                rowMinimum = min(rowMinimum, current[j])
            }
            if high < b.count { current[high + 1] = over }
            if rowMinimum > bound { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }
}
