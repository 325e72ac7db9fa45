"""Word-level swaps learned from the curated pack's own garble -> term pairs.

Every documented garble teaches the generic detector: "rear mouse" -> "back mice"
gives rear -> back, "kidney disappointment" -> "kidney failure" gives
disappointment -> failure, and the lexicon detector then also catches
"rear pain" or "liver disappointment" that no rule lists.
"""
from __future__ import annotations

from collections import defaultdict

from linter.nlp import normalise

LEARNED_WEIGHT = 0.9


def _common_ends(garbled: list[str], correct: list[str]) -> tuple[int, int]:
    """How many words the phrases share at the start, and then at the end."""
    i = 0
    while i < min(len(garbled), len(correct)) and garbled[i] == correct[i]:
        i += 1
    j = 0
    while j < min(len(garbled), len(correct)) - i and garbled[-1 - j] == correct[-1 - j]:
        j += 1
    return i, j


def _differing_middle(garbled: list[str], correct: list[str]) -> tuple[list[str], list[str]]:
    """What is left of both phrases after removing their common prefix and suffix."""
    i, j = _common_ends(garbled, correct)
    return garbled[i:len(garbled) - j], correct[i:len(correct) - j]


def _pairs(garbled: list[str], correct: list[str]):
    """Aligned (garbled word, correct word) pairs of two phrases, or nothing.

    Equal length: the positions that differ (at most 2).  Different length: the
    words left after removing the common prefix and suffix, when one word
    remains on each side.
    """
    if len(garbled) == len(correct):
        diff = [(g, c) for g, c in zip(garbled, correct) if g != c]
        return diff if 0 < len(diff) <= 2 else []
    g_mid, c_mid = _differing_middle(garbled, correct)
    if len(g_mid) == 1 and len(c_mid) == 1:
        return [(g_mid[0], c_mid[0])]
    return []


def _phrase_pair(garbled: list[str], correct: list[str]):
    """A multi-word stand-in for one word ("most cancers" for "cancer",
    "imaginative and prescient" for "vision"), or None.

    When the spinner kept the word and added to it ("breast most cancers" for "breast
    cancer", "pale pores and skin" for "pale skin"), what differs is only the addition;
    the stand-in is the addition with the kept word after it (else before it)."""
    g_mid, c_mid = _differing_middle(garbled, correct)
    if not c_mid and g_mid and len(garbled) > len(correct):
        start = _common_ends(garbled, correct)[0]  # where the addition sits in correct
        if start < len(correct):
            g_mid, c_mid = g_mid + [correct[start]], [correct[start]]
        elif start > 0:
            g_mid, c_mid = [correct[start - 1]] + g_mid, [correct[start - 1]]
    if len(c_mid) == 1 and 2 <= len(g_mid) <= 4 and all(w.isalpha() for w in g_mid) and c_mid[0].isalpha():
        return " ".join(g_mid), c_mid[0]
    return None


def learn(ruleset) -> dict[str, dict[str, float]]:
    """{garbled lemma or phrase: {correct lemma: weight}} from every rule's patterns.

    Multi-word keys ("most cancer") are phrases a spinner put in place of one word;
    the detector reads them as one unit."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for rule in ruleset.rules:
        targets = [normalise(s).split() for s in rule.suggestions[:1]] + [normalise(rule.term).split()]
        for pattern in rule.patterns:
            g = normalise(pattern).split()
            for c in targets:
                for gw, cw in _pairs(g, c):
                    if gw.isalpha() and cw.isalpha() and len(gw) > 2 and len(cw) > 2:
                        out[gw][cw] = LEARNED_WEIGHT
                phrase = _phrase_pair(g, c)
                if phrase:
                    out[phrase[0]][phrase[1]] = LEARNED_WEIGHT
    return dict(out)


def phrase_starts(learned) -> dict[str, list[tuple[str, ...]]]:
    """First word -> the learned multi-word stand-ins starting with it (longest first)."""
    starts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in learned:
        if " " in key:
            words = tuple(key.split(" "))
            starts[words[0]].append(words)
    for v in starts.values():
        v.sort(key=len, reverse=True)
    return dict(starts)
