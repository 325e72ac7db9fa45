"""Spin score: garbled terms per 1,000 words, and a verdict per document.

Only terminology layers count (curated, lexicon, consistency); grammar findings
do not.  Overlapping findings of several layers count once.  Thresholds are
justified by measurement in the README (clean vs spun documents of the corpus).
"""
from __future__ import annotations

TERM_SOURCES = ("curated", "lexicon", "consistency")
SUSPICIOUS = 3.0  # garbled terms per 1,000 words; clean text: dev max 2.60, held-out max 2.02
LIKELY_SPUN = 10.0  # spun dev documents: min 14.1, median 25.7 (held out: median 15.8)


def garbled_terms(findings) -> int:
    spans = sorted((f.offset, f.end) for f in findings if f.source in TERM_SOURCES)
    count, last_end = 0, -1
    for start, end in spans:
        if start >= last_end:
            count += 1
            last_end = end
        else:
            last_end = max(last_end, end)
    return count


def verdict(score: float) -> str:
    if score >= LIKELY_SPUN:
        return "likely-spun"
    if score >= SUSPICIOUS:
        return "suspicious"
    return "clean"


def document_summary(path: str, words: int, findings) -> dict:
    garbled = garbled_terms(findings)
    score = round(garbled * 1000.0 / words, 2) if words else 0.0
    return {"path": path, "words": words, "findings": garbled, "spin_score": score, "verdict": verdict(score)}


def summarise(results) -> list[dict]:
    return [document_summary(r.path, r.words, r.findings) for r in results if r.checked]
