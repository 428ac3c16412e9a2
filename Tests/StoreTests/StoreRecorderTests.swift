import Foundation
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// Recording a visit turn by turn.
@Suite struct StoreRecorderTests {
    let clock = TestClock()

    func openStore(_ backend: TestBackend, liveness: ProcessLiveness = ProcessLiveness()) throws -> (Store, String) {
        try backend.newStore(now: clock.now, liveness: liveness)
    }

    @Test(arguments: TestBackend.allCases) func commitsEachTurnBeforeTheNextAndTheScoreAtTheEnd(backend: TestBackend) throws {
        let (store, path) = try openStore(backend)
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: "王小明", exam: true)
        let reader = try Store.open(location: path, purpose: .reading, environment: TestPostgres.environment)
        for (index, reply) in ["墙上这么多质量奖状!", "是的是的,可是我们更省墨", "今天就签吧"].enumerated() {
            clock.advance(10)
            session.reply(reply, secondsTaken: 4.5)
            try recorder.recorded(try #require(session.turns.last), of: session, guided: false)
            // Another connection sees the turn at once: it is committed.
            let stored = try reader.session(id: try #require(recorder.sessionID))
            #expect(stored.turns.count == index + 1)
            #expect(stored.status == .running)
        }
        try recorder.ended(session, status: .finished, guided: false)
        let record = try reader.lastSession()
        let card = session.scorecard
        #expect(record.status == .finished)
        #expect(record.trainee == "王小明")
        #expect(record.exam)
        #expect(record.endingID == "signed")
        #expect(record.outcome == .won)
        #expect((record.earned, record.possible, record.percent, record.passed) == (card.earned, card.possible, card.percent, card.passed))
        #expect(record.scorecard == card)
        #expect(record.turns.map(\.reply) == ["墙上这么多质量奖状!", "是的是的,可是我们更省墨", "今天就签吧"])
        #expect(record.turns[1].verdicts == session.turns[1].verdicts)
        // The store keeps the whole turn as the engine made it, how it was understood included.
        #expect(record.turns.map(\.turn) == session.turns)
        #expect(record.turns[0].secondsTaken == 4.5)
        #expect(record.ruleResults.reduce(0) { $0 + $1.earned } == card.earned)
        #expect(record.ruleResults.reduce(0) { $0 + $1.possible } == card.possible)
        #expect(record.ruleResults.contains { $0.turnIndex == nil && $0.rule == "sign.leave-promptly" })
        #expect(record.startedAt == Date(timeIntervalSince1970: 1_741_000_000))
        #expect(record.endedAt == Date(timeIntervalSince1970: 1_741_000_030))
        #expect(record.scenarioHash == session.scenario.contentHash)
        #expect(record.rulebookVersion == 7)
    }

    @Test(arguments: TestBackend.allCases) func eachTurnWritesOnlyTheResultsItChangedAndTheStoreHoldsThemAll(backend: TestBackend) throws {
        let (store, path) = try openStore(backend)
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: "王小明", exam: false)
        let reader = try Store.open(location: path, purpose: .reading, environment: TestPostgres.environment)
        var previous: [RuleResultRecord] = []
        for reply in ["墙上这么多质量奖状!", "是的是的,可是我们更省墨", "是的,可是我们的墨水更省", "今天就签吧"] where !session.isFinished {
            session.reply(reply, secondsTaken: 3)
            try recorder.recorded(try #require(session.turns.last), of: session, guided: false)
            let full = RuleResultRecord.results(of: session.scoredTurns, rulebook: session.scorer.rulebook)
            // The store holds every result, in order, as if all had been rewritten.
            #expect(try reader.session(id: try #require(recorder.sessionID)).ruleResults == full)
            // The step carried only what changed: from the first turn whose results differ.
            if let (tail, changed) = ScoreState.changes(from: previous, to: full) {
                #expect(changed.count <= full.count)
                #expect(changed.allSatisfy { ($0.turnIndex ?? Int.max) >= (tail.turn ?? Int.max) })
            }
            previous = full
        }
        try recorder.ended(session, status: session.isFinished ? .finished : .abandoned, guided: false)
        let final = RuleResultRecord.results(of: session.scoredTurns, rulebook: session.scorer.rulebook)
        #expect(try reader.lastSession().ruleResults == final)
    }

    /// A session's id is a version 4 UUID, new each time (see StoreRecorder.randomUUID).
    @Test func sessionIDsAreRandomVersionFourUUIDs() {
        let ids = (0..<2000).map { _ in StoreRecorder.randomUUID() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.uuidString
            #expect(text.count == 36 && Array(text)[14] == "4", "\(text)")
            #expect(["8", "9", "A", "B"].contains(Array(text)[19]), "\(text)")
        }
        // Every other bit takes both values.
        for byte in [0, 5, 7, 9, 15] {
            for bit in 0..<8 where !(byte == 6 && bit >= 4) && !(byte == 8 && bit >= 6) {
                let values = Set(ids.map { withUnsafeBytes(of: $0.uuid) { Int($0[byte] >> bit & 1) } })
                #expect(values == [0, 1], "byte \(byte) bit \(bit)")
            }
        }
    }

    @Test func theChangesOfRuleResultsAreTheirTail() {
        func result(_ turn: Int?, _ rule: String, _ earned: Int = 1) -> RuleResultRecord {
            RuleResultRecord(turnIndex: turn, rule: rule, verdict: .met, earned: earned, possible: 1)
        }
        let before = [result(0, "a"), result(1, "b"), result(1, "c")]
        // A new turn: only its results.
        let added = ScoreState.changes(from: before, to: before + [result(2, "d")])
        #expect(added?.0.turn == 2 && added?.1 == [result(2, "d")])
        // A phase re-judged from turn 1 on: turn 1's results and later.
        let rejudged = ScoreState.changes(from: before, to: [result(0, "a"), result(1, "b", 0), result(1, "c"), result(2, "d")])
        #expect(rejudged?.0.turn == 1 && rejudged?.1.count == 3)
        // The ending's judgments alone.
        let ending = ScoreState.changes(from: before, to: before + [result(nil, "e")])
        #expect(ending?.0.turn == nil && ending?.1 == [result(nil, "e")])
        #expect(ScoreState.changes(from: before, to: before) == nil)
    }

    @Test(arguments: TestBackend.allCases) func aRunningSessionWhoseProcessIsGoneShowsAsInterrupted(backend: TestBackend) throws {
        let dead = ProcessLiveness(processID: 999_999, hostName: "here", isAlive: { _ in false })
        let (store, path) = try openStore(backend, liveness: dead)
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: "李丽", exam: false)
        session.reply("墙上这么多质量奖状!")
        try recorder.recorded(try #require(session.turns.last), of: session, guided: false)
        let seenByAnother = try Store.open(location: path, purpose: .reading, environment: TestPostgres.environment, liveness: ProcessLiveness(processID: 1, hostName: "here", isAlive: { _ in false }))
        #expect(try seenByAnother.lastSession().status == .interrupted)
        // Read at the time of the visit: within the cut-off, a live writer means running.
        let seenWhileAlive = try Store.open(location: path, purpose: .reading, environment: TestPostgres.environment, now: clock.now,
                                            liveness: ProcessLiveness(processID: 1, hostName: "here", isAlive: { _ in true }))
        #expect(try seenWhileAlive.lastSession().status == .running)
        // Read a day later: no turn for longer than the cut-off, so it was cut off, whatever the pid says.
        let seenLater = try Store.open(location: path, purpose: .reading, environment: TestPostgres.environment,
                                       now: { Date(timeIntervalSince1970: 1_741_000_000 + 86_400) },
                                       liveness: ProcessLiveness(processID: 1, hostName: "here", isAlive: { _ in true }))
        #expect(try seenLater.lastSession().status == .interrupted)
        #expect(try seenByAnother.lastSession().turns.count == 1)
    }

    @Test(arguments: TestBackend.allCases) func aRestartStartsANewSessionAndKeepsTheAbandonedOne(backend: TestBackend) throws {
        let (store, _) = try openStore(backend)
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: "张伟", exam: false)
        session.reply("嗯")
        try recorder.recorded(try #require(session.turns.last), of: session, guided: true)
        try recorder.ended(session, status: .abandoned, guided: true)
        var again = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        again.start()
        try recorder.began(again, trainee: "张伟", exam: false)
        let all = try store.sessions(matching: ReportFilter())
        #expect(all.count == 2)
        #expect(all[0].status == .abandoned)
        #expect(all[0].guided)
        #expect(all[1].status == .running)
        #expect(try store.sessionID(for: String(all[0].uuid.prefix(8))) == all[0].id)
    }
}
