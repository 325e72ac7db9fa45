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

What is read at run time is not the pickles but the same data, and the tables derived
from it, as MARISA tries in ``lookup/`` (``scripts/build_lookup.py``, which documents the
files).  Unpickling both files took ~0.3 s and deriving the wildcard index, positional
filter, sub-phrases and vocabulary another ~0.6 s in every process, while a 600-word
file looks up a few thousand keys: the tries are memory-mapped (~1 ms to open, pages
read on demand) and a lookup costs ~1 us.  Decoded answers of the per-word tables
(thesaurus sources, word counts and positions, index slots) are kept in bounded LRU
caches, so a long run pays the decoding once per distinct key, and after ~200k index
probes the index keys are loaded into a set (``_Index``).  Measured on the 2-core
machine: a 600-word file's lexicon check went from ~1 s to ~45 ms (first run in a
process); over the 5 MB benchmark corpus (``benchmarks/bench.py``, ``--jobs 1``) the
whole run went from 51 s to 44 s, the lexicon check being faster than with the old
in-memory dicts (what a word contributes is kept, ``word_info``).

Nothing is read at import.  The first call that needs a table opens it
(``_lexicon`` for terms, display forms and collocations; ``_reverse``; ``_index``).
The data directory is ``linter/_data/corpus`` when the package ships its data
(wheel install), else ``<repo root>/corpus``.

Speed: ``candidates``: ~340k n-grams/s with one swap, ~160k/s with up to two, in a
warm process (n-grams of 2-5 words of health prose; the in-memory dicts: 350k and 165k;
``tests/test_lexicon.py`` has a conservative speed check).
"""
from __future__ import annotations

import functools
import itertools
import sys
from collections.abc import Mapping
from pathlib import Path

from linter import vectors  # imports nothing heavy: its data is opened on first use

__all__ = [
    "data_dir",
    "term_weight",
    "display",
    "collocation_count",
    "sources_for",
    "candidates",
    "vocabulary",
    "terms",
    "term_word_counts",
    "is_established",
]

WILDCARD = "*"
MAX_TERM_WORDS = 7  # tokens, hyphens included ("sac - like capsule")
FORMAT = 1  # of the tries in lookup/ (scripts/build_lookup.py writes it to meta.json)
_EMPTY: dict = {}
_WORD_CACHE = 1 << 15  # distinct words whose positional masks are kept
# distinct words whose thesaurus sources (and search state, ``WordInfo``) are kept decoded: a
# few KB each, so a collection with a large vocabulary stays within ~100 MB of them
_SOURCE_CACHE = 1 << 13
_SLOT_CACHE = 1 << 14  # index slots kept decoded
_BULK_AFTER = 200_000  # missed index probes before the index keys are loaded into memory


def data_dir() -> Path:
    """``linter/_data/corpus`` if the package ships its data, else ``<repo>/corpus``."""
    from linter.data import data_dir as _data_dir

    return _data_dir("corpus")


@functools.lru_cache(maxsize=None)
def _trie(name: str):
    """One memory-mapped trie of ``lookup/`` (see scripts/build_lookup.py)."""
    import marisa_trie

    kind = {"terms": ("RecordTrie", "<d"), "collocations": ("RecordTrie", "<Q"),
            "words": ("RecordTrie", "<IQ"), "established": ("Trie",)}.get(name, ("BytesTrie",))
    trie = getattr(marisa_trie, kind[0])(*kind[1:])
    path = data_dir() / "lookup" / f"{name}.marisa"
    try:
        trie.mmap(str(path))
    except (OSError, RuntimeError) as exc:  # marisa raises RuntimeError (MARISA_IO_ERROR, ...)
        from linter.errors import MedlintError

        raise MedlintError(f"{path}: cannot open the lexicon data ({exc}); run scripts/build_lookup.py") from None
    return trie


class _Records(Mapping):
    """Read-only mapping over a RecordTrie of one field (term -> weight, bigram -> count)."""

    def __init__(self, trie):
        self._trie = trie

    def __getitem__(self, key):
        found = self._trie.get(key)
        if found is None:
            raise KeyError(key)
        return found[0][0]

    def get(self, key, default=None):
        found = self._trie.get(key)
        return default if found is None else found[0][0]

    def __contains__(self, key):
        return key in self._trie

    def __iter__(self):
        return iter(self._trie.keys())

    def __len__(self):
        return len(self._trie)


class _Texts(_Records):
    """Read-only mapping over a BytesTrie of UTF-8 strings (term -> display form)."""

    def __getitem__(self, key):
        found = self._trie.get(key)
        if found is None:
            raise KeyError(key)
        return found[0].decode()

    def get(self, key, default=None):
        found = self._trie.get(key)
        return default if found is None else found[0].decode()


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    """{"weights": term -> weight, "display": term -> display form, "collocations":
    bigram -> count}: read-only mappings over the tries."""
    return {"weights": _Records(_trie("terms")), "display": _Texts(_trie("display")),
            "collocations": _Records(_trie("collocations"))}


class _Reverse:
    """garbled lemma -> {original lemma: weight}, best first (decoded once per word)."""

    def __init__(self, trie):
        self._trie = trie
        self.get = functools.lru_cache(maxsize=_SOURCE_CACHE)(self._decode)  # get(garbled) -> dict | None

    def _decode(self, garbled: str):
        found = self._trie.get(garbled)
        if found is None:
            return None
        parts = found[0].decode().split("\t")
        return dict(zip(map(sys.intern, parts[::2]), map(_weight, parts[1::2])))


@functools.lru_cache(maxsize=64)
def _weight(text: str) -> float:
    """The float of a relation weight (a handful of distinct values): one object per value
    instead of one per (word, source) pair; with the interned source words this keeps the
    decoded sources of a long run's ~10k words in about half the memory."""
    return float(text)


