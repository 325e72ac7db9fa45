"""Curated rules from the packs: lemma phrase patterns and spaCy token patterns.

Phrase patterns match on lemmas, as spaCy's ``PhraseMatcher(attr="LEMMA")`` did: every
(rule, start, end) where the doc's token lemmas equal a pattern's.  Building that matcher
ran the whole pipeline over every pattern of every rule (~0.2 s a run); here each pattern
is a tuple of lemma ids (the vocabulary's string ids, as the matcher compared) in a dict
keyed by its first two lemmas; the id tuples are kept in the compiled-rules cache
(``RuleSet.cached``, per spaCy version), so a run with unchanged packs just reads them.
Matching reads the doc's lemma ids with ``Doc.to_array`` (no Token objects) and looks up
each pair of neighbours: ~0.2 ms for a 600-word document.  Token patterns keep spaCy's
``Matcher`` (validated; ~3 ms to build), run only on the stretch of tokens after each word some
token pattern must start with (its "anchor"), as long as the longest pattern: the Matcher
tests every pattern's predicates at every token it is given, which was ~80% of this check on
health prose when it was given every paragraph.
"""
from __future__ import annotations

from linter import messages
from linter.findings import Finding, non_overlapping
from linter.inflect import adapt

SOURCE = "curated"


def pattern_lemmas(pattern: str) -> tuple[str, ...]:
    """The lemmas the pipeline gives the tokens of ``pattern`` ("" for a whitespace token,
    which the pipeline leaves without a lemma)."""
    from linter.nlp import lemma_of, tokenizer

    return tuple("" if t.is_space else lemma_of(t.text) for t in tokenizer()(pattern))


def phrase_lemmas(ruleset) -> dict[str, tuple[tuple[str, ...], ...]]:
    """{rule id: its patterns' distinct lemma tuples}, for rules with phrase patterns."""
    out = {}
    for rule in ruleset.rules:
        if rule.patterns:
            lemmas = (pattern_lemmas(p) for p in rule.patterns)
            out[rule.id] = tuple(dict.fromkeys(t for t in lemmas if t))
    return out


def phrase_ids(ruleset, strings) -> dict[str, tuple[tuple[int, ...], ...]]:
    """``phrase_lemmas`` as the ids a doc's ``LEMMA`` attribute holds: the StringStore's
    (not ``hash_string``: spaCy's symbols such as "root" have fixed small ids), 0 for ""."""
    ids: dict[str, int] = {"": 0}  # a token without a lemma has lemma 0
    return {rid: tuple(tuple(ids[w] if w in ids else ids.setdefault(w, strings.add(w)) for w in lemmas)
                       for lemmas in tuples)
            for rid, tuples in phrase_lemmas(ruleset).items()}


