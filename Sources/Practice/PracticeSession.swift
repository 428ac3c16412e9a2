import Foundation
import LineEditor
import Matching
import ScenarioKit
import Scoring
import Simulation
import TerminalSafety

/// The REPL of one visit: shows the customer, reads replies and meta-commands, and passes them
/// to the engine.
///
/// Everything it needs comes in: the line reader (libedit on a terminal, plain lines otherwise,
/// a script in tests), the output, the clock and the seed. The loop itself holds no logic that a
/// test cannot reach through a ``ScriptedLineReader``.
public final class PracticeSession {
    /// Options for one run.
    public struct Configuration: Sendable {
        public var exam = false
        public var seed: UInt64 = 1
        public var trainee = "trainee"
        public var language: UILanguage?
        public var style = Style(enabled: false)
        /// Replies longer than this (in characters) are refused before they reach the customer.
        public var maximumReplyLength = 2000
        /// Show the UI at all (false with `--json`).
        public var quiet = false
        /// A stretch of practice (`play --from`): the node to start at, and state values to start with.
        public var startNode: String?
        public var startValues: [String: StateValue] = [:]
        /// The terminal's width in columns: lines are wrapped to it (nil: not wrapped).
        public var width: Int?

        public init() {}
    }

    public private(set) var session: Session
    public private(set) var guided = false
    public private(set) var status: TranscriptDocument.Status = .abandoned
    let rulebook: Rulebook
    let reader: any LineReader
    let output: any TextOutput
    let now: () -> Double
    let configuration: Configuration
    let recorder: (any SessionRecorder)?
    /// Where recording problems and notices go: `output`, unless it is a buffer (`--json`).
    let warnings: any TextOutput
    let text: UIText
    let style: Style
    private var lastVerdicts: [RuleVerdict] = []
    private var promptShownAt: Double = 0
    /// Problems the recorder reported (a store that went away); shown once, never fatal.
    public private(set) var recordingProblems: [String] = []

    public init(scenario: Scenario, rulebook: Rulebook, reader: any LineReader, output: any TextOutput,
                now: @escaping () -> Double, configuration: Configuration, recorder: (any SessionRecorder)? = nil,
                warnings: (any TextOutput)? = nil) {
        self.warnings = warnings ?? output
        self.rulebook = rulebook
        self.reader = reader
        self.output = output
        self.now = now
        self.configuration = configuration
        self.recorder = recorder
        text = UIText(configuration.language ?? UILanguage(following: scenario.language))
        style = configuration.style
        session = Session(scenario: scenario, rulebook: rulebook, seed: configuration.seed)
        session.traineeName = configuration.trainee
    }

