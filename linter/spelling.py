"""Suggestions in the document's own spelling (British or American).

Lemmas unify British and American spelling ("anaemia" and "anemia" share the lemma
"anemia", ``linter.nlp``), so the lexicon's terms and the pack's suggestions come in one
spelling, mostly American.  An editor fixing a British article writes "iron deficiency
anaemia" and "labour pains", not "anemia" and "labor": when a document's own words are
mostly British spellings, the words of its suggestions that have a British spelling get it,
and the other way round (names such as "World Health Organization" keep their own).

Evidence is counted over the document's words: a word spelt the British way ("tumour",
"haemoglobin", "colour") counts for British, a word whose British spelling differs
("tumor", "hemoglobin", "color") for American.  No evidence, or a tie, changes
nothing.
"""
from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1)
def _british_of() -> dict[str, str]:
    """American word -> its British spelling (the inverse of the lemma table's British ->
    American map); where several British forms map to one American word, the most
    common one in English text (wordfreq)."""
    from linter.checks.grammar import zipf
    from linter.nlp import american_spellings

    options: dict[str, list[str]] = {}
    for british, american in american_spellings():
        if british.isalpha() and american.isalpha() and _regular(british, american):
            options.setdefault(american, []).append(british)
    return {a: max(sorted(bs), key=zipf) for a, bs in options.items()}


# American words that are also right in British English in some sense ("glucose meter",
# "a computer program"): never re-spelt
_BOTH = frozenset("meter meters program programs programed disk disks".split())


def _regular(british: str, american: str) -> bool:
    """Whether the pair differs only by a regular spelling pattern (colour/color,
    anaemia/anemia, analyse/analyze, centre/center, manoeuvre/maneuver, counselling/
    counseling, catalogue/catalog); irregular pairs (practise/practice, licence/license,
    cheque/check, tyre/tire) depend on the sense and are left alone, and so is -ize, which
    British usage (Oxford spelling) accepts too."""
    if american in _BOTH or british == american:
        return False
    forms = {british.replace("our", "or"), british.replace("ae", "e").replace("oe", "e"),
             re.sub(r"ys(e|ed|es|ing)$", r"yz\1", british), re.sub(r"re(s|d)?$", r"er\1", british),
             british.replace("ll", "l"), re.sub(r"ogue(s)?$", r"og\1", british),
             british.replace("ae", "e").replace("oe", "e").replace("our", "or"),
             re.sub(r"re(s|d)?$", r"er\1", british.replace("oe", "e"))}  # manoeuvre/maneuver
    return american in forms


@functools.lru_cache(maxsize=1)
def _american_of() -> dict[str, str]:
    """British word -> its American spelling, for the regular patterns only."""
    from linter.nlp import american_spellings

    return {b: a for b, a in american_spellings() if b.isalpha() and a.isalpha() and _regular(b, a)}


def variety(words) -> str | None:
    """``"british"``, ``"american"`` or None (no evidence, or as much for both) for the
    lower-case words of a document."""
    from linter.nlp import american_of

    british_of = _british_of()
    gb = us = 0
    for w in words:
        if american_of(w) is not None:
            gb += 1
        elif w in british_of:
            us += 1
    if gb > us:
        return "british"
    if us > gb:
        return "american"
    return None


def localise(suggestion: str, spelling: str | None) -> str:
    """``suggestion`` with each word spelt the ``spelling`` way (``"british"`` or
    ``"american"``; case kept) where the two differ by a regular pattern; unchanged for None."""
    if spelling not in ("british", "american"):
        return suggestion
    british_of = _british_of() if spelling == "british" else _american_of()
    if sum(w[:1].isupper() and not w.isupper() for w in suggestion.split()) >= 2:
        return suggestion  # a name ("World Health Organization", "Centers for Disease Control")

    def swap(m: re.Match) -> str:
        word = m.group(0)
        british = british_of.get(word.lower())
        if british is None:
            return word
        if word.isupper():
            return british.upper()
        if word[0].isupper():
            return british[0].upper() + british[1:]
        return british

    return _WORD.sub(swap, suggestion)


def localise_findings(findings, parsed) -> list:
    """``findings`` with their suggestions in the document's spelling (``variety`` of the
    parsed document's words, worked out only when some finding has a suggestion)."""
    if not any(f.suggestions for f in findings):
        return findings
    spelling = variety(t.lower for _, _, toks in parsed.sentence_tokens for t in toks if t.is_alpha)
    if spelling is None:
        return findings
    from dataclasses import replace

    out = []
    for f in findings:
        if f.suggestions:
            new = tuple(dict.fromkeys(localise(s, spelling) for s in f.suggestions))
            if new != f.suggestions:
                f = replace(f, suggestions=new)
        out.append(f)
    return out
