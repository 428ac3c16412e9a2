import FuzzSupport
import Matching
import ScenarioKit

/// The first line is a reply pattern, the rest a reply: parse, then match with the built-in
/// rulebook's lexicons, and check that every span of the result lies inside the reply.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (source, reply): (String, String)
    if let newline = input.firstIndex(of: "\n") {
        source = String(input[..<newline])
        reply = String(input[input.index(after: newline)...])
    } else {
        source = input
        reply = ""
    }
    let pattern: Pattern
    do {
        pattern = try PatternParser.parse(source)
    } catch {
        FuzzSupport.require(error.offset >= 0 && error.offset <= max(source.count, PatternParser.maximumLength),
                            "pattern error offset \(error.offset) outside the pattern (\(source.count) characters)")
        FuzzSupport.require(!error.message.isEmpty, "pattern error without a message")
        return 0
    }
    _ = pattern.lexiconReferences
    let matcher = FuzzSupport.matcher
    for text in [NormalizedText(reply), NormalizedText(source)] {
        let result = matcher.match(pattern, in: text)
        FuzzSupport.require(result.matched || result.spans.isEmpty, "spans without a match")
        for span in result.spans {
            FuzzSupport.require(span.lowerBound >= 0 && span.upperBound <= text.units.count && !span.isEmpty,
                                "span \(span) outside the \(text.units.count) units")
        }
        _ = result.coverage
        _ = result.evidence(in: text)
        // `!p` matches exactly when `p` does not.
        let negated = matcher.match(.not(pattern), in: text)
        FuzzSupport.require(negated.matched != result.matched, "!p and p agree")
    }
    return 0
}
