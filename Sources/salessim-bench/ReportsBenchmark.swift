import Foundation
import Reports
import ScenarioKit
import Scoring
import Store

/// Fills a store with generated sessions and times the main reports against the same SQL run by
/// the `sqlite3` shell on the same file: the shell's time is the floor, the ratio our overhead.
struct ReportsBenchmark {
    let path: String
    let sessions: Int
    let turns: Int

    /// One measured report: our API and the statements the shell runs for the same numbers.
    struct Case {
        var name: String
        var statements: [ReportSQL]
        var run: (Store) throws -> Void
    }

    func run() throws {
        let fill = try measure {
            let store = try Store.open(at: path, purpose: .recording)
            try store.importSessions(StoreGenerator(sessions: sessions, turns: turns))
        }
        let store = try Store.open(at: path, purpose: .reading)
        let counts = try store.counts()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("store: \(counts.sessions) sessions, \(counts.turns) turns, \(counts.ruleResults) rule results, \(size / 1_000_000) MB, filled in \(format(fill * 1000)) ms")
        print("file: \(path)")
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
        var rows: [[String]] = []
        for item in cases {
            // Each run opens the store afresh, as `salessim report` does.
            let ours = try median(runs: 3) { try item.run(Store.open(at: path, purpose: .reading)) }
            let floor = try median(runs: 3) { try sqlite(item.statements) }
            rows.append([item.name, format(ours * 1000), format(floor * 1000), String(format: "%.2f", ours / floor)])
        }
        let table = ReportTable(title: "reports", header: ["report", "salessim ms", "sqlite3 floor ms", "ratio"], rows: rows, numericColumns: [1, 2, 3])
        print(table.terminalText())
        print("\n(median of 3 runs each; the floor is the sqlite3 shell running the same SQL on the same file, process start included)")
    }

    func sqlite(_ statements: [ReportSQL]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-batch", "-readonly", path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data((statements.map { $0.sql() + ";" }.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw BenchmarkError(description: "sqlite3 failed (is the sqlite3 shell installed? apt-get install sqlite3): \(message)")
        }
    }

    func median(runs: Int, _ work: () throws -> Void) throws -> Double {
        try work()  // warm the file cache
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
