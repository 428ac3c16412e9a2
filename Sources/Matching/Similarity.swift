import Foundation

/// How close a reply is to prepared phrasings, for understanding words no pattern foresaw.
///
/// Each text becomes a bag of features: its CJK characters and character pairs, its English
/// words and word pairs (a crude stem, so "trials" and "trial" are one), and one feature per
/// lexicon it uses (`@contrast` stands for 可是, 但是, 不过 and "but" alike). Anything said
/// under negation gets a feature of its own (`¬`), so "we don't offer a trial" is far from
/// "we offer a trial". Features are weighted by how well they tell the candidates apart (inverse
/// document frequency over the candidates), and a text's similarity to a candidate is the
/// cosine with the best of its phrasings, averaged with the cosine to all of them together.
///
/// The index is built once per node; looking a reply up costs one pass over its features plus
/// their postings, so it grows with the reply and the node, never with the whole library.
///
/// ```swift
/// let index = SimilarityIndex(candidates: [["价格贵是贵，可是省墨"], ["那我给您打个八折"]], matcher: matcher)
/// index.rank(NormalizedText("是贵了点，但一年省不少墨水"), matcher: matcher).first?.candidate  // 0
/// ```
public struct SimilarityIndex: Sendable {
    /// One candidate's score.
    public struct Score: Sendable, Equatable {
        /// The candidate's position in the list the index was built from.
        public var candidate: Int
        /// Similarity in 0...1.
        public var similarity: Double
        /// The phrasing of the candidate closest to the text.
        public var closest: Int
    }

    /// A feature: a hash of its kind and text (FNV-1a, so the same text gives the same key in every run).
    typealias Feature = UInt64

    let idf: [Feature: Double]
    /// Each feature's idf and its (vector, weight) postings (vectors are the phrasings, then one
    /// centroid per candidate), in one table, so that ranking looks each feature up once.
    let weighted: FeaturePostings
    /// Which candidate each phrasing vector belongs to.
    let owner: [Int]
    let candidateCount: Int
    /// The phrasings as written, per candidate.
    public let phrasings: [[String]]
    /// The phrasings' features, per candidate (for explaining a near miss), and their words.
    let phrasingFeatures: [[FeatureVector]]
    let words: [Feature: String]
    /// The feature of each lexicon, by the matcher's lexicon number.
    let lexiconFeatures: [(said: Feature, negated: Feature)]

    public init(candidates: [[String]], matcher: Matcher) {
        candidateCount = candidates.count
        phrasings = candidates
        var lexiconFeatures = [(said: Feature, negated: Feature)](repeating: (0, 0), count: matcher.lexiconIDs.count)
        var words: [Feature: String]? = [:]
        for (name, id) in matcher.lexiconIDs {
            lexiconFeatures[id] = (SimilarityIndex.hash("@" + name), SimilarityIndex.hash("¬@" + name))
        }
        self.lexiconFeatures = lexiconFeatures
        let features = candidates.map { $0.map { phrasing in
            var memo = Matcher.LexiconMemo()
            return SimilarityIndex.features(of: NormalizedText(phrasing), matcher: matcher, lexiconFeatures: lexiconFeatures, words: &words, memo: &memo)
        } }
        self.words = words ?? [:]
        phrasingFeatures = features
        // Inverse document frequency, a document being all the phrasings of one candidate.
        var documentFrequency: [Feature: Int] = [:]
        for candidate in features {
            var seen = Set<Feature>()
            for phrasing in candidate { seen.formUnion(phrasing.features) }
            for feature in seen { documentFrequency[feature, default: 0] += 1 }
        }
        let documents = Double(max(candidates.count, 1))
        var idf: [Feature: Double] = [:]
        for (feature, count) in documentFrequency { idf[feature] = 1 + log(documents / Double(count)) }
        self.idf = idf
        var postings: [Feature: [(vector: Int, weight: Double)]] = [:]
        var owner: [Int] = []
        func add(_ vector: FeatureVector, candidate: Int) {
            let weighted = vector.map { ($0.0, $0.1 * (idf[$0.0] ?? 1)) }
            let norm = weighted.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            let number = owner.count
            owner.append(candidate)
            guard norm > 0 else { return }
            for (feature, weight) in weighted { postings[feature, default: []].append((number, weight / norm)) }
        }
        for (candidate, phrasingVectors) in features.enumerated() {
            for vector in phrasingVectors { add(vector, candidate: candidate) }
        }
        for (candidate, phrasingVectors) in features.enumerated() {
            var centroid = FeatureVector()
            for vector in phrasingVectors {
                let norm = vector.weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { continue }
                for (feature, weight) in vector { centroid.add(weight / norm, to: feature) }
            }
            add(centroid, candidate: candidate)
        }
        self.owner = owner
        weighted = FeaturePostings(idf: idf, postings: postings)
    }

