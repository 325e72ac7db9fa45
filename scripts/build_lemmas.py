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


# Medical British spellings breame does not list (checked against its table).
EXTRA_BRITISH = {
    "haemorrhagic": "hemorrhagic", "haematoma": "hematoma", "haematology": "hematology",
    "haemoglobin": "hemoglobin", "haemophilia": "hemophilia", "haemorrhoid": "hemorrhoid",
    "haematuria": "hematuria", "haemodialysis": "hemodialysis", "haemolytic": "hemolytic",
    "anaesthesia": "anesthesia", "anaesthetic": "anesthetic", "anaesthetist": "anesthetist",
    "oedema": "edema", "oesophagus": "esophagus", "oesophageal": "esophageal", "oestrogen": "estrogen",
    "paediatric": "pediatric", "paediatrician": "pediatrician", "paediatrics": "pediatrics",
    "orthopaedic": "orthopedic", "orthopaedics": "orthopedics", "gynaecology": "gynecology",
    "gynaecologist": "gynecologist", "gynaecological": "gynecological", "leukaemia": "leukemia",
    "anaemia": "anemia", "anaemic": "anemic", "septicaemia": "septicemia", "ischaemia": "ischemia",
    "ischaemic": "ischemic", "coeliac": "celiac", "diarrhoea": "diarrhea", "dyspnoea": "dyspnea",
    "apnoea": "apnea", "tumour": "tumor", "fibre": "fiber", "foetus": "fetus", "foetal": "fetal",
    "caesarean": "cesarean", "haem": "heme", "litre": "liter", "millilitre": "milliliter",
    "behaviour": "behavior", "behavioural": "behavioral", "labour": "labor", "colour": "color",
    "programme": "program", "centre": "center", "ageing": "aging", "sulphur": "sulfur",
    "faeces": "feces", "faecal": "fecal", "mould": "mold", "hospitalisation": "hospitalization",
    "immunisation": "immunization", "immunise": "immunize", "organisation": "organization",
    "randomised": "randomized", "randomise": "randomize", "specialise": "specialize",
    "stabilise": "stabilize", "minimise": "minimize", "recognise": "recognize",
}


def british_to_american(lemma: dict) -> dict:
    """British -> American spelling map (breame, Apache-2.0, plus EXTRA_BRITISH), so that
    "anaemia"/"anemia" and "tumour"/"tumor" share one lemma."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    out = {b.lower(): a.lower() for b, a in BRITISH_ENGLISH_SPELLINGS.items() if " " not in b}
    out.update(EXTRA_BRITISH)
    # lemmas of the British forms map to lemmas of the American ones ("tumours" -> "tumour" -> "tumor")
    for b, a in list(out.items()):
        lb, la = lemma.get(b, b), lemma.get(a, a)
        if lb != la:
            out.setdefault(lb, la)
    return {b: a for b, a in out.items() if b != a}


def common_words() -> set[str]:
    """Lower-case words of wordfreq's English list at Zipf >= 2 (about once per ten million words)."""
    from wordfreq import iter_wordlist, zipf_frequency

    return {w for w in iter_wordlist("en") if w == w.lower() and zipf_frequency(w, "en") >= 2}


def oov_plurals(known: dict) -> dict[str, str]:
    """Regular plurals lemminflect's dictionary lacks ("inhibitors", "statins", "opioids",
    "blockers"): for each plural-looking word of wordfreq's English list (MIT/CC-BY-SA data)
    that the dictionary does not know, lemminflect's own out-of-vocabulary rules give the
    singular, kept only when that singular is itself a word of the list (Zipf >= 1.5), so
    "herpes" -> "herpe" never happens (and "herpes", "scabies", "diabetes" are in the
    dictionary anyway).  Without this, "proton pump inhibitor" and "proton pump
    inhibitors" were different lexicon terms and a garble of one never met the other."""
    from lemminflect import getAllLemmasOOV
    from wordfreq import iter_wordlist, zipf_frequency

    words = sorted(w for w in iter_wordlist("en") if w.isalpha() and w.islower())
    vocab = set(words)
    out = {}
    for w in words:
        if len(w) < 5 or not w.endswith("s") or w.endswith(("ss", "us", "is")) or w in known:
            continue
        singular = getAllLemmasOOV(w, "NOUN").get("NOUN", (w,))[0]
        if singular != w and singular in vocab and zipf_frequency(singular, "en") >= 1.5:
            out[w] = known.get(singular, singular)
    return out


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
    for plural, singular in oov_plurals(lemma).items():
        lemma[plural] = singular
        plural_nouns.add(plural)
        plural_of.setdefault(singular, plural)
    for w in sorted(words | nouns | infl_words | common_words()):
        if w in plural_of or len(w) < 2 or w in plural_nouns:
            continue
        # nlp.pluralise's own answer for a word with no entry, precomputed so that the
        # run never loads lemminflect (~30 MB, 0.8 s) for a suggestion's head word
        # ("pumping", "reflux"); an entry equal to the word means "no plural".
        forms = getInflection(w, "NNS") if "NOUN" in getAllLemmas(w) or w.isalpha() else ()
        plural_of[w] = forms[0] if forms else w
    american = british_to_american(lemma)
    lemma = {w: american.get(l, l) for w, l in lemma.items()}
    out = ROOT / "corpus" / "nlp" / "lemmas.pickle"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        pickle.dump({"lemma": lemma, "plural_nouns": frozenset(plural_nouns), "plural_of": plural_of,
                     "american": american}, fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{out}: {len(lemma)} lemmas (incl. out-of-dictionary plurals), {len(plural_nouns)} plural nouns, {len(plural_of)} plurals, "
          f"{out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
