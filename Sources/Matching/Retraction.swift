/// Words a reply names only to set them aside: the topic of a negation that follows it.
///
/// Chinese often names a thing first and says "no" to it afterwards: 「测试就不用做了」,
/// 「追溯码、读码器、剔除，这些您都不用管」, 「档案、时间表这些等他下单了再说」,
/// 「关机清洗？没必要」. The negation rule looks for a negator *before* a phrase, so it cannot see
/// these; a reply that names the good reply's words only to drop them must not count for it.
///
/// A unit is retracted when it stands in
/// - the topic of a clause whose negator follows 就 / 都 / 也 / 还 and says "no need / not do"
///   (不用, 不需要, 不必, 没必要, 不做, 不说, 不去, 没有 …): 「样机试打就不用了」;
/// - the topic before a resumptive 这些 / 那些 / 这个 / 这种 … that a negator or a deferral
///   (再说, 再谈, 再查) follows, together with the list items right before it
///   (「试打、合同、包退、驻厂这些我们都没有」);
/// - a question echoed back and then dismissed (「关机清洗？没必要」);
/// - a list the reply opens with, then a deferral, a "no need" or a shrug (「记录、36瓶……我回头再查」,
///   「普洱、卡片、书法……送啥都行吧」).
extension NormalizedText {
    /// For each unit, whether the reply names it only to set it aside (see ``NormalizedText``'s
    /// retraction rules above); false for every unit of most replies. Found once, by `init`
    /// (``retractedUnits``).
    func findRetractedUnits() -> [Bool] {
        var result = [Bool](repeating: false, count: units.count)
        let list = leadingList
        guard !units.isEmpty, negators.contains(true) || Retraction.hasDeferral(keys) || list != nil else { return result }
        var clauseStarts: [Int] = []
        for index in units.indices where index == 0 || units[index - 1].clause != units[index].clause { clauseStarts.append(index) }
        func clauseRange(_ number: Int) -> Range<Int> {
            clauseStarts[number]..<(number + 1 < clauseStarts.count ? clauseStarts[number + 1] : units.count)
        }
        for number in clauseStarts.indices {
            let range = clauseRange(number)
            // A question echoed and dismissed: 「关机清洗？没必要」.
            if number > 0, Retraction.isDismissal(units, range: range, negators: negators) {
                let previous = clauseRange(number - 1)
                if units[previous.upperBound - 1].isQuestion {
                    for index in previous { result[index] = true }
                }
            }
            // A resumptive pronoun followed by a negator or a deferral: the topic before it is set aside.
            if let resumptive = Retraction.resumptive(in: units, keys: keys, range: range) {
                let rest = resumptive.upperBound..<range.upperBound
                let dropped = rest.contains { negators[$0] } || Retraction.defers(keys, range: rest) || Retraction.shrugs(units, range: rest)
                if dropped {
                    for index in range.lowerBound..<resumptive.lowerBound { result[index] = true }
                    // The list items before it (short clauses: 「试打、合同、包退、驻厂这些」).
                    var earlier = number - 1
                    while earlier >= 0 {
                        let items = clauseRange(earlier)
                        guard items.count <= Retraction.listItemLength, !units[items.upperBound - 1].isQuestion else { break }
                        for index in items { result[index] = true }
                        earlier -= 1
                    }
                    continue
                }
            }
            // 「测试就不用做了」: topic, adverb, negator, "need / do".
            for index in range where negators[index] && index > range.lowerBound + 1 {
                guard Retraction.adverbs.contains(units[index - 1].text),
                      index + 1 < range.upperBound, Retraction.needOrDo.contains(units[index + 1].text) else { continue }
                var topicEnd = index - 1
                // 「这些我们都没有」 is handled above; here a subject may stand between: 「半小时我也不用了」.
                if topicEnd > range.lowerBound, Retraction.subjects.contains(units[topicEnd - 1].text) { topicEnd -= 1 }
                for unit in range.lowerBound..<topicEnd { result[unit] = true }
                break
            }
        }
        // A list the reply opens with, then a deferral or a "no need": 「记录、36瓶、24瓶……我回头再查」.
        if let list, list.upperBound < units.count {
            let nextClause = units[list.upperBound].clause
            let rest = list.upperBound..<(units.firstIndex { $0.clause > nextClause } ?? units.count)
            let dismissed = Retraction.defers(keys, range: rest) || Retraction.laterOrNever(units, range: rest) || Retraction.shrugs(units, range: rest)
                || rest.contains { index in
                    negators[index] && index + 1 < rest.upperBound && Retraction.needOrDo.contains(units[index + 1].text)
                }
            if dismissed { for index in list { result[index] = true } }
        }
        return result
    }

    /// The units of a list the reply opens with: two or more short items joined by 、 (or "…"),
    /// before the rest of the reply: 「VOC、整改、水性墨水，我们晨讯全都是全国最好的」. Nil for most
    /// replies (a greeting and a name, 「郑厂长，您好」, are not a list: no 、 joins them).
    public var leadingList: Range<Int>? {
        guard units.count >= 4, let last = units.last, last.clause >= 2, Retraction.holdsListMark(original) else { return nil }
        let characters = Array(original)
        var items = 0, end = 0, index = 0
        while index < units.count {
            let clause = units[index].clause
            var next = index
            while next < units.count && units[next].clause == clause { next += 1 }
            // An item is short, asks nothing, and something follows the list.
            guard next - index <= Retraction.listItemLength, !units[next - 1].isQuestion, next < units.count else { break }
            items += 1
            end = next
            let gap = units[next - 1].source.upperBound..<max(units[next - 1].source.upperBound, units[next].source.lowerBound)
            guard gap.contains(where: { $0 < characters.count && ["、", "…", "/"].contains(characters[$0]) }) else { break }
            index = next
        }
        return items >= 2 ? 0..<end : nil
    }
}

