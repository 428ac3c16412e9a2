import Foundation
import Testing
@testable import Matching

/// The embedded conversion table must agree with ICU's Traditional-Simplified transform.
@Suite struct TraditionalChineseTests {
    @Test func theTableAgreesWithICUForEveryPair() {
        let pairs = Array(TraditionalChinese.table)
        let traditional = String(String.UnicodeScalarView(pairs.map(\.key)))
        let icu = traditional.applyingTransform(StringTransform("Traditional-Simplified"), reverse: false) ?? ""
        let expected = String(String.UnicodeScalarView(pairs.map(\.value)))
        #expect(icu == expected)
        #expect(pairs.count > 3000)
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