@functools.lru_cache(maxsize=1)
def _reverse() -> _Reverse:
    return _Reverse(_trie("reverse"))


class _Index:
    """term with one position replaced by ``*`` -> {word at that position: term}.

    Most probes miss.  A trie probe costs ~0.7 us against ~0.1 us for a Python set, so a
    long run (after ``_BULK_AFTER`` probes, ~50k words of text) loads the 154k keys into a
    frozenset once (~0.15 s, ~15 MB): per word as fast as the old in-memory dict.  With
    them it derives the terms of four or five words with two positions replaced
    (``may_pair``): a two-word swap there needs its two or three kept words in one term,
    which most n-grams' are not (on the dev and clean text it rules out 76% of the swap
    pairs of 4-grams and 95% of 5-grams')."""

    def __init__(self, trie):
        self._trie = trie
        self._slot = functools.lru_cache(maxsize=_SLOT_CACHE)(self._decode)
        self._keys = trie  # the trie until the key set is loaded
        self._two_wild: frozenset[int] | None = None  # two-wildcard skeletons of long terms, with the keys
        self._probes = 0

    def _decode(self, key: tuple[str, ...]):
        found = self._trie.get(" ".join(key))
        if found is None:
            return None
        i = key.index(WILDCARD)
        head = " ".join(key[:i]) + " " if i else ""
        tail = " " + " ".join(key[i + 1:]) if i + 1 < len(key) else ""
        intern = sys.intern  # a term is in several slots, a word in many terms: one object each
        return {intern(w): intern(head + w + tail) for w in found[0].decode().split(" ")}

    def get(self, key: tuple[str, ...]):
        text = " ".join(key)
        keys = self._keys
        if (hash(text) not in keys) if keys is not self._trie else (text not in keys):
            # most probes miss: no decoding, no cache entry
            if self._probes < _BULK_AFTER:
                self._probes += 1
                if self._probes == _BULK_AFTER:
                    self.load_keys()
            return None
        return self._slot(key)  # (a hash collision only costs a trie probe that finds nothing)

    def load_keys(self) -> None:
        """Hold the keys' (and the two-wildcard skeletons') hashes in memory from now on: an
        int per key instead of its string halves the ~35 MB the two sets took."""
        keys = self._trie.keys()
        self._keys = frozenset(map(hash, keys))
        self._two_wild = frozenset(map(hash, _two_wildcards(keys)))

    def may_pair(self, words: tuple[str, ...], i: int, j: int) -> bool:
        """False when no term of this length (4 or 5 words) keeps the n-gram's words outside
        positions ``i`` and ``j``; True when it may (or when the skeletons are not loaded)."""
        if self._two_wild is None:
            return True
        return hash(" ".join(WILDCARD if k == i or k == j else w for k, w in enumerate(words))) in self._two_wild


