import Foundation

/// Work started on another thread, whose result (or error) ``wait()`` gives: a visit reads its
/// rulebook this way while its scenario is read, and opens its store while both are read.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // NB: @unchecked: `result` is written once, before `done` is signalled, and read only after.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    /// Starts `work` on a thread of its own.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// The work signalled without a result (never: the result is set before the signal).
    public struct Unfinished: Error {}

    /// The value, or the error the work threw; blocks until the work is done. Waiting again
    /// returns at once.
    public func wait() throws -> Value {
        done.wait()
        done.signal()
        guard let result else { throw Unfinished() }
        return try result.get()
    }
}
