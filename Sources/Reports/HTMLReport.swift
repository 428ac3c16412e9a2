import Foundation
import ScenarioKit
import Store

/// The team report as one self-contained HTML file: inline CSS and SVG charts, no script, no
/// external resource, so that it can be mailed around and opened anywhere.
///
/// Every value that a trainee or trainer typed is escaped (``HTML/escape(_:)``).
public struct HTMLReport: Sendable {
    /// The page's words (`--lang`).
    public var text: ReportText
    /// Rules whose violation fails a session: flagged "!" in the heat map.
    public var knockoutRules: Set<String>
    /// The sessions the report covers, each with the file of its own page (`--output DIR`);
    /// nil when the report is one file.
    public var sessionPages: [SessionPage]?

    /// A session listed in the report, with the file of its page.
    public struct SessionPage: Sendable {
        public var id: Int64
        public var trainee: String
        public var scenario: String
        public var startedAt: Date
        public var status: String
        public var percent: Int
        public var passed: Bool
        public var knockouts: [String]
        public var file: String

        public init(_ record: SessionRecord, file: String) {
            id = record.id
            trainee = record.trainee
            scenario = record.scenarioID
            startedAt = record.startedAt
            status = record.status.rawValue
            percent = record.percent
            passed = record.passed
            knockouts = record.knockouts
            self.file = file
        }
    }

    public init(text: ReportText = ReportText(.en), knockoutRules: Set<String> = [], sessionPages: [SessionPage]? = nil) {
        self.text = text
        self.knockoutRules = knockoutRules
        self.sessionPages = sessionPages
    }

