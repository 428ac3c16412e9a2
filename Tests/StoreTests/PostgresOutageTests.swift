import Foundation
import GRDB
import PostgresBackend
import ScenarioKit
import Scoring
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// The server going away: told at once before a visit, kept locally during one, delivered once
/// when it is back. Each test runs its own server, which it stops and starts.
@Suite(.serialized) struct PostgresOutageTests {
    let demo = PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml").path
    let replies = [
        "您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理，我们约过的。",
        "陈经理，我看桌上这几瓶酱油的生产日期有点糊，夜班是不是容易堵喷头？",
        "我们的机器墨水和溶剂能省三成左右，字打得清楚。我们是广州本地厂家，工程师当天就能到现场。",
        "是的，是的，进口机确实稳定。可是墨水贵，堵了还要等外地工程师。我们的机器有自动清洗，夜班也不容易堵。",
    ]

    /// A private server with one database; stopped and removed by `finish`.
    struct PrivateServer {
        let folder: String
        let url: String

        init() throws {
            folder = "/tmp/salessim-outage-\(UUID().uuidString.prefix(8))"
            let admin = try PostgresServer.start(folder: folder, port: nil)
            try TestPostgres.shared().psql(admin, "CREATE DATABASE visits")
            url = TestPostgres.url(admin, database: "visits")
        }

        func stop() throws { try PostgresServer.stop(folder: folder) }
        func start() throws { _ = try PostgresServer.start(folder: folder, port: nil) }