    /// Every candidate with at least one phrasing, best first (ties: the earlier candidate).
    public func rank(_ text: NormalizedText, matcher: Matcher) -> [Score] {
        var memo = Matcher.LexiconMemo()
        return rank(text, matcher: matcher, memo: &memo)
    }

    /// As above, sharing lexicon results with other matches on the same text.
    public func rank(_ text: NormalizedText, matcher: Matcher, memo: inout Matcher.LexiconMemo) -> [Score] {
        guard candidateCount > 0 else { return [] }
        var unused: [Feature: String]?
        let features = SimilarityIndex.features(of: text, matcher: matcher, lexiconFeatures: lexiconFeatures, words: &unused, memo: &memo)
        var norm = 0.0
        var dots = [Double](repeating: 0, count: owner.count)
        let unseen = 1 + log(Double(candidateCount))
        for (feature, count) in features {
            guard let entry = weighted.entry(of: feature) else {
                norm += (count * unseen) * (count * unseen)
                continue
            }
            let weight = count * weighted.idf[entry]
            norm += weight * weight
            for posting in weighted.postings(of: entry) { dots[Int(weighted.vectors[posting])] += weight * weighted.weights[posting] }
        }
        norm = norm.squareRoot()
        guard norm > 0 else { return [] }
        let phrasingCount = owner.count - candidateCount
        var best = [Double](repeating: 0, count: candidateCount)
        var closest = [Int](repeating: 0, count: candidateCount)
        var phrasingNumber = [Int](repeating: 0, count: candidateCount)
        for vector in 0..<phrasingCount {
            let candidate = owner[vector]
            let cosine = dots[vector] / norm
            if cosine > best[candidate] {
                best[candidate] = cosine
                closest[candidate] = phrasingNumber[candidate]
            }
            phrasingNumber[candidate] += 1
        }
        var scores: [Score] = []
        scores.reserveCapacity(candidateCount)
        for candidate in 0..<candidateCount where !phrasings[candidate].isEmpty {
            let centroid = dots[phrasingCount + candidate] / norm
            let similarity = min(1, max(0, 0.6 * best[candidate] + 0.4 * centroid))
            scores.append(Score(candidate: candidate, similarity: similarity, closest: closest[candidate]))
        }
        // NB: sorted in place (`sorted` made a second list).
        scores.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.candidate < $1.candidate) }
        return scores
    }

    /// The words of the candidate's closest phrasing that the text lacks, most telling first.
    public func missingWords(_ text: NormalizedText, candidate: Int, phrasing: Int, matcher: Matcher, limit: Int = 4) -> [String] {
        guard phrasingFeatures.indices.contains(candidate), phrasingFeatures[candidate].indices.contains(phrasing) else { return [] }
        var unused: [Feature: String]?
        var memo = Matcher.LexiconMemo()
        let have = SimilarityIndex.features(of: text, matcher: matcher, lexiconFeatures: lexiconFeatures, words: &unused, memo: &memo)
        let wanted = phrasingFeatures[candidate][phrasing]
        let missing = wanted.features.compactMap { feature -> (Feature, String)? in
            guard have[feature] == nil, let word = words[feature], !word.hasPrefix("¬"), !word.hasPrefix("@") else { return nil }
            // Single Chinese characters say little on their own; pairs and English words do.
            guard word.count >= 2 || word.unicodeScalars.first.map(CharacterClass.isIdeographic) == false else { return nil }
            return (feature, word)
        }
        let ranked = missing.sorted { (idf[$0.0] ?? 0, $1.1) > (idf[$1.0] ?? 0, $0.1) }.map(\.1)
        // Prefer pairs of characters (words) over single characters they contain.
        var result: [String] = []
        for word in ranked where !result.contains(where: { $0.contains(word) || word.contains($0) }) {
            result.append(word)
            if result.count == limit { break }
        }
        return result
    }

    /// The features of one text, with counts; `words` (when given) collects each feature's text.
    static func features(of text: NormalizedText, matcher: Matcher, lexiconFeatures: [(said: Feature, negated: Feature)],
                         words: inout [Feature: String]?, memo: inout Matcher.LexiconMemo) -> FeatureVector {
        var result = FeatureVector(capacity: text.units.count * 2 + 8)
        let units = text.units
        // Words named only to be set aside (「测试就不用做了」) count as negated.
        var negated = text.negatedUnits
        let retracted = text.retractedUnits
        for index in negated.indices where retracted[index] { negated[index] = true }
        let keys = text.keys, question = UnitKey.question
        var previous: (hash: Feature, text: String, clause: Int, isWord: Bool)?
        // NB: units read by index (a unit read whole retained and released its text), "?" known by
        // its key (read once: a static's every read asks whether it is made yet).
        for index in units.indices {
            guard keys[index] != question else {
                result.add(1, to: SimilarityIndex.question)
                previous = nil
                continue
            }
            let clause = units[index].clause
            let isWord = !text.isCharacter(index)
            // A word is stemmed; a character's form is one character, hashed without a string
            // (made only when the features' words are asked for).
            let single: Feature, form: String
            if isWord {
                form = SimilarityIndex.stem(units[index].text)
                single = SimilarityIndex.hash(form)
            } else {
                let character = RegionalForms.similarityForm(of: units, keys: keys, at: index, negated: negated[index])
                single = SimilarityIndex.hash(character)
                form = words != nil ? String(character) : ""
            }
            let mark: Feature = negated[index] ? SimilarityIndex.negation : 0
            result.add(isWord ? 1.5 : 1, to: single ^ mark)
            if words != nil { words?[single ^ mark] = (negated[index] ? "¬" : "") + form }
            if let previous, previous.clause == clause, previous.isWord == isWord {
                let pair = (previous.hash &* 0x100000001b3 &+ 0x9e3779b97f4a7c15) ^ single ^ mark
                result.add(1, to: pair)
                if words != nil { words?[pair] = (negated[index] ? "¬" : "") + previous.text + (isWord ? " " : "") + form }
            }
            previous = (single, form, clause, isWord)
        }
        if memo.spans == nil { memo.spans = matcher.allLexiconSpans(in: text) }
        if let spans = memo.spans {
            // NB: in the lexicons' order (a vector's sums depend on the order of its features).
            for id in spans.saidLexicons where id < lexiconFeatures.count {
                let said = spans[id].contains { !negated[$0.lowerBound] }
                result.add(1, to: said ? lexiconFeatures[id].said : lexiconFeatures[id].negated)
            }
        }
        return result
    }

    static let question = hash("?")
    static let negation: Feature = 0xa5a5_5a5a_c3c3_3c3c

    /// FNV-1a over the UTF-8 bytes.
    static func hash(_ text: String) -> Feature {
        FNV1a.hash(text.utf8)
    }

    /// `hash(String(scalar))`, without the string.
    static func hash(_ scalar: Unicode.Scalar) -> Feature {
        var hash = FNV1a()
        UTF8.encode(scalar) { hash.add($0) }
        return hash.value
    }

    /// A crude English stem: plural and verb endings off, so that forms of a word meet.
    /// NB: on the word's bytes (ASCII only is stemmed): String's counting and suffixes are
    /// Unicode-aware, and every English word of every reply passes here.
    static func stem(_ word: String) -> String {
        let bytes = word.utf8
        guard bytes.count > 4, bytes.allSatisfy({ $0 < 0x80 }) else { return word }
        guard !bytes.reversed().starts(with: "ss".utf8) else { return word }
        for suffix in ["gni", "sei", "de", "se", "s"] where bytes.reversed().starts(with: suffix.utf8) {
            return String(word.dropLast(suffix.utf8.count))
        }
        return word
    }
}

