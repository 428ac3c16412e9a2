import Foundation
import Reports
import ScenarioKit
import Scoring
import Store

// Benchmarks of salessim, printed as tables (as swift-log's and swift-parsing's are).
//
//   swift run -c release salessim-bench engine [--sizes 100,1000,5000] [--salessim PATH] [--scenarios DIR]
//   swift run -c release salessim-bench reports [--sessions N] [--turns N] [--keep PATH]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, ["reports", "engine"].contains(command) else {
    FileHandle.standardError.write(Data("""
    usage: salessim-bench engine [--sizes 100,1000,5000] [--salessim PATH] [--scenarios DIR]
           salessim-bench reports [--sessions 50000] [--turns 1000000] [--keep PATH]

    """.utf8))
    exit(2)
}

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

if command == "engine" {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let salessim = option("--salessim") ?? here.appendingPathComponent("salessim").path
    var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Scenarios/rulebook.yaml").path), root.path != "/" {
        root.deleteLastPathComponent()
    }
    let scenarios = option("--scenarios") ?? root.appendingPathComponent("Scenarios").path
    let sizes = (option("--sizes") ?? "100,1000,5000").split(separator: ",").compactMap { Int($0) }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("salessim-engine-bench-\(UUID().uuidString)")
    do {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try EngineBenchmark(salessim: salessim, scenarios: scenarios, sizes: sizes.isEmpty ? [100, 1000, 5000] : sizes, workDirectory: work).run()
    } catch {
        FileHandle.standardError.write(Data("salessim-bench: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

let sessionCount = option("--sessions").flatMap(Int.init) ?? 50_000
let turnCount = option("--turns").flatMap(Int.init) ?? 1_000_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("salessim-bench-\(UUID().uuidString)")
let path = option("--keep") ?? folder.appendingPathComponent("bench.sqlite").path

do {
    try ReportsBenchmark(path: path, sessions: sessionCount, turns: turnCount).run()
    if option("--keep") == nil { try? FileManager.default.removeItem(at: folder) }
} catch {
    FileHandle.standardError.write(Data("salessim-bench: \(error)\n".utf8))
    exit(1)
}
