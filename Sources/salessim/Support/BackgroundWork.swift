import Foundation

/// Work started on another thread, whose result (or error) ``wait()`` gives: a visit opens its
/// store this way while its scenario and rulebook are read.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // NB: @unchecked: `result` is written once, before `done` is signalled, and read only after.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// The value, or the error the work threw; blocks until the work is done.
    func wait() throws -> Value {
        done.wait()
        done.signal() // NB: a later wait returns at once
        guard let result else { preconditionFailure("the work signalled without a result") }
        return try result.get()
    }
}
