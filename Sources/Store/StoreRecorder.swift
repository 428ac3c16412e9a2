import Foundation
import Simulation

/// Records a visit into a ``Store`` as it is played: the session when it begins, each turn before
/// the next prompt (its own transaction), the end.
///
/// Give it to `PracticeSession` as its recorder. After a `/restart` the new run is a new session.
/// A process killed mid-visit leaves the session `running` with every turn before the reply
/// being typed; it then shows as interrupted. On a server that went away, the steps are kept on
/// this machine and delivered when it is back; ``notices()`` says so.
///
/// A step the store does not take (a full disk, a lock held by another program) is tried again
/// before the next prompt, `retries` times `pause` apart; steps keep their order, so a later step
/// waits behind it. If it still cannot be stored, `onLost` is called with a ``RecordingLost``
/// (`salessim play` prints it and stops the visit with a non-zero exit); without `onLost` the
/// error is thrown and the step stays queued for the next one.
public final class StoreRecorder: SessionRecorder {
    public let store: Store
    /// The uuid of the session being recorded (nil before the first `began`).
    public private(set) var sessionUUID: String?
    private let makeUUID: () -> UUID
    private let retries: Int
    private let pause: TimeInterval
    private let onLost: ((RecordingLost) -> Void)?
    /// The rule results the steps so far leave in the store (nil before the first turn).
    private var storedResults: [RuleResultRecord]?
    /// Steps not yet stored, oldest first.
    public private(set) var pending: [RecordingStep] = []
    /// Whether the replies come from a script (`--input FILE` or piped) rather than a person at
    /// a terminal: such sessions are kept out of reports unless asked for.
    public let scripted: Bool

    public init(store: Store, makeUUID: @escaping () -> UUID = StoreRecorder.randomUUID, retries: Int = 2, pause: TimeInterval = 1,
                scripted: Bool = false, onLost: ((RecordingLost) -> Void)? = nil) {
        self.store = store
        self.scripted = scripted
        self.makeUUID = makeUUID
        self.retries = retries
        self.pause = pause
        self.onLost = onLost
    }

    /// Stores `step` after any still pending, trying again before giving up.
    private func keep(_ step: RecordingStep) throws {
        pending.append(step)
        var attempt = 0
        while true {
            do {
                while let first = pending.first {
                    try store.record(first)
                    pending.removeFirst()
                }
                return
            } catch {
                attempt += 1
                guard attempt > retries else {
                    usleep(useconds_t(pause * 1_000_000))
                    continue
                }
                let lost = RecordingLost(step: pending.first ?? step, store: store.path, attempts: attempt, reason: "\(error)")
                onLost?(lost)
                throw lost
            }
        }
    }

    /// The row id of the session being recorded, as the store numbers it.
    /// A random (version 4) UUID from the system's generator (getrandom): Foundation's `UUID()`
    /// opened and read /dev/urandom, on the way to a visit's first prompt.
    public static func randomUUID() -> UUID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next(), low = generator.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(8 * index))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> UInt64(8 * index))
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    public var sessionID: Int64? {
        sessionUUID.flatMap { try? store.sessionID(for: $0) }
    }

    public func began(_ session: Session, trainee: String, exam: Bool) throws {
        let uuid = makeUUID().uuidString.lowercased()
        sessionUUID = uuid
        storedResults = nil
        let scenario = session.scenario
        let writer = store.writer
        try keep(.began(SessionStart(
            uuid: uuid, trainee: trainee, scenarioID: scenario.id, scenarioHash: scenario.contentHash, scenarioTitle: scenario.title,
            scenarioLanguage: scenario.language.rawValue, scenarioPath: scenario.path.isEmpty ? nil : scenario.path,
            passMark: scenario.pass, rulebookVersion: session.scorer.rulebook.version, exam: exam, seed: session.seed,
            startedAt: store.now(), processID: writer.processID, hostName: writer.hostName, startNode: session.stretchFrom,
            scripted: scripted)))
    }

    public func recorded(_ turn: Turn, of session: Session, guided: Bool) throws {
        guard let sessionUUID else { return }
        let record = TurnRecord(index: session.turns.count - 1, turn: turn, recordedAt: store.now())
        try keep(.turn(TurnStep(sessionUUID: sessionUUID, turn: record, score: score(of: session, guided: guided))))
    }

    public func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) throws {
        guard let sessionUUID else { return }
        self.sessionUUID = nil
        try keep(.ended(SessionEnd(
            sessionUUID: sessionUUID, status: status == .finished ? .finished : .abandoned, endedAt: store.now(),
            endingID: session.ending?.id, outcome: session.ending?.outcome, score: score(of: session, guided: guided))))
    }

    public func notices() -> [RecorderNotice] { store.takeNotices() }

    /// The score to store; its rule results only from the first turn whose results changed since
    /// the last step (a turn adds its own, and re-judges at most the phase it is in).
    private func score(of session: Session, guided: Bool) -> ScoreState {
        let results = RuleResultRecord.results(of: session.scoredTurns, rulebook: session.scorer.rulebook)
        defer { storedResults = results }
        let base = ScoreState(guided: guided, hintsUsed: session.hintsUsed, scorecard: session.scorecard, ruleResults: results)
        guard let before = storedResults else { return base }
        guard let (tail, changed) = ScoreState.changes(from: before, to: results) else {
            return ScoreState(guided: guided, hintsUsed: session.hintsUsed, scorecard: session.scorecard, ruleResults: [], tail: .nothing)
        }
        return ScoreState(guided: guided, hintsUsed: session.hintsUsed, scorecard: session.scorecard, ruleResults: changed, tail: tail)
    }
}

/// A step of a visit that could not be stored, even after trying again: the visit must stop,
/// and nothing may claim that its record is kept.
public struct RecordingLost: Error, CustomStringConvertible, Sendable {
    public var step: RecordingStep
    public var store: String
    public var attempts: Int
    /// Why the last attempt failed (the store's message).
    public var reason: String

    public var description: String {
        "\(step.label) of the visit could not be stored (tried \(attempts) times): \(reason). The visit stops here: what was stored before it is kept in \(store), this step and later ones are not"
    }
}
