import Foundation
import GRDB
import Testing
@testable import Store

/// The store's own date text is the text GRDB's `DateFormatter` gives.
@Suite struct StorageDateTests {
    func grdb(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test func agreesWithGRDBsFormatter() {
        var state: UInt64 = 0x5EED
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.0005), Date(timeIntervalSince1970: 0.9999), Date(timeIntervalSince1970: 0.9995), Date(timeIntervalSince1970: 0.0015),
                             Date(timeIntervalSince1970: 1_733_385_600.0005), Date(timeIntervalSince1970: 1_733_385_600.0015), Date(timeIntervalSince1970: -0.0004),
                             Date(timeIntervalSince1970: 951_782_400), Date(timeIntervalSince1970: 4_107_542_399.999),
                             Date(timeIntervalSince1970: 1_733_385_600.123456), Date(timeIntervalSince1970: 253_402_300_799.998)]
        for _ in 0..<3000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let seconds = Double(state >> 11) / Double(1 << 53) * 253_402_300_799
            dates.append(Date(timeIntervalSince1970: seconds))
            dates.append(Date(timeIntervalSince1970: seconds.rounded(.down) + 0.001 * Double(state % 1000)))
        }
        for date in dates {
            #expect(StorageDate.text(date) == grdb(date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func leavesOtherDatesToGRDB() {
        #expect(StorageDate.text(Date(timeIntervalSince1970: -1)) == nil)
        #expect(StorageDate.text(Date(timeIntervalSince1970: 253_402_300_800)) == nil)
    }
}
