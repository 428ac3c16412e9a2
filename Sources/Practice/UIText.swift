import Foundation
import ScenarioKit
import Simulation

/// The two languages of the program's own text.
public enum UILanguage: String, Sendable, CaseIterable {
    case zhHans = "zh-Hans"
    case en

    /// The UI language that follows a scenario's language.
    public init(following language: ScenarioLanguage) {
        self = language == .en ? .en : .zhHans
    }
}

/// Every piece of text the REPL shows, in zh-Hans and en.
public struct UIText: Sendable {
    public let language: UILanguage

    public init(_ language: UILanguage) {
        self.language = language
    }

    func t(_ zh: String, _ en: String) -> String { language == .en ? en : zh }

    var you: String { t("你", "you") }
    /// ": " in English, "：" in Chinese.
    var colon: String { t("：", ": ") }
    var narrationMark: String { "*" }
    var patience: String { t("耐心", "patience") }
    var trust: String { t("信任", "trust") }
    var practiceMode: String { t("练习模式：每轮之后显示反馈", "practice mode: feedback after every reply") }
    func stretch(from node: String) -> String { t("片段练习：从节点 \(node) 开始（记录为片段，不计入完整拜访）", "a stretch of practice from node \(node) (recorded as a stretch, apart from whole visits)") }
    var examMode: String { t("考试模式：结束后才显示成绩，不能用提示", "exam mode: the score comes at the end; no hints") }
    var typeHelp: String { t("用中文或英文回答客户；输入 /help 查看命令，/options 查看可选回答。", "Answer the customer in your own words; /help lists commands, /options shows choices.") }
    var coachingTitle: String { t("怎么说更好（每条失分的规则）", "What to say instead (every rule that lost points)") }
    func coachingTurn(_ turn: Int, _ node: String) -> String { t("第 \(turn) 轮 · \(node)", "turn \(turn) · \(node)") }
    var youSaid: String { t("你说", "you said") }
    var sayInstead: String { t("可以这样说", "try") }
    var noModelAnswer: String { t("（这个节点没有现成的示范回答）", "(no model answer at this node)") }
    var examTypeHelp: String { t("用中文或英文回答客户；输入 /help 查看命令。考试没有提示和可选回答。", "Answer the customer in your own words; /help lists commands. An exam has no hints and no choices.") }
    public func roleName(_ role: Role) -> String { self.role(role) }
    public func temperamentName(_ temperament: Temperament) -> String { self.temperament(temperament) }

