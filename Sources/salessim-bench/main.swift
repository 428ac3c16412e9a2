import Foundation
import Reports
import ScenarioKit
import Scoring
import Store

// Benchmarks of salessim, printed as tables (as swift-log's and swift-parsing's are).
//
//   swift run -c release salessim-bench engine [--sizes 100,1000,5000] [--salessim PATH] [--scenarios DIR]
//                                              [--only start-up,scoring,set-up,similarity,lint,memory]
//   swift run -c release salessim-bench reports [--sessions N] [--turns N] [--keep PATH] [--postgres URL | --no-postgres]
//   swift run -c release salessim-bench lsp [--runs 5] [--salessim PATH] [--scenarios DIR]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, ["reports", "engine", "lsp"].contains(command) else {
    FileHandle.standardError.write(Data("""
    usage: salessim-bench engine [--sizes 100,1000,5000] [--salessim PATH] [--scenarios DIR] [--only PARTS]
           salessim-bench reports [--sessions 50000] [--turns 1000000] [--keep PATH] [--postgres ADMIN-URL | --no-postgres]
           salessim-bench lsp [--runs 5] [--salessim PATH] [--scenarios DIR]

    """.utf8))
    exit(2)
}

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

if command == "lsp" {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let salessim = option("--salessim") ?? here.appendingPathComponent("salessim").path
    var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Scenarios/rulebook.yaml").path), root.path != "/" {
        root.deleteLastPathComponent()
    }
    do {
        try LSPBenchmark(salessim: salessim, scenarios: option("--scenarios") ?? root.appendingPathComponent("Scenarios").path,
                         runs: max(1, option("--runs").flatMap(Int.init) ?? 5)).run()
    } catch {
        FileHandle.standardError.write(Data("salessim-bench: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
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
        let parts = option("--only").map { Set($0.split(separator: ",").map(String.init)) } ?? EngineBenchmark.parts
        guard parts.isSubset(of: EngineBenchmark.parts) else {
            throw BenchmarkError(description: "--only takes \(EngineBenchmark.parts.sorted().joined(separator: ", ")), not \(parts.subtracting(EngineBenchmark.parts).sorted().joined(separator: ", "))")
        }
        try EngineBenchmark(salessim: salessim, scenarios: scenarios, sizes: sizes.isEmpty ? [100, 1000, 5000] : sizes, workDirectory: work, parts: parts).run()
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
    // PostgreSQL: a new database on the server --postgres names (an administrator's URL), else on
    // a private server started with scripts/postgres-server (stopped again at the end).
    var postgres: String?
    var privateServer: String?
    if !arguments.contains("--no-postgres") {
        let admin: String
        if let given = option("--postgres") {
            admin = given
        } else {
            let server = "/tmp/salessim-bench-postgres-\(getuid())"
            admin = try BenchmarkShell.run([repositoryRoot().appendingPathComponent("scripts/postgres-server").path, "start", server,
                                            try BenchmarkShell.run([repositoryRoot().appendingPathComponent("scripts/postgres-server").path, "free-port"])])
            privateServer = server
        }
        let database = "salessim_bench_\(UInt32.random(in: 0...UInt32.max))"
        _ = try BenchmarkShell.run(["psql", "-X", "-q", admin, "-c", "CREATE DATABASE \(database)"])
        guard var components = URLComponents(string: admin) else { throw BenchmarkError(description: "--postgres: not a URL") }
        components.path = "/" + database
        postgres = components.string
        defer {
            _ = try? BenchmarkShell.run(["psql", "-X", "-q", admin, "-c", "DROP DATABASE IF EXISTS \(database)"])
            if let privateServer {
                _ = try? BenchmarkShell.run([repositoryRoot().appendingPathComponent("scripts/postgres-server").path, "stop", privateServer])
            }
        }
        try ReportsBenchmark(path: path, postgres: postgres, sessions: sessionCount, turns: turnCount).run()
    } else {
        try ReportsBenchmark(path: path, postgres: nil, sessions: sessionCount, turns: turnCount).run()
    }
    if option("--keep") == nil { try? FileManager.default.removeItem(at: folder) }
} catch {
    FileHandle.standardError.write(Data("salessim-bench: \(error)\n".utf8))
    exit(1)
}

/// The repository (the folder with Scenarios/rulebook.yaml) above the working directory.
func repositoryRoot() -> URL {
    var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    while !FileManager.default.fileExists(atPath: root.appendingPathComponent("scripts/postgres-server").path), root.path != "/" {
        root.deleteLastPathComponent()
    }
    return root
}

/// Runs a helper program; its trimmed standard output, or its standard error as the failure.
enum BenchmarkShell {
    /// Runs `arguments` through /usr/bin/env, feeding `input` on standard input.
    static func run(_ arguments: [String], input: String? = nil, discardOutput: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = discardOutput ? FileHandle.nullDevice : output
        process.standardError = errors
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            standardInput.fileHandleForWriting.write(Data(input.utf8))
            try standardInput.fileHandleForWriting.close()
        }
        let data = discardOutput ? Data() : output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw BenchmarkError(description: "\(arguments.joined(separator: " ")) failed: \(message)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
