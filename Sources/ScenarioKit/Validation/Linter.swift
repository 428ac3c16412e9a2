import Foundation
/// Loads and checks a set of scenario and rulebook files, reporting every problem at once.
public struct Linter {
    /// Everything a lint run found and loaded.
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        /// The text of each file read, for snippets.
        public var sources: [String: String] = [:]
        /// Scenarios that loaded without errors, with the rulebook that governs them.
        public var scenarios: [(scenario: Scenario, rulebook: Rulebook)] = []
        /// Curricula that loaded (their exams checked against the library).
        public var curricula: [Curriculum] = []
        public var filesChecked = 0

        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// The rulebook to use when a scenario has none in its folder or above.
    public var fallbackRulebook: String?
    /// The manual that feedback quotes are checked against ([SC0024]); when nil, the one a
    /// rulebook names with `manual:`, if any.
    public var manual: ManualText?
    /// Parsed YAML kept between runs (see ``YAMLCache``); nil parses every file.
    public var cache: YAMLCache?
    private var rulebooks: [String: LoadResult<Rulebook>] = [:]
    /// Rulebooks being read on another thread (``preloadRulebook(at:shownAs:)``,
    /// ``adoptRulebook(at:from:)``), by path: each waits for its reading (nil: read it here).
    private var pending: [String: @Sendable () -> LoadResult<Rulebook>?] = [:]
    private var manuals: [String: Result<ManualText, ManualError>] = [:]

    public init(fallbackRulebook: String?) {
        self.fallbackRulebook = fallbackRulebook
    }

    /// Lints every YAML file under `paths` (files or folders).
    public mutating func lint(paths: [String]) -> Report {
        var report = Report()
        var ids: [String: SourceLocation] = [:]
        // Rulebooks whose problems are already in the report, by standardized path.
        var reportedRulebooks: Set<String> = []
        for path in paths {
            let files = ScenarioLibrary.yamlFiles(under: path)
            if files.isEmpty {
                report.diagnostics.append(.error(.notText, "no such file or folder, or no .yaml files in it", at: SourceLocation(path: path, line: 1, column: 1)))
            }
            for file in files {
                lint(file: file, contents: nil, into: &report, ids: &ids, reportedRulebooks: &reportedRulebooks)
            }
        }
        var passMarks: [String: Int] = [:]
        for (scenario, _) in report.scenarios { passMarks[scenario.id] = scenario.pass }
        for curriculum in report.curricula {
            report.diagnostics += Linter.check(curriculum, ids: Set(ids.keys), passMarks: passMarks)
        }
        report.diagnostics = Linter.ordered(report.diagnostics)
        return report
    }

    /// Lints one file whose contents are given (an editor's unsaved buffer) exactly as
    /// ``lint(paths:)`` lints it on disk: the same loaders, limits, rulebook and checks.
    ///
    /// A rulebook linted this way replaces the cached one at its path, so the scenarios linted
    /// after it are checked against the buffer.
    public mutating func lint(file: String, contents: Data) -> Report {
        var report = Report()
        var ids: [String: SourceLocation] = [:]
        var reportedRulebooks: Set<String> = []
        lint(file: file, contents: contents, into: &report, ids: &ids, reportedRulebooks: &reportedRulebooks)
        for curriculum in report.curricula {
            report.diagnostics += Linter.check(curriculum, ids: [], passMarks: [:])
        }
        report.diagnostics = Linter.ordered(report.diagnostics)
        return report
    }

    /// Forgets the cached rulebook at `path` (its file changed), so that it is read again.
    public mutating func forgetRulebook(at path: String) {
        rulebooks[ScenarioLibrary.standardPath(path)] = nil
    }

