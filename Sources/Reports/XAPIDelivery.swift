import Foundation
import Store
import TerminalSafety

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

    /// Why `response` does not show that the record store stored the statements `ids`; nil
    /// when it does.
    ///
    /// xAPI 1.0.3 (Communication 2.1.2): a POST to the statements resource answers 200 with
    /// the array of the stored statements' ids. Anything else (another success status, a body
    /// that is not that array, a different number of ids, other ids) leaves the statements
    /// queued. A 204 with no body is taken as "already stored": some record stores answer
    /// so when they hold every statement of the batch (the ids are stable, see
    /// ``XAPIExporter``).
    static func refusal(_ response: LRSClient.Response, ids: [String]) -> String? {
        let body = TerminalSafe.visible(String(response.body.prefix(300)))
        if response.status == 204 && response.body.allSatisfy(\.isWhitespace) { return nil }
        guard response.status == 200 else {
            return "the record store answered \(response.status): \(body)"
        }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(response.body.utf8), options: [.fragmentsAllowed]),
              let list = parsed as? [Any], list.allSatisfy({ $0 is String }) else {
            return "the record store answered 200 but not with the list of stored statement ids (xAPI): \(body)"
        }
        let answered = Set(list.compactMap { ($0 as? String)?.lowercased() })
        guard list.count == ids.count, answered == Set(ids.map { $0.lowercased() }) else {
            return "the record store answered 200 with \(list.count) statement id\(list.count == 1 ? "" : "s") for \(ids.count) sent, not the ids sent"
        }
        return nil
    }

    /// Sends `batch`; when accepted it leaves the queue.
    private func send(_ batch: [QueuedStatement], summary: inout Summary) throws -> Attempt {
        let ids = batch.map(\.id)
        let problem: String
        let attempt: Attempt
        do {
            let response = try client.post(batch.map(\.json))
            if let refusal = Self.refusal(response, ids: ids) {
                problem = refusal
                attempt = .refused
            } else {
                try store.dequeueStatements(ids)
                summary.sent += batch.count
                return .accepted
            }
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