        func finish() {
            try? stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    func turnsOnServer(_ url: String) -> [String]? {
        guard let store = try? Store.open(location: url, purpose: .reading, environment: TestPostgres.environment),
              let last = try? store.lastSession() else { return nil }
        return last.turns.map(\.reply)
    }

    func keptSteps(_ outbox: String) -> Int {
        guard FileManager.default.fileExists(atPath: outbox),
              let queue = try? DatabaseQueue(path: outbox) else { return 0 }
        return (try? queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM steps WHERE refused IS NULL") }) ?? 0 ?? 0
    }

    @Test func turnsTypedWhileTheServerIsDownAreKeptAndDeliveredOnceWhenItIsBack() throws {
        let server = try PrivateServer()
        defer { server.finish() }
        let scratch = try PackagePaths.temporaryDirectory()
        let outbox = scratch.appendingPathComponent("outbox.sqlite").path
        let run = try BinaryRun(["play", demo, "--db", server.url, "--seed", "3"],
                                environment: ["SALESSIM_OUTBOX": outbox, "XDG_DATA_HOME": scratch.path, "XDG_STATE_HOME": scratch.path])
        try run.send(replies[0])
        try run.send(replies[1])
        #expect(waitUntil { turnsOnServer(server.url)?.count == 2 })

        try server.stop()
        try run.send(replies[2])
        #expect(waitUntil { keptSteps(outbox) == 1 }, "the turn typed during the outage is kept on this machine")
        // The outbox holds a trainee's words: private, and its schema under migrations.
        #expect((try FileManager.default.attributesOfItem(atPath: outbox)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try DatabaseQueue(path: outbox).read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") } == ["v1-steps"])

        try server.start()
        try run.send(replies[3])
        #expect(waitUntil { turnsOnServer(server.url)?.count == 4 })
        #expect(keptSteps(outbox) == 0)
        try run.send("/quit")
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
        let output = String(decoding: run.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("连不上成绩服务器"))
        #expect(output.contains("条记录已送达"))

        let store = try Store.open(location: server.url, purpose: .reading, environment: TestPostgres.environment)
        let record = try store.lastSession()
        #expect(record.turns.map(\.reply) == replies)
        #expect(record.turns.map(\.index) == [0, 1, 2, 3])
        #expect(record.status == .abandoned)
        #expect(try store.counts().sessions == 1)
        #expect(try store.counts().turns == 4)
    }

    @Test func aVisitThatEndsDuringTheOutageIsDeliveredByTheNextCommand() throws {
        let server = try PrivateServer()
        defer { server.finish() }
        let scratch = try PackagePaths.temporaryDirectory()
        let outbox = scratch.appendingPathComponent("outbox.sqlite").path
        let environment = ["SALESSIM_OUTBOX": outbox, "XDG_DATA_HOME": scratch.path, "XDG_STATE_HOME": scratch.path]
        let run = try BinaryRun(["play", demo, "--db", server.url, "--seed", "3", "--lang", "en"], environment: environment)
        try run.send(replies[0])
        #expect(waitUntil { turnsOnServer(server.url)?.count == 1 })
        try server.stop()
        try run.send(replies[1])
        try run.send("/quit")
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
        let output = String(decoding: run.stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("Cannot reach the results server"))
        #expect(keptSteps(outbox) == 2, "the second turn and the end")

        try server.start()
        let report = try CommandRunner(environment: environment).run(["report", "--db", server.url, "--by", "trainee", "--format", "csv"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(keptSteps(outbox) == 0)
        let record = try Store.open(location: server.url, purpose: .reading, environment: TestPostgres.environment).lastSession()
        #expect(record.turns.map(\.reply) == Array(replies.prefix(2)))
        #expect(record.status == .abandoned)
    }

    @Test func anUnreachableServerIsReportedBeforeTheVisitStarts() throws {
        let port = try CommandRunner(executable: PackagePaths.root.appendingPathComponent("scripts/postgres-server")).run(["free-port"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let output = try CommandRunner().run(["play", demo, "--db", "postgres://alice@127.0.0.1:\(port)/salessim"], input: Data("你好\n".utf8))
        #expect(output.status != 0)
        #expect(output.stderr.contains("cannot reach the results server postgres://alice@127.0.0.1:\(port)/salessim"))
        #expect(output.stderr.lowercased().contains("connection refused"))
        #expect(!output.stdout.contains("陈经理"), "the visit must not start")
    }

    @Test(arguments: TestBackend.allCases) func aStepDeliveredAgainChangesNothing(backend: TestBackend) throws {
        let (store, _) = try backend.newStore()
        let start = SessionStart(uuid: "0f0f0f0f-0000-4000-8000-000000000001", trainee: "salessim_admin", scenarioID: "demo", scenarioHash: "h",
                                 scenarioTitle: "示范", scenarioLanguage: "zh-Hans", scenarioPath: nil, passMark: 70, rulebookVersion: 1,
                                 exam: false, seed: 9, startedAt: Date(timeIntervalSince1970: 1_741_000_000), processID: 1, hostName: "here")
        let card = Scorecard(turns: [[RuleVerdict]](), rulebook: try Fixtures.rulebook(), passMark: 70, outcome: .won, language: .zhHans)
        let score = ScoreState(guided: false, hintsUsed: 0, scorecard: card, ruleResults: [
            RuleResultRecord(turnIndex: 0, rule: "opening.style", verdict: .met, earned: 5, possible: 5)])
        let turn = TurnRecord(index: 0, turn: Turn(node: "arrive", phase: .opening, customerLine: "说吧。", reply: "您好", recognisedIndex: nil, recognisedOption: nil,
                                                    pickedOption: nil, verdicts: [], secondsTaken: nil, understoodBy: .none), recordedAt: start.startedAt)
        let steps: [RecordingStep] = [
            .began(start),
            .turn(TurnStep(sessionUUID: start.uuid, turn: turn, score: score)),
            .ended(SessionEnd(sessionUUID: start.uuid, status: .finished, endedAt: start.startedAt.addingTimeInterval(60), endingID: "signed",
                              outcome: .won, score: score)),
        ]
        for step in steps + steps { try store.record(step) }
        let counts = try store.counts()
        #expect((counts.sessions, counts.turns, counts.ruleResults) == (1, 1, 1))
        let record = try store.lastSession()
        #expect(record.status == .finished)
        #expect(record.endedAt == start.startedAt.addingTimeInterval(60))
        // A turn delivered after the end (a late duplicate) is ignored, not an error.
        try store.record(steps[1])
        #expect(try store.counts().turns == 1)
        // A turn of a session that was never begun is an error that names the store.
        let orphan = TurnStep(sessionUUID: "0f0f0f0f-0000-4000-8000-00000000dead", turn: turn, score: score)
        let error = #expect(throws: StoreError.self) { try store.record(.turn(orphan)) }
        #expect(error?.kind == .notFound)
        #expect(error?.description.contains("no session 0f0f0f0f-0000-4000-8000-00000000dead in the store at \(store.path)") == true,
                "\(String(describing: error))")
    }
}
