import Foundation
import Store

/// The team report as one self-contained HTML file: inline CSS and SVG charts, no script, no
/// external resource, so that it can be mailed around and opened anywhere.
///
/// Every value that a trainee or trainer typed is escaped (``HTML/escape(_:)``).
public struct HTMLReport: Sendable {
    public var title = "salessim · team report"

    public init() {}

    public func render(_ report: TeamReport) -> String {
        let trainees = report.trainees ?? []
        let finished = trainees.reduce(0) { $0 + $1.finished }
        let sessions = trainees.reduce(0) { $0 + $1.sessions }
        let passes = trainees.reduce(0) { $0 + $1.passes }
        let weighted = trainees.reduce(0.0) { $0 + ($1.average ?? 0) * Double($1.finished) }
        let average = finished == 0 ? nil : weighted / Double(finished)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
            h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
            .meta { color: #666; margin-top: 0; }
            .cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.2rem 0; }
            .card { background: #f6f8fa; border-radius: 8px; padding: .8rem 1.2rem; min-width: 120px; }
            .card b { display: block; font-size: 1.5rem; }
            table { border-collapse: collapse; width: 100%; font-size: .92rem; }
            th, td { padding: .35rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
            th { background: #fafafa; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .bar { display: inline-block; height: .7rem; border-radius: 2px; vertical-align: middle; margin-right: .4rem; }
            .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
            .legend span { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; margin-right: .35rem; vertical-align: -1px; }
            .pass { color: #1a7f37; font-weight: 600; } .fail { color: #b42318; }
            .chart { overflow-x: auto; }
            </style>
            </head>
            <body>
            <h1>\(HTML.escape(title))</h1>
            <p class="meta">\(HTML.escape(report.filterDescription)) · generated \(HTML.escape(ReportFormat.dateTime(report.generatedAt)))</p>
            <div class="cards">
            <div class="card"><b>\(trainees.count)</b>trainees</div>
            <div class="card"><b>\(sessions)</b>sessions</div>
            <div class="card"><b>\(finished)</b>finished</div>
            <div class="card"><b>\(ReportFormat.decimal(average))%</b>average score</div>
            <div class="card"><b>\(passes)</b>passes</div>
            </div>

            """
        if let progress = report.progress {
            html += "<h2>Score over time</h2>\n<p class=\"meta\">Each trainee's average score per day (finished sessions).</p>\n"
            html += "<div class=\"chart\">\(ScoreChart().svg(progress))</div>\n"
            var order: [String] = []
            for point in progress where !order.contains(point.trainee) { order.append(point.trainee) }
            html += "<ul class=\"legend\">" + order.enumerated().map { index, name in
                "<li><span style=\"background:\(ScoreChart.colour(index))\"></span>\(HTML.escape(name))</li>"
            }.joined() + "</ul>\n"
        }
        if let cells = report.traineeRules {
            let order = (report.rules ?? []).map(\.rule)
            html += "<h2>Skills by trainee</h2>\n<p class=\"meta\">Share of each rule's points earned (rules of the manual, the team's weakest on the left). Hover a cell for the points.</p>\n"
            html += "<div class=\"chart\">\(HeatMap().svg(cells, rules: order))</div>\n"
        }
        if let table = report.table(.trainee) { html += section(table) }
        if let rules = report.rules {
            html += "<h2>The team's weakest rules</h2>\n<table><thead><tr><th>rule</th><th>title</th><th>manual</th><th>points</th><th>share</th><th>met</th><th>missed</th><th>violated</th></tr></thead><tbody>\n"
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
            html += "<h2>Exams: who passed which scenario</h2>\n<table><thead><tr><th>trainee</th><th>scenario</th><th>attempts</th><th>best</th><th>result</th><th>first passed</th></tr></thead><tbody>\n"
            for exam in exams {
                html += "<tr><td>\(HTML.escape(exam.trainee))</td><td>\(HTML.escape(exam.title)) <small>(\(HTML.escape(exam.scenario)))</small></td>"
                html += "<td class=\"n\">\(exam.attempts)</td><td class=\"n\">\(exam.best)%</td>"
                html += exam.passed ? "<td class=\"pass\">passed</td>" : "<td class=\"fail\">not yet</td>"
                html += "<td>\(exam.passed ? HTML.escape(ReportFormat.dateTime(exam.firstPassed)) : "–")</td></tr>\n"
            }
            if exams.isEmpty { html += "<tr><td colspan=\"6\">No exams taken.</td></tr>\n" }
            html += "</tbody></table>\n"
        }
        html += "<p class=\"meta\" style=\"margin-top:2rem\">Scores count finished visits; abandoned and interrupted visits count as sessions only. Made by salessim.</p>\n</body>\n</html>\n"
        return html
    }

    /// A plain table section.
    func section(_ table: ReportTable) -> String {
        var html = "<h2>\(HTML.escape(table.title))</h2>\n<table><thead><tr>"
        html += table.header.map { "<th>\(HTML.escape($0))</th>" }.joined()
        html += "</tr></thead><tbody>\n"
        for row in table.rows {
            html += "<tr>" + row.enumerated().map { column, cell in
                table.numericColumns.contains(column) ? "<td class=\"n\">\(HTML.escape(cell))</td>" : "<td>\(HTML.escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        if table.rows.isEmpty { html += "<tr><td colspan=\"\(table.header.count)\">No sessions match.</td></tr>\n" }
        return html + "</tbody></table>\n"
    }
}
