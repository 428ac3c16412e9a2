import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells whether the process that wrote a `running` session is still alive.
///
/// A session row records its writer's process id and host name; a row still `running` whose
/// writer is gone (on this host) was cut off and shows as interrupted. Rows written on another
/// host cannot be checked from here and keep showing as running.
public struct ProcessLiveness: Sendable {
    /// The current process's id and host name, as written into new session rows.
    public let processID: Int32
    public let hostName: String
    private let isAlive: @Sendable (Int32) -> Bool

    public init(processID: Int32 = ProcessInfo.processInfo.processIdentifier,
                hostName: String = ProcessInfo.processInfo.hostName,
                isAlive: @escaping @Sendable (Int32) -> Bool = ProcessLiveness.systemIsAlive) {
        self.processID = processID
        self.hostName = hostName
        self.isAlive = isAlive
    }

    /// Whether a session written by `pid` on `host` may still be running.
    public func writerMayBeRunning(pid: Int32?, host: String?) -> Bool {
        guard let pid, let host else { return false }
        guard host == hostName else { return true }
        return pid == processID || isAlive(pid)
    }

    /// `kill(pid, 0)`: no signal is sent, only the existence of the process is checked.
    public static let systemIsAlive: @Sendable (Int32) -> Bool = { pid in
        guard pid > 0 else { return false }
        if kill(pid, 0) == 0 { return !isZombie(pid) }
        return errno == EPERM
    }

    /// A killed child that its parent has not reaped yet still answers `kill(pid, 0)`.
    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.first == "Z" || fields.first == "X"
    }
}