enum Retraction {
    /// A shrug at what was named: 都行, 随便, 看着办, 无所谓, 都懂 (「普洱、卡片、书法……送啥都行吧」).
    static func shrugs(_ units: [NormalizedText.Unit], range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            let pair = units[index].text + units[index + 1].text
            if ["都行", "随便", "看着", "所谓", "都懂"].contains(pair) { return true }
            index += 1
        }
        return false
    }

    /// 下次, 回头, 以后, 改天 + a verb: the topic is put off.
    static func laterOrNever(_ units: [NormalizedText.Unit], range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            let pair = units[index].text + units[index + 1].text
            if ["下次", "回头", "改天", "以后"].contains(pair) { return true }
            index += 1
        }
        return false
    }

    /// Adverbs that put a topic before a negation: 就不用, 都没有, 也不用, 还不用.
    static let adverbs: Set<String> = ["就", "都", "也", "还"]
    /// What a topic is said to need or get after the negator: 不用, 不需要, 不必, 没必要, 不做, 不说, 不谈, 不去, 没动, 不管.
    static let needOrDo: Set<String> = ["用", "需", "必", "要", "做", "说", "谈", "讲", "提", "去", "动", "管", "麻", "考", "弄", "搞"]
    /// A subject that may stand between the topic and the adverb.
    static let subjects: Set<String> = ["我", "您", "你", "他", "她", "咱"]
    /// Resumptive pronouns: 这些, 那些, 这个, 那个, 这种, 这套, 那套, 这事.
    static let resumptiveFirstKeys: [UnitKey] = [UnitKey("这"), UnitKey("那")]
    static let resumptiveSecond: Set<String> = ["些", "个", "种", "套", "事", "类"]
    /// What follows a resumptive pronoun (an adverb, a subject, a negator, a deferral), unlike a
    /// demonstrative before its noun (这个月, 这些机器): 这些都…, 这个我…, 这事下次再说, 这种东西不用….
    static let resumptiveNext: Set<String> = ["都", "就", "也", "还", "我", "您", "你", "他", "她", "咱", "不", "没", "别", "下", "等", "先", "以", "回", "再", "话", "东", "事", "嘛", "啊", "呢"]
    /// How many units a list item before a resumptive pronoun may have.
    static let listItemLength = 8

    /// The resumptive pronoun in a clause, if any.
    static func resumptive(in units: [NormalizedText.Unit], keys: [UnitKey], range: Range<Int>) -> Range<Int>? {
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            // NB: the first character by its key (two integers to compare), not a string's hash: this
            // runs on every unit of every reply.
            if resumptiveFirstKeys.contains(keys[index]), resumptiveSecond.contains(units[index + 1].text),
               index + 2 < range.upperBound, resumptiveNext.contains(units[index + 2].text) {
                return index..<index + 2
            }
            index += 1
        }
        return nil
    }

    /// Whether the clause puts its topic off: 再说, 再谈, 再讲, 再查, 再聊.
    /// NB: by the units' keys (a CJK character's key is its code point), not their text: asked of
    /// every unit of every reply, and a string comparison of two different Chinese characters takes
    /// the standard library's slow, Unicode-aware path.
    static func defers(_ keys: [UnitKey], range: Range<Int>) -> Bool {
        let deferral = Retraction.deferral
        var index = range.lowerBound
        while index + 1 < range.upperBound {
            if keys[index] == deferral, deferredVerbs.contains(keys[index + 1]) { return true }
            index += 1
        }
        return false
    }

    /// 再, and the verbs that put a topic off after it (``defers(_:range:)``).
    static let deferral = UnitKey(scalar: "再")
    static let deferredVerbs: [UnitKey] = ["说", "谈", "讲", "查", "聊"].map { UnitKey(scalar: $0) }

    static func hasDeferral(_ keys: [UnitKey]) -> Bool {
        defers(keys, range: keys.indices)
    }

    /// Whether `text` holds a mark that joins a list's items: 、, … or / (NB: by its UTF-8 bytes,
    /// E3 80 81, E2 80 A6 and 2F, as every reply is asked).
    static func holdsListMark(_ text: String) -> Bool {
        text.containsUTF8Mark { bytes, index in
            switch bytes[index] {
            case 0x2F: return true
            case 0xE3: return bytes.follows(index, 0x80, 0x81)
            case 0xE2: return bytes.follows(index, 0x80, 0xA6)
            default: return false
            }
        }
    }

    /// A clause that is only a dismissal: 没必要, 不用, 不需要, 不必, 没用 (with 了 / 吧 / 啦).
    static func isDismissal(_ units: [NormalizedText.Unit], range: Range<Int>, negators: [Bool]) -> Bool {
        guard range.count >= 2, range.count <= 5, negators[range.lowerBound] else { return false }
        let next = units[range.lowerBound + 1].text
        return ["用", "需", "必"].contains(next)
    }
}
