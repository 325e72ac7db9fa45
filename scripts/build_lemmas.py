"""Precompute medlint's lemma and plural tables from lemminflect into corpus/nlp/.

lemminflect (MIT) parses its gzipped CSV tables on first use, which costs about
0.5 s of start-up for lemmas and 0.3 s for inflections.  medlint's lemma policy is
context-free (one lemma per word, see linter/nlp.py), so the whole table can be
computed once here and loaded at run time from a compact pickle (~30 ms).

    python scripts/build_lemmas.py
"""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from lemminflect import Inflections, Lemmatizer, getAllLemmas, getInflection

    from linter.nlp import POS_ORDER

    words = {w for w in Lemmatizer()._getLemmaDict() if w == w.lower()}
    words |= {w for w in Lemmatizer()._getOverridesDict() if w == w.lower()}
    lemma, plural_nouns, nouns = {}, set(), set()
    for w in sorted(words):
        lemmas = getAllLemmas(w)
        for pos in POS_ORDER:
            if pos in lemmas:
                lemma[w] = lemmas[pos][0]
                break
        if "NOUN" in lemmas:
            noun = lemmas["NOUN"][0]
            nouns.add(noun)
            if noun != w and w in (getInflection(noun, "NNS") or ()):
                plural_nouns.add(w)
    infl_words = {w for w in Inflections()._getInflDict() if w == w.lower()}
    plural_of = {}
    for n in sorted(nouns | infl_words):
        forms = getInflection(n, "NNS")
        if forms and forms[0] != n:
            plural_of[n] = forms[0]
        elif forms:
            plural_of[n] = forms[0]
    out = ROOT / "corpus" / "nlp" / "lemmas.pickle"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        pickle.dump({"lemma": lemma, "plural_nouns": frozenset(plural_nouns), "plural_of": plural_of}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{out}: {len(lemma)} lemmas, {len(plural_nouns)} plural nouns, {len(plural_of)} plurals, "
          f"{out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
