/// Where each lexicon's phrases are said in one reply, kept for the lexicons said only.
///
/// NB: a reply says a few dozen of a rulebook's hundreds of lexicons, most of them once: the spans
/// are kept in one list, each lexicon's side by side (its *group*), not in a list per lexicon said
/// (a few dozen lists made, grown and freed at every reply). A reply's lexicon pass gathers them
/// in text order with a ``Builder``, which groups them once, at its end.
struct LexiconSpans: Sendable {
    /// For each lexicon, the number of its group, or -1 when it is not said.
    private var places: [Int32]
    /// Every span, group after group; a group's spans in the order they were added.
    private var storage: [Range<Int>]
    /// Where each group begins in `storage`, and (last) where the last one ends.
    private var bounds: [Int32]
    /// The lexicon of each group, the groups in the order their lexicons were first said.
    private var owners: [Int]

    /// Where lexicon `id` is said (empty when it is not): the group itself, not a copy.
    @inline(__always)
    subscript(id: Int) -> ArraySlice<Range<Int>> {
        let place = places[id]
        return place < 0 ? [] : group(Int(place))
    }

    /// Whether lexicon `id` is said.
    @inline(__always)
    func isSaid(_ id: Int) -> Bool { places[id] >= 0 }

    /// How many spans lexicon `id` has.
    @inline(__always)
    func count(of id: Int) -> Int {
        let place = Int(places[id])
        return place < 0 ? 0 : Int(bounds[place + 1] - bounds[place])
    }

    /// How many lexicons are said (the number of groups).
    var groupCount: Int { owners.count }

    /// The spans of group `number` (groups numbered in the order their lexicons were first said).
    @inline(__always)
    func group(_ number: Int) -> ArraySlice<Range<Int>> {
        storage[Int(bounds[number])..<Int(bounds[number + 1])]
    }

    /// Adds `span` at the end of lexicon `id`'s spans (a match by sound, added after the pass:
    /// few replies have one, so the spans of the groups after it may move).
    mutating func append(_ span: Range<Int>, to id: Int) {
        let place = Int(places[id])
        if place >= 0 {
            storage.insert(span, at: Int(bounds[place + 1]))
            for later in place + 1..<bounds.count { bounds[later] += 1 }
        } else {
            places[id] = Int32(owners.count)
            owners.append(id)
            storage.append(span)
            bounds.append(Int32(storage.count))
        }
    }

    /// The lexicons said, by number.
    var saidLexicons: [Int] { owners.sorted() }

    /// Gathers a reply's spans in the order they are found, then groups them by lexicon.
    struct Builder {
        /// For each lexicon, the number of its group, or -1 when it is not said.
        private var places: [Int32]
        /// The lexicon of each group, in the order first said.
        private var owners: [Int] = []
        /// How many spans each group has.
        private var counts: [Int32] = []
        /// The spans, in the order found, with their groups.
        private var found: [(group: Int32, span: Range<Int>)] = []

        /// A builder for `lexiconCount` lexicons; `capacity`: about how many spans are expected.
        init(lexiconCount: Int, capacity: Int) {
            places = [Int32](repeating: -1, count: lexiconCount)
            owners.reserveCapacity(32)
            counts.reserveCapacity(32)
            found.reserveCapacity(max(16, capacity))
        }

        /// How many spans lexicon `id` has so far.
        @inline(__always)
        func count(of id: Int) -> Int {
            let place = Int(places[id])
            return place < 0 ? 0 : Int(counts[place])
        }

        mutating func append(_ span: Range<Int>, to id: Int) {
            var place = places[id]
            if place < 0 {
                place = Int32(owners.count)
                places[id] = place
                owners.append(id)
                counts.append(0)
            }
            counts[Int(place)] += 1
            found.append((place, span))
        }

        /// The spans, each lexicon's together (in the order they were found). The builder is done with.
        mutating func finish() -> LexiconSpans {
            var bounds: [Int32] = []
            bounds.reserveCapacity(counts.count + 1)
            var total: Int32 = 0
            bounds.append(0)
            for count in counts {
                total += count
                bounds.append(total)
            }
            // Each group's next free place, starting at its beginning (NB: in the counts' own list,
            // no longer needed).
            for group in counts.indices { counts[group] = bounds[group] }
            var storage = [Range<Int>](repeating: 0..<0, count: found.count)
            for item in found {
                let group = Int(item.group)
                storage[Int(counts[group])] = item.span
                counts[group] += 1
            }
            return LexiconSpans(places: places, storage: storage, bounds: bounds, owners: owners)
        }
    }
}