    /// One file of a lint run: from `contents` when given, else from disk.
    private mutating func lint(file: String, contents: Data?, into report: inout Report, ids: inout [String: SourceLocation], reportedRulebooks: inout Set<String>) {
        func standard(_ path: String) -> String { ScenarioLibrary.standardPath(path) }
        report.filesChecked += 1
        let kind = contents.map { ScenarioLibrary.kind(of: file, head: [UInt8]($0.prefix(YAMLDocument.maximumBytes))) } ?? ScenarioLibrary.kind(of: file)
        if kind == .calibration {
            let result = contents.map { CalibrationLoader.load(data: $0, path: file) } ?? CalibrationLoader.load(path: file)
            report.sources[file] = result.text
            report.diagnostics += result.diagnostics
            if let corpus = result.value {
                let known = Set(ManualRules.ids)
                for item in corpus.ruleCases {
                    for expectation in item.expectations where !known.contains(expectation.rule) {
                        var message = "unknown rule '\(expectation.rule)'"
                        if let suggestion = Spelling.closest(to: expectation.rule, in: ManualRules.ids) { message += "; did you mean '\(suggestion)'?" }
                        report.diagnostics.append(.error(.unknownRule, message, at: expectation.location))
                    }
                }
            }
            return
        }
        if kind == .curriculum {
            let result = contents.map { CurriculumLoader.load(text: String(decoding: $0, as: UTF8.self), path: file) } ?? CurriculumLoader.load(path: file)
            report.sources[file] = result.text
            report.diagnostics += result.diagnostics
            if let curriculum = result.value { report.curricula.append(curriculum) }
            return
        }
        if kind == .inbox {
            // Checked with its scenario; alone, it is a mistake.
            let scenarioPath = String(file.dropLast(".inbox.yaml".count)) + ".yaml"
            if !file.hasSuffix(".inbox.yaml") || !FileManager.default.fileExists(atPath: scenarioPath) {
                report.diagnostics.append(.error(.invalidValue, "an inbox file must sit beside its scenario as NAME.inbox.yaml (no \((scenarioPath as NSString).lastPathComponent) here)",
                                                 at: SourceLocation(path: file, line: 1, column: 1)))
            }
            report.filesChecked -= 1
            return
        }
        if kind == .rulebook {
            guard reportedRulebooks.insert(standard(file)).inserted else { return }
            if let contents { rulebooks[standard(file)] = RulebookLoader.load(data: contents, path: file) }
            let result = rulebook(at: standard(file), shownAs: file)
            report.sources[file] = result.text
            report.diagnostics += result.diagnostics
            report.diagnostics += quoteDiagnostics(text: result.text, path: file, rulebook: result.value)
            return
        }
        let loaded = contents.map { ScenarioLoader.load(buffer: $0, path: file) } ?? ScenarioLoader.load(path: file, cache: cache)
        lintScenario(file: file, loaded: loaded, into: &report, ids: &ids, reportedRulebooks: &reportedRulebooks)
    }

    /// Lints the scenario file `file` as ``lint(paths:)`` lints it, from what reading it gave
    /// (`loaded`, e.g. read on another thread while its rulebook was read): its rulebook is read
    /// (or taken from ``adoptRulebook(at:from:)``) and the scenario is checked against it.
    public mutating func lint(scenarioFile file: String, loaded: LoadResult<Scenario>) -> Report {
        var report = Report()
        var ids: [String: SourceLocation] = [:]
        var reportedRulebooks: Set<String> = []
        report.filesChecked += 1
        // NB: the file's text only when something is reported in it: decoding it (and nothing
        // else in one file's run can report in it later) was a tenth of a millisecond of a visit's start.
        lintScenario(file: file, loaded: loaded, into: &report, ids: &ids, reportedRulebooks: &reportedRulebooks, textWhenReported: true)
        report.diagnostics = Linter.ordered(report.diagnostics)
        return report
    }

