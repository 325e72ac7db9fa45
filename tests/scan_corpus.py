"""A generated collection for ``medlint scan`` tests and benchmarks: clean health
paragraphs and spun ones carrying garbles the bundled health pack flags."""
from __future__ import annotations

import json
import random

# Flagged by the bundled pack (tests/test_cli.py relies on the same sentence):
# "Spine mice" (health/back-mice) and "reduced back" (health/lower-back).
SPUN = "Spine mice are painful lumps over the reduced back."
CLEAN = [
    "Back mice are painful lumps over the lower back.",
    "Most lumps are harmless and need no treatment.",
    "A doctor can examine the area and ask about your symptoms.",
    "Rest, gentle stretching and pain relief often help.",
    "Seek medical advice if the pain spreads to your legs.",
    "An ultrasound scan can show the size of a lump.",
    "Physiotherapy may strengthen the muscles that support the spine.",
    "Keep a diary of when the pain starts and what eases it.",
    "Regular exercise lowers blood pressure and improves sleep.",
    "Drink enough water and limit alcohol.",
    "Your pharmacist can advise on over-the-counter painkillers.",
    "Call an ambulance if you have chest pain that does not go away.",
]


def make_documents(n: int, seed: int = 0, spun_share: float = 0.35, sentences: tuple[int, int] = (3, 9)):
    """[(id, text, number of SPUN sentences)] — deterministic for a seed; each document has
    ``sentences`` (min, max) clean sentences plus, for about ``spun_share`` of them, 1-3 SPUN."""
    rng = random.Random(seed)
    docs = []
    lo, hi = sentences
    for k in range(n):
        sentences = [rng.choice(CLEAN) for _ in range(rng.randint(lo, hi))]
        spun = 0
        if rng.random() < spun_share:
            spun = rng.randint(1, 3)
            for _ in range(spun):
                sentences.insert(rng.randint(0, len(sentences)), SPUN)
        cut = rng.randint(1, len(sentences))
        text = " ".join(sentences[:cut]) + ("\n\n" + " ".join(sentences[cut:]) if sentences[cut:] else "") + "\n"
        docs.append((f"doc-{k:06d}", text, spun))
    return docs


def write_jsonl(path, docs) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for doc_id, text, _ in docs:
            fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def write_parquet(path, docs, row_group_size: int = 300) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [d[0] for d in docs], "text": [d[1] for d in docs]})
    pq.write_table(table, path, row_group_size=row_group_size)
