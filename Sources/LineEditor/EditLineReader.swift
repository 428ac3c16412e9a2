import CEditLine
@preconcurrency import Glibc

/// Reads lines on a terminal with libedit: Emacs keys, history, Tab completion, Chinese.
///
/// Uses libedit's native `histedit.h` API. Behaviour:
/// - Ctrl-C returns ``LineInput/interrupted``. It is a key, not a signal: the editing tty
///   mode clears `ISIG` (`setty -d -isig`) and `^C` is bound to a function that sets a flag
///   and ends the line. A SIGINT handler would lose about one press in 300. Side effect:
///   Ctrl-Z does nothing while a line is being edited.
/// - Ctrl-D on an empty line returns ``LineInput/endOfInput``; elsewhere it deletes the
///   character under the cursor (libedit's default would list file names at the end).
/// - Tab asks ``completion``: one candidate is completed, several are completed to their
///   common prefix, or listed below the line when that adds nothing.
/// - `EL_SIGNAL` is on: libedit restores the terminal on fatal signals. A window-size
///   change is applied while waiting for the next key, never inside a signal handler
///   (libedit's own SIGWINCH handler reallocates its display from signal context, which can
///   garble the line or deadlock in malloc): see `cel_read_char` in shim.h.
/// - History is kept in ``HistoryFile``'s format, not libedit's (`H_SAVE` corrupts U+3000),
///   and saved after each ``addHistory(_:)``.
///
/// Creating one makes the `LC_CTYPE` locale UTF-8 (``TerminalText/ensureUTF8Locale()``):
/// in the C locale libedit drops every non-ASCII character. libedit 20221030 draws the cursor one
/// column right after a character is inserted before Chinese text mid-line (its incremental
/// redraw miscounts a wide character); before each key the cursor is put back where it belongs
/// (`cel_place_cursor` in shim.h) when the line fits on one row.
///
/// Use it only when standard input and output are both terminals (see
/// ``Terminal/makeReader(historyFile:maxLineBytes:)``). Not thread-safe: use it from one
/// thread.
public final class EditLineReader: LineReader {
    public var completion: CompletionHandler?
    /// Where history is loaded from and saved to, if anywhere.
    public let historyFile: HistoryFile?
    /// The last error loading or saving ``historyFile``; editing goes on without it.
    public private(set) var historyError: (any Error)?
    /// The history, oldest first.
    public private(set) var history: [String] = []

    private let editLine: OpaquePointer
    private let libeditHistory: OpaquePointer
    private let historyLimit: Int
    /// The current prompt as a C string; libedit asks for it on every redraw.
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private var prompt = ""
    private var interruptPressed = false

    /// Returns `nil` if libedit cannot be initialised.
    ///
    /// - Parameters:
    ///   - programName: selects `~/.editrc` sections (the file itself is not read).
    ///   - historyFile: loaded now, saved on each new entry; `nil` keeps history in memory.
    ///   - historyLimit: entries kept when there is no history file.
    public init?(programName: String = "salessim", historyFile: HistoryFile? = nil, historyLimit: Int = 1000) {
        TerminalText.ensureUTF8Locale()
        guard let editLine = el_init(programName, cel_stdin(), cel_stdout(), cel_stderr()) else { return nil }
        guard let libeditHistory = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.libeditHistory = libeditHistory
        self.historyFile = historyFile
        self.historyLimit = max(1, historyFile?.limit ?? historyLimit)
        promptBuffer = Self.cString("")

        _ = cel_history_setsize(libeditHistory, Int32(clamping: self.historyLimit))
        _ = cel_history_setunique(libeditHistory, 1)
        _ = cel_set_editor(editLine, "emacs")
        _ = cel_set_signal(editLine, 1)
        _ = cel_set_resize_safe_reader(editLine)
        _ = cel_set_hist(editLine, libeditHistory)
        _ = cel_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        // \1 brackets invisible parts of the prompt (colour codes) so they take no columns.
        _ = cel_set_prompt_esc(editLine, Self.promptCallback, 1)

        _ = cel_add_function(editLine, "salessim-interrupt", "End the line as interrupted", Self.interruptCommand)
        _ = cel_add_function(editLine, "salessim-eof-or-delete", "EOF on an empty line, else delete", Self.endOrDeleteCommand)
        _ = cel_add_function(editLine, "salessim-complete", "Complete the word", Self.completeCommand)
        _ = cel_bind(editLine, "^C", "salessim-interrupt")
        _ = cel_bind(editLine, "^D", "salessim-eof-or-delete")
        _ = cel_bind(editLine, "^I", "salessim-complete")
        // Ctrl-Left / Ctrl-Right (xterm) move by word, as in most shells.
        _ = cel_bind(editLine, "\\e[1;5D", "ed-prev-word")
        _ = cel_bind(editLine, "\\e[1;5C", "em-next-word")
        // ^C reaches us as a character only if the editing mode does not turn it into SIGINT.
        _ = cel_setty2(editLine, "-d", "-isig")

        if let historyFile {
            do {
                for entry in try historyFile.load() { record(entry) }
            } catch {
                historyError = error
            }
        }
    }

