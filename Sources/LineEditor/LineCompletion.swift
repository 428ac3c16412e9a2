/// Pure helpers shared by completion handlers and ``EditLineReader``'s Tab key.
public enum LineCompletion {
    /// The word being completed: the text after the last whitespace before the cursor.
    ///
    /// Whitespace includes U+3000 (the ideographic space Chinese input methods type).
    public static func wordBeforeCursor(_ lineBeforeCursor: String) -> Substring {
        let start = lineBeforeCursor.lastIndex(where: \.isWhitespace)
            .map { lineBeforeCursor.index(after: $0) } ?? lineBeforeCursor.startIndex
        return lineBeforeCursor[start...]
    }

    /// The longest common prefix of `words`, compared by Unicode scalar, as libedit counts
    /// characters. Empty when `words` is empty.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for word in words.dropFirst() {
            let shared = zip(prefix, word.unicodeScalars).prefix(while: { $0 == $1 }).count
            prefix.removeLast(prefix.count - shared)
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: prefix)
        return String(result)
    }

    /// What to do for Tab, given the current word and the handler's candidates.
    enum Action: Equatable {
        /// Delete `deleting` scalars before the cursor, then insert `text`.
        case insert(text: String, deleting: Int)
        /// Nothing to add: show these candidates.
        case list([String])
        /// No candidates.
        case none
    }

    /// One candidate: complete to it. Several: extend the word to their common prefix, or
    /// list them when that adds nothing.
    static func action(word: Substring, candidates: [String]) -> Action {
        var seen = Set<String>()
        let unique = candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !unique.isEmpty else { return .none }
        let target = unique.count == 1 ? unique[0] : commonPrefix(unique)
        let wordScalars = word.unicodeScalars
        if target.unicodeScalars.starts(with: wordScalars) {
            guard target.unicodeScalars.count > wordScalars.count else {
                return unique.count == 1 ? .none : .list(unique)
            }
            var rest = String.UnicodeScalarView()
            rest.append(contentsOf: target.unicodeScalars.dropFirst(wordScalars.count))
            return .insert(text: String(rest), deleting: 0)
        }
        // A lone candidate that does not extend the word (say, a Traditional-to-Simplified
        // match) replaces it; several such are listed.
        if unique.count == 1 {
            return .insert(text: target, deleting: wordScalars.count)
        }
        return .list(unique)
    }
}
