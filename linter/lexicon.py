"""The health-term lexicon, established collocations and the spinner thesaurus.

Data (built by ``scripts/build_lexicon.py`` and ``scripts/build_thesaurus.py``,
committed under ``corpus/``):

* ``lexicon/lexicon.pickle.gz``: ``weights`` {normalised term: weight},
  ``display`` {normalised term: display form, where it differs from the
  normal form}, ``collocations`` {normalised bigram: count};
* ``thesaurus/thesaurus.pickle.gz``: ``reverse`` {garbled lemma: {original
  lexicon lemma: relation weight}}, each inner dict best first.

Every key is in the form ``linter.nlp.normalise`` gives: lower case,
context-free lemmas, single spaces; callers pass normalised text too.

Nothing is read at import.  The first call that needs a table loads it; the
wildcard index behind ``candidates`` is built from the terms on first use.
The data directory is ``linter/_data/corpus`` when the package ships its data
(wheel install), else ``<repo root>/corpus``.

Measured on the project's 2-core machine (Python 3.11; 70.7k terms, 127k
collocations, 346k thesaurus pairs; best of several runs on a busy machine,
so upper bounds):

* lexicon tables, pickle.gz: 95-140 ms (the same data as TSV.gz: 280 ms
  to parse, so the pickle is what is loaded);
* thesaurus reverse map, pickle.gz: 60-165 ms (TSV.gz parse: 480 ms);
* wildcard index, built from the terms: 240-310 ms (a pickled index would be
  2.7 MB more and load no faster); positional filter 80 ms; vocabulary 30 ms;
* ``candidates``: ~450k n-grams/s with one swap, ~200k/s with up to two.

(n-grams of 2-5 words of health prose; ``tests/test_lexicon.py`` has a
conservative speed check.)
"""
from __future__ import annotations

import contextlib
import functools
import gc
import gzip
import itertools
import pickle
from pathlib import Path

__all__ = [
    "data_dir",
    "term_weight",
    "display",
    "collocation_count",
    "sources_for",
    "candidates",
    "vocabulary",
    "terms",
    "is_established",
]

WILDCARD = "*"
MAX_TERM_WORDS = 7  # tokens, hyphens included ("sac - like capsule")
_EMPTY: dict = {}


def data_dir() -> Path:
    """``linter/_data/corpus`` if the package ships its data, else ``<repo>/corpus``."""
    from linter.data import data_dir as _data_dir

    return _data_dir("corpus")


@contextlib.contextmanager
def _no_gc():
    """Building ~10^5 small containers: the cyclic GC only slows that down."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(rel: str) -> dict:
    with _no_gc(), gzip.open(data_dir() / rel, "rb") as fh:
        return pickle.load(fh)


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    return _load("lexicon/lexicon.pickle.gz")


@functools.lru_cache(maxsize=1)
def _reverse() -> dict[str, dict[str, float]]:
    return _load("thesaurus/thesaurus.pickle.gz")["reverse"]


@functools.lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], dict[str, str]]:
    """term with one position replaced by ``*`` -> {word at that position: term}."""
    index: dict[tuple[str, ...], dict[str, str]] = {}
    with _no_gc():
        for term in _lexicon()["weights"]:
            words = tuple(term.split(" "))
            for i, w in enumerate(words):
                key = words[:i] + (WILDCARD,) + words[i + 1:]
                slot = index.get(key)
                if slot is None:
                    index[key] = {w: term}
                else:
                    slot[w] = term
    return index


@functools.lru_cache(maxsize=1)
def _positional() -> dict[tuple[int, int], frozenset[str]]:
    """(term length, position) -> words found there: a cheap filter that
    rejects most n-grams before any swap is tried."""
    acc: dict[tuple[int, int], set[str]] = {}
    for slot_key, slot in _index().items():
        n, i = len(slot_key), slot_key.index(WILDCARD)
        acc.setdefault((n, i), set()).update(slot)
    return {k: frozenset(v) for k, v in acc.items()}


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every lemma that occurs in a lexicon term."""
    return frozenset(w for t in _lexicon()["weights"] for w in t.split(" "))


def terms() -> dict[str, float]:
    """All terms: {normalised term: weight} (read-only view, do not modify)."""
    return _lexicon()["weights"]


@functools.lru_cache(maxsize=1)
def _subphrases() -> frozenset[str]:
    """Every run of 2-3 words inside a longer term ("kidney injury" from "acute kidney injury")."""
    out = set()
    for term in _lexicon()["weights"]:
        words = term.split(" ")
        if len(words) > 2:
            for n in (2, 3):
                for i in range(len(words) - n + 1):
                    out.add(" ".join(words[i:i + n]))
    return frozenset(out)


def is_established(norm_phrase: str) -> bool:
    """A term, a sub-phrase of a term, or a frequent English bigram."""
    return (norm_phrase in _lexicon()["weights"] or norm_phrase in _subphrases()
            or _lexicon()["collocations"].get(norm_phrase, 0) > 0)


