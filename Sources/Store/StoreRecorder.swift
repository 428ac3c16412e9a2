import Foundation
import Simulation

/// Records a visit into a ``Store`` as it is played: the session when it begins, each turn before
/// the next prompt (its own transaction), the end.
///
/// Give it to `PracticeSession` as its recorder. After a `/restart` the new run is a new session.
/// A process killed mid-visit leaves the session `running` with every turn before the reply
/// being typed; it then shows as interrupted. On a server that went away, the steps are kept on
/// this machine and delivered when it is back; ``notices()`` says so.
public final class StoreRecorder: SessionRecorder {
    public let store: Store
    /// The uuid of the session being recorded (nil before the first `began`).
    public private(set) var sessionUUID: String?
    private let makeUUID: () -> UUID

    public init(store: Store, makeUUID: @escaping () -> UUID = { UUID() }) {
        self.store = store
        self.makeUUID = makeUUID
    }

    /// The row id of the session being recorded, as the store numbers it.
    public var sessionID: Int64? {
        sessionUUID.flatMap { try? store.sessionID(for: $0) }
    }

    public func began(_ session: Session, trainee: String, exam: Bool) throws {
        let uuid = makeUUID().uuidString.lowercased()
        sessionUUID = uuid
        let scenario = session.scenario
        let writer = store.writer
        try store.record(.began(SessionStart(
            uuid: uuid, trainee: trainee, scenarioID: scenario.id, scenarioHash: scenario.contentHash, scenarioTitle: scenario.title,
            scenarioLanguage: scenario.language.rawValue, scenarioPath: scenario.path.isEmpty ? nil : scenario.path,
            passMark: scenario.pass, rulebookVersion: session.scorer.rulebook.version, exam: exam, seed: session.seed,
            startedAt: store.now(), processID: writer.processID, hostName: writer.hostName)))
    }

    public func recorded(_ turn: Turn, of session: Session, guided: Bool) throws {
        guard let sessionUUID else { return }
        let record = TurnRecord(index: session.turns.count - 1, node: turn.node, phase: turn.phase.rawValue,
                                customerLine: turn.customerLine, reply: turn.reply, recognisedReply: turn.recognisedIndex.map { $0 + 1 },
                                recognisedOption: turn.recognisedOption, pickedOption: turn.pickedOption,
                                seconds: turn.secondsTaken, verdicts: turn.verdicts, recordedAt: store.now())
        try store.record(.turn(TurnStep(sessionUUID: sessionUUID, turn: record, score: score(of: session, guided: guided))))
    }

    public func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) throws {
        guard let sessionUUID else { return }
        self.sessionUUID = nil
        try store.record(.ended(SessionEnd(
            sessionUUID: sessionUUID, status: status == .finished ? .finished : .abandoned, endedAt: store.now(),
            endingID: session.ending?.id, outcome: session.ending?.outcome, score: score(of: session, guided: guided))))
    }

    public func notices() -> [RecorderNotice] { store.takeNotices() }

    private func score(of session: Session, guided: Bool) -> ScoreState {
        ScoreState(guided: guided, hintsUsed: session.hintsUsed, scorecard: session.scorecard,
                   ruleResults: RuleResultRecord.results(of: session.scoredTurns, rulebook: session.scorer.rulebook))
    }
}
