import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Opening, creating and migrating the store.
@Suite struct StoreSchemaTests {
    @Test func migratesAnEmptyFolderToTheCurrentSchema() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("nested/deeper/salessim.sqlite").path
        let store = try Store.open(at: path, purpose: .recording)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.appliedMigrations() == ["v1-results", "v2-xapi-queue", "v3-understanding", "v4-stretches", "v5-input", "v6-drills", "v7-assignments"])
        #expect(try store.tableNames() == ["assignments", "drill_cards", "rule_results", "sessions", "store_info", "trainees", "turns", "xapi_queue"])
        let journal = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func reopeningAMigratedStoreKeepsItsRows() throws {
        let path = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        let store = try Store.open(at: path, purpose: .recording)
        try store.importSessions([Sample.session(trainee: "王小明", percent: 80)])
        let again = try Store.open(at: path, purpose: .reading)
        #expect(try again.counts().sessions == 1)
        #expect(try again.appliedMigrations() == ["v1-results", "v2-xapi-queue", "v3-understanding", "v4-stretches", "v5-input", "v6-drills", "v7-assignments"])
    }

    @Test func readingAMissingStoreSaysSoAndCreatesNothing() throws {
        let path = try PackagePaths.temporaryDirectory().appendingPathComponent("none/s.sqlite").path
        let error = #expect(throws: StoreError.self) { try Store.open(at: path, purpose: .reading) }
        #expect(error?.kind == .missing)
        #expect(error?.description.contains("there is no store at \(path) yet") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesAStoreWrittenByANewerVersion() throws {
        let path = try PackagePaths.temporaryDirectory().appendingPathComponent("s.sqlite").path
        _ = try Store.open(at: path, purpose: .recording)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        let error = #expect(throws: StoreError.self) { try Store.open(at: path, purpose: .recording) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.description.contains("written by a newer salessim") == true)
    }

    @Test(arguments: [
        (ResultCode.SQLITE_BUSY, StoreError.Kind.locked, "is locked by another program"),
        (.SQLITE_READONLY, .readOnly, "is read-only"),
        (.SQLITE_FULL, .full, "is full"),
        (.SQLITE_NOTADB, .corrupt, "is not a salessim store or is damaged"),
        (.SQLITE_CORRUPT, .corrupt, "is not a salessim store or is damaged"),
        (.SQLITE_CANTOPEN, .cannotOpen, "cannot open the store"),
    ])
    func classifiesSQLiteErrorsWithPathAndAction(code: ResultCode, kind: StoreError.Kind, words: String) {
        let error = StoreError.wrapping(DatabaseError(resultCode: code), path: "/x/s.sqlite", action: "opening it to record a visit")
        #expect(error.kind == kind)
        #expect(error.description.contains(words))
        #expect(error.description.contains("/x/s.sqlite"))
        #expect(error.description.contains("while opening it to record a visit"))
    }

    @Test func defaultLocationFollowsXDGThenHome() {
        #expect(Store.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]) == "/data/salessim/salessim.sqlite")
        #expect(Store.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/salessim/salessim.sqlite")
        #expect(Store.location(explicit: nil, environment: ["SALESSIM_DB": "/t/x.sqlite", "HOME": "/h"]) == "/t/x.sqlite")
        #expect(Store.location(explicit: "/o.sqlite", environment: ["SALESSIM_DB": "/t/x.sqlite"]) == "/o.sqlite")
    }
}
