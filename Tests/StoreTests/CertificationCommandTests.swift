import Foundation
import ScenarioKit
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `report --by certification` and the `earned` xAPI statement, as the real binary, on a store
/// filled by scripted plays of the library and its `Scenarios/curriculum.yaml`.
@Suite struct CertificationCommandTests {
    let runner = CommandRunner(environment: ["SALESSIM_SCENARIOS": PackagePaths.scenarios.path, "NO_COLOR": "1"])

    func winningReplies(_ scenario: String) throws -> String {
        let path = PackagePaths.scenarios.appendingPathComponent("zh-Hans/\(scenario).yaml").path
        let loaded = try #require(ScenarioLoader.load(path: path).value)
        let test = try #require(loaded.tests.first { $0.expect.pass == true })
        let file = try PackagePaths.temporaryDirectory().appendingPathComponent("\(scenario).txt")
        try (test.replies.map(\.value).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    struct Holding: Decodable {
        var trainee, certification: String
        var held: Bool
        var since: Date?
        var earnedBySession: Int?
        var missing: [String]
    }

    func holdings(_ db: String) throws -> [Holding] {
        let output = try runner.run(["report", "--by", "certification", "--format", "json", "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([Holding].self, from: Data(output.stdout.utf8))
    }

    @Test(arguments: TestBackend.allCases) func passedExamsOfEveryScenarioEarnTheCertification(backend: TestBackend) throws {
        let db = try backend.newLocation()
        let trainee = backend == .postgres ? try #require(URLComponents(string: db)?.user) : "王小明"
        let option = backend == .postgres ? [] : ["--trainee", trainee]
        func play(_ scenario: String, exam: Bool) throws {
            let played = try runner.run(["play", scenario, "--db", db, "--seed", "1", "--input", try winningReplies(scenario)] + option + (exam ? ["--exam"] : []))
            #expect(played.status == 0, "\(played.stderr)")
        }
        // Practice does not count; two of the three exams are not enough.
        try play("first-visit-impatient", exam: false)
        try play("first-visit-impatient", exam: true)
        try play("first-visit-hesitant", exam: true)
        var firstVisits = try #require(try holdings(db).first { $0.certification == "first-visits" })
        #expect(!firstVisits.held && firstVisits.trainee == trainee)
        #expect(firstVisits.missing == ["first-visit-capricious"])
        let none = try runner.run(["export", "--xapi", "--db", db])
        #expect(none.status == 0 && !none.stdout.contains("verb/earned"), "\(none.stderr)")

        try play("first-visit-capricious", exam: true)
        let all = try holdings(db)
        #expect(all.count == 7)
        firstVisits = try #require(all.first { $0.certification == "first-visits" })
        #expect(firstVisits.held && firstVisits.missing.isEmpty && firstVisits.earnedBySession == 4)
        let since = try #require(firstVisits.since)
        #expect(abs(since.timeIntervalSinceNow) < 600)
        #expect(all.filter(\.held).map(\.certification) == ["first-visits"])

        let table = try runner.run(["report", "--by", "certification", "--db", db])
        #expect(table.stdout.contains("first-visits"))
        #expect(table.stdout.contains("phone-new-lead keyperson-gatekeeper"))

        let exported = try runner.run(["export", "--xapi", "--db", db])
        #expect(exported.status == 0, "\(exported.stderr)")
        let statements = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]])
        let earned = statements.filter { (($0["verb"] as? [String: Any])?["id"] as? String) == "http://id.tincanapi.com/verb/earned" }
        #expect(earned.count == 1)
        let object = try #require(earned.first?["object"] as? [String: Any])
        #expect(object["id"] as? String == "https://salessim.example/certifications/first-visits")
        let actor = try #require(earned.first?["actor"] as? [String: Any])
        #expect(actor["name"] as? String == trainee)
    }

    @Test func aCurriculumWithAnUnknownScenarioStopsTheReportWithItsPosition() throws {
        let library = try PackagePaths.temporaryDirectory()
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("rulebook.yaml"), to: library.appendingPathComponent("rulebook.yaml"))
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("learned-verdicts.tsv"), to: library.appendingPathComponent("learned-verdicts.tsv"))
        try FileManager.default.copyItem(at: PackagePaths.scenarios.appendingPathComponent("zh-Hans/payment-delay.yaml"),
                                         to: library.appendingPathComponent("payment-delay.yaml"))
        try "curriculum: x\ncertifications:\n  pay:\n    title: 收款\n    exams: [paymnet-delay]\n    min-score: 80\n"
            .write(to: library.appendingPathComponent("curriculum.yaml"), atomically: true, encoding: .utf8)
        let db = library.appendingPathComponent("s.sqlite").path
        let assigned = try runner.run(["assign", "王小明", "payment-delay", "--db", db, "--scenarios", library.path])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let output = try runner.run(["report", "--by", "certification", "--db", db, "--scenarios", library.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("curriculum.yaml:5:13: error: [SC0029]"), "\(output.stderr)")
        #expect(output.stderr.contains("did you mean 'payment-delay'?"))
        #expect(output.stderr.contains("has errors; run 'salessim lint"))
        let lint = try runner.run(["lint", library.path])
        #expect(lint.status != 0 && lint.stdout.contains("[SC0029]") || lint.stderr.contains("[SC0029]"))
        try FileManager.default.removeItem(at: library.appendingPathComponent("curriculum.yaml"))
        let missing = try runner.run(["report", "--by", "certification", "--db", db, "--scenarios", library.path])
        #expect(missing.status == 2 && missing.stderr.contains("has no curriculum.yaml"))
    }
}
