/// Text variables in what the customer says, narration, hints and endings: `{trainee}` (the
/// trainee's name), `{customer}` (the customer's name), and `{NAME}` for a state variable's value
/// at that moment (`{patience}`). `{reply}` stands for the closest reply's words in `clarify:`.
///
/// A name in braces must be one of those (lint checks it, SC0011); text in braces that is not a
/// name (`{笑}`, `{ }`) is left as it is.
public enum TextTemplate {
    /// The names the engine always knows.
    public static let builtIn = ["trainee", "customer"]

    /// Each `{name}` in `text`, in order.
    public static func names(in text: String) -> [String] {
        // NB: most texts name nothing; their bytes are cheaper to scan than their characters.
        guard text.utf8.contains(UInt8(ascii: "{")) else { return [] }
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if isName(name) { names.append(String(name)) }
            rest = after[close...].dropFirst()
        }
        return names
    }

    /// `text` with every `{name}` that `value` knows replaced; the others left as written.
    public static func render(_ text: String, value: (String) -> String?) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                result += rest[open...]
                return result
            }
            let name = after[..<close]
            if isName(name), let replacement = value(String(name)) {
                result += replacement
            } else {
                result += rest[open...close]
            }
            rest = after[close...].dropFirst()
        }
        return result + rest
    }

    /// A variable name: a lower-case letter, then letters, digits, '-' or '_'.
    static func isName(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