extension NormalizedText {
    /// Whether some negator in the reply is a real "no", not part of a courtesy (没关系, 没问题,
    /// 不客气, 不好意思, 没事, "no problem", "no worries", "don't worry").
    public var hasRealNegation: Bool {
        for index in negators.indices where negators[index] {
            let next = index + 1 < units.count ? units[index + 1].text : ""
            let word = units[index].text
            if (word == "没" && ["关", "问", "事"].contains(next)) || (word == "不" && ["客", "好", "用"].contains(next)) { continue }
            if (word == "no" && ["problem", "worries", "worry"].contains(next)) || (word == "don't" && next == "worry") { continue }
            return true
        }
        return false
    }

    /// For each unit, whether a negator before it in its clause (within the negation window)
    /// takes it back; negators themselves count as negated, so "不" is never a plain feature.
    /// Found once, by `init` (``negatedUnits``).
    func findNegatedUnits() -> [Bool] {
        var result = [Bool](repeating: false, count: units.count)
        var lastNegator: (index: Int, clause: Int)?
        for index in units.indices {
            if negators[index] {
                lastNegator = (index, units[index].clause)
                result[index] = true
                continue
            }
            // As for a phrase (``Matcher``): a negator does not reach past a contrast.
            if lastNegator != nil, Negation.beginsContrast(at: index, in: keys) {
                lastNegator = nil
                continue
            }
            guard let negator = lastNegator, negator.clause == units[index].clause else { continue }
            let isWord = !isCharacter(index)
            let window = isWord ? Negation.wordWindowSize : Negation.windowSize
            if index - negator.index <= window { result[index] = true }
        }
        return result
    }
}

