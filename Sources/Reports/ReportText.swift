import ScenarioKit
import Store

/// The words of the HTML report and session pages, in the language asked (`--lang`).
public struct ReportText: Sendable {
    public var language: ScenarioLanguage

    public init(_ language: ScenarioLanguage) {
        self.language = language
    }

    var english: Bool { language == .en }
    /// The `lang` attribute of the page.
    var htmlLanguage: String { language.rawValue }

    func t(_ chinese: String, _ english: String) -> String { self.english ? english : chinese }

    var teamReport: String { t("salessim · 团队报告", "salessim · team report") }
    var trainees: String { t("学员", "trainees") }
    var sessions: String { t("次练习", "sessions") }
    var finished: String { t("次完成", "finished") }
    var averageScore: String { t("平均分", "average score") }
    var passes: String { t("次及格", "passes") }
    var generated: String { t("生成于", "generated") }
    var scoreOverTime: String { t("分数走势", "Score over time") }
    var scoreOverTimeNote: String { t("每位学员每天的平均分（只计完成的拜访）。", "Each trainee's average score per day (finished sessions).") }
    var skillsByTrainee: String { t("各学员的技能", "Skills by trainee") }
    var skillsNote: String {
        t("每条规则得分占应得分的比例（手册规则，全队最弱的在左）。格子里的数字是百分比；“!”表示违反了一票否决的规则。规则的编号见下表。",
          "Share of each rule's points earned (rules of the manual, the team's weakest on the left). The number in a cell is the percentage; \"!\" marks a knockout rule violated. The columns are numbered; the rules are listed below.")
    }
    var weakestRules: String { t("全队最弱的规则", "The team's weakest rules") }
    var exams: String { t("考试：谁通过了哪个场景", "Exams: who passed which scenario") }
    var passed: String { t("通过", "passed") }
    var notYet: String { t("未通过", "not yet") }
    var noExams: String { t("还没有考试。", "No exams taken.") }
    var noSessions: String { t("没有符合条件的练习。", "No sessions match.") }
    var footer: String {
        t("分数只计完成的拜访；中止和中断的拜访只计次数。由 salessim 生成。", "Scores count finished visits; abandoned and interrupted visits count as sessions only. Made by salessim.")
    }
    var sessionList: String { t("本报告涵盖的练习", "The sessions this report covers") }
    var noFinished: String { t("还没有完成的拜访", "no finished sessions") }

    /// What a report's filter covers, in the page's language (every report says it).
    public func describe(_ filter: ReportFilter) -> String {
        var parts: [String] = []
        if let trainee = filter.trainee { parts.append(t("学员 \(trainee)", "trainee \(trainee)")) }
        if let scenario = filter.scenario { parts.append(t("场景 \(scenario)", "scenario \(scenario)")) }
        if let since = filter.since { parts.append(t("自 \(ReportFormat.dateTime(since))", "from \(ReportFormat.dateTime(since))")) }
        if let until = filter.until { parts.append(t("到 \(ReportFormat.dateTime(until)) 之前", "before \(ReportFormat.dateTime(until))")) }
        switch filter.mode {
        case .practice: parts.append(t("练习（引导和自由作答；考试另计）", "practice visits (guided and free; exams apart)"))
        case .guided: parts.append(t("只含引导练习", "guided practice only"))
        case .free: parts.append(t("只含自由作答的练习", "free practice only (typed, no options)"))
        case .exam: parts.append(t("只含考试", "exams only"))
        case nil: parts.append(t("所有方式", "every mode"))
        }
        switch filter.stretches {
        case .excluded: parts.append(t("完整拜访（不含从某节点开始的片段练习）", "whole visits (stretches from a node left out)"))
        case .only: parts.append(t("只含片段练习", "stretches from a node only"))
        case .included: parts.append(t("完整拜访和片段练习", "visits and stretches from a node"))
        }
        parts.append(filter.scripted ? t("含脚本输入的练习", "scripted sessions included")
                                     : t("只含在终端输入的练习（不含脚本输入）", "typed at a terminal (scripted sessions left out)"))
        if let version = filter.rulebookVersion { parts.append(t("规则书 v\(version)", "rulebook v\(version)")) }
        return parts.joined(separator: " · ")
    }

    public var backToReport: String { t("← 返回团队报告", "← back to the team report") }
    var mixedVersions: String { t("注意", "Note") }

    /// A table title or column header of the terminal reports, in the page's language.
    func header(_ english: String) -> String {
        guard !self.english else { return english }
        return ReportText.chinese[english] ?? english
    }

    static let chinese: [String: String] = [
        "By trainee": "按学员", "By scenario": "按场景", "By rule (the team's weakest first)": "按规则（全队最弱的在前）",
        "Progress over time (finished sessions per day)": "每天的进步（完成的拜访）", "Exams: who passed which scenario": "考试：谁通过了哪个场景",
        "trainee": "学员", "sessions": "练习", "finished": "完成", "average %": "平均 %", "best %": "最好 %", "passes": "及格",
        "replies": "回答", "s/reply": "秒/回答", "not understood %": "没听懂 %", "asked back": "被反问", "hints": "提示",
        "knockouts": "一票否决", "median min": "中位分钟", "last played": "最近练习", "scenario": "场景", "title": "标题",
        "trainees": "学员数", "won": "成交", "rule": "规则", "manual": "手册", "earned": "得分", "possible": "应得", "%": "%",
        "met": "做到", "missed": "没做到", "violated": "做反了", "points": "分数", "share": "比例", "id": "编号", "mode": "方式",
        "rulebook": "规则书", "started": "开始", "minutes": "分钟", "status": "状态", "outcome": "结果", "score %": "分数 %",
        "pass": "及格", "not understood": "没听懂", "day": "日期", "average": "平均", "best": "最好", "attempts": "次数",
        "passed": "通过", "first passed": "首次通过", "result": "结果",
    ]
}
