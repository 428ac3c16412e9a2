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
        // NB: the library's rulebook is read on another thread while the scenario is looked for
        // and read (both are needed before the first prompt; neither needs the other).
        let rulebook = BackgroundWork { readLibraryRulebook(scenarios: scenarios) }
        defer { _ = try? rulebook.wait() }
        return failures {
            let search = try searchScenario(reference, scenarios: scenarios)
            return try finishScenario(search, libraryRulebook: (try? rulebook.wait()) ?? nil)
        }
    }

    /// What `body` gives, or why SCENARIO could not be resolved.
    static func failures<Value>(_ body: () throws -> Value) -> Result<Value, ScenarioFailure> {
        do {
            return .success(try body())
        } catch let failure as ScenarioFailure {
            return .failure(failure)
        } catch let error as CLIError {
            return .failure(ScenarioFailure(error: error))
        } catch {
            return .failure(ScenarioFailure(error: CLIError("\(error)")))
        }
    }

    /// SCENARIO looked for in its library, before any rulebook is read: the first half of
    /// resolving it, which a visit's start does on another thread while it reads the rulebook.
    struct ScenarioSearch: Sendable {
        var reference: String
        var library: ScenarioLibrary
        /// Whether SCENARIO is a path to a file (else an id).
        var isFile: Bool
        /// The files that may hold it: the file, or those whose name starts with the id.
        var files: [String]
        /// The scenario of the one file found by id, read but not yet checked.
        var loaded: LoadResult<Scenario>?
        var cache: YAMLCache?
    }

    /// Where SCENARIO is: its library, the files that may hold it, and (when one file was found
    /// by id) its scenario as read; or exit 2 with the reason.
    static func searchScenario(_ reference: String, scenarios: String?) throws -> ScenarioSearch {
        let library = try library(scenarios: scenarios)
        // NB: the rulebook's (and the scenario's) parsed YAML is kept between runs: parsing it is
        // most of the time a visit takes to start.
        let cache = YAMLCache.standard()
        let isFile = FileManager.default.fileExists(atPath: reference) && !reference.hasSuffix("/")
        if isFile {
            return ScenarioSearch(reference: reference, library: library, isFile: true, files: [reference], cache: cache)
        }
        // Cheap pre-filter: the id is normally the file name (and only those files are read to
        // tell scenarios from corpora).
        let files = ScenarioLibrary.yamlFiles(under: library.root).filter { file in
            (file as NSString).lastPathComponent.hasPrefix(reference + ".") && ScenarioLibrary.kind(of: file) == .scenario
        }
        let loaded = files.count == 1 ? ScenarioLoader.load(path: files[0], cache: cache) : nil
        return ScenarioSearch(reference: reference, library: library, isFile: false, files: files, loaded: loaded, cache: cache)
    }

    /// Reads the rulebook of the library `--scenarios` names (nil when not given), as
    /// ``finishScenario(_:libraryRulebook:)`` would read it: its standardized path and what
    /// reading it gave, or nil when there is no library or no such file.
    static func readLibraryRulebook(scenarios: String?) -> (path: String, result: LoadResult<Rulebook>)? {
        guard let library = try? library(scenarios: scenarios) else { return nil }
        let path = ScenarioLibrary.standardPath(library.rulebookPath)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (path, Linter.loadRulebook(at: path, shownAs: path, cache: YAMLCache.standard()))
    }

    /// The second half of resolving SCENARIO: its file checked (as `salessim lint` checks it)
    /// against the rulebook that governs it, the library's already read (`libraryRulebook`, from
    /// ``readLibraryRulebook(scenarios:)``) or another read now; or why it cannot be played.
    static func finishScenario(_ search: ScenarioSearch, libraryRulebook read: (path: String, result: LoadResult<Rulebook>)?) throws -> (Scenario, Rulebook) {
        let library = search.library
        let reference = search.reference
        var linter = Linter(fallbackRulebook: library.rulebookPath)
        linter.cache = search.cache
        // NB: the library's rulebook governs its scenarios unless a folder has its own (named as
        // ScenarioLibrary.rulebookPath(for:fallback:) names it when it finds it above a file).
        if let read, read.path == ScenarioLibrary.standardPath(library.rulebookPath) {
            linter.adoptRulebook(at: read.path) { read.result }
        }
        defer { linter.finishPreloads() }
        let report: Linter.Report
        if let loaded = search.loaded, search.files.count == 1 {
            report = linter.lint(scenarioFile: search.files[0], loaded: loaded)
        } else {
            report = linter.lint(paths: search.files.isEmpty ? library.scenarioFiles : search.files)
        }
        if let found = report.scenarios.first(where: { search.isFile || $0.scenario.id == reference }) {
            return found
        }
        let broken = report.diagnostics.filter { $0.severity == .error && (search.isFile || ($0.location.path as NSString).lastPathComponent.hasPrefix(reference + ".")) }
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
