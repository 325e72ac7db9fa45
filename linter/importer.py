"""``medlint rules import``: garbled -> correct pairs (CSV, TSV or JSON) into a valid pack.

Accepted inputs: CSV/TSV with a header naming the garbled column (garbled,
garbled phrase, tortured, tortured phrase, phrase, pattern, spun, from, wrong) and
the correct one (correct, correct phrase, expected, suggestion, term, correction, to,
replacement, right; words may be
joined by spaces, _ or -), or two columns without a header; JSON as a list of
``{"garbled": ..., "correct": ...}`` objects, a list of pairs, or a mapping.
A first row with a known column name in it is a header, never a pair: with two
columns, one known name settles which is which (``garbled,whatever``); otherwise
a header that does not name both columns is refused.
Pairs with the same correct term become one rule.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import OrderedDict

from linter.errors import InputError

GARBLED = ("garbled", "garbled phrase", "garbled term", "tortured", "tortured phrase", "phrase", "pattern", "spun",
           "spun phrase", "from", "wrong")
CORRECT = ("correct", "correct phrase", "correct term", "expected", "expected phrase", "suggestion", "term", "correction",
           "to", "replacement", "right")


def read_pairs(name: str, text: str) -> list[tuple[str, str]]:
    stripped = text.lstrip()
    if name.lower().endswith(".json") or (stripped and stripped[0] in "[{"):
        return _json_pairs(name, text)
    return _csv_pairs(name, text)


def _json_pairs(name: str, text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{name}: invalid JSON ({exc})") from None
    if isinstance(data, dict):
        for k, v in data.items():
            if not isinstance(v, str):
                raise InputError(f"{name}: {k!r}: the correct term must be a string, not {json.dumps(v)}")
        return list(data.items())
    if not isinstance(data, list):
        raise InputError(f"{name}: expected a list of garbled/correct pairs or a mapping, not {json.dumps(data)[:40]}")
    pairs = []
    for i, item in enumerate(data):
        if isinstance(item, dict):
            g = next((item[k] for k in item if k.lower() in GARBLED), None)
            c = next((item[k] for k in item if k.lower() in CORRECT), None)
        elif isinstance(item, (list, tuple)) and len(item) >= 2:
            g, c = item[0], item[1]
        else:
            g = c = None
        if not isinstance(g, str) or not isinstance(c, str):
            raise InputError(f"{name}: entry {i + 1}: expected a garbled/correct pair")
        pairs.append((g, c))
    return pairs


def _csv_pairs(name: str, text: str) -> list[tuple[str, str]]:
    """Pairs of a CSV/TSV text; errors name the line (of the file, blank lines counted)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    dialect = "excel-tab" if name.lower().endswith(".tsv") or "\t" in first else "excel"
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    rows, line = [], 1
    for r in reader:
        if r and any(c.strip() for c in r):
            rows.append((line, r))
        line = reader.line_num + 1  # (where the next row starts: a quoted field may span lines)
    if not rows:
        raise InputError(f"{name}: no pairs found")
    # "tortured_phrase", "Expected-Phrase": a header's words may be joined by _ or -
    header = [" ".join(c.strip().lower().replace("_", " ").replace("-", " ").split()) for c in rows[0][1]]
    gis = [i for i, h in enumerate(header) if h in GARBLED]
    cis = [i for i, h in enumerate(header) if h in CORRECT]
    if gis and cis:
        gi, ci = gis[0], cis[0]
        rows = rows[1:]
    elif gis or cis:
        # a header naming one column only ("garbled,whatever", "phrase,corect,notes"): it is
        # no pair; with two columns and one name known, the other column is the other one
        if len(header) == 2 and len(gis or cis) == 1:
            gi = gis[0] if gis else 1 - cis[0]
            ci = 1 - gi
            rows = rows[1:]
        else:
            known, missing, names = (("garbled", "correct", CORRECT) if gis else ("correct", "garbled", GARBLED))
            cell = rows[0][1][(gis or cis)[0]].strip()
            raise InputError(f"{name}: line {rows[0][0]}: the header names the {known} column ({cell!r}) but no "
                             f"{missing} column (call it one of: {', '.join(names)})")
    else:
        gi, ci = 0, 1
    pairs = []
    for n, r in rows:
        if len(r) <= max(gi, ci):
            raise InputError(f"{name}: line {n}: expected two columns")
        pairs.append((r[gi].strip(), r[ci].strip()))
    return pairs


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "term"


def _literal(text: str) -> str:
    """``text`` inside a rule message: its braces doubled, so they are no placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def to_pack(pairs, pack: str) -> dict:
    grouped: "OrderedDict[str, list[str]]" = OrderedDict()
    for g, c in pairs:
        if g and c and g.lower() != c.lower():
            grouped.setdefault(c, [])
            if g not in grouped[c]:
                grouped[c].append(g)
    rules, seen = [], set()
    for correct, garbled in grouped.items():
        rid = f"{pack}/{slug(correct)}"
        k = 2
        while rid in seen:
            rid = f"{pack}/{slug(correct)}-{k}"
            k += 1
        seen.add(rid)
        rules.append({
            "id": rid, "term": correct, "patterns": garbled, "suggestions": [correct],
            "message": f'Looks like a spinner\'s garble of "{_literal(correct)}" (imported list).',
            "severity": "warning", "confidence": 0.8, "fix": "unsafe",
            "examples": {"flag": [f"{garbled[0][:1].upper()}{garbled[0][1:]} was mentioned."],
                         "pass": [f"{correct[:1].upper()}{correct[1:]} was mentioned."]},
        })
    return {"pack": pack, "description": "Imported garbled -> correct pairs.", "rules": rules}
