import Matching
import Scoring
import ScenarioKit
import Simulation
import Testing
import TestSupport

/// Understanding beyond patterns: examples and similarity, asking back, answering early, keyword lists.
@Suite struct RecognitionTests {
    let rulebook: Rulebook
    let scenario: Scenario

    static let yaml = """
    scenario: recognition-demo
    title: 价格异议
    language: zh-Hans
    customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: new}
    state: {patience: 3}
    pass: 60
    start: price
    nodes:
      price:
        phase: objection
        customer: 你们的机器太贵了。
        clarify: "您是说{reply}吗？"
        ahead: [close]
        replies:
          - option: 是的，价格确实不低，可是墨水一年能省三成，一年就回本了。
            match: "@ack > @contrast"
            examples: ["贵是贵了点，但一年省下的墨水钱就把差价补回来了", "价钱是高，不过用下来比现在那台省得多", "确实不便宜，可是省墨省到一年回本"]
            judge: {objection.yes-but: met}
            customer: 一年回本？那你算给我看看。
            next: close
          - option: 那我给您打个八折吧。
            match: "八折 | 打折"
            examples: ["我回去跟领导申请个折扣给您", "要不价格我再给您降一点", "我帮您申请优惠，便宜一些"]
            judge: {objection.calm: violated}
            set: {patience: -1}
            customer: 一下就降两成？那原价是不是虚的？
        otherwise:
          customer: 所以呢？
          set: {patience: -1}
      close:
        phase: closing
        customer: 那你说怎么办？
        replies:
          - option: 我们先签一台，下周一装机试产。
            match: "签 & (一台 | 合同)"
            examples: ["今天把合同签了，下周一就给您装机", "先定一台试试，周一我带工程师过来装"]
            judge: {close.ask: met}
            next: won
        otherwise: {customer: 嗯？, set: {patience: -1}}
    endings:
      won: {outcome: won}
      lost: {outcome: lost, when: "patience <= 0"}
    """

    init() throws {
        rulebook = try Fixtures.rulebook(PackagePaths.scenarios.appendingPathComponent("rulebook.yaml").path)
        scenario = try Fixtures.scenario(Self.yaml, rulebook: rulebook)
    }

    func started() -> Session {
        var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
        session.start()
        return session
    }

    @Test func aPatternStillDecidesFirst() throws {
        let recognition = try #require(started().recognise("是的是的，价格是高，可是您算算墨水钱"))
        #expect(recognition.by == .pattern)
        #expect(recognition.index == 0)
    }

    @Test func aParaphraseNoPatternFitsIsTakenBySimilarityAndSaysSo() throws {
        var session = started()
        let text = "价格高一点没错，但一年省下来的墨水钱就回本了"
        let recognition = try #require(session.recognise(text))
        #expect(recognition.by == .similarity)
        #expect(recognition.index == 0)
        #expect((recognition.similarity ?? 0) >= ReplyRecognizer.acceptThreshold)
        let events = session.reply(text)
        #expect(events.contains(.understood(recognition)))
        #expect(session.currentNode == "close")
        #expect(session.turns.last?.understoodBy == .similarity)
        // The author's judgment of the reply taken applies.
        #expect(session.turns.last?.verdicts.contains { $0.rule == "objection.yes-but" && $0.verdict == .met } == true)
    }