extension NormalizedText {
    /// Whether a reply is a bare list of keywords ("漏码 电眼 剔除 超市", "sensor reject codes",
    /// "call, meeting, demo"): three or more chunks and (nearly) no word that holds a sentence
    /// together (我, 的, 了, 是 …; I, the, is, to …). Such a reply is not a move, however many
    /// right words it holds.
    ///
    /// A reply is cut into chunks at clause punctuation (、 ， , …), spaces and list signs (/ | · +);
    /// English set off by commas, semicolons or colons into its items instead. A chunk is a
    /// sentence when it holds a word that holds a sentence together (a pronoun or a particle: 我,
    /// 的, 了, 吗, 就 …; I, the, is, pls …), is long (six characters; an English item of three
    /// words or with a number); a bare acknowledgement or contrast marker (是的, 可是, 但是, "yes",
    /// "but") is neither sentence nor keyword. Three chunks or more and not one sentence among
    /// them is a list (「是的，可是，面子，样板厂」 names the yes-but without making it); so, in
    /// Chinese, is one short sentence among four keywords or more, unless chunks name a number or
    /// a day (「省墨 清晰 环保 省钱 服务好 稳定」 is a list, 「能的 今天签 两台 下周一装 旺季前用上」 a plan).
    static func looksLikeKeywordList(original: String, units: [Unit], keys: [UnitKey]) -> Bool {
        if isBracketedLabels(original: original, units: units) || isColonLabels(original: original) { return true }
        // A question asks something: it is a move, however terse.
        guard units.count >= 3, !units.contains(where: \.isQuestion) else { return false }
        // Most replies are sentences: two glue words that no marker holds settle it before the text
        // is split, and in English one does (in Chinese one may stand inside a keyword: 服务好, 请吃饭).
        // NB: by the units' keys (an integer each), not their text: this runs on every reply.
        var words = 0, characters = 0, glue = 0
        for index in units.indices {
            // (The 谢 of 谢谢 and the 再 of 再见 are courtesies, not glue: see below.)
            if KeywordListGlue.sentenceGlue.contains(keys[index]) && !KeywordListGlue.isInCourtesy(keys, at: index) {
                glue += 1
                if glue == 2 { return false }
            }
            words += 1
            if keys[index].isCharacter { characters += 1 }
        }
        guard words > 0 else { return false }
        let isEnglish = words - characters > characters
        if isEnglish && glue > 0 { return false }
        // A full stop or an exclamation marks sentences; so does a Chinese colon.
        let sentenceMarks = isEnglish ? ".!?" : "。！!：:"
        if original.unicodeScalars.contains(where: { sentenceMarks.unicodeScalars.contains($0) }) { return false }
        let characterArray = Array(original)
        var separators: Set<Character> = [" ", "\t", "\u{3000}", "、", ",", "，", ";", "；", "/", "|", "·", "+"]
        // English set off by commas (or colons, semicolons, list signs) is cut into its items, not
        // its words: a list's items are a word or two with no number ("call, meeting, demo" and
        // "yes but: savings, service" are lists; "sign today, 2 units, install Mon" is not).
        let englishItems = isEnglish && characterArray.contains { KeywordListGlue.itemSeparators.contains($0) }
        if englishItems { separators = KeywordListGlue.itemSeparators }
        // Chunks of units: a new one at a clause boundary or where spaces or list signs stand between two units.
        var chunks: [[String]] = []
        for (index, unit) in units.enumerated() where !unit.isQuestion {
            var starts = chunks.isEmpty
            if !starts, index > 0 {
                let previous = units[index - 1]
                if previous.clause != unit.clause || previous.isQuestion {
                    starts = true
                } else {
                    let gap = previous.source.upperBound..<max(previous.source.upperBound, unit.source.lowerBound)
                    starts = gap.contains { $0 < characterArray.count && separators.contains(characterArray[$0]) }
                }
            }
            if starts { chunks.append([unit.text]) } else { chunks[chunks.count - 1].append(unit.text) }
        }
        guard chunks.count >= 3 else { return false }
        // NB: one predicate among many keywords (「省墨 清晰 环保 省钱 服务好 稳定」) leaves a list.
        // (Counted for the second: predicates, and chunks that name a number or a day, 两台, 下周一装.)
        // A courtesy said as a chunk of its own (谢谢, 再见) is neither: 「恭喜 恭喜 明智 正确 选择 谢谢 再见」
        // is a list, 「好的 好的 没问题 谢谢 再见」 (fewer than three keywords beside them) is not.
        var sentences = 0, keywords = 0, specific = 0, courtesies = 0
        chunks: for chunk in chunks {
            if isEnglish {
                if chunk.allSatisfy({ KeywordListGlue.englishMarkers.contains($0) }) { continue }
                if chunk.contains(where: { KeywordListGlue.words.contains($0) }) { sentences += 1; continue chunks }
                if englishItems && (chunk.count > KeywordListGlue.listItemWords || chunk.contains(where: KeywordListGlue.namesNumber)) {
                    sentences += 1; continue chunks
                }
            } else {
                let joined = chunk.joined()
                if KeywordListGlue.markers.contains(joined) { continue }
                if KeywordListGlue.courtesies.contains(joined) { courtesies += 1; continue }
                if chunk.count >= KeywordListGlue.sentenceLength { return false }
                if chunk.contains(where: { KeywordListGlue.characters.contains($0) || KeywordListGlue.words.contains($0) }) { sentences += 1; continue chunks }
                // A negated modal makes a predicate (不用看, 没有插话); a negated property (不掉色) is a keyword.
                for position in chunk.indices.dropLast() where Negation.isNegatorUnit(chunk[position]) && KeywordListGlue.modals.contains(chunk[position + 1]) {
                    sentences += 1; continue chunks
                }
                if chunk.contains(where: { KeywordListGlue.numerals.contains($0) || KeywordListGlue.namesNumber($0) }) { specific += 1 }
            }
            keywords += 1
        }
        // A list: keywords only, or (in Chinese without English words) one short predicate among
        // four keywords or more.
        let isList = sentences == 0 || (words == characters && keywords >= 4 && (sentences + specific) * 4 <= keywords)
        return isList && (courtesies == 0 || keywords >= 3)
    }
}

