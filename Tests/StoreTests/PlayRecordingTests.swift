import Foundation
import PostgresBackend
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `salessim play` recording into a store, as the real binary.
@Suite(.serialized) struct PlayRecordingTests {
    let demo = PackagePaths.scenarios.appendingPathComponent("zh-Hans/demo-first-visit.yaml").path

    /// Where each trainee records: the same SQLite file with `--trainee NAME`, or on a server their
    /// own login (named after them, made unique), granted the trainee's rights.
    struct Team {
        /// The store as the administrator sees it.
        var location: String
        /// Per trainee: the name the records carry and the `play` arguments that record as them.
        var members: [(name: String, arguments: [String])]

        init(_ backend: TestBackend, trainees: [String]) throws {
            let location = try backend.newLocation()
            self.location = location
            switch backend {
            case .sqlite:
                let path = location
                members = trainees.map { ($0, ["--db", path, "--trainee", $0]) }
            case .postgres:
                let admin = try Store.open(location: location, purpose: .updating, environment: TestPostgres.environment)
                let suffix = String(UUID().uuidString.prefix(6)).lowercased()
                let administration = try PostgresAdministration(store: admin)
                members = try trainees.map { trainee in
                    let login = "\(trainee)_\(suffix)"
                    try administration.grant(.trainee, to: login, password: "pw")
                    return (login, ["--db", TestPostgres.url(location, user: login, password: "pw")])
                }
            }
        }

        func open() throws -> Store {
            try Store.open(location: location, purpose: .reading, environment: TestPostgres.environment)
        }
    }

    @Test(arguments: TestBackend.allCases) func killNineMidVisitKeepsTheTurnsAndTheSessionShowsAsInterrupted(backend: TestBackend) throws {
        let team = try Team(backend, trainees: ["陈小红"])
        let path = team.location
        let run = try BinaryRun(["play", demo, "--seed", "3"] + team.members[0].arguments)
        try run.send("您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。")
        try run.send("陈经理，这几瓶酱油的日期有点糊，夜班是不是容易堵喷头？")
        let twoTurns = waitUntil {
            guard let store = try? team.open() else { return false }
            return (try? store.lastSession().turns.count) == 2
        }
        #expect(twoTurns)
        run.kill9()
        #expect(run.process.terminationReason == .uncaughtSignal)

        let store = try team.open()
        let record = try store.lastSession()
        #expect(record.turns.map(\.node) == ["reception", "office"])
        #expect(record.turns[1].reply == "陈经理，这几瓶酱油的日期有点糊，夜班是不是容易堵喷头？")
        #expect(record.status == .interrupted)
        #expect(record.trainee == team.members[0].name)

        let shown = try CommandRunner().run(["show", "--last", "--db", path, "--format", "json"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("\"status\" : \"interrupted\""))
        let text = try CommandRunner().run(["show", "--last", "--db", path])
        #expect(text.stdout.contains("status: interrupted"))
    }

    @Test(arguments: TestBackend.allCases) func severalProcessesWritingOneStoreAtOnceLoseNothing(backend: TestBackend) throws {
        let folder = try PackagePaths.temporaryDirectory()
        let count = 4
        let team = try Team(backend, trainees: (0..<count).map { "trainee-\($0)" })
        let replies = folder.appendingPathComponent("replies.txt")
        try """
            您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理，我们约过的。
            陈经理，我看桌上这几瓶酱油的生产日期有点糊，夜班是不是容易堵喷头？
            我们的机器墨水和溶剂能省三成左右，字打得清楚。我们是广州本地厂家，工程师当天就能到现场。
            是的，是的，进口机确实稳定。可是墨水贵，堵了还要等外地工程师。我们的机器有自动清洗，夜班也不容易堵。

            """.write(to: replies, atomically: true, encoding: .utf8)
        let outputs = Outputs()
        // NB: plain threads, so that the runs really overlap whatever the test runner's pools do.
        let threads = (0..<count).map { index in
            Thread {
                let output = try? CommandRunner().run(["play", demo, "--input", replies.path, "--seed", String(index + 1), "--json"]
                                                      + team.members[index].arguments, timeout: 120)
                outputs.add(output)
            }
        }
        threads.forEach { $0.start() }
        #expect(waitUntil(timeout: 150) { outputs.all.count == count })
        let runs = outputs.all
        #expect(runs.count == count)
        #expect(runs.allSatisfy { $0.status == 0 })
        let expectedTurns = try runs.reduce(0) { total, run in
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return total + ((document?["turns"] as? [Any])?.count ?? 0)
        }
        let store = try team.open()
        #expect(try store.counts().sessions == count)
        #expect(try store.counts().turns == expectedTurns)
        #expect(expectedTurns == count * 4)
        let trainees = Set(try store.sessions(matching: ReportFilter(stretches: .included, scripted: true)).map(\.trainee))
        #expect(trainees == Set(team.members.map(\.name)))
    }

    @Test func playCreatesTheStoreInTheDataDirectoryOnFirstUse() throws {
        let data = try PackagePaths.temporaryDirectory()
        let output = try CommandRunner(environment: ["XDG_DATA_HOME": data.path, "SALESSIM_DB": ""])
            .run(["play", demo, "--trainee", "王小明"], input: Data("/quit\n".utf8))
        #expect(output.status == 0)
        let path = data.appendingPathComponent("salessim/salessim.sqlite").path
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try Store.open(at: path, purpose: .reading).lastSession().status == .abandoned)

        let elsewhere = data.appendingPathComponent("env.sqlite").path
        let viaEnvironment = try CommandRunner(environment: ["SALESSIM_DB": elsewhere]).run(["play", demo], input: Data("/quit\n".utf8))
        #expect(viaEnvironment.status == 0)
        #expect(FileManager.default.fileExists(atPath: elsewhere))
    }
}

/// Collects results from concurrent runs.
final class Outputs: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [CommandRunner.Output] = []

    func add(_ output: CommandRunner.Output?) {
        lock.lock()
        defer { lock.unlock() }
        if let output { runs.append(output) }
    }

    var all: [CommandRunner.Output] {
        lock.lock()
        defer { lock.unlock() }
        return runs
    }
}
