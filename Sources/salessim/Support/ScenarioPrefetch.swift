import Foundation
import ScenarioKit

/// The scenario of `salessim play SCENARIO …` (and its rulebook), read on another thread while
/// the command line is parsed: parsing it takes a few milliseconds of first-time type lookups,
/// and the scenario is needed as soon as it is parsed.
///
/// The arguments are only glanced at to guess SCENARIO and `--scenarios`; what was read is used
/// only when the parsed command names exactly those (reading a scenario depends on nothing else
/// of the command line), and is otherwise thrown away. Reading prints nothing: what went wrong is
/// reported where and when `play` reports it. Before the process ends the reading is waited for,
/// so that it never runs while the process exits.
enum ScenarioPrefetch {
    typealias Resolved = Result<(Scenario, Rulebook), LibraryOptions.ScenarioFailure>

    /// A reading started for a guessed SCENARIO and `--scenarios`.
    private struct Started {
        var reference: String
        var scenarios: String?
        var work: BackgroundWork<Resolved>
    }

    // NB: nonisolated(unsafe): set and taken on the main thread only (before and while the
    // command runs); the work itself is handed over through BackgroundWork.
    nonisolated(unsafe) private static var started: Started?

    /// The options of `play` that take a value (the next argument), and its flags.
    static let valueOptions: Set<String> = ["--seed", "--trainee", "--lang", "--input", "--db", "--from", "--set", "--transcript", "--scenarios"]
    static let flags: Set<String> = ["--exam", "--json"]

    /// SCENARIO and `--scenarios` when `arguments` (without the program's name) look like a
    /// plain `play SCENARIO [options]`; nil for anything else (help, `--option=value`, `--`, an
    /// unknown option), which is left to the parser.
    static func guess(_ arguments: [String]) -> (reference: String, scenarios: String?)? {
        guard arguments.first == "play" else { return nil }
        var reference: String?
        var scenarios: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if flags.contains(argument) {
                index += 1
            } else if valueOptions.contains(argument) {
                guard index + 1 < arguments.count else { return nil }
                if argument == "--scenarios" { scenarios = arguments[index + 1] }
                index += 2
            } else if argument.hasPrefix("-") || reference != nil {
                return nil
            } else {
                reference = argument
                index += 1
            }
        }
        return reference.map { ($0, scenarios) }
    }

    /// Starts reading the scenario that `arguments` seem to name, if any; whether they did.
    @discardableResult
    static func start(_ arguments: [String]) -> Bool {
        guard started == nil, let (reference, scenarios) = guess(arguments) else { return false }
        started = Started(reference: reference, scenarios: scenarios,
                          work: BackgroundWork { LibraryOptions.resolveScenario(reference, scenarios: scenarios) })
        return true
    }

    /// What was read for `reference` in `scenarios`, when that is what was guessed; nil
    /// otherwise (the caller reads it itself). Either way the reading is over when this returns.
    static func take(reference: String, scenarios: String?) -> Resolved? {
        guard let taken = started else { return nil }
        started = nil
        let resolved: Resolved
        do {
            resolved = try taken.work.wait()
        } catch {
            // NB: the work does not throw; were it to, the caller reads the scenario itself.
            return nil
        }
        return taken.reference == reference && taken.scenarios == scenarios ? resolved : nil
    }

    /// Waits for a reading that nobody took (the command line named something else, or was
    /// refused), before the process ends.
    static func finish() {
        guard let taken = started else { return }
        started = nil
        _ = try? taken.work.wait()
    }
}