    /// Similarity ranks a node's replies on exact words; the rulebook's verdicts on the same turn
    /// still count an input-method slip (理姐 for 理解), as `salessim check` does.
    @Test func theVerdictsOfAPlayedTurnCountSlipsAsCheckDoes() throws {
        var session = started()
        let text = "理姐理姐，价格确实不低，可是墨水一年能省三成，一年就回本了"
        session.reply(text)
        let turn = try #require(session.turns.last)
        let context = TurnContext(phase: .objection, temperament: .hesitant, role: .decisionMaker, kind: .new)
        let checked = session.scorer.score(reply: text, context: context)
        let authored = Set(scenario.nodes[0].replies[0].judge.map(\.rule))
        func detected(_ verdicts: [RuleVerdict]) -> [String: String] {
            Dictionary(verdicts.filter { !authored.contains($0.rule) }.map { ($0.rule, "\($0.verdict) \($0.evidence)") },
                       uniquingKeysWith: { first, _ in first })
        }
        #expect(detected(turn.verdicts) == detected(checked))
        // Some verdict rests on a match by sound (evidence 「…≈…」), or the test proves nothing.
        #expect(detected(checked).values.contains { $0.contains("≈") })
    }

    @Test func aBadMoveInOwnWordsIsTakenAsTheBadMoveNotTheGoodOne() throws {
        let recognition = try #require(started().recognise("这样吧，价格方面我回去帮您跟领导申请点折扣"))
        #expect(recognition.index == 1)
        #expect(recognition.isTaken)
    }

    @Test func theGoodReplysWordsNegatedAreNotTakenAsIt() throws {
        let recognition = try #require(started().recognise("墨水一年省不了多少，也回不了本"))
        #expect(!(recognition.isTaken && recognition.index == 0))
    }

    @Test func aKeywordListIsNotAMove() throws {
        let recognition = try #require(started().recognise("墨水 省钱 回本 八折 价格"))
        #expect(recognition.by == .none)
        #expect(recognition.index == nil)
        let english = NormalizedText("sensor reject missing codes supermarket")
        #expect(english.isKeywordList)
        #expect(!NormalizedText("Mr. Tan, these 2D codes look blurred.").isKeywordList)
        #expect(!NormalizedText("是的，价格是高，可是省墨").isKeywordList)
    }

    /// Words said over and over are still understood as the move they make (a rude 「不对不对」 is
    /// a contradiction); the rulebook gives such a reply no credit (see the rule-case table).
    @Test func theSameWordsSaidOverAndOverAreUnderstoodButStuffed() throws {
        let stuffed = "打折打折，我们给您打折打折打折的"
        #expect(NormalizedText(stuffed).isStuffed)
        #expect(!NormalizedText(stuffed).isKeywordList)
        #expect(try #require(started().recognise(stuffed)).index == 1)
        #expect(NormalizedText("ink ink savings, ink savings, save save ink").isStuffed)
        // Said twice, or among words of substance, the words are a reply.
        #expect(!NormalizedText("是的是的，价格是高，可是墨水一年省三成").isStuffed)
        #expect(!NormalizedText("墨水省三成，墨水也不堵头，换我们的墨水很划算吧").isStuffed)
        #expect(!NormalizedText("Yes, the price is higher, but the ink saves you a third every year.").isStuffed)
        // Each word said twice stuffs a longer reply when the repeats make three fifths of it.
        #expect(NormalizedText("Yes sir, clear codes on curved bottles, curved bottles, clear codes.").isStuffed)
        #expect(NormalizedText("线速 抖动 水珠 线速 抖动 水珠").isStuffed)
        #expect(!NormalizedText("好的好的，都听您的，交货期就按您说的").isStuffed)
        #expect(!NormalizedText("Two units, Monday, three payments: two units on Monday, the rest after the trial.").isStuffed)
    }

