#!/usr/bin/env python3
"""Writes the seed corpora and dictionaries of the fuzz targets from the scenario library.

    python3 Fuzz/make-corpus.py OUT_DIR      # OUT_DIR/<target>/<sha1>, OUT_DIR/../Dictionaries untouched
    python3 Fuzz/make-corpus.py --dicts      # rewrites Fuzz/Dictionaries/*.dict

Seeds (one file each, named by the SHA-1 of its contents, as libFuzzer names them):
  fuzz-scenario    every scenario file of Scenarios/ and the loader fixtures
  fuzz-rulebook    Scenarios/rulebook.yaml and the fixtures' rulebooks
  fuzz-pattern     every `match:` pattern and every rulebook `met:`/`violated:`/`ignore:` pattern,
                   each followed by a newline and a trainee reply (from `tests:` and rule-cases.yaml)
  fuzz-expression  every `if:`/`when:` expression and computed `set:` value, a newline, state bytes
  fuzz-normalizer  the replies of `tests:`, the texts of rule-cases.yaml, the customers' lines
`scripts/fuzz` merges these into Fuzz/Corpus (kept small with -merge=1).
"""
import glob
import hashlib
import os
import random
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except Exception:
        return None  # invalid fixtures: still seeds for the loader, nothing to extract


def walk(value, key=None):
    """Yields (key, value) for every scalar under a map key, recursively."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)
    else:
        yield key, value


def scenario_files():
    files = sorted(glob.glob(os.path.join(ROOT, "Scenarios", "**", "*.yaml"), recursive=True))
    fixtures = sorted(glob.glob(os.path.join(ROOT, "Tests", "ScenarioKitTests", "Fixtures", "**", "*.yaml"), recursive=True))
    return [f for f in files + fixtures if os.path.basename(f) != "rulebook.yaml" and "/schema/" not in f]


def rulebook_files():
    return sorted(glob.glob(os.path.join(ROOT, "Scenarios", "rulebook.yaml"))
                  + glob.glob(os.path.join(ROOT, "Tests", "**", "rulebook.yaml"), recursive=True))


def extract():
    patterns, expressions, replies, lines = set(), set(), set(), set()
    for path in scenario_files():
        doc = load(path)
        if not isinstance(doc, dict):
            continue
        for node in (doc.get("nodes") or {}).values() if isinstance(doc.get("nodes"), dict) else []:
            if not isinstance(node, dict):
                continue
            for key, value in walk(node):
                if key == "match" and isinstance(value, str):
                    patterns.add(value)
                elif key == "if" and isinstance(value, (str, bool)):
                    expressions.add(str(value).lower() if isinstance(value, bool) else value)
                elif key == "customer" and isinstance(value, str):
                    lines.add(value)
            for reply in node.get("replies") or []:
                if isinstance(reply, dict) and isinstance(reply.get("set"), dict):
                    for v in reply["set"].values():
                        if isinstance(v, str):
                            expressions.add(v)
        for ending in (doc.get("endings") or {}).values() if isinstance(doc.get("endings"), dict) else []:
            if isinstance(ending, dict) and isinstance(ending.get("when"), str):
                expressions.add(ending["when"])
        for test in doc.get("tests") or []:
            if isinstance(test, dict):
                for reply in test.get("replies") or []:
                    if isinstance(reply, str) and not reply.startswith("#"):
                        replies.add(reply)
    for path in rulebook_files():
        doc = load(path)
        for key, value in walk(doc):
            if key in ("met", "violated", "ignore") and isinstance(value, str):
                patterns.add(value)
    cases = load(os.path.join(ROOT, "Tests", "ScoringTests", "Fixtures", "rule-cases.yaml")) or []
    for key, value in walk(cases):
        if key == "text" and isinstance(value, str):
            replies.add(value)
    return sorted(patterns), sorted(expressions), sorted(replies), sorted(lines)


def write(directory, contents):
    os.makedirs(directory, exist_ok=True)
    for data in contents:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(directory, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)


def seeds(out):
    patterns, expressions, replies, lines = extract()
    rng = random.Random(7)
    write(os.path.join(out, "fuzz-scenario"), [open(f, "rb").read() for f in scenario_files()])
    write(os.path.join(out, "fuzz-rulebook"), [open(f, "rb").read() for f in rulebook_files()])
    # Each pattern with a reply; each reply with a pattern, so both halves are covered.
    pairs = [p + "\n" + replies[i % len(replies)] for i, p in enumerate(patterns)]
    pairs += [patterns[rng.randrange(len(patterns))] + "\n" + r for r in replies]
    write(os.path.join(out, "fuzz-pattern"), pairs)
    write(os.path.join(out, "fuzz-expression"),
          [e.encode() + b"\n" + bytes(rng.randrange(256) for _ in range(12)) for e in expressions])
    write(os.path.join(out, "fuzz-normalizer"), replies + lines)
    print(f"{len(patterns)} patterns, {len(expressions)} expressions, {len(replies)} replies, {len(lines)} customer lines",
          file=sys.stderr)


def escape(token):
    out = ""
    for byte in token.encode("utf-8"):
        c = chr(byte)
        out += c if 0x20 <= byte < 0x7F and c not in '"\\' else f"\\x{byte:02x}"
    return f'"{out}"'


def dictionaries():
    directory = os.path.join(ROOT, "Fuzz", "Dictionaries")
    os.makedirs(directory, exist_ok=True)
    rulebook = load(os.path.join(ROOT, "Scenarios", "rulebook.yaml")) or {}
    lexicons = sorted((rulebook.get("lexicons") or {}).keys())
    keys = ["scenario", "title", "language", "summary", "minutes", "customer", "state", "pass", "start", "nodes",
            "endings", "lexicons", "tests", "phase", "role", "speaker", "narration", "hint", "replies", "otherwise",
            "option", "match", "if", "judge", "set", "next", "outcome", "when", "name", "seed", "expect", "ending",
            "path", "min-score", "max-score", "temperament", "kind", "profile", "version", "rules", "id", "manual",
            "weight", "observed", "applies", "knockout", "scope", "detect", "feedback", "met", "violated", "ignore",
            "max-chars", "max-words", "min-chars", "missed", "zh", "en"]
    values = ["zh-Hans", "zh-Hant", "en", "opening", "introduction", "objection", "closing", "signing", "phone",
              "negotiation", "payment", "after-sales", "follow-up", "preparation", "observation", "impatient",
              "hesitant", "capricious", "gatekeeper", "decision-maker", "influencer", "executor", "user", "new",
              "existing", "long-undecided", "won", "lost", "open", "text", "choice", "flow", "turn", "true", "false",
              "null", "~", "+1", "-1", "+1000", "-9223372036854775808", "9223372036854775807", "0x7f", "1e3", ".inf"]
    yaml_syntax = [": ", "- ", "---", "...", "{", "}", "[", "]", ", ", "&a ", "*a", "<<: ", "!!str ", "!!map", "? ",
                   "|\n", ">-\n", "'", '"', "#", "\n  ", "\n    ", "\t", "\\u4e00", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n"]
    with open(os.path.join(directory, "yaml.dict"), "w") as f:
        f.write("# YAML syntax, scenario and rulebook keys and values (libFuzzer -dict=)\n")
        for token in yaml_syntax + [k + ": " for k in keys] + values + ["@" + n for n in lexicons]:
            f.write(escape(token) + "\n")
    pattern_tokens = ["|", "&", ">", "!", "(", ")", "@", '"', "'", "｜", "＆", "＞", "！", "（", "）", "“", "”", "‘", "’",
                      "不", "没", "别", "不过", "能不能", "不得不", "要不", "不好意思", "not", "don't", "not only",
                      "?", "？", "，", "。", "、", "…", "—", "~", " ", "\n", "A", "Ａ", "噴碼機", "喷码机", "ﬁ", "é", "e\u0301",
                      "\u200b", "\u3000", "😀", "\U00020000"] + ["@" + n for n in lexicons]
    with open(os.path.join(directory, "pattern.dict"), "w") as f:
        f.write("# Reply-pattern operators, negators, CJK and tricky Unicode, the rulebook's lexicons\n")
        for token in pattern_tokens:
            f.write(escape(token) + "\n")
    expression_tokens = ["or", "and", "not", "||", "&&", "!", "==", "!=", "<", "<=", ">", ">=", "=", "+", "-", "*",
                         "/", "%", "(", ")", "true", "false", "patience", "trust", "has-contract", "interested",
                         "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0", " - ", "١", "\n"]
    with open(os.path.join(directory, "expression.dict"), "w") as f:
        f.write("# The expression language's operators, literals and the harness's variables\n")
        for token in expression_tokens:
            f.write(escape(token) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--dicts"]:
        dictionaries()
    elif len(sys.argv) == 2:
        seeds(sys.argv[1])
    else:
        sys.exit(__doc__)
