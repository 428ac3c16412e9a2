import Foundation
import Matching
import ScenarioKit
import Scoring
import Simulation
import Yams

/// The engine's quality bars, each printed beside a floor measured in the same run (the
/// machines are shared and noisy: only the ratios are comparable between runs), with its target
/// and whether it is met.
///
/// - start-up: `salessim play` to the first prompt (and, beside it, to the end of a scripted
///   `/quit`), against `salessim --version`;
/// - one reply matched against a node with 20 replies and scored against the whole rulebook,
///   against normalising the reply alone: taken by a pattern, and taken by similarity to the
///   replies' examples (nodes of 5, 20 and 80 replies, to show the growth), each text's path printed;
/// - linting generated libraries of 100, 1,000 and 5,000 scenarios (50 nodes each), against Yams
///   parsing the same files alone;
/// - peak memory of a `play` session and of linting 1,000 files, against `--version`.
struct EngineBenchmark {
    let salessim: String
    let scenarios: String
    let sizes: [Int]
    let workDirectory: URL
    /// The measures to run (`--only`): a part of the table when profiling one path.
    var parts: Set<String> = EngineBenchmark.parts
    static let parts: Set<String> = ["start-up", "scoring", "set-up", "similarity", "lint", "memory"]

    func run() throws {
        let rulebookResult = RulebookLoader.load(path: (scenarios as NSString).appendingPathComponent("rulebook.yaml"))
        guard let rulebook = rulebookResult.value else { throw BenchmarkError(description: "the rulebook in \(scenarios) does not load") }
        var rows: [[String]] = []
        if parts.contains("start-up") { rows += try startUp() }
        if parts.contains("scoring") { rows.append(try scoring(rulebook: rulebook)) }
        if parts.contains("similarity") { rows += try similarity(rulebook: rulebook) }
        if parts.contains("lint") || parts.contains("memory") {
            let generated = try generateLibraries(rulebook: rulebook)
            if parts.contains("lint") { rows += try linting(generated) }
            if parts.contains("memory") { rows += try memory(lintFolder: generated.first { $0.count == 1000 }?.folder ?? generated[0].folder) }
        }
        print(BenchTable.render(["measure", "figure", "floor", "ratio", "target", "met"], rows))
    }

    // MARK: start-up

    func startUp() throws -> [[String]] {
        let input = workDirectory.appendingPathComponent("quit.txt")
        try "/quit\n".write(to: input, atomically: true, encoding: .utf8)
        let database = workDirectory.appendingPathComponent("startup.sqlite").path
        let play = ["play", "demo-first-visit", "--seed", "1", "--scenarios", scenarios, "--input", input.path, "--db", database]
        _ = try spawn(play) // the first run creates the store
        // NB: interleaved, so that all see the same load (blocks of runs one after the other let
        // a shared machine's load drift make any look faster).
        var versions: [Double] = [], prompts: [Double] = [], visits: [Double] = []
        for _ in 0..<21 {
            versions.append(try median(runs: 1) { _ = try spawn(["--version"]) })
            prompts.append(try secondsToFirstPrompt(play))
            visits.append(try median(runs: 1) { _ = try spawn(play) })
        }
        let version = versions.sorted()[versions.count / 2]
        let prompt = prompts.sorted()[prompts.count / 2]
        let visit = visits.sorted()[visits.count / 2]
        return [
            ["start-up: play to the first prompt", ms(prompt), ms(version) + " (--version)", ratio(prompt, version), "≤ 1.5x", met(prompt / version <= 1.5)],
            ["start-up: play to the first prompt, /quit and exit", ms(visit), ms(version) + " (--version)", ratio(visit, version), "-", "-"],
        ]
    }

