import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import ScenarioKit
import Store

/// `salessim rescore`: stored transcripts scored again with another rulebook.
struct Rescore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-score stored sessions with another rulebook version and show what changed.",
        discussion: """
        The stored replies are replayed through the same scenario with the same seed and scored
        with the rulebook (default: the library's). If a scenario file changed since the visit,
        that is said. Nothing is written unless --save is given; then the new scores replace the
        old ones in the store.

        Examples:
          salessim rescore --all --rulebook new-rulebook.yaml
          salessim rescore 12 15 --rulebook new-rulebook.yaml --save
        """
    )

    @Option(help: ArgumentHelp("The rulebook to score with (default: the library's).", valueName: "file"))
    var rulebook: String?

    @Argument(help: ArgumentHelp("Sessions (numbers or uuid starts).", valueName: "session"))
    var sessions: [String] = []

    @Flag(help: "Every finished or abandoned session in the store.")
    var all = false

    @Flag(help: "Store the new scores (the originals are replaced).")
    var save = false

    @Option(help: ArgumentHelp("The results store: an SQLite file's path or a postgres:// URL (default: $SALESSIM_DB, else $XDG_DATA_HOME/salessim/salessim.sqlite).", valueName: "path-or-url"))
    var db: String?

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        try ArgumentChecks.database(db)
        if sessions.isEmpty && !all { throw ValidationError("name SESSIONs or give --all") }
        if !sessions.isEmpty && all { throw ValidationError("give either SESSIONs or --all, not both") }
    }

    func run() throws {
        do {
            try perform()
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }

    func perform() throws {
        let rulebook = try library.rulebook(override: rulebook)
        let store = try Store.open(location: Store.location(explicit: db, environment: ProcessInfo.processInfo.environment),
                                   purpose: save ? .updating : .reading)
        var records: [SessionRecord]
        if all {
            records = try store.sessions(matching: ReportFilter(), statuses: [.finished, .abandoned, .interrupted])
        } else {
            records = try sessions.map { try store.session(id: store.sessionID(for: $0)) }
        }
        let rescorer = Rescorer(rulebook: rulebook)
        var scenarios: [String: Scenario] = [:]
        var results: [RescoreResult] = []
        var skipped: [String] = []
        for summary in records {
            if summary.status == .running {
                skipped.append("session \(summary.id): the visit is still running")
                continue
            }
            guard let scenario = try scenario(for: summary, cache: &scenarios) else {
                skipped.append("session \(summary.id): scenario '\(summary.scenarioID)' is not in the library (use --scenarios DIR)")
                continue
            }
            let record = summary.turns.isEmpty ? try store.withDetails(summary) : summary
            results.append(rescorer.rescore(record, scenario: scenario))
        }
        Console.out("re-scoring with rulebook v\(rulebook.version) (\(rulebook.path))")
        Console.out(RescoreResult.summaryTable(results).terminalText())
        for result in results where result.changed || !result.notes.isEmpty {
            Console.out("")
            Console.out(result.detailText)
        }
        for line in skipped { Console.err("salessim: skipped \(line)") }
        let changed = results.filter { $0.changed || $0.rulebookBefore != $0.rulebookAfter }
        if save {
            for result in changed {
                try store.saveRescore(sessionID: result.sessionID, rulebookVersion: result.rulebookAfter, scorecard: result.scorecard,
                                      turnVerdicts: result.turnVerdicts, ruleResults: result.ruleResults)
            }
            Console.out("\nsaved \(changed.count) session\(changed.count == 1 ? "" : "s") (\(results.filter(\.changed).count) with a different score)")
        } else {
            Console.out("\n\(results.filter(\.changed).count) of \(results.count) session\(results.count == 1 ? "" : "s") would change; nothing saved (add --save to store the new scores)")
        }
    }

    /// The scenario a session was played with: the stored file when it is still there, else the
    /// library's scenario of that id.
    func scenario(for record: SessionRecord, cache: inout [String: Scenario]) throws -> Scenario? {
        let key = record.scenarioPath ?? record.scenarioID
        if let known = cache[key] { return known }
        var found: Scenario?
        if let path = record.scenarioPath, FileManager.default.fileExists(atPath: path) {
            found = try? library.scenario(path).0
        }
        if found == nil { found = try? library.scenario(record.scenarioID).0 }
        cache[key] = found
        return found
    }
}
