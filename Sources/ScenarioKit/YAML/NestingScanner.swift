/// Estimates how deep a YAML text nests, before the recursive parser sees it.
///
/// Yams composes documents recursively, so a hostile file such as 100,000 `[` or `- - - - …`
/// would exhaust the stack. This scan is linear and conservative: it counts open flow brackets
/// (outside quotes and comments), block indentation levels and compact `- ` entries per line.
enum NestingScanner {
    /// The line and column where nesting first exceeds `limit`, or nil.
    static func firstTooDeep(in text: String, limit: Int) -> (line: Int, column: Int)? {
        var indents: [Int] = []
        var flowDepth = 0
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = Array(line.unicodeScalars)
            var column = 0
            while column < scalars.count, scalars[column] == " " { column += 1 }
            if column == scalars.count || scalars[column] == "#" { continue }
            if flowDepth == 0 {
                while let last = indents.last, last >= column { indents.removeLast() }
                indents.append(column)
            }
            var depth = indents.count
            var quote: Unicode.Scalar?
            var leading = true
            var index = column
            while index < scalars.count {
                let c = scalars[index]
                if let open = quote {
                    if c == open { quote = nil }
                } else if c == "\"" || c == "'" {
                    if index == 0 || [" ", "[", "{", ",", ":"].contains(scalars[index - 1]) { quote = c }
                } else if c == "#" && (index == 0 || scalars[index - 1] == " ") {
                    break
                } else if c == "[" || c == "{" {
                    flowDepth += 1
                } else if c == "]" || c == "}" {
                    flowDepth = max(0, flowDepth - 1)
                } else if leading && (c == "-" || c == "?") && index + 1 < scalars.count && scalars[index + 1] == " " && flowDepth == 0 {
                    depth += 1
                } else if c != " " {
                    leading = false
                }
                if depth + flowDepth > limit {
                    return (lineNumber, index + 1)
                }
                index += 1
            }
        }
        return nil
    }
}
