"""Runs readers, NLP and checks over texts and files; filtering by settings."""
from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field

from linter.checks import CheckContext
from linter.config import Settings
from linter.document import Parsed
from linter.errors import MedlintError
from linter.findings import Finding, LineIndex, non_overlapping, severity_rank
from linter.formats import format_for, read_document
from linter.spelling import localise_findings

# Layer name -> check module, in the order they run.
CHECKS = {
    "curated": "linter.checks.curated",
    "lexicon": "linter.checks.lexicon",
    "consistency": "linter.checks.consistency",
    "grammar": "linter.checks.grammar",
}


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    words: int = 0
    error: str | None = None
    text: str | None = None  # decoded text (kept for --fix / --diff)
    bom: bytes = b""
    raw: bytes | None = None
    digest: str | None = None  # ``content_digest`` of the bytes checked (a file is fixed only if it still holds them)

    @property
    def checked(self) -> bool:
        """The file was read and checked: without an error, or with --fix's (it could not be
        written; a file that could not be read has no words)."""
        return not self.error or self.words > 0

    def to_state(self) -> dict:
        return {"path": self.path, "words": self.words, "error": self.error,
                "findings": [f.to_state() for f in self.findings]}


def matches_selector(rule: str, source: str, selector: str) -> bool:
    """A selector names a source ("lexicon") or a rule-id prefix, like ruff's ("health/", "health/back")."""
    return selector == source or rule.startswith(selector)


def selected(f: Finding, settings: Settings) -> bool:
    if settings.select and not any(matches_selector(f.rule, f.source, s) for s in settings.select):
        return False
    if any(matches_selector(f.rule, f.source, s) for s in settings.ignore):
        return False
    return True


class Engine:
    """One per process: holds the rules, the NLP pipeline and compiled checks."""

    def __init__(self, settings: Settings | None = None, layers: tuple[str, ...] | None = None):
        from linter.packs import load_rules

        self.settings = settings or Settings()
        self.rules = load_rules(tuple(self.settings.extend_rules))
        self.layers = tuple(layers) if layers is not None else tuple(CHECKS)
        self.ctx = CheckContext(rules=self.rules, settings=self.settings)

    @functools.cached_property
    def known_selectors(self) -> frozenset[str]:
        from linter.config import known_selectors

        return known_selectors(r.id for r in self.rules.rules)

    def checks(self, settings: Settings):
        """The check modules of the enabled layers (a layer ignored by name is not run)."""
        for name in self.layers:
            if name in CHECKS and name not in settings.ignore:
                yield importlib.import_module(CHECKS[name])

    def warm(self) -> None:
        """Load the pipeline and compile every layer now (before forking workers).

        What is loaded lives as long as the process, so it is then moved out of the cyclic
        garbage collector's sight (``gc.freeze``): spaCy's vocabulary and the compiled rules
        are ~10^6 objects that every full collection walked again, while checking allocates
        many small tuples that trigger collections (~5% of a long run)."""
        import gc

        self.check_text("warm.txt", "Warm up the back pain pipeline.", fmt="text")
        gc.freeze()

    def parse(self, document) -> Parsed:
        from linter.nlp import pipeline

        nlp = pipeline()
        texts = [document.prose[s:e] for s, e in document.blocks]
        docs = list(nlp.pipe(texts)) if texts else []
        return Parsed(document=document, docs=[(s, d) for (s, _), d in zip(document.blocks, docs)])

    def check_text(self, path: str, text: str, fmt: str | None = None,
                   settings: Settings | None = None) -> tuple[list[Finding], int]:
        """Findings (located, filtered, sorted) and the word count of one text."""
        settings = settings or self.settings
        document = read_document(path, text, fmt or format_for(path, dict(settings.format_in).get(_ext(path))))
        parsed = self.parse(document)
        findings: list[Finding] = []
        for check in self.checks(settings):
            findings.extend(check.run(parsed, self.ctx))
        findings = one_per_span(self.post_process(localise_findings(findings, parsed), document, settings))
        if settings.report_unused_suppressions:
            findings += unused_suppressions(document)
        if document.suppressions:
            findings += [f for f in unknown_suppressed_rules(document, self.known_selectors) if selected(f, settings)]
        index = LineIndex(text)
        findings = sorted((f.located(path, index) for f in findings), key=Finding.sort_key)
        return findings, parsed.words

    def post_process(self, findings, document, settings: Settings) -> list[Finding]:
        from dataclasses import replace

        allowed = {a.lower() for a in settings.allowed_terms}
        overrides = sorted(settings.severity, key=lambda kv: len(kv[0]))
        out = []
        silenced = []  # spans of suppressed terminology findings
        for f, around in zip(findings, _suppressions_at(document.suppressions, [f.offset for f in findings])):
            if not selected(f, settings):
                continue
            if f.confidence < settings.min_confidence:
                continue
            if allowed and (f.text.lower() in allowed or any(a in f.text.lower() for a in allowed)):
                continue
            suppressed = False
            for s in around:
                if s.covers(f.rule, f.offset, f.source):
                    s.used = True
                    suppressed = True
            if suppressed:
                if f.source in TERM_PRECEDENCE:
                    silenced.append((f.offset, f.offset + f.length))
                continue
            for prefix, sev in overrides:
                if matches_selector(f.rule, f.source, prefix):
                    f = replace(f, severity=sev)
            out.append(f)
        if silenced:  # one problem, one suppression: the other layers' findings on that span go too
            hit = _overlap_test(silenced)
            out = [f for f in out if f.source not in TERM_PRECEDENCE or not hit(f.offset, f.offset + f.length)]
        return out

    def check_file(self, path: str, settings: Settings | None = None, keep_text: bool = False) -> FileResult:
        from linter.textio import read_path

        try:
            decoded = read_path(path)
            findings, words = self.check_text(path, decoded.text, settings=settings)
        except MedlintError as exc:
            return FileResult(path=path, error=str(exc))
        result = FileResult(path=path, findings=findings, words=words)
        if keep_text:
            result.text, result.bom, result.raw = decoded.text, decoded.bom, decoded.raw
        return result


