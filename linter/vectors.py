"""Word vectors for the swap detector (``corpus/vectors/``, built by scripts/build_vectors.py).

A memory-mapped int8 matrix (one row per word, ~46k lemmas of lexicon and everyday English
words) and a trie from word to row.  ``similarity`` is the cosine of two words; ``Options``
ranks the words that could fill one slot of a term by how close each is to the word found
there.  Loaded on first use only (a few milliseconds: the matrix is mapped, not read).
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _data():
    """(trie, matrix, norms) or None when the data is missing."""
    import marisa_trie
    import numpy

    from linter.data import data_dir

    folder = data_dir("corpus") / "vectors"
    try:
        trie = marisa_trie.Trie().mmap(str(folder / "words.marisa"))
        # a plain ndarray over the mapped file: indexing a numpy.memmap builds a memmap
        # object per lookup, several times the cost of the lookup itself
        matrix = numpy.asarray(numpy.load(folder / "vectors.npy", mmap_mode="r"))
    except (OSError, RuntimeError, ValueError):
        return None
    norms = numpy.sqrt(numpy.einsum("ij,ij->i", matrix, matrix, dtype=numpy.float32))
    norms[norms == 0] = 1.0
    return trie, matrix, norms


def numpy_dot(a, b) -> int:
    """Dot product of two int8 rows, without overflow (as int32)."""
    import numpy

    return int(numpy.dot(a.astype(numpy.int32), b.astype(numpy.int32)))


def row(word: str) -> int | None:
    data = _data()
    if data is None:
        return None
    return data[0].get(word)


@functools.lru_cache(maxsize=1 << 16)
def similarity(a: str, b: str) -> float:
    """Cosine of two words' vectors; 0.0 when either has none (kept per pair: the
    detector asks for the same few pairs of garbled and term words again and again)."""
    data = _data()
    if data is None:
        return 0.0
    trie, matrix, norms = data
    i, j = trie.get(a), trie.get(b)
    if i is None or j is None:
        return 0.0
    return float(numpy_dot(matrix[i], matrix[j])) / float(norms[i] * norms[j])


class Options:
    """The words that can fill one slot, looked up once: their rows in the matrix and their
    norms, so ranking them for each word found in that slot is one matrix product (looking
    every option up again for every n-gram with that slot was most of the ranking's cost)."""

    __slots__ = ("words", "ids", "norms")

    def __init__(self, options: tuple[str, ...]):
        self.words, self.ids, self.norms = (), None, None
        data = _data()
        if data is None:
            return
        import numpy

        trie, _, norms = data
        rows = [(o, r) for o, r in ((o, trie.get(o)) for o in options) if r is not None]
        if rows:
            self.words = tuple(o for o, _ in rows)
            self.ids = numpy.fromiter((r for _, r in rows), dtype=numpy.int64, count=len(rows))
            self.norms = norms[self.ids]

    def closest(self, word: str, top: int | None = None) -> tuple[tuple[str, float], ...]:
        """The options but ``word`` itself, by cosine to ``word``, best first (ties in the
        options' order), with the cosine; empty when ``word`` has no vector."""
        if self.ids is None:
            return ()
        import numpy

        trie, matrix, norms = _data()
        i = trie.get(word)
        if i is None:
            return ()
        words, ids, kept = self.words, self.ids, self.norms
        if word in words:  # never ranked against itself
            k = words.index(word)
            words, ids, kept = words[:k] + words[k + 1:], numpy.delete(ids, k), numpy.delete(kept, k)
            if not words:
                return ()
        sims = (matrix[ids].astype(numpy.float32) @ matrix[i].astype(numpy.float32)) / (kept * norms[i])
        order = numpy.argsort(-sims, kind="stable")
        if top is not None:
            order = order[:top]
        return tuple((words[k], round(float(sims[k]), 4)) for k in order.tolist())
