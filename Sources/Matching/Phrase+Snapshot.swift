/// What a snapshot of a built rulebook keeps of a phrase (see ScenarioKit's `RulebookSnapshot`),
/// so that reading it makes the same phrase again without normalising its text: normalising a
/// rulebook's pattern phrases was a quarter of reading its snapshot.
///
/// NB: the numbers are this build's: a snapshot is only read by the program that wrote it.
extension Phrase {
    /// The phrase's unit keys as numbers.
    @_spi(Snapshot) public var keyCodes: [UInt64] { keys.map(\.code) }

    /// The phrase whose ``written`` text, ``keyCodes`` and ``isNegative`` these are.
    @_spi(Snapshot) public init(written: String, keyCodes: [UInt64], isNegative: Bool) {
        self.written = written
        keys = keyCodes.map(UnitKey.init(code:))
        self.isNegative = isNegative
    }
}

extension UnitKey {
    init(code: UInt64) {
        self.code = code
    }
}
