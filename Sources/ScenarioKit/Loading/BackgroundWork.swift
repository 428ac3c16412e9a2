import Foundation

/// Work started on another thread, whose result (or error) ``wait()`` gives: a visit reads its
/// rulebook this way while its scenario is read, and opens its store while both are read.
///
/// The thread is a plain POSIX thread: Foundation's `Thread` and Dispatch's semaphore each set
/// themselves up on first use, which cost a visit's start about two milliseconds before the
/// work began.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // NB: @unchecked: `result` is written by the work's thread before it ends and read only after
    // that thread is joined; `joined` and `thread` are guarded by `lock`.
    private var result: Result<Value, any Error>?
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var thread: pthread_t?
    private var joined = false

    /// Starts `work` on a thread of its own (or, if no thread can be started, runs it at once).
    public init(_ work: @escaping @Sendable () throws -> Value) {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
        let body = ThreadBody { [self] in result = Result { try work() } }
        let context = Unmanaged.passRetained(body).toOpaque()
        var handle = pthread_t()
        let started = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        if started == 0 {
            thread = handle
        } else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            result = Result { try work() }
            joined = true
        }
    }

    deinit {
        // NB: never waited for (the thread, which holds this object until it ends, has ended):
        // its resources are let go.
        if !joined, let thread { pthread_detach(thread) }
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// The work ended without a result (never: the result is set before its thread ends).
    public struct Unfinished: Error {}

    /// The value, or the error the work threw; blocks until the work is done. Waiting again
    /// returns at once.
    public func wait() throws -> Value {
        pthread_mutex_lock(lock)
        if !joined, let thread {
            pthread_join(thread, nil)
            joined = true
        }
        pthread_mutex_unlock(lock)
        guard let result else { throw Unfinished() }
        return try result.get()
    }
}

/// What a ``BackgroundWork`` thread runs (a class that is not generic, as a C thread's start
/// function cannot be).
private final class ThreadBody: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
