import LineEditor
import ScenarioKit

/// The numbered pick-list shown by `salessim play` without a scenario argument.
public struct ScenarioPicker {
    public let scenarios: [Scenario]
    let text: UIText
    let output: any TextOutput

    public init(scenarios: [Scenario], language: UILanguage, output: any TextOutput) {
        self.scenarios = scenarios
        text = UIText(language)
        self.output = output
    }

    /// The list, aligned by display width (Chinese titles count double).
    public var listing: String {
        let idWidth = scenarios.map { TerminalText.displayWidth($0.id) }.max() ?? 0
        let numberWidth = String(scenarios.count).count
        return scenarios.enumerated().map { index, scenario in
            let number = String(index + 1)
            return String(repeating: " ", count: numberWidth - number.count) + number + ". "
                + TerminalText.pad(scenario.id, toWidth: idWidth) + "  " + scenario.title
                + "  (\(scenario.customer.temperament.rawValue), \(scenario.language.rawValue))"
        }.joined(separator: "\n")
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
        output.write(text.pickScenario + "\n" + listing + "\n")
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
