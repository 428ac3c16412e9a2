import Foundation
import Testing
@testable import Matching

/// The embedded word list must be jieba's two-character words of the stated frequency: checked
/// against the source whenever Debian's python3-jieba is installed (`scripts/generate-ordinary-words`).
@Suite struct OrdinaryWordsTests {
    static let source = "/usr/lib/python3/dist-packages/jieba/dict.txt"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: source), "needs python3-jieba's dict.txt"))
    func theListHasEveryCommonTwoCharacterWordOfTheSourceAndNoOther() throws {
        let text = try String(contentsOfFile: OrdinaryWordsTests.source, encoding: .utf8)
        var expected = Set<UInt64>()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let frequency = Int(fields[1]), frequency >= OrdinaryWords.minimumFrequency else { continue }
            let scalars = Array(fields[0].unicodeScalars)
            guard scalars.count == 2, scalars.allSatisfy({ (0x4E00...0x9FFF).contains($0.value) }) else { continue }
            expected.insert(UInt64(scalars[0].value) << 32 | UInt64(scalars[1].value))
        }
        #expect(expected.count > 1_000)
        #expect(OrdinaryWords.pairs == expected)
    }

    @Test func commonWordsAreKnownAndSlipsAreNot() {
        func isWord(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            return OrdinaryWords.isWord(scalars[0].value, scalars[1].value)
        }
        #expect(isWord("一次") && isWord("之前") && isWord("省级") && isWord("森林") && isWord("我们"))
        #expect(!isWord("可事") && !isWord("以经") && !isWord("因该") && !isWord("在见"))
    }
}