def _ext(path: str) -> str:
    import os

    return os.path.splitext(path)[1].lower()


def fails(findings, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = severity_rank(fail_on)
    return any(severity_rank(f.severity) >= threshold for f in findings)


def _line_starts(text: str) -> list[int]:
    return LineIndex(text).starts  # (the lines the suppressions and the findings count)


def unknown_suppressed_rules(document, known) -> list[Finding]:
    """A warning at each suppression comment that names a rule, pack or source no rule has
    ("medlint-disable helth/back-mice"): a typo that would otherwise silence nothing unseen.
    Always on (a typo in ``--select`` is an error for the same reason)."""
    out, starts, seen = [], None, set()
    for s in document.suppressions:
        # (``Suppression.covers``: a rule id, a prefix ending at "/", or a source)
        bad = [r for r in s.rules if not (r.startswith("grammar/") or r.rstrip("/") in known)]
        if not bad or (s.line, tuple(bad)) in seen:  # (an enable splits one disable in two)
            continue
        seen.add((s.line, tuple(bad)))
        starts = starts or _line_starts(document.text)
        offset = starts[min(max(s.line, 1), len(starts)) - 1]
        names = ", ".join(repr(r) for r in bad)
        out.append(Finding(rule="medlint/unknown-suppressed-rule", offset=offset, length=0, text="",
                           message=f"Suppression (line {s.line}) names no known rule, pack or source: {names} "
                                   "(see `medlint rules`); that entry silences nothing.",
                           confidence=1.0, source="suppression", severity="warning"))
    return out


def unused_suppressions(document) -> list[Finding]:
    """A finding at the start of each suppression comment's line (not of the region it
    covers: a next-line suppression covers the line after its own) that silenced nothing."""
    out = []
    starts = None
    for s in document.suppressions:
        if not s.used:
            if starts is None:
                starts = _line_starts(document.text)
            offset = starts[min(max(s.line, 1), len(starts)) - 1]
            what = ", ".join(s.rules) or "all rules"
            out.append(Finding(rule="medlint/unused-suppression", offset=offset, length=0, text="",
                               message=f"Suppression of {what} (line {s.line}) silenced nothing; remove it.",
                               confidence=1.0, source="suppression", severity="info"))
    return out


TERM_PRECEDENCE = {"curated": 0, "lexicon": 1, "consistency": 2}


def one_per_span(findings: list[Finding]) -> list[Finding]:
    """Overlapping terminology findings of different layers are one problem: keep the
    curated rule's, else the lexicon detector's, else the consistency check's.
    Grammar findings are independent and always kept."""
    other = [f for f in findings if f.source not in TERM_PRECEDENCE]
    kept = non_overlapping(sorted((f for f in findings if f.source in TERM_PRECEDENCE),
                                  key=lambda f: (TERM_PRECEDENCE[f.source], -f.confidence, f.offset)))
    return kept + other


def _suppressions_at(suppressions, offsets) -> list[list]:
    """For each offset, the suppressions whose region holds it (start <= offset < end), in
    document order: a sweep over both sorted, so a file with thousands of suppression
    comments and findings is not checked pair by pair."""
    import heapq

    if not suppressions:
        return [[] for _ in offsets]
    order = sorted(range(len(suppressions)), key=lambda k: suppressions[k].start)
    found: list[list] = [[] for _ in offsets]
    active: list[tuple[int, int]] = []  # (end, index) of the regions begun at or before the offset
    j = 0
    for i in sorted(range(len(offsets)), key=offsets.__getitem__):
        offset = offsets[i]
        while j < len(order) and suppressions[order[j]].start <= offset:
            heapq.heappush(active, (suppressions[order[j]].end, order[j]))
            j += 1
        while active and active[0][0] <= offset:
            heapq.heappop(active)
        found[i] = [suppressions[k] for k in sorted(k for _, k in active)]
    return found


def _overlap_test(spans):
    """A function telling whether [start, end) overlaps one of ``spans`` (the test
    ``a < end and start < b``), by bisection over the spans merged where they overlap."""
    from bisect import bisect_left

    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]

    def hit(start: int, end: int) -> bool:
        i = bisect_left(starts, end) - 1  # the last span starting before ``end`` (it ends last)
        return i >= 0 and start < merged[i][1]

    return hit
