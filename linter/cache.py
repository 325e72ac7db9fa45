"""Per-file result cache in ``.medlint_cache/`` at the project root (like ruff's).

Key: content hash + medlint version + rule packs digest + effective settings +
layers + input format.  Entries are JSON files written to a temporary name and
renamed, so concurrent runs never see half an entry; a corrupt entry is treated
as a miss and rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os

from linter import __version__
from linter.textio import atomic_write

DIRNAME = ".medlint_cache"


def _code_digest() -> str:
    """Size and mtime of medlint's own code and data files: a development checkout
    whose code changed never reuses results made by the old code."""
    global _CODE
    if _CODE is None:
        from pathlib import Path

        from linter.data import data_dir

        h = hashlib.sha256()
        pkg = Path(__file__).resolve().parent
        corpus = data_dir("corpus")
        files = sorted(pkg.rglob("*.py")) + sorted(corpus.rglob("*.pickle*")) \
            + [f for sub in ("lookup", "detector", "vectors") for f in sorted((corpus / sub).glob("*"))]
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        _CODE = h.hexdigest()
    return _CODE


_CODE = None


def key(raw: bytes, *parts: str) -> str:
    h = hashlib.sha256()
    h.update(raw)
    for p in (__version__, _code_digest()) + parts:
        h.update(b"\0" + p.encode())
    return h.hexdigest()


class Cache:
    def __init__(self, root: str):
        self.dir = os.path.join(root, DIRNAME, __version__)

    def _path(self, k: str) -> str:
        return os.path.join(self.dir, k[:2], k + ".json")

    def get(self, k: str):
        try:
            with open(self._path(k), encoding="utf-8") as fh:
                data = json.load(fh)
            if not isinstance(data, dict) or data.get("key") != k:
                return None
            return data["result"]
        except (OSError, ValueError, KeyError):
            return None

    def put(self, k: str, result: dict) -> None:
        path = self._path(k)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            gitignore = os.path.join(os.path.dirname(self.dir), ".gitignore")
            if not os.path.exists(gitignore):
                with open(gitignore, "w") as fh:
                    fh.write("*\n")
            # no fsync: an entry lost in a crash is only recomputed (a torn one is never seen)
            atomic_write(path, json.dumps({"key": k, "result": result}).encode("utf-8"), durable=False)
        except OSError:
            pass  # a cache that cannot be written is only slower
