/// Which units negate what follows them ("不", "没", "not", "never" ...).
///
/// A phrase occurrence does not count as said when a negator stands within ``windowSize``
/// units (``wordWindowSize`` for English words) before it in the same clause: "我不会给您延期"
/// does not say "给您延期".
enum Negation {
    /// How many units before a phrase are searched for a negator.
    static let windowSize = 5
    /// The same for a phrase that starts with a word (English): words carry more than characters.
    static let wordWindowSize = 3

    static let singleUnit: Set<String> = [
        "不", "没", "别", "未", "无", "勿", "莫", "甭", "唔",
        // Chat spellings without the apostrophe ("dont", "cant") are read as these (``ChatSpelling``);
        // "wont" is a word of its own and stays.
        "not", "never", "no", "don't", "won't", "wont", "can't", "cannot",
        "isn't", "doesn't", "didn't", "wouldn't",
        "shouldn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "without", "nor",
    ]

    /// Characters that, following a negator character, make an ordinary word of it
    /// (不过 "but", 不错 "good", 别人 "others", 无论 "no matter" ...).
    static let compounds: [String: Set<String>] = [
        "不": ["过", "错", "断", "仅", "但", "少", "管", "久", "同", "妨", "如", "然", "止", "论"],
        "别": ["人", "的", "处", "家", "墅", "致"],
        "无": ["论", "数"],
        "没": ["错"],
        "未": ["来"],
        "莫": ["名"],
        // Cantonese 唔 is 不 before a character (唔可以); 唔该 is "thank you", 唔 alone "hmm".
        "唔": ["该"],
    ]

    /// The units that are a contrast by themselves: "but", "however", "though", "although", 但
    /// (compared as keys: asked of every unit a negation is looked for across).
    private static let contrastWords: [UnitKey] = ["but", "however", "though", "although", "但"].map { UnitKey($0) }
    private static let ke = UnitKey("可"), shi = UnitKey("是"), bu = UnitKey("不"), guo = UnitKey("过"),
                       ran = UnitKey("然"), er = UnitKey("而"), dan = UnitKey("但")

    /// Whether a contrast begins at unit `index` (「但」「可是」「不过」「然而」, "but", "however",
    /// "though"): a negator before it does not reach the words after it. 不但 ("not only") is no contrast.
    static func beginsContrast(at index: Int, in keys: [UnitKey]) -> Bool {
        let key = keys[index]
        if key == ke || key == bu || key == ran {
            guard index + 1 < keys.count else { return false }
            let next = keys[index + 1]
            return key == ke ? next == shi : key == bu ? next == guo : next == er
        }
        guard contrastWords.contains(key) else { return false }
        return !(key == dan && index > 0 && keys[index - 1] == bu)
    }

    /// Whether `text` is in ``singleUnit``: a single character is one of its Chinese negators
    /// (asked without hashing the text, as it is for every unit of every reply).
    @inline(__always)
    static func isNegatorUnit(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            switch first {
            case "不", "没", "别", "未", "无", "勿", "莫", "甭", "唔": return true
            default: return false
            }
        }
        return singleUnit.contains(text)
    }

    /// ``singleUnit`` as keys.
    static let singleUnitKeys = UnitKeySet(singleUnit.map(UnitKey.init))

    static func negators(in units: [NormalizedText.Unit]) -> [Bool] {
        negators(in: units, keys: units.map(\.key))
    }

    /// As above, with the units' keys (NB: a unit is asked whether it negates by its key, an
    /// integer, not by its text: every unit of every reply is asked).
    static func negators(in units: [NormalizedText.Unit], keys: [UnitKey]) -> [Bool] {
        var result = [Bool](repeating: false, count: units.count)
        var skipNext = -1
        // NB: a unit is read only when its key says it is a negator (reading each unit retained
        // and released its text).
        for index in keys.indices where singleUnitKeys.contains(keys[index]) {
            let unit = units[index]
            if let exceptions = compounds[unit.text], index + 1 < units.count,
               units[index + 1].clause == unit.clause, exceptions.contains(units[index + 1].text),
               !(unit.text == "不" && units[index + 1].text == "同" && index + 2 < units.count && units[index + 2].text == "意") {
                continue
            }
            // 特别 ("especially"), 分别, 区别: 别 after these is part of a word.
            if unit.text == "别", index > 0, ["特", "分", "区", "告", "级", "类", "性", "识", "差"].contains(units[index - 1].text) {
                continue
            }
            // 不同意 ("disagree") is a negation even though 不同 ("different") is not.
            if unit.text == "不", index + 2 < units.count, units[index + 1].text == "同", units[index + 2].text == "意" {
                result[index] = true
                continue
            }
            // A-不-A is a question, not a negation: 能不能, 是不是, 行不行, 可不可以.
            if ["不", "没", "唔"].contains(unit.text), index > 0, index + 1 < units.count,
               units[index - 1].text == units[index + 1].text, units[index - 1].clause == unit.clause {
                continue
            }
            // 要不 ("how about ...", "otherwise") is a suggestion, not a negation.
            if unit.text == "不", index > 0, units[index - 1].text == "要", units[index - 1].clause == unit.clause {
                continue
            }
            // 不得不 ("have to") is a double negative: neither 不 negates.
            if unit.text == "不", index + 2 < units.count, units[index + 1].text == "得", units[index + 2].text == "不" {
                skipNext = index + 2
                continue
            }
            if index == skipNext { continue }
            // "not only" is "also", not a negation.
            if unit.text == "not", index + 1 < units.count, units[index + 1].text == "only" { continue }
            // 不好意思 ("excuse me") is politeness, not negation.
            if unit.text == "不" || unit.text == "唔", index + 3 < units.count,
               units[index + 1].text == "好", units[index + 2].text == "意", units[index + 3].text == "思" {
                continue
            }
            // 「您不想亲眼看看吗?」, "don't you want to see it?": a question that invites, not a
            // negation (不想 / 不要 with 吗 later in the clause; a negative word right before "you").
            if unit.text == "不", index + 1 < units.count, units[index + 1].clause == unit.clause,
               units[index + 1].text == "想" || units[index + 1].text == "要",
               units[(index + 2)...].prefix(while: { $0.clause == unit.clause }).contains(where: { $0.text == "吗" }) {
                continue
            }
            if unit.text.hasSuffix("n't"), index + 1 < units.count, units[index + 1].clause == unit.clause, units[index + 1].text == "you" {
                continue
            }
            // 唔 with nothing after it in its clause is the interjection "hmm", not a negation.
            if unit.text == "唔", index + 1 >= units.count || units[index + 1].clause != unit.clause { continue }
            result[index] = true
        }
        return result
    }
}
