import Foundation
import LanguageServer
import ScenarioKit

/// The language server's quality bar: diagnostics for a library file within 50 ms of a change.
///
/// - in process: `didChange` handled and the document re-linted (``Server/publishDiagnostics()``)
///   for every scenario of the library, against linting the same file from disk with a linter
///   that already holds the rulebook (the floor: lint itself);
/// - the first open, which parses the rulebook once for the session;
/// - completion, hover and definition right after a change (they parse the new text once);
/// - over stdio through the real binary: from writing `didChange` to reading its
///   `publishDiagnostics`, debounce included.
struct LSPBenchmark {
    let salessim: String
    let scenarios: String
    let runs: Int
    /// `salessim lsp --debounce`: its default.
    let debounce = 10

    func run() throws {
        let files = ScenarioLibrary(root: scenarios).scenarioFiles
        guard !files.isEmpty else { throw BenchmarkError(description: "no scenarios in \(scenarios)") }
        let rulebook = (scenarios as NSString).appendingPathComponent("rulebook.yaml")
        var rows: [[String]] = []

        // First open: the rulebook is parsed once, then kept.
        let firstOpen = measure {
            var server = LSPBenchmark.server(rulebook: rulebook)
            _ = server.receive(LSPBenchmark.open(files[0]))
        }
        rows.append(["first open (parses the rulebook once)", ms(firstOpen), "-", "-", "-"])

        // Each change re-lints the changed file only.
        var server = LSPBenchmark.server(rulebook: rulebook)
        var linter = Linter(fallbackRulebook: rulebook)
        _ = linter.lint(paths: [files[0]])
        var changeTimes: [Double] = []
        var lintTimes: [Double] = []
        var featureTimes: [String: [Double]] = [:]
        for file in files {
            _ = server.receive(LSPBenchmark.open(file))
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            for run in 0..<runs {
                let changed = text + "\n# edit \(run)\n"
                changeTimes.append(measure {
                    _ = server.receive(LSPBenchmark.change(file, text: changed, version: run + 2))
                    _ = server.publishDiagnostics()
                })
                lintTimes.append(measure { _ = linter.lint(paths: [file]) })
                // A feature asked right after the change builds the index of the new text.
                let position = LSPBenchmark.position(of: "next: ", in: changed)
                let pattern = LSPBenchmark.position(of: "match: ", in: changed)
                for (name, method, at) in [("completion", "textDocument/completion", position), ("hover", "textDocument/hover", position),
                                           ("definition", "textDocument/definition", position), ("hover on a pattern", "textDocument/hover", pattern)] {
                    _ = server.receive(LSPBenchmark.change(file, text: changed + "# \(name)\n", version: 1000 + run))
                    _ = server.publishDiagnostics()
                    featureTimes[name, default: []].append(measure { _ = server.receive(LSPBenchmark.request(method, file, at)) })
                }
                featureTimes["hover on a pattern, again", default: []].append(measure { _ = server.receive(LSPBenchmark.request("textDocument/hover", file, pattern)) })
            }
        }
        let changeMedian = median(changeTimes), lintMedian = median(lintTimes)
        rows.append(["change → diagnostics, in process (\(files.count) library files × \(runs))", "\(ms(changeMedian)) median, \(ms(changeTimes.max() ?? 0)) max",
                     "\(ms(lintMedian)) (lint FILE, warm rulebook)", ratio(changeMedian, lintMedian), "≤ 50 ms"])
        for (name, label) in [("completion", "completion just after a change"), ("hover", "hover on a node just after a change"),
                              ("definition", "definition just after a change"), ("hover on a pattern", "hover on a pattern just after a change"),
                              ("hover on a pattern, again", "hover on the same pattern again")] {
            let times = featureTimes[name] ?? []
            rows.append([label, "\(ms(median(times))) median, \(ms(times.max() ?? 0)) max", "-", "-", "-"])
        }
        rows.append(try overStdio(files: files))
        print(BenchTable.render(["measure", "figure", "floor", "ratio", "target"], rows))
    }

    /// didChange written to the real server to its publishDiagnostics read back, debounce included.
    func overStdio(files: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: salessim)
        process.arguments = ["lsp", "--scenarios", scenarios, "--debounce", String(debounce)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var framer = MessageFramer()
        func send(_ body: Data) { input.fileHandleForWriting.write(MessageFramer.frame(body)) }
        func waitForDiagnostics(version: Int) throws {
            while true {
                while let frame = framer.next() {
                    if case let .message(body) = frame, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                       object["method"] as? String == "textDocument/publishDiagnostics",
                       let params = object["params"] as? [String: Any], params["version"] as? Int == version {
                        return
                    }
                }
                let data = output.fileHandleForReading.availableData
                guard !data.isEmpty else { throw BenchmarkError(description: "salessim lsp ended early") }
                framer.append(data)
            }
        }
        send(Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
        var times: [Double] = []
        var version = 1
        for file in files {
            send(LSPBenchmark.open(file))
            try waitForDiagnostics(version: 1)
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            for run in 0..<runs {
                version += 1
                let body = LSPBenchmark.change(file, text: text + "\n# edit \(run)\n", version: version)
                let start = DispatchTime.now().uptimeNanoseconds
                send(body)
                try waitForDiagnostics(version: version)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        send(Data(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#.utf8))
        send(Data(#"{"jsonrpc":"2.0","method":"exit"}"#.utf8))
        process.waitUntilExit()
        return ["change → diagnostics over stdio (salessim lsp, \(debounce) ms debounce)", "\(ms(median(times))) median, \(ms(times.max() ?? 0)) max", "\(debounce).0 ms (the debounce)", "-", "≤ 50 ms"]
    }

    static func server(rulebook: String) -> Server {
        var server = Server(configuration: .init(fallbackRulebook: rulebook))
        _ = server.receive(Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.utf8))
        return server
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    static func uri(_ file: String) -> String { URL(fileURLWithPath: file).standardizedFileURL.absoluteString }

    static func open(_ file: String) -> Data {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return json(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": ["uri": uri(file), "languageId": "yaml", "version": 1, "text": text]]])
    }

    static func change(_ file: String, text: String, version: Int) -> Data {
        json(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": ["textDocument": ["uri": uri(file), "version": version], "contentChanges": [["text": text]]]])
    }

    static func request(_ method: String, _ file: String, _ position: (line: Int, character: Int)) -> Data {
        json(["jsonrpc": "2.0", "id": 7, "method": method, "params": ["textDocument": ["uri": uri(file)], "position": ["line": position.line, "character": position.character]]])
    }

    /// Just after the first `needle` (the cursor on a node id after `next: `).
    static func position(of needle: String, in text: String) -> (line: Int, character: Int) {
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if let range = line.range(of: needle) { return (index, line[..<range.upperBound].utf16.count + 1) }
        }
        return (0, 0)
    }

    func measure(_ work: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func median(_ times: [Double]) -> Double {
        guard !times.isEmpty else { return 0 }
        return times.sorted()[times.count / 2]
    }

    func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2fx", a / b) : "-" }
}
