import Foundation
import Testing
@testable import Matching

/// The embedded conversion table must agree with ICU's Traditional-Simplified transform.
@Suite struct TraditionalChineseTests {
    @Test func theTableAgreesWithICUForEveryPair() {
        // NB: in code point order and one character per line, so that the comparison depends
        // neither on a dictionary's order (seeded afresh in every process) nor on ICU's rules for
        // sequences of characters, and a disagreement names its characters (a failure seen once in
        // a full run under load, not reproduced since, printed no detail).
        let pairs = TraditionalChinese.table.sorted { $0.key.value < $1.key.value }
        let traditional = pairs.map { String($0.key) }.joined(separator: "\n")
        let icu = traditional.applyingTransform(StringTransform("Traditional-Simplified"), reverse: false) ?? ""
        let converted = icu.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(converted.count == pairs.count)
        let disagreements = zip(pairs, converted).filter { String($0.0.value) != $0.1 }.map { "\($0.0.key)→\($0.0.value), ICU \($0.1)" }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        #expect(pairs.count > 3000)
        // The generated list is sorted (the lookup halves it), one pair per Traditional character,
        // and the lookup gives every pair and leaves what is not in it alone.
        #expect(TraditionalChinese.pairs == TraditionalChinese.pairs.sorted())
        #expect(Set(TraditionalChinese.pairs.map { $0 >> 32 }).count == TraditionalChinese.pairs.count)
        #expect(pairs.allSatisfy { TraditionalChinese.simplified($0.key) == $0.value })
        for scalar in ["喷", "a", "1", "。", "𠀀", "😀"].compactMap({ $0.unicodeScalars.first }) {
            #expect(TraditionalChinese.simplified(scalar) == scalar)
        }
    }

    @Test func commonSalesWordsConvert() {
        let text = NormalizedText("噴碼機價格這樣說吧，後來發現售後服務很周到，請您簽約")
        #expect(text.units.map(\.text).joined() == "喷码机价格这样说吧后来发现售后服务很周到请您签约")
    }

    @Test func simplifiedTextIsLeftAlone() {
        let text = "喷码机更省墨水,售后当天到"
        #expect(NormalizedText(text).units.map(\.text).joined() == "喷码机更省墨水售后当天到")
    }
}