    private mutating func lintScenario(file: String, loaded: LoadResult<Scenario>, into report: inout Report, ids: inout [String: SourceLocation],
                                       reportedRulebooks: inout Set<String>, textWhenReported: Bool = false) {
        func standard(_ path: String) -> String { ScenarioLibrary.standardPath(path) }
        defer {
            if textWhenReported, report.diagnostics.contains(where: { $0.location.path == file }) { report.sources[file] = loaded.text }
        }
        if !textWhenReported { report.sources[file] = loaded.text }
        report.sources.merge(loaded.otherSources) { first, _ in first }
        report.diagnostics += loaded.diagnostics
        guard let scenario = loaded.value else { return }
        if !scenario.id.isEmpty {
            if let first = ids[scenario.id] {
                report.diagnostics.append(.error(.duplicate, "scenario id '\(scenario.id)' is also used by \(first.path)", at: scenario.location))
            } else {
                ids[scenario.id] = scenario.location
            }
        }
        var governing: Rulebook?
        if let rulebookPath = ScenarioLibrary.rulebookPath(for: file, fallback: fallbackRulebook) {
            let result = rulebook(at: standard(rulebookPath), shownAs: rulebookPath)
            governing = result.value
            if result.hasErrors, reportedRulebooks.insert(standard(rulebookPath)).inserted {
                report.sources[rulebookPath] = result.text
                report.diagnostics += result.diagnostics
            }
        }
        // NB: with a cache (a visit's start), a scenario found clean against this rulebook by this
        // program before is not checked again (see CleanMarks); only without a manual to quote.
        var mark: (text: Data, rulebook: String)?
        if cache != nil, let key = governing?.sourceKey, governing?.manualFile == nil, manual == nil,
           loaded.diagnostics.isEmpty, loaded.otherSources.isEmpty {
            mark = (loaded.utf8, key)
        }
        var semantic: [Diagnostic] = []
        if let mark, let cache, cache.hasCleanMark(text: mark.text, rulebook: mark.rulebook) {
            // Checked before: nothing to report.
        } else {
            semantic = ScenarioValidator.validate(scenario, rulebook: governing)
            let quotes = quoteDiagnostics(text: loaded.text, path: file, rulebook: governing)
            report.diagnostics += quotes
            if let mark, let cache, semantic.isEmpty, quotes.isEmpty { cache.keepCleanMark(text: mark.text, rulebook: mark.rulebook) }
        }
        report.diagnostics += semantic
        if let governing, !(loaded.diagnostics + semantic).contains(where: { $0.severity == .error }) {
            report.scenarios.append((scenario, governing))
        }
    }

    /// A curriculum's exams against the library: an unknown scenario is [SC0029] (with the
    /// closest id); a `min-score` below an exam's own pass mark is [SC0030] (a warning). The
    /// library is the ids linted in this run, else the scenarios in the curriculum's folder.
    static func check(_ curriculum: Curriculum, ids linted: Set<String>, passMarks linkedMarks: [String: Int]) -> [Diagnostic] {
        var ids = linted
        var passMarks = linkedMarks
        let exams = curriculum.certifications.flatMap(\.exams)
        if exams.contains(where: { !ids.contains($0.value) }) {
            let folder = (curriculum.path as NSString).deletingLastPathComponent
            for file in ScenarioLibrary.yamlFiles(under: folder.isEmpty ? "." : folder) where ScenarioLibrary.kind(of: file) == .scenario {
                guard let scenario = ScenarioLoader.load(path: file).value, !scenario.id.isEmpty else { continue }
                ids.insert(scenario.id)
                if passMarks[scenario.id] == nil { passMarks[scenario.id] = scenario.pass }
            }
        }
        var diagnostics: [Diagnostic] = []
        let known = ids.sorted()
        for certification in curriculum.certifications {
            for exam in certification.exams {
                if !ids.contains(exam.value) {
                    var message = "certification '\(certification.id)' names an exam of '\(exam.value)', which is not a scenario of the library"
                    if let suggestion = Spelling.closest(to: exam.value, in: known) { message += "; did you mean '\(suggestion)'?" }
                    diagnostics.append(.error(.unknownScenario, message, at: exam.location))
                } else if let pass = passMarks[exam.value], certification.minScore < pass {
                    diagnostics.append(.warning(.certification, "certification '\(certification.id)' asks for \(certification.minScore)% but an exam of '\(exam.value)' needs \(pass)% to pass: its 'min-score' changes nothing there", at: exam.location))
                }
            }
        }
        return diagnostics
    }

