import Foundation
import Testing
@testable import LanguageServer

@Suite struct HoverTests {
    static func hover(on needle: String, offset: Int = 1, configuration: Server.Configuration = .init(fallbackRulebook: ServerSession.rulebookPath)) -> String? {
        var session = ServerSession(configuration: configuration)
        _ = session.open(ServerSession.scenarioText)
        let at = ServerSession.position(of: needle, in: ServerSession.scenarioText, offset: offset)
        let result = session.at("textDocument/hover", line: at.line, character: at.character)["result"] as? [String: Any]
        return (result?["contents"] as? [String: Any])?["value"] as? String
    }

    @Test func showsARulesTitleWeightSectionAndFeedback() throws {
        let text = try #require(HoverTests.hover(on: "opening.style: -1", offset: 3))
        #expect(text.contains("**opening.style** — 开场白 (Opening)"))
        #expect(text.contains("manual **I.3a-c** · weight 2"))
        #expect(text.contains("手册 I.3:用赞美、建议或对方感兴趣的话题开场。"))
    }

    @Test func quotesTheManualsSectionWhenTheManualIsGiven() throws {
        let manual = """
        業務培訓流程
        一、客戶拜訪流程
        1、訪前準備
        3、開場白
        1、訪前準備
        a.物品準備:含產品樣品。
        3、開場白
        “見面開始五分鐘便決定了你在客戶心中70%的印象!”
        a.贊美式:挑對方的優點進行自然而然的贊美。
        b.富有建議性建議:為對方提一條建議。
        c.切入對方感興趣的話題。
        4、產品介紹
        二、業務工作流程
        """
        let configuration = Server.Configuration(fallbackRulebook: ServerSession.rulebookPath, manualSections: ManualSections(text: manual))
        let text = try #require(HoverTests.hover(on: "opening.style: -1", offset: 3, configuration: configuration))
        #expect(text.contains("> a.贊美式:挑對方的優點進行自然而然的贊美。"))
        #expect(text.contains("> c.切入對方感興趣的話題。"))
        #expect(!text.contains("物品準備"))
    }

    @Test func showsALexiconsPhrases() throws {
        let text = try #require(HoverTests.hover(on: "@ack > @contrast", offset: 2))
        #expect(text.contains("**@ack** — rulebook lexicon, 5 phrases"))
        #expect(text.contains("是的 · 对 · 您说得对"))
        let own = try #require(HoverTests.hover(on: "@award", offset: 3))
        #expect(own.contains("this scenario's lexicon, 2 phrases"))
    }

    @Test func showsANodesLinePhaseAndTheRepliesLeadingToIt() throws {
        let text = try #require(HoverTests.hover(on: "next: price", offset: 8))
        #expect(text.contains("**price** — node, phase objection"))
        #expect(text.contains("> 太贵了。"))
        #expect(text.contains("- from `arrive`: 称赞墙上的质量奖状"))
        #expect(text.contains("- from `arrive`: @superlative"))
    }

    @Test func showsWhatAPatternMatchesWithTheRepliesOwnWords() throws {
        let text = try #require(HoverTests.hover(on: "match: 签", offset: 7))
        #expect(text.contains("**pattern** `签`"))
        #expect(text.contains("- ✓ 今天就签"))
    }

    @Test func showsAVariable() throws {
        let text = try #require(HoverTests.hover(on: "if: \"trust", offset: 6))
        #expect(text.contains("**trust** — state variable, starts at 0"))
    }
}
