import LineEditor
import ScenarioKit

/// The numbered pick-list shown by `salessim play` without a scenario argument.
///
/// A trainee's open assignments come first, each with the number of its scenario in the list,
/// whether an exam or practice is asked for, and its due day.
public struct ScenarioPicker {
    /// An open assignment as the list shows it.
    public struct Assigned: Sendable, Hashable {
        public var scenarioID: String
        public var exam: Bool
        /// The last day (YYYY-MM-DD), if any.
        public var due: String?
        public var overdue: Bool
        public var note: String?

        public init(scenarioID: String, exam: Bool, due: String?, overdue: Bool, note: String?) {
            self.scenarioID = scenarioID
            self.exam = exam
            self.due = due
            self.overdue = overdue
            self.note = note
        }
    }

    public let scenarios: [Scenario]
    public let assigned: [Assigned]
    let text: UIText
    let output: any TextOutput

    public init(scenarios: [Scenario], language: UILanguage, output: any TextOutput, assigned: [Assigned] = []) {
        self.scenarios = scenarios
        self.assigned = assigned
        text = UIText(language)
        self.output = output
    }

    /// The open assignments, each with its scenario's number in the list; empty when there are none.
    public var agenda: String {
        let numberWidth = String(scenarios.count).count
        let idWidth = assigned.map { TerminalText.displayWidth($0.scenarioID) }.max() ?? 0
        let lines = assigned.compactMap { item -> String? in
            guard let index = scenarios.firstIndex(where: { $0.id == item.scenarioID }) else { return nil }
            let number = String(index + 1)
            return String(repeating: " ", count: numberWidth - number.count) + number + ". " + TerminalText.pad(item.scenarioID, toWidth: idWidth)
                + "  " + text.assigned(exam: item.exam, due: item.due, overdue: item.overdue)
                + (item.note.map { "  \u{2014} \($0)" } ?? "")
        }
        return lines.isEmpty ? "" : text.yourAssignments + "\n" + lines.joined(separator: "\n")
    }

    /// The list, aligned by display width (Chinese titles count double).
    public var listing: String {
        let idWidth = scenarios.map { TerminalText.displayWidth($0.id) }.max() ?? 0
        let numberWidth = String(scenarios.count).count
        return scenarios.enumerated().map { index, scenario in
            let number = String(index + 1)
            return String(repeating: " ", count: numberWidth - number.count) + number + ". "
                + TerminalText.pad(scenario.id, toWidth: idWidth) + "  " + scenario.title
                + "  (\(text.temperament(scenario.customer.temperament)), \(scenario.language.rawValue))"
        }.joined(separator: "\n")
    }

    /// What to tell a trainee who picked `scenario` for practice while it is assigned as an exam
    /// (practice does not complete that assignment); nil otherwise.
    public func examReminder(for scenario: Scenario, exam: Bool) -> String? {
        guard !exam, assigned.contains(where: { $0.scenarioID == scenario.id && $0.exam }) else { return nil }
        return text.examAssignmentReminder(scenario.id)
    }

    /// The scenario named by `answer`: a number from the list or an id.
    public func resolve(_ answer: String) -> Scenario? {
        let trimmed = answer.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed), number >= 1, number <= scenarios.count { return scenarios[number - 1] }
        return scenarios.first { $0.id == trimmed }
    }

    /// Shows the list and reads answers until one names a scenario; nil at end of input.
    public func pick(with reader: any LineReader) -> Scenario? {
        guard !scenarios.isEmpty else {
            output.write(text.noScenarios + "\n")
            return nil
        }
        let agenda = agenda
        output.write((agenda.isEmpty ? "" : agenda + "\n\n") + text.pickScenario + "\n" + listing + "\n")
        let ids = scenarios.map(\.id)
        reader.completion = { line in
            let word = String(LineCompletion.wordBeforeCursor(line))
            return ids.filter { $0.hasPrefix(word) }
        }
        defer { reader.completion = nil }
        while true {
            switch reader.readLine(prompt: "> ") {
            case .endOfInput:
                return nil
            case .interrupted:
                continue
            case let .line(answer):
                if answer.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if let scenario = resolve(answer) { return scenario }
                output.write(text.noSuchScenario(answer) + "\n")
            }
        }
    }
}