    deinit {
        el_end(editLine)
        history_end(libeditHistory)
        promptBuffer.deallocate()
    }

    public func readLine(prompt: String) -> LineInput {
        setPrompt(prompt)
        interruptPressed = false
        var count: Int32 = 0
        // SIGWINCH waits until the key reader can take it (see cel_read_char in shim.h).
        var previousMask = sigset_t()
        _ = cel_block_winch(&previousMask)
        let raw = el_gets(editLine, &count)
        _ = cel_restore_signal_mask(&previousMask)
        if interruptPressed {
            // libedit leaves the cursor on the edited line; the tty is cooked again here.
            writeOutput("\n")
            return .interrupted
        }
        // NULL: Ctrl-D on an empty line (count 0) or a read error such as a hang-up (-1).
        guard let raw else {
            writeOutput("\n")  // the cursor is still after the prompt
            return .endOfInput
        }
        // By scalar: "\r\n" would be a single Character.
        var line = String(cString: raw).unicodeScalars
        if line.last == "\n" { line.removeLast() }
        if line.last == "\r" { line.removeLast() }
        return .line(String(line))
    }

    public func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), line != history.last else { return }
        record(line)
        guard let historyFile else { return }
        do {
            try historyFile.save(history)
            historyError = nil
        } catch {
            historyError = error
        }
    }

    private func record(_ line: String) {
        history.append(line)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        _ = cel_history_enter(libeditHistory, line)
    }

    private func setPrompt(_ newPrompt: String) {
        guard newPrompt != prompt else { return }
        prompt = newPrompt
        promptBuffer.deallocate()
        promptBuffer = Self.cString(newPrompt)
        // The visible columns (without the \1-bracketed colour codes), for cel_place_cursor.
        let visible = newPrompt.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 0 }.map(\.element).joined()
        cel_set_prompt_columns(Int32(clamping: TerminalText.displayWidth(String(visible))))
    }

    /// Writes through libedit's own output FILE, so the order of output is kept.
    private func writeOutput(_ text: String) {
        guard let output = cel_stdout() else { return }
        fputs(text, output)
        fflush(output)
    }

    private static func cString(_ s: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = s.utf8CString
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        utf8.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: source.count) }
        }
        return buffer
    }

    // MARK: - libedit callbacks (C function pointers: context comes from EL_CLIENTDATA)

    private static func reader(_ editLine: OpaquePointer?) -> EditLineReader? {
        guard let editLine, let data = cel_get_clientdata(editLine) else { return nil }
        return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
    }

    private static let promptCallback: cel_prompt_fn = { editLine in
        reader(editLine)?.promptBuffer
    }

    private static let interruptCommand: cel_command_fn = { editLine, _ in
        reader(editLine)?.interruptPressed = true
        return UInt8(CC_NEWLINE)
    }

    private static let endOrDeleteCommand: cel_command_fn = { editLine, _ in
        guard let editLine, let line = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        if line.buffer == line.lastchar { return UInt8(CC_EOF) }
        if line.cursor == line.lastchar { return UInt8(CC_ERROR) }  // beep, as at the end in bash
        // Delete the character under the cursor: step over it, delete backwards.
        _ = el_cursor(editLine, 1)
        el_deletestr(editLine, 1)
        return UInt8(CC_REFRESH)
    }

    private static let completeCommand: cel_command_fn = { editLine, _ in
        guard let editLine, let reader = reader(editLine) else { return UInt8(CC_ERROR) }
        return reader.complete(editLine)
    }

    private func complete(_ editLine: OpaquePointer) -> UInt8 {
        guard let completion,
              let line = el_line(editLine)?.pointee,
              let buffer = line.buffer, let cursor = line.cursor
        else { return UInt8(CC_REFRESH_BEEP) }
        // el_line gives the buffer encoded in the locale's charset: UTF-8, as ensured in init.
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
        let word = LineCompletion.wordBeforeCursor(before)
        switch LineCompletion.action(word: word, candidates: completion(before)) {
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        case .insert(let text, let deleting):
            if deleting > 0 { el_deletestr(editLine, Int32(clamping: deleting)) }
            return el_insertstr(editLine, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
        case .list(let candidates):
            writeOutput(Self.columns(candidates, width: Int(cel_get_columns(editLine))))
            return UInt8(CC_REDISPLAY)  // redraws prompt and line below the list
        }
    }

    /// Candidates in columns, below the current line. `\r\n` because the editing tty mode
    /// may not translate `\n`.
    static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(TerminalText.displayWidth).max() ?? 0) + 2
        let perRow = max(1, (width > 0 ? width : 80) / cell)
        var out = "\r\n"
        for rowStart in stride(from: 0, to: words.count, by: perRow) {
            let row = words[rowStart..<min(rowStart + perRow, words.count)]
            let cells = row.enumerated().map { index, word in
                index == row.count - 1 ? word : TerminalText.pad(word, toWidth: cell)
            }
            out += cells.joined() + "\r\n"
        }
        return out
    }
}
