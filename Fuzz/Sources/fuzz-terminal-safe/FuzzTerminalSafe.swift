import FuzzSupport
import TerminalSafety

/// Any bytes through the terminal sanitiser. Round trip: what it emits holds no control, bidi
/// or invisible character (line feeds and tabs only where asked for); safe text passes
/// unchanged; a second pass changes nothing; cleaned input and escaped JSON are safe too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let visible = TerminalSafe.visible(input)
    FuzzSupport.require(!visible.unicodeScalars.contains(where: TerminalSafe.isUnsafe), "visible() left an unsafe character")
    FuzzSupport.require(TerminalSafe.visible(visible) == visible, "visible() is not idempotent")
    if !input.unicodeScalars.contains(where: TerminalSafe.isUnsafe) {
        FuzzSupport.require(visible == input, "visible() changed safe text")
    }
    let lines = TerminalSafe.visible(input, keepingLineBreaks: true)
    FuzzSupport.require(!lines.unicodeScalars.contains { TerminalSafe.isUnsafe($0) && $0 != "\n" && $0 != "\t" },
                        "visible(keepingLineBreaks:) left an unsafe character")
    let coloured = TerminalSafe.visibleKeepingColours(input)
    // Only ESC [ digits ; m may survive, and nothing else unsafe.
    var scalars = Array(coloured.unicodeScalars)[...]
    while let first = scalars.first {
        scalars = scalars.dropFirst()
        if first == "\u{1B}" {
            FuzzSupport.require(scalars.first == "[", "an escape that is not a colour code")
            scalars = scalars.dropFirst()
            while let next = scalars.first, ("0"..."9").contains(next) || next == ";" { scalars = scalars.dropFirst() }
            FuzzSupport.require(scalars.first == "m", "an escape that is not a colour code")
            scalars = scalars.dropFirst()
        } else {
            FuzzSupport.require(!TerminalSafe.isUnsafe(first) || first == "\n" || first == "\t", "visibleKeepingColours() left an unsafe character")
        }
    }
    let cleaned = TerminalSafe.cleanedInput(input)
    FuzzSupport.require(!cleaned.unicodeScalars.contains(where: TerminalSafe.isUnsafe), "cleanedInput() left an unsafe character")
    let json = TerminalSafe.jsonEscaped(input)
    FuzzSupport.require(!json.unicodeScalars.contains { TerminalSafe.isUnsafe($0) && !"\n\t\r".unicodeScalars.contains($0) },
                        "jsonEscaped() left an unsafe character")
    let cut = TerminalSafe.truncated(input, toWidth: 64)
    FuzzSupport.require(TerminalSafe.width(Substring(cut)) <= 64, "truncated() is wider than asked")
    _ = PersonName.problem(with: input)
    return 0
}