private extension Unicode.Scalar.Properties {
    /// Punctuation and symbols, which make no chunk of their own.
    var isPunctuationLike: Bool {
        switch generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}

extension NormalizedText {
    /// Whether the words from unit `start` on are a bare list of keywords, as the words after a
    /// contrast are in 「是的是的可是 省钱 环保 质量好 售后好 大品牌 您买吧」: the nod and the "but"
    /// with keywords strung after them name the redirect without making it: four chunks or more
    /// (cut at spaces and punctuation), each of one to three Chinese characters and none naming a
    /// number (质量好 and 您买吧 are sentences only in name there; 「一年 省 两万」 is a reason typed
    /// in pieces). A whole reply is weighed by ``isKeywordList``.
    /// NB: asked when a rule's move is found with words after it; answered from the units'
    /// clauses, offsets and keys, without copying the words.
    public func isKeywordList(fromUnit start: Int) -> Bool {
        guard start > 0, start < units.count else { return start <= 0 && isKeywordList }
        var chunks = 1, chunkLength = 1, longest = 1
        for index in (start + 1)..<units.count {
            let previous = units[index - 1], unit = units[index]
            if previous.clause != unit.clause || previous.source.upperBound < unit.source.lowerBound {
                chunks += 1
                chunkLength = 0
            }
            chunkLength += 1
            longest = max(longest, chunkLength)
        }
        guard chunks >= 4, longest <= 3 else { return false }
        return (start..<units.count).allSatisfy { isCharacter($0) && !KeywordListGlue.numerals.contains(units[$0].text) }
    }

