import LineEditor
import Practice
import Scoring
import ScenarioKit
import Simulation
import Testing
import TestSupport

/// The REPL of a visit, driven by a scripted reader: every meta-command and bad input.
@Suite struct PracticeSessionTests {
    let scenario: Scenario
    let rulebook: Rulebook

    init() throws {
        scenario = try Fixtures.everyFeature()
        rulebook = try Fixtures.rulebook()
    }

    final class Recorder: SessionRecorder {
        var events: [String] = []
        func began(_ session: Session, trainee: String, exam: Bool) { events.append("began \(trainee) exam=\(exam)") }
        func recorded(_ turn: Turn, of session: Session, guided: Bool) { events.append("turn \(turn.node) guided=\(guided)") }
        func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) { events.append("ended \(status.rawValue)") }
    }

    func play(_ script: [LineInput], exam: Bool = false, language: UILanguage? = nil, recorder: Recorder? = nil) -> (PracticeSession, String) {
        let output = BufferedOutput()
        var configuration = PracticeSession.Configuration()
        configuration.exam = exam
        configuration.seed = 1
        configuration.trainee = "小李"
        configuration.language = language
        var tick = 0.0
        let practice = PracticeSession(scenario: scenario, rulebook: rulebook, reader: ScriptedLineReader(script), output: output,
                                       now: { tick += 2.5; return tick }, configuration: configuration, recorder: recorder)
        practice.run()
        return (practice, output.text)
    }

    @Test func aModelVisitEndsWithTheOutcomeAndTheScorecard() {
        let (practice, text) = play([.line("墙上这么多质量奖状!"), .line("是的是的,可是我们更省墨"), .line("今天就签吧")])
        #expect(practice.status == .finished)
        #expect(practice.session.ending?.id == "signed")
        #expect(text.contains("王经理：说吧,什么事。"))
        #expect(text.contains("* 王经理一边看表一边示意你坐下。"))
        #expect(text.contains("[耐心 2 · 信任 0]"))
        #expect(text.contains("✔ opening.style 2/2 [手册 I.3a-c] 「奖状」"))
        #expect(text.contains("== 拜访结束：成交 =="))
        #expect(text.contains("得分：") && text.contains(" = 100% — 通过"), "points, then the percentage")
        #expect(!text.contains("\u{1B}["), "no escape codes when not on a terminal")
    }

    @Test func turnsRecordTheSecondsTakenFromTheInjectedClock() {
        let (practice, _) = play([.line("墙上这么多质量奖状!")])
        #expect(practice.session.turns.first?.secondsTaken == 2.5)
    }

    @Test func helpListsEveryCommandAndSaysNothingToTheCustomer() {
        let (practice, text) = play([.line("/help")])
        for command in UIText.commands { #expect(text.contains(command)) }
        #expect(practice.session.turns.isEmpty)
    }

    @Test func unknownCommandsAreNotRepliesToTheCustomer() {
        let (practice, text) = play([.line("/dance"), .line("／foo")])
        #expect(text.contains("未知命令 /dance"))
        #expect(practice.session.turns.isEmpty)
    }

    @Test func optionsTurnOnGuidedModeAndNumbersPickThem() {
        let recorder = Recorder()
        let (practice, text) = play([.line("/options"), .line("7"), .line("1")], recorder: recorder)
        #expect(practice.guided)
        #expect(text.contains("  1. 称赞墙上的质量奖状\n  2. 直接谈价格"))
        #expect(text.contains("没有第 7 个选项（共 2 个）"))
        #expect(practice.session.currentNode == "price")
        #expect(recorder.events.contains("turn arrive guided=true"))
    }

    @Test func hintsCostPointsAndAreRefusedInExamMode() {
        let (practice, text) = play([.line("/hint")])
        #expect(text.contains("看看墙上。"))
        #expect(practice.session.hintsUsed == 1)
        let (exam, examText) = play([.line("/hint"), .line("/options"), .line("/why"), .line("/score")], exam: true)
        #expect(exam.session.hintsUsed == 0)
        #expect(!exam.guided)
        #expect(examText.contains("考试模式不能使用提示"))
        #expect(examText.contains("考试模式没有可选回答"))
    }

    @Test func examModeShowsNoFeedbackUntilTheEnd() {
        let (_, text) = play([.line("墙上这么多质量奖状!"), .line("是的是的,可是我们更省墨"), .line("今天就签吧")], exam: true)
        #expect(!text.contains("✔ opening.style"))
        #expect(text.contains(" = 100% — 通过"))
    }

    @Test func profileScoreAndWhyExplainWithTheManual() {
        let (_, text) = play([.line("/profile"), .line("/why"), .line("嗯"), .line("/why"), .line("/score")])
        #expect(text.contains("客户档案：食品厂,三条灌装线"))
        #expect(text.contains("还没有可解释的判定"))
        #expect(text.contains("○ 开场白 (opening.style, 手册 I.3a-c): 未做到 0/2"))
        #expect(text.contains("手册 I.3:用赞美、建议或对方感兴趣的话题开场。"))
        #expect(text.contains("目前：2/4 = 50%"))
    }

    @Test func restartKeepsThePreviousRunAsAbandoned() {
        let recorder = Recorder()
        let (practice, text) = play([.line("嗯"), .line("/restart"), .line("墙上这么多质量奖状!")], recorder: recorder)
        #expect(text.contains("重新开始这次拜访"))
        #expect(practice.session.turns.count == 1)
        #expect(recorder.events.prefix(4) == ["began 小李 exam=false", "turn arrive guided=false", "ended abandoned", "began 小李 exam=false"])
    }

    /// A recorder whose server went away at the first turn and came back at the second, which
    /// then failed for another reason.
    final class FlakyRecorder: SessionRecorder {
        var pending: [RecorderNotice] = []
        var turns = 0
        func began(_ session: Session, trainee: String, exam: Bool) {}
        func recorded(_ turn: Turn, of session: Session, guided: Bool) throws {
            turns += 1
            if turns == 1 { pending.append(.keptLocally(server: "postgres://li@db/sales", reason: "connection refused")) }
            if turns == 2 {
                pending.append(.delivered(server: "postgres://li@db/sales", steps: 2))
                throw StoreLikeError()
            }
        }
        func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) {}
        func notices() -> [RecorderNotice] {
            defer { pending = [] }
            return pending
        }
    }

    struct StoreLikeError: Error, CustomStringConvertible {
        var description: String { "the store at /x failed (disk I/O error) while recording turn 2" }
    }

    @Test func recordingNoticesAndProblemsReachTheTraineeOnceAndStayOutOfAJSONDocument() {
        let recorder = FlakyRecorder()
        let output = BufferedOutput()
        let warnings = BufferedOutput()
        var configuration = PracticeSession.Configuration()
        configuration.seed = 1
        configuration.quiet = true
        let practice = PracticeSession(scenario: scenario, rulebook: rulebook,
                                       reader: ScriptedLineReader([.line("嗯"), .line("嗯")]), output: output,
                                       now: { 0 }, configuration: configuration, recorder: recorder, warnings: warnings)
        practice.run()
        #expect(output.text.isEmpty, "a JSON run's standard output carries only the document")
        #expect(warnings.text.components(separatedBy: "连不上成绩服务器 postgres://li@db/sales（connection refused）").count == 2)
        #expect(warnings.text.contains("本机保存的 2 条记录已送达"))
        #expect(warnings.text.components(separatedBy: "disk I/O error").count == 2, "a problem is told once")
        #expect(practice.recordingProblems.count == 1)
    }

    @Test func quitAndEndOfInputAbandonTheVisitButKeepIt() {
        let recorder = Recorder()
        let (quit, text) = play([.line("嗯"), .line("/quit"), .line("never read")], recorder: recorder)
        #expect(quit.status == .abandoned)
        #expect(text.contains("拜访已中止，记录已保存。"))
        #expect(recorder.events.last == "ended abandoned")
        let (eof, _) = play([.line("嗯")])
        #expect(eof.status == .abandoned)
        #expect(eof.session.turns.count == 1)
    }

    @Test func ctrlCCancelsTheLineAndTheVisitGoesOn() {
        let (practice, text) = play([.interrupted, .line("墙上这么多质量奖状!")])
        #expect(text.contains("（已取消这一行）"))
        #expect(practice.session.currentNode == "price")
    }

    @Test(arguments: ["", "   ", "\t"])
    func emptyLinesAreIgnored(line: String) {
        let (practice, text) = play([.line(line)])
        #expect(practice.session.turns.isEmpty)
        #expect(text.contains("（请输入你的回答，/help 查看命令）"))
    }

    @Test func invalidUTF8IsRefusedNotSentToTheCustomer() {
        let (practice, text) = play([.line("好\u{FFFD}\u{FFFD}")])
        #expect(practice.session.turns.isEmpty)
        #expect(text.contains("无效的字符"))
    }

    @Test func controlCharactersAreBlankedOut() {
        let (practice, _) = play([.line("墙上的\u{7}质量\u{1B}[31m奖状真多")])
        #expect(practice.session.turns.first?.reply == "墙上的 质量 [31m奖状真多")
        #expect(practice.session.currentNode == "price")
    }

    @Test func aMegabyteLineIsRefusedWithAClearMessage() {
        let (practice, text) = play([.line(String(repeating: "贵", count: 1_000_000))])
        #expect(practice.session.turns.isEmpty)
        #expect(text.contains("回答太长了（1000000 个字，上限 2000）"))
    }

    @Test func englishUIWhenAsked() {
        let (_, text) = play([.line("/nope"), .line("嗯")], language: .en)
        #expect(text.contains("Unknown command /nope"))
        #expect(text.contains("[patience 1 · trust 0]"))
        #expect(text.contains("(the customer did not follow you)"))
    }

    @Test func completionOffersCommandsAndInGuidedModeOptionNumbers() throws {
        let reader = ScriptedLineReader([.line("/options")])
        var configuration = PracticeSession.Configuration()
        configuration.seed = 1
        let practice = PracticeSession(scenario: scenario, rulebook: rulebook, reader: reader, output: BufferedOutput(),
                                       now: { 0 }, configuration: configuration)
        practice.run()
        let complete = try #require(reader.completion)
        #expect(complete("/he") == ["/help"])
        #expect(complete("/") == UIText.commands)
        #expect(complete("") == ["1", "2"])
        #expect(complete("你好") == [])
    }

    @Test func theScoreLineSaysPointsThenTheHintDeductionThenThePercentage() {
        let text = ScorecardText(language: .zhHans).summary(
            Scorecard(rulebookVersion: 1, rules: [], earned: 130, possible: 144, percent: 85, passMark: 70, passed: true,
                      knockouts: [], outcome: .won, hintsUsed: 1, feedback: []), title: "目前")
        #expect(text.hasPrefix("目前：130/144 = 90%，提示 1 次 −5% = 85%"), "\(text)")
    }

    @Test func eachVerdictQuotesOnlyThePartOfTheReplyItRestsOn() {
        let reply = "王经理,墙上这么多质量奖状,贵厂真重视质量!"
        let verdicts = [
            RuleVerdict(rule: "opening.style", verdict: .met, earned: 2, possible: 2, evidence: "奖状", manual: "I.3", source: .detector, reason: ""),
            RuleVerdict(rule: "opening.no-flattery", verdict: .met, earned: 2, possible: 2, evidence: reply, manual: "I.3a", source: .detector, reason: ""),
        ]
        let text = ScorecardText(language: .zhHans).turnFeedback(verdicts, reply: reply)
        #expect(text.contains("✔ opening.style 2/2 [手册 I.3] 「奖状」"))
        #expect(!text.contains(reply), "the whole reply is not repeated")
    }

    @Test func theEndOfAVisitSaysForEachRuleLostTheTurnTheWordsAndWhatToSayInstead() {
        let (_, text) = play([.line("墙上这么多质量奖状!"), .line("是的是的,可是我们更省墨"), .line("再考虑考虑")])
        #expect(text.contains("怎么说更好（每条失分的规则）："), "\(text)")
        #expect(text.contains("第 3 轮 · close"))
        #expect(text.contains("(close.ask) −"))
        #expect(text.contains("你说：「再考虑考虑」"))
        #expect(text.contains("可以这样说：「今天就签」"))
        #expect(text.contains("手册 I.6"))
    }

    @Test func aVisitWithoutLostPointsHasNoCoaching() {
        let (_, text) = play([.line("墙上这么多质量奖状!"), .line("是的是的,可是我们更省墨"), .line("今天就签吧")])
        #expect(!text.contains("怎么说更好"))
    }
}
