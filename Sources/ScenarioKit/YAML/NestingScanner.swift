/// Estimates how deep a YAML text nests, before the recursive parser sees it.
///
/// Yams composes documents recursively, so a hostile file such as 100,000 `[` or `- - - - …`
/// would exhaust the stack. This scan is linear and conservative: it counts open flow brackets
/// (outside quotes and comments), block indentation levels and compact `- ` entries per line.
enum NestingScanner {
    /// The line and column where nesting first exceeds `limit`, or nil.
    ///
    /// Walks the UTF-8 bytes: every character the scan looks at is ASCII, and a byte of a
    /// multi-byte character never equals one. Lines end at a line feed that does not follow a
    /// carriage return (a CR LF pair is one character, as `split(separator: "\n")` sees it);
    /// the column counts Unicode scalars, as before.
    static func firstTooDeep(in text: String, limit: Int) -> (line: Int, column: Int)? {
        var text = text
        return text.withUTF8 { bytes in firstTooDeep(in: bytes, limit: limit) }
    }

    static func firstTooDeep(in bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (line: Int, column: Int)? {
        let space = UInt8(ascii: " "), hash = UInt8(ascii: "#"), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var indents: [Int] = []
        var flowDepth = 0
        var lineNumber = 0
        var lineStart = 0
        let count = bytes.count
        while lineStart <= count {
            // The line: up to the next LF not preceded by CR (or the end).
            var lineEnd = lineStart
            while lineEnd < count && !(bytes[lineEnd] == newline && (lineEnd == 0 || bytes[lineEnd - 1] != cr)) { lineEnd += 1 }
            lineNumber += 1
            defer { lineStart = lineEnd + 1 }
            var column = lineStart
            while column < lineEnd, bytes[column] == space { column += 1 }
            if column == lineEnd || bytes[column] == hash { continue }
            // Leading spaces are one byte each: the indentation in scalars is the same.
            let indentation = column - lineStart
            if flowDepth == 0 {
                while let last = indents.last, last >= indentation { indents.removeLast() }
                indents.append(indentation)
            }
            var depth = indents.count
            var quote: UInt8?
            var leading = true
            var index = column
            while index < lineEnd {
                let c = bytes[index]
                let previous: UInt8? = index > lineStart ? bytes[index - 1] : nil
                if let open = quote {
                    if c == open { quote = nil }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    if let previous {
                        if previous == space || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                            || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":") { quote = c }
                    } else {
                        quote = c
                    }
                } else if c == hash && (previous == nil || previous == space) {
                    break
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    flowDepth += 1
                } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    flowDepth = max(0, flowDepth - 1)
                } else if leading && (c == UInt8(ascii: "-") || c == UInt8(ascii: "?")) && index + 1 < lineEnd && bytes[index + 1] == space && flowDepth == 0 {
                    depth += 1
                } else if c != space && !(c & 0xC0 == 0x80) {
                    leading = false
                }
                if depth + flowDepth > limit {
                    // Columns count scalars: every byte that does not continue a character.
                    var scalars = 0
                    for offset in lineStart...index where bytes[offset] & 0xC0 != 0x80 { scalars += 1 }
                    return (lineNumber, scalars)
                }
                index += 1
            }
        }
        return nil
    }
}
