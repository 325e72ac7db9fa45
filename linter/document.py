"""Documents: the original text, its prose blocks and (after NLP) their spaCy docs.

Readers in ``linter.formats`` turn raw text into a ``Document`` whose ``prose``
string has exactly the length of the original text, with every character that
is not prose (markup, code, URLs, front matter) replaced by a space (newlines are
kept).  Checks work on ``prose`` and their offsets are therefore offsets into the
original file, with no mapping table to get wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple


@dataclass
class Suppression:
    """A ``medlint-disable`` region: rules (empty = all) silenced in [start, end)."""

    start: int
    end: int
    rules: tuple[str, ...]
    line: int  # line of the comment, for --report-unused-suppressions
    used: bool = False

    def covers(self, rule: str, offset: int, source: str | None = None) -> bool:
        """Whether a finding of ``rule`` (from ``source``) at ``offset`` is silenced.

        An entry matches a rule id exactly, a rule-id prefix ending at a ``/``
        (``health`` or ``health/`` covers ``health/back-mice``), or the finding's source
        (``lexicon``).
        """
        if not self.start <= offset < self.end:
            return False
        return not self.rules or any(
            rule == r or rule.startswith(r.rstrip("/") + "/") or (source is not None and r == source)
            for r in self.rules
        )


@dataclass
class Document:
    path: str
    text: str
    prose: str
    blocks: list[tuple[int, int]]  # prose block ranges [start, end) in text
    suppressions: list[Suppression] = field(default_factory=list)

    def block_text(self, start: int, end: int) -> str:
        return self.prose[start:end]


class Tok(NamedTuple):
    text: str
    lemma: str
    idx: int  # offset in the block's text
    is_alpha: bool
    like_num: bool
    lower: str


@dataclass
class Parsed:
    """A document after NLP: one spaCy Doc per prose block, with its offset."""

    document: Document
    docs: list[tuple[int, object]]  # (block start offset, spacy Doc), one per document.blocks entry
    memo: dict = field(default_factory=dict)  # what one check computed that another reuses

    @cached_property
    def lemmas(self) -> frozenset[str]:
        return frozenset(t.lemma for _, _, toks in self.sentence_tokens for t in toks)

    @cached_property
    def words(self) -> int:
        return sum(t.is_alpha for _, _, toks in self.sentence_tokens for t in toks)

    @cached_property
    def sentence_tokens(self) -> list[tuple[int, str, list["Tok"]]]:
        """(block offset, block text, non-space tokens) per sentence, as plain tuples.

        Built once per document (``linter.nlp.sentence_rows``, from a per-word table):
        spaCy creates a new Python Token object on every iteration, and several checks walk
        the same sentences."""
        from linter.nlp import sentence_rows

        out = []
        prose = self.document.prose
        for (offset, doc), (_, end) in zip(self.docs, self.document.blocks):
            # the block's text as the document holds it: ``doc.text`` joins every token's
            # text again (~6% of a run)
            text = prose[offset:end]
            for toks in sentence_rows(doc):
                out.append((offset, text, toks))
        return out

    def sentences(self):
        """Yield (block offset, sentence Span) over all blocks."""
        for offset, doc in self.docs:
            for sent in doc.sents:
                yield offset, sent


def paragraph_blocks(prose: str) -> list[tuple[int, int]]:
    """Split prose into blocks at blank lines (lines with only whitespace)."""
    import re

    blocks = []
    start = 0
    for m in re.finditer(r"\n[ \t\r\f\v]*\n\s*", prose):
        if prose[start : m.start()].strip():
            blocks.append((start, m.start()))
        start = m.end()
    if prose[start:].strip():
        blocks.append((start, len(prose)))
    return blocks
