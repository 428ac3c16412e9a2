import ArgumentParser
import Foundation
import PostgresBackend
import Store

/// `salessim assign`: a manager gives a trainee scenarios to practise or pass, perhaps by a day.
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign scenarios to a trainee: practice (a visit that reaches an ending) or an exam with a pass.",
        discussion: """
        One assignment per scenario. It is done by the trainee's first finished visit of the
        scenario after it was assigned (with --exam: an exam that passed); stretches from a node
        (play --from) do not count. The trainee sees open assignments when 'salessim play' is
        started without a scenario. Assigning a scenario again that the trainee has not done yet,
        in the same mode, changes that assignment's due day and note instead of adding one.
        On a PostgreSQL server only managers assign.

        Examples:
          salessim assign 王小明 first-visit-impatient first-visit-hesitant --due 2026-12-31
          salessim assign 王小明 first-visit-capricious --exam --note "before visiting alone"
          salessim assign 王小明 first-visit-capricious --exam --due 2027-01-15     # changes it
        """
    )

    @Argument(help: ArgumentHelp("The trainee's name (on a server: their login).", valueName: "trainee"))
    var trainee: String

    @Argument(help: ArgumentHelp("Scenario ids (see 'salessim list').", valueName: "scenario"))
    var scenarios: [String] = []

    @Option(help: ArgumentHelp("The last day to do it (YYYY-MM-DD).", valueName: "date"))
    var due: String?

    @Flag(help: "An exam with a pass is asked for, not a practice visit.")
    var exam = false

    @Option(help: ArgumentHelp("A note the trainee and the reports show.", valueName: "text"))
    var note: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        try ArgumentChecks.personName(trainee, what: "TRAINEE")
        if scenarios.isEmpty { throw ValidationError("name at least one SCENARIO to assign (see 'salessim list')") }
        if let due, Assignment.day(due) == nil { throw ValidationError("--due: '\(due)' is not a day (YYYY-MM-DD, e.g. 2026-12-31)") }
        if let note, note.count > 500 { throw ValidationError("--note is longer than 500 characters") }
    }

    func run() throws {
        let unique = scenarios.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        try library.checkScenarioIDs(unique)
        // NB: a manager may assign before anyone played: the store is created when missing.
        let store = try storeOptions.open(.recording)
        let made = try store.assign(trainee: trainee, scenarios: unique, exam: exam, due: due.flatMap(Assignment.day), note: note,
                                    by: Assign.assigner(location: storeOptions.location))
        for (item, isNew) in made {
            Console.out("\(isNew ? "assigned" : "changed") #\(item.id): \(item.trainee) \(item.scenarioID) (\(item.exam ? "exam" : "practice")\(item.due.map { ", due \($0)" } ?? ""))")
        }
        let today = Assignment.localDay(of: store.now())
        if let due = made.first?.assignment.due, due < today { Console.err("salessim: note: the due day \(due) has already passed; the assignment is overdue") }
    }

    /// Who assigns: the server login, else the login name of this machine.
    static func assigner(location: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if Store.isServerURL(location), let url = try? PostgresURL(location, environment: environment) { return url.user }
        return environment["USER"] ?? environment["LOGNAME"]
    }
}
