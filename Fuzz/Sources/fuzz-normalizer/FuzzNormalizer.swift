import FuzzSupport
import Matching

/// Any text through the normaliser: units, an excerpt of every range of units (all of them up
/// to 24 units, a sample from every start beyond), script counts, length, and as a phrase.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let text = NormalizedText(input)
    let characters = input.count
    let units = text.units
    var previousClause = 0
    var previousStart = 0
    for unit in units {
        FuzzSupport.require(!unit.text.isEmpty, "an empty unit")
        FuzzSupport.require(unit.clause >= previousClause, "clauses go backwards")
        // One character may give several units (㍿ is 株式会社), so sources may share a start.
        FuzzSupport.require(unit.source.lowerBound >= previousStart && unit.source.upperBound <= characters && !unit.source.isEmpty,
                            "unit source \(unit.source) out of order or outside \(characters) characters")
        FuzzSupport.require(unit.text.unicodeScalars.contains { !$0.properties.isVariationSelector && $0.properties.generalCategory != .nonspacingMark },
                            "a unit of marks only: \(unit.text.unicodeScalars.map { String($0.value, radix: 16) })")
        previousClause = unit.clause
        previousStart = unit.source.lowerBound
    }
    // Every range of a short text; for a long one, a sample from every start (each excerpt is a
    // new string, and allocations dominate under AddressSanitizer).
    let count = units.count
    if count <= 24 {
        for start in 0...count {
            for end in start...count { _ = text.excerpt(units: start..<end) }
        }
    } else {
        // Short ranges from every start, and to the end from 16 starts (linear in the text).
        for start in 0..<count {
            for length in [1, 2, 5] where start + length <= count {
                _ = text.excerpt(units: start..<start + length)
            }
        }
        for start in stride(from: 0, to: count, by: max(1, count / 16)) {
            _ = text.excerpt(units: start..<count)
        }
    }
    // Ranges outside the units give nothing.
    FuzzSupport.require(text.excerpt(units: count..<count + 1).isEmpty, "excerpt past the end")
    FuzzSupport.require(text.excerpt(units: -1..<max(0, count)).isEmpty, "excerpt before the start")
    let scripts = text.scriptCounts
    FuzzSupport.require(scripts.characters + scripts.words <= count, "script counts exceed the units")
    FuzzSupport.require(text.length <= characters, "length exceeds the characters")
    if let phrase = Phrase(input) {
        FuzzSupport.require(phrase.units == units.map(\.text), "a phrase normalises differently from a reply")
    } else {
        FuzzSupport.require(units.isEmpty, "no phrase from text with units")
    }
    return 0
}
