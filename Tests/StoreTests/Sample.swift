import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

/// Hand-made session records for tests.
enum Sample {
    static let start = Date(timeIntervalSince1970: 1_741_000_000)

    static func session(trainee: String, scenario: String = "demo", percent: Int, exam: Bool = false,
                        status: SessionStatus = .finished, day: Int = 0) -> SessionRecord {
        let started = start.addingTimeInterval(Double(day) * 86_400)
        return SessionRecord(
            uuid: UUID().uuidString.lowercased(), trainee: trainee, scenarioID: scenario, scenarioHash: "hash",
            scenarioTitle: "示范", scenarioLanguage: "zh-Hans", passMark: 70, rulebookVersion: 1, exam: exam, seed: 1,
            startedAt: started, endedAt: started.addingTimeInterval(300), status: status,
            endingID: status == .finished ? "signed" : nil, outcome: status == .finished ? .won : nil,
            earned: percent, possible: 100, percent: percent, passed: status == .finished && percent >= 70,
            turns: [TurnRecord(index: 0, turn: Turn(node: "arrive", phase: .opening, customerLine: "说吧。", reply: "您好", recognisedIndex: nil,
                                                     recognisedOption: nil, pickedOption: nil, verdicts: [], secondsTaken: nil, understoodBy: .none),
                               recordedAt: started)],
            ruleResults: [RuleResultRecord(turnIndex: 0, rule: "opening.style", verdict: percent >= 70 ? .met : .missed,
                                           earned: percent, possible: 100, evidence: "您好", manual: "I.3")])
    }
}
