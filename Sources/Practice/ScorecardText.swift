import ScenarioKit
import Simulation
import LineEditor
import Scoring

/// Scorecards and verdicts as text for the terminal, in the UI language.
public struct ScorecardText {
    let text: UIText
    let style: Style
    let width: (String) -> Int

    public init(language: UILanguage, colour: Bool = false, width: @escaping (String) -> Int = TerminalText.displayWidth) {
        text = UIText(language)
        style = Style(enabled: colour)
        self.width = width
    }

    init(text: UIText, style: Style) {
        self.text = text
        self.style = style
        width = TerminalText.displayWidth
    }

    func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .met: return style.good("✔")
        case .missed: return style.warn("○")
        case .violated: return style.bad("✘")
        case .notApplicable: return "·"
        }
    }

    /// One line per verdict after a turn in practice mode. The trainee's words are not repeated:
    /// a verdict whose evidence is the whole reply shows none, one that rests on part of it quotes
    /// that part, short (at most 16 characters).
    public func turnFeedback(_ verdicts: [RuleVerdict], reply: String = "") -> String {
        let whole = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        return verdicts.map { verdict in
            let span = verdict.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
            let evidence = span.isEmpty || span == whole ? "" : " 「\(Session.shortened(span, limit: 16))」"
            return "  \(mark(verdict.verdict)) \(verdict.rule) \(verdict.earned)/\(verdict.possible) [\(text.manual) \(verdict.manual)]\(evidence)"
        }.joined(separator: "\n")
    }


    /// `/why`: each verdict with the rulebook's explanation quoting the manual.
    public func explain(_ verdicts: [RuleVerdict], rulebook: Rulebook) -> String {
        verdicts.map { verdict in
            let title = rulebook.rule(verdict.rule)?.title.text(for: text.language == .en ? .en : .zhHans) ?? verdict.rule
            var lines = ["\(mark(verdict.verdict)) \(title) (\(verdict.rule), \(text.manual) \(verdict.manual)): \(text.verdict(verdict.verdict)) \(verdict.earned)/\(verdict.possible)"]
            if !verdict.evidence.isEmpty { lines.append("    「\(verdict.evidence)」") }
            if !verdict.reason.isEmpty { lines.append("    " + verdict.reason) }
            if let nearMiss = verdict.nearMiss { lines.append("    → " + nearMiss) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// A short summary (`/score`, abandoned sessions).
    public func summary(_ card: Scorecard, title: String) -> String {
        "\(title)\(text.colon)" + text.scoreArithmetic(earned: card.earned, possible: card.possible, percent: card.percent,
                                                       hints: card.hintsUsed, penalty: Scorecard.hintPenalty)
            + " (\(text.passMark(card.passMark)))"
            + (card.knockouts.isEmpty ? "" : " — " + style.bad(text.knockout + ": " + card.knockouts.joined(separator: ", ")))
    }

    /// For every rule lost: the turn, the trainee's words, the model answer, the manual's words.
    public func coaching(_ items: [Coaching.Item]) -> String {
        guard !items.isEmpty else { return "" }
        var lines = [style.bold(text.coachingTitle) + text.colon]
        for (index, item) in items.enumerated() {
            lines.append("  \(index + 1). \(mark(item.verdict)) \(text.coachingTurn(item.turn, item.node)) · \(item.title) (\(item.rule)) −\(item.lost)")
            lines.append("     \(text.youSaid)\(text.colon)「\(item.said)」")
            lines.append("     " + (item.modelAnswer.map { "\(text.sayInstead)\(text.colon)「\($0)」" } ?? text.noModelAnswer))
            if !item.words.isEmpty { lines.append("     \(text.manual) \(item.manual)\(text.colon)\(item.words)") }
        }
        return lines.joined(separator: "\n")
    }

    /// The scorecard at the end of a visit.
    public func final(_ card: Scorecard, rulebook: Rulebook) -> String {
        var lines: [String] = []
        let outcome = card.outcome.map(text.outcome) ?? "-"
        lines.append(style.bold("== \(text.sessionEnded)\(text.colon)\(outcome) =="))
        let verdict = card.passed ? style.good(text.passed) : style.bad(text.failed)
        lines.append("\(text.score)\(text.colon)" + text.scoreArithmetic(earned: card.earned, possible: card.possible, percent: card.percent,
                                                                      hints: card.hintsUsed, penalty: Scorecard.hintPenalty)
                     + " — \(verdict) (\(text.passMark(card.passMark)))")
        if !card.knockouts.isEmpty {
            lines.append(style.bad("\(text.knockout)\(text.colon)\(card.knockouts.joined(separator: ", "))"))
        }
        if !card.rules.isEmpty {
            let rows = card.rules.map { total in
                [total.rule, total.manual, "\(total.earned)/\(total.possible)", total.title]
            }
            let header = [text.rule, text.manual, text.points, ""]
            let widths = (0..<3).map { column in ([header] + rows).map { width($0[column]) }.max() ?? 0 }
            for row in [header] + rows {
                let cells = (0..<3).map { row[$0] + String(repeating: " ", count: max(0, widths[$0] - width(row[$0]))) }
                lines.append("  " + cells.joined(separator: "  ") + "  " + row[3])
            }
        }
        if !card.feedback.isEmpty {
            lines.append(style.bold(text.feedbackTitle) + text.colon)
            for (index, item) in card.feedback.enumerated() {
                let evidence = item.evidence.isEmpty ? "" : " 「\(item.evidence)」"
                lines.append("  \(index + 1). \(mark(item.verdict)) [\(text.manual) \(item.manual)] \(item.text)\(evidence)")
                if let nearMiss = item.nearMiss { lines.append("     → " + nearMiss) }
            }
        }
        return lines.joined(separator: "\n")
    }
}
