"""Word vectors for the swap detector (``corpus/vectors/``, built by scripts/build_vectors.py).

A memory-mapped int8 matrix (one row per word, ~46k lemmas of lexicon and everyday English
words) and a trie from word to row.  ``similarity`` is the cosine of two words; ``closest``
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


def similarity(a: str, b: str) -> float:
    """Cosine of two words' vectors; 0.0 when either has none."""
    data = _data()
    if data is None:
        return 0.0
    trie, matrix, norms = data
    i, j = trie.get(a), trie.get(b)
    if i is None or j is None:
        return 0.0
    return float(numpy_dot(matrix[i], matrix[j])) / float(norms[i] * norms[j])


def closest(word: str, options: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """``options`` that have vectors, by cosine to ``word`` (best first), with the cosine;
    empty when ``word`` has none.  Not kept: its caller (``linter.lexicon.ranked_fillers``)
    keeps the ranking per (word, slot)."""
    data = _data()
    if data is None:
        return ()
    import numpy

    trie, matrix, norms = data
    i = trie.get(word)
    if i is None:
        return ()
    rows = [(o, trie.get(o)) for o in options]
    rows = [(o, r) for o, r in rows if r is not None and o != word]
    if not rows:
        return ()
    ids = numpy.fromiter((r for _, r in rows), dtype=numpy.int64, count=len(rows))
    sims = (matrix[ids].astype(numpy.float32) @ matrix[i].astype(numpy.float32)) / (norms[ids] * norms[i])
    order = numpy.argsort(-sims, kind="stable")
    return tuple((rows[k][0], round(float(sims[k]), 4)) for k in order.tolist())
