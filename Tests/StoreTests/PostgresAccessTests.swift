import Foundation
import PostgresBackend
import ScenarioKit
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// Access control on a shared PostgreSQL server: the server itself keeps each trainee to their
/// own rows, lets managers read everyone's, and keeps ended sessions' scores.
@Suite(.serialized) struct PostgresAccessTests {
    let server: TestPostgres
    let adminURL: String
    let suffix = String(UUID().uuidString.prefix(6)).lowercased()
    var alice: String { "alice_\(suffix)" }
    var bob: String { "bob_\(suffix)" }
    var carol: String { "carol_\(suffix)" }

    init() throws {
        server = try TestPostgres.shared()
        adminURL = try server.newDatabase()
    }

    func login(_ name: String) -> String { TestPostgres.url(adminURL, user: name, password: "pw-\(name)") }

    /// Sets the server up and grants the three logins through the real `salessim admin`.
    func setUp() throws {
        let runner = CommandRunner()
        let initialised = try runner.run(["admin", "init", "--db", adminURL])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(initialised.stdout.contains("v1-results, v2-xapi-queue, v3-understanding, v4-stretches, v5-input, v6-drills, v7-assignments"))
        for (command, name) in [("grant-trainee", alice), ("grant-trainee", bob), ("grant-manager", carol)] {
            let granted = try runner.run(["admin", command, name, "--password-stdin", "--db", adminURL], input: Data("pw-\(name)\n".utf8))
            #expect(granted.status == 0, "\(granted.stderr)")
            #expect(granted.stdout.contains("created login '\(name)'"))
        }
        let listed = try runner.run(["admin", "list", "--db", adminURL])
        #expect(listed.stdout.contains("\(alice)\ttrainee"))
        #expect(listed.stdout.contains("\(carol)\tmanager"))
    }

    /// Plays a short finished visit as `trainee`, through the recorder; returns the session's id.
    @discardableResult
    func playVisit(as trainee: String, finish: Bool = true) throws -> Int64 {
        let store = try Store.open(location: login(trainee), purpose: .recording, environment: TestPostgres.environment)
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: trainee, exam: false)
        for reply in ["墙上这么多质量奖状!", "是的是的,可是我们更省墨", "今天就签吧"] {
            session.reply(reply, secondsTaken: 3)
            try recorder.recorded(try #require(session.turns.last), of: session, guided: false)
            if !finish { break }
        }
        let id = try #require(recorder.sessionID)
        if finish { try recorder.ended(session, status: .finished, guided: false) }
        return id
    }

