import ArgumentParser
import Foundation
import ScenarioKit

/// The `salessim` command line: thin commands that wire the library modules together.
@main
struct SalesSim: ParsableCommand {
    static let version = "0.1.0"

    /// `salessim --version`: the program's version, the library it uses by default, and its
    /// rulebook's version.
    static var versionText: String {
        let environment = ProcessInfo.processInfo.environment
        let located = ScenarioLibrary.locate(explicit: nil, environment: environment,
                                             workingDirectory: FileManager.default.currentDirectoryPath,
                                             executablePath: CommandLine.arguments.first ?? "")
        switch located {
        case let .success(library):
            return "\(version) · library \(library.root) · rulebook " + (library.rulebookVersion.map { "v\($0)" } ?? "unreadable")
        case .failure:
            return "\(version) · no scenario library found (salessim install, or --scenarios DIR)"
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "salessim",
        abstract: "Practise customer visits for inkjet coding printers (噴碼機), scored against the sales training manual.",
        discussion: """
        Trainees: salessim next · salessim drill · salessim play
        Trainers: salessim lint Scenarios · salessim test Scenarios · salessim try ID --node NODE "…" · salessim inbox · salessim lsp
        Managers: salessim sessions · salessim assign NAME SCENARIO --due DAY · salessim report --by assignment · salessim report --by rule · salessim report --format html --output team/ · salessim show ID
        Everyone: salessim check "是的是的,可是……" --phase objection
        """,
        // NB: the plain version: `--version` itself is answered in main() with the library and
        // rulebook, so that no other command pays for finding them at start-up.
        version: version,
        subcommands: [Play.self, List.self, Lint.self, Graph.self, Test.self, Try.self, Inbox.self, Drill.self, Next.self, Install.self, Check.self, Calibrate.self, Learn.self, Rules.self, Report.self, Sessions.self, Assign.self, Assignments.self, Unassign.self, Show.self, Rescore.self, Export.self, Admin.self, Lsp.self]
    )
}

#if os(Linux)
/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not bring in).
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// `M_ARENA_MAX` of glibc's malloc.h.
private let glibcArenaMaximum: Int32 = -8
#endif

extension SalesSim {
    /// `play SCENARIO [options]` in the plain form ``ScenarioPrefetch`` reads ahead (known options,
    /// each with its value as the next argument, no help): taken as it is typed when it leaves
    /// no doubt (``Play/plain(_:)``), else parsed as `play` alone, without first building the
    /// parser of every command. Whatever that refuses is parsed again from the root, so that
    /// errors and usage read exactly as always.
    static func parsePlainPlay(_ arguments: [String]) throws -> any ParsableCommand {
        if let play = Play.plain(arguments) { return play }
        if !arguments.contains("help"), let play = try? Play.parse(Array(arguments.dropFirst())) {
            return play
        }
        return try parseAsRoot(arguments)
    }

    /// Runs the command; a `CLIError` prints as `salessim: error: …` with its exit status.
    static func main() {
        #if os(Linux)
        // One malloc arena for all threads: the only other threads read the rulebook while the
        // scenario is read or serve the language server's requests one at a time, and an arena
        // per thread kept about a megabyte of a visit's memory that the main thread could not reuse.
        _ = glibcMallopt(glibcArenaMaximum, 1)
        #endif
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            Console.out("\(versionText)")
            Foundation.exit(0)
        }
        // NB: `play SCENARIO`'s scenario is read while the command line is parsed; whatever the
        // command does, that reading is over before the process ends (nothing runs at exit).
        let arguments = Array(CommandLine.arguments.dropFirst())
        let plainPlay = ScenarioPrefetch.start(arguments)
        do {
            var command = try plainPlay ? parsePlainPlay(arguments) : parseAsRoot(arguments)
            try command.run()
            ScenarioPrefetch.finish()
        } catch let error as CLIError {
            ScenarioPrefetch.finish()
            Console.err("salessim: error: \(error.message)")
            Foundation.exit(error.exitCode)
        } catch let error where StoreFailure.cliError(for: error) != nil {
            ScenarioPrefetch.finish()
            let failure = StoreFailure.cliError(for: error) ?? CLIError("\(error)")
            Console.err("salessim: error: \(failure.message)")
            Foundation.exit(failure.exitCode)
        } catch {
            ScenarioPrefetch.finish()
            // NB: as `exit(withError:)`, but through Console: a usage error quotes what was
            // typed (`--since $'\e]0;…'`), which must reach the terminal inert.
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.err(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