    /// Whether a reply is a rubric's headings filled in: two sentences or more of the form
    /// "heading: a few words", and no more sentences of any other form ("Praise: nice office.
    /// Suggestion: buy our printer. Topic: weather.", 「公司背景：有。售后服务：有。」). The heading
    /// is at most three words or six characters and what follows it at most five words or eight
    /// characters: "If you go ahead now: price locked, installed before peak" and 「In short: our
    /// TIJ puts sharp codes on your cartons…」 are sentences. What names a number is a plan, as in
    /// a list of keywords ("Option A: Tue 9am. Option B: Wed 2pm.", 「报价：38000。交期：两周。」,
    /// and a time, 9:30), not a heading filled in.
    /// NB: only a reply with a colon is looked at.
    static func isColonLabels(original: String) -> Bool {
        guard KeywordListGlue.hasColon(original) else { return false }
        var labelled = 0, other = 0
        for sentence in original.split(whereSeparator: { KeywordListGlue.sentenceEnds.contains($0) }) {
            guard sentence.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            guard let colon = sentence.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
                other += 1
                continue
            }
            let heading = sentence[..<colon], rest = sentence[sentence.index(after: colon)...]
            if isShortItem(heading, words: 3, characters: 6), isShortItem(rest, words: 5, characters: 8),
               !rest.contains(where: { $0.isNumber }) {
                labelled += 1
            } else {
                other += 1
            }
        }
        return labelled >= 2 && other <= labelled / 2
    }

    /// Whether `text` says something and holds at most `words` words of an alphabet (or numbers)
    /// and at most `characters` Chinese characters.
    private static func isShortItem(_ text: Substring, words: Int, characters: Int) -> Bool {
        var wordCount = 0, characterCount = 0, inWord = false
        for character in text {
            if let scalar = character.unicodeScalars.first, CharacterClass.isIdeographic(scalar) {
                characterCount += 1
                inWord = false
            } else if character.isLetter || character.isNumber {
                if !inWord { wordCount += 1 }
                inWord = true
            } else {
                inWord = false
            }
        }
        return wordCount + characterCount > 0 && wordCount <= words && characterCount <= characters
    }

    /// Whether a reply is labels in brackets with nothing said around them but markers: a rubric's
    /// tags typed for the moves ("[congratulate] [wise choice] [leave promptly]", 「是的、是的、可是……
    /// （冷静）（利益）（建议）」). Two bracketed labels or more name moves without making them.
    /// NB: only a reply with an opening bracket is looked at; a sentence around a bracket is not labels.
    static func isBracketedLabels(original: String, units: [Unit]) -> Bool {
        guard KeywordListGlue.hasOpeningBracket(original) else { return false }
        var inside: [Bool] = []
        var depth = 0, labels = 0
        for character in original {
            let scalar = character.unicodeScalars.first
            if let scalar, KeywordListGlue.openingBrackets.contains(scalar) {
                depth += 1
                if depth == 1 { labels += 1 }
                inside.append(true)
            } else if let scalar, KeywordListGlue.closingBrackets.contains(scalar) {
                inside.append(true)
                depth = max(0, depth - 1)
            } else {
                inside.append(depth > 0)
            }
        }
        guard labels >= 2 else { return false }
        var outside = "", labelled = false
        for unit in units where !unit.isQuestion {
            if unit.source.lowerBound < inside.count, inside[unit.source.lowerBound] {
                labelled = true
            } else if !KeywordListGlue.englishMarkers.contains(unit.text) {
                outside += unit.text
            }
        }
        guard labelled else { return false }
        // What is said outside the brackets must be markers only (是的是的可是).
        var rest = Substring(outside)
        while !rest.isEmpty {
            guard let marker = KeywordListGlue.markersLongestFirst.first(where: { rest.hasPrefix($0) }) else { return false }
            rest = rest.dropFirst(marker.count)
        }
        return true
    }
}

/// The words that hold a sentence together: a reply without any of them is a list, not a sentence.
enum KeywordListGlue {
    /// Whether `text` holds a colon: by its UTF-8 bytes (":"; "：" is EF BC 9A), since this is
    /// asked of every reply.
    static func hasColon(_ text: String) -> Bool {
        text.containsUTF8Mark { bytes, index in
            switch bytes[index] {
            case 0x3A: return true
            case 0xEF: return bytes.follows(index, 0xBC, 0x9A)
            default: return false
            }
        }
    }

    /// What ends a sentence, for ``NormalizedText/isColonLabels(original:)``.
    static let sentenceEnds: Set<Character> = ["。", ".", "!", "！", "?", "？", ";", "；", "\n"]
    /// Brackets that set off a label ("[wise choice]", 「（利益）」).
    static let openingBrackets: Set<Unicode.Scalar> = ["[", "(", "（", "【", "〔", "<", "《"]
    static let closingBrackets: Set<Unicode.Scalar> = ["]", ")", "）", "】", "〕", ">", "》"]

