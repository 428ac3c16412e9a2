import Foundation
import Simulation

/// Records a visit into a ``Store`` as it is played: the session when it begins, each turn before
/// the next prompt (its own transaction), the end.
///
/// Give it to `PracticeSession` as its recorder. After a `/restart` the new run is a new session.
/// A process killed mid-visit leaves the session `running` with every turn before the reply
/// being typed; it then shows as interrupted.
public final class StoreRecorder: SessionRecorder {
    public let store: Store
    /// The row id of the session being recorded (nil before the first `began`).
    public private(set) var sessionID: Int64?
    private let makeUUID: () -> UUID

    public init(store: Store, makeUUID: @escaping () -> UUID = { UUID() }) {
        self.store = store
        self.makeUUID = makeUUID
    }

    public func began(_ session: Session, trainee: String, exam: Bool) throws {
        sessionID = try store.beginSession(session, trainee: trainee, exam: exam, uuid: makeUUID().uuidString.lowercased())
    }

    public func recorded(_ turn: Turn, of session: Session, guided: Bool) throws {
        guard let sessionID else { return }
        try store.recordTurn(turn, index: session.turns.count - 1, of: session, sessionID: sessionID, guided: guided)
    }

    public func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) throws {
        guard let sessionID else { return }
        try store.endSession(session, sessionID: sessionID, status: status, guided: guided)
        self.sessionID = nil
    }
}
