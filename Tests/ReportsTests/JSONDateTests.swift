import Foundation
import Testing
import TestSupport

/// Dates in every JSON the command line writes are ISO 8601 with an offset, read back by a
/// standard parser (not seconds since 2001, which other tools read as 1995).
@Suite struct JSONDateTests {
    let salessim = CommandRunner()

    /// Every string under `key`s ending in "At", "Played" or "Passed" in a JSON value.
    static func dates(in value: Any, key: String = "") -> [(String, Any)] {
        switch value {
        case let object as [String: Any]: object.flatMap { dates(in: $0.value, key: $0.key) }
        case let array as [Any]: array.flatMap { dates(in: $0, key: key) }
        default: ["At", "Played", "Passed"].contains { key.hasSuffix($0) } ? [(key, value)] : []
        }
    }

    @Test(arguments: [["report", "--format", "json", "--by", "trainee", "--by", "exam"], ["show", "--last", "--format", "json"]])
    func datesAreISO8601WithAnOffset(command: [String]) throws {
        let (_, db) = try HandMadeStore.make(trainee: "王小明")
        let output = try salessim.run(command + ["--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        let found = Self.dates(in: json)
        #expect(found.count >= 2, "\(output.stdout)")
        let parser = ISO8601DateFormatter()
        for (key, value) in found {
            let text = try #require(value as? String, "\(key) is \(value), not an ISO 8601 string")
            let date = try #require(parser.date(from: text), "\(key): '\(text)' is not ISO 8601")
            #expect(text.hasSuffix("Z") || text.range(of: #"[+-]\d\d:\d\d$"#, options: .regularExpression) != nil)
            #expect(date > Date(timeIntervalSince1970: 1_600_000_000), "\(key): \(text) reads as before 2020")
        }
    }
}
