import Foundation
import Store
import TerminalSafety

extension TeamReport {
    /// The computed sections as tables, in the order trainee, scenario, rule, progress, exam.
    public var tables: [ReportTable] {
        [traineeTable, scenarioTable, ruleTable, progressTable, examTable].compactMap { $0 }
    }

    /// The table of one section, when it was computed.
    public func table(_ kind: ReportKind) -> ReportTable? {
        switch kind {
        case .trainee: traineeTable
        case .scenario: scenarioTable
        case .rule: ruleTable
        case .progress: progressTable
        case .exam: examTable
        }
    }

    var traineeTable: ReportTable? {
        trainees.map { rows in
            ReportTable(
                title: "By trainee",
                header: ["trainee", "sessions", "finished", "average %", "best %", "passes", "replies", "s/reply",
                         "not understood %", "asked back", "hints", "knockouts", "median min", "last played"],
                rows: rows.map { row in
                    [TeamReport.name(row.trainee), String(row.sessions), String(row.finished), ReportFormat.decimal(row.average),
                     ReportFormat.integer(row.best), String(row.passes), String(row.replies),
                     ReportFormat.decimal(row.secondsPerReply)] + TeamReport.conductCells(row.conduct) + [ReportFormat.dateTime(row.lastPlayed)]
                },
                numericColumns: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        }
    }

    var scenarioTable: ReportTable? {
        scenarios.map { rows in
            ReportTable(
                title: "By scenario",
                header: ["scenario", "title", "sessions", "trainees", "finished", "average %", "passes", "won",
                         "not understood %", "asked back", "hints", "knockouts", "median min"],
                rows: rows.map { row in
                    [row.scenario, row.title, String(row.sessions), String(row.trainees), String(row.finished),
                     ReportFormat.decimal(row.average), String(row.passes), String(row.won)] + TeamReport.conductCells(row.conduct)
                },
                numericColumns: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        }
    }

    /// Not understood %, asked back, hints, knockouts (flagged "!" when any), median minutes.
    static func conductCells(_ conduct: Aggregate.Conduct?) -> [String] {
        guard let conduct else { return ["–", "–", "–", "–", "–"] }
        return [ReportFormat.decimal(conduct.notUnderstoodPercent), String(conduct.clarifications), String(conduct.hints),
                conduct.knockoutSessions == 0 ? "0" : "\(conduct.knockoutSessions)!",
                ReportFormat.decimal(conduct.medianSeconds.map { $0 / 60 })]
    }

    var ruleTable: ReportTable? {
        rules.map { rows in
            ReportTable(
                title: "By rule (the team's weakest first)",
                header: ["rule", "title", "manual", "earned", "possible", "%", "met", "missed", "violated"],
                rows: rows.map { row in
                    [row.rule, row.title, row.manual, String(row.earned), String(row.possible), ReportFormat.decimal(row.percent),
                     String(row.met), String(row.missed), String(row.violated)]
                },
                numericColumns: [3, 4, 5, 6, 7, 8])
        }
    }

    var progressTable: ReportTable? {
        progress.map { rows in
            ReportTable(
                title: "Progress over time (finished sessions per day)",
                header: ["trainee", "day", "sessions", "average %", "best %", "passes"],
                rows: rows.map { row in
                    [TeamReport.name(row.trainee), row.day, String(row.sessions), ReportFormat.decimal(row.average), String(row.best), String(row.passes)]
                },
                numericColumns: [2, 3, 4, 5])
        }
    }

    var examTable: ReportTable? {
        exams.map { rows in
            ReportTable(
                title: "Exams: who passed which scenario",
                header: ["trainee", "scenario", "title", "attempts", "best %", "passed", "first passed"],
                rows: rows.map { row in
                    [TeamReport.name(row.trainee), row.scenario, row.title, String(row.attempts), String(row.best), row.passed ? "yes" : "no",
                     row.passed ? ReportFormat.dateTime(row.firstPassed) : "–"]
                },
                numericColumns: [3, 4])
        }
    }
}

extension TeamReport {
    /// A trainee's name for a table cell: at most ``PersonName/maximumWidth`` columns, cut with
    /// an ellipsis (a store written before names were checked may hold longer ones).
    static func name(_ trainee: String) -> String {
        TerminalSafe.truncated(trainee, toWidth: PersonName.maximumWidth)
    }
}
