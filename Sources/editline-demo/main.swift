// A tiny REPL over LineEditor, for the pseudo-terminal tests: prints `got:[<line>]` for
// each line exactly as returned, `interrupted` on Ctrl-C, `bye` at end of input.
// History goes to $DEMO_HISTORY when set; the prompt is $DEMO_PROMPT or "demo> ".
import Foundation
import LineEditor

TerminalText.ensureUTF8Locale()
let historyFile = ProcessInfo.processInfo.environment["DEMO_HISTORY"]
    .map { HistoryFile(url: URL(fileURLWithPath: $0)) }
let prompt = ProcessInfo.processInfo.environment["DEMO_PROMPT"] ?? "demo> "
let reader = Terminal.makeReader(historyFile: historyFile)
let commands = ["/help", "/hint", "/history", "/quit"]
reader.completion = { lineBeforeCursor in
    let word = LineCompletion.wordBeforeCursor(lineBeforeCursor)
    return commands.filter { $0.hasPrefix(word) }
}

loop: while true {
    switch reader.readLine(prompt: prompt) {
    case .line(let line):
        print("got:[\(line)]")
        reader.addHistory(line)
    case .interrupted:
        print("interrupted")
    case .endOfInput:
        print("bye")
        break loop
    }
}