    /// Whether `text` holds one of ``openingBrackets``: by its UTF-8 bytes ("[", "(", "<"; （ is EF BC
    /// 88; 【 〔 《 are E3 80 90, 94, 8A), since this is asked of every reply.
    static func hasOpeningBracket(_ text: String) -> Bool {
        text.containsUTF8Mark { bytes, index in
            switch bytes[index] {
            case 0x5B, 0x28, 0x3C: return true
            case 0xEF: return bytes.follows(index, 0xBC, 0x88)
            case 0xE3: return bytes.follows(index, 0x80, 0x90) || bytes.follows(index, 0x80, 0x94) || bytes.follows(index, 0x80, 0x8A)
            default: return false
            }
        }
    }

    /// Characters that hold a Chinese sentence together (pronouns, particles, modal verbs,
    /// negators, adverbs of a clause): characters that also stand inside the content words a
    /// list names (用 in 试用, 对 in 对手, 先 in 先进, 跟 in 跟进) are left out, so that a list of
    /// such words is still a list.
    static let characters: Set<String> = Set(("我你您他她它咱的了是在把被吧吗呢啊呀哦嘛啦会要能就都也还让给说很太又再去过着得地么帮请可以想看谢好行找麻嘅咗系佢哋啲喺咁嘢啰喎咪")
        .map { String($0) })
    /// What makes a negator a predicate's: 不用, 没有, 不要, 不能, 不会, 不是, 不必, 不需, and
    /// Cantonese 唔使 / 唔驶 (不用).
    static let modals: Set<String> = ["用", "有", "要", "能", "会", "是", "必", "需", "使", "驶"]
    /// The glue characters that markers hold (是的, 可是, 不过, 是啊): a chunk with them may still be a bare marker.
    static let markerCharacters: Set<String> = ["的", "是", "可", "啊", "过"]
    /// Whether a unit holds a digit or another number sign (2, 42ml, ½).
    static func namesNumber(_ unit: String) -> Bool {
        unit.unicodeScalars.contains { $0.properties.numericType != nil }
    }
    /// Chinese numerals: a chunk with one names a quantity or a day (两台, 下周一, 十点).
    static let numerals: Set<String> = Set("零一二三四五六七八九十百千万两几半".map { String($0) })
    /// A Chinese chunk this long is a sentence, glue or not.
    static let sentenceLength = 6
    /// The most words an item of an English list set off by commas has ("next step", "no push").
    static let listItemWords = 2
    /// Courtesies of two characters (in simplified form), said as a chunk of their own in a list
    /// of keywords: a glue character inside one (谢, 再, 您, 好, 麻) does not make a sentence.
    static let courtesies: Set<String> = ["谢谢", "多谢", "感谢", "再见", "拜拜", "您好", "你好", "麻烦", "辛苦"]
    /// ``courtesies`` as pairs of scalars (the first in the high half).
    static let courtesyPairs: Set<UInt64> = Set(courtesies.compactMap { word -> UInt64? in
        let scalars = Array(word.unicodeScalars)
        guard scalars.count == 2 else { return nil }
        return UInt64(scalars[0].value) << 32 | UInt64(scalars[1].value)
    })

    /// Whether the unit at `index` is one of the two characters of a courtesy (``courtesies``).
    /// NB: asked only of a glue character, by the units' keys.
    static func isInCourtesy(_ keys: [UnitKey], at index: Int) -> Bool {
        func startsCourtesy(_ first: Int) -> Bool {
            guard first >= 0, first + 1 < keys.count, let a = keys[first].scalar, let b = keys[first + 1].scalar else { return false }
            return courtesyPairs.contains(UInt64(a) << 32 | UInt64(b))
        }
        return startsCourtesy(index - 1) || startsCourtesy(index)
    }

    /// Acknowledgement and contrast markers: alone, a chunk of them is no move and no keyword.
    static let markers: Set<String> = ["是的", "是", "对", "对的", "对对", "是是", "没错", "可是", "但是", "但", "不过", "可", "然而", "是啊", "对啊", "嗯", "嗯嗯"]
    /// The markers, longest first (to read a run of them: 是的是的可是).
    static let markersLongestFirst: [String] = markers.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
    /// English acknowledgement and contrast markers: alone, a chunk of them is no move and no keyword.
    static let englishMarkers: Set<String> = ["yes", "yeah", "yep", "but", "however", "though", "ok", "okay", "k", "sure", "right", "true", "agreed", "understood", "indeed"]
    /// What sets off the items of an English list.
    static let itemSeparators: Set<Character> = [",", "，", ";", "；", ":", "：", "/", "|", "·", "+", "、"]
    /// The words and the characters (but the markers') that settle a reply as a sentence, as keys.
    /// (Asked of every unit of a reply: a ``UnitKeySet``.)
    static let sentenceGlue = UnitKeySet(Array(words.subtracting(englishMarkers).map(UnitKey.init)) + characters.subtracting(markerCharacters).map(UnitKey.init))
    static let words: Set<String> = [
        "i", "i'm", "im", "i'll", "you", "your", "you're", "we", "we're", "we'll", "our", "us", "me", "my", "he", "she", "they", "it", "it's",
        "the", "a", "an", "is", "are", "was", "were", "be", "to", "of", "for", "in", "on", "at", "with", "and", "but", "so", "or",
        "that", "this", "can", "will", "would", "could", "should", "do", "does", "have", "has", "let", "let's", "if", "not", "no", "yes",
        "what", "how", "when", "why", "who", "which", "there", "here", "just", "please", "thanks", "sure", "ok", "okay",
        "these", "those", "his", "her", "their", "them", "its", "some", "any", "all", "every", "each", "very", "really", "too", "also",
        "look", "looks", "get", "got", "make", "need", "want", "go", "come", "see", "know", "think", "take", "give", "am", "been",
        // "r" for "are" (chat spellings such as "u", "pls", "gonna" are read as their words, ``ChatSpelling``).
        "r",
    ]
}

