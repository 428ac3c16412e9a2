import LineEditor

/// A line reader that plays a script: each entry is what the trainee "types" at a prompt.
///
/// Records the prompts it was shown and the history it was given, and answers
/// `.endOfInput` when the script runs out.
public final class ScriptedLineReader: LineReader {
    public var completion: CompletionHandler?
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []
    private var script: [LineInput]

    public init(_ script: [LineInput]) {
        self.script = script
    }

    /// A script of plain lines.
    public convenience init(lines: [String]) {
        self.init(lines.map { .line($0) })
    }

    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return script.isEmpty ? .endOfInput : script.removeFirst()
    }

    public func addHistory(_ line: String) {
        history.append(line)
    }
}
