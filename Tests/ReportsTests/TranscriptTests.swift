import Foundation
import Reports
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// `salessim show`: the annotated transcript of a stored session.
@Suite struct TranscriptTests {
    /// Plays the fixture scenario's winning test into a new store.
    func recordedSession(_ backend: TestBackend = .sqlite, trainee: String = "王小明",
                         replies: [String] = ["墙上这么多质量奖状!", "是的是的,可是我们更省墨", "今天就签吧"]) throws -> (SessionRecord, Session) {
        let (store, _) = try backend.newStore()
        let recorder = StoreRecorder(store: store)
        var session = Session(scenario: try Fixtures.everyFeature(), rulebook: try Fixtures.rulebook(), seed: 1)
        session.start()
        try recorder.began(session, trainee: trainee, exam: false)
        for reply in replies {
            session.reply(reply, secondsTaken: 3)
            try recorder.recorded(try #require(session.turns.last), of: session, guided: false)
        }
        try recorder.ended(session, status: session.isFinished ? .finished : .abandoned, guided: false)
        return (try store.lastSession(), session)
    }

    @Test(arguments: TestBackend.allCases) func jsonIsATranscriptDocumentWithTheStoredFacts(backend: TestBackend) throws {
        let (record, session) = try recordedSession(backend)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(TranscriptDocument(record)), as: UTF8.self)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var document = try decoder.decode(TranscriptDocument.self, from: Data(text.utf8))
        let played = TranscriptDocument(session: session, trainee: "王小明", exam: false, guided: false, status: .finished)
        #expect(document.session?.id == record.id)
        // ISO 8601 to the second, as every tool reads it.
        #expect(abs((document.session?.startedAt ?? .distantPast).timeIntervalSince(record.startedAt)) < 1)
        document.session = nil
        // One record format: the stored session reads back as the visit that was played.
        #expect(document == played)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let info = try #require(object["session"] as? [String: Any])
        #expect(info["id"] as? Int == Int(record.id))
        #expect(info["status"] as? String == "finished")
    }

    @Test(arguments: TestBackend.allCases) func textShowsEachReplyWithVerdictsPointsAndManualSections(backend: TestBackend) throws {
        let (record, _) = try recordedSession(backend)
        let text = TranscriptView().text(record)
        #expect(text.contains("trainee: 王小明"))
        #expect(text.contains("turn 2 · price · objection · 3.0 s"))
        #expect(text.contains("  > 是的是的,可是我们更省墨"))
        #expect(text.contains("    ✔ objection.yes-but met 3/3 [manual I.5] 「是的…可是」"))
        #expect(text.contains("ending: signed (won)"))
        #expect(text.contains("score \(record.earned)/\(record.possible) = \(record.percent)% (pass mark 60%): pass"))
    }

    @Test(arguments: TestBackend.allCases) func htmlEscapesTheRepliesAndTheName(backend: TestBackend) throws {
        let (record, _) = try recordedSession(backend, trainee: "<b>x</b>", replies: ["<script>alert(1)</script>墙上这么多质量奖状!"])
        let html = TranscriptView().html(record)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>x</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;墙上这么多质量奖状!"))
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;"))
    }
}