def _two_wildcards(keys):
    """The one-wildcard index keys of terms of 4+ words with one more position replaced."""
    for key in keys:
        ws = key.split(" ")
        if len(ws) >= 4:
            for j, w in enumerate(ws):
                if w != WILDCARD:
                    yield " ".join(ws[:j] + [WILDCARD] + ws[j + 1:])


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(_trie("index"))


@functools.lru_cache(maxsize=_WORD_CACHE)
def _word(word: str) -> tuple[int, int]:
    """(number of terms containing ``word``, positional mask: bit ``8 * n + i`` set when a
    term of n words has it at position i); (0, 0) for a word of no term."""
    found = _trie("words").get(word)
    return found[0] if found else (0, 0)


@functools.lru_cache(maxsize=1)
def _meta() -> dict:
    """``lookup/meta.json`` (scripts/build_lookup.py)."""
    import json

    with open(data_dir() / "lookup" / "meta.json", encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=1)
def _lengths() -> frozenset[int]:
    """Numbers of words that some term has."""
    return frozenset(_meta()["lengths"])


def ranges() -> dict:
    """Ranges of what the detector's features read: ``term_weight`` [min, max],
    ``max_collocation`` (highest bigram count), ``max_term_words_count`` (most terms one
    word occurs in)."""
    meta = _meta()
    return {k: meta[k] for k in ("term_weight", "max_collocation", "max_term_words_count")}


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every lemma that occurs in a lexicon term."""
    return frozenset(_trie("words").keys())


class _WordCounts(Mapping):
    """word -> number of lexicon terms containing it (words of no term are absent)."""

    def __getitem__(self, word):
        n = _word(word)[0]
        if not n:
            raise KeyError(word)
        return n

    def get(self, word, default=None):
        return _word(word)[0] or default

    def __contains__(self, word):
        return _word(word)[0] > 0

    def __iter__(self):
        return iter(_trie("words").keys())

    def __len__(self):
        return len(_trie("words"))


def term_word_counts() -> Mapping[str, int]:
    """{word: number of lexicon terms containing it} (read-only)."""
    return _WordCounts()


def terms() -> Mapping[str, float]:
    """All terms: {normalised term: weight} (read-only mapping)."""
    return _lexicon()["weights"]


def is_established(norm_phrase: str) -> bool:
    """A term, a sub-phrase of a term (a run of 2-3 words inside a longer one), a frequent
    English bigram, or a correct phrase that is not a term (``established_phrases.txt``):
    one trie holds them all."""
    return norm_phrase in _trie("established")


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
    return _reverse().get(garbled_lemma) or _EMPTY


def _matches(fillers: dict[str, str], sources: dict[str, float]):
    """(word, term, weight) for each word that both fills the slot and is a source."""
    if len(fillers) <= len(sources):
        for word, term in fillers.items():
            w = sources.get(word)
            if w is not None:
                yield word, term, w
    else:
        for word, w in sources.items():
            term = fillers.get(word)
            if term is not None:
                yield word, term, w


class WordInfo:
    """What the swap search needs of one (normalised) word, computed once per word: its
    positional mask (``_word``), the lexicon words it may stand in for (``sources``, best
    first, learned swaps merged in) and, per (term length, position), the strong sources
    usable in a two-word swap (weight >= the minimum and found at that position of a term
    of that length).  Filtering a word's few hundred sources again for every n-gram it
    occurs in was about half of the detector's time."""

    __slots__ = ("word", "count", "mask", "sources", "learned", "best", "_strong", "_pairs")

    def __init__(self, word: str, sources: dict[str, float], learned=frozenset()):
        self.word, self.sources, self.learned, self._strong, self._pairs = word, sources, learned, {}, {}
        self.count, self.mask = _word(word)
        self.best = next(iter(sources.values()), 0.0)  # the highest source weight

    def strong(self, n: int, k: int, min_weight: float) -> dict[str, float]:
        key = (n, k, min_weight)
        found = self._strong.get(key)
        if found is None:
            bit = 8 * n + k
            found = {}
            for orig, w in self.sources.items():  # best first (see build_thesaurus)
                if w < min_weight:
                    break
                if _word(orig)[1] >> bit & 1:
                    found[orig] = w
            self._strong[key] = found
        return found

    def pairs(self, k: int, min_weight: float) -> dict[str, list[tuple[str, float, str]]]:
        """For a two-word term with this word swapped at position ``k`` (0 or 1): {the other
        position's word: [(source here, its weight, term)]} over the strong sources, best
        first.  A bigram's two-word swaps then cost one lookup per source of the other word
        instead of one index probe per source of this one (the probe "source *" depends on
        this word alone, so it is made once per word, not once per bigram).  Each list is
        kept as a tuple."""
        key = (k, min_weight)
        found = self._pairs.get(key)
        if found is None:
            found = {}
            index = _index()
            for orig, w in self.strong(2, k, min_weight).items():
                fillers = index.get((orig, WILDCARD) if k == 0 else (WILDCARD, orig))
                if fillers:
                    for other, term in fillers.items():
                        found.setdefault(other, []).append((orig, w, term))
            found = self._pairs[key] = {other: tuple(entries) for other, entries in found.items()}  # (smaller)
        return found


