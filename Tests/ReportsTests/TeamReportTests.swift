import Foundation
import Reports
import Store
import StoreTestSupport
import Testing

/// Report numbers against the ones worked out by hand for ``HandMadeStore``.
@Suite struct TeamReportTests {
    let all = Set(ReportKind.allCases)

    @Test(arguments: TestBackend.allCases) func byTraineeCountsEverySessionAndScoresFinishedOnes(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let report = try TeamReport.build(from: store, filter: ReportFilter(), kinds: all)
        let rows = try #require(report.trainees)
        #expect(rows.map(\.trainee) == ["Alice", "李丽", "王小明"])
        let wang = try #require(rows.first { $0.trainee == "王小明" })
        // Practice only (the default): the exam is reported apart, never averaged in.
        #expect((wang.sessions, wang.finished, wang.best, wang.passes, wang.replies) == (3, 2, 80, 1, 3))
        #expect(abs((wang.average ?? 0) - 70) < 1e-9)
        #expect(wang.secondsPerReply == 4)
        let alice = try #require(rows.first { $0.trainee == "Alice" })
        #expect((alice.sessions, alice.finished, alice.best, alice.passes) == (1, 1, 50, 0))
        #expect(abs((alice.average ?? 0) - 50) < 1e-9)
        let li = try #require(rows.first { $0.trainee == "李丽" })
        #expect((li.sessions, li.finished, li.average, li.best, li.passes) == (1, 0, nil, nil, 0))
        let exams = try #require(try TeamReport.build(from: store, filter: ReportFilter(mode: .exam), kinds: [.trainee]).trainees)
        #expect(exams.map { "\($0.trainee) \($0.sessions) \($0.finished) \($0.best ?? 0) \($0.passes) \(Int($0.average ?? 0))" } == ["Alice 2 2 75 1 70", "王小明 1 1 90 1 90"])
    }

    @Test(arguments: TestBackend.allCases) func byScenarioCountsTraineesPassesAndWins(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let rows = try #require(try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.scenario]).scenarios)
        #expect(rows.map(\.scenario) == ["demo", "phone"])
        #expect((rows[0].sessions, rows[0].trainees, rows[0].finished, rows[0].passes, rows[0].won) == (4, 3, 3, 1, 3))
        #expect(abs((rows[0].average ?? 0) - 190.0 / 3) < 1e-9)
        #expect((rows[1].sessions, rows[1].trainees, rows[1].finished, rows[1].average, rows[1].passes, rows[1].won) == (1, 1, 0, nil, 0, 0))
    }

    @Test(arguments: TestBackend.allCases) func byRuleListsTheTeamsWeakestRulesFirst(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let rows = try #require(try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.rule],
                                                     ruleTitles: ["objection.yes-but": "是的、是的、可是"]).rules)
        #expect(rows.map(\.rule) == ["objection.yes-but", "opening.style"])
        let yesBut = rows[0]
        #expect((yesBut.earned, yesBut.possible, yesBut.met, yesBut.missed, yesBut.violated) == (0, 10, 0, 0, 1))
        #expect(yesBut.percent == 0)
        #expect(yesBut.title == "是的、是的、可是")
        let opening = rows[1]
        #expect((opening.earned, opening.possible, opening.met, opening.missed, opening.violated, opening.sessions) == (190, 300, 1, 2, 0, 3))
        #expect(abs((opening.percent ?? 0) - 190.0 / 3) < 1e-9)
        #expect(opening.title == "opening.style")
    }

    @Test(arguments: TestBackend.allCases) func progressGivesEachTraineesAveragePerDay(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let rows = try #require(try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.progress]).progress)
        #expect(rows.map { "\($0.trainee) \($0.day) \($0.sessions) \(Int($0.average))" } == [
            "Alice 2025-03-03 1 50", "王小明 2025-03-03 1 60", "王小明 2025-03-04 1 80",
        ])
    }

    @Test(arguments: TestBackend.allCases) func examsShowWhoPassedWhichScenario(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let rows = try #require(try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.exam]).exams)
        #expect(rows.map { "\($0.trainee) \($0.scenario) \($0.attempts) \($0.best) \($0.passed)" } == ["Alice phone 2 75 true", "王小明 demo 1 90 true"])
        #expect(rows[0].firstPassed == HandMadeStore.start.addingTimeInterval(86_400 + 300))
    }

    @Test(arguments: TestBackend.allCases) func filtersByTraineeScenarioAndDates(backend: TestBackend) throws {
        let (store, _) = try HandMadeStore.make(backend: backend)
        let alice = try #require(try TeamReport.build(from: store, filter: ReportFilter(trainee: "Alice"), kinds: [.trainee, .rule]).trainees)
        #expect(alice.map(\.trainee) == ["Alice"])
        let phone = try #require(try TeamReport.build(from: store, filter: ReportFilter(scenario: "phone", mode: .exam), kinds: [.rule]).rules)
        #expect(phone.map { "\($0.rule) \($0.earned)/\($0.possible)" } == ["opening.style 140/200", "objection.yes-but 10/10"])
        let window = ReportFilter(since: HandMadeStore.start.addingTimeInterval(86_400), until: HandMadeStore.start.addingTimeInterval(2 * 86_400 + 1))
        let rows = try #require(try TeamReport.build(from: store, filter: window, kinds: [.trainee]).trainees)
        #expect(rows.map { "\($0.trainee) \($0.sessions) \($0.finished)" } == ["李丽 1 0", "王小明 2 1"])
    }

    @Test func theCommandLineParsesDaysAsLocalDatesAndUntilIncludesTheDay() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(ReportFormat.parseDate("2025-03-04", timeZone: utc) == Date(timeIntervalSince1970: 1_741_046_400))
        #expect(ReportFormat.parseDate("2025-03-04", endOfDay: true, timeZone: utc) == Date(timeIntervalSince1970: 1_741_132_800))
        #expect(ReportFormat.parseDate("2025-03-04T10:00:00Z") == Date(timeIntervalSince1970: 1_741_082_400))
        #expect(ReportFormat.parseDate("last tuesday") == nil)
    }
}
