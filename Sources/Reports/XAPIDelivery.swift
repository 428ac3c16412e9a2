import Foundation
import Store

/// Sends the store's xAPI queue to a record store: statements are queued first, then sent in
/// batches; what the record store accepted leaves the queue, the rest stays for next time.
public struct XAPIDelivery: Sendable {
    /// What one delivery did.
    public struct Summary: Sendable {
        public var sent = 0
        public var stillQueued = 0
        /// Why statements stay queued (one line per distinct problem).
        public var problems: [String] = []
    }

    public let store: Store
    public let client: LRSClient
    public var batchSize = 50

    public init(store: Store, client: LRSClient) {
        self.store = store
        self.client = client
    }

    /// Queues `statements`, then sends the whole queue (earlier leftovers included).
    public func deliver(_ statements: [XAPIStatement]) throws -> Summary {
        try store.enqueueStatements(statements.map { ($0.id, $0.sessionID, $0.json) })
        let queue = try store.queuedStatements()
        var summary = Summary()
        var start = 0
        while start < queue.count {
            let batch = Array(queue[start..<min(queue.count, start + batchSize)])
            start += batch.count
            // A batch refused as a whole is retried statement by statement, so that one bad
            // statement does not hold back the others; an unreachable store is not retried.
            if try send(batch, summary: &summary) == .refused, batch.count > 1 {
                for statement in batch { _ = try send([statement], summary: &summary) }
            }
        }
        summary.stillQueued = try store.queuedStatements().count
        return summary
    }

    enum Attempt { case accepted, refused, unreachable }

    /// Sends `batch`; when accepted it leaves the queue.
    private func send(_ batch: [QueuedStatement], summary: inout Summary) throws -> Attempt {
        let ids = batch.map(\.id)
        let problem: String
        let attempt: Attempt
        do {
            let response = try client.post(batch.map(\.json))
            if response.accepted {
                try store.dequeueStatements(ids)
                summary.sent += batch.count
                return .accepted
            }
            problem = "the record store answered \(response.status): \(response.body.prefix(300))"
            attempt = .refused
        } catch {
            problem = "\(error)"
            attempt = .unreachable
        }
        if batch.count == 1 || attempt == .unreachable {
            try store.noteFailedAttempt(ids, error: problem)
            if !summary.problems.contains(problem) { summary.problems.append(problem) }
        }
        return attempt
    }
}
