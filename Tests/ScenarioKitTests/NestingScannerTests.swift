import Testing
@testable import ScenarioKit

/// The byte scan finds the same place as the scan over characters it replaced (kept here as the reference).
@Suite struct NestingScannerTests {
    /// The scan as it was written over `split(separator: "\n")` and Unicode scalars.
    static func reference(in text: String, limit: Int) -> (line: Int, column: Int)? {
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
                if depth + flowDepth > limit { return (lineNumber, index + 1) }
                index += 1
            }
        }
        return nil
    }

    static let pieces = ["- ", "? ", "[", "]", "{", "}", " ", "  ", "\n", "\r\n", "\r", "#", "\"", "'", ",", ":", "a", "喷码", "é", "e\u{301}", "🔥", "\n\u{301}", "x: ", "- - "]

    @Test(arguments: 0..<400)
    func agreesWithTheScanOverCharacters(seed: Int) {
        var state = UInt64(seed) &* 0x9E3779B97F4A7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var text = ""
        for _ in 0..<(1 + next(120)) { text += Self.pieces[next(Self.pieces.count)] }
        let limit = 1 + next(8)
        let expected = Self.reference(in: text, limit: limit)
        let found = NestingScanner.firstTooDeep(in: text, limit: limit)
        #expect(found?.line == expected?.line && found?.column == expected?.column, "\(text.debugDescription) limit \(limit)")
    }

    @Test func agreesOnTheLibrarysOwnFiles() throws {
        let text = "nodes:\n  a:\n    replies:\n      - {option: \"选项\", match: \"[x]\"}\r\n      - [[[[[[[[1]]]]]]]]\n"
        for limit in 1...12 {
            let expected = Self.reference(in: text, limit: limit)
            let found = NestingScanner.firstTooDeep(in: text, limit: limit)
            #expect(found?.line == expected?.line && found?.column == expected?.column)
        }
    }
}
