import Foundation
import Testing
import TestSupport

/// README's walk-through for managers (assign → practise → report → certify) works as printed:
/// every `./salessim` line of its first code block is run, in order, by bash, on a new store.
@Suite struct ManagerWalkthroughTests {
    /// The `./salessim …` lines of the code block after the walk-through's heading.
    static func commands() throws -> [String] {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Directing practice: assign → practise → report → certify").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n").map(String.init).filter { $0.hasPrefix("./salessim ") }
    }

    @Test func everyCommandOfTheWalkthroughWorksAsPrinted() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 8)
        let folder = try PackagePaths.temporaryDirectory()
        // NB: the trainee's exam is typed at the prompt in the README; here the scenario's own
        // passing replies are typed on standard input.
        let examReplies = try String(contentsOf: PackagePaths.scenarios.appendingPathComponent("zh-Hans/first-visit-capricious.yaml"), encoding: .utf8)
            .components(separatedBy: "\ntests:\n").dropFirst().first?.components(separatedBy: "    replies:\n").dropFirst().first?
            .split(separator: "\n").prefix { $0.hasPrefix("      - ") }.map { String($0.dropFirst(8)) } ?? []
        #expect(examReplies.count > 5)
        let bash = CommandRunner(executable: URL(fileURLWithPath: "/bin/bash"),
                                 environment: ["SALESSIM_DB": folder.appendingPathComponent("team.sqlite").path,
                                               "SALESSIM_SCENARIOS": PackagePaths.scenarios.path, "NO_COLOR": "1"],
                                 workingDirectory: folder)
        var outputs: [String: CommandRunner.Output] = [:]
        for command in commands {
            let line = command.replacingOccurrences(of: "./salessim ", with: "'\(PackagePaths.salessim.path)' ", options: .anchored)
            let input = command.contains("play first-visit-capricious --exam") ? examReplies.joined(separator: "\n") + "\n" : ""
            let output = try bash.run(["-c", line], input: Data(input.utf8))
            outputs[command] = output
            if command.hasPrefix("./salessim play --trainee") {
                // Nothing picked from the list: the list was shown, no visit started.
                #expect(output.stdout.contains("你的作业："), "\(command): \(output.stdout)")
                #expect(output.stdout.contains("first-visit-capricious  考试，截止 2026-12-31"))
            } else {
                #expect(output.status == 0, "\(command): \(output.stderr)")
            }
        }
        let byAssignment = try #require(outputs.first { $0.key.contains("report --by assignment") }?.value)
        #expect(byAssignment.stdout.contains("王小明          3     1     2        0  2026-12-31"), "\(byAssignment.stdout)")
        let certification = try #require(outputs.first { $0.key.contains("report --by certification") }?.value)
        #expect(certification.stdout.contains("first-visit-impatient first-visit-hesitant"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("statements.json").path))
        #expect(outputs.first { $0.key.contains("unassign") }?.value.stdout.contains("removed #2") == true)
    }
}