    /// Where naming a list is the move (`list: true`), a list is taken as the reply it resembles;
    /// nowhere else, and not by a reply that is no list (the good reply's words listed).
    @Test func aListIsTakenOnlyWhereNamingAListIsTheMove() throws {
        let specs = """
              - option: 我们这款喷头六十微米，点阵三十二点，支持五种字体。
                list: true
                examples: ["60微米 32点阵 5种字体", "喷头六十微米、三十二点阵、五种字体", "六十微米 三十二点 五种字体 四行"]
                customer: 听不懂。
              - option: 那我给您打个八折吧。
        """
        let yaml = Self.yaml.replacingOccurrences(of: "      - option: 那我给您打个八折吧。", with: specs)
        let listing = try Fixtures.scenario(yaml, rulebook: rulebook)
        var session = Session(scenario: listing, rulebook: rulebook, seed: 1)
        session.start()
        let taken = try #require(session.recognise("60微米 32点阵 五种字体 12毫米"))
        #expect(taken.isTaken && taken.index == 1 && taken.by == .similarity)
        // The good reply's words as a list are still no move, here as anywhere.
        #expect(session.recognise("墨水 省钱 回本 八折 价格")?.isTaken == false)
        // Without the mark, the same list is not understood.
        let unmarked = try Fixtures.scenario(yaml.replacingOccurrences(of: "        list: true\n", with: ""), rulebook: rulebook)
        var plain = Session(scenario: unmarked, rulebook: rulebook, seed: 1)
        plain.start()
        #expect(plain.recognise("60微米 32点阵 五种字体 12毫米")?.isTaken == false)
    }

    @Test(arguments: ["八折就不用想了，价格就是这个价", "打折、八折这些您都别想了，就这个价"])
    func wordsNamedOnlyToBeSetAsideDoNotMakeTheirReply(_ text: String) throws {
        let recognition = try #require(started().recognise(text))
        #expect(!(recognition.isTaken && recognition.index == 1))
    }

    @Test func wordsSetAsideAreToldFromWordsSaid() {
        func retracted(_ text: String) -> String {
            let normalized = NormalizedText(text)
            return zip(normalized.units, normalized.retractedUnits).filter(\.1).map(\.0.text).joined()
        }
        #expect(retracted("样机试打就不用了，报价我发您邮箱") == "样机试打")
        #expect(retracted("试打、合同、包退这些我们都没有") == "试打合同包退")
        #expect(retracted("关机清洗？没必要") == "关机清洗?")
        #expect(retracted("档案、时间表这些等他下单了再说") == "档案时间表")
        // A demonstrative before its noun, a plain statement, a question: nothing set aside.
        #expect(retracted("我这个月的任务还没完成") == "")
        #expect(retracted("我们带样机过去现场试打") == "")
        #expect(retracted("价格能不能再低一点？") == "")
        #expect(retracted("记录、36瓶、24瓶……我回头再查") == "记录36瓶24瓶")
        #expect(retracted("普洱、卡片、书法……送啥都行吧") == "普洱卡片书法")
        #expect(retracted("普洱、卡片，我觉得就送这个") == "")
    }

    @Test func aListTheReplyOpensWithIsToldFromAGreeting() {
        #expect(NormalizedText("VOC、整改、水性墨水，我们全都是最好的").leadingList == 0..<7)
        #expect(NormalizedText("郑厂长，您好，我是晨讯的小李").leadingList == nil)
        #expect(NormalizedText("墨水、溶剂").leadingList == nil)
    }

    @Test func theRightPreambleThenAnotherMoveIsThatMove() throws {
        let gaveIn = try #require(started().recognise("是的，价格确实不低，不过我帮您申请个八折吧"))
        #expect(gaveIn.isTaken && gaveIn.index == 1)
        let yesBut = try #require(started().recognise("是的，价格确实不低，可是墨水一年能省三成"))
        #expect(yesBut.isTaken && yesBut.index == 0)
    }

    @Test(arguments: ["是的是的，可是嗯", "确实贵，不过吧", "是的是的可是", "yes yes but", "I understand but..."])
    func markersWithNothingBehindTheContrastAreNoMove(_ text: String) throws {
        let recognition = try #require(started().recognise(text))
        #expect(!recognition.isTaken)
    }

    /// Keywords strung after the contrast say no more than the bare marker: the scorer's
    /// keyword-list judgment and recognition agree.
    @Test func keywordsStrungAfterTheContrastAreNoMove() throws {
        let listed = try #require(started().recognise("是的是的可是 省钱 环保 质量好 售后好 大品牌 您买吧"))
        #expect(!listed.isTaken)
        let reason = try #require(started().recognise("是的 贵是贵一点 可是 一年 省 两万 墨水"))
        #expect(reason.isTaken && reason.index == 0)
    }

