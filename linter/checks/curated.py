"""Curated rules from the packs: lemma phrase patterns and spaCy token patterns."""
from __future__ import annotations

from linter.findings import Finding
from linter.inflect import adapt

SOURCE = "curated"


class Compiled:
    """Matchers for one RuleSet, built once per process."""

    def __init__(self, ruleset):
        from spacy.matcher import Matcher, PhraseMatcher

        from linter.errors import PackError
        from linter.nlp import pipeline

        nlp = pipeline()
        self.rules = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens = Matcher(nlp.vocab, validate=True)
        for rule in ruleset.rules:
            self.rules[rule.id] = rule
            if rule.patterns:
                self.phrases.add(rule.id, list(nlp.pipe(rule.patterns)))
            if rule.token_patterns:
                try:
                    self.tokens.add(rule.id, [list(p) for p in rule.token_patterns])
                except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                    first = str(exc).strip().splitlines()
                    raise PackError(f"{rule.file}: {rule.id}: token-patterns: {first[-1] if first else exc}") from None

    def matches(self, doc):
        vocab = doc.vocab
        for match_id, start, end in list(self.phrases(doc)) + list(self.tokens(doc)):
            yield self.rules[vocab.strings[match_id]], start, end


def compiled(ctx) -> Compiled:
    key = ("curated", ctx.rules.digest)
    if key not in ctx.cache:
        ctx.cache[key] = Compiled(ctx.rules)
    return ctx.cache[key]


def context_ok(rule, doc, start, end, doc_lemmas) -> bool:
    c = rule.context
    if c.document_any and not any(w in doc_lemmas for w in c.document_any):
        return False
    if c.document_none and any(w in doc_lemmas for w in c.document_none):
        return False
    if c.near_any or c.near_none:
        lo, hi = max(0, start - c.window), min(len(doc), end + c.window)
        near = {t.lemma_ for t in doc[lo:start]} | {t.lemma_ for t in doc[end:hi]}
        if c.near_any and not any(w in near for w in c.near_any):
            return False
        if c.near_none and any(w in near for w in c.near_none):
            return False
    return True


def finding_for(rule, text: str, offset: int, confidence=None, source=SOURCE) -> Finding:
    return Finding(
        rule=rule.id,
        offset=offset,
        length=len(text),
        text=text,
        message=rule.message,
        suggestions=tuple(dict.fromkeys(adapt(s, text, rule.inflect) for s in rule.suggestions)),
        confidence=rule.confidence if confidence is None else confidence,
        source=source,
        severity=rule.severity,
        fix_safe=rule.fix_safe,
    )


def longest_first(findings):
    """Drop findings overlapping a longer (then more confident) one."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.length, -f.confidence, f.offset, f.rule)):
        if all(f.end <= k.offset or f.offset >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.offset)


def run(parsed, ctx) -> list[Finding]:
    comp = compiled(ctx)
    found = []
    for block_offset, doc in parsed.docs:
        for rule, start, end in comp.matches(doc):
            if not context_ok(rule, doc, start, end, parsed.lemmas):
                continue
            span = doc[start:end]
            found.append(finding_for(rule, span.text, block_offset + span.start_char))
    return longest_first(found)
