/// Cantonese-flavoured forms that trainees in Guangzhou type, and where each is understood.
///
/// Two places, chosen per form by one question: does the character mean anything else in
/// Mandarin text? A fold in the normaliser changes every pattern and every reply, so it is only
/// safe for characters that are Cantonese and nothing else:
///
/// | typed | folded to | why a fold is safe |
/// |---|---|---|
/// | 冇 | 没有 | only Cantonese "have not" |
/// | 嘅 | 的 | only the Cantonese particle |
/// | 啲 | 些 | only Cantonese "some, a bit" (快啲 is 快些) |
/// | 咗 | 了 | only the Cantonese perfective |
/// | 喺 | 在 | only Cantonese "at, be in" |
/// | 佢 | 他 | Cantonese "he, she"; not a Mandarin word |
///
/// The others are Mandarin characters too, so they are **lexicon-level equivalences**: a lexicon
/// phrase with the Mandarin form also matches the Cantonese one, and patterns outside lexicons
/// are untouched:
///
/// | Mandarin in a lexicon phrase | also matches | why not a fold |
/// |---|---|---|
/// | 不 | 唔 | 唔 is also the interjection "hmm" (唔，让我想想) |
/// | 是不是, 不是 | 系唔系, 唔系 | 係 (系 once simplified) is 关系, 系统 in Mandarin |
/// | 这么, 那么 | 咁 | one Cantonese word for two Mandarin ones |
/// | 搞定 | 搞掂 | 掂 alone is Mandarin 掂量 ("weigh up") |
///
/// 唔 before a character in the same clause also negates (``Negation``): 我唔可以延期.
enum RegionalForms {
    /// The normaliser's folds (scalar to its Mandarin units).
    static func fold(_ value: UInt32) -> [Unicode.Scalar]? {
        switch value {
        case 0x5187: return ["没", "有"]   // 冇
        case 0x5605: return ["的"]         // 嘅
        case 0x5572: return ["些"]         // 啲
        case 0x5497: return ["了"]         // 咗
        case 0x55BA: return ["在"]         // 喺
        case 0x4F62: return ["他"]         // 佢
        default: return nil
        }
    }

    /// Whether `value` may be folded: a range test first, as nearly every character is outside.
    @inline(__always)
    static func mayFold(_ value: UInt32) -> Bool {
        value >= 0x4F62 && value <= 0x5605
            && (value == 0x5187 || value == 0x5605 || value == 0x5572 || value == 0x5497 || value == 0x55BA || value == 0x4F62)
    }

    /// Mandarin forms in lexicon phrases and the Cantonese forms that also match them, longest
    /// first, as units (normalised: 係 is written 系, as the normaliser simplifies it).
    static let equivalences: [(mandarin: [String], cantonese: [String])] = [
        (["是", "不", "是"], ["系", "唔", "系"]), (["不", "是"], ["唔", "系"]), (["这", "么"], ["咁"]), (["那", "么"], ["咁"]),
        (["搞", "定"], ["搞", "掂"]), (["不"], ["唔"]),
    ]

    /// Every Mandarin form holds one of these: a phrase without any has no variant, which settles
    /// nearly every phrase with a few comparisons per character.
    /// (As code points: a phrase's keys are asked without building its units.)
    static let triggerValues: Set<UInt32> = Set("不这那搞".unicodeScalars.map(\.value))

    /// The Cantonese variants of a lexicon phrase (none for most phrases).
    static func variants(of phrase: Phrase) -> [Phrase] {
        guard phrase.keys.contains(where: { $0.scalar.map(triggerValues.contains) ?? false }) else { return [] }
        var forms: [[String]] = [phrase.units]
        for (mandarin, cantonese) in equivalences {
            for form in forms where forms.count < 8 {
                let variant = replacing(mandarin, with: cantonese, in: form)
                if variant != form && !forms.contains(variant) { forms.append(variant) }
            }
        }
        return forms.dropFirst().map { Phrase(units: $0) }
    }

    /// `units` with every occurrence of `target` replaced.
    static func replacing(_ target: [String], with replacement: [String], in units: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < units.count {
            if index + target.count <= units.count, Array(units[index..<index + target.count]) == target {
                result += replacement
                index += target.count
            } else {
                result.append(units[index])
                index += 1
            }
        }
        return result
    }

    /// The Mandarin character a Cantonese one stands for, for similarity only: a reply and the
    /// examples it is compared with both pass through it, so 「我哋唔会有呢啲问题」 meets
    /// 「我们不会有这些问题」 and 「慳返啲钱」 meets 「省钱」. Characters that are Mandarin words too are
    /// mapped only where their Cantonese sense is certain (唔 as a negator; 系 not in 关系, 系统).
    ///
    /// Asked of a unit that is one character (a CJK character: its key is its scalar); NB: the
    /// characters compared by their keys, not as strings (every character of every reply is asked).
    static func similarityForm(of units: [NormalizedText.Unit], keys: [UnitKey], at index: Int, negated: Bool) -> Unicode.Scalar {
        guard let value = keys[index].scalar, let text = Unicode.Scalar(value) else { return " " }
        guard text.value >= 0x4E00 else { return text }
        // The unit beside it in its clause, when that is one character.
        func unit(_ other: Int) -> Unicode.Scalar? {
            guard units[other].clause == units[index].clause, let value = keys[other].scalar else { return nil }
            return Unicode.Scalar(value)
        }
        func next() -> Unicode.Scalar? { index + 1 < units.count ? unit(index + 1) : nil }
        func previous() -> Unicode.Scalar? { index > 0 ? unit(index - 1) : nil }
        switch text {
        case "唔":
            if next() == "该" { return "谢" }
            return negated ? "不" : text
        case "该": return previous() == "唔" ? "谢" : text
        case "系":
            if let after = next(), ["统", "列", "数"].contains(after) { return text }
            if let before = previous(), ["关", "联", "体", "派", "直", "维", "母", "父"].contains(before) { return text }
            return "是"
        case "嗰": return "那"
        case "哋": return "们"
        case "俾": return "给"
        case "谂": return "想"
        case "睇": return "看"
        case "慳": return "省"
        case "搵": return "找"
        case "攞": return "拿"
        case "乜": return "什"
        case "咁": return "这"
        case "咪": return "就"
        case "蚊": return next() == "子" ? text : "块"
        case "靓": return "漂"
        case "而": return next() == "家" ? "现" : text
        case "家": return previous() == "而" ? "在" : text
        case "呢":
            // 呢个, 呢啲 (folded to 呢些), 呢度: Cantonese "this"; the Mandarin particle ends a clause.
            if let after = next(), ["个", "些", "度", "次", "排", "单", "部", "台"].contains(after) { return "这" }
            return text
        default: return text
        }
    }
}