class Compiled:
    """Matchers for one RuleSet, built once per process."""

    def __init__(self, ruleset):
        import spacy
        from spacy.attrs import LEMMA
        from spacy.matcher import Matcher

        from linter.errors import PackError
        from linter.nlp import pipeline

        nlp = pipeline()
        self.rules = {r.id: r for r in ruleset.rules}
        self._lemma = LEMMA
        # ids depend on spaCy's string hashing and symbol table: cached per spaCy version
        ids = ruleset.cached(f"phrase-ids/spacy-{spacy.__version__}", lambda: phrase_ids(ruleset, nlp.vocab.strings))
        # one-word patterns: lemma id -> [rule]; longer ones: first two ids -> [(all ids, rule)]
        self.singles: dict[int, list] = {}
        self.pairs: dict[tuple[int, int], list[tuple[tuple[int, ...], object]]] = {}
        for rid, keys in ids.items():
            rule = self.rules[rid]
            for key in keys:
                if len(key) == 1:
                    self.singles.setdefault(key[0], []).append(rule)
                else:
                    self.pairs.setdefault(key[:2], []).append((key, rule))
        self.tokens = Matcher(nlp.vocab, validate=True)
        self.anchors: dict[str, set[str]] | None = {"LEMMA": set(), "LOWER": set(), "ORTH": set()}
        for rule in ruleset.rules:
            if rule.token_patterns:
                try:
                    self.tokens.add(rule.id, [list(p) for p in rule.token_patterns])
                except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                    first = str(exc).strip().splitlines()
                    raise PackError(f"{rule.file}: {rule.id}: token-patterns: {first[-1] if first else exc}") from None
                for pattern in rule.token_patterns:
                    self._add_anchor(pattern)
        self.has_token_patterns = any(r.token_patterns for r in ruleset.rules)
        # the longest a token pattern can match, in tokens (None: unbounded, "+" or "*")
        lengths = [len(p) for r in ruleset.rules for p in r.token_patterns]
        unbounded = any(str(t.get("OP", "")) in ("+", "*") or str(t.get("OP", "")).startswith("{")
                        for r in ruleset.rules for p in r.token_patterns for t in p)
        self.max_len = None if unbounded or not lengths else max(lengths)
        if self.anchors is not None:
            strings = nlp.vocab.strings
            self.anchor_sets = tuple(frozenset(strings.add(v) for v in self.anchors[k])
                                     for k in ("LEMMA", "LOWER", "ORTH"))

    def _add_anchor(self, pattern) -> None:
        """Record the words the pattern's first token must be; a pattern whose first token
        may be absent or negated, or is tested otherwise (regex, shape, ...), has none:
        then every block runs the Matcher."""
        if self.anchors is None:
            return
        first = pattern[0] if pattern else {}
        attrs = [k for k in first if k != "OP"]
        value = first[attrs[0]] if len(attrs) == 1 else None
        if isinstance(value, dict) and set(value) == {"IN"}:
            value = value["IN"]
        elif isinstance(value, str):
            value = [value]
        key = {"LEMMA": "LEMMA", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH"}.get(attrs[0] if attrs else "")
        if (first.get("OP", "+") != "+" or key is None or not isinstance(value, list)
                or not all(isinstance(v, str) for v in value)):
            self.anchors = None
            return
        self.anchors[key].update(v.lower() if key == "LOWER" else v for v in value)

    def token_windows(self, doc) -> list[tuple[int, int]]:
        """Token ranges of ``doc`` that can hold every token-pattern match: from each anchor
        on, as long as the longest pattern (merged); the whole doc when patterns have no
        anchor or no length bound."""
        if not self.has_token_patterns:
            return []
        if self.anchors is None or self.max_len is None:
            return [(0, len(doc))]
        from spacy.attrs import LEMMA, LOWER, ORTH

        lemma_ids, lower_ids, orth_ids = self.anchor_sets
        # a block has a few dozen tokens: set lookups beat numpy.isin's sort (~50 us a call)
        hits = [i for i, (lemma, lower, orth) in enumerate(doc.to_array([LEMMA, LOWER, ORTH]).tolist())
                if lemma in lemma_ids or lower in lower_ids or orth in orth_ids]
        windows: list[tuple[int, int]] = []
        for start in hits:
            end = min(len(doc), start + self.max_len)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def phrase_matches(self, doc):
        """(rule, start, end) of every phrase pattern found in ``doc``."""
        from spacy.attrs import IS_SPACE

        singles, pairs = self.singles, self.pairs
        # Whitespace tokens (a line break inside a paragraph, markup blanked by a reader:
        # "spine\nmice", "*spine* mice") do not separate the words of a pattern.
        pos = [i for i, sp in enumerate(doc.to_array(IS_SPACE).tolist()) if not sp]
        all_lemmas = doc.to_array(self._lemma).tolist()
        lemmas = [all_lemmas[i] for i in pos]
        n = len(lemmas)
        for i in [i for i, h in enumerate(lemmas) if h in singles]:
            for rule in singles[lemmas[i]]:
                yield rule, pos[i], pos[i] + 1
        for i in [i for i, pair in enumerate(zip(lemmas, lemmas[1:])) if pair in pairs]:
            for key, rule in pairs[lemmas[i], lemmas[i + 1]]:
                end = i + len(key)
                if end <= n and (end == i + 2 or tuple(lemmas[i:end]) == key):
                    yield rule, pos[i], pos[end - 1] + 1

    def matches(self, doc):
        """(rule, start, end) of every match in ``doc``."""
        yield from self.phrase_matches(doc)
        strings = doc.vocab.strings
        for a, b in self.token_windows(doc):
            for match_id, start, end in self.tokens(doc[a:b]):
                yield self.rules[strings[match_id]], a + start, a + end


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


def finding_for(rule, text: str, offset: int, confidence=None, source=SOURCE, words: str | None = None) -> Finding:
    """``words``: the span as prose, when markup inside it is blanked ("spine <em>mice" ->
    "spine      mice"): suggestions take its number and case ("back mice", not "back mouse")."""
    suggestions = tuple(dict.fromkeys(adapt(s, words or text, rule.inflect) for s in rule.suggestions))
    return Finding(
        rule=rule.id,
        offset=offset,
        length=len(text),
        text=text,
        message=messages.render(rule.message, text, suggestions[0] if suggestions else rule.term),
        suggestions=suggestions,
        confidence=rule.confidence if confidence is None else confidence,
        source=source,
        severity=rule.severity,
        fix_safe=rule.fix_safe,
    )


def longest_first(findings):
    """Drop findings overlapping a longer (then more confident) one."""
    kept = non_overlapping(sorted(findings, key=lambda f: (-f.length, -f.confidence, f.offset, f.rule)))
    return sorted(kept, key=lambda f: f.offset)


def run(parsed, ctx) -> list[Finding]:
    comp = compiled(ctx)
    found = []
    for block_offset, doc in parsed.docs:
        for rule, start, end in comp.matches(doc):
            if not context_ok(rule, doc, start, end, parsed.lemmas):
                continue
            span = doc[start:end]
            a, b = block_offset + span.start_char, block_offset + span.end_char
            original = parsed.document.text[a:b]
            f = finding_for(rule, original, a, words=span.text if original != span.text else None)
            if original != span.text and f.fix_safe:  # markup inside the span ("*spine* mice"): never auto-fix
                from dataclasses import replace

                f = replace(f, fix_safe=False)
            found.append(f)
    return longest_first(found)
