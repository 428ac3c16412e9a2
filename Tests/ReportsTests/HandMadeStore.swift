import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store
import StoreTestSupport
import TestSupport

/// A small store whose report numbers are worked out by hand in the tests.
///
/// Days are counted from 2025-03-03 11:06:40 UTC (the same date in any time zone from UTC-11
/// to UTC+12).
///
/// | trainee | scenario | day | mode     | status      | % | rule results |
/// |---------|----------|-----|----------|-------------|----|--------------|
/// | 王小明  | demo     | 0   | practice | finished    | 60 | opening.style missed 60/100 |
/// | 王小明  | demo     | 1   | practice | finished    | 80 | opening.style met 80/100, objection.yes-but violated 0/10 |
/// | 王小明  | demo     | 2   | exam     | finished    | 90 | opening.style met 90/100 |
/// | 王小明  | phone    | 2   | practice | abandoned   | 30 | close.ask missed 0/5 (not counted) |
/// | Alice   | demo     | 0   | practice | finished    | 50 | opening.style missed 50/100 |
/// | Alice   | phone    | 1   | exam     | finished    | 75 | opening.style met 75/100, objection.yes-but met 10/10 |
/// | Alice   | phone    | 3   | exam     | finished    | 65 | opening.style missed 65/100 |
/// | 李丽    | demo     | 1   | practice | interrupted | 10 | opening.style missed 10/100 (not counted) |
enum HandMadeStore {
    static let start = Date(timeIntervalSince1970: 1_741_000_000)

    static func make(trainee hostile: String? = nil, backend: TestBackend = .sqlite) throws -> (Store, String) {
        let (store, path) = try backend.newStore()
        let yesBut = { (verdict: Verdict, earned: Int) in
            RuleResultRecord(turnIndex: 0, rule: "objection.yes-but", verdict: verdict, earned: earned, possible: 10, evidence: "是的,可是", manual: "I.5")
        }
        try store.importSessions([
            session("王小明", "demo", 60, day: 0),
            session("王小明", "demo", 80, day: 1, extra: [yesBut(.violated, 0)]),
            session("王小明", "demo", 90, exam: true, day: 2),
            session("王小明", "phone", 30, status: .abandoned, day: 2,
                    extra: [RuleResultRecord(turnIndex: 0, rule: "close.ask", verdict: .missed, earned: 0, possible: 5, manual: "I.6")]),
            session(hostile ?? "Alice", "demo", 50, day: 0),
            session(hostile ?? "Alice", "phone", 75, exam: true, day: 1, extra: [yesBut(.met, 10)]),
            session(hostile ?? "Alice", "phone", 65, exam: true, day: 3),
            session("李丽", "demo", 10, status: .interrupted, day: 1),
        ])
        return (store, path)
    }

    static func session(_ trainee: String, _ scenario: String, _ percent: Int, exam: Bool = false, status: SessionStatus = .finished,
                        day: Int, extra: [RuleResultRecord] = []) -> SessionRecord {
        let started = start.addingTimeInterval(Double(day) * 86_400)
        let finished = status == .finished
        return SessionRecord(
            uuid: UUID().uuidString.lowercased(), trainee: trainee, scenarioID: scenario, scenarioHash: "hash",
            scenarioTitle: scenario == "demo" ? "首次拜访" : "电话约访", scenarioLanguage: "zh-Hans", passMark: 70, rulebookVersion: 1,
            exam: exam, seed: 1, startedAt: started, endedAt: status == .interrupted ? nil : started.addingTimeInterval(300),
            status: status, endingID: finished ? "signed" : nil, outcome: finished ? .won : nil,
            earned: percent, possible: 100, percent: percent, passed: finished && percent >= 70,
            turns: [TurnRecord(index: 0, turn: Turn(node: "arrive", phase: .opening, customerLine: "说吧。", reply: "您好,我是小李",
                                                     recognisedIndex: 0, recognisedOption: nil, pickedOption: nil, verdicts: [], secondsTaken: 4),
                               recordedAt: started)],
            ruleResults: [RuleResultRecord(turnIndex: 0, rule: "opening.style", verdict: percent >= 70 ? .met : .missed,
                                           earned: percent, possible: 100, evidence: "您好", manual: "I.3")] + extra)
    }
}
