import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import Store

/// `salessim sessions`: one line per stored session, with the number `show` takes.
struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List the stored sessions: id (for 'salessim show'), trainee, scenario, mode, score, hints, knockouts, replies not understood.",
        discussion: """
        Every session is listed, whatever its mode: free practice (typed), guided practice
        (numbered options), exam, a stretch from one node (play --from), and scripted runs
        (play --input or piped input), each labelled. Dates are days (YYYY-MM-DD, local time) or
        ISO 8601 instants.

        Example:
          salessim sessions
          salessim sessions --trainee 王小明 --since 2026-11-01
          salessim sessions --mode exam --status finished --format csv > exams.csv
          salessim show 12            # one session's transcript, by the id listed here
        """
    )

    /// A session's kind, as listed.
    enum Mode: String, ExpressibleByArgument, CaseIterable, Encodable {
        case free, guided, exam, stretch, scripted
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var sessions: SessionFilterOptions

    @Option(help: "Only this kind: free, guided, exam, stretch or scripted.")
    var mode: Mode?

    @Option(help: "Only this status: running, finished, abandoned or interrupted.")
    var status: String?

    @Option(help: "table, csv or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let status, SessionStatus(rawValue: status) == nil {
            throw ValidationError("--status must be running, finished, abandoned or interrupted, not '\(status)'")
        }
    }

    /// One listed session.
    struct Line: Encodable {
        var id: Int64
        var uuid: String
        var trainee: String
        var scenario: String
        var mode: Mode
        var rulebook: Int
        var startedAt: Date
        var seconds: Double?
        var status: String
        var ending: String?
        var outcome: String?
        var earned: Int
        var possible: Int
        var percent: Int
        var passed: Bool
        var hints: Int
        var knockouts: [String]
        var replies: Int
        var notUnderstood: Int
        var clarifications: Int
        var bySimilarity: Int
        var stretchFrom: String?
    }

    static func mode(of record: SessionRecord) -> Mode {
        if record.scripted { return .scripted }
        if record.startNode != nil { return .stretch }
        if record.exam { return .exam }
        return record.guided ? .guided : .free
    }

    func run() throws {
        let store = try storeOptions.open(.reading)
        let filter = sessions.filter(stretches: .included, scripted: true)
        let counts = try store.replyCounts(filter)
        let lines = try store.sessions(matching: filter, statuses: status.flatMap(SessionStatus.init(rawValue:)).map { [$0] }).compactMap { record -> Line? in
            let kind = Self.mode(of: record)
            if let mode, mode != kind { return nil }
            let count = counts[record.id] ?? ReplyCounts()
            return Line(id: record.id, uuid: record.uuid, trainee: record.trainee, scenario: record.scenarioID, mode: kind,
                        rulebook: record.rulebookVersion, startedAt: record.startedAt, seconds: record.duration, status: record.status.rawValue,
                        ending: record.endingID, outcome: record.outcome?.rawValue, earned: record.earned, possible: record.possible,
                        percent: record.percent, passed: record.passed, hints: record.hintsUsed, knockouts: record.knockouts,
                        replies: count.replies, notUnderstood: count.notUnderstood, clarifications: count.clarifications,
                        bySimilarity: count.bySimilarity, stretchFrom: record.startNode)
        }
        let table = ReportTable(
            title: "sessions",
            header: ["id", "trainee", "scenario", "mode", "rulebook", "started", "minutes", "status", "outcome", "score %", "pass",
                     "hints", "knockouts", "replies", "not understood"],
            rows: lines.map { line in
                [String(line.id), line.trainee, line.scenario, line.mode.rawValue + (line.stretchFrom.map { " (\($0))" } ?? ""), "v\(line.rulebook)",
                 ReportFormat.dateTime(line.startedAt), line.seconds.map { ReportFormat.decimal($0 / 60) } ?? "–", line.status,
                 line.outcome ?? "–", String(line.percent), line.passed ? "yes" : "no", String(line.hints),
                 line.knockouts.isEmpty ? "–" : line.knockouts.joined(separator: " "), String(line.replies), String(line.notUnderstood)]
            },
            numericColumns: [0, 4, 6, 9, 11, 13, 14])
        let data: Data
        switch format {
        case .table:
            data = Data((lines.isEmpty ? "(no sessions match)\n" : table.terminalText() + "\n" + "See one with: salessim show ID\n").utf8)
        case .csv:
            data = CSV.document(table)
        case .json:
            data = Data((Console.json(lines) + "\n").utf8)
        }
        try Report.write(data, to: output)
    }
}
