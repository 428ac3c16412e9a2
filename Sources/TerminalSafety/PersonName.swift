/// The rules for a person's name as salessim records it (a trainee's name, a login): what a
/// report can show in one cell of one line.
///
/// A name is non-empty, at most ``maximumWidth`` terminal columns wide (a Chinese character
/// counts 2), and holds no control, bidi or invisible format character. Checked where a name
/// enters (`play --trainee`, the login of a results server, `admin grant-*`); reports still
/// cut what is wider (``TerminalSafe/truncated(_:toWidth:)``) in case an older store holds one.
public enum PersonName {
    /// The widest name accepted, in terminal columns.
    public static let maximumWidth = 64

    /// Why `name` cannot be used, in words; nil when it is fine.
    public static func problem(with name: String) -> String? {
        if name.trimmingWhitespace().isEmpty { return "a name cannot be empty" }
        if let (offset, scalar) = TerminalSafe.firstUnsafe(in: name, allowingLineBreaks: false) {
            return "a name cannot contain control, bidi or invisible characters (\(TerminalSafe.token(for: scalar)) at character \(offset + 1))"
        }
        let width = TerminalSafe.width(Substring(name))
        if width > maximumWidth { return "a name can be at most \(maximumWidth) columns wide, this one takes \(width)" }
        return nil
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return Substring(self)[first...]
    }
}
