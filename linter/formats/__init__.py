"""One reader per markup; each returns a ``Document`` whose offsets are the original's.

Readers know nothing about rules.  ``read_document`` picks a reader by format name.
"""
from __future__ import annotations

import importlib
import os

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".rst": "rst",
}

FORMATS = ("text", "markdown", "html", "rst")

_READERS = {
    "text": "linter.formats.text",
    "markdown": "linter.formats.markdown",
    "html": "linter.formats.html",
    "rst": "linter.formats.rst",
}


def format_for(path: str, override: str | None = None) -> str:
    if override:
        return override
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read_document(path: str, text: str, fmt: str):
    if fmt not in _READERS:
        raise ValueError(f"unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    return importlib.import_module(_READERS[fmt]).read(path, text)
