/// Receives each step of a session as it happens, so that it is stored before the next prompt.
public protocol SessionRecorder: AnyObject {
    /// A new run of `session` began (also after `/restart`).
    func began(_ session: Session, trainee: String, exam: Bool) throws
    /// The trainee took a turn; called before the next prompt.
    func recorded(_ turn: Turn, of session: Session, guided: Bool) throws
    /// The run ended, reached an ending or was abandoned.
    func ended(_ session: Session, status: TranscriptDocument.Status, guided: Bool) throws
}
