import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

/// The annotated transcript of a stored session (`salessim show`): each reply with its verdicts,
/// points and manual sections, then the score, per-rule totals and feedback.
public struct TranscriptView: Sendable {
    public init() {}

    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .met: "✔"
        case .missed: "○"
        case .violated: "✘"
        case .notApplicable: "·"
        }
    }

    /// Header facts shared by the text and HTML forms.
    func facts(_ record: SessionRecord) -> [(String, String)] {
        var facts: [(String, String)] = [
            ("session", "\(record.id) (\(record.uuid))"),
            ("trainee", record.trainee),
            ("scenario", "\(record.scenarioID) · \(record.scenarioTitle)"),
            ("mode", record.mode + (record.guided ? ", guided" : "") + (record.startNode.map { ", stretch from node \($0)" } ?? "") + " · seed \(record.seed)"),
            ("played", ReportFormat.dateTime(record.startedAt) + (record.endedAt.map { " – " + ReportFormat.dateTime($0) } ?? "")),
            ("status", record.status.rawValue + (record.endingID.map { " · ending \($0)" } ?? "") + (record.outcome.map { " (\($0.rawValue))" } ?? "")),
            ("rulebook", "v\(record.rulebookVersion) · scenario file \(record.scenarioHash)"),
        ]
        if record.hintsUsed > 0 { facts.append(("hints", String(record.hintsUsed))) }
        return facts
    }

    func scoreLine(_ record: SessionRecord) -> String {
        let card = record.scorecard
        var line = "score \(record.earned)/\(record.possible) = \(record.percent)% (pass mark \(record.passMark)%): "
        switch record.status {
        case .finished: line += record.passed ? "pass" : "fail"
        case .abandoned: line += "not finished (abandoned)"
        case .interrupted: line += "not finished (interrupted)"
        case .running: line += "still running"
        }
        if record.hintsUsed > 0 { line += " · \(record.hintsUsed) hint\(record.hintsUsed == 1 ? "" : "s") (−\(record.hintsUsed * Scorecard.hintPenalty))" }
        let knockouts = card?.knockouts ?? record.knockouts
        if !knockouts.isEmpty { line += " · knockout: " + knockouts.joined(separator: ", ") }
        return line
    }

    /// Plain text for the terminal.
    ///
    /// `coaching` (``Coaching/items(turns:scenario:rulebook:scorer:)`` against the scenario as it
    /// is now) is printed after the scorecard: for every rule lost, what to say instead.
    public func text(_ record: SessionRecord, coaching: [Coaching.Item] = []) -> String {
        var lines: [String] = []
        for (label, value) in facts(record) { lines.append(ReportTable.oneLine("\(label): \(value)")) }
        for turn in record.turns {
            lines.append("")
            lines.append("turn \(turn.index + 1) · \(turn.node) · \(turn.phase.rawValue)" + (turn.secondsTaken.map { " · " + ReportFormat.seconds($0) } ?? ""))
            if !turn.customerLine.isEmpty { lines.append("  customer: " + ReportTable.oneLine(turn.customerLine)) }
            lines.append("  > " + ReportTable.oneLine(turn.reply) + (turn.pickedOption.map { "  (option \($0))" } ?? ""))
            lines.append("    recognised: " + (turn.recognisedNumber.map { "reply \($0)" + (turn.recognisedOption.map { " «\(ReportTable.oneLine($0))»" } ?? "") } ?? "not understood (otherwise)")
                         + TranscriptView.understanding(turn.turn))
            for verdict in turn.verdicts {
                lines.append(verdictLine(verdict))
                if !verdict.reason.isEmpty { lines.append("        " + ReportTable.oneLine(verdict.reason)) }
            }
        }
        let endingResults = record.ruleResults.filter { $0.turnIndex == nil }
        if record.endingID != nil || !endingResults.isEmpty {
            lines.append("")
            lines.append("ending: \(record.endingID ?? "–")" + (record.outcome.map { " (\($0.rawValue))" } ?? ""))
            for result in endingResults {
                lines.append("    \(TranscriptView.mark(result.verdict)) \(result.rule) \(result.verdict.rawValue) \(result.earned)/\(result.possible) [manual \(result.manual)]")
            }
        }
        lines.append("")
        lines.append(scoreLine(record))
        let totals = record.scorecard?.rules ?? Scorecard.RuleTotal.totals(of: record.ruleResults)
        if !totals.isEmpty {
            let table = ReportTable(title: "", header: ["rule", "manual", "points", "met", "missed", "violated"],
                                    rows: totals.map { [$0.rule, $0.manual, "\($0.earned)/\($0.possible)", String($0.met), String($0.missed), String($0.violated)] },
                                    numericColumns: [2, 3, 4, 5])
            lines.append(table.terminalText().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        if let feedback = record.scorecard?.feedback, !feedback.isEmpty {
            lines.append("feedback:")
            for item in feedback {
                lines.append("  - [manual \(item.manual)] \(item.rule) \(item.verdict.rawValue): " + ReportTable.oneLine(item.text)
                             + (item.evidence.isEmpty ? "" : " 「\(ReportTable.oneLine(item.evidence))」"))
            }
        }
        if !coaching.isEmpty {
            lines.append("")
            lines.append("what to say instead (every rule that lost points):")
            for (index, item) in coaching.enumerated() {
                lines.append("  \(index + 1). turn \(item.turn) · \(item.node) · \(item.rule) \(item.verdict.rawValue) −\(item.lost)")
                lines.append("     said: " + ReportTable.oneLine(item.said))
                lines.append("     instead: " + (item.modelAnswer.map(ReportTable.oneLine) ?? "(no model answer at this node)"))
                if !item.words.isEmpty { lines.append("     manual \(item.manual): " + ReportTable.oneLine(item.words)) }
            }
        }
        return lines.joined(separator: "\n")
    }

    func verdictLine(_ verdict: RuleVerdict) -> String {
        let evidence = verdict.evidence.isEmpty ? "" : " 「\(ReportTable.oneLine(verdict.evidence))」"
        return "    \(TranscriptView.mark(verdict.verdict)) \(verdict.rule) \(verdict.verdict.rawValue) \(verdict.earned)/\(verdict.possible) [manual \(verdict.manual)]\(evidence)"
    }

    /// One self-contained HTML page; every typed value escaped.
    ///
    /// `backLink` (a page of `report --format html --output DIR`) links the page back to the team
    /// report it belongs to.
    public func html(_ record: SessionRecord, backLink: (href: String, label: String)? = nil) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="\(HTML.escape(record.scenarioLanguage))">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.escape("salessim · session \(record.id) · \(record.trainee)"))</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 900px; padding: 0 1rem; color: #222; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { color: #666; }
            .turn { border-left: 3px solid #ddd; padding: .2rem 0 .2rem 1rem; margin: 1.2rem 0; }
            .turn h3 { font-size: .95rem; color: #666; margin: 0 0 .4rem; font-weight: normal; }
            .customer { color: #444; } .reply { font-weight: 600; margin: .3rem 0; }
            ul.verdicts { list-style: none; padding-left: .5rem; margin: .3rem 0; }
            .met { color: #1a7f37; } .missed { color: #9a6700; } .violated { color: #b42318; }
            .reason { color: #555; font-size: .9rem; display: block; margin-left: 1.4rem; }
            table { border-collapse: collapse; } th, td { padding: .3rem .6rem; border-bottom: 1px solid #eee; text-align: left; } td.n { text-align: right; }
            @media print { @page { size: A4; margin: 12mm; } body { max-width: none; margin: 0; } .turn { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
            </style>
            </head>
            <body>
            \(backLink.map { "<p><a href=\"\(HTML.escape($0.href))\">\(HTML.escape($0.label))</a></p>" } ?? "")
            <h1>\(HTML.escape(record.scenarioTitle))</h1>
            <dl>

            """
        for (label, value) in facts(record) { html += "<dt>\(HTML.escape(label))</dt><dd>\(HTML.escape(value))</dd>\n" }
        html += "</dl>\n"
        for turn in record.turns {
            html += "<div class=\"turn\"><h3>turn \(turn.index + 1) · \(HTML.escape(turn.node)) · \(HTML.escape(turn.phase.rawValue))\(turn.secondsTaken.map { " · " + ReportFormat.seconds($0) } ?? "")</h3>\n"
            if !turn.customerLine.isEmpty { html += "<div class=\"customer\">customer: \(HTML.escape(turn.customerLine))</div>\n" }
            html += "<div class=\"reply\">&gt; \(HTML.escape(turn.reply))\(turn.pickedOption.map { " <small>(option \($0))</small>" } ?? "")</div>\n"
            html += "<div class=\"customer\">recognised: \(turn.recognisedNumber.map { "reply \($0)" + (turn.recognisedOption.map { " «\(HTML.escape($0))»" } ?? "") } ?? "not understood")\(HTML.escape(TranscriptView.understanding(turn.turn)))</div>\n"
            html += "<ul class=\"verdicts\">"
            for verdict in turn.verdicts {
                html += "<li class=\"\(verdict.verdict.rawValue)\">\(TranscriptView.mark(verdict.verdict)) <b>\(HTML.escape(verdict.rule))</b> \(verdict.verdict.rawValue) \(verdict.earned)/\(verdict.possible) [manual \(HTML.escape(verdict.manual))]"
                if !verdict.evidence.isEmpty { html += " 「\(HTML.escape(verdict.evidence))」" }
                if !verdict.reason.isEmpty { html += "<span class=\"reason\">\(HTML.escape(verdict.reason))</span>" }
                html += "</li>"
            }
            html += "</ul></div>\n"
        }
        html += "<h2>\(HTML.escape(scoreLine(record)))</h2>\n"
        let totals = record.scorecard?.rules ?? Scorecard.RuleTotal.totals(of: record.ruleResults)
        html += "<table><tr><th>rule</th><th>title</th><th>manual</th><th>points</th><th>met</th><th>missed</th><th>violated</th></tr>\n"
        for total in totals {
            html += "<tr><td>\(HTML.escape(total.rule))</td><td>\(HTML.escape(total.title))</td><td>\(HTML.escape(total.manual))</td><td class=\"n\">\(total.earned)/\(total.possible)</td><td class=\"n\">\(total.met)</td><td class=\"n\">\(total.missed)</td><td class=\"n\">\(total.violated)</td></tr>\n"
        }
        html += "</table>\n"
        if let feedback = record.scorecard?.feedback, !feedback.isEmpty {
            html += "<h2>Feedback</h2><ul>"
            for item in feedback {
                html += "<li class=\"\(item.verdict.rawValue)\">[manual \(HTML.escape(item.manual))] <b>\(HTML.escape(item.rule))</b>: \(HTML.escape(item.text))\(item.evidence.isEmpty ? "" : " 「\(HTML.escape(item.evidence))」")</li>"
            }
            html += "</ul>\n"
        }
        return html + "</body>\n</html>\n"
    }

    /// How a reply was understood when it was not simply by a pattern: " (by similarity 0.61)".
    static func understanding(_ turn: Turn) -> String {
        switch turn.understoodBy {
        case .pattern, .none: ""
        case .similarity: " (by similarity" + (turn.similarity.map { String(format: " %.2f", $0) } ?? "") + ")"
        case .confirmation: " (after the customer asked back)"
        case .clarification: " (the customer asked back)"
        }
    }
}
