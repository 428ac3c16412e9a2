import Foundation
import ScenarioKit
import Testing

/// Quotes of the manual in feedback: found after folding scripts and punctuation, reported at
/// their own line and column when they are not the manual's words.
@Suite struct ManualQuoteCheckTests {
    let manual = ManualText(text: "處理拒絕意見時有效的句式是“是的、是的、可是……”。\n銷售從拒絕開始。Never give up.", path: "manual.txt")

    @Test(arguments: [
        ("是的、是的、可是……", true),
        ("是的,是的,可是", true),            // punctuation does not count
        ("销售从拒绝开始", true),              // Simplified quotes the Traditional manual
        ("銷售 從 拒絕", true),                // nor do spaces
        ("NEVER give up", true),               // nor case
        ("先认同再引导", false),
        ("销售从拒绝结束", false),
        ("……", false),                         // nothing to find is not found
    ])
    func theManualContainsItsOwnWordsInEitherScript(quote: String, found: Bool) {
        #expect(manual.contains(quote) == found)
    }

    @Test func quotesAreTheOutermostBracketsOnly() {
        let quotes = ManualQuoteCheck.quotes(in: "甲「一『二』三」乙『四』「」「未完")
        #expect(quotes.map(\.whole) == ["「一『二』三」", "『四』"])
        #expect(quotes.map(\.inner) == ["一『二』三", "四"])
    }

    @Test func onlyFeedbackAndHintsAreChecked() {
        let yaml = """
        version: 1
        title: "「不在手册」"
        rules:
          - id: objection.yes-but
            feedback:
              met: {zh: "好:「销售从拒绝开始」,「不在手册」。"}
        nodes:
          a: {hint: "『先认同再引导』", narration: "「旁白不查」"}
        """
        let diagnostics = ManualQuoteCheck.check(text: yaml, path: "x.yaml", manual: manual)
        #expect(diagnostics.map(\.description) == [
            "x.yaml:6:30: error: [SC0024] quote not in the manual: 「不在手册」",
            "x.yaml:8:14: error: [SC0024] quote not in the manual: 『先认同再引导』",
        ])
    }

    @Test func theSameQuoteTwiceOnALineIsReportedAtEachPlace() {
        let yaml = "feedback: {zh: \"「错」和「错」\"}\n"
        let columns = ManualQuoteCheck.check(text: yaml, path: "x.yaml", manual: manual).map(\.location.column)
        #expect(columns == [17, 21])
    }

    @Test(arguments: ["", "feedback: [", "\u{FEFF}feedback: 「", "- 「a」\n- b"])
    func brokenFilesGiveNoQuotesAndNoCrash(yaml: String) {
        _ = ManualQuoteCheck.check(text: yaml, path: "x.yaml", manual: manual)
    }

    @Test func aRulebookNamingAManualThatIsMissingIsAnErrorAtTheKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manual-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rulebook = """
        version: 1
        manual: missing/manual.txt
        rules:
          - id: objection.yes-but
            manual: I.5
            title: {zh: 是的可是, en: Yes but}
            weight: 5
            observed: choice
            feedback:
              met: {zh: "「销售从拒绝开始」", en: ok}
              missed: {zh: 手册, en: Manual}
              violated: {zh: 手册, en: Manual}
        """
        try rulebook.write(to: folder.appendingPathComponent("rulebook.yaml"), atomically: true, encoding: .utf8)
        var linter = Linter(fallbackRulebook: nil)
        let report = linter.lint(paths: [folder.path])
        let messages = report.diagnostics.map { "\($0.location.line):\($0.location.column) [\($0.code.rawValue)] \($0.message)" }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("2:9 [SC0016] cannot read the manual '") == true)
        #expect(messages.first?.hasSuffix("missing/manual.txt' (named by 'manual:')") == true)
    }
}
