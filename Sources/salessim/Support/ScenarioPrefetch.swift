import Foundation
import ScenarioKit

/// The scenario of `salessim play SCENARIO …`, looked for and read on another thread from the
/// moment the program starts, while the command line is parsed, the store is opened and (on
/// the main thread, in ``take(reference:scenarios:)``) the library's rulebook is read.
///
/// The arguments are only glanced at to guess SCENARIO and `--scenarios`; what was read is used
/// only when the parsed command names exactly those (reading a scenario depends on nothing else
/// of the command line), and is otherwise thrown away. Reading prints nothing: what went wrong is
/// reported where and when `play` reports it. Before the process ends the reading is waited for,
/// so that it never runs while the process exits.
enum ScenarioPrefetch {
    typealias Resolved = Result<(Scenario, Rulebook), LibraryOptions.ScenarioFailure>

    /// A search started for a guessed SCENARIO and `--scenarios`.
    private struct Started {
        var reference: String
        var scenarios: String?
        var work: BackgroundWork<Result<LibraryOptions.ScenarioSearch, LibraryOptions.ScenarioFailure>>
    }

    // NB: nonisolated(unsafe): set and taken on the main thread only (before and while the
    // command runs); the work itself is handed over through BackgroundWork.
    nonisolated(unsafe) private static var started: Started?

    /// The options of `play` that take a value (the next argument), and its flags. (Arrays: a
    /// set of strings, the first in the program, cost a visit's start its type's lookup.)
    static let valueOptions: [String] = ["--seed", "--trainee", "--lang", "--input", "--db", "--from", "--set", "--transcript", "--scenarios"]
    static let flags: [String] = ["--exam", "--json"]

    /// SCENARIO and `--scenarios` when `arguments` (without the program's name) look like a
    /// plain `play SCENARIO [options]`; nil for anything else (help, `--option=value`, `--`, an
    /// unknown option), which is left to the parser.
    static func guess(_ arguments: [String]) -> (reference: String, scenarios: String?)? {
        PlainPlayLine(arguments).map { ($0.reference, $0.values["--scenarios"]?.last) }
    }

    /// Starts looking for (and reading) the scenario that `arguments` seem to name, if any;
    /// whether they did.
    @discardableResult
    static func start(_ arguments: [String]) -> Bool {
        guard started == nil, let (reference, scenarios) = guess(arguments) else { return false }
        started = Started(reference: reference, scenarios: scenarios,
                          work: BackgroundWork { LibraryOptions.failures { try LibraryOptions.searchScenario(reference, scenarios: scenarios) } })
        return true
    }

    /// The scenario `reference` in `scenarios` and its rulebook, when that is what was guessed:
    /// the library's rulebook is read on this thread meanwhile (it takes the longest, and this
    /// thread has nothing else to do: waiting for another to end cost a visit's start the
    /// milliseconds a sleeping processor takes to wake), then the scenario is checked against
    /// it. Nil otherwise (the caller reads it itself). Either way the search is over when this
    /// returns.
    static func take(reference: String, scenarios: String?) -> Resolved? {
        guard let taken = started else { return nil }
        started = nil
        guard taken.reference == reference && taken.scenarios == scenarios else {
            _ = try? taken.work.wait()
            return nil
        }
        let rulebook = LibraryOptions.readLibraryRulebook(scenarios: scenarios)
        // NB: the work does not throw; were it to, the caller reads the scenario itself.
        guard let searched = try? taken.work.wait() else { return nil }
        return LibraryOptions.failures {
            try LibraryOptions.finishScenario(try searched.get(), libraryRulebook: rulebook)
        }
    }

    /// Waits for a search that nobody took (the command line named something else, or was
    /// refused), before the process ends.
    static func finish() {
        guard let taken = started else { return }
        started = nil
        _ = try? taken.work.wait()
    }
}

/// A command line of the plain form `play SCENARIO [options]`: known options of `play`, each
/// with its value as the next argument, flags, and one SCENARIO that does not start with `-`.
/// Anything else (help, `--option=value`, `--`, an unknown option, no SCENARIO) is no plain line.
struct PlainPlayLine {
    var reference: String
    /// Each option's values, in the order given.
    var values: [String: [String]] = [:]
    var flags: [String] = []

    init?(_ arguments: [String]) {
        guard arguments.first == "play" else { return nil }
        var reference: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if ScenarioPrefetch.flags.contains(argument) {
                flags.append(argument)
                index += 1
            } else if ScenarioPrefetch.valueOptions.contains(argument) {
                guard index + 1 < arguments.count else { return nil }
                values[argument, default: []].append(arguments[index + 1])
                index += 2
            } else if argument.hasPrefix("-") || reference != nil {
                return nil
            } else {
                reference = argument
                index += 1
            }
        }
        guard let reference else { return nil }
        self.reference = reference
    }
}
