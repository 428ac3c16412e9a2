import Testing
@testable import LanguageServer

@Suite struct ManualSectionsTests {
    static let manual = ManualSections(text: """
    一、客戶拜訪流程
    1、訪前準備
    2、觀察分析
    1、訪前準備
    a.物品準備:業務包。
    b.信息準備:知己知彼,才能有取勝的方法。
    2、觀察分析
    細致觀察,迅速作出分析。
    二、業務工作流程
    1、信息收集及分析
    收集信息。
    五、八大細節決定業務成敗
    (一)、捕捉有效信息
    1、立項。
    2、使用部門。
    (二)、正視電話溝通
    1、首先,探明虛實。
    """)

    @Test(arguments: [
        ("I.1b", ["b.信息準備:知己知彼,才能有取勝的方法。"]),
        ("I.1a-b", ["a.物品準備:業務包。", "b.信息準備:知己知彼,才能有取勝的方法。"]),
        ("I.2", ["2、觀察分析", "細致觀察,迅速作出分析。"]),
        ("I.1b, II.1", ["b.信息準備:知己知彼,才能有取勝的方法。", "1、信息收集及分析", "收集信息。"]),
        ("V.2", ["(二)、正視電話溝通", "1、首先,探明虛實。"]),
        ("V.1", ["(一)、捕捉有效信息", "1、立項。", "2、使用部門。"]),
        ("V.9", []),
        ("IX.1", []),
        ("nonsense", []),
    ])
    func findsASectionsWords(reference: String, expected: [String]) {
        #expect(ManualSectionsTests.manual.text(for: reference) == expected)
    }
}
