import Foundation
import Testing
@testable import Matching

/// Parsing a pattern by scalars gives exactly what parsing it by characters gives.
@Suite struct PatternScalarTests {
    /// Every `met:`, `violated:`, `ignore:` and `match:` value written in the library, roughly
    /// unquoted (a pattern left with a stray quote must fail the same way both ways too).
    static func libraryPatterns() throws -> [String] {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let scenarios = root.appendingPathComponent("Scenarios")
        var patterns: [String] = []
        let files = FileManager.default.enumerator(atPath: scenarios.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") } ?? []
        for file in files {
            let text = try String(contentsOf: scenarios.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                for key in ["met:", "violated:", "ignore:", "match:"] {
                    guard let range = line.range(of: key) else { continue }
                    var value = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                    if value.hasSuffix(",") || value.hasSuffix("}") { value.removeLast() }
                    if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                        value = String(value.dropFirst().dropLast())
                    }
                    patterns.append(value.replacingOccurrences(of: "\\\"", with: "\""))
                }
            }
        }
        return patterns
    }

    func expectSameBothWays(_ source: String) {
        let byScalars = Result { () throws(PatternError) in try PatternParser.parse(source, byScalars: true) }
        let byCharacters = Result { () throws(PatternError) in try PatternParser.parse(source, byScalars: false) }
        #expect(byScalars == byCharacters, "\(source.debugDescription)")
    }

    @Test func theLibrarysPatternsParseTheSameByScalars() throws {
        let patterns = try Self.libraryPatterns()
        #expect(patterns.count > 100)
        #expect(patterns.filter { PatternParser.standaloneScalars($0) != nil }.count > patterns.count * 9 / 10)
        for pattern in patterns { expectSameBothWays(pattern) }
    }

    @Test func edgeCasesParseTheSameByScalars() {
        let sources = [
            "", " ", "@", "@ack", "@ack-2.x_y > 可是", "'unclosed", "“中文引号”", "‘单’ | ’", "don't", "a'b | 'c'", "(a | b", "a)", "!!a", "！（是的）",
            "｜＆＞", "thank you & 谢谢", "ｆｕｌｌ　ｗｉｄｔｈ", "é > e", "\t@ack\n| b", "１２３ & @名字", "a\u{3000}b", "¿qué?", "x > (y & !z)",
            String(repeating: "a", count: 1000), String(repeating: "a", count: 1001), String(repeating: "中", count: 1001), "(" + String(repeating: "(", count: 40) + "a",
        ]
        for source in sources { expectSameBothWays(source) }
    }

    @Test func standaloneScalarsAreCharactersOfTheirOwnAndAnswerAsThem() {
        for range in [0x00...0x7F, 0xA0...0x2FF, 0x2010...0x205E, 0x3000...0x30FF, 0x4E00...0x4E40, 0xFF01...0xFF5E] {
            for value in range {
                guard let scalar = Unicode.Scalar(value), PatternParser.standaloneScalars(String(scalar)) != nil else { continue }
                let character = Character(scalar)
                #expect(scalar.isSpace == character.isWhitespace && scalar.isLetterCharacter == character.isLetter && scalar.isNumberCharacter == character.isNumber, "U+\(String(value, radix: 16))")
                // Next to any other standalone scalar (a sample), it stays a character of its own.
                for other: Unicode.Scalar in ["a", " ", "\n", "中", "。", "＞", "é", "'"] {
                    #expect((String(scalar) + String(other)).count == 2 && (String(other) + String(scalar)).count == 2, "U+\(String(value, radix: 16))")
                }
            }
        }
        #expect(PatternParser.standaloneScalars("a\r\nb") == nil && PatternParser.standaloneScalars("e\u{301}") == nil && PatternParser.standaloneScalars("👍🏽") == nil)
    }
}
