import Foundation
import Testing
import TestSupport

/// New hires (issue 15): after a visit, and in `show` for a past one, every rule lost with the
/// turn, the trainee's words, the model answer and the manual's words.
@Suite struct CoachingCommandTests {
    let salessim = CommandRunner()
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures").path
    var valid: String { fixtures + "/valid/every-feature/scenario.yaml" }

    @Test func showSaysWhatToSayInsteadForAPastVisit() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let db = folder.appendingPathComponent("s.sqlite").path
        let input = folder.appendingPathComponent("replies.txt")
        try "墙上这么多质量奖状!\n是的是的,可是我们更省墨\n再考虑考虑\n".write(to: input, atomically: true, encoding: .utf8)
        let play = try salessim.run(["play", valid, "--input", input.path, "--db", db, "--trainee", "王小明", "--seed", "1", "--scenarios", fixtures])
        #expect(play.status == 0, "\(play.stderr)")
        #expect(play.stdout.contains("可以这样说：「今天就签」"), "\(play.stdout)")
        let show = try salessim.run(["show", "--last", "--db", db, "--scenarios", fixtures])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("what to say instead (every rule that lost points):"), "\(show.stdout)")
        #expect(show.stdout.contains("turn 3 · close · close.ask missed"))
        #expect(show.stdout.contains("said: 再考虑考虑"))
        #expect(show.stdout.contains("instead: 今天就签"))
    }
}