    /// The customer's role, temperament and kind, as the header shows them.
    func role(_ role: Role) -> String {
        switch role {
        case .gatekeeper: t("守门人", "gatekeeper")
        case .decisionMaker: t("决策人", "decision-maker")
        case .influencer: t("影响者", "influencer")
        case .executor: t("执行者", "executor")
        case .user: t("使用者", "user")
        }
    }
    func temperament(_ temperament: Temperament) -> String {
        switch temperament {
        case .impatient: t("急躁型", "impatient")
        case .hesitant: t("犹豫型", "hesitant")
        case .capricious: t("善变型", "capricious")
        }
    }
    func kind(_ kind: CustomerKind) -> String {
        switch kind {
        case .existing: t("老客户", "existing customer")
        case .new: t("新客户", "new customer")
        case .longUndecided: t("久拖未决的客户", "long-undecided customer")
        }
    }
    /// "130/144 = 90%", or with hints "130/144 = 90%, 1 hint −5% = 85%": points, then the
    /// deduction, then the percentage, so the arithmetic reads right.
    func scoreArithmetic(earned: Int, possible: Int, percent: Int, hints: Int, penalty: Int) -> String {
        let raw = possible == 0 ? 0 : earned * 100 / possible
        guard hints > 0 else { return "\(earned)/\(possible) = \(percent)%" }
        return t("\(earned)/\(possible) = \(raw)%，提示 \(hints) 次 −\(hints * penalty)% = \(percent)%",
                 "\(earned)/\(possible) = \(raw)%, \(hints) hint\(hints == 1 ? "" : "s") −\(hints * penalty)% = \(percent)%")
    }
    var customerProfile: String { t("客户档案", "Customer file") }
    var noProfile: String { t("这次拜访没有客户档案。", "There is no customer file for this visit.") }
    var noHint: String { t("这里没有提示。", "No hint here.") }
    var hintsRefused: String { t("考试模式不能使用提示。", "Hints are not allowed in exam mode.") }
    func hintCost(_ points: Int) -> String { t("（提示会扣 \(points) 分）", "(a hint costs \(points) points)") }
    var guidedOn: String { t("引导模式：输入编号选择回答（本次练习记为引导模式）。", "Guided mode: type a number to pick a reply (this session is marked as guided).") }
    var noOptions: String { t("这里没有可选的回答，请自己组织语言。", "No choices here: answer in your own words.") }
    var optionsRefused: String { t("考试模式没有可选回答。", "Exam mode offers no choices.") }
    func noSuchOption(_ n: Int, _ count: Int) -> String {
        t("没有第 \(n) 个选项（共 \(count) 个）。", "There is no option \(n) (there are \(count)).")
    }
    var notUnderstood: String { t("（客户没听出你的意思）", "(the customer did not follow you)") }
    func recognised(_ option: String?) -> String {
        option.map { t("识别为：\($0)", "recognised as: \($0)") } ?? t("已识别", "recognised")
    }
    /// "understood as 2: 「…」, similarity 0.74" (a reply taken by similarity, not by a pattern).
    func understoodBySimilarity(_ number: Int, _ words: String, _ similarity: Double) -> String {
        let score = String(format: "%.2f", similarity)
        return t("按相近说法理解为第 \(number) 种回答：「\(words)」，相似度 \(score)", "understood as \(number): “\(words)”, similarity \(score)")
    }
    func understoodByConfirmation(_ number: Int, _ words: String) -> String {
        t("你确认了：第 \(number) 种回答「\(words)」", "you confirmed: \(number) “\(words)”")
    }
    func clarifying(_ number: Int, _ similarity: Double) -> String {
        let score = String(format: "%.2f", similarity)
        return t("（客户没完全听懂，在问你是不是第 \(number) 种意思，相似度 \(score)；不扣耐心，回答“对”或换个说法）",
                 "(the customer is not sure and asks whether you meant option \(number), similarity \(score); no patience lost: answer \"yes\" or say it another way)")
    }
    var answeredEarly: String { t("（你提前说到了下一步，客户跟上了）", "(you answered a step early; the customer followed)") }
    func closestMissing(_ words: [String]) -> String {
        t("最接近的说法还缺：\(words.joined(separator: "、"))", "the closest expected reply also had: \(words.joined(separator: ", "))")
    }
    var nothingToExplain: String { t("还没有可解释的判定。", "No verdicts to explain yet.") }
    var lastVerdicts: String { t("上一轮的判定：", "Verdicts on your last reply:") }
    func unknownCommand(_ c: String) -> String {
        t("未知命令 \(c)。输入 /help 查看命令（这句话没有发给客户）。", "Unknown command \(c). Type /help for the commands (nothing was said to the customer).")
    }
    var emptyLine: String { t("（请输入你的回答，/help 查看命令）", "(type your reply, or /help)") }
    func tooLong(_ count: Int, _ limit: Int) -> String {
        t("回答太长了（\(count) 个字，上限 \(limit)），请说得简短些。这句话没有发给客户。", "That reply is too long (\(count) characters; the limit is \(limit)). Say it more briefly; nothing was said to the customer.")
    }
    var invalidText: String {
        t("输入里有无效的字符（不是 UTF-8 文字），请重新输入。", "The input held invalid bytes (not UTF-8 text); please type it again.")
    }
    var interrupted: String { t("（已取消这一行）", "(line cancelled)") }
    var restarting: String { t("重新开始这次拜访：刚才的拜访已记为中止。", "Starting the visit again: the visit so far is kept as abandoned.") }
    var abandoned: String { t("拜访已中止，记录已保存。", "Visit abandoned; the record is kept.") }

