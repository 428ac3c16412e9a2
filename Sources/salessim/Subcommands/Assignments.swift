import ArgumentParser
import Foundation
import Reports
import Store

/// `salessim assignments`: what was assigned to whom, and what is done, open or overdue.
struct Assignments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignments",
        abstract: "List assignments: trainee, scenario, exam or practice, due day, and whether done, open or overdue.",
        discussion: """
        On a PostgreSQL server a trainee sees only their own. 'done' names the day and the session
        (see 'salessim show SESSION') that completed it.

        Examples:
          salessim assignments
          salessim assignments --trainee 王小明
          salessim assignments --overdue --format csv --output overdue.csv
        """
    )

    /// How the list is written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Option(help: "Only this trainee's assignments.")
    var trainee: String?

    @Flag(help: "Only assignments past their due day and not done.")
    var overdue = false

    @Option(help: "table, csv or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(.reading)
        let today = Assignment.localDay(of: store.now())
        var items = try store.assignments(trainee: trainee)
        if overdue { items = items.filter { $0.state(today: today) == .overdue } }
        let report = AssignmentReport(assignments: items, today: today)
        let data: Data
        switch format {
        case .table:
            data = Data(((items.isEmpty ? "(no assignments)" : report.list.terminalText()) + "\n").utf8)
        case .csv:
            data = CSV.document(report.list)
        case .json:
            data = Data((Console.json(report.entries) + "\n").utf8)
        }
        try Report.write(data, to: output)
    }
}
