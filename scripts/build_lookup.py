#!/usr/bin/env python3
"""Build the lookup tries in ``corpus/lookup/`` from the lexicon, thesaurus and lemma pickles.

Run after ``scripts/build_lexicon.py``, ``scripts/build_thesaurus.py`` or
``scripts/build_lemmas.py`` (and after a change of this script or of
``linter.lexicon.FORMAT``), from the repository root::

    python scripts/build_lookup.py            # needs marisa-trie (a medlint dependency)
    python scripts/build_lookup.py --check    # exit 1 if the tries are stale

Why: ``linter.lexicon`` used to unpickle ``lexicon.pickle.gz`` and ``thesaurus.pickle.gz``
(~0.3 s) and then build its derived tables (wildcard index, positional filter,
sub-phrases, vocabulary: ~0.6 s) in every process, while a 600-word file looks up only a
few thousand keys.  These MARISA tries hold the same data, derived tables included, in a
form that is memory-mapped, not parsed: opening them costs ~1 ms and a lookup ~1 us.
The lemma tables (``corpus/nlp/lemmas.pickle``, ~45 ms to unpickle) get the same treatment
for ``linter.nlp``.  The tries are data derived from the three pickles only (same
licences, see ``corpus/lexicon/LICENSES.md`` and ``corpus/thesaurus/LICENSES.md``;
lemminflect's tables are MIT); ``meta.json`` records the SHA-256 of each, and
``tests/test_lookup.py`` fails when they are stale.

Files (keys are normalised as in ``linter.nlp.normalise``):

* ``terms.marisa``: RecordTrie ``<d`` term -> weight;
* ``display.marisa``: BytesTrie term -> display form (only where it differs);
* ``collocations.marisa``: RecordTrie ``<Q`` bigram -> Google Books count;
* ``established.marisa``: Trie of terms, 2-3 word runs inside longer terms,
  collocations and the correct phrases of ``established_phrases.txt``
  (``linter.lexicon.is_established``);
* ``words.marisa``: RecordTrie ``<IQ`` word of a term -> (number of terms containing it,
  bit ``8 * n + i`` set when some term of n words has it at position i);
* ``index.marisa``: BytesTrie term with one word replaced by ``*`` -> the words found there,
  space-separated, in lexicon order;
* ``reverse.marisa``: BytesTrie garbled lemma -> ``original<TAB>weight<TAB>...``, best first
  (the thesaurus' order), weights as Python ``repr`` (exact round trip);
* ``lemmas.marisa``: BytesTrie of the four lemma tables, the table's letter before the
  word: ``l`` word -> lemma, ``p`` noun -> plural, ``a`` British -> American spelling,
  ``n`` plural noun -> empty (see ``linter.nlp``).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import lexicon as lex  # noqa: E402

SOURCES = ("lexicon/lexicon.pickle.gz", "thesaurus/thesaurus.pickle.gz", "nlp/lemmas.pickle")
LEMMA_TABLES = {"lemma": "l", "plural_of": "p", "american": "a"}  # + "plural_nouns": "n"
WILDCARD = lex.WILDCARD


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(rel: str) -> dict:
    with (gzip.open if rel.endswith(".gz") else open)(ROOT / "corpus" / rel, "rb") as fh:
        return pickle.load(fh)


def lemma_items(tables: dict):
    for name, letter in LEMMA_TABLES.items():
        for word, value in tables[name].items():
            assert word and value, (name, word)
            yield letter + word, value.encode()
    for word in tables["plural_nouns"]:
        yield "n" + word, b""


def derive(weights: dict[str, float]):
    """The derived tables, in the order and form the lookups need."""
    index: dict[str, dict[str, None]] = {}
    words: dict[str, list[int]] = {}  # word -> [term count, positional mask]
    established: set[str] = set(weights)
    for term in weights:
        ws = term.split(" ")
        n = len(ws)
        assert 2 <= n <= lex.MAX_TERM_WORDS and n * 8 + n < 64, term
        assert WILDCARD not in ws and "" not in ws, term
        assert all(w == w.lower() for w in ws), term  # linter.checks.grammar relies on it
        for i, w in enumerate(ws):
            key = " ".join(ws[:i] + [WILDCARD] + ws[i + 1:])
            index.setdefault(key, {}).setdefault(w, None)
            entry = words.setdefault(w, [0, 0])
            entry[1] |= 1 << (8 * n + i)
        for w in set(ws):
            words[w][0] += 1
        if n > 2:  # sub-phrases: runs of 2-3 words inside a longer term
            for k in (2, 3):
                for i in range(n - k + 1):
                    established.add(" ".join(ws[i:i + k]))
    return index, words, established


def build(out: Path) -> dict:
    import marisa_trie

    lexicon = load(SOURCES[0])
    reverse = load(SOURCES[1])["reverse"]
    lemmas = load(SOURCES[2])
    assert set(lemmas) == set(LEMMA_TABLES) | {"plural_nouns"}, sorted(lemmas)
    weights, display, collocations = lexicon["weights"], lexicon["display"], lexicon["collocations"]
    index, words, established = derive(weights)
    established |= {b for b, c in collocations.items() if c > 0}
    established |= set(lexicon.get("established", ()))  # correct phrases that are not terms
    for garbled, sources in reverse.items():
        assert garbled and " " not in garbled and "\t" not in garbled, garbled
        assert all(o and " " not in o and "\t" not in o for o in sources), garbled
    out.mkdir(parents=True, exist_ok=True)
    tries = {
        "terms": marisa_trie.RecordTrie("<d", ((t, (w,)) for t, w in weights.items())),
        "display": marisa_trie.BytesTrie((t, d.encode()) for t, d in display.items() if d != t),
        "collocations": marisa_trie.RecordTrie("<Q", ((b, (c,)) for b, c in collocations.items())),
        "established": marisa_trie.Trie(established),
        "words": marisa_trie.RecordTrie("<IQ", ((w, (c, m)) for w, (c, m) in words.items())),
        "index": marisa_trie.BytesTrie((k, " ".join(v).encode()) for k, v in index.items()),
        "reverse": marisa_trie.BytesTrie(
            (g, "\t".join(f"{o}\t{w!r}" for o, w in s.items()).encode()) for g, s in reverse.items() if s),
        "lemmas": marisa_trie.BytesTrie(lemma_items(lemmas)),
    }
    for name, trie in tries.items():
        trie.save(str(out / f"{name}.marisa"))
    meta = {
        "format": lex.FORMAT,
        "sources": {rel: sha256(ROOT / "corpus" / rel) for rel in SOURCES},
        "lengths": sorted({len(t.split(" ")) for t in weights}),
        # ranges of the detector's features (linter.checks.lexicon bounds its score with them)
        "term_weight": [min(weights.values()), max(weights.values())],
        "max_collocation": max(collocations.values()),
        "max_term_words_count": max(c for c, _m in words.values()),
        "counts": {"terms": len(weights), "collocations": len(collocations), "established": len(established),
                   "words": len(words), "index": len(index), "reverse": len(reverse),
                   **{f"lemmas.{k}": len(v) for k, v in lemmas.items()}},
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def stale(out: Path) -> list[str]:
    """Why the tries in ``out`` do not match the pickles (empty when they do)."""
    try:
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ["meta.json missing or unreadable"]
    problems = []
    if meta.get("format") != lex.FORMAT:
        problems.append(f"format {meta.get('format')} != linter.lexicon.FORMAT {lex.FORMAT}")
    for rel in SOURCES:
        if meta.get("sources", {}).get(rel) != sha256(ROOT / "corpus" / rel):
            problems.append(f"{rel} changed since the tries were built")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the tries are up to date")
    args = ap.parse_args()
    out = ROOT / "corpus" / "lookup"
    if args.check:
        problems = stale(out)
        for p in problems:
            print(f"stale: {p}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    meta = build(out)
    for f in sorted(out.iterdir()):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size:,} bytes")
    print(json.dumps(meta["counts"]))


if __name__ == "__main__":
    main()
