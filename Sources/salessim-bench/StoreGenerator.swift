import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

/// A deterministic stream of plausible sessions for the benchmark: trainees with Chinese and
/// Latin names, the manual's rules, six months of visits, a tenth of them exams.
///
/// Lazy: sessions are made as the store consumes them, so a million turns never sit in memory.
struct StoreGenerator: Sequence {
    let sessions: Int
    let turns: Int

    func makeIterator() -> Iterator { Iterator(sessions: sessions, turns: turns) }

    /// Makes one session per `next()`.
    struct Iterator: IteratorProtocol {
        let sessions: Int
        let turns: Int
        var made = 0
        var turnsMade = 0
        var random = SplitMix(seed: 20_250_301)
        let trainees: [String]
        let scenarios: [String]
        let rules = ManualRules.ids
        let phases: [Phase] = [.opening, .introduction, .objection, .closing, .signing]
        /// A pool of verdict lists reused across turns (as real turns repeat the same few rules).
        let verdictPool: [[RuleVerdict]]
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01

        init(sessions: Int, turns: Int) {
            self.sessions = sessions
            self.turns = turns
            let family = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
            let given = ["小明", "丽", "伟", "芳", "强", "静", "磊", "敏", "洋", "艳", "军", "杰", "娟", "涛", "超", "霞", "平", "刚", "桂英", "Alex"]
            trainees = family.flatMap { f in given.map { f + $0 } }
            scenarios = (1...16).map { "scenario-\($0)" }
            var random = SplitMix(seed: 7)
            verdictPool = (0..<400).map { _ in
                (0..<3).map { _ in
                    let rule = ManualRules.ids[random.next(below: ManualRules.ids.count)]
                    let roll = random.next(below: 10)
                    let verdict: Verdict = roll < 6 ? .met : (roll < 9 ? .missed : .violated)
                    return RuleVerdict(rule: rule, verdict: verdict, earned: verdict == .met ? 5 : 0, possible: 5,
                                       evidence: verdict == .missed ? "" : "是的，是的，可是", manual: "I.5", source: .detector, reason: "")
                }
            }
        }

        mutating func next() -> SessionRecord? {
            guard made < sessions else { return nil }
            let remainingSessions = sessions - made
            let count = (turns - turnsMade) / remainingSessions
            let startedAt = start.addingTimeInterval(Double(made) / Double(sessions) * 180 * 86_400 + Double(random.next(below: 3600)))
            var turnRecords: [TurnRecord] = []
            var results: [RuleResultRecord] = []
            var earned = 0, possible = 0
            turnRecords.reserveCapacity(count)
            for index in 0..<count {
                let verdicts = verdictPool[random.next(below: verdictPool.count)]
                let turn = Turn(node: "node-\(index)", phase: phases[index % phases.count], customerLine: "说说看，你们的机器好在哪？",
                                reply: "是的，是的，进口机确实稳定；可是墨水贵。", recognisedIndex: 0, recognisedOption: nil, pickedOption: nil,
                                verdicts: verdicts, secondsTaken: Double(5 + random.next(below: 40)))
                turnRecords.append(TurnRecord(index: index, turn: turn, recordedAt: startedAt.addingTimeInterval(Double(index) * 30)))
                for verdict in verdicts {
                    results.append(RuleResultRecord(turnIndex: index, rule: verdict.rule, verdict: verdict.verdict, earned: verdict.earned,
                                                    possible: verdict.possible, evidence: verdict.evidence, manual: verdict.manual))
                    earned += verdict.earned
                    possible += verdict.possible
                }
            }
            let roll = random.next(below: 10)
            let status: SessionStatus = roll < 8 ? .finished : (roll < 9 ? .abandoned : .interrupted)
            let percent = possible == 0 ? 0 : earned * 100 / possible
            let exam = random.next(below: 10) == 0
            made += 1
            turnsMade += count
            return SessionRecord(
                uuid: UUID().uuidString.lowercased(), trainee: trainees[random.next(below: trainees.count)],
                scenarioID: scenarios[random.next(below: scenarios.count)], scenarioHash: "0123456789abcdef",
                scenarioTitle: "首次拜访·犹豫的采购经理", scenarioLanguage: "zh-Hans", passMark: 60, rulebookVersion: 1, exam: exam,
                seed: UInt64(made), startedAt: startedAt, endedAt: status == .interrupted ? nil : startedAt.addingTimeInterval(Double(count) * 30),
                status: status, endingID: status == .finished ? "signed" : nil, outcome: status == .finished ? (percent >= 60 ? .won : .lost) : nil,
                earned: earned, possible: possible, percent: percent, passed: status == .finished && percent >= 60,
                turns: turnRecords, ruleResults: results)
        }
    }
}

/// SplitMix64: a small, fast, deterministic random source.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