    /// The page's style: screen, and print on A4 landscape.
    static let style = """
        body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
        .meta { color: #666; margin-top: 0; }
        .note { background: #fff4e5; border-left: 4px solid #f79009; padding: .5rem .8rem; }
        .cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.2rem 0; }
        .card { background: #f6f8fa; border-radius: 8px; padding: .8rem 1.2rem; min-width: 120px; }
        .card b { display: block; font-size: 1.5rem; }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { padding: .35rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
        th { background: #fafafa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .bar { display: inline-block; height: .7rem; border-radius: 2px; vertical-align: middle; margin-right: .4rem; }
        .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
        .legend span { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .35rem; vertical-align: -1px; }
        ol.rules { columns: 2; font-size: .9rem; } ol.rules code { color: #555; }
        .pass { color: #1a7f37; font-weight: 600; } .fail { color: #b42318; } .ko { color: #b42318; font-weight: 700; }
        .chart { overflow-x: auto; }
        @media print {
          @page { size: A4 landscape; margin: 12mm; }
          body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
          .chart { overflow: visible; } .chart svg { max-width: 100%; height: auto; }
          h2 { break-after: avoid; } tr, .card, svg { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    public func render(_ report: TeamReport) -> String {
        let trainees = report.trainees ?? []
        let finished = trainees.reduce(0) { $0 + $1.finished }
        let sessions = trainees.reduce(0) { $0 + $1.sessions }
        let passes = trainees.reduce(0) { $0 + $1.passes }
        let weighted = trainees.reduce(0.0) { $0 + ($1.average ?? 0) * Double($1.finished) }
        let average = finished == 0 ? nil : weighted / Double(finished)
        var html = """
            <!DOCTYPE html>
            <html lang="\(text.htmlLanguage)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(text.teamReport))</title>
            <style>
            \(HTMLReport.style)
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(text.teamReport))</h1>
            <p class="meta">\(HTML.escape(text.describe(report.filter))) · \(text.generated) \(HTML.escape(ReportFormat.dateTime(report.generatedAt)))</p>
            <div class="cards">
            <div class="card"><b>\(trainees.count)</b>\(text.trainees)</div>
            <div class="card"><b>\(sessions)</b>\(text.sessions)</div>
            <div class="card"><b>\(finished)</b>\(text.finished)</div>
            <div class="card"><b>\(ReportFormat.decimal(average))%</b>\(text.averageScore)</div>
            <div class="card"><b>\(passes)</b>\(text.passes)</div>
            </div>

            """
        if let note = report.mixedVersionsNote {
            html += "<p class=\"note\"><b>\(text.mixedVersions):</b> \(HTML.escape(note))</p>\n"
        }
        if let progress = report.progress {
            html += "<h2>\(text.scoreOverTime)</h2>\n<p class=\"meta\">\(text.scoreOverTimeNote)</p>\n"
            html += "<div class=\"chart\">\(ScoreChart().svg(progress, empty: text.noFinished))</div>\n"
            var order: [String] = []
            for point in progress where !order.contains(point.trainee) { order.append(point.trainee) }
            html += "<ul class=\"legend\">" + order.enumerated().map { index, name in
                "<li><span style=\"background:\(ScoreChart.colour(index))\"></span>\(HTML.escape(name))</li>"
            }.joined() + "</ul>\n"
        }
        if let cells = report.traineeRules {
            let rules = report.rules ?? []
            let order = rules.isEmpty ? Array(Set(cells.map(\.rule))).sorted() : rules.map(\.rule)
            html += "<h2>\(text.skillsByTrainee)</h2>\n<p class=\"meta\">\(HTML.escape(text.skillsNote))</p>\n"
            html += "<div class=\"chart\">\(HeatMap().svg(cells, rules: order, knockouts: knockoutRules))</div>\n"
            // NB: the column labels are numbers; the rules are written out here, so the map reads
            // the same printed or mailed as on screen.
            let titles = Dictionary(rules.map { ($0.rule, $0.title) }, uniquingKeysWith: { first, _ in first })
            html += "<ol class=\"rules\">" + order.map { rule in
                let title = titles[rule].map { $0 == rule ? "" : " " + HTML.escape($0) } ?? ""
                return "<li><code>\(HTML.escape(rule))</code>\(title)\(knockoutRules.contains(rule) ? " <span class=\"ko\">!</span>" : "")</li>"
            }.joined() + "</ol>\n"
        }
        if let table = report.table(.trainee) { html += section(table) }
        if let rules = report.rules {
            html += "<h2>\(text.weakestRules)</h2>\n<table><thead><tr>" + ["rule", "title", "manual", "points", "share", "met", "missed", "violated"].map { "<th>\(text.header($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for rule in rules {
                let percent = rule.percent ?? 0
                html += "<tr><td>\(HTML.escape(rule.rule))</td><td>\(HTML.escape(rule.title))</td><td>\(HTML.escape(rule.manual))</td>"
                html += "<td class=\"n\">\(rule.earned)/\(rule.possible)</td>"
                html += "<td><span class=\"bar\" style=\"width:\(Int(percent))px;background:\(HeatMap.colour(rule.percent))\"></span>\(ReportFormat.decimal(rule.percent))%</td>"
                html += "<td class=\"n\">\(rule.met)</td><td class=\"n\">\(rule.missed)</td><td class=\"n\">\(rule.violated)</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        if let table = report.table(.scenario) { html += section(table) }
        if let exams = report.exams {
            html += "<h2>\(text.exams)</h2>\n<table><thead><tr>" + ["trainee", "scenario", "attempts", "best", "result", "first passed"].map { "<th>\(text.header($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for exam in exams {
                html += "<tr><td>\(HTML.escape(exam.trainee))</td><td>\(HTML.escape(exam.title)) <small>(\(HTML.escape(exam.scenario)))</small></td>"
                html += "<td class=\"n\">\(exam.attempts)</td><td class=\"n\">\(exam.best)%</td>"
                html += exam.passed ? "<td class=\"pass\">\(text.passed)</td>" : "<td class=\"fail\">\(text.notYet)</td>"
                html += "<td>\(exam.passed ? HTML.escape(ReportFormat.dateTime(exam.firstPassed)) : "–")</td></tr>\n"
            }
            if exams.isEmpty { html += "<tr><td colspan=\"6\">\(text.noExams)</td></tr>\n" }
            html += "</tbody></table>\n"
        }
        if let pages = sessionPages {
            html += "<h2>\(text.sessionList)</h2>\n<table><thead><tr>" + ["id", "trainee", "scenario", "started", "status", "score %", "knockouts"].map { "<th>\(text.header($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for page in pages {
                html += "<tr><td class=\"n\"><a href=\"\(HTML.escape(page.file))\">\(page.id)</a></td><td>\(HTML.escape(page.trainee))</td><td>\(HTML.escape(page.scenario))</td>"
                html += "<td>\(HTML.escape(ReportFormat.dateTime(page.startedAt)))</td><td>\(HTML.escape(page.status))</td>"
                html += "<td class=\"n \(page.passed ? "pass" : "fail")\">\(page.percent)</td>"
                html += "<td>\(page.knockouts.isEmpty ? "–" : "<span class=\"ko\">! " + HTML.escape(page.knockouts.joined(separator: ", ")) + "</span>")</td></tr>\n"
            }
            if pages.isEmpty { html += "<tr><td colspan=\"7\">\(text.noSessions)</td></tr>\n" }
            html += "</tbody></table>\n"
        }
        html += "<p class=\"meta\" style=\"margin-top:2rem\">\(text.footer)</p>\n</body>\n</html>\n"
        return html
    }

    /// A plain table section.
    func section(_ table: ReportTable) -> String {
        var html = "<h2>\(HTML.escape(text.header(table.title)))</h2>\n<table><thead><tr>"
        html += table.header.map { "<th>\(HTML.escape(text.header($0)))</th>" }.joined()
        html += "</tr></thead><tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.enumerated().map { column, cell in
                table.numericColumns.contains(column) ? "<td class=\"n\">\(HTML.escape(cell))</td>" : "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        if table.rows.isEmpty { html += "<tr><td colspan=\"\(table.header.count)\">\(text.noSessions)</td></tr>\n" }
        return html + "</tbody></table>\n"
    }
}