    @Test func traineesReadAndWriteOnlyTheirOwnRowsAndManagersReadEveryones() throws {
        try setUp()
        let alicesSession = try playVisit(as: alice)
        let bobsSession = try playVisit(as: bob)

        // Through the store: Alice sees her session only; Bob's is "not found" to her.
        let asAlice = try Store.open(location: login(alice), purpose: .reading, environment: TestPostgres.environment)
        #expect(try asAlice.sessions(matching: ReportFilter()).map(\.trainee) == [alice])
        let hidden = #expect(throws: StoreError.self) { try asAlice.session(id: bobsSession) }
        #expect(hidden?.kind == .notFound)
        #expect(try asAlice.session(id: alicesSession).turns.count == 3)

        let admin = try Store.open(location: adminURL, purpose: .reading, environment: TestPostgres.environment)
        let bobsBefore = try admin.session(id: bobsSession)
        let alicesBefore = try admin.session(id: alicesSession)

        // Through SQL as Alice: the server itself filters and refuses.
        #expect(try server.psql(login(alice), "SELECT count(*) FROM sessions").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try server.psql(login(alice), "SELECT count(*) FROM turns").trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(try server.psql(login(alice), "SELECT count(*) FROM trainees").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let update = try TestPostgres.psqlOutput(login(alice), "UPDATE sessions SET percent = 7 WHERE id = \(bobsSession) RETURNING id")
        #expect(update.status == 0 && update.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        let ownScore = try TestPostgres.psqlOutput(login(alice), "UPDATE sessions SET percent = 7, passed = false WHERE id = \(alicesSession)")
        #expect(ownScore.status != 0)
        #expect(ownScore.stderr.contains("has ended"))
        let delete = try TestPostgres.psqlOutput(login(alice), "DELETE FROM sessions")
        #expect(delete.stderr.contains("permission denied"))
        let forged = try TestPostgres.psqlOutput(login(alice), """
            INSERT INTO turns (session_id, idx, node, phase, customer_line, reply, verdicts, recorded_at)
            VALUES (\(bobsSession), 9, 'x', 'opening', 'x', 'forged', '[]', now())
            """)
        #expect(forged.stderr.contains("row-level security"))
        let bobsTrainee = try server.psql(adminURL, "SELECT trainee_id FROM sessions WHERE id = \(bobsSession)").trimmingCharacters(in: .whitespacesAndNewlines)
        let asBob = try TestPostgres.psqlOutput(login(alice), """
            INSERT INTO sessions (uuid, trainee_id, scenario_id, scenario_hash, scenario_title, scenario_language, pass_mark,
                rulebook_version, mode, seed, started_at, status)
            VALUES ('forged', \(bobsTrainee), 'x', 'x', 'x', 'zh-Hans', 70, 1, 'practice', 1, now(), 'running')
            """)
        #expect(asBob.stderr.contains("row-level security"))
        let queue = try TestPostgres.psqlOutput(login(alice), "SELECT count(*) FROM xapi_queue")
        #expect(queue.stderr.contains("permission denied"))

        // The administrator sees both sessions untouched.
        let bobs = try admin.session(id: bobsSession)
        let alices = try admin.session(id: alicesSession)
        #expect(bobs == bobsBefore)
        #expect(alices == alicesBefore)
        #expect(bobs.turns.count == 3 && alices.status == .finished)

        // Carol, a manager, reads everyone's and re-scores.
        let asCarol = try Store.open(location: login(carol), purpose: .updating, environment: TestPostgres.environment)
        #expect(Set(try asCarol.sessions(matching: ReportFilter()).map(\.trainee)) == [alice, bob])
        let card = try #require(alices.scorecard)
        try asCarol.saveRescore(sessionID: alicesSession, rulebookVersion: 99, scorecard: card, turnVerdicts: alices.turns.map(\.verdicts),
                                ruleResults: alices.ruleResults)
        #expect(try admin.session(id: alicesSession).rulebookVersion == 99)
        try asCarol.enqueueStatements([(id: "s-1", sessionID: alicesSession, json: "{}")])
        #expect(try asCarol.queuedStatements().map(\.id) == ["s-1"])
    }

    @Test func theCommandLineShowsEachLoginWhatItMaySee() throws {
        try setUp()
        try playVisit(as: alice)
        try playVisit(as: bob)
        let runner = CommandRunner()
        let mine = try runner.run(["report", "--db", login(alice), "--by", "trainee", "--format", "csv"])
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(mine.stdout.contains(alice) && !mine.stdout.contains(bob))
        let everyone = try runner.run(["report", "--db", login(carol), "--by", "trainee", "--format", "csv"])
        #expect(everyone.stdout.contains(alice) && everyone.stdout.contains(bob))
        let last = try runner.run(["show", "--last", "--db", login(alice)])
        #expect(last.status == 0 && last.stdout.contains(alice))
        let others = try runner.run(["show", "--last", "--trainee", bob, "--db", login(alice)])
        #expect(others.status != 0)
        #expect(others.stderr.contains("no session of trainee '\(bob)'"))
    }

