"""Plain text: all of it is prose; blocks are paragraphs.

Only the line form of suppression applies: ``medlint: ignore`` / ``medlint: ignore[RULE]``.
"""
from __future__ import annotations

from linter import suppressions
from linter.document import Document, paragraph_blocks


def read(path: str, text: str) -> Document:
    return Document(path=path, text=text, prose=text, blocks=paragraph_blocks(text),
                    suppressions=suppressions.collect(text))
