import Foundation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `salessim rescore`, as the real binary, on a copy of the loader fixtures.
@Suite struct RescoreTests {
    let fixtures = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures")

    /// A library folder with the fixture rulebook and scenario, and a store with one visit of it.
    func playedLibrary(_ backend: TestBackend) throws -> (library: URL, db: String) {
        let library = try PackagePaths.temporaryDirectory()
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("rulebook.yaml"), to: library.appendingPathComponent("rulebook.yaml"))
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("valid/every-feature/scenario.yaml"), to: library.appendingPathComponent("scenario.yaml"))
        let replies = library.appendingPathComponent("replies.txt")
        try "墙上这么多质量奖状!\n是的是的,可是我们更省墨\n今天就签吧\n".write(to: replies, atomically: true, encoding: .utf8)
        let db = try backend.newLocation()
        // NB: on a server the trainee is the login (here the administrator's).
        let trainee = backend == .sqlite ? ["--trainee", "王小明"] : []
        let played = try CommandRunner().run(["play", library.appendingPathComponent("scenario.yaml").path, "--scenarios", library.path,
                                              "--db", db, "--input", replies.path] + trainee)
        #expect(played.status == 0, "\(played.stderr)")
        return (library, db)
    }

    /// The fixture rulebook as version 8, with `objection.yes-but` weighing 6 instead of 3.
    func newRulebook(in folder: URL) throws -> String {
        let text = try String(contentsOf: fixtures.appendingPathComponent("rulebook.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "version: 7", with: "version: 8")
            .replacingOccurrences(of: "    manual: I.5\n    title: {zh: 是的、是的、可是, en: \"Yes, yes, but\"}\n    weight: 3",
                                  with: "    manual: I.5\n    title: {zh: 是的、是的、可是, en: \"Yes, yes, but\"}\n    weight: 6")
        let path = folder.appendingPathComponent("new-rulebook.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: TestBackend.allCases) func showsWhatChangesPerSessionAndRuleAndKeepsTheOriginal(backend: TestBackend) throws {
        let (library, db) = try playedLibrary(backend)
        let before = try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).lastSession()
        let rulebook = try newRulebook(in: library)
        let output = try CommandRunner().run(["rescore", "--all", "--rulebook", rulebook, "--scenarios", library.path, "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("re-scoring with rulebook v8"))
        #expect(output.stdout.contains("v7 → v8"))
        #expect(output.stdout.contains("objection.yes-but"))
        #expect(output.stdout.contains("3/3"))
        #expect(output.stdout.contains("6/6"))
        #expect(output.stdout.contains("nothing saved"))
        let after = try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).lastSession()
        #expect(after == before)
    }

    @Test(arguments: TestBackend.allCases) func saveStoresTheNewScoreAndNotesAChangedScenarioFile(backend: TestBackend) throws {
        let (library, db) = try playedLibrary(backend)
        let scenario = library.appendingPathComponent("scenario.yaml")
        try (try String(contentsOf: scenario, encoding: .utf8) + "\n# edited after the visit\n").write(to: scenario, atomically: true, encoding: .utf8)
        let rulebook = try newRulebook(in: library)
        let id = try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).lastSession().id
        let output = try CommandRunner().run(["rescore", String(id), "--rulebook", rulebook, "--scenarios", library.path, "--db", db, "--save"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("the scenario file changed since the visit"))
        #expect(output.stdout.contains("saved 1 session"))
        let record = try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment).lastSession()
        #expect(record.rulebookVersion == 8)
        let yesBut = record.ruleResults.filter { $0.rule == "objection.yes-but" }
        #expect(yesBut.map { "\($0.earned)/\($0.possible)" } == ["6/6"])
        #expect(record.turns[1].verdicts.first { $0.rule == "objection.yes-but" }?.possible == 6)
        #expect(record.scorecard?.rulebookVersion == 8)
    }
}
