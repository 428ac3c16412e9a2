import Foundation
import Matching

/// The company's training manual as text, to check that feedback quoting it quotes it verbatim.
///
/// Quotes and manual are compared after the matcher's normalisation: Traditional and Simplified
/// are one script, full-width and half-width forms one, and punctuation and white space do not
/// count (「是的、是的、可是……」 is found in 「是的,是的,可是」's manual sentence).
public struct ManualText: Sendable {
    /// Manuals larger than this are refused (a manual is a few hundred kilobytes at most).
    public static let maximumBytes = 16 << 20

    /// Where the manual was read from, as given.
    public let path: String
    private let folded: String

    /// A manual from its text.
    public init(text: String, path: String) {
        self.path = path
        folded = ManualText.fold(text)
    }

    /// Reads the manual at `path`; the error says why it cannot be used.
    public static func load(path: String) -> Result<ManualText, ManualError> {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) != .typeDirectory,
              let data = try? Data(contentsOf: url)
        else { return .failure(ManualError(path: path, reason: "cannot read the manual '\(path)'")) }
        guard data.count <= maximumBytes else {
            return .failure(ManualError(path: path, reason: "the manual '\(path)' is \(data.count) bytes; the limit is \(maximumBytes)"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(ManualError(path: path, reason: "the manual '\(path)' is not UTF-8 text"))
        }
        return .success(ManualText(text: text, path: path))
    }

    /// Whether `quote` (without its 「」) is in the manual, word for word.
    public func contains(_ quote: String) -> Bool {
        let words = ManualText.fold(quote)
        return !words.isEmpty && folded.contains(words)
    }

    /// The text as the matcher sees it, without the `?` units it keeps for questions.
    static func fold(_ text: String) -> String {
        NormalizedText(text).units.lazy.filter { $0.text != "?" }.map(\.text).joined()
    }
}

/// A manual that cannot be read.
public struct ManualError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { reason }
}

/// Finds quotes of the manual in feedback texts that the manual does not contain ([SC0024]).
///
/// Every span in 「」 (or 『』) of a text under a `feedback:` or `hint:` key, in a rulebook or a
/// scenario, is taken as the manual's words: trainees read it as such. A paraphrase is written
/// without 「」 ("the manual asks …", 手册要求……). A quote inside a quote (「…『…』…」) is part of
/// the outer one.
public enum ManualQuoteCheck {
    /// Keys whose texts are feedback a trainee reads as the manual's judgment.
    static let feedbackKeys: Set<String> = ["feedback", "hint"]

    /// Every quote of `text` (a YAML file at `path`) that `manual` does not contain.
    public static func check(text: String, path: String, manual: ManualText) -> [Diagnostic] {
        guard text.contains("「") || text.contains("『") else { return [] }
        let document = YAMLDocument.parse(text: text, path: path)
        guard let root = document.root else { return [] }
        var strings: [YAMLNode] = []
        collect(root, underFeedback: false, into: &strings)
        let source = SourceScalars(text)
        var diagnostics: [Diagnostic] = []
        for node in strings {
            guard let string = node.string else { continue }
            var searchFrom = source.offset(of: node.location)
            for quote in quotes(in: string) where !manual.contains(quote.inner) {
                var location = node.location
                if let found = source.find(quote.whole, from: searchFrom) {
                    location = source.location(of: found, path: path)
                    searchFrom = found + quote.whole.unicodeScalars.count
                }
                diagnostics.append(.error(.manualQuote, "quote not in the manual: \(quote.whole)", at: location))
            }
        }
        return diagnostics
    }

    /// The string scalars under feedback keys, in file order.
    static func collect(_ node: YAMLNode, underFeedback: Bool, into strings: inout [YAMLNode]) {
        switch node.value {
        case .scalar:
            if underFeedback { strings.append(node) }
        case let .list(items):
            for item in items { collect(item, underFeedback: underFeedback, into: &strings) }
        case let .map(pairs):
            for (key, value) in pairs {
                let isFeedback = underFeedback || key.string.map(feedbackKeys.contains) == true
                collect(value, underFeedback: isFeedback, into: &strings)
            }
        }
    }

    /// The outermost 「…」 and 『…』 spans of `text`: with their brackets, and without.
    /// An unclosed bracket quotes nothing.
    public static func quotes(in text: String) -> [(whole: String, inner: String)] {
        var result: [(whole: String, inner: String)] = []
        var opener: Character?
        var depth = 0
        var current = ""
        for character in text {
            if let open = opener {
                current.append(character)
                if character == open {
                    depth += 1
                } else if character == (open == "「" ? "」" : "』") {
                    depth -= 1
                    if depth == 0 {
                        let inner = String(current.dropFirst().dropLast())
                        if !inner.allSatisfy(\.isWhitespace) { result.append((current, inner)) }
                        opener = nil
                        current = ""
                    }
                }
            } else if character == "「" || character == "『" {
                opener = character
                depth = 1
                current = String(character)
            }
        }
        return result
    }
}

/// A file's text as Unicode scalars with line starts, to turn offsets into `line:col` (columns
/// counted in scalars, as libyaml counts them).
private struct SourceScalars {
    let scalars: [Unicode.Scalar]
    let lineStarts: [Int]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
        lineStarts = starts
    }

    func offset(of location: SourceLocation) -> Int {
        guard location.line >= 1, location.line <= lineStarts.count else { return 0 }
        return min(scalars.count, lineStarts[location.line - 1] + max(0, location.column - 1))
    }

    func location(of offset: Int, path: String) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(path: path, line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// The first offset at or after `start` where `needle` is written.
    func find(_ needle: String, from start: Int) -> Int? {
        let wanted = Array(needle.unicodeScalars)
        guard let first = wanted.first, start < scalars.count else { return nil }
        var index = start
        while index + wanted.count <= scalars.count {
            if scalars[index] == first, Array(scalars[index..<index + wanted.count]) == wanted { return index }
            index += 1
        }
        return nil
    }
}
