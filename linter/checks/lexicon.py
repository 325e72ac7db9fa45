"""The generic swap detector: finds garbles nobody listed.

For each phrase of 2-5 words inside a sentence, undo one or two word swaps
(thesaurus neighbours from WordNet/MyThes, plus the swaps learned from the
curated pack); when the result is a lexicon term and the phrase itself is not an
established term or collocation, report the phrase with the term as suggestion.

Confidence combines the evidence: how close the swap is (synonym > derivation >
hypernym), how many words were swapped, how established the term is, how odd the
phrase itself is (its bigram count), and how clearly the document is about health.
"""
from __future__ import annotations

import math

from linter.findings import Finding
from linter.inflect import adapt

SOURCE = "lexicon"
RULE = "lexicon/swapped-term"
MIN_CONFIDENCE = 0.5
MAX_WORDS = 5
ESTABLISHED_BIGRAM = 2_000  # Google Books count from which a bigram is ordinary English


# spaCy's stop list holds content words that live inside medical terms ("back
# mice", "side effects", "top of the foot", "full blood count"): those stay words.
CONTENT_WORDS = frozenset("""back bottom call empty first front full last made make move name part put serious side
top whole well take keep give see show say get go used using amount third former latter""".split())


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from linter.nlp import lemma_of

    words = {w for w in STOP_WORDS if w not in CONTENT_WORDS}
    return frozenset(words | {lemma_of(w) for w in words if lemma_of(w) not in CONTENT_WORDS})


def state(ctx):
    key = ("lexicon", ctx.rules.digest)
    if key not in ctx.cache:
        from linter.swaps import learn

        ctx.cache[key] = {"learned": learn(ctx.rules), "stop": _stop_words()}
    return ctx.cache[key]


def health_density(parsed, vocab, stop) -> float:
    """Share of content words of the document that occur in lexicon terms."""
    content = [t.lemma_ for _, d in parsed.docs for t in d if t.is_alpha and t.lemma_ not in stop]
    if not content:
        return 0.0
    return sum(1 for w in content if w in vocab) / len(content)


def _runs(sent):
    """Maximal runs of word tokens (no punctuation, numbers or line breaks inside)."""
    run = []
    for t in sent:
        if t.is_alpha or (t.like_num and len(t.text) <= 2) or (t.text == "-" and run):
            run.append(t)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _term_strength(weight: float) -> float:
    return min(1.0, 0.55 + 0.1 * weight)


def _oddness(words, positions, lex) -> float:
    """1.0 when the swapped words form no established bigram with their neighbours."""
    worst = 0
    for p in positions:
        for a, b in ((p - 1, p), (p, p + 1)):
            if 0 <= a and b < len(words):
                worst = max(worst, lex.collocation_count(f"{words[a]} {words[b]}"))
    if worst == 0:
        return 1.0
    return max(0.0, 1.0 - math.log10(worst) / math.log10(ESTABLISHED_BIGRAM) * 0.5)


def score(words, term, positions, relations, weight, lex, health) -> float:
    rel = 1.0
    for r in relations:
        rel *= r
    swaps_penalty = 1.0 if len(positions) == 1 else 0.8
    odd = _oddness(words, positions, lex)
    return rel * swaps_penalty * _term_strength(weight) * odd * (0.7 + 0.3 * min(1.0, health * 3))


def run(parsed, ctx) -> list[Finding]:
    from linter import lexicon as lex

    st = state(ctx)
    learned, stop = st["learned"], st["stop"]
    vocab = lex.vocabulary()
    health = health_density(parsed, vocab, stop)
    found: list[Finding] = []
    for block_offset, doc in parsed.docs:
        for sent in doc.sents:
            for toks in _runs(sent):
                lemmas = [t.lemma_ for t in toks]
                for i in range(len(toks)):
                    for n in range(2, MAX_WORDS + 1):
                        if i + n > len(toks):
                            break
                        words = tuple(lemmas[i:i + n])
                        if words[0] in stop or words[-1] in stop or "-" in (words[0], words[-1]):
                            continue
                        phrase = " ".join(words)
                        if lex.term_weight(phrase) is not None:
                            continue
                        if n == 2 and lex.collocation_count(phrase) >= ESTABLISHED_BIGRAM:
                            continue
                        best = None
                        for term, positions, relations in lex.candidates(words, extra=learned)[:8]:
                            if any(words[p] in stop for p in positions):
                                continue
                            conf = score(words, term, positions, relations, lex.term_weight(term), lex, health)
                            if best is None or conf > best[0]:
                                best = (conf, term)
                        if best and best[0] >= MIN_CONFIDENCE:
                            span_start = toks[i].idx
                            span_end = toks[i + n - 1].idx + len(toks[i + n - 1].text)
                            text = doc.text[span_start:span_end]
                            suggestion = adapt(lex.display(best[1]), text)
                            found.append(Finding(
                                rule=RULE, offset=block_offset + span_start, length=span_end - span_start,
                                text=text, message=f'"{text}" looks like a thesaurus swap of the term "{lex.display(best[1])}".',
                                suggestions=(suggestion,), confidence=round(min(0.99, best[0]), 3), source=SOURCE,
                                severity="warning", fix_safe=False,
                            ))
    return _resolve(found)


def _resolve(findings):
    """Keep the most confident of overlapping findings (longer on ties)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.confidence, -f.length, f.offset)):
        if all(f.end <= k.offset or f.offset >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.offset)