    /// Plays the visit until an ending, `/quit` or end of input.
    public func run() {
        reader.completion = { [weak self] line in self?.completions(for: line) ?? [] }
        begin()
        while !session.isFinished {
            promptShownAt = now()
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                say("")
                abandon()
                return
            case .interrupted:
                say(style.dim(text.interrupted))
            case let .line(raw):
                if !handle(raw) { return }
            }
        }
        finish()
    }

    // NB: no colour in the prompt: libedit would count the escape codes as columns.
    var prompt: String { text.you + "> " }

    /// Handles one line; false when the session should stop (`/quit`).
    func handle(_ raw: String) -> Bool {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.isEmpty {
            say(style.dim(text.emptyLine))
            return true
        }
        if line.unicodeScalars.contains("\u{FFFD}") {
            say(style.warn(text.invalidText))
            return true
        }
        let cleaned = TerminalSafe.cleanedInput(line)
        reader.addHistory(cleaned)
        if cleaned.hasPrefix("/") || cleaned.hasPrefix("／") {
            return command(cleaned)
        }
        if guided, let number = Int(cleaned) {
            let count = session.options.count
            let seconds = now() - promptShownAt
            guard let events = session.choose(option: number, secondsTaken: seconds) else {
                say(style.warn(text.noSuchOption(number, count)))
                return true
            }
            show(turnEvents: events)
            return true
        }
        let length = cleaned.count
        if length > configuration.maximumReplyLength {
            say(style.warn(text.tooLong(length, configuration.maximumReplyLength)))
            return true
        }
        let events = session.reply(cleaned, secondsTaken: now() - promptShownAt)
        show(turnEvents: events)
        return true
    }

    func command(_ line: String) -> Bool {
        let name = String(line.dropFirst().prefix { !$0.isWhitespace }).lowercased()
        switch name {
        case "help", "h", "?":
            say(text.help)
        case "options", "o":
            if configuration.exam {
                say(style.warn(text.optionsRefused))
            } else {
                guided = true
                showOptions(announce: true)
            }
        case "hint":
            if configuration.exam {
                say(style.warn(text.hintsRefused))
            } else if let hint = session.useHint() {
                say(style.warn("💡 " + hint) + " " + style.dim(text.hintCost(Scorecard.hintPenalty)))
            } else {
                say(text.noHint)
            }
        case "profile", "p":
            say(style.bold(text.customerProfile) + text.colon + (session.scenario.customer.profile.map(TerminalText.joiningChinese) ?? text.noProfile))
        case "score", "s":
            if configuration.exam {
                say(style.warn(text.examMode))
            } else {
                say(ScorecardText(text: text, style: style).summary(session.scorecard, title: text.soFar))
            }
        case "why", "w":
            if configuration.exam {
                say(style.warn(text.examMode))
            } else if lastVerdicts.isEmpty {
                say(text.nothingToExplain)
            } else {
                say(text.lastVerdicts)
                say(ScorecardText(text: text, style: style).explain(lastVerdicts, rulebook: rulebook))
            }
        case "restart", "r":
            record { try recorder?.ended(session, status: .abandoned, guided: guided) }
            say(style.dim(text.restarting))
            session = Session(scenario: session.scenario, rulebook: rulebook, seed: configuration.seed)
            session.traineeName = configuration.trainee
            guided = false
            lastVerdicts = []
            begin()
        case "quit", "q", "exit":
            abandon()
            return false
        default:
            say(style.warn(text.unknownCommand("/" + name)))
        }
        return true
    }

    func begin() {
        let scenario = session.scenario
        let customer = scenario.customer
        say(style.bold("== \(scenario.title) =="))
        if let summary = scenario.summary { say(style.dim(summary)) }
        say(style.dim("\(customer.name) · \(text.role(customer.role)) · \(text.temperament(customer.temperament)) · \(text.kind(customer.kind))"))
        say(style.dim(configuration.exam ? text.examMode : text.practiceMode))
        say(style.dim(configuration.exam ? text.examTypeHelp : text.typeHelp))
        say("")
        let events: [SessionEvent]
        if configuration.startNode != nil || !configuration.startValues.isEmpty,
           let started = session.start(at: configuration.startNode ?? scenario.start.value, setting: configuration.startValues) {
            say(style.dim(text.stretch(from: configuration.startNode ?? scenario.start.value)))
            events = started
        } else {
            events = session.start()
        }
        show(events: events)
        showMood()
        if guided { showOptions(announce: false) }
        // NB: after the customer's first line, which does not need it: the store took its write
        // check before anything was shown, and the row is written while the trainee reads; a
        // row that cannot be kept still stops the visit before a reply is taken.
        record { try recorder?.began(session, trainee: configuration.trainee, exam: configuration.exam) }
    }

    /// Shows what a turn produced: feedback (practice mode), the customer's answer, the next node.
    func show(turnEvents events: [SessionEvent]) {
        if let turn = session.turns.last {
            record { try recorder?.recorded(turn, of: session, guided: guided) }
            lastVerdicts = turn.verdicts
            if !configuration.exam {
                for line in understandingLines(events, at: turn.node) { say(style.dim("  " + line)) }
                let verdictLines = ScorecardText(text: text, style: style).turnFeedback(turn.verdicts, reply: turn.reply)
                if !verdictLines.isEmpty { say(verdictLines) }
            }
        }
        show(events: events, at: session.turns.last?.node)
        if !session.isFinished {
            showMood()
            if guided { showOptions(announce: false) }
        }
    }

    /// How the reply was understood: by a pattern, by similarity (with the score), by a
    /// confirmation, answered early, asked back, or not at all (with the closest reply's missing words).
    func understandingLines(_ events: [SessionEvent], at nodeID: String) -> [String] {
        var lines: [String] = []
        var understood: Recognition?
        for event in events {
            switch event {
            case let .understood(recognition):
                understood = recognition
                let words = session.scenario.node(recognition.node).flatMap { node in
                    recognition.index.map { node.replies[$0] } }.map { $0.option ?? $0.examples.first?.value ?? "" } ?? ""
                switch recognition.by {
                case .similarity:
                    if let index = recognition.index, let similarity = recognition.similarity {
                        lines.append(text.understoodBySimilarity(index + 1, words, similarity))
                    }
                case .confirmation:
                    if let index = recognition.index { lines.append(text.understoodByConfirmation(index + 1, words)) }
                case .clarification:
                    if let index = recognition.index { lines.append(text.clarifying(index + 1, recognition.similarity ?? 0)) }
                case .pattern, .none:
                    break
                }
                if recognition.answeredEarly { lines.append(text.answeredEarly) }
            case let .recognised(index, option):
                if index == nil {
                    lines.append(text.notUnderstood)
                    if let missing = understood?.missingWords, !missing.isEmpty { lines.append(text.closestMissing(missing)) }
                } else if understood == nil || understood?.by == .pattern {
                    lines.append(text.recognised(option))
                }
            default:
                continue
            }
        }
        return lines
    }

    /// Shows narration and customer lines; `node` is where the events began (for the speaker).
    func show(events: [SessionEvent], at node: String? = nil) {
        var name = (node ?? session.currentNode).flatMap { session.scenario.node($0)?.speaker } ?? session.scenario.customer.name
        for event in events {
            switch event {
            case let .entered(node, _):
                name = session.scenario.node(node)?.speaker ?? session.scenario.customer.name
            case let .narration(line):
                say(style.dim("\(text.narrationMark) \(line)"))
            case let .customer(line):
                say(style.customer(name + text.colon) + line)
            case .reachedEnding:
                name = session.scenario.customer.name
            case .reply, .recognised, .understood, .stateChanged, .verdicts, .hint, .ended:
                continue
            }
        }
    }

    func showMood() {
        var parts: [String] = []
        for (name, label) in [("patience", text.patience), ("trust", text.trust)] {
            if case let .int(value)? = session.state[name] { parts.append("\(label) \(value)") }
        }
        if !parts.isEmpty { say(style.dim("[" + parts.joined(separator: " · ") + "]")) }
    }

    func showOptions(announce: Bool) {
        let options = session.options
        if announce { say(style.dim(text.guidedOn)) }
        if options.isEmpty {
            say(style.dim(text.noOptions))
            return
        }
        for option in options { say("  \(option.number). \(option.text)") }
    }

    func abandon() {
        status = .abandoned
        record { try recorder?.ended(session, status: .abandoned, guided: guided) }
        say(style.dim(text.abandoned))
        if !configuration.exam, !session.turns.isEmpty {
            say(ScorecardText(text: text, style: style).summary(session.scorecard, title: text.soFar))
        }
    }

    func finish() {
        status = .finished
        record { try recorder?.ended(session, status: .finished, guided: guided) }
        say("")
        say(ScorecardText(text: text, style: style).final(session.scorecard, rulebook: rulebook))
        let coaching = ScorecardText(text: text, style: style).coaching(Coaching.items(for: session))
        if !coaching.isEmpty {
            say("")
            say(coaching)
        }
    }

    /// Completion: meta-commands after "/", option numbers in guided mode.
    func completions(for lineBeforeCursor: String) -> [String] {
        let word = String(LineCompletion.wordBeforeCursor(lineBeforeCursor))
        if lineBeforeCursor.hasPrefix("/") && !lineBeforeCursor.contains(" ") {
            return UIText.commands.filter { $0.hasPrefix(word) }
        }
        if guided && lineBeforeCursor.allSatisfy(\.isNumber) {
            return session.options.map { String($0.number) }.filter { $0.hasPrefix(word) }
        }
        return []
    }

    func record(_ action: () throws -> Void) {
        do {
            try action()
        } catch {
            let message = "\(error)"
            if !recordingProblems.contains(message) {
                recordingProblems.append(message)
                warnings.write(style.warn("salessim: \(message)") + "\n")
            }
        }
        // NB: not `say`: a JSON run stays quiet on stdout, but the trainee must still learn that
        // the results are kept locally; notices go out even then, as warnings do.
        for notice in recorder?.notices() ?? [] {
            warnings.write(style.warn("salessim: " + text.notice(notice)) + "\n")
        }
    }

    func say(_ line: String) {
        guard !configuration.quiet else { return }
        // NB: wrapped here, by display width, so that the terminal never cuts a word.
        output.write((configuration.width.map { TerminalText.wrap(line, width: $0) } ?? line) + "\n")
    }
}
