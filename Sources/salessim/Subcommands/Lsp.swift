import ArgumentParser
import Foundation
import LanguageServer
import ScenarioKit

/// `salessim lsp`: the language server for scenario and rulebook files, over stdin and stdout.
struct Lsp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for scenario and rulebook files (for editors; speaks LSP on stdin/stdout).",
        discussion: """
        Editors start it and talk to it over stdin and stdout (JSON-RPC with Content-Length
        headers): lint's diagnostics as you type, completion of node ids, lexicons, rule ids and
        variables, hover with the manual's words, go to definition, references, rename, the
        node outline and quick fixes. Set-up for VS Code, Neovim, Helix and Emacs: see
        Scenarios/README.md, "Editor set-up".

        Example:
          salessim lsp
          salessim lsp --manual ../shared/manual/training-manual.zh-Hant.txt
        """
    )

    @OptionGroup var library: LibraryOptions

    @Option(help: ArgumentHelp("The training manual as a text file: quotes in 「」 are checked (SC0024) and rule hovers show its sections.", valueName: "file"))
    var manual: String?

    @Option(help: ArgumentHelp("Milliseconds of quiet after a change before diagnostics are computed.", valueName: "ms"))
    var debounce = 10

    func run() throws {
        let root = try? library.library()
        var configuration = Server.Configuration(fallbackRulebook: root?.rulebookPath, version: SalesSim.version)
        if let root {
            let readme = (root.root as NSString).appendingPathComponent("README.md")
            if FileManager.default.fileExists(atPath: readme) { configuration.readmePath = readme }
        }
        if let manual {
            switch ManualText.load(path: manual) {
            case let .success(text): configuration.manual = text
            case let .failure(error): throw CLIError(error.reason)
            }
            if let text = try? String(contentsOfFile: manual, encoding: .utf8) {
                configuration.manualSections = ManualSections(text: text)
            }
        }
        // NB: a client that closes its end of stdout must not kill the server with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var transport = StdioTransport(server: Server(configuration: configuration), debounceMilliseconds: max(0, debounce))
        let code = transport.run()
        if code != 0 { throw ExitCode(code) }
    }
}