_info_memo: dict[int, tuple[object, dict]] = {}  # id(extra) -> (extra, {word: WordInfo})


def word_info(word: str, extra: dict[str, dict[str, float]] | None = None) -> WordInfo:
    """The ``WordInfo`` of ``word`` with the sources of ``extra`` (learned swaps, one mapping
    per rule set that must not change while in use) merged in; kept per word."""
    entry = _info_memo.get(id(extra))
    if entry is None or entry[0] is not extra:
        if len(_info_memo) >= 8:
            _info_memo.clear()
        entry = _info_memo[id(extra)] = (extra, {})
    infos = entry[1]
    info = infos.get(word)
    if info is None:
        if len(infos) >= _SOURCE_CACHE:
            infos.clear()
        sources = _reverse().get(word) or _EMPTY
        more = extra.get(word) if extra else None
        if more:
            merged = {**sources, **more}
            sources = dict(sorted(merged.items(), key=lambda kv: -kv[1]))
        info = infos[word] = WordInfo(word, sources, frozenset(more or ()))
    return info


def candidates(
    norm_words: tuple[str, ...], max_swaps: int = 2, extra: dict[str, dict[str, float]] | None = None,
    min_double_weight: float = 0.4,
) -> list[tuple[str, tuple[int, ...], tuple[float, ...]]]:
    """Terms obtainable from the n-gram by undoing one (or two) thesaurus swaps.

    ``norm_words`` are normalised tokens, e.g. ``("heart", "assault")``.  Each
    result is ``(term, swapped_positions, relation_weights)``, e.g.
    ``("heart attack", (1,), (0.85,))``, best first (highest product of
    relation weights, then term weight).  The n-gram itself is never returned.
    ``extra`` adds more {garbled lemma: {original lemma: weight}} sources (one mapping per
    rule set, not modified after the first call: see ``word_info``).
    In a two-word swap each relation must weigh at least ``min_double_weight``
    (default 0.4: two weak two-step relations together are mostly chance, and
    stopping there keeps this fast; source dicts are stored best first).
    """
    n = len(norm_words)
    if n < 2 or n > MAX_TERM_WORDS:
        return []
    return candidates_of(tuple(norm_words), [word_info(w, extra) for w in norm_words], max_swaps,
                         min_double_weight)