    func notice(_ notice: RecorderNotice) -> String {
        switch notice {
        case let .keptLocally(server, reason):
            return t("连不上成绩服务器 \(server)（\(reason)）。你的回答先保存在本机，服务器恢复后自动送达，可以继续练习。",
                     "Cannot reach the results server \(server) (\(reason)). Your replies are kept on this machine and delivered when it is back; carry on.")
        case let .delivered(server, steps):
            return t("成绩服务器 \(server) 已恢复：本机保存的 \(steps) 条记录已送达。",
                     "The results server \(server) is back: \(steps) kept records delivered.")
        }
    }
    var sessionEnded: String { t("拜访结束", "The visit is over") }
    func outcome(_ outcome: Outcome) -> String {
        switch outcome {
        case .won: return t("成交", "deal won")
        case .lost: return t("未成交", "deal lost")
        case .open: return t("待定", "deal still open")
        }
    }
    var score: String { t("得分", "Score") }
    var passed: String { t("通过", "PASS") }
    var failed: String { t("未通过", "FAIL") }
    func passMark(_ mark: Int) -> String { t("及格线 \(mark)%", "pass mark \(mark)%") }
    var knockout: String { t("一票否决", "knockout") }
    var feedbackTitle: String { t("最有用的三条反馈", "The three most useful pieces of feedback") }
    var rule: String { t("规则", "rule") }
    var manual: String { t("手册", "manual") }
    var points: String { t("得分", "points") }
    var verdictsHeader: String { t("判定", "verdicts") }
    func hintsUsed(_ n: Int) -> String { t("使用提示 \(n) 次", "\(n) hint\(n == 1 ? "" : "s") used") }
    var soFar: String { t("目前", "So far") }
    var pickScenario: String { t("选择一个场景（输入编号或 id，Tab 补全）：", "Pick a scenario (number or id; Tab completes):") }
    var yourAssignments: String { t("你的作业：", "Your assignments:") }
    func assigned(exam: Bool, due: String?, overdue: Bool) -> String {
        let kind = exam ? t("考试", "exam") : t("练习", "practice")
        guard let due else { return kind }
        return kind + (overdue ? t("，已过期（\(due)）", ", overdue (\(due))") : t("，截止 \(due)", ", due \(due)"))
    }
    func examAssignmentReminder(_ id: String) -> String {
        t("提示：「\(id)」布置的是考试；这次练习不算完成作业，考试请用 salessim play \(id) --exam。",
          "Note: '\(id)' is assigned to you as an exam; this practice does not complete it (salessim play \(id) --exam does).")
    }
    var noScenarios: String { t("没有可练习的场景。", "There are no scenarios to practise.") }
    func noSuchScenario(_ s: String) -> String { t("没有场景「\(s)」。", "No scenario '\(s)'.") }
    func verdict(_ v: Verdict) -> String { v.name(english: language == .en) }

    var help: String {
        t("""
        命令：
          /help      显示本帮助
          /options   引导模式：列出编号选项，输入编号即可选择
          /hint      提示（扣分；考试模式不可用）
          /profile   拜访前准备的客户档案
          /score     目前的得分
          /why       解释上一轮的判定（引用手册原文）
          /restart   重新开始这次拜访
          /quit      结束（记为中止，记录会保留）
        Ctrl-C 取消正在输入的一行；Ctrl-D 结束拜访。
        """, """
        Commands:
          /help      this help
          /options   guided mode: numbered choices; type a number to pick one
          /hint      a hint (costs points; not in exam mode)
          /profile   the customer file prepared before the visit
          /score     the score so far
          /why       explain the verdicts on your last reply, citing the manual
          /restart   start this visit again
          /quit      end the visit (kept as abandoned)
        Ctrl-C cancels the line being typed; Ctrl-D ends the visit.
        """)
    }

    /// The meta-commands, for completion.
    public static let commands = ["/help", "/options", "/hint", "/profile", "/score", "/why", "/restart", "/quit"]
}
