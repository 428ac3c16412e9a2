import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import ScenarioKit
import Store

/// `salessim next`: what to practise next, one line each.
struct Next: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "What to practise next: an open assignment, the drills due today, a scenario not yet passed, your weakest rules; one line each.",
        discussion: """
        Example:
          salessim next
          salessim next --trainee 王小明
        """
    )

    @Option(help: "Your name in the records (default: your login name).")
    var trainee: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if let trainee { try ArgumentChecks.personName(trainee, what: "--trainee") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let name = try ArgumentChecks.traineeName(trainee, environment: environment)
        let store = try storeOptions.open(.recording)
        let now = Date()
        var lines: [String] = []
        // An open assignment first: a manager asked for it.
        let today = Assignment.localDay(of: now)
        let open = try store.assignments(trainee: name).filter { $0.completedAt == nil }
            .sorted { ($0.due ?? "9999", $0.id) < ($1.due ?? "9999", $1.id) }
        if let first = open.first {
            let due = first.due.map { $0 < today ? "overdue since \($0)" : "due \($0)" } ?? "no due date"
            lines.append("assignment: \(first.scenarioID) (\(first.exam ? "exam" : "practice"), \(due)\(open.count > 1 ? "; \(open.count) open" : "")) — salessim play \(first.scenarioID)\(first.exam ? " --exam" : "")")
        }
        let cards = try store.drillCards(trainee: name)
        let due = cards.filter { $0.dueAt <= now }.map(\.rule)
        if !due.isEmpty {
            lines.append("drill: \(due.count) rule\(due.count == 1 ? "" : "s") due today (\(due.prefix(4).joined(separator: ", "))\(due.count > 4 ? ", …" : "")) — salessim drill")
        } else if let soonest = cards.min(by: { $0.dueAt < $1.dueAt }) {
            lines.append("drill: nothing due; next on \(ReportFormat.day(soonest.dueAt)) (\(soonest.rule))")
        }
        let passed = Set(try store.sessions(matching: ReportFilter(trainee: name, scripted: true), statuses: [.finished])
            .filter(\.passed).map(\.scenarioID))
        let played = Set(try store.sessions(matching: ReportFilter(trainee: name, scripted: true)).map(\.scenarioID))
        let root = try library.library()
        var linter = Linter(fallbackRulebook: root.rulebookPath)
        let scenarios = linter.lint(paths: [root.root]).scenarios.map(\.scenario).sorted { ($0.minutes ?? 0, $0.id) < ($1.minutes ?? 0, $1.id) }
        let notPassed = scenarios.filter { !passed.contains($0.id) }
        // A scenario begun but not passed first, then one never played.
        if let next = notPassed.first(where: { played.contains($0.id) }) ?? notPassed.first {
            lines.append("visit: \(next.id) · \(next.title) (\(played.contains(next.id) ? "not passed yet" : "not played yet"); \(passed.count)/\(scenarios.count) passed) — salessim play \(next.id)")
        } else if !scenarios.isEmpty {
            lines.append("visit: every scenario passed (\(scenarios.count)); try one as an exam — salessim play \(scenarios[0].id) --exam")
        }
        let weakest = try Drill.weakestRules(of: name, in: store, count: 3)
        if !weakest.isEmpty, due.isEmpty {
            lines.append("weakest: \(weakest.joined(separator: ", ")) — salessim drill --weakest 3")
        }
        if lines.isEmpty { lines.append("visit: salessim play (pick a scenario from the list)") }
        Console.out(lines.joined(separator: "\n"))
    }
}
