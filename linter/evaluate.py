"""``medlint eval``: precision, recall, F1 and suggestion accuracy against gold.

Gold files (``*.gold.txt``, ``*.gold.md``) use the inline annotation of
corpus/README.md.  Any other text file given is treated as clean text: every
finding in it is a false positive, reported as findings per 1,000 words.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from linter import gold
from linter.errors import InputError
from linter.findings import non_overlapping
from linter.spin import TERM_SOURCES


@dataclass
class Tally:
    found: int = 0  # findings (unique spans)
    tp: int = 0  # findings that overlap a gold span
    gold_hit: int = 0  # gold spans hit
    suggestion_ok: int = 0  # gold spans hit whose first suggestion is right
    false_positives: list = field(default_factory=list)
    missed: list = field(default_factory=list)
    wrong_suggestion: list = field(default_factory=list)

    def as_dict(self, gold_total: int) -> dict:
        p = self.tp / self.found if self.found else 0.0
        r = self.gold_hit / gold_total if gold_total else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.suggestion_ok / self.gold_hit if self.gold_hit else 0.0
        return {"findings": self.found, "true_positives": self.tp, "gold": gold_total, "gold_found": self.gold_hit,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
                "suggestion_accuracy": round(acc, 4)}


def gold_files(paths) -> tuple[list[str], list[str]]:
    """(gold files, clean files) under ``paths``."""
    from linter.files import expand

    files, errors = expand(paths, ())
    if errors:
        from linter.errors import InputError

        raise InputError(errors[0])
    golds = [f for f in files if ".gold." in os.path.basename(f)]
    clean = [f for f in files if ".gold." not in os.path.basename(f)]
    return golds, clean


def _fmt(path: str) -> str:
    from linter.formats import format_for

    return format_for(path.replace(".gold.", "."))


def _dedupe(findings):
    """One finding per span, preferring curated > lexicon > consistency."""
    order = {s: i for i, s in enumerate(TERM_SOURCES)}
    kept = non_overlapping(sorted(findings, key=lambda f: (order.get(f.source, 9), -f.confidence)))
    return sorted(kept, key=lambda f: f.offset)


def _words(text: str) -> list[str]:
    return text.lower().replace("-", " ").split()


def _reads_as(a: str, b: str) -> bool:
    """Equal word for word, ignoring case and how a compound is joined (space, hyphen or
    nothing), and allowing a noun's plural for its singular ("murmur" / "murmurs")."""
    from linter.nlp import is_plural_noun, lemma_of

    wa, wb = _words(a), _words(b)
    if "".join(wa) == "".join(wb):  # "chicken pox" / "chickenpox", "short-sighted" / "short sighted"
        return True
    return len(wa) == len(wb) and all(
        x == y or ((is_plural_noun(x) or is_plural_noun(y)) and lemma_of(x) == lemma_of(y))
        for x, y in zip(wa, wb))


def suggestion_right(start: int, end: int, suggestion: str, g, text: str) -> bool:
    """Whether applying ``suggestion`` to ``text[start:end]`` makes the gold span read as one of
    its corrections.  The text is compared over the union of both spans, so a finding narrower or
    wider than the gold span is judged by what its fix would leave behind."""
    lo, hi = min(start, g.start), max(end, g.end)
    fixed = text[lo:start] + suggestion + text[end:hi]
    return any(_reads_as(fixed, text[lo:g.start] + c + text[g.end:hi]) for c in g.corrections)


def _score(tally: Tally, findings, spans, name, text):
    for f in findings:
        tally.found += 1
        if any(f.offset < g.end and g.start < f.end for g in spans):
            tally.tp += 1
        else:
            tally.false_positives.append((name, f.text, f.rule))
    for g in spans:
        hits = [f for f in findings if f.offset < g.end and g.start < f.end]
        if not hits:
            tally.missed.append((name, g.text, g.corrections[0]))
            continue
        tally.gold_hit += 1
        best = hits[0]
        if best.suggestions and suggestion_right(best.offset, best.end, best.suggestions[0], g, text):
            tally.suggestion_ok += 1
        else:
            tally.wrong_suggestion.append((name, g.text, best.suggestions[:1], g.corrections[0]))


def _read(path: str) -> str:
    """A gold or clean file's text, read as ``check`` reads it (UTF-8, or UTF-16/UTF-32 after
    their byte-order mark; a binary file refused), with universal newlines; a file that
    cannot be read is a one-line InputError."""
    from linter.textio import read_path

    return read_path(path).text.replace("\r\n", "\n").replace("\r", "\n")


def evaluate(paths, layers=None, engine=None) -> dict:
    from linter.engine import Engine

    golds, clean = gold_files(paths)
    engine = engine or Engine(layers=layers)
    sources = [s for s in TERM_SOURCES if layers is None or s in layers]
    overall, per_source = Tally(), {s: Tally() for s in sources}
    gold_total, gold_words = 0, 0
    for path in golds:
        try:
            plain, spans = gold.parse(_read(path), path)
        except ValueError as exc:  # a malformed {{garbled|correct}} annotation
            raise InputError(str(exc)) from None
        findings, words = engine.check_text(path, plain, fmt=_fmt(path))
        findings = [f for f in findings if f.source in TERM_SOURCES]
        gold_total += len(spans)
        gold_words += words
        _score(overall, _dedupe(findings), spans, path, plain)
        for s in sources:
            _score(per_source[s], _dedupe([f for f in findings if f.source == s]), spans, path, plain)
    clean_words, clean_findings = 0, []
    for path in clean:
        text = _read(path)
        findings, words = engine.check_text(path, text)
        clean_words += words
        clean_findings += [(path, f.text, f.rule) for f in _dedupe([f for f in findings if f.source in TERM_SOURCES])]
    report = {
        "gold_documents": len(golds), "gold_words": gold_words,
        "overall": overall.as_dict(gold_total),
        "sources": {s: t.as_dict(gold_total) for s, t in per_source.items()},
        "clean": {"documents": len(clean), "words": clean_words, "findings": len(clean_findings),
                  "per_1000_words": round(1000 * len(clean_findings) / clean_words, 3) if clean_words else 0.0},
        "details": {
            "false_positives": overall.false_positives + clean_findings,
            "missed": overall.missed,
            "wrong_suggestion": overall.wrong_suggestion,
        },
    }
    return report


def table(report: dict, verbose: bool = False) -> str:
    rows = [("overall", report["overall"])] + list(report["sources"].items())
    head = f"{'layer':<12} {'found':>6} {'TP':>5} {'gold':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'sugg.acc':>8}"
    lines = [f"{report['gold_documents']} gold documents, {report['gold_words']} words", head, "-" * len(head)]
    for name, r in rows:
        lines.append(f"{name:<12} {r['findings']:>6} {r['true_positives']:>5} {r['gold']:>5} {r['precision']:>9.3f} "
                     f"{r['recall']:>7.3f} {r['f1']:>6.3f} {r['suggestion_accuracy']:>8.3f}")
    c = report["clean"]
    if c["documents"]:
        lines.append(f"clean text: {c['documents']} documents, {c['words']} words, {c['findings']} findings "
                     f"({c['per_1000_words']:.2f} per 1,000 words)")
    if verbose:
        d = report["details"]
        for title, items in (("false positives", d["false_positives"]), ("missed", d["missed"]),
                             ("wrong first suggestion", d["wrong_suggestion"])):
            lines.append(f"\n{title} ({len(items)}):")
            lines += [f"  {os.path.basename(str(i[0]))}: {' | '.join(map(str, i[1:]))}" for i in items]
    return "\n".join(lines) + "\n"