def term_weight(norm_phrase: str) -> float | None:
    """How established the term is (higher = more sources), or None if not a term."""
    return _lexicon()["weights"].get(norm_phrase)


def display(norm_phrase: str) -> str:
    """Display form of a term ("world health organization" -> "World Health
    Organization", "back mouse" -> "back mice"); the phrase itself if none."""
    return _lexicon()["display"].get(norm_phrase, norm_phrase)


def collocation_count(norm_bigram: str) -> int:
    """Google Books count of a normalised bigram; 0 if not an established phrase."""
    return _lexicon()["collocations"].get(norm_bigram, 0)


def sources_for(garbled_lemma: str) -> dict[str, float]:
    """Lexicon words a spinner may have replaced by ``garbled_lemma``, with the
    relation weight (1.0 synonym ... 0.3 two-step), best first.  Do not
    modify the result."""
    return _reverse().get(garbled_lemma, _EMPTY)


def _matches(fillers: dict[str, str], sources: dict[str, float]):
    if len(fillers) <= len(sources):
        for word, term in fillers.items():
            w = sources.get(word)
            if w is not None:
                yield term, w
    else:
        for word, w in sources.items():
            term = fillers.get(word)
            if term is not None:
                yield term, w


def candidates(
    norm_words: tuple[str, ...], max_swaps: int = 2, extra: dict[str, dict[str, float]] | None = None,
    min_double_weight: float = 0.4,
) -> list[tuple[str, tuple[int, ...], tuple[float, ...]]]:
    """Terms obtainable from the n-gram by undoing one (or two) thesaurus swaps.

    ``norm_words`` are normalised tokens, e.g. ``("heart", "assault")``.  Each
    result is ``(term, swapped_positions, relation_weights)``, e.g.
    ``("heart attack", (1,), (0.85,))``, best first (highest product of
    relation weights, then term weight).  The n-gram itself is never returned.
    ``extra`` adds more {garbled lemma: {original lemma: weight}} sources.
    In a two-word swap each relation must weigh at least ``min_double_weight``
    (default 0.4: two weak two-step relations together are mostly chance, and
    stopping there keeps this fast; source dicts are stored best first).
    """
    n = len(norm_words)
    if n < 2 or n > MAX_TERM_WORDS:
        return []
    words = tuple(norm_words)
    positional = _positional()
    # a word that stays must occur at its position in some term of this length:
    # at most max_swaps words may fail that
    foreign = []
    for k in range(n):
        at = positional.get((n, k))
        if at is None:
            return []
        if words[k] not in at:
            foreign.append(k)
            if len(foreign) > max_swaps:
                return []
    reverse = _reverse()
    index = _index()
    srcs = [reverse.get(w) for w in words]
    if extra:  # e.g. swaps learned from the curated pack (linter.swaps)
        for k, w in enumerate(words):
            more = extra.get(w)
            if more:
                merged = {**(srcs[k] or {}), **more}
                # keep the best-first order the two-swap loop relies on
                srcs[k] = dict(sorted(merged.items(), key=lambda kv: -kv[1]))
    out: list[tuple[str, tuple[int, ...], tuple[float, ...]]] = []
    for i in range(n) if not foreign else foreign[:1] if len(foreign) == 1 else ():
        s = srcs[i]
        if not s:
            continue
        fillers = index.get(words[:i] + (WILDCARD,) + words[i + 1:])
        if fillers:
            for term, w in _matches(fillers, s):
                out.append((term, (i,), (w,)))
    if max_swaps >= 2:
        swappable = [i for i in range(n) if srcs[i]]
        for i, j in itertools.combinations(swappable, 2):
            if foreign and not all(k == i or k == j for k in foreign):
                continue
            # enumerate the smaller source set, look the other position up
            a, b = (i, j) if len(srcs[i]) <= len(srcs[j]) else (j, i)
            sb = srcs[b]
            base = list(words)
            base[b] = WILDCARD
            pos_a = positional[(n, a)]
            for orig_a, wa in srcs[a].items():  # best first (see build_thesaurus)
                if wa < min_double_weight:
                    break
                if orig_a not in pos_a:  # no term of this length has it there
                    continue
                base[a] = orig_a
                fillers = index.get(tuple(base))
                if fillers:
                    for term, wb in _matches(fillers, sb):
                        if wb < min_double_weight:
                            continue
                        pos, ws = ((a, b), (wa, wb)) if a < b else ((b, a), (wb, wa))
                        out.append((term, pos, ws))
    if len(out) > 1:
        weights = _lexicon()["weights"]
        out.sort(key=lambda r: (-_prod(r[2]), -weights[r[0]], r[0]))
    return out


def _prod(values: tuple[float, ...]) -> float:
    p = 1.0
    for v in values:
        p *= v
    return p