    /// The seconds from starting `salessim arguments` until it shows its first prompt: the line
    /// of the customer's mood (「[耐心 3 · 信任 1]」) that stands right before the reply is read
    /// (scripted input echoes no prompt of its own). The run is then read to its end and waited for.
    func secondsToFirstPrompt(_ arguments: [String]) throws -> Double {
        var output: [Int32] = [0, 0]
        guard pipe(&output) == 0 else { throw BenchmarkError(description: "pipe failed: error \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addclose(&actions, output[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([salessim] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, salessim, &actions, nil, argv, environ)
        close(output[1])
        defer { close(output[0]) }
        guard spawned == 0 else { throw BenchmarkError(description: "cannot run \(salessim): error \(spawned)") }
        var seen: Double?
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(output[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            guard seen == nil else { continue }
            for byte in buffer[0..<count] {
                if byte != UInt8(ascii: "\n") { line.append(byte); continue }
                let text = String(decoding: line, as: UTF8.self)
                line = []
                if text.hasPrefix("[耐心") || text.hasPrefix("[patience") {
                    seen = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    break
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchmarkError(description: "waitpid failed: error \(errno)") }
        }
        guard let seen else { throw BenchmarkError(description: "salessim \(arguments.joined(separator: " ")) showed no prompt (no line of the customer's mood)") }
        return seen
    }

    // MARK: scoring

    func scoring(rulebook: Rulebook) throws -> [String] {
        // A node with 20 replies, patterns in the style of the library, that stays on itself.
        let lexiconNames = rulebook.lexicons.names.sorted()
        var replies: [String] = []
        for index in 0..<20 {
            let a = lexiconNames[index % lexiconNames.count], b = lexiconNames[(index * 7 + 3) % lexiconNames.count]
            let pattern = index % 3 == 0 ? "@\(a) > @\(b)" : (index % 3 == 1 ? "@\(a) & !@\(b)" : "(@\(a) | 喷码) & @\(b)")
            replies.append("      - {option: 选项\(index), match: \"\(pattern)\", set: {trust: +1}}")
        }
        let scenario = try nodeScenario(id: "bench-node", replies: replies)
        let texts = [
            "是的，是的，价格确实不算低，可是算上省下的墨水和溶剂钱，一年左右就回本了，售后工程师当天到现场。",
            "I understand your concern. However, our printers use a third less ink and our engineers come the same day.",
            "您說得對，進口機器確實穩定，不過我們的噴碼機自動清洗，夜班也不容易堵頭。",
        ]
        var sink = 0
        let floor = microseconds(iterations: 3000) { index in
            sink &+= NormalizedText(texts[index % texts.count]).units.count
        }
        let scorer = Session.scorer(for: scenario, rulebook: rulebook)
        let recognizer = ReplyRecognizer(scenario: scenario, matcher: scorer.matcher)
        var session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
        session.start()
        print("  (one reply, how each text is understood: \(paths(session, texts)))")
        let full = microseconds(iterations: 3000) { index in
            if index % 100 == 0 {
                session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
                session.start()
            }
            sink &+= session.reply(texts[index % texts.count]).count
        }
        let normalized = texts.map(NormalizedText.init)
        let context = TurnContext(phase: .objection, temperament: .hesitant, role: .decisionMaker, kind: .new)
        let scoreOnly = microseconds(iterations: 3000) { index in
            sink &+= session.scorer.score(reply: normalized[index % texts.count], context: context).count
        }
        let recogniseOnly = microseconds(iterations: 3000) { index in
            sink &+= session.recognise(texts[index % texts.count])?.index ?? 0
        }
        let patterns = scenario.nodes[0].replies.compactMap(\.match?.pattern)
        let matchOnly = microseconds(iterations: 3000) { index in
            var memo = Matcher.LexiconMemo()
            for pattern in patterns { sink &+= session.scorer.matcher.match(pattern, in: normalized[index % texts.count], memo: &memo).coverage }
        }
        // The lexicon pass of one reply (every lexicon's occurrences, found once per reply), exact
        // only and with homophone matching: the cost the sound-alike fallback adds to every reply.
        let lexicons = session.scorer.matcher.lexicons
        let firstLexicon = Pattern.lexicon(LexiconName(lexicons.names.sorted().first ?? ""))
        let exactMatcher = Matcher(lexicons: lexicons, homophones: false)
        let soundMatcher = Matcher(lexicons: lexicons, homophones: true)
        exactMatcher.prepare()
        soundMatcher.prepare()
        let exactPass = microseconds(iterations: 3000) { index in
            var memo = Matcher.LexiconMemo()
            sink &+= exactMatcher.match(firstLexicon, in: normalized[index % texts.count], memo: &memo).coverage
        }
        let soundPass = microseconds(iterations: 3000) { index in
            var memo = Matcher.LexiconMemo()
            sink &+= soundMatcher.match(firstLexicon, in: normalized[index % texts.count], memo: &memo).coverage
        }
        // The indexes are built on a matcher's first lexicon match: prepare() builds them here.
        if parts.contains("set-up") {
            let exactInit = microseconds(iterations: 300) { _ in let matcher = Matcher(lexicons: lexicons, homophones: false); matcher.prepare(); sink &+= matcher.lexicons.count }
            let soundInit = microseconds(iterations: 300) { _ in let matcher = Matcher(lexicons: lexicons, homophones: true); matcher.prepare(); sink &+= matcher.lexicons.count }
            print("  (matcher set-up per session: exact \(us(exactInit)), with homophones \(us(soundInit)))")
        }
        if sink == 42 { print("") } // keeps the work observable
        print("  (parts: normalise \(us(floor)), recognise \(us(recogniseOnly)), 20 patterns \(us(matchOnly)), \(rulebook.rules.count) rules \(us(scoreOnly)); lexicon pass exact \(us(exactPass)), with homophones \(us(soundPass)))")
        return ["one reply: a 20-reply node + \(rulebook.rules.count) rules (median)", us(full), us(floor) + " (normalise)", ratio(full, floor), "< 50 µs", met(full < 50e-6)]
    }

    /// A scenario of one objection node with `replies` (YAML list items) that stays on itself.
    func nodeScenario(id: String, replies: [String]) throws -> Scenario {
        let yaml = """
        scenario: \(id)
        title: bench
        language: zh-Hans
        customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: new}
        state: {trust: 0}
        start: node
        nodes:
          node:
            phase: objection
            customer: 太贵了。
            replies:
        \(replies.joined(separator: "\n"))
            otherwise: {customer: 嗯。, set: {trust: -1}}
        endings:
          done: {outcome: won, when: "trust > 1000000"}
        """
        guard let scenario = ScenarioLoader.load(text: yaml, path: "\(id).yaml").value else {
            throw BenchmarkError(description: "the generated \(replies.count)-reply node does not load")
        }
        return scenario
    }

    // MARK: similarity

    /// One reply that no pattern takes, understood by its similarity to the replies' examples, at
    /// nodes of 5, 20 and 80 replies (4 examples each): the fallback's cost and how it grows. The
    /// texts are reworded examples of three of the node's replies, each checked (and printed) to be
    /// taken by similarity; a fourth row measures replies the fallback consults but does not
    /// understand (the customer's `otherwise`), which also names the closest reply's missing words.
    func similarity(rulebook: Rulebook) throws -> [[String]] {
        let phrases = ["价格确实不低，可是墨水一年省三成", "我们工程师四小时到现场", "先放一台样机在您线上试打一周", "下周二我带合同过来签", "恭喜您选了我们的机器",
                       "I'll bring a printer for a test on your line", "our ink costs a third less", "the engineer comes the same day",
                       "您放心，坏了我们包换", "我回去跟领导申请个折扣", "这个月签有优惠", "您先考虑考虑"]
        var random = SeededRandom(seed: 7)
        func example(_ reply: Int, _ number: Int) -> String {
            let a = phrases[(reply + number) % phrases.count], b = phrases[random.next(below: phrases.count)]
            return number % 2 == 0 ? "\(a)，\(b)" : "\(b)。\(a)，第\(reply)条"
        }
        let unclear = [
            "价钱是高了点，但是一年省下的墨水就差不多把差价补回来了，您可以先试用",
            "Fair point on price, but we'd put a unit on your line for a week so you see the ink savings yourself.",
            "機器壞了我們工程師當天就到，您完全不用擔心停線。",
        ]
        var rows: [[String]] = []
        var perReply: [Int: Double] = [:]
        var sink = 0
        func measure(_ scenario: Scenario, _ scorer: Scorer, _ recognizer: ReplyRecognizer, _ texts: [String]) -> Double {
            var session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
            session.start()
            return microseconds(iterations: 2000) { index in
                if index % 100 == 0 {
                    session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
                    session.start()
                }
                sink &+= session.reply(texts[index % texts.count]).count
            }
        }
        for size in [5, 20, 80] {
            var replies: [String] = []
            var examples: [[String]] = []
            for index in 0..<size {
                examples.append((0..<4).map { example(index, $0) })
                let quoted = examples[index].map { "\"" + $0 + "\"" }.joined(separator: ", ")
                replies.append("      - {option: \"选项\(index)：\(phrases[index % phrases.count])\", match: \"从来不会出现的词\(index)\", examples: [\(quoted)], set: {trust: +1}}")
            }
            let scenario = try nodeScenario(id: "bench-similarity", replies: replies)
            let scorer = Session.scorer(for: scenario, rulebook: rulebook)
            let recognizer = ReplyRecognizer(scenario: scenario, matcher: scorer.matcher)
            var probe = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
            probe.start()
            // Reworded examples (a word added, a clause dropped) of replies spread over the node,
            // the first three that similarity takes.
            var texts: [String] = []
            for reply in [1, size / 2, size - 1] + Array(0..<size) where texts.count < 3 {
                for variant in [examples[reply][1] + "，您看怎么样", String(examples[reply][3].dropFirst(2)) + "吧"] where texts.count < 3 {
                    if probe.recognise(variant)?.by == .similarity, !texts.contains(variant) { texts.append(variant) }
                }
            }
            print("  (\(size)-reply node, how each text is understood: \(paths(probe, texts)))")
            let full = measure(scenario, scorer, recognizer, texts)
            perReply[size] = full
            rows.append(["one reply by similarity: \(size)-reply node, 4 examples each (median)", us(full), "-", "-", size == 20 ? "< 50 µs" : "-", size == 20 ? met(full < 50e-6) : "-"])
            if size == 20 {
                print("  (20-reply node, replies not understood: \(paths(probe, unclear)))")
                let none = measure(scenario, scorer, recognizer, unclear)
                rows.append(["one reply not understood (similarity consulted): 20-reply node", us(none), "-", "-", "-", "-"])
            }
        }
        if sink == 42 { print("") }
        if let small = perReply[20], let large = perReply[80] {
            rows.append(["similarity growth: 80 replies / 20 replies", ratio(large, small), "4.00x (linear)", "-", "≤ 4x", met(large / small <= 4)])
        }
        return rows
    }

    // MARK: linting

    struct Library {
        var count: Int
        var folder: URL
        var files: [URL]
    }

    func generateLibraries(rulebook: Rulebook) throws -> [Library] {
        let lexicons = rulebook.lexicons.names.sorted()
        let rules = rulebook.rules.map(\.id)
        var libraries: [Library] = []
        for count in sizes {
            let folder = workDirectory.appendingPathComponent("library-\(count)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: (scenarios as NSString).appendingPathComponent("rulebook.yaml"),
                                             toPath: folder.appendingPathComponent("rulebook.yaml").path)
            // The learned model the rulebook names, beside it as in the library.
            if let learned = rulebook.learnedFile {
                try FileManager.default.copyItem(atPath: learned.path,
                                                 toPath: folder.appendingPathComponent((learned.path as NSString).lastPathComponent).path)
            }
            var files: [URL] = []
            for index in 0..<count {
                let file = folder.appendingPathComponent("generated-\(index).yaml")
                try ScenarioGenerator.yaml(id: "generated-\(index)", nodes: 50, lexicons: lexicons, rules: rules, seed: UInt64(index))
                    .write(to: file, atomically: true, encoding: .utf8)
                files.append(file)
            }
            libraries.append(Library(count: count, folder: folder, files: files))
        }
        return libraries
    }

    func linting(_ libraries: [Library]) throws -> [[String]] {
        var rows: [[String]] = []
        var perFile: [Double] = []
        for library in libraries {
            let lint = try median(runs: library.count >= 5000 ? 1 : 3) {
                var linter = Linter(fallbackRulebook: nil)
                let report = linter.lint(paths: [library.folder.path])
                guard report.errorCount == 0 else { throw BenchmarkError(description: "generated library has \(report.errorCount) errors: \(report.diagnostics.prefix(3))") }
            }
            let parse = try median(runs: library.count >= 5000 ? 1 : 3) {
                for file in library.files {
                    let text = try String(contentsOf: file, encoding: .utf8)
                    _ = try Yams.compose(yaml: text)
                }
            }
            perFile.append(lint / Double(library.count))
            rows.append(["lint \(library.count) scenarios (\(library.count * 50) nodes)", ms(lint), ms(parse) + " (Yams parse)", ratio(lint, parse), library.count == 1000 ? "≤ 2x" : "linear", library.count == 1000 ? met(lint / parse <= 2) : "-"])
        }
        if let first = perFile.first, let last = perFile.last, perFile.count > 1 {
            rows.append(["lint cost per file, largest / smallest library", String(format: "%.2f ms", last * 1000), String(format: "%.2f ms", first * 1000), ratio(last, first), "≈ 1x (linear)", "-"])
        }
        return rows
    }

    // MARK: memory

    func memory(lintFolder: URL) throws -> [[String]] {
        let input = workDirectory.appendingPathComponent("visit.txt")
        try "/options\n1\n1\n/score\n/quit\n".write(to: input, atomically: true, encoding: .utf8)
        let database = workDirectory.appendingPathComponent("memory.sqlite").path
        let version = try peakKilobytes(["--version"])
        let play = try peakKilobytes(["play", "demo-first-visit", "--seed", "1", "--scenarios", scenarios, "--input", input.path, "--db", database])
        let lint = try peakKilobytes(["lint", lintFolder.path])
        return [
            ["peak memory: play a visit", mb(play), mb(version) + " (--version)", ratio(Double(play), Double(version)), "≤ 30 MB", met(play <= 30 * 1024)],
            ["peak memory: lint 1,000 scenarios", mb(lint), mb(version) + " (--version)", ratio(Double(lint), Double(version)), "-", "-"],
        ]
    }

    // MARK: helpers

    /// How each text would be understood at the session's node ("pattern #3, similarity #0 …").
    func paths(_ session: Session, _ texts: [String]) -> String {
        texts.map { text in
            guard let recognition = session.recognise(text) else { return "-" }
            return "\(recognition.by.rawValue)" + (recognition.index.map { " #\($0)" } ?? "")
                + (recognition.similarity.map { String(format: " %.2f", $0) } ?? "")
        }.joined(separator: ", ")
    }

    /// Runs salessim with standard input, output and error on /dev/null; returns its exit status.
    ///
    /// NB: posix_spawn and waitpid, not Foundation's Process: `waitUntilExit()` polls its run
    /// loop about every 50 ms, so every run it timed came out as a multiple of 50 ms (a 21 ms
    /// `--version` and a 40 ms `play` both measured 51 ms).
    @discardableResult
    func spawn(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([salessim] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, salessim, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkError(description: "cannot run \(salessim): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchmarkError(description: "waitpid failed: error \(errno)") }
        }
        return status
    }

    /// Peak resident memory of one salessim run, in kilobytes (GNU time's %M).
    func peakKilobytes(_ arguments: [String]) throws -> Int {
        let output = workDirectory.appendingPathComponent("time-\(UUID().uuidString).txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", output.path, salessim] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let kilobytes = Int(text.split(separator: "\n").last ?? "") else { throw BenchmarkError(description: "/usr/bin/time printed '\(text)'") }
        return kilobytes
    }

    func median(runs: Int, _ body: () throws -> Void) throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    /// Median seconds per call over `iterations` calls, timed in batches of 100.
    ///
    /// Timed in the thread's CPU time, not the wall clock: the engine is single-threaded and never
    /// waits, so on an idle machine the two agree, and on a shared one (other builds on the same
    /// cores) the wall clock also counts the time the thread was not running.
    func microseconds(iterations: Int, _ body: (Int) -> Void) -> Double {
        var batches: [Double] = []
        var index = 0
        for _ in 0..<(iterations / 100) {
            let start = threadSeconds()
            for _ in 0..<100 { body(index); index += 1 }
            batches.append((threadSeconds() - start) / 100)
        }
        return batches.sorted()[batches.count / 2]
    }

    /// The CPU time this thread has used, in seconds.
    func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The last column: whether the figure meets its target.
    func met(_ isMet: Bool) -> String { isMet ? "yes" : "NO" }

    func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    func us(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1e6) }
    func mb(_ kilobytes: Int) -> String { String(format: "%.1f MB", Double(kilobytes) / 1024) }
    func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2fx", a / b) : "-" }
}

/// A plain text table, columns padded to their widest cell.
enum BenchTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
    }
}

/// Synthetic scenario files for the lint benchmark: valid, with every kind of element.
enum ScenarioGenerator {
    static func yaml(id: String, nodes: Int, lexicons: [String], rules: [String], seed: UInt64) -> String {
        var random = SeededRandom(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[random.next(below: items.count)] }
        let phases = ["opening", "introduction", "objection", "closing", "negotiation"]
        var lines = [
            "scenario: \(id)", "title: 生成的场景 \(id)", "language: zh-Hans",
            "customer: {name: 王经理, role: decision-maker, temperament: hesitant, kind: new, profile: \"食品厂,三条灌装线\"}",
            "state: {patience: 5, trust: 0, sample-shown: false}", "pass: 60", "start: n0", "nodes:",
        ]
        for index in 0..<nodes {
            let next = index + 1 < nodes ? "n\(index + 1)" : "won"
            lines += [
                "  n\(index):",
                "    phase: \(pick(phases))",
                "    narration: 第 \(index) 步。王经理看着你。",
                "    customer: [\"这个价格有点高啊。\", \"你们的墨水贵不贵?\"]",
                "    hint: 先认同,再转折。",
                "    replies:",
                "      - option: 是的是的,可是我们更省墨",
                "        match: \"@\(pick(lexicons)) > @\(pick(lexicons))\"",
                "        judge: {\(pick(rules)): met}",
                "        set: {trust: +1, sample-shown: true}",
                "        next: \(next)",
                "      - match: \"(喷码 | 墨水) & !@\(pick(lexicons))\"",
                "        if: \"trust >= 1 and not sample-shown\"",
                "        customer: 嗯。",
                "        set: {patience: -1}",
                "        next: \(next)",
                "    otherwise: {customer: [说重点。, 然后呢?], set: {patience: -1}}",
            ]
        }
        lines += [
            "endings:",
            "  won: {outcome: won}",
            "  lost: {outcome: lost, when: \"patience <= 0\"}",
            "tests:",
            "  - name: guided",
            "    replies: [\(Array(repeating: "\"#1\"", count: nodes).joined(separator: ", "))]",
            "    expect: {ending: won}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