    @Test func aContrastWithSubstanceBehindItIsStillTheYesBut() throws {
        let yesBut = try #require(started().recognise("是的，价格确实不低，可是墨水一年能省三成"))
        #expect(yesBut.isTaken && yesBut.index == 0)
    }

    @Test(arguments: ["是的，可是，墨水，回本", "是的 可是 是的 可是", "贵一点、可是、墨水、退货", "建议 试用 兜底 保修",
                      // Commas between items of a word or two (markers aside) make an English list.
                      "call, meeting, demo, probe, listen", "yes but: savings, service, reliability", "yes yes but expensive reliable service",
                      // One short predicate among four keywords or more is still a list.
                      "省墨 清晰 环保 省钱 服务好 稳定", "感恩 回访 请吃饭 贺卡 小礼品"])
    func markersAndKeywordsAloneAreAList(_ text: String) {
        #expect(NormalizedText(text).isKeywordList)
    }

    @Test(arguments: ["能，今天签两台，周一装", "标准条款，不用看，直接签", "可以培训 但要另收费 八百一次", "墨水？一年省三成", "Two units, Monday, three payments.",
                      // Items with a number, longer items, a glue word; days and quantities; English inside a sentence.
                      "sign today, 2 units, install Mon", "pls: flush nozzle before shutdown, never mix solvents", "confirm Tuesday demo at plant",
                      "能的 今天签 两台 下周一装 旺季前用上", "这台 model 打码速度 fast，ink 很省，nozzle 不容易堵",
                      // Cantonese 唔使 (不用) makes a predicate as 不用 does.
                      "食品級墨水 直接噴蛋殼 唔使貼標 慳人工"])
    func terseSentencesAreNotALists(_ text: String) {
        #expect(!NormalizedText(text).isKeywordList)
    }

    @Test func cantoneseMeetsMandarinInSimilarity() throws {
        let matcher = Matcher(lexicons: rulebook.lexicons)
        let index = SimilarityIndex(candidates: [["那是他们没调好，我们的机器不会有这种问题"], ["您慢慢考虑，考虑好了再打给我"]], matcher: matcher)
        let problem = try #require(index.rank(NormalizedText("嗰啲系佢哋冇调好，我哋部机唔会有呢啲问题"), matcher: matcher).first)
        #expect(problem.candidate == 0 && problem.similarity > 0.4)
        let think = try #require(index.rank(NormalizedText("你慢慢谂，谂好再打俾我"), matcher: matcher).first)
        #expect(think.candidate == 1 && think.similarity > 0.4)
    }

    @Test func anOffTopicReplyFallsToOtherwiseAndNamesTheClosestReplysMissingWords() throws {
        var session = started()
        let events = session.reply("今天天气真不错啊")
        #expect(events.contains(.customer("所以呢？")))
        #expect(session.state["patience"] == .int(2))
        #expect(session.turns.last?.understoodBy == Understanding.none)
    }

    @Test func inTheGreyZoneTheCustomerAsksBackAtNoCostAndAYesTakesTheReply() throws {
        var session = started()
        // Close to the good reply, not clearly it.
        let grey = "墨水省一点"
        let recognition = try #require(session.recognise(grey))
        try #require(recognition.by == .clarification, "similarity \(recognition.similarity ?? -1)")
        let events = session.reply(grey)
        #expect(session.currentNode == "price")
        #expect(session.state["patience"] == .int(3))
        #expect(events.contains { if case let .customer(line) = $0 { return line.hasPrefix("您是说") && line.hasSuffix("吗？") } else { return false } })
        #expect(session.turns.last?.verdicts.isEmpty == true)
        session.reply("对")
        #expect(session.currentNode == "close")
        #expect(session.turns.last?.understoodBy == .confirmation)
    }

