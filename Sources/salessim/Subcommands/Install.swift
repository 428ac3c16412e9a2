import ArgumentParser
import Foundation
import ScenarioKit

/// `salessim install`: the program on PATH and the library where it finds it, from any folder.
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install salessim for this user: the program in PREFIX/bin, the scenario library in PREFIX/share/salessim/Scenarios.",
        discussion: """
        Afterwards `salessim` works from any folder. It finds its library in this order: --scenarios
        DIR, $SALESSIM_SCENARIOS, a Scenarios/ folder in the working folder or above it, the
        installed library (PREFIX/share/salessim/Scenarios beside PREFIX/bin, or
        $XDG_DATA_HOME/salessim/Scenarios), then the source tree the program was built in.
        Installing again replaces both. `salessim --version` says which library it uses.

        Example:
          ./salessim install                  # ~/.local/bin/salessim, ~/.local/share/salessim/Scenarios
          ./salessim install --prefix /opt/salessim
        """
    )

    @Option(help: ArgumentHelp("Where to install (default: ~/.local).", valueName: "dir"))
    var prefix: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let root = URL(fileURLWithPath: prefix ?? (home as NSString).appendingPathComponent(".local")).standardizedFileURL
        let source = try library.library()
        let manager = FileManager.default
        // The running program itself (through /proc, whatever name started it).
        let program = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        guard manager.isExecutableFile(atPath: program.path) else { throw CLIError("cannot find the running program to copy (/proc/self/exe)") }
        let bin = root.appendingPathComponent("bin")
        let share = root.appendingPathComponent("share/salessim")
        let target = bin.appendingPathComponent("salessim")
        let libraryTarget = share.appendingPathComponent("Scenarios")
        do {
            try manager.createDirectory(at: bin, withIntermediateDirectories: true)
            try manager.createDirectory(at: share, withIntermediateDirectories: true)
            // NB: copied beside the target and renamed over it, so a running salessim is never
            // cut in half, and a failed copy leaves the old one in place.
            let programCopy = bin.appendingPathComponent(".salessim.installing-\(getpid())")
            try? manager.removeItem(at: programCopy)
            try manager.copyItem(at: program, to: programCopy)
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: programCopy.path)
            if rename(programCopy.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: programCopy)
                throw CLIError("cannot install \(target.path): \(reason)")
            }
            let libraryCopy = share.appendingPathComponent(".Scenarios.installing-\(getpid())")
            try? manager.removeItem(at: libraryCopy)
            if URL(fileURLWithPath: source.root).standardizedFileURL.path != libraryTarget.path {
                try manager.copyItem(atPath: source.root, toPath: libraryCopy.path)
                let old = share.appendingPathComponent(".Scenarios.old-\(getpid())")
                if manager.fileExists(atPath: libraryTarget.path) { try manager.moveItem(at: libraryTarget, to: old) }
                try manager.moveItem(at: libraryCopy, to: libraryTarget)
                try? manager.removeItem(at: old)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot install into \(root.path): \(error.localizedDescription)")
        }
        let rulebook = ScenarioLibrary(root: libraryTarget.path).rulebookVersion.map { "rulebook v\($0)" } ?? "rulebook unreadable"
        Console.out("installed \(target.path)")
        Console.out("installed the library \(libraryTarget.path) (\(rulebook), from \(source.root))")
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if !path.contains(bin.path) {
            Console.out("add \(bin.path) to your PATH, e.g.: echo 'export PATH=\"\(bin.path):$PATH\"' >> ~/.profile")
        }
    }
}
