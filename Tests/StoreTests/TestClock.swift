import Foundation

/// A clock for tests: starts at a fixed instant and moves only when told.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_741_000_000)) {
        current = start
    }

    var now: @Sendable () -> Date { { [self] in self.read() } }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        current = current.addingTimeInterval(seconds)
    }

    private func read() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }
}