    @Test func theCustomerAsksBackOnlyOnceInARow() throws {
        var session = started()
        session.reply("墨水省一点")
        let second = try #require(session.recognise("用下来省钱"))
        #expect(second.by != .clarification)
    }

    @Test func aReplyThatBelongsToTheNextStepIsTakenThereWhenTheAuthorAllowsIt() throws {
        var session = started()
        let events = session.reply("行，那今天先签一台合同")
        #expect(events.contains { if case let .understood(r) = $0 { return r.answeredEarly && r.node == "close" } else { return false } })
        #expect(session.isFinished)
        #expect(session.ending?.id == "won")
        #expect(session.path == ["price", "close"])
    }

    @Test func recognitionIsDeterministicAndLeavesTheSessionUnchanged() throws {
        let session = started()
        let a = session.recognise("价钱是贵了，可是用久了更省")
        let b = session.recognise("价钱是贵了，可是用久了更省")
        #expect(a == b)
        #expect(session.turns.isEmpty)
    }

    @Test func withoutSimilarityOnlyPatternsCount() throws {
        let scorer = Session.scorer(for: scenario, rulebook: rulebook)
        var session = Session(scenario: scenario, scorer: scorer,
                              recognizer: ReplyRecognizer(scenario: scenario, matcher: scorer.matcher, similarity: false), seed: 1)
        session.start()
        let recognition = try #require(session.recognise("价格高一点没错，但一年省下来的墨水钱就回本了"))
        #expect(recognition.by == .none)
    }

    @Test func startingAtANodeWithStateSetsBoth() throws {
        var session = Session(scenario: scenario, rulebook: rulebook, seed: 1)
        #expect(session.start(at: "nowhere") == nil)
        let started = session.start(at: "close", setting: ["patience": .int(1)])
        let events = try #require(started)
        #expect(events.contains(.customer("那你说怎么办？")))
        #expect(session.state["patience"] == .int(1))
    }
}

/// What lint says about `ahead:`.
@Suite struct AheadLintTests {
    func diagnostics(_ ahead: String) throws -> [Diagnostic] {
        let yaml = RecognitionTests.yaml.replacingOccurrences(of: "ahead: [close]", with: "ahead: \(ahead)")
        let loaded = ScenarioLoader.load(text: yaml, path: "ahead.yaml")
        let scenario = try #require(loaded.value)
        let rulebook = try Fixtures.rulebook(PackagePaths.scenarios.appendingPathComponent("rulebook.yaml").path)
        return loaded.diagnostics + ScenarioValidator.validate(scenario, rulebook: rulebook)
    }

    @Test func aheadMustNameALaterNodeOfTheScenario() throws {
        let unknown = try diagnostics("[closse]")
        #expect(unknown.contains { $0.code == .unknownTarget && $0.message.contains("did you mean 'close'") }, "\(unknown)")
        let itself = try diagnostics("[price]")
        #expect(itself.contains { $0.code == .invalidValue && $0.message.contains("lists itself") })
        let ending = try diagnostics("[won]")
        #expect(ending.contains { $0.code == .unknownTarget && $0.message.contains("not the ending 'won'") })
        #expect(try diagnostics("[close]").filter { $0.severity == .error }.isEmpty)
    }
}

/// A "no" that is a real no, not a courtesy.
@Suite struct RealNegationTests {
    @Test(arguments: ["我们不提供试用", "这个月签不了", "We don't offer a trial.", "没法给您延期"])
    func aRealNoIsANo(_ text: String) { #expect(NormalizedText(text).hasRealNegation) }

    @Test(arguments: ["没关系，您先考虑", "没问题，下周见", "不好意思打扰了", "No problem, see you Monday.", "Don't worry, I'll bring it."])
    func aCourtesyIsNotANo(_ text: String) { #expect(!NormalizedText(text).hasRealNegation) }
}
