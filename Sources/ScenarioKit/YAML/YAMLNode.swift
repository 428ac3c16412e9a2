/// A YAML value with the place it was written, so that every later check can point at it.
///
/// Built from Yams' composed `Node` tree (which keeps a `Mark` on every node), never decoded
/// straight into the model: the model keeps these locations.
public struct YAMLNode: Sendable {
    public indirect enum Value: Sendable {
        /// A scalar as written; `plain` is false for quoted and block scalars.
        case scalar(String, plain: Bool)
        case map([(key: YAMLNode, value: YAMLNode)])
        case list([YAMLNode])
    }

    public var value: Value
    public var location: SourceLocation

    /// The scalar's text, when this is a scalar.
    public var string: String? {
        if case let .scalar(text, _) = value { return text }
        return nil
    }

    /// A plain integer scalar (`3`, `-1`, `+2`).
    public var int: Int? {
        guard case let .scalar(text, plain) = value, plain else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// A plain boolean scalar (`true`, `false`, also `yes`/`no`).
    public var bool: Bool? {
        guard case let .scalar(text, plain) = value, plain else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A plain `null`, `~` or empty scalar.
    public var isNull: Bool {
        guard case let .scalar(text, plain) = value, plain else { return false }
        return text.isEmpty || text == "~" || text.lowercased() == "null"
    }

    /// The pairs, when this is a map.
    public var pairs: [(key: YAMLNode, value: YAMLNode)]? {
        if case let .map(pairs) = value { return pairs }
        return nil
    }

    /// The items, when this is a list.
    public var items: [YAMLNode]? {
        if case let .list(items) = value { return items }
        return nil
    }

    /// What kind of value this is, for messages ("a map", "a list", "the text 'x'").
    public var kindDescription: String {
        switch value {
        case .map: return "a map"
        case .list: return "a list"
        case let .scalar(text, _):
            if isNull { return "nothing" }
            let shown = text.count > 30 ? String(text.prefix(30)) + "…" : text
            return "'\(shown)'"
        }
    }
}
