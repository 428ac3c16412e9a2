import ArgumentParser
import Foundation
import PostgresBackend
import LineEditor
import Practice
import ScenarioKit
import Simulation
import Store

/// `salessim play`: the visit, in a line-edited REPL.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "play",
        abstract: "Practise a customer visit: the program plays the customer and scores every reply.",
        discussion: """
        Without SCENARIO a numbered list is shown. On a terminal the line editor gives history
        (up-arrow), editing and Tab completion; piped input or --input FILE is read as plain lines.

        Example:
          salessim play
          salessim play demo-first-visit --seed 7
          salessim play demo-phone-call --exam
          printf '你好\\n/quit\\n' | salessim play demo-first-visit --json
          salessim play payment-delay --from plan --set goodwill=2    # one stretch, from a node
        """
    )

    @Argument(help: ArgumentHelp("A scenario id or a path to a scenario file (default: pick from a list).", valueName: "scenario"))
    var scenario: String?

    @Flag(help: "Exam mode: no feedback until the end, no hints, no options.")
    var exam = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed for the customer's choice of words; the same seed replays the same visit. Any 64-bit whole number, negative ones included (-1 is the same as 18446744073709551615).", valueName: "n"))
    var seed: String?

    @Option(help: "Your name in the records (default: your login name): at most 64 columns, no control characters.")
    var trainee: String?

    @Option(help: "Language of the program's text: zh-Hans or en (default: the scenario's).")
    var lang: String?

    @Option(help: ArgumentHelp("Read the replies from a file, one per line.", valueName: "file"))
    var input: String?

    @Flag(help: "Print the whole transcript and scorecard as one JSON document on stdout (no other output).")
    var json = false

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Practise one stretch: start at this node instead of the start (recorded as a stretch, kept apart from whole visits in reports).", valueName: "node"))
    var from: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("With --from: start with this state value (repeatable).", valueName: "variable=value"))
    var assignments: [String] = []

    @Option(help: ArgumentHelp("Also write the transcript and scorecard as JSON to this file when the visit ends.", valueName: "file"))
    var transcript: String?

    @OptionGroup var library: LibraryOptions

    /// `play SCENARIO [options]` typed in its plain form (``PlainPlayLine``), read without
    /// ArgumentParser: its reflection over `play`'s options, done twice (once to look for a
    /// completion-script request), was the largest part of a visit's start on the main thread.
    /// Only a line that leaves no doubt is read here: no value that looks like an option (but
    /// `--seed`'s, which may be negative, as the parser takes it), no option given twice (but
    /// `--set`), no `help`, and values that pass `validate()`. Anything else is nil and goes to
    /// the parser, which reads it, or refuses it with its usage, as it always has.
    static func plain(_ arguments: [String]) -> Play? {
        guard !arguments.contains("help"), let line = PlainPlayLine(arguments) else { return nil }
        for (option, values) in line.values {
            if option != "--set" && values.count > 1 { return nil }
            if option != "--seed" && values.contains(where: { $0.hasPrefix("-") }) { return nil }
        }
        func value(_ option: String) -> String? { line.values[option]?.first }
        // NB: every property is set: one left as Play() made it stops the program when read
        // (as `run()` reads them all, every test that plays a plain line would show it).
        var play = Play()
        play.scenario = line.reference
        play.exam = line.flags.contains("--exam")
        play.seed = value("--seed")
        play.trainee = value("--trainee")
        play.lang = value("--lang")
        play.input = value("--input")
        play.json = line.flags.contains("--json")
        var store = StoreOptions()
        store.db = value("--db")
        play.storeOptions = store
        play.from = value("--from")
        play.assignments = line.values["--set"] ?? []
        play.transcript = value("--transcript")
        var library = LibraryOptions()
        library.scenarios = value("--scenarios")
        play.library = library
        do {
            try play.storeOptions.validate()
            try play.validate()
        } catch {
            return nil
        }
        return play
    }

    func validate() throws {
        if let seed, ArgumentChecks.seed(seed) == nil {
            throw ValidationError("--seed must be a whole number from -9223372036854775808 to 18446744073709551615, not '\(seed)'")
        }
        if let trainee { try ArgumentChecks.personName(trainee, what: "--trainee") }
        if let lang, UILanguage(rawValue: lang) == nil {
            throw ValidationError("--lang must be zh-Hans or en, not '\(lang)'")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // NB: before anything else, so that a locked, read-only, full or corrupt store is
        // reported before the visit starts rather than lost after it.
        let location = storeOptions.location
        // On a shared server the trainee is the login: the server keeps each to their own rows.
        var login: String?
        let traineeName: String
        do {
            if Store.isServerURL(location) {
                let url = try PostgresURL(location, environment: environment)
                if let trainee, trainee != url.user {
                    throw CLIError("on the results server \(url.redacted) your visits are recorded as your login '\(url.user)'; leave out --trainee, or connect as '\(trainee)'")
                }
                login = url.user
            }
            // NB: checked before the store is opened (and perhaps created): the name is recorded.
            traineeName = try ArgumentChecks.traineeName(trainee, login: login, environment: environment)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        // NB: the store is opened on another thread while the scenario named is read (opening
        // waits on the disk for its start-of-visit write check); nothing of the scenario is
        // printed until the store has opened, so the store's errors still come first, then
        // --input's, then the scenario's.
        let opening = BackgroundWork { try Store.open(location: location, purpose: .recording, environment: environment) }
        // NB: read while the command line was parsed when it named this scenario (see ScenarioPrefetch).
        let resolved = scenario.map { ScenarioPrefetch.take(reference: $0, scenarios: library.scenarios) ?? library.resolveScenario($0) }
        ScenarioPrefetch.finish()
        // NB: the terminal's locale, which nothing above depends on, once the store's thread
        // and the rulebook's reading are under way (its files were read before they started).
        TerminalText.ensureUTF8Locale()
        let store: Store
        do {
            store = try opening.wait()
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        let reader: any LineReader
        if let input {
            do {
                reader = try PlainLineReader(path: input)
            } catch {
                throw CLIError("--input: \(error)")
            }
        } else if json {
            reader = PlainLineReader()
        } else {
            reader = Terminal.makeReader(historyFile: HistoryFile(url: HistoryFile.defaultURL(mode: exam ? "exam" : nil)))
        }
        let interactive = input == nil && !json && Terminal.isInteractive
        let output: any TextOutput = json ? BufferedOutput() : StandardOutput()
        let uiLanguage = lang.flatMap(UILanguage.init(rawValue:))

        let chosen: (Scenario, Rulebook)
        if let resolved {
            switch resolved {
            case let .success(pair):
                chosen = pair
            case let .failure(failure):
                throw failure.reported()
            }
        } else {
            let root = try library.library()
            var linter = Linter(fallbackRulebook: root.rulebookPath)
            let report = linter.lint(paths: [root.root])
            let scenarios = report.scenarios.sorted { $0.scenario.id < $1.scenario.id }
            let today = Assignment.localDay(of: Date())
            // NB: the list of assignments helps the trainee choose; a store that cannot give it
            // is reported, and the visit goes on.
            var mine: [Assignment] = []
            do {
                mine = try store.assignments(trainee: traineeName)
            } catch {
                Console.err("salessim: warning: your assignments could not be read: \(error)")
            }
            let open = mine.filter { $0.completedAt == nil }.map {
                ScenarioPicker.Assigned(scenarioID: $0.scenarioID, exam: $0.exam, due: $0.due, overdue: $0.state(today: today) == .overdue, note: $0.note)
            }
            let picker = ScenarioPicker(scenarios: scenarios.map(\.scenario), language: uiLanguage ?? .zhHans, output: output, assigned: open)
            guard let picked = picker.pick(with: reader), let pair = scenarios.first(where: { $0.scenario.id == picked.id }) else {
                throw CLIError("no scenario was chosen", exitCode: 1)
            }
            if let reminder = picker.examReminder(for: picked, exam: exam) { output.write(reminder + "\n") }
            chosen = pair
        }

        var configuration = PracticeSession.Configuration()
        if from != nil || !assignments.isEmpty {
            let values = try StateAssignments.parse(assignments, for: chosen.0)
            var probe = Session(scenario: chosen.0, rulebook: chosen.1, seed: 1)
            try StateAssignments.start(&probe, at: from ?? chosen.0.start.value, values: values)
            configuration.startNode = from ?? chosen.0.start.value
            configuration.startValues = values
        }
        configuration.exam = exam
        configuration.seed = seed.flatMap(ArgumentChecks.seed) ?? UInt64.random(in: 1...999_999)
        configuration.trainee = traineeName
        configuration.language = uiLanguage
        configuration.style = Style.forTerminal(isTerminal: interactive, environment: environment)
        configuration.quiet = json
        // On a terminal, its width; piped or redirected, 80 columns (issue 15).
        configuration.width = TerminalText.columns() ?? 80
        let clock = ContinuousClock()
        let start = clock.now
        let practice = PracticeSession(
            scenario: chosen.0, rulebook: chosen.1, reader: reader, output: output,
            now: { let elapsed = clock.now - start; return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 },
            configuration: configuration,
            // NB: a step that cannot be stored stops the visit; nothing may claim it is kept.
            recorder: StoreRecorder(store: store, scripted: !interactive, onLost: { lost in Console.err("salessim: error: \(lost)"); Foundation.exit(2) }),
            warnings: json ? StandardError() : nil)
        practice.run()
        if let plain = reader as? PlainLineReader, let reason = plain.stopReason {
            Console.err("salessim: error: \(input.map { "--input \($0)" } ?? "standard input"): \(reason); the visit stopped there")
            throw ExitCode(1)
        }
        let document = TranscriptDocument(session: practice.session, trainee: configuration.trainee, exam: exam,
                                          guided: practice.guided, status: practice.status)
        if json {
            Console.out(Console.json(document))
        }
        if let transcript {
            do {
                try OutputFile.write(Data((Console.json(document) + "\n").utf8), to: transcript)
            } catch let error as CLIError {
                throw CLIError("cannot write the transcript: \(error.message)", exitCode: 1)
            }
        }
    }
}
