import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import ScenarioKit
import Store

/// `salessim report`: results for managers, by trainee, scenario, rule, progress, exam,
/// assignment or certification.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "report",
        abstract: "Results for managers: by trainee, scenario, rule of the manual, progress over time, exams, assignments or certifications.",
        discussion: """
        Scores count finished visits; abandoned and interrupted visits count as sessions only.
        --format html writes one self-contained page with every section and two charts (score
        over time per trainee, a trainee-by-rule heat map) that can be mailed around; --by then
        does not matter. CSV is UTF-8 with a byte-order mark, so Excel shows Chinese correctly.
        Dates are days (YYYY-MM-DD, local time) or ISO 8601 instants; --until DAY includes that day.

        Examples:
          salessim report                                   # by trainee, as a table
          salessim report --by rule --since 2025-03-01      # the team's weakest rules first
          salessim report --by progress --trainee 王小明
          salessim report --by exam --format csv --output exams.csv
          salessim report --by assignment                   # done, open, overdue per trainee
          salessim report --by certification                # who holds which, since when
          salessim report --format html --output team.html
        """
    )

    /// What the report is grouped by.
    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case trainee, scenario, rule, progress, exam, assignment, certification

        var kind: ReportKind { ReportKind(rawValue: rawValue) ?? .trainee }
    }

    /// How the report is written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, html
    }

    @OptionGroup var sessionFilter: SessionFilterOptions
    var trainee: String? { sessionFilter.trainee }
    var scenario: String? { sessionFilter.scenario }
    var since: String? { sessionFilter.since }
    var until: String? { sessionFilter.until }

    @Flag(help: "Report the stretches of practice from one node (play --from) instead of whole visits.")
    var stretches = false

    @Option(help: "Which visits: practice (guided and free, the default), guided, free, or exam. Exams and practice are never averaged together; --by exam always reports exams.")
    var mode: ReportFilter.Mode?

    @Flag(help: "Include sessions whose replies came from a script (play --input, piped input); left out by default.")
    var scripted = false

    @Option(name: .customLong("rulebook-version"), help: ArgumentHelp("Only sessions scored by this rulebook version.", valueName: "n"))
    var rulebookVersion: Int?

    @Option(help: "Group by trainee, scenario, rule, progress, exam, assignment (done, open and overdue per trainee), or certification (who holds which of Scenarios/curriculum.yaml, since when, what is missing).")
    var by: Grouping = .trainee

    @Option(help: "table, csv, json or html.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Language of the HTML page and of rule titles: zh-Hans or en (default: the language of most scenarios played).", valueName: "lang"))
    var lang: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if by == .assignment || by == .certification, format != .html {
            let ignored = [("--since", since != nil), ("--until", until != nil), ("--stretches", stretches),
                           ("--scenario", scenario != nil && by == .certification)].filter(\.1).map(\.0)
            if let first = ignored.first {
                throw ValidationError("\(first) does not apply to --by \(by.rawValue) (it covers every \(by == .assignment ? "assignment" : "exam") of the store; --trainee narrows it)")
            }
        }
        if let lang, ScenarioLanguage(rawValue: lang) == nil { throw ValidationError("--lang must be zh-Hans, zh-Hant or en, not '\(lang)'") }
    }

    func run() throws {
        let store = try storeOptions.open(.reading)
        try store.checkStoredValues()
        if by == .assignment && format != .html {
            try Report.write(assignmentReport(store), to: output)
            return
        }
        if by == .certification && format != .html {
            try Report.write(certificationReport(store), to: output)
            return
        }
        var filter = sessionFilter.filter(stretches: stretches ? .only : .excluded, mode: mode, scripted: scripted)
        filter.rulebookVersion = rulebookVersion
        let kinds: Set<ReportKind> = format == .html ? Set(ReportKind.allCases) : [by.kind]
        let language = try lang.flatMap(ScenarioLanguage.init(rawValue:))
            ?? store.scenarioLanguages(ReportFilter(stretches: .included, scripted: true)).first.flatMap(ScenarioLanguage.init(rawValue:)) ?? .zhHans
        let rulebook = try? library.library().rulebookPath
        let loadedRulebook = rulebook.flatMap { RulebookLoader.load(path: $0).value }
        let titles = Dictionary((loadedRulebook?.rules ?? []).map { ($0.id, $0.title.text(for: language)) }, uniquingKeysWith: { first, _ in first })
        let report = try TeamReport.build(from: store, filter: filter, kinds: kinds, heatMap: format == .html, ruleTitles: titles)
        let knockouts = Set((loadedRulebook?.rules ?? []).filter(\.knockout).map(\.id))
        if format == .html, let output, Report.isFolder(output) {
            try writePages(report, store: store, filter: filter, language: language, knockouts: knockouts, to: output)
            return
        }
        let data: Data
        switch format {
        case .table:
            var covered = report.filter
            if by == .exam { covered.mode = .exam }
            let covers = "covers: " + TeamReport.describe(covered)
            data = Data(((report.table(by.kind)?.terminalText() ?? "") + "\n" + covers + "\n"
                         + (report.mixedVersionsNote.map { "note: \($0)\n" } ?? "")).utf8)
        case .csv:
            data = report.table(by.kind).map(CSV.document) ?? Data()
        case .json:
            data = Data((Console.json(report) + "\n").utf8)
        case .html:
            data = Data(HTMLReport(text: ReportText(language), knockoutRules: knockouts).render(report).utf8)
        }
        try Report.write(data, to: output)
    }

    /// Whether `--output` names a folder: one that exists, or a path ending in "/".
    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    /// `--format html --output DIR`: the report as DIR/index.html and one page per session it
    /// covers (DIR/session-ID.html), linked both ways; every page self-contained.
    func writePages(_ report: TeamReport, store: Store, filter: ReportFilter, language: ScenarioLanguage, knockouts: Set<String>, to folder: String) throws {
        var visits = filter
        visits.mode = filter.mode ?? .practice
        var exams = filter
        exams.mode = .exam
        let records = (try store.sessions(matching: visits) + (visits.mode == .exam ? [] : store.sessions(matching: exams)))
            .sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        let text = ReportText(language)
        let pages = records.map { HTMLReport.SessionPage($0, file: "session-\($0.id).html") }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create the folder \(folder): \(error.localizedDescription)", exitCode: 1)
        }
        for (record, page) in zip(records, pages) {
            let html = TranscriptView().html(try store.withDetails(record), backLink: (href: "index.html", label: text.backToReport))
            try OutputFile.write(Data(html.utf8), to: (folder as NSString).appendingPathComponent(page.file))
        }
        let index = (folder as NSString).appendingPathComponent("index.html")
        try OutputFile.write(Data(HTMLReport(text: text, knockoutRules: knockouts, sessionPages: pages).render(report).utf8), to: index)
        Console.err("wrote \(index) and \(pages.count) session page\(pages.count == 1 ? "" : "s")")
    }

    /// Done, open and overdue assignments per trainee (of --trainee, of --scenario).
    func assignmentReport(_ store: Store) throws -> Data {
        let today = Assignment.localDay(of: store.now())
        let items = try store.assignments(trainee: trainee).filter { scenario == nil || $0.scenarioID == scenario }
        let report = AssignmentReport(assignments: items, today: today)
        switch format {
        case .table, .html: return Data((report.summary.terminalText().replacingOccurrences(of: "(no sessions match)", with: "(no assignments)") + "\n").utf8)
        case .csv: return CSV.document(report.summary)
        case .json: return Data((Console.json(report.entries) + "\n").utf8)
        }
    }

    /// Who holds which certification of the library's curriculum (of --trainee's sessions).
    func certificationReport(_ store: Store) throws -> Data {
        guard let curriculum = try library.curriculum() else {
            throw CLIError("the library \(try library.library().root) has no curriculum.yaml; see Scenarios/README.md, Curriculum and certifications")
        }
        let sessions = try store.sessions(matching: ReportFilter(trainee: trainee, scripted: true), statuses: [.finished])
        let report = CertificationReport.build(curriculum: curriculum, sessions: sessions, now: store.now())
        switch format {
        case .table, .html: return Data((report.table.terminalText() + "\n").utf8)
        case .csv: return CSV.document(report.table)
        case .json: return Data((Console.json(report.holdings) + "\n").utf8)
        }
    }

    /// Writes `data` to `path`, or to stdout when there is none.
    static func write(_ data: Data, to path: String?) throws {
        guard let path else {
            try OutputFile.standardOutput(data)
            return
        }
        try OutputFile.write(data, to: path)
        Console.err("wrote \(path)")
    }
}

extension ReportFilter.Mode: ExpressibleByArgument {}