def viable(infos: list[WordInfo], max_swaps: int = 2, slot: bool = False) -> bool:
    """A cheap necessary condition for ``candidates_of`` to find anything: at most
    ``max_swaps`` words are at a position no term of this length has them, each of those
    has sources, and some word has sources.  With ``slot``, also true when ``slot_candidates``
    may find something: at most one word is at a position no term of this length has it."""
    n = len(infos)
    shift = 8 * n
    foreign = 0
    any_source = False
    sourceless = False
    for k, info in enumerate(infos):
        if info.sources:
            any_source = True
        if not info.mask >> (shift + k) & 1:  # must be swapped: needs sources, and counts
            foreign += 1
            if not info.sources:
                sourceless = True
            if foreign > max_swaps or (sourceless and not slot):
                return False
    if slot and foreign <= 1:
        return True
    return any_source and not sourceless


def candidates_of(words: tuple[str, ...], infos: list[WordInfo], max_swaps: int = 2,
                  min_double_weight: float = 0.4, floors: tuple[float, float, float, float] | None = None,
                  ) -> list[tuple[str, tuple[int, ...], tuple[float, ...]]]:
    """``candidates`` for words whose ``word_info`` the caller already holds.

    ``floors``, when given, are the smallest relation weight (product of weights for two
    swaps) worth returning: (one swap, one learned swap, two swaps, two swaps of which one
    is learned); a caller whose scoring cannot accept anything below them (the detector
    bounds its model's score) is spared the search of hopeless two-word swaps."""
    n = len(words)
    if n < 2 or n > MAX_TERM_WORDS or n not in _lengths():
        return []
    f1, f1_learned, f2, f2_learned = floors or (0.0, 0.0, 0.0, 0.0)
    # a word that stays must occur at its position in some term of this length:
    # at most max_swaps words may fail that
    shift = 8 * n
    foreign = [k for k in range(n) if not infos[k].mask >> (shift + k) & 1]
    if len(foreign) > max_swaps:
        return []
    index = _index()
    out: list[tuple[str, tuple[int, ...], tuple[float, ...]]] = []
    for i in range(n) if not foreign else foreign[:1] if len(foreign) == 1 else ():
        info = infos[i]
        if not info.sources or (info.best < f1 and not info.learned):
            continue
        fillers = index.get(words[:i] + (WILDCARD,) + words[i + 1:])
        if fillers:
            learned = info.learned
            for orig, term, w in _matches(fillers, info.sources):
                if w >= (f1_learned if orig in learned else f1):
                    out.append((term, (i,), (w,)))
    if max_swaps >= 2:
        swappable = [i for i in range(n) if infos[i].sources]
        for i, j in itertools.combinations(swappable, 2):
            if foreign and not all(k == i or k == j for k in foreign):
                continue
            if infos[i].best * infos[j].best < f2 and not (infos[i].learned or infos[j].learned):
                continue
            if n >= 4 and not index.may_pair(words, i, j):
                continue
            si, sj = infos[i].strong(n, i, min_double_weight), infos[j].strong(n, j, min_double_weight)
            if not si or not sj:
                continue
            if n == 2:  # every word swapped: join the other word's sources with this one's pairs
                pairs = infos[0].pairs(0, min_double_weight)
                learned_0, learned_1 = infos[0].learned, infos[1].learned
                for orig_1, w1 in sj.items():
                    for orig_0, w0, term in pairs.get(orig_1, ()):
                        if w0 * w1 >= (f2_learned if orig_0 in learned_0 or orig_1 in learned_1 else f2):
                            out.append((term, (0, 1), (w0, w1)))
                continue
            # enumerate the smaller source set, look the other position up
            a, b, sa, sb = (i, j, si, sj) if len(si) <= len(sj) else (j, i, sj, si)
            learned_a, learned_b = infos[a].learned, infos[b].learned
            best_b = next(iter(sb.values()))  # best first
            floor_any = f2_learned if learned_a or learned_b else f2  # lowest floor any pair here can meet
            base = list(words)
            base[b] = WILDCARD
            for orig_a, wa in sa.items():
                if wa * best_b < floor_any:
                    break  # sources are best first: no later one does better
                a_learned = orig_a in learned_a
                if wa * best_b < (f2_learned if a_learned or learned_b else f2):
                    continue
                base[a] = orig_a
                fillers = index.get(tuple(base))
                if fillers:
                    for orig_b, term, wb in _matches(fillers, sb):
                        if wa * wb < (f2_learned if a_learned or orig_b in learned_b else f2):
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


