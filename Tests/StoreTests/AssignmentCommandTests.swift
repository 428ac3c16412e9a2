import Foundation
import GRDB
import ScenarioKit
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `salessim assign`, `assignments`, `unassign`, `play` without a scenario and
/// `report --by assignment`, as the real binary, on a store filled by scripted plays of the library.
@Suite struct AssignmentCommandTests {
    let runner = CommandRunner(environment: ["SALESSIM_SCENARIOS": PackagePaths.scenarios.path, "NO_COLOR": "1"])

    /// The replies of the first golden playthrough of `scenario` that passes, as a `--input` file.
    func winningReplies(_ scenario: String) throws -> String {
        let path = PackagePaths.scenarios.appendingPathComponent("zh-Hans/\(scenario).yaml").path
        let loaded = try #require(ScenarioLoader.load(path: path).value)
        let test = try #require(loaded.tests.first { $0.expect.pass == true })
        let file = try PackagePaths.temporaryDirectory().appendingPathComponent("\(scenario).txt")
        try (test.replies.map(\.value).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// Where the visits go and whose they are: on a server the trainee is the login.
    func store(_ backend: TestBackend) throws -> (db: String, trainee: String, traineeOption: [String]) {
        let db = try backend.newLocation()
        if backend == .postgres {
            return (db, try #require(URLComponents(string: db)?.user), [])
        }
        return (db, "王小明", ["--trainee", "王小明"])
    }

    func play(_ scenario: String, _ db: String, _ trainee: [String], exam: Bool = false, input: String) throws {
        let played = try runner.run(["play", scenario, "--db", db, "--input", input, "--seed", "1"] + trainee + (exam ? ["--exam"] : []))
        #expect(played.status == 0, "\(played.stderr)")
    }

    struct Entry: Decodable {
        var id: Int
        var trainee, scenario, mode, state: String
        var due: String?
        var completedBySession: Int?
    }

    func entries(_ db: String, _ extra: [String] = []) throws -> [Entry] {
        let listed = try runner.run(["assignments", "--db", db, "--format", "json"] + extra)
        #expect(listed.status == 0, "\(listed.stderr)")
        return try JSONDecoder().decode([Entry].self, from: Data(listed.stdout.utf8))
    }

    @Test(arguments: TestBackend.allCases) func finishedVisitsAfterTheAssignmentCompleteItAndExamsNeedAPass(backend: TestBackend) throws {
        let (db, trainee, option) = try store(backend)
        let impatient = try winningReplies("first-visit-impatient")
        let capricious = try winningReplies("first-visit-capricious")
        // A visit before the assignment does not count.
        try play("first-visit-impatient", db, option, input: impatient)

        let assigned = try runner.run(["assign", trainee, "first-visit-impatient", "first-visit-hesitant", "--due", "2999-12-31", "--db", db])
        #expect(assigned.status == 0, "\(assigned.stderr)")
        #expect(assigned.stdout.contains("first-visit-hesitant (practice, due 2999-12-31)"))
        let exam = try runner.run(["assign", trainee, "first-visit-capricious", "--exam", "--due", "2020-01-31", "--note", "before visiting alone", "--db", db])
        #expect(exam.status == 0, "\(exam.stderr)")
        #expect(exam.stderr.contains("already passed"))
        #expect(try entries(db).map(\.state) == ["open", "open", "overdue"])
        // Assigning an open one again changes it instead of adding one.
        let again = try runner.run(["assign", trainee, "first-visit-hesitant", "--due", "2999-06-30", "--db", db])
        #expect(again.status == 0 && again.stdout.contains("changed #2: \(trainee) first-visit-hesitant (practice, due 2999-06-30)"), "\(again.stderr)")
        #expect(try entries(db).map(\.due) == ["2999-12-31", "2999-06-30", "2020-01-31"])

        // The trainee's list shows the open assignments above the scenarios.
        let picker = try runner.run(["play", "--db", db, "--lang", "en"] + option, input: Data())
        let agenda = try #require(picker.stdout.components(separatedBy: "Pick a scenario").first)
        #expect(agenda.contains("Your assignments:"))
        #expect(agenda.contains(" 6. first-visit-capricious  exam, overdue (2020-01-31)"))
        #expect(agenda.contains(" 8. first-visit-hesitant    practice, due 2999-06-30"))
        // Picking the exam's scenario for practice: the trainee is told it will not count.
        let practising = try runner.run(["play", "--db", db, "--lang", "en"] + option, input: Data("6\n/quit\n".utf8))
        #expect(practising.stdout.contains("'first-visit-capricious' is assigned to you as an exam; this practice does not complete it"), "\(practising.stdout)")

        // A practice visit of an exam assignment, an abandoned visit and a stretch do not count.
        try play("first-visit-impatient", db, option, input: impatient)
        try play("first-visit-capricious", db, option, input: capricious)
        let quitting = try PackagePaths.temporaryDirectory().appendingPathComponent("quit.txt")
        try "您好\n/quit\n".write(to: quitting, atomically: true, encoding: .utf8)
        try play("first-visit-hesitant", db, option, input: quitting.path)
        let lastReply = try PackagePaths.temporaryDirectory().appendingPathComponent("last.txt")
        let hesitant = try String(contentsOfFile: try winningReplies("first-visit-hesitant"), encoding: .utf8)
        try ((hesitant.split(separator: "\n").last.map(String.init) ?? "") + "\n").write(to: lastReply, atomically: true, encoding: .utf8)
        let stretch = try runner.run(["play", "first-visit-hesitant", "--from", "thanks-call", "--db", db, "--input", lastReply.path] + option)
        #expect(stretch.status == 0, "\(stretch.stderr)")
        let storeNow = try Store.open(location: db, purpose: .reading, environment: TestPostgres.environment)
        let stretchRecord = try storeNow.lastSession()
        #expect(stretchRecord.status == .finished && stretchRecord.startNode == "thanks-call" && stretchRecord.endingID != nil)
        var states = try entries(db)
        #expect(states.map(\.state) == ["done", "open", "overdue"])
        #expect(states[0].completedBySession == 3)

        // The exam with a pass completes the exam assignment.
        try play("first-visit-capricious", db, option, exam: true, input: capricious)
        states = try entries(db)
        #expect(states.map(\.state) == ["done", "open", "done"])
        #expect(states[2].completedBySession == 7)
        #expect(try entries(db, ["--overdue"]).isEmpty)

        let report = try runner.run(["report", "--by", "assignment", "--format", "csv", "--db", db])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("trainee,assigned,done,open,overdue,next due\r\n\(trainee),3,2,1,0,2999-06-30\r\n"))
        let table = try runner.run(["assignments", "--trainee", trainee, "--db", db])
        #expect(table.stdout.contains("before visiting alone"))

        let removed = try runner.run(["unassign", trainee, "first-visit-hesitant", "--db", db])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("removed #2"))
        #expect(try entries(db).map(\.id) == [1, 3])
        let byNumber = try runner.run(["unassign", "1", "--db", db])
        #expect(byNumber.status == 0 && byNumber.stdout.contains("removed #1"))
        #expect(try entries(db).map(\.id) == [3])
    }

    @Test func badInputIsRefusedWithAClearMessage() throws {
        let db = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let cases: [([String], String)] = [
            (["assign", "王小明", "first-visit-impatiant", "--db", db], "no scenario 'first-visit-impatiant'"),
            (["assign", "王小明", "first-visit-impatiant", "--db", db], "did you mean 'first-visit-impatient'?"),
            (["assign", "王小明", "first-visit-impatient", "--due", "2026-02-30", "--db", db], "--due: '2026-02-30' is not a day"),
            (["assign", "王小明", "first-visit-impatient", "--due", "next week", "--db", db], "is not a day (YYYY-MM-DD"),
            (["assign", "王小明", "--db", db], "name at least one SCENARIO"),
            (["assign", "bad\u{1B}name", "first-visit-impatient", "--db", db], "TRAINEE"),
            (["unassign", "王小民", "first-visit-impatient", "--db", db], "no trainee '王小民' has assignments; did you mean '王小明'?"),
            (["unassign", "王小明", "first-visit-hesitant", "--db", db], "王小明 has no open assignment of 'first-visit-hesitant'; open: first-visit-impatient"),
            (["unassign", "42", "--db", db], "no assignment 42"),
            (["unassign", "forty-two", "--db", db], "is not an assignment's number"),
            (["assignments", "--format", "xml", "--db", db], "xml"),
            (["report", "--by", "assignment", "--since", "2026-01-01", "--db", db], "--since does not apply to --by assignment"),
            (["report", "--by", "certification", "--scenario", "payment-delay", "--db", db], "--scenario does not apply to --by certification"),
        ]
        let made = try runner.run(["assign", "王小明", "first-visit-impatient", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        for (arguments, message) in cases {
            let output = try runner.run(arguments)
            #expect(output.status != 0 && output.status < 128, "\(arguments)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
        let missing = try runner.run(["assignments", "--db", db + ".none"])
        #expect(missing.status == 2 && missing.stderr.contains("there is no store"))
        #expect(try entries(db).map(\.scenario) == ["first-visit-impatient"])
    }

    @Test(arguments: [("due_on", "'2026-13-45'", "column due_on: '2026-13-45' is not a day (YYYY-MM-DD)"),
                      ("assigned_at", "'yesterday'", "column assigned_at: 'yesterday' is not a date and time"),
                      ("exam", "'maybe'", "column exam: 'maybe' is not true or false")])
    func aHandEditedAssignmentIsReportedByRowAndColumn(column: String, value: String, message: String) throws {
        let db = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let made = try runner.run(["assign", "王小明", "first-visit-impatient", "--db", db])
        #expect(made.status == 0, "\(made.stderr)")
        try DatabaseQueue(path: db).write { try $0.execute(sql: "UPDATE assignments SET \(column) = \(value)") }
        for command in [["assignments"], ["report", "--by", "assignment"], ["unassign", "王小明", "first-visit-impatient"]] {
            let output = try runner.run(command + ["--db", db])
            #expect(output.status == 2, "\(command)")
            #expect(output.stderr.contains("assignments row 1 \(message)"), "\(command): \(output.stderr)")
        }
    }
}
