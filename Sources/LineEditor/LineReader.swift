/// What one call to ``LineReader/readLine(prompt:)`` produced.
public enum LineInput: Equatable, Sendable {
    /// A line of text, without its line terminator.
    case line(String)
    /// The user pressed Ctrl-C while editing; the partial line was discarded.
    case interrupted
    /// No more input: Ctrl-D on an empty line, or end of file.
    case endOfInput
}

/// Produces candidate words for Tab completion.
///
/// It receives the text of the line before the cursor and returns full candidate words for
/// the word being typed (the text after the last whitespace, see
/// ``LineCompletion/wordBeforeCursor(_:)``). Candidates normally start with that word; one
/// that does not replaces it.
public typealias CompletionHandler = (_ lineBeforeCursor: String) -> [String]

/// A source of input lines for the REPL.
///
/// ``EditLineReader`` edits lines on a terminal with libedit; ``PlainLineReader`` reads
/// pipes and files. Code above this protocol never needs to know which one it has, and
/// tests can substitute a scripted reader.
///
/// ```swift
/// let reader = Terminal.makeReader(historyFile: HistoryFile(url: HistoryFile.defaultURL()))
/// while case .line(let text) = reader.readLine(prompt: "> ") {
///     reader.addHistory(text)
/// }
/// ```
public protocol LineReader: AnyObject {
    /// Shows `prompt` (where the reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Records a line the user entered, so that it can be recalled (and persisted, if the
    /// reader has a history file). Blank lines are ignored.
    func addHistory(_ line: String)
    /// Tab completion; `nil` disables it.
    var completion: CompletionHandler? { get set }
}
