/// The spellings of English chat that stand for ordinary words, and the words they are read as.
///
/// Trainees who sell abroad type English as they chat: "if u really insist i guess we can push
/// it", "pls", "thx", "tmr", "dont". The normaliser reads each such word as the word it stands for,
/// in replies and in patterns alike, so that a lexicon phrase written once ("if you really insist",
/// "don't worry") also matches its chat spelling, and evidence still quotes what was typed (every
/// unit a spelling becomes keeps the spelling's place in the original).
///
/// Only spellings that mean nothing else in a sales conversation are read so: "u" and "ur" are
/// always "you" and "your" there. Spellings that are words or names of their own ("wont", "lets",
/// "its", "ill", "id", "r" as in R&D, "ya" for yes) are left as typed.
enum ChatSpelling {
    /// A lower-cased chat spelling -> the words it is read as (more than one for "gonna", "idk").
    static let words: [String: [String]] = [
        "u": ["you"], "yu": ["you"], "ur": ["your"], "yr": ["your"], "urs": ["yours"],
        "pls": ["please"], "plz": ["please"], "plse": ["please"], "pleez": ["please"],
        "thx": ["thanks"], "thks": ["thanks"], "tks": ["thanks"], "thnx": ["thanks"], "thanx": ["thanks"],
        "ty": ["thank", "you"], "tq": ["thank", "you"], "tyvm": ["thank", "you"],
        "tmr": ["tomorrow"], "tmrw": ["tomorrow"], "tmw": ["tomorrow"], "tmro": ["tomorrow"], "2moro": ["tomorrow"], "2day": ["today"],
        "coz": ["because"], "cuz": ["because"], "cos": ["because"], "bcos": ["because"], "bcoz": ["because"], "bcz": ["because"], "bc": ["because"],
        "abt": ["about"], "bout": ["about"], "ppl": ["people"], "msg": ["message"], "b4": ["before"], "thru": ["through"], "tho": ["though"],
        "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"], "lemme": ["let", "me"], "gimme": ["give", "me"],
        "dunno": ["don't", "know"], "idk": ["i", "don't", "know"], "np": ["no", "problem"], "nw": ["no", "worries"],
        "btw": ["by", "the", "way"], "imo": ["in", "my", "opinion"], "fyi": ["for", "your", "information"],
        "sry": ["sorry"], "srry": ["sorry"], "rly": ["really"], "rlly": ["really"], "probs": ["probably"], "wat": ["what"], "wht": ["what"],
        "im": ["i'm"], "ive": ["i've"], "youre": ["you're"], "youll": ["you'll"], "youve": ["you've"],
        "theyre": ["they're"], "thats": ["that's"], "whats": ["what's"], "hows": ["how's"], "wheres": ["where's"],
        "theres": ["there's"], "dont": ["don't"], "doesnt": ["doesn't"], "didnt": ["didn't"], "cant": ["can't"],
        "isnt": ["isn't"], "arent": ["aren't"], "wasnt": ["wasn't"], "havent": ["haven't"], "hasnt": ["hasn't"],
        "wouldnt": ["wouldn't"], "couldnt": ["couldn't"], "shouldnt": ["shouldn't"], "aint": ["ain't"],
    ]
}
