import ArgumentParser
import Foundation
import Reports
import Store

/// `--trainee`, `--scenario`, `--since`, `--until`: which sessions, shared by `report` and
/// `sessions`. Dates are days (YYYY-MM-DD, local time) or ISO 8601 instants; `--until DAY`
/// includes that day.
struct SessionFilterOptions: ParsableArguments {
    @Option(help: "Only this trainee's sessions.")
    var trainee: String?

    @Option(help: "Only this scenario's sessions (its id).")
    var scenario: String?

    @Option(help: ArgumentHelp("Only sessions started on or after this day or instant.", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only sessions started on or before this day (or before this instant).", valueName: "date"))
    var until: String?

    func validate() throws {
        if let since, ReportFormat.parseDate(since) == nil { throw ValidationError("--since: '\(since)' is not a date (YYYY-MM-DD or ISO 8601)") }
        if let until, ReportFormat.parseDate(until) == nil { throw ValidationError("--until: '\(until)' is not a date (YYYY-MM-DD or ISO 8601)") }
    }

    /// The filter of these options, with what the command adds.
    func filter(stretches: ReportFilter.Stretches = .excluded, mode: ReportFilter.Mode? = nil, scripted: Bool = false) -> ReportFilter {
        ReportFilter(trainee: trainee, scenario: scenario, since: since.flatMap { ReportFormat.parseDate($0) },
                     until: until.flatMap { ReportFormat.parseDate($0, endOfDay: true) }, stretches: stretches, mode: mode, scripted: scripted)
    }
}
