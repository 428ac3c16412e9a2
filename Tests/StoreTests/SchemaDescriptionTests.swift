import Foundation
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// One description of the store's tables (`StoreTables`) against both dialects' migrations.
@Suite struct SchemaDescriptionTests {
    @Test(arguments: TestBackend.allCases) func everyTableHasExactlyTheDescribedColumns(backend: TestBackend) throws {
        let (store, _) = try backend.newStore()
        #expect(try store.tableNames().sorted() == StoreTables.columns.keys.sorted())
        for (table, described) in StoreTables.columns.sorted(by: { $0.key < $1.key }) {
            let extra = StoreTables.dialectOnly[store.dialectName]?[table] ?? []
            let stored = try store.columns(of: table).filter { !extra.contains($0.name) }
            #expect(stored.map(\.name) == described.map(\.name), "\(backend) \(table): the columns differ from StoreTables")
            for (real, column) in zip(stored, described) where real.name == column.name {
                #expect(column.kind.type(in: store.dialectName).contains(real.type),
                        "\(backend) \(table).\(real.name) is \(real.type), described as \(column.kind.rawValue)")
                #expect(real.nullable == column.nullable, "\(backend) \(table).\(real.name): \(real) but described as \(column)")
            }
        }
    }

    @Test func theDescriptionIsCheckedForRealDifferences() throws {
        // A column described with the wrong kind or nullability is caught by the comparison above.
        let seconds = try #require(StoreTables.columns["turns"]?.first { $0.name == "seconds" })
        #expect(!StoreTables.Kind.text.type(in: "sqlite").contains("REAL"))
        #expect(StoreTables.Kind.real.type(in: "postgres") == ["double precision"])
        #expect(seconds.nullable)
    }

    @Test(arguments: TestBackend.allCases) func aStoredTurnReadsBackAsTheSameTurn(backend: TestBackend) throws {
        let (store, _) = try backend.newStore()
        var record = Sample.session(trainee: "王小明", percent: 80)
        let turn = Turn(node: "arrive", phase: .afterSales, customerLine: "说吧。", reply: "我们的售后二十四小时响应",
                        recognisedIndex: 2, recognisedOption: "售后", pickedOption: nil,
                        verdicts: [], secondsTaken: 12.5, understoodBy: .similarity, similarity: 0.61)
        record.turns = [TurnRecord(index: 0, turn: turn, recordedAt: record.startedAt)]
        try store.importSessions([record])
        let summary = try store.lastSession(trainee: "王小明")
        let back = try store.withDetails(summary)
        #expect(back.turns.map(\.turn) == [turn])
        #expect(back.turns.first?.recognisedNumber == 3)
    }
}
