import Foundation
import Testing
@testable import Matching

/// The embedded pinyin table must be Unihan's readings, tone-less: checked against the source
/// whenever Debian's `unicode-data` is installed (run-tests installs it).
@Suite struct PinyinTableTests {
    static let source = "/usr/share/unicode/Unihan_Readings.txt.bz2"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: source), "needs unicode-data's Unihan_Readings.txt.bz2"))
    func theTableHasEveryReadingOfUnihanAndNoOther() throws {
        let expected = try Self.unihanReadings()
        #expect(expected.count > 40_000)
        let table = PinyinTable.shared
        var wrong: [String] = []
        for (point, readings) in expected {
            guard let scalar = Unicode.Scalar(point) else { continue }
            let found = table.syllables(of: scalar)
            if Set(found) != readings || found.count != readings.count {
                wrong.append("U+\(String(point, radix: 16, uppercase: true)) \(scalar): table \(found), Unihan \(readings.sorted())")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) ideographs differ, first: \(wrong.prefix(5))")
        // And nothing outside Unihan has a reading.
        for value in UInt32(0x3400)..<0xA000 where expected[value] == nil {
            if let scalar = Unicode.Scalar(value), !table.syllables(of: scalar).isEmpty {
                Issue.record("U+\(String(value, radix: 16)) has readings in the table but not in Unihan")
                break
            }
        }
    }

    @Test func commonCharactersHaveTheirReadings() {
        let table = PinyinTable.shared
        #expect(table.syllables(of: "是") == ["shi", "ti"])   // kMandarin's first, then kHanyuPinyin's
        #expect(table.classes(of: 0x662F).count == 1)          // only the usual one is heard
        #expect(Set(table.syllables(of: "行")).isSuperset(of: ["xing", "hang"]))
        #expect(table.syllables(of: "绿").contains("lv"))
        #expect(table.syllables(of: "a").isEmpty)
        #expect(table.syllables(of: "𠀀").isEmpty == false)
    }

    @Test func accentClassesMergeRetroflexesAndNasals() {
        #expect(PinyinTable.homophoneClass(of: "shi") == PinyinTable.homophoneClass(of: "si"))
        #expect(PinyinTable.homophoneClass(of: "ying") == PinyinTable.homophoneClass(of: "yin"))
        #expect(PinyinTable.homophoneClass(of: "zheng") == PinyinTable.homophoneClass(of: "zen"))
        #expect(PinyinTable.homophoneClass(of: "li") != PinyinTable.homophoneClass(of: "ni"))
        #expect(PinyinTable.homophoneClass(of: "dan") != PinyinTable.homophoneClass(of: "dang"))
    }

    /// Unihan's kMandarin and kHanyuPinyin readings, tone-less, by code point (read independently
    /// of the generator script: bzip2 through `bzcat`, tones removed by canonical decomposition).
    static func unihanReadings() throws -> [UInt32: Set<String>] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "bzcat '\(source)' | grep -E '\tk(Mandarin|HanyuPinyin)\t'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var result: [UInt32: Set<String>] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let point = UInt32(fields[0].dropFirst(2), radix: 16) else { continue }
            let values: [Substring] = fields[1] == "kMandarin"
                ? fields[2].split(separator: " ")
                : fields[2].split(separator: " ").flatMap { $0.split(separator: ":").last?.split(separator: ",") ?? [] }
            for value in values { result[point, default: []].insert(toneless(String(value))) }
        }
        return result
    }

    static func toneless(_ reading: String) -> String {
        var result = ""
        let scalars = Array(reading.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "u", index + 1 < scalars.count, scalars[index + 1] == "\u{308}" {
                result += "v"
                index += 2
                continue
            }
            if scalar.properties.canonicalCombiningClass.rawValue == 0 { result.unicodeScalars.append(scalar) }
            index += 1
        }
        return result
    }
}
