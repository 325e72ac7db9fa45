"""One reader per markup; each returns a ``Document`` whose offsets are the original's.

Readers know nothing about rules.  ``read_document`` picks a reader by format name.
"""
from __future__ import annotations

import os

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
}

FORMATS = ("text",)


def format_for(path: str, override: str | None = None) -> str:
    if override:
        return override
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read_document(path: str, text: str, fmt: str):
    from linter.formats import text as text_reader

    readers = {"text": text_reader.read}
    return readers[fmt](path, text)
