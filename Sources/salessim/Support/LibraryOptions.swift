import ArgumentParser
import Foundation
import ScenarioKit

/// `--scenarios DIR`, shared by every command that reads the scenario library.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The scenarios folder (default: $SALESSIM_SCENARIOS, or the built-in Scenarios/).", valueName: "dir"))
    var scenarios: String?

    /// The library, or exit 2 with the reason.
    func library() throws -> ScenarioLibrary {
        try LibraryOptions.library(scenarios: scenarios)
    }

    /// The library of `--scenarios` (nil when not given), or exit 2 with the reason.
    static func library(scenarios: String?) throws -> ScenarioLibrary {
        let result = ScenarioLibrary.locate(
            explicit: scenarios, environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            executablePath: CommandLine.arguments.first ?? "")
        switch result {
        case let .success(library): return library
        case let .failure(error): throw CLIError(error.message)
        }
    }

    /// Loads the library's rulebook (or `override`), or exits with its diagnostics.
    func rulebook(override: String? = nil) throws -> Rulebook {
        let path = try override ?? library().rulebookPath
        let result = RulebookLoader.load(path: path)
        guard let rulebook = result.value, !result.hasErrors else {
            Console.printDiagnostics(result.diagnostics, sources: [path: result.text])
            throw CLIError("the rulebook \(path) has errors")
        }
        return rulebook
    }

    /// Resolves SCENARIO: a path to a file, or an id in the library; on failure, prints the
    /// scenario's errors (if any) and throws why.
    func scenario(_ reference: String) throws -> (Scenario, Rulebook) {
        switch resolveScenario(reference) {
        case let .success(pair):
            return pair
        case let .failure(failure):
            throw failure.reported()
        }
    }

    /// Why SCENARIO could not be resolved: the diagnostics to print (none for most reasons) and
    /// the error to end with.
    struct ScenarioFailure: Error {
        var diagnostics: [Diagnostic] = []
        var sources: [String: String] = [:]
        var error: CLIError

        /// Prints the diagnostics (to stderr); the error to end with.
        func reported() -> CLIError {
            if !diagnostics.isEmpty { Console.printDiagnostics(diagnostics, sources: sources) }
            return error
        }
    }

    /// ``scenario(_:)`` without printing anything, so that a caller may read the scenario while
    /// it does other work and report (in its own order) what went wrong.
    func resolveScenario(_ reference: String) -> Result<(Scenario, Rulebook), ScenarioFailure> {
        LibraryOptions.resolveScenario(reference, scenarios: scenarios)
    }

    /// ``resolveScenario(_:)`` with `--scenarios` given (nil when not given).
    static func resolveScenario(_ reference: String, scenarios: String?) -> Result<(Scenario, Rulebook), ScenarioFailure> {
        do {
            return .success(try findScenario(reference, scenarios: scenarios))
        } catch let failure as ScenarioFailure {
            return .failure(failure)
        } catch let error as CLIError {
            return .failure(ScenarioFailure(error: error))
        } catch {
            return .failure(ScenarioFailure(error: CLIError("\(error)")))
        }
    }

    private static func findScenario(_ reference: String, scenarios: String?) throws -> (Scenario, Rulebook) {
        let library = try library(scenarios: scenarios)
        var linter = Linter(fallbackRulebook: library.rulebookPath)
        // NB: the rulebook's (and the scenario's) parsed YAML is kept between runs: parsing it is
        // most of the time a visit takes to start.
        linter.cache = YAMLCache.standard(environment: ProcessInfo.processInfo.environment)
        // NB: the library's rulebook, which governs its scenarios unless a folder has its own, is
        // read while the scenario's file is looked for; another is read when it governs instead.
        // (Named as ScenarioLibrary.rulebookPath(for:fallback:) names it when it finds it above a file.)
        let libraryRulebook = URL(fileURLWithPath: library.rulebookPath).standardizedFileURL.path
        if FileManager.default.fileExists(atPath: libraryRulebook) { linter.preloadRulebook(at: libraryRulebook, shownAs: libraryRulebook) }
        defer { linter.finishPreloads() }
        let isFile = FileManager.default.fileExists(atPath: reference) && !reference.hasSuffix("/")
        let files: [String]
        if isFile {
            files = [reference]
        } else {
            // Cheap pre-filter: the id is normally the file name (and only those files are read to
            // tell scenarios from corpora).
            files = ScenarioLibrary.yamlFiles(under: library.root).filter { file in
                (file as NSString).lastPathComponent.hasPrefix(reference + ".") && ScenarioLibrary.kind(of: file) == .scenario
            }
        }
        // NB: the rulebook is read on another thread while the scenario is read (both are needed
        // before the first prompt; neither needs the other to be read).
        if files.count == 1, let only = files.first, let rulebookPath = ScenarioLibrary.rulebookPath(for: only, fallback: library.rulebookPath) {
            linter.preloadRulebook(at: rulebookPath, shownAs: rulebookPath)
        }
        let report = linter.lint(paths: files.isEmpty ? library.scenarioFiles : files)
        if let found = report.scenarios.first(where: { isFile || $0.scenario.id == reference }) {
            return found
        }
        let broken = report.diagnostics.filter { $0.severity == .error && (isFile || ($0.location.path as NSString).lastPathComponent.hasPrefix(reference + ".")) }
        if !broken.isEmpty {
            throw ScenarioFailure(diagnostics: broken, sources: report.sources, error: CLIError("scenario '\(reference)' has errors; run 'salessim lint' on it"))
        }
        let ids = report.scenarios.map(\.scenario.id)
        var message = "no scenario '\(reference)' in \(library.root)"
        if let suggestion = Spelling.closest(to: reference, in: ids) { message += "; did you mean '\(suggestion)'?" }
        message += " (see 'salessim list')"
        throw CLIError(message)
    }
}

extension LibraryOptions {
    /// The library's curriculum (`curriculum.yaml`), checked as `salessim lint` checks it; nil
    /// when the library has none. A curriculum with errors is an error, its diagnostics printed.
    func curriculum() throws -> Curriculum? {
        let library = try library()
        guard let path = library.curriculumPath else { return nil }
        var linter = Linter(fallbackRulebook: library.rulebookPath)
        let report = linter.lint(paths: [path])
        guard report.errorCount == 0, let curriculum = report.curricula.first else {
            Console.printDiagnostics(report.diagnostics.filter { $0.severity == .error }, sources: report.sources)
            throw CLIError("the curriculum \(path) has errors; run 'salessim lint \(path)'")
        }
        return curriculum
    }

    /// Checks that every id in `references` names a scenario of the library (linted once); the
    /// first unknown one is an error with the closest id ("did you mean").
    func checkScenarioIDs(_ references: [String]) throws {
        let library = try library()
        var linter = Linter(fallbackRulebook: library.rulebookPath)
        let ids = linter.lint(paths: [library.root]).scenarios.map(\.scenario.id)
        for reference in references where !ids.contains(reference) {
            var message = "no scenario '\(reference)' in \(library.root)"
            if let suggestion = Spelling.closest(to: reference, in: ids) { message += "; did you mean '\(suggestion)'?" }
            throw CLIError(message + " (see 'salessim list')")
        }
    }
}

/// An error that ends a command: its message goes to stderr, exit status 2 unless told.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}
