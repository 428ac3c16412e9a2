/// Escaping for HTML text and attribute values (also inside inline SVG).
///
/// Every value a trainee or a trainer typed goes through ``escape(_:)`` before it reaches a page:
/// names, replies, evidence, titles.
public enum HTML {
    /// `text` with `& < > " '` replaced by entities, safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default:
                // NB: control characters other than tab and newline have no place in a page.
                if character.value < 0x20 && character != "\t" && character != "\n" {
                    result += " "
                } else {
                    result.unicodeScalars.append(character)
                }
            }
        }
        return result
    }
}
