import Simulation

/// Where a stored session stands.
public enum SessionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A visit in progress: its process is alive.
    case running
    /// Reached an ending.
    case finished
    /// Ended by the trainee (`/quit`, Ctrl-D, `/restart`).
    case abandoned
    /// Left `running` by a process that died (a crash, `kill -9`, a power cut).
    case interrupted

    /// The status as a transcript document states it (a live visit counts as interrupted there).
    public var transcriptStatus: TranscriptDocument.Status {
        switch self {
        case .finished: .finished
        case .abandoned: .abandoned
        case .running, .interrupted: .interrupted
        }
    }
}
