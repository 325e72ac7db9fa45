#!/usr/bin/env python3
"""Score the generic detector against a published tortured-phrase list (the outside yardstick).

    python benchmarks/yardstick.py LIST [--json OUT]

LIST is a garbled -> correct list in any format ``medlint rules import`` reads (CSV/TSV with
a header such as ``tortured_phrase,expected_phrase``, or JSON), for example an export of the
Problematic Paper Screener's tortured phrases.  medlint does not ship such lists and never
learns from them: this script only measures.  Do not tune on its figures.

Each pair is checked in two short health paragraphs, alone in correct text and in text that is
spun elsewhere, with the generic layers only (swap detector and consistency; the curated pack
off, since a list's phrases may also be pack patterns): once with the garbled phrase (found = a finding overlapping it; suggestion right =
its first suggestion reads as the list's correct phrase) and once with the correct phrase
(a finding there is a false alarm on correct English).  Screener queries such as
``"surface region" AND "surface area"`` count by their first quoted phrase; notes in
parentheses and entries with "?" or several alternatives ("a/b") are left out.

Figures are given for every usable pair, for those whose correct phrase is a term of
medlint's lexicon (the detector can only propose lexicon terms) and by length of the garbled
phrase (the detector looks at phrases of 2-5 words).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Two settings: the phrase alone in correct text, and the phrase in text that is spun elsewhere
# (three garbles of the project's own example article around it), as in a spun article, where
# the detector also weighs the document's other suspicious phrases.
CARRIERS = {
    "alone": ("Patients at the clinic asked about {phrase}. The nurse explained the treatment plan, "
              "and the doctor went through the test results with each family."),
    "in spun text": ("Patients at the clinic asked about {phrase}. Her reduced back hurt after the fall, and "
                     "the spine mice above her hip were sore. The physician checked her blood strain."),
}


def clean(garbled: str, correct: str) -> tuple[str, str] | None:
    """The usable (garbled, correct) phrases of one list entry, or None."""
    quoted = re.findall(r'"([^"]+)"', garbled)
    g = (quoted[0] if quoted else garbled).strip()
    c = re.sub(r"\([^)]*\)", "", correct).strip().strip('"').strip()
    if not g or not c or "?" in correct or "/" in c or "?" in g or len(c.split()) > 6 or g.lower() == c.lower():
        return None
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9' -]*", g) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9' -]*", c):
        return None
    return g, c


def score(pairs, engine, carrier: str) -> list[dict]:
    from linter.evaluate import suggestion_right
    from linter.gold import GoldSpan

    rows = []
    for g, c in pairs:
        text = carrier.format(phrase=g)
        start = text.index(g)
        found, _ = engine.check_text("yardstick.txt", text, fmt="text")
        hits = [f for f in found if f.offset < start + len(g) and start < f.offset + f.length]
        right = bool(hits) and bool(hits[0].suggestions) and suggestion_right(
            hits[0].offset, hits[0].end, hits[0].suggestions[0], GoldSpan(start, start + len(g), g, (c,)), text)
        text_c = carrier.format(phrase=c)
        start_c = text_c.index(c)
        found_c, _ = engine.check_text("yardstick.txt", text_c, fmt="text")
        alarm = any(f.offset < start_c + len(c) and start_c < f.offset + f.length for f in found_c)
        rows.append({"garbled": g, "correct": c, "found": bool(hits), "suggestion_right": right,
                     "false_alarm_on_correct": alarm})
    return rows


def summary(rows) -> dict:
    n = len(rows)
    found = sum(r["found"] for r in rows)
    return {"pairs": n, "found": found, "recall": round(found / n, 3) if n else 0.0,
            "suggestion_right": round(sum(r["suggestion_right"] for r in rows) / found, 3) if found else 0.0,
            "false_alarms_on_correct": sum(r["false_alarm_on_correct"] for r in rows)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("list", help="garbled -> correct list (CSV, TSV or JSON)")
    ap.add_argument("--json", help="write the per-pair results and figures here")
    args = ap.parse_args(argv)

    from linter import lexicon
    from linter.engine import Engine
    from linter.errors import InputError
    from linter.importer import read_pairs
    from linter.nlp import normalise

    try:
        raw = read_pairs(args.list, Path(args.list).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, InputError) as exc:
        print(f"yardstick: {exc}", file=sys.stderr)
        return 2
    seen, pairs = set(), []
    for g, c in raw:
        p = clean(g, c)
        if p and p[0].lower() not in seen:
            seen.add(p[0].lower())
            pairs.append(p)
    engine = Engine(layers=("lexicon", "consistency"))
    terms = lexicon.terms()
    report = {"list": Path(args.list).name, "entries": len(raw), "usable": len(pairs), "settings": {}}
    print(f"{report['list']}: {report['entries']} entries, {report['usable']} usable pairs")
    for setting, carrier in CARRIERS.items():
        rows = score(pairs, engine, carrier)
        for r in rows:
            r["correct_in_lexicon"] = normalise(r["correct"]) in terms
            r["words"] = min(len(r["garbled"].split()), 6)
        lengths = sorted(Counter(r["words"] for r in rows))
        figures = {"all": summary(rows),
                   "correct_in_lexicon": summary([r for r in rows if r["correct_in_lexicon"]]),
                   "by_words": {str(k): summary([r for r in rows if r["words"] == k]) for k in lengths},
                   "in_lexicon_by_words": {str(k): summary([r for r in rows if r["correct_in_lexicon"]
                                                            and r["words"] == k]) for k in lengths}}
        report["settings"][setting] = {"carrier": carrier, **figures, "rows": rows}
        print(f"\nphrase {setting}: {carrier}")
        print(f"{'subset':<28}{'pairs':>7}{'found':>7}{'recall':>8}{'sugg.ok':>9}{'alarms':>8}")
        lines = [("all", figures["all"]), ("correct term in lexicon", figures["correct_in_lexicon"])]
        lines += [(f"  {k} word(s)", v) for k, v in figures["by_words"].items()]
        lines += [(f"  in lexicon, {k} word(s)", v) for k, v in figures["in_lexicon_by_words"].items() if v["pairs"]]
        for name, s in lines:
            print(f"{name:<28}{s['pairs']:>7}{s['found']:>7}{s['recall']:>8.3f}{s['suggestion_right']:>9.3f}"
                  f"{s['false_alarms_on_correct']:>8}")
    print("\nalarms: findings on the correct phrase put in the same place (false alarms); 6 = 6 words or more")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
