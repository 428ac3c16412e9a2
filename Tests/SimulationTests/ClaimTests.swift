import Testing
@testable import Simulation

/// The figures a customer answer can name, as ``ClaimCheck`` reads them (SC0027).
@Suite struct ClaimTests {
    @Test(arguments: [
        ("四小时？那还行。", "4", "h"),
        ("工程师4个小时到", "4", "h"),
        ("24小时？捷码说一礼拜。", "24", "h"),
        ("一开口就让两成？", "2", "成"),
        ("百分之百？这话你也敢说。", "100", "%"),
        ("降15%，都听您的。", "15", "%"),
        ("二十分钟？", "20", "min"),
        ("Four hours? Mine takes days.", "4", "h"),
        ("A one-week trial", "1", "w"),
        ("降到40？", "40", ""),
    ])
    func findsTheFigure(text: String, value: String, unit: String) {
        let claims = Claim.claims(in: text)
        #expect(claims.contains { $0.value == value && $0.unit == unit }, "\(claims)")
    }

    @Test(arguments: ["便宜一点", "一天到晚", "第二天就堵", "十几年", "三条线", "前两天还在问", "买一台试试"])
    func ignoresWordsThatAreNotFigures(text: String) {
        #expect(Claim.claims(in: text).isEmpty, "\(Claim.claims(in: text))")
    }

    @Test func namesAreAcronymsAnywhereAndLatinWordsInChineseText() {
        #expect(Claim.claims(in: "查VOC？通知我看到了").map(\.value) == ["voc"])
        #expect(Claim.claims(in: "我们一直用Videojet的机器").map(\.value) == ["videojet"])
        #expect(Claim.claims(in: "Within the VOC limit? Then we talk.").map(\.value) == ["voc"])
        #expect(Claim.claims(in: "Then we talk. Sounds good.").isEmpty)
    }

    @Test func fourHoursInDigitsAndInWordsAreOneClaim() throws {
        let chinese = try #require(Claim.claims(in: "四小时").first)
        let digits = try #require(Claim.claims(in: "4 小时").first)
        #expect(chinese.sameAs(digits))
    }

    @Test func knowsWhenTheCustomerAsksAFigureBack() throws {
        #expect(try #require(Claim.claims(in: "四小时？那还行").first).isAskedBack)
        #expect(try #require(Claim.claims(in: "两小时到？").first).isAskedBack)
        #expect(try #require(Claim.claims(in: "我那台三天才来人").first).isAskedBack == false)
    }
}
