"""Where the bundled data lives: inside the wheel (``linter/_data``) or the checkout."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rules`` or ``corpus``: ``linter/_data/<name>`` when installed, else ``<repo>/<name>``."""
    bundled = _PKG / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PKG.parent / name