    /// Loads a rulebook once per path; diagnostics name it `shownAs` (as the user wrote it).
    public mutating func rulebook(at path: String, shownAs: String? = nil) -> LoadResult<Rulebook> {
        if let cached = rulebooks[path] { return cached }
        if let preloading = pending.removeValue(forKey: path) {
            // NB: a reading that gave nothing (another path after all) is done here instead.
            let result = preloading() ?? Linter.loadRulebook(at: path, shownAs: shownAs, cache: cache)
            rulebooks[path] = result
            return result
        }
        let result = Linter.loadRulebook(at: path, shownAs: shownAs, cache: cache)
        rulebooks[path] = result
        return result
    }

    /// Starts reading the rulebook at `path` on another thread, so that it is ready (or nearly)
    /// when ``rulebook(at:shownAs:)`` asks for it: a visit's start reads its scenario meanwhile.
    /// The result is the same as reading it then; `path` is standardized as the lint run does.
    public mutating func preloadRulebook(at path: String, shownAs: String? = nil) {
        let standard = ScenarioLibrary.standardPath(path)
        guard rulebooks[standard] == nil, pending[standard] == nil else { return }
        let cache = cache
        let shown = shownAs ?? path
        let work = BackgroundWork { Linter.loadRulebook(at: standard, shownAs: shown, cache: cache) }
        pending[standard] = { try? work.wait() }
    }

    /// Takes a reading of the rulebook at `path` (standardized) started elsewhere, before this
    /// linter existed: `wait` gives what ``rulebook(at:shownAs:)`` would, or nil when the reading
    /// turned out to be of another file (then it is read here when needed).
    public mutating func adoptRulebook(at path: String, from wait: @escaping @Sendable () -> LoadResult<Rulebook>?) {
        guard rulebooks[path] == nil, pending[path] == nil else { return }
        pending[path] = wait
    }

    /// Waits for rulebooks preloaded but never asked for (a guess that another rulebook governed),
    /// so that no reading outlives the lint run that started it.
    public mutating func finishPreloads() {
        for (path, wait) in pending {
            if let result = wait() { rulebooks[path] = result }
        }
        pending = [:]
    }

    /// The rulebook at `path` (standardized, as ``preloadRulebook(at:shownAs:)`` takes it), read
    /// as ``rulebook(at:shownAs:)`` reads it with `cache`, its diagnostics naming `shownAs`.
    public static func loadRulebook(at path: String, shownAs: String?, cache: YAMLCache?) -> LoadResult<Rulebook> {
        // NB: loaded once, under the name diagnostics use.
        if let shownAs, shownAs != path {
            return RulebookLoader.load(path: path, shownAs: shownAs, cache: cache)
        }
        return RulebookLoader.load(path: path, cache: cache)
    }

    /// The quotes of a file's feedback that its manual does not contain (none without a manual).
    private mutating func quoteDiagnostics(text: String, path: String, rulebook: Rulebook?) -> [Diagnostic] {
        if let manual { return ManualQuoteCheck.check(text: text, path: path, manual: manual) }
        guard let (manualPath, location) = rulebook?.manualFile else { return [] }
        let loaded = manuals[manualPath] ?? ManualText.load(path: manualPath)
        manuals[manualPath] = loaded
        switch loaded {
        case let .success(manual): return ManualQuoteCheck.check(text: text, path: path, manual: manual)
        case let .failure(error): return [.error(.notText, error.reason + " (named by 'manual:')", at: location)]
        }
    }

    /// Diagnostics by file, line and column, without repeats.
    public static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            (a.element.location, a.offset) < (b.element.location, b.offset)
        }.map(\.element)
    }
}

private func < (a: (SourceLocation, Int), b: (SourceLocation, Int)) -> Bool {
    a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
}

