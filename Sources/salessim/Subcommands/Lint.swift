import ArgumentParser
import ScenarioKit
import Simulation

/// `salessim lint`: every authoring problem at once, as `path:line:col: error: [SCnnnn] …`,
/// including the engine-level checks of ``ReplyVerifier`` on the scenarios that loaded.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "lint",
        abstract: "Check scenario and rulebook files and report every problem at once.",
        discussion: """
        Each problem prints as path:line:col: error|warning: [SCnnnn] message, with the line and a
        caret. The codes are explained in Scenarios/README.md. Exit status 1 when there is an error.

        Example:
          salessim lint Scenarios
          salessim lint Scenarios/zh-Hans/first-visit-impatient.yaml
          salessim lint --manual ../shared/manual/training-manual.zh-Hant.txt

        With --manual (or `manual:` in the rulebook), every quote in 「」 of feedback and hint
        texts must be the manual's own words (SC0024).

        Each reply's option text and examples are played at their node with the engine's own
        recognition and must be taken as that reply (SC0025); a reply that an earlier one always
        beats is an error (SC0026); a customer answer naming a figure the reply's pattern does not
        require is a warning (SC0027).
        """
    )

    @Argument(help: ArgumentHelp("Files or folders to check (default: the scenarios folder).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "Do not print warnings.")
    var quiet = false

    @Option(help: ArgumentHelp("The training manual as a text file: feedback quotes in 「」 must be its words (default: the rulebook's 'manual:').", valueName: "file"))
    var manual: String?

    func run() throws {
        let root = try? library.library()
        let targets = paths.isEmpty ? [try library.library().root] : paths
        var linter = Linter(fallbackRulebook: root?.rulebookPath)
        if let manual {
            switch ManualText.load(path: manual) {
            case let .success(text): linter.manual = text
            case let .failure(error): throw CLIError(error.reason)
            }
        }
        var report = linter.lint(paths: targets)
        ReplyVerifier.verify(&report)
        let shown = quiet ? report.diagnostics.filter { $0.severity == .error } : report.diagnostics
        Console.printDiagnostics(shown, sources: report.sources, to: Console.out)
        let summary = "\(report.filesChecked) file\(report.filesChecked == 1 ? "" : "s") checked: \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
        Console.out(summary)
        if report.errorCount > 0 { throw ExitCode(1) }
    }
}