    @Test func playRecordsAsTheLoginAndRefusesAnotherNameOrALoginWithoutRights() throws {
        try setUp()
        let demo = PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml").path
        let runner = CommandRunner()
        let played = try runner.run(["play", demo, "--db", login(alice), "--seed", "2"], input: Data("您好，我是晨讯电子的小李。\n/quit\n".utf8))
        #expect(played.status == 0, "\(played.stderr)")
        let admin = try Store.open(location: adminURL, purpose: .reading, environment: TestPostgres.environment)
        let record = try admin.lastSession()
        #expect(record.trainee == alice)
        #expect(record.turns.count == 1)
        #expect(record.status == .abandoned)

        let impostor = try runner.run(["play", demo, "--db", login(alice), "--trainee", bob], input: Data("/quit\n".utf8))
        #expect(impostor.status != 0)
        #expect(impostor.stderr.contains("recorded as your login '\(alice)'"))

        try server.psql(adminURL, "CREATE ROLE stranger_\(suffix) LOGIN PASSWORD 'pw-stranger_\(suffix)'")
        let stranger = try runner.run(["play", demo, "--db", login("stranger_\(suffix)")], input: Data("/quit\n".utf8))
        #expect(stranger.status != 0)
        #expect(stranger.stderr.contains("has no salessim rights here"))
        #expect(!stranger.stdout.contains("陈经理"), "the visit must not start")

        let revoked = try runner.run(["admin", "revoke", bob, "--db", adminURL])
        #expect(revoked.status == 0 && revoked.stdout.contains("no longer has the trainee rights"))
        let afterRevoke = try runner.run(["play", demo, "--db", login(bob)], input: Data("/quit\n".utf8))
        #expect(afterRevoke.status != 0)
    }

    @Test func aTraineeCannotSetTheSchemaUpAndIsToldWhoCan() throws {
        // A new database where the administrator granted the login but never ran `admin init`.
        try server.psql(adminURL, "CREATE ROLE early_\(suffix) LOGIN PASSWORD 'pw-early_\(suffix)'")
        let output = try CommandRunner().run(["report", "--db", login("early_\(suffix)")])
        #expect(output.status != 0)
        #expect(output.stderr.contains("salessim admin init"))
    }

    @Test func adminCommandsNeedAServerAndCheckTheirInput() throws {
        let runner = CommandRunner()
        let onFile = try runner.run(["admin", "init", "--db", "/tmp/x.sqlite"])
        #expect(onFile.status != 0)
        #expect(onFile.stderr.contains("works on a PostgreSQL server"))
        let badName = try runner.run(["admin", "grant-trainee", "pg_evil", "--db", adminURL])
        #expect(badName.status != 0)
        #expect(badName.stderr.contains("cannot be a login"))
        let noPassword = try runner.run(["admin", "grant-trainee", "someone", "--password-stdin", "--db", adminURL], input: Data())
        #expect(noPassword.status != 0)
        #expect(noPassword.stderr.contains("no password on standard input"))
        // Quotes in names and passwords are data, not SQL.
        let quoted = "o'brien \"x\"; DROP TABLE sessions; --_\(suffix)"
        let granted = try runner.run(["admin", "grant-trainee", quoted, "--password-stdin", "--db", adminURL], input: Data("it's \"fine\"\n".utf8))
        #expect(granted.status == 0, "\(granted.stderr)")
        let admin = try Store.open(location: adminURL, purpose: .reading, environment: TestPostgres.environment)
        #expect(try admin.tableNames().contains("sessions"))
        let members = try PostgresAdministration(store: admin).members()
        #expect(members.contains { $0.login == quoted && $0.roles == [.trainee] })
    }

