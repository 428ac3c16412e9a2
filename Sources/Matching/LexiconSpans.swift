/// Where each lexicon's phrases are said in one reply, kept for the lexicons said only.
///
/// NB: a reply says a few dozen of a rulebook's hundreds of lexicons: a list per lexicon (empty
/// for most) was made, walked and freed, a few hundred lists, at every reply.
struct LexiconSpans: Sendable {
    /// For each lexicon, the place of its list in ``lists``, or -1 when it is not said.
    private var places: [Int32]
    /// The lists of the lexicons said, in the order they were first said.
    private(set) var lists: [[Range<Int>]] = []
    /// The lexicon of each list.
    private(set) var owners: [Int] = []

    init(lexiconCount: Int) {
        places = [Int32](repeating: -1, count: lexiconCount)
    }

    /// Where lexicon `id` is said (empty when it is not).
    @inline(__always)
    subscript(id: Int) -> [Range<Int>] {
        let place = places[id]
        return place < 0 ? [] : lists[Int(place)]
    }

    /// Whether lexicon `id` is said.
    @inline(__always)
    func isSaid(_ id: Int) -> Bool { places[id] >= 0 }

    /// How many spans lexicon `id` has.
    @inline(__always)
    func count(of id: Int) -> Int {
        let place = places[id]
        return place < 0 ? 0 : lists[Int(place)].count
    }

    mutating func append(_ span: Range<Int>, to id: Int) {
        let place = places[id]
        if place >= 0 {
            lists[Int(place)].append(span)
        } else {
            places[id] = Int32(lists.count)
            lists.append([span])
            owners.append(id)
        }
    }

    /// The lexicons said, by number.
    var saidLexicons: [Int] { owners.sorted() }
}
