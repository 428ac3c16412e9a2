import Foundation
import PostgresBackend
import Reports
import ScenarioKit
import Scoring
import Store

/// Fills an SQLite file and a PostgreSQL database with the same generated sessions and times the
/// main reports on each against the same SQL run by the database's own shell (`sqlite3`, `psql`)
/// on the same data: the shell's time is the floor, the ratio our overhead. Both backends' figures
/// come from one run, side by side.
struct ReportsBenchmark {
    let path: String
    /// The PostgreSQL database to fill (an administrator's URL), or nil to skip PostgreSQL.
    let postgres: String?
    let sessions: Int
    let turns: Int

    /// One measured report: our API and the statements the shells run for the same numbers.
    struct Case {
        var name: String
        var statements: [ReportSQL]
        var run: (Store) throws -> Void
    }

    /// One backend: where it is, how to open it, how its shell runs SQL.
    struct Backend {
        var name: String
        var location: String
        var shell: ([String]) throws -> Void
        var dialectIsPostgres: Bool
    }

    func run() throws {
        var backends = [Backend(name: "SQLite", location: path, shell: { try sqlite($0) }, dialectIsPostgres: false)]
        if let postgres {
            backends.append(Backend(name: "PostgreSQL", location: postgres, shell: { try psql(postgres, $0) }, dialectIsPostgres: true))
        }
        for backend in backends {
            let fill = try measure {
                let store = try Store.open(location: backend.location, purpose: .recording)
                try store.importSessions(StoreGenerator(sessions: sessions, turns: turns))
            }
            let store = try Store.open(location: backend.location, purpose: .reading)
            let counts = try store.counts()
            print("\(backend.name): \(counts.sessions) sessions, \(counts.turns) turns, \(counts.ruleResults) rule results, filled in \(format(fill * 1000)) ms")
            print("  at \(store.path)")
        }
        print("")
        let all = ReportFilter()
        let cases: [Case] = [
            Case(name: "by trainee", statements: [.trainees, .traineeReplies]) { _ = try $0.traineeAggregates(all) },
            Case(name: "by scenario", statements: [.scenarios]) { _ = try $0.scenarioAggregates(all) },
            Case(name: "by rule", statements: [.rules]) { _ = try $0.ruleAggregates(all) },
            Case(name: "progress", statements: [.progress]) { _ = try $0.progressAggregates(all) },
            Case(name: "exams", statements: [.exams]) { _ = try $0.examAggregates(all) },
            Case(name: "trainee x rule", statements: [.traineeRules]) { _ = try $0.traineeRuleAggregates(all) },
            Case(name: "HTML report (all)", statements: ReportSQL.allCases) { store in
                let report = try TeamReport.build(from: store, filter: all, kinds: Set(ReportKind.allCases), heatMap: true)
                _ = HTMLReport().render(report)
            },
        ]
        var header = ["report"]
        for backend in backends {
            let shell = backend.dialectIsPostgres ? "psql" : "sqlite3"
            header += ["\(backend.name) ms", "\(shell) floor ms", "ratio"]
        }
        var rows: [[String]] = []
        for item in cases {
            var row = [item.name]
            for backend in backends {
                // Each run opens the store afresh, as `salessim report` does.
                let ours = try median(runs: 3) { try item.run(Store.open(location: backend.location, purpose: .reading)) }
                let statements = item.statements.map { $0.sql(postgres: backend.dialectIsPostgres) }
                let floor = try median(runs: 3) { try backend.shell(statements) }
                row += [format(ours * 1000), format(floor * 1000), String(format: "%.2f", ours / floor)]
            }
            rows.append(row)
        }
        let table = ReportTable(title: "reports", header: header, rows: rows, numericColumns: Set(1..<header.count))
        print(table.terminalText())
        print("\n(median of 3 runs each; each floor is the database's own shell running the same SQL on the same data, process start included)")
    }

    func sqlite(_ statements: [String]) throws {
        try shell(["sqlite3", "-batch", "-readonly", path], input: statements,
                  advice: "is the sqlite3 shell installed? apt-get install sqlite3")
    }

    func psql(_ url: String, _ statements: [String]) throws {
        try shell(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url], input: statements,
                  advice: "is the PostgreSQL client installed? apt-get install postgresql-client")
    }

    func shell(_ arguments: [String], input statements: [String], advice: String) throws {
        do {
            _ = try BenchmarkShell.run(arguments, input: statements.map { $0 + ";" }.joined(separator: "\n") + "\n", discardOutput: true)
        } catch let error as BenchmarkError {
            throw BenchmarkError(description: "(\(advice)) \(error.description)")
        }
    }

    func median(runs: Int, _ work: () throws -> Void) throws -> Double {
        try work()  // warm the caches
        var times: [Double] = []
        for _ in 0..<runs { times.append(try measure(work)) }
        return times.sorted()[runs / 2]
    }

    func measure(_ work: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(work)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func format(_ milliseconds: Double) -> String { String(format: "%.1f", milliseconds) }
}
