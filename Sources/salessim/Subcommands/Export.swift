import ArgumentParser
import Foundation
import PostgresBackend
import ScenarioKit
import Reports
import Store
import TerminalSafety

/// `salessim export --xapi`: xAPI statements for a learning record store.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "export",
        abstract: "Export finished sessions as xAPI 1.0.3 statements, or send them to a learning record store.",
        discussion: """
        One statement per finished session: exam visits are 'passed' or 'failed', practice visits
        'completed'; result.score (scaled, raw, min, max), success, completion, duration, and every
        rule's result with its evidence in a result extension. --responses adds a 'responded'
        statement per reply. Each certification of the library's curriculum.yaml a trainee holds
        gives an 'earned' statement (http://id.tincanapi.com/verb/earned). Statement ids are stable, so sending again stores nothing twice.
        With --post, statements the record store did not accept stay queued in the store and are
        sent with the next --post. A statement counts as sent only when the record store answers
        with its id; redirects are followed only within the record store's own origin, so the
        credentials of --user never go to another host.

        Examples:
          salessim export --xapi --output statements.json
          salessim export --xapi --since 2025-03-01 --responses
          salessim export --xapi --post https://lrs.example.com/xAPI/ --user key:secret
        """
    )

    @Flag(help: "xAPI statements (the only export so far).")
    var xapi = false

    @Option(help: ArgumentHelp("Only sessions that ended on or after this day or instant.", valueName: "date"))
    var since: String?

    @Flag(help: "Also a 'responded' statement per reply.")
    var responses = false

    @Option(help: ArgumentHelp("Send to this record store (its xAPI root or statements URL).", valueName: "url"))
    var post: String?

    @Option(help: ArgumentHelp("HTTP Basic credentials for --post.", valueName: "user:password"))
    var user: String?

    @Option(help: ArgumentHelp("Seconds allowed for each request to the record store (default 30; 10 s at most to connect or between parts of the answer).", valueName: "seconds"))
    var timeout: Int = 30

    @Option(help: ArgumentHelp("Write the statements to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The IRI that names activities, extensions and trainee accounts.", valueName: "iri"))
    var base = "https://salessim.example"

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if !xapi { throw ValidationError("say what to export: --xapi") }
        try ArgumentChecks.baseIRI(base)
        if let since, ReportFormat.parseDate(since) == nil { throw ValidationError("--since: '\(since)' is not a date (YYYY-MM-DD or ISO 8601)") }
        if let post {
            guard let url = URL(string: post), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ValidationError("--post needs an http or https URL, not '\(post)'")
            }
            guard let user, user.contains(":") else { throw ValidationError("--post needs --user NAME:PASSWORD") }
            if url.user != nil || url.password != nil { throw ValidationError("--post: give the credentials with --user, not in the URL") }
        }
        if !(1...600).contains(timeout) { throw ValidationError("--timeout must be from 1 to 600 seconds, not \(timeout)") }
        if post != nil && output != nil { throw ValidationError("give either --post or --output, not both") }
    }

    /// An `earned` statement per certification held (--since: earned since then); none without a
    /// curriculum, or without a library when none was named.
    func earnedStatements(_ exporter: XAPIExporter, store: Store) throws -> [XAPIStatement] {
        let environment = ProcessInfo.processInfo.environment
        if library.scenarios == nil, environment["SALESSIM_SCENARIOS"] == nil,
           case .failure = ScenarioLibrary.locate(explicit: nil, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath,
                                                  executablePath: CommandLine.arguments.first ?? "") {
            return []
        }
        guard let curriculum = try library.curriculum() else { return [] }
        let sessions = try store.sessions(matching: ReportFilter(scripted: true), statuses: [.finished])
        let since = self.since.flatMap { ReportFormat.parseDate($0) }
        return CertificationReport.build(curriculum: curriculum, sessions: sessions, now: store.now()).holdings.compactMap { holding in
            if let since, (holding.since ?? .distantPast) < since { return nil }
            return exporter.earnedStatement(holding, curriculum: curriculum.name)
        }
    }

    func run() throws {
        let store = try storeOptions.open(post == nil ? .reading : .updating)
        let exporter = XAPIExporter(base: base)
        let records = try store.sessions(matching: ReportFilter(stretches: .included, scripted: true), statuses: [.finished], endedSince: since.flatMap { ReportFormat.parseDate($0) })
        var statements: [XAPIStatement] = []
        for record in records {
            statements += exporter.statements(for: try store.withDetails(record), responses: responses)
        }
        statements += try earnedStatements(exporter, store: store)
        guard let post, let url = URL(string: post), let user else {
            let text = TerminalSafe.jsonEscaped("[\n" + statements.map(\.json).joined(separator: ",\n") + "\n]\n")
            try Report.write(Data(text.utf8), to: output)
            return
        }
        var client = LRSClient(endpoint: url, user: user)
        client.timeout = TimeInterval(timeout)
        client.connectTimeout = TimeInterval(min(10, timeout))
        let summary = try XAPIDelivery(store: store, client: client).deliver(statements)
        Console.out("sent \(summary.sent) statement\(summary.sent == 1 ? "" : "s") to \(post)")
        guard summary.stillQueued == 0 else {
            for problem in summary.problems { Console.err("salessim: \(problem)") }
            throw CLIError("\(summary.stillQueued) statement\(summary.stillQueued == 1 ? "" : "s") could not be sent and stay queued in the store; they are sent with the next 'export --xapi --post'", exitCode: 1)
        }
    }
}
