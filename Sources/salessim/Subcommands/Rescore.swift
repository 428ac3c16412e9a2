import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import ScenarioKit
import Store

/// `salessim rescore`: stored transcripts scored again with another rulebook.
struct Rescore: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "rescore",
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

    @Flag(help: "With --save: save even with a rulebook that lacks rules the sessions were judged on, or that has their version number but scores them differently.")
    var force = false

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if sessions.isEmpty && !all { throw ValidationError("name SESSIONs or give --all") }
        if !sessions.isEmpty && all { throw ValidationError("give either SESSIONs or --all, not both") }
        if force && !save { throw ValidationError("--force goes with --save") }
    }

    func run() throws {
        let rulebook = try library.rulebook(override: rulebook)
        let store = try storeOptions.open(save ? .updating : .reading)
        var records: [SessionRecord]
        if all {
            records = try store.sessions(matching: ReportFilter(stretches: .included, scripted: true), statuses: [.finished, .abandoned, .interrupted])
        } else {
            records = try sessions.map { try store.session(id: store.sessionID(for: $0)) }
        }
        let rescorer = Rescorer(rulebook: rulebook)
        var scenarios: [String: Scenario] = [:]
        var results: [RescoreResult] = []
        var skipped: [String] = []
        var judged: [SessionRecord] = []
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
            judged.append(record)
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
        if save && !force {
            try checkSafeToSave(rulebook: rulebook, records: judged, results: results)
        }
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

    /// Refuses to overwrite stored scores with a rulebook that cannot have judged them fairly:
    /// one without rules the sessions were judged on (an empty or truncated rulebook would set
    /// every score to 0 and delete the rule results), or one with the sessions' version number
    /// that scores them differently (its content changed without a new version).
    func checkSafeToSave(rulebook: Rulebook, records: [SessionRecord], results: [RescoreResult]) throws {
        let known = Set(rulebook.rules.map(\.id))
        var missing: [String: Int] = [:]
        for record in records {
            for rule in Set(record.ruleResults.map(\.rule)) where !known.contains(rule) { missing[rule, default: 0] += 1 }
        }
        if !missing.isEmpty {
            let list = missing.keys.sorted().prefix(8).map { "\($0) (\(missing[$0] ?? 0) session\(missing[$0] == 1 ? "" : "s"))" }
            throw CLIError("the rulebook \(rulebook.path) lacks rules the stored sessions were judged on: \(list.joined(separator: ", "))\(missing.count > 8 ? ", ..." : ""); nothing saved (check the rulebook, or add --force to save anyway)")
        }
        let sameVersion = results.filter { $0.rulebookBefore == $0.rulebookAfter && $0.changed }
        if let first = sameVersion.first {
            throw CLIError("the rulebook \(rulebook.path) has version \(rulebook.version), as the rulebook session \(first.sessionID) was judged with, but scores \(sameVersion.count) session\(sameVersion.count == 1 ? "" : "s") differently: its content changed without a new version number; nothing saved (give the changed rulebook a new version, or add --force to save anyway)")
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
