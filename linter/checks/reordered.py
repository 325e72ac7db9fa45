"""Terms a spinner turned inside out: "the system that is immune" for "the immune system".

Some spinners "restructure" a noun phrase into a relative clause, so the modifier of a fixed
term becomes a predicate: "blood cells that are white", "side effects" -> "effects that are
side", "back mice" -> "mice that are back".  Put back together (modifier first), the words
are a lexicon term.  Ordinary English says the same of a noun's state ("pain that is sharp",
"skin that is pale", "stools that are hard"), and there the put-together phrase is a term too,
so the modifier and noun must also be an established pairing (a Google Books bigram of the
lexicon, or a term several sources list: ``MIN_WEIGHT``), the modifier must be in its plain
form ("periods that are heavier", "a bone that is broken" describe), and nothing may follow
it that makes it an ordinary predicate ("a system that is immune to the drug").

Findings come from the lexicon (source ``lexicon``); rule ``lexicon/reordered-term``.
"""
from __future__ import annotations

from linter import lexicon as lex
from linter.findings import Finding
from linter.inflect import adapt

RULE = "lexicon/reordered-term"
SOURCE = "lexicon"
CONFIDENCE = 0.85
MIN_WEIGHT = 2.8  # a term listed by more than the lexicon's base sources (a single source weighs 2.0)
RELATIVES = frozenset({"that", "which"})
COPULAS = frozenset({"is", "are"})
# after the modifier, these make it an ordinary predicate ("immune to", "small for", "white with")
PREDICATE_NEXT = frozenset("to from with for of than enough in on at by about as or and but".split())


def _established(term: str, modifier: str, noun: str) -> bool:
    weight = lex.term_weight(term)
    if weight is None:
        return False
    return weight >= MIN_WEIGHT or lex.collocation_count(f"{modifier} {noun}") > 0


def find(parsed) -> list[Finding]:
    out = []
    for block_offset, block_text, toks in parsed.sentence_tokens:
        n = len(toks)
        for i in range(1, n - 2):
            rel, cop, mod = toks[i], toks[i + 1], toks[i + 2]
            if rel.text.lower() not in RELATIVES or cop.text.lower() not in COPULAS:
                continue
            if not (mod.text.isalpha() and mod.text.islower()) or mod.lemma != mod.text:
                continue  # plain form only: "heavier", "broken", "discoloured" describe
            after = toks[i + 3] if i + 3 < n else None
            if after is not None and after.text.lower() in PREDICATE_NEXT:
                continue
            for k in (2, 1):  # "blood cells that are white" before "cells that are white"
                if i - k < 0 or not all(t.text.isalpha() for t in toks[i - k:i]):
                    continue
                nouns = [t.lemma for t in toks[i - k:i]]
                term = " ".join([mod.lemma, *nouns])
                if not _established(term, mod.lemma, nouns[0]):
                    continue
                start, end = toks[i - k].idx, mod.idx + len(mod.text)
                text, shown = block_text[start:end], lex.display(term)
                out.append(Finding(
                    rule=RULE, offset=block_offset + start, length=end - start, text=text,
                    message=f'"{text}" reads as the term "{adapt(shown, text.lower())}" turned into a '
                            "relative clause, as spinners reword fixed terms.",
                    suggestions=(adapt(shown, text),), confidence=CONFIDENCE, source=SOURCE, severity="warning",
                    fix_safe=False))
                break
    return out
