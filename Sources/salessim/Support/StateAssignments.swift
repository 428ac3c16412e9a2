import ScenarioKit
import Simulation

/// `--set VAR=VALUE`, shared by `try` and `play --from`: state values to start from.
enum StateAssignments {
    /// The values of `assignments` for `scenario`; a name it does not declare, a value of the
    /// wrong type or a malformed assignment is a `CLIError` naming it (with a suggestion).
    static func parse(_ assignments: [String], for scenario: Scenario) throws -> [String: StateValue] {
        var values: [String: StateValue] = [:]
        let declared = Dictionary(scenario.state.map { ($0.name, $0.initial.type) }, uniquingKeysWith: { first, _ in first })
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CLIError("--set '\(assignment)': write VARIABLE=VALUE, e.g. --set trust=2")
            }
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let text = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard let type = declared[name] else {
                var message = "--set: scenario '\(scenario.id)' has no state variable '\(name)'"
                if let suggestion = Spelling.closest(to: name, in: declared.keys.sorted()) { message += "; did you mean '\(suggestion)'?" }
                let known = declared.keys.sorted()
                message += known.isEmpty ? " (it declares none)" : " (it declares \(known.joined(separator: ", ")))"
                throw CLIError(message)
            }
            switch type {
            case .int:
                guard let number = Int(text) else { throw CLIError("--set \(name): '\(text)' is not a whole number") }
                values[name] = .int(number)
            case .bool:
                guard let flag = Bool(text) else { throw CLIError("--set \(name): '\(text)' is not true or false") }
                values[name] = .bool(flag)
            }
        }
        return values
    }

    /// Starts `session` at `node` (or the start node) with `values`, or throws the reason.
    static func start(_ session: inout Session, at node: String?, values: [String: StateValue]) throws {
        guard let node else {
            guard values.isEmpty else {
                _ = session.start(at: session.scenario.start.value, setting: values)
                return
            }
            session.start()
            return
        }
        if session.scenario.ending(node) != nil {
            throw CLIError("'\(node)' is an ending of scenario '\(session.scenario.id)', not a node: name the node whose customer line you want to answer")
        }
        guard session.start(at: node, setting: values) != nil else {
            var message = "no node '\(node)' in scenario '\(session.scenario.id)'"
            if let suggestion = Spelling.closest(to: node, in: session.scenario.nodes.map(\.id)) { message += "; did you mean '\(suggestion)'?" }
            throw CLIError(message)
        }
    }
}