    @Test func managersAssignAndChangeAssignmentsAndTraineesOnlyReadTheirOwn() throws {
        try setUp()
        let runner = CommandRunner(environment: ["SALESSIM_SCENARIOS": PackagePaths.scenarios.path])
        let forAlice = try runner.run(["assign", alice, "first-visit-impatient", "--due", "2999-01-31", "--db", login(carol)])
        #expect(forAlice.status == 0, "\(forAlice.stderr)")
        let forBob = try runner.run(["assign", bob, "first-visit-hesitant", "--exam", "--db", login(carol)])
        #expect(forBob.status == 0, "\(forBob.stderr)")

        // Each trainee lists only their own; the manager lists everyone's.
        let mine = try runner.run(["assignments", "--format", "csv", "--db", login(alice)])
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(mine.stdout.contains("first-visit-impatient") && !mine.stdout.contains(bob))
        let everyone = try runner.run(["assignments", "--format", "csv", "--db", login(carol)])
        #expect(everyone.stdout.contains(alice) && everyone.stdout.contains(bob))

        // A trainee neither assigns nor removes, through the binary or SQL.
        let selfAssigned = try runner.run(["assign", alice, "first-visit-hesitant", "--db", login(alice)])
        #expect(selfAssigned.status == 2)
        #expect(selfAssigned.stderr.contains("permission denied"), "\(selfAssigned.stderr)")
        let removeBobs = try runner.run(["unassign", "2", "--db", login(alice)])
        #expect(removeBobs.status == 2 && removeBobs.stderr.contains("no assignment 2"))
        let removeOwn = try runner.run(["unassign", "1", "--db", login(alice)])
        #expect(removeOwn.status == 2 && removeOwn.stderr.contains("permission denied"), "\(removeOwn.stderr)")
        func count(_ url: String) throws -> String {
            try server.psql(url, "SELECT count(*) FROM assignments").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try count(login(alice)) == "1")
        #expect(try count(login(bob)) == "1")
        #expect(try count(login(carol)) == "2")
        let moved = try TestPostgres.psqlOutput(login(alice), "UPDATE assignments SET due_on = '3000-01-01'")
        #expect(moved.stderr.contains("permission denied"))
        let forged = try TestPostgres.psqlOutput(login(alice), "INSERT INTO assignments (trainee, scenario_id, assigned_at) VALUES ('\(bob)', 'x', now())")
        #expect(forged.stderr.contains("permission denied"))

        // A manager changes one.
        try server.psql(login(carol), "UPDATE assignments SET due_on = '2999-02-28' WHERE trainee = '\(alice)'")
        let changed = try runner.run(["assignments", "--db", login(alice)])
        #expect(changed.stdout.contains("2999-02-28"))
        let reassigned = try runner.run(["assign", alice, "first-visit-impatient", "--due", "2999-03-31", "--db", login(carol)])
        #expect(reassigned.status == 0 && reassigned.stdout.contains("changed #1"), "\(reassigned.stderr)")
        let changeOwn = try runner.run(["assign", alice, "first-visit-impatient", "--due", "3000-01-01", "--db", login(alice)])
        #expect(changeOwn.status == 2 && changeOwn.stderr.contains("permission denied"), "\(changeOwn.stderr)")
        #expect(try runner.run(["assignments", "--db", login(alice)]).stdout.contains("2999-03-31"))

        // Alice's passed visit completes hers, as she and the manager see it.
        let loaded = try #require(ScenarioLoader.load(path: PackagePaths.scenarios.appendingPathComponent("zh-Hans/first-visit-impatient.yaml").path).value)
        let replies = try #require(loaded.tests.first { $0.expect.pass == true }).replies.map(\.value)
        let file = try PackagePaths.temporaryDirectory().appendingPathComponent("replies.txt")
        try (replies.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let played = try runner.run(["play", "first-visit-impatient", "--input", file.path, "--db", login(alice)])
        #expect(played.status == 0, "\(played.stderr)")
        let report = try runner.run(["report", "--by", "assignment", "--format", "csv", "--db", login(carol)])
        #expect(report.stdout.contains("\(alice),1,1,0,0,\r\n"), "\(report.stdout)")
        #expect(report.stdout.contains("\(bob),1,0,1,0,\r\n"))
        let removed = try runner.run(["unassign", bob, "first-visit-hesitant", "--db", login(carol)])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try count(login(bob)) == "0")
    }
}
