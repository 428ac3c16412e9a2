/// Receives each step of a session as it happens, so that it is stored before the next prompt.
public protocol SessionRecorder: AnyObject {
    /// A new run of `session` began (also after `/restart`).
    func began(_ session: Session, trainee: String, exam: Bool) throws
    /// The trainee took a turn; called before the next prompt.
    func recorded(_ turn: Turn, of session: Session, guided: Bool) throws
    /// The run ended, reached an ending or was abandoned.
    func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) throws
    /// What the trainee should be told about recording since the last call; asked after each step.
    func notices() -> [RecorderNotice]
}

extension SessionRecorder {
    public func notices() -> [RecorderNotice] { [] }
}

/// Something about recording the trainee should know, that is not an error.
public enum RecorderNotice: Sendable, Hashable {
    /// The results server (named) could not be reached: the steps are kept on this machine.
    case keptLocally(server: String, reason: String)
    /// Steps kept earlier were delivered to the server.
    case delivered(server: String, steps: Int)
}