def fillers(words: tuple[str, ...], i: int) -> dict[str, str]:
    """{word: term} for the words that fill position ``i`` of the n-gram in some term."""
    return _index().get(words[:i] + (WILDCARD,) + words[i + 1:]) or _EMPTY


@functools.lru_cache(maxsize=1 << 15)
def ranked_fillers(words: tuple[str, ...], i: int):
    """(``fillers``, the five of them closest to ``words[i]`` by word vectors as
    ``vectors.Options.closest`` ranks them), kept per (n-gram, position), i.e. per (word, slot): the
    slot search and the candidates' vector features ask for the same slots, and sorting a
    slot's fillers for every n-gram that has it was most of their cost (``filler_rank`` reads
    a filler's rank).  Do not modify the result."""
    key = words[:i] + (WILDCARD,) + words[i + 1:]
    slot = _index().get(key) or _EMPTY  # (``fillers``, with the key built once)
    return slot, (_slot_options(key).closest(words[i], 5) if slot else ())


@functools.lru_cache(maxsize=_SLOT_CACHE)
def _slot_options(key: tuple[str, ...]) -> vectors.Options:
    """The ``vectors.Options`` of the words filling the slot of ``key`` (sorted), per slot."""
    return vectors.Options(tuple(sorted(_index().get(key) or ())))


@functools.lru_cache(maxsize=_WORD_CACHE)
def _has_vector(word: str) -> bool:
    return vectors.row(word) is not None


def filler_rank(ranked, filler: str) -> int:
    """Rank (0 = closest) of ``filler`` in a ``ranked_fillers`` ranking; 5 when not in it."""
    for k, (o, _) in enumerate(ranked):
        if o == filler:
            return k
    return 5


def slot_candidates(words: tuple[str, ...], infos: list[WordInfo], min_similarity: float,
                    skip: frozenset[str] = frozenset(), top: int = 1,
                    ) -> list[tuple[str, tuple[int, ...], float, int, int]]:
    """Terms one word away from the n-gram whatever the thesaurus says: for each position
    that may be the swapped one (the only word not found at its position in any term of this
    length, else every word), the words that fill that slot in some term, ranked by word-vector
    similarity to the word found there (``linter.vectors``).  Each of the ``top`` closest
    fillers at least ``min_similarity`` close gives ``(term, (position,), similarity, number
    of fillers, rank)`` (rank 0 = closest)."""
    n = len(words)
    if n < 2 or n > MAX_TERM_WORDS or n not in _lengths():
        return []
    shift = 8 * n
    foreign = [k for k in range(n) if not infos[k].mask >> (shift + k) & 1]
    if len(foreign) > 1:
        return []
    out = []
    index = _index()
    for i in foreign or range(n):
        if words[i] in skip or len(words[i]) < 3 or not _has_vector(words[i]):
            continue
        if not index.get(words[:i] + (WILDCARD,) + words[i + 1:]):  # no such slot (most): nothing to rank
            continue
        found, ranked = ranked_fillers(words, i)
        for rank, (filler, sim) in enumerate(ranked[:top]):
            if sim < min_similarity:
                break
            out.append((found[filler], (i,), sim, len(found), rank))
    return out
