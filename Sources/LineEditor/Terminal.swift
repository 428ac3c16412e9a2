@preconcurrency import Glibc

/// Chooses the line reader that fits the process's standard input and output.
public enum Terminal {
    /// Whether standard input and standard output are both terminals, the only case where
    /// libedit can edit: with stdin a pipe it prints no prompt, and with stdout a pipe it
    /// passes arrow keys through as escape bytes.
    public static var isInteractive: Bool {
        TerminalText.isTerminal(STDIN_FILENO) && TerminalText.isTerminal(STDOUT_FILENO)
    }

    /// An ``EditLineReader`` when ``isInteractive``, otherwise a ``PlainLineReader`` on
    /// standard input (echoing prompts only when a person types at a terminal whose output
    /// goes elsewhere).
    ///
    /// - Parameters:
    ///   - historyFile: used by the terminal reader only: piped input is never recorded.
    ///   - maxLineBytes: line cap of the plain reader.
    public static func makeReader(historyFile: HistoryFile? = nil, maxLineBytes: Int = 64 * 1024) -> any LineReader {
        if isInteractive, let reader = EditLineReader(historyFile: historyFile) {
            return reader
        }
        return PlainLineReader(
            maxLineBytes: maxLineBytes,
            echoPrompt: TerminalText.isTerminal(STDIN_FILENO)
        )
    }
}
