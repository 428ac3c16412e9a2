import Foundation
import ScenarioKit
import Scoring

/// A plain, stable text rendering of a session's event log, for golden files and for reviewing
/// a playthrough by eye.
public enum TranscriptText {
    public static func render(_ session: Session) -> String {
        var lines: [String] = []
        var customer = session.scenario.customer.name
        for event in session.events {
            switch event {
            case let .entered(node, phase):
                customer = session.scenario.node(node)?.speaker ?? session.scenario.customer.name
                lines.append("[\(node) · \(phase.rawValue)]")
            case let .narration(text):
                lines.append("  * \(text)")
            case let .customer(text):
                lines.append("  \(customer): \(text)")
            case let .reply(text, option):
                lines.append("  > \(text)" + (option.map { " (#\($0))" } ?? ""))
            case let .recognised(index, option):
                lines.append("    recognised: " + (index.map { "reply \($0 + 1)" + (option.map { " «\($0)»" } ?? "") } ?? "otherwise"))
            case let .understood(recognition):
                lines.append("    understood: \(recognition.by.rawValue)" + (recognition.index.map { " reply \($0 + 1)" } ?? "")
                             + (recognition.answeredEarly ? " at '\(recognition.node)' (answered early)" : "")
                             + (recognition.similarity.map { " similarity " + String(format: "%.2f", $0) } ?? ""))
            case let .stateChanged(variable, from, to):
                lines.append("    \(variable): \(from) -> \(to)")
            case let .verdicts(verdicts):
                for verdict in verdicts {
                    let evidence = verdict.evidence.isEmpty ? "" : " 「\(verdict.evidence)」"
                    lines.append("    \(verdict.rule) \(verdict.verdict.rawValue) \(verdict.earned)/\(verdict.possible) [\(verdict.manual)]\(evidence)")
                }
            case .reachedEnding:
                customer = session.scenario.customer.name
            case let .hint(text):
                lines.append("    hint: \(text)")
            case let .ended(ending, outcome):
                lines.append("[ending \(ending): \(outcome.rawValue)]")
            }
        }
        let card = session.scorecard
        lines.append("score \(card.earned)/\(card.possible) = \(card.percent)% (pass mark \(card.passMark)%): \(card.passed ? "pass" : "fail")"
                     + (card.knockouts.isEmpty ? "" : ", knockout: \(card.knockouts.joined(separator: ", "))"))
        for feedback in card.feedback {
            lines.append("  - [\(feedback.manual)] \(feedback.rule) \(feedback.verdict.rawValue): \(feedback.text)"
                         + (feedback.nearMiss.map { " (\($0))" } ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
