"""Document consistency: variants of one term inside one document.

Two-word phrases that differ by one synonym swap ("back mice" / "spine mice" /
"rear mouse") or by word order ("mice that are back") are grouped; the
established form (a lexicon term, else the most frequent form) is suggested for
the others.  A variant that is itself a lexicon term or an established
collocation is never flagged.
"""
from __future__ import annotations

from collections import defaultdict

from linter.findings import Finding
from linter.inflect import adapt

SOURCE = "consistency"
RULE = "consistency/term-variant"
_RELATIVE = {"that", "which", "who"}


COMMON_TERM_WORD = 40  # a word in this many lexicon terms is ordinary medical vocabulary
# Synonym variants are flagged only in a document that looks spun: at least this many
# phrases per 100 words that the swap detector's first stage finds suspicious
# (``linter.checks.lexicon.suspicion``).  Correct text varies its wording on purpose
# ("skin breaks" / "skin conditions"); development split: clean articles 0-0.9 (21 of 24
# below 0.5), spun articles 0.82-3.9.
MIN_SUSPICION = 0.5
STRONG = 0.85  # relation weight from which two words count as one term's variants


def _related(x: str, y: str, sources) -> bool:
    return sources(x).get(y, 0) >= STRONG or sources(y).get(x, 0) >= STRONG


def _wordy(tok) -> bool:
    """A word, or a letters-and-digits name such as "G6PD" or "HbA1c" (not a number)."""
    return tok.is_alpha or (tok.text.isalnum() and not tok.text.isdigit() and any(c.isalpha() for c in tok.text))


def _occurrences(parsed, stop):
    """(lemma pair, offset, length, text, turned) for adjacent content words and 'Y that be X'."""
    for block_offset, text, toks in parsed.sentence_tokens:
        for i in range(len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if _wordy(a) and _wordy(b) and a.lemma not in stop and b.lemma not in stop:
                end = b.idx + len(b.text)
                yield (a.lemma, b.lemma), block_offset + a.idx, end - a.idx, text[a.idx:end], False
            # "mice that are back" -> (back, mouse)
            if i + 3 < len(toks) and toks[i + 1].lower in _RELATIVE and toks[i + 2].lemma == "be":
                x, y = toks[i], toks[i + 3]
                if x.is_alpha and y.is_alpha and x.lemma not in stop and y.lemma not in stop:
                    end = y.idx + len(y.text)
                    yield (y.lemma, x.lemma), block_offset + x.idx, end - x.idx, text[x.idx:end], True


def run(parsed, ctx) -> list[Finding]:
    from linter import lexicon as lex
    from linter.checks.lexicon import state

    from linter.checks.lexicon import _word_term_counts

    st = state(ctx)
    learned, stop = st["learned"], st["stop"]
    counts = _word_term_counts()
    findings_reordered: list[Finding] = []

    def sources(w):
        more = learned.get(w)
        base = lex.sources_for(w)
        return {**base, **more} if more else base

    occ = defaultdict(list)
    reordered = []  # "mice that are back": the word order of a term, turned around
    for pair, offset, length, text, turned in _occurrences(parsed, stop):
        if turned:
            reordered.append((pair, offset, length, text))
        else:
            occ[pair].append((offset, length, text))
    for pair, offset, length, text in reordered:
        norm = " ".join(pair)
        if lex.term_weight(norm) is not None or len(occ.get(pair, ())) >= 2:
            shown = lex.display(norm) if lex.term_weight(norm) is not None else occ[pair][0][2].lower()
            findings_reordered.append(Finding(
                rule=RULE, offset=offset, length=length, text=text,
                message=f'"{text}" turns the term "{shown}" around; write "{shown}".',
                suggestions=(adapt(shown, text),), confidence=0.8, source=SOURCE,
                severity="warning", fix_safe=False))
    pairs = list(occ)
    # union-find over pair types that differ by one related word
    parent = {p: p for p in pairs}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    by_head, by_mod = defaultdict(list), defaultdict(list)
    for p in pairs:
        by_head[p[1]].append(p)
        by_mod[p[0]].append(p)
    for group, pos in ((by_head, 0), (by_mod, 1)):
        for members in group.values():
            if len(members) < 2 or len(members) > 50:
                continue
            for i, p in enumerate(members):
                for q in members[i + 1:]:
                    if _related(p[pos], q[pos], sources):
                        parent[find(p)] = find(q)
    groups = defaultdict(list)
    for p in pairs:
        groups[find(p)].append(p)

    from linter.checks.lexicon import suspicion

    # both kinds only in a document that looks spun: correct text turns terms around on
    # purpose too ("women who are pregnant", "skin that is pale")
    if (groups or findings_reordered) and suspicion(parsed, ctx) < MIN_SUSPICION:
        return []
    findings = findings_reordered
    for members in groups.values():
        if len(members) < 2:
            continue
        terms = [p for p in members if lex.term_weight(" ".join(p)) is not None]
        if terms:
            best = max(terms, key=lambda p: (lex.term_weight(" ".join(p)), len(occ[p])))
        else:
            ranked = sorted(members, key=lambda p: -len(occ[p]))
            if len(occ[ranked[0]]) < 3 or len(occ[ranked[0]]) == len(occ[ranked[1]]):
                continue
            best = ranked[0]
        best_norm = " ".join(best)
        shown = lex.display(best_norm) if best in terms else occ[best][0][2].lower()
        for p in members:
            norm = " ".join(p)
            if p == best or lex.is_established(norm):
                continue
            changed = [w for w, b in zip(p, best) if w != b] if set(p) != set(best) else []
            if any(counts.get(w, 0) >= COMMON_TERM_WORD and w not in learned for w in changed):
                continue  # "kidney injury" next to "kidney damage": both ordinary medical English
            conf = 0.75 if best in terms else 0.6
            for offset, length, text in occ[p]:
                findings.append(Finding(
                    rule=RULE, offset=offset, length=length, text=text,
                    message=f'"{text}" is a variant of "{shown}", used elsewhere in this document; '
                            f"keep one term.",
                    suggestions=(adapt(shown, text),), confidence=conf, source=SOURCE,
                    severity="warning", fix_safe=False))
    return findings
