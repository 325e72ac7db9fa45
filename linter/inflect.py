"""Re-inflecting a suggestion to the number and case of the text it replaces."""
from __future__ import annotations

from linter.nlp import is_plural_noun, match_case, pluralise

# Words after which a phrase's head noun has ended ("layers OF skin", "mice THAT are back").
_HEAD_STOP = {"of", "in", "on", "for", "with", "that", "which", "who", "to", "from", "at", "by", "are", "is"}


def head_index(words: list[str]) -> int:
    for i, w in enumerate(words):
        if i and w.lower() in _HEAD_STOP:
            return i - 1
    return len(words) - 1


def is_plural(words: list[str]) -> bool:
    return bool(words) and is_plural_noun(words[head_index(words)])


def adapt(suggestion: str, matched: str, inflect: bool = True) -> str:
    """``suggestion`` in the number and case of ``matched``.

    >>> adapt("back mouse", "Spine mice")
    'Back mice'
    """
    words = suggestion.split(" ")
    if inflect and is_plural(matched.split()):
        h = head_index(words)
        words[h] = pluralise(words[h])
    return match_case(matched, " ".join(words))
