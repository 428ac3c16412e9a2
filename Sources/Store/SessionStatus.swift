import Simulation

/// Where a stored session stands.
public enum SessionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A visit in progress: its process is alive.
    case running
    /// Reached an ending.
    case finished
    /// Ended by the trainee (`/quit`, Ctrl-D, `/restart`).
    case abandoned
    /// Left `running` by a process that died (a crash, `kill -9`, a power cut), or without a
    /// turn for ``runningCutOff`` (its process id reused, or written by another host).
    case interrupted

    /// Seconds after its last turn (or its start) when a `running` visit counts as
    /// interrupted whatever its process seems to be: 6 hours. No visit waits that long for a
    /// reply (the longest scenario is timed at 600 minutes of talking, not of silence).
    public static let runningCutOff: Double = 6 * 3600

    /// The status as a transcript document states it (a live visit counts as interrupted there).
    public var transcriptStatus: TranscriptDocument.Status {
        switch self {
        case .finished: .finished
        case .abandoned: .abandoned
        case .running, .interrupted: .interrupted
        }
    }
}
