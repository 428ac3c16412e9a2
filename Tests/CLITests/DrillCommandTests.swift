import Foundation
import Testing
import TestSupport

/// `salessim drill` and `salessim next` (issue 15), through the real binary on the library.
@Suite struct DrillCommandTests {
    let salessim = CommandRunner()

    func answers(_ lines: [String]) throws -> (folder: URL, input: String, db: String) {
        let folder = try PackagePaths.temporaryDirectory()
        let input = folder.appendingPathComponent("answers.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        return (folder, input.path, folder.appendingPathComponent("s.sqlite").path)
    }

    @Test func aDrillGivesTheVerdictTheModelAnswerAndTheManualsWordsAndSchedulesTheRule() throws {
        let (_, input, db) = try answers(["是的，是的，价格确实不低，可是省下的墨水钱一年就回本了", "好的"])
        let output = try salessim.run(["drill", "objection.yes-but", "--count", "2", "--lang", "zh-Hans", "--input", input, "--db", db, "--trainee", "王小明"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("[1/2] objection.yes-but"), "\(output.stdout)")
        #expect(output.stdout.contains("✔ objection.yes-but met"))
        #expect(output.stdout.contains("○ objection.yes-but missed"))
        #expect(output.stdout.contains("model answer: 「"))
        #expect(output.stdout.contains("手册 I.5"))
        // One answer missed: back to box 1, due tomorrow.
        #expect(output.stdout.contains("1/2 right. Kept: objection.yes-but: box 1, next drill "))
        let next = try salessim.run(["next", "--db", db, "--trainee", "王小明"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("drill: nothing due; next on "), "\(next.stdout)")
        #expect(next.stdout.contains("visit: "))
        #expect(next.stdout.contains("0/23 passed"))
    }

    @Test func everyAnswerRightMovesTheRuleUpABox() throws {
        let (_, input, db) = try answers(["是的，是的，价格确实不低，可是省下的墨水钱一年就回本了"])
        let output = try salessim.run(["drill", "objection.yes-but", "--count", "1", "--lang", "zh-Hans", "--input", input, "--db", db, "--trainee", "王小明"])
        #expect(output.stdout.contains("1/1 right. Kept: objection.yes-but: box 2, next drill "), "\(output.stdout)")
    }

    @Test func withoutRulesTheWeakestRulesOfTheTraineesVisitsAreDrilled() throws {
        let (folder, input, db) = try answers(["你好", "/quit"])
        let play = try salessim.run(["play", "first-visit-impatient", "--input", input, "--db", db, "--trainee", "王小明", "--seed", "1"])
        #expect(play.status == 0, "\(play.stderr)")
        let drillInput = folder.appendingPathComponent("drill.txt")
        try "好的\n好的\n好的\n".write(to: drillInput, atomically: true, encoding: .utf8)
        let output = try salessim.run(["drill", "--count", "3", "--input", drillInput.path, "--db", db, "--trainee", "王小明"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("on your weakest rules") || output.stdout.contains("Nothing is due"), "\(output.stdout)")
    }

    @Test(arguments: [
        (["drill", "objection.yes-bt"], 2, "unknown rule 'objection.yes-bt'; did you mean 'objection.yes-but'?"),
        (["drill", "--count", "0"], 64, "--count must be from 1 to 20, not 0"),
        (["drill", "--lang", "fr"], 64, "--lang must be zh-Hans or en, not 'fr'"),
    ])
    func badArgumentsAreRefusedWithAClearMessage(arguments: [String], status: Int32, words: String) throws {
        let (_, _, db) = try answers([])
        let output = try salessim.run(arguments + ["--db", db, "--trainee", "王小明"])
        #expect(output.status == status, "\(output.stderr)")
        #expect(output.stderr.contains(words), "\(output.stderr)")
    }

    @Test func nextNamesAnOpenAssignmentFirst() throws {
        let (_, _, db) = try answers([])
        let assigned = try salessim.run(["assign", "王小明", "payment-delay", "--due", "2026-01-01", "--exam", "--db", db])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let next = try salessim.run(["next", "--db", db, "--trainee", "王小明"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.hasPrefix("assignment: payment-delay (exam, overdue since 2026-01-01) — salessim play payment-delay --exam"), "\(next.stdout)")
    }
}
