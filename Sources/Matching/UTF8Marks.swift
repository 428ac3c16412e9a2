extension String {
    /// Whether some byte of the string's UTF-8 starts a mark that `startsMark` recognises there
    /// (it is given the bytes and the byte's place). NB: for the marks asked of every reply (a
    /// list's 、, an opening bracket), found by their bytes rather than by String's Unicode-aware
    /// search.
    @inline(__always)
    func containsUTF8Mark(_ startsMark: (UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                if startsMark(bytes, index) { return true }
                index += 1
            }
            return false
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the two bytes after `index` are `second` and `third` (the rest of a three-byte
    /// UTF-8 character whose first byte stands at `index`).
    @inline(__always)
    func follows(_ index: Int, _ second: UInt8, _ third: UInt8) -> Bool {
        index + 2 < count && self[index + 1] == second && self[index + 2] == third
    }
}
