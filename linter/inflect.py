"""Re-inflecting a suggestion to the number and case of the text it replaces."""
from __future__ import annotations

import re

from linter.nlp import is_known, is_plural_noun, lemma_of, match_case, pluralise

# Words after which a phrase's head noun has ended ("layers OF skin", "mice THAT are back").
_HEAD_STOP = {"of", "in", "on", "for", "with", "that", "which", "who", "to", "from", "at", "by", "are", "is"}


def head_index(words: list[str]) -> int:
    for i, w in enumerate(words):
        if i and w.lower() in _HEAD_STOP:
            return i - 1
    return len(words) - 1


def is_plural(words: list[str]) -> bool:
    return bool(words) and is_plural_noun(words[head_index(words)])


_WORD_GAP = re.compile(r"&(?:nbsp|#160|#x[aA]0);")


def adapt(suggestion: str, matched: str, inflect: bool = True) -> str:
    """``suggestion`` in the number and case of ``matched``.

    >>> adapt("back mouse", "Spine mice")
    'Back mice'
    """
    words = suggestion.split(" ")
    matched_words = _WORD_GAP.sub(" ", matched).split()  # "spine&nbsp;mice" is two words
    if inflect and is_plural(matched_words):
        h = head_index(words)
        words[h] = pluralise(words[h])
    elif inflect and matched_words and is_plural(words) and _countable_singular(matched_words):
        h = head_index(words)  # "a rear mouse" -> "back mouse", not "back mice"
        words[h] = lemma_of(words[h]) if words[h].islower() else words[h]
    return match_case(matched, " ".join(words))


def _countable_singular(words: list[str]) -> bool:
    """The phrase's head is a singular noun that has a different plural ("mouse"),
    not a mass noun such as "research" or "pus"."""
    head = words[head_index(words)].lower()
    # an unknown word's rule-made plural is unknown too, so never a plural noun: asking would
    # load lemminflect's inflection model (~0.8 s) for nothing ("torment relievers")
    if not is_known(head):
        return False
    return not is_plural_noun(head) and lemma_of(head) == head and pluralise(head) != head \
        and is_plural_noun(pluralise(head)) and head not in _MASS


# Nouns whose plural exists but which a spinner uses as a mass noun in place of a plural term.
_MASS = frozenset("research evidence information advice equipment treatment therapy care data damage material organism".split())