/// Features with their idf and postings, for ``SimilarityIndex/rank(_:matcher:memo:)``.
///
/// NB: an open-addressed table over flat lists, not a `Dictionary` of arrays: a reply's features
/// are looked up with one multiply and a probe (a feature is already a hash), at every reply.
struct FeaturePostings: Sendable {
    typealias Feature = SimilarityIndex.Feature
    /// The features, each numbering its entry.
    private let features: CodeTable
    /// Per entry: its idf, and the bounds of its postings in `vectors` and `weights`.
    let idf: [Double]
    private let starts: [Int32]
    let vectors: [Int32]
    let weights: [Double]

    init(idf: [Feature: Double], postings: [Feature: [(vector: Int, weight: Double)]]) {
        var features: [Feature] = [], idfs: [Double] = [], starts: [Int32] = [0], vectors: [Int32] = [], weights: [Double] = []
        features.reserveCapacity(idf.count)
        idfs.reserveCapacity(idf.count)
        for (feature, value) in idf {
            features.append(feature)
            idfs.append(value)
            for posting in postings[feature] ?? [] {
                vectors.append(Int32(truncatingIfNeeded: posting.vector))
                weights.append(posting.weight)
            }
            starts.append(Int32(truncatingIfNeeded: vectors.count))
        }
        self.features = CodeTable(features)
        self.idf = idfs
        self.starts = starts
        self.vectors = vectors
        self.weights = weights
    }

    /// The entry of `feature`, if a phrasing has it.
    @inline(__always)
    func entry(of feature: Feature) -> Int? { features.entry(of: feature) }

    /// The bounds of an entry's postings in ``vectors`` and ``weights``.
    @inline(__always)
    func postings(of entry: Int) -> Range<Int> { Int(starts[entry])..<Int(starts[entry + 1]) }
}

/// A text's features and their weights, in the order they were first met.
///
/// NB: iterated in that order, never in a `Dictionary`'s: sums of floating-point numbers depend
/// on their order, and a dictionary's order differs between two dictionaries of the same keys
/// (its seed is its storage's), so the same reply ranked twice could differ in the last digit —
/// and fall on either side of a threshold.
struct FeatureVector: Sequence, Sendable {
    typealias Feature = SimilarityIndex.Feature
    private(set) var features: [Feature] = []
    private(set) var weights: [Double] = []
    /// Places in `features` by slot (-1: empty), probed as ``CodeTable`` probes: a text's features
    /// are counted on every reply.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 0) {
        features.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Adds `weight` to `feature`'s weight (0 when it is new).
    mutating func add(_ weight: Double, to feature: Feature) {
        var slot = CodeTable.slot(feature, mask: mask)
        while true {
            let place = Int(slots[slot])
            if place < 0 { break }
            if features[place] == feature {
                weights[place] += weight
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(features.count)
        features.append(feature)
        weights.append(weight)
        if features.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (place, feature) in features.enumerated() {
            var slot = CodeTable.slot(feature, mask: mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(place)
        }
    }

    /// The weight of `feature`, nil when the text does not have it.
    subscript(feature: Feature) -> Double? {
        var slot = CodeTable.slot(feature, mask: mask)
        while true {
            let place = Int(slots[slot])
            if place < 0 { return nil }
            if features[place] == feature { return weights[place] }
            slot = (slot + 1) & mask
        }
    }

    func makeIterator() -> Zip2Sequence<[Feature], [Double]>.Iterator { zip(features, weights).makeIterator() }
}
