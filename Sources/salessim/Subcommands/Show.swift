import ArgumentParser
import Foundation
import PostgresBackend
import Reports
import Simulation
import Store
import TerminalSafety

/// `salessim show`: the annotated transcript of a stored session.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "show",
        abstract: "Show a stored session: each reply with its verdicts, points and manual sections.",
        discussion: """
        SESSION is the id 'salessim sessions' lists (or the start of its uuid); --last shows the newest.
        --format json gives the shape of 'salessim play --json' plus a "session" object.

        Examples:
          salessim show --last
          salessim show 42 --format html --output visit-42.html
          salessim show --last --trainee 王小明 --format json
        """
    )

    /// How the transcript is written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, json
    }

    @Argument(help: ArgumentHelp("The session's number (or the start of its uuid).", valueName: "session"))
    var session: String?

    @Flag(help: "The most recent session.")
    var last = false

    @Option(help: "With --last: the most recent session of this trainee.")
    var trainee: String?

    @Option(help: "text, html or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if session == nil && !last { throw ValidationError("name a SESSION or give --last") }
        if session != nil && last { throw ValidationError("give either a SESSION or --last, not both") }
        if trainee != nil && !last { throw ValidationError("--trainee goes with --last") }
    }

    func run() throws {
        let store = try storeOptions.open(.reading)
        let record: SessionRecord
        if let session {
            record = try store.session(id: store.sessionID(for: session))
        } else {
            record = try store.lastSession(trainee: trainee)
        }
        let text: String
        switch format {
        case .text:
            // What to say instead, against the scenario as it is now (nothing when it is gone).
            var coaching: [Coaching.Item] = []
            if let (scenario, rulebook) = try? library.scenario(record.scenarioID) {
                coaching = Coaching.items(turns: record.turns.map(\.turn), scenario: scenario, rulebook: rulebook)
            }
            text = TerminalSafe.visible(TranscriptView().text(record, coaching: coaching), keepingLineBreaks: true) + "\n"
        case .html: text = TranscriptView().html(record)
        case .json: text = Console.json(TranscriptDocument(record)) + "\n"
        }
        try Report.write(Data(text.utf8), to: output)
    }
}
