"""The compiled-rules cache: parsed packs and what the checks derive from them, on disk.

Every run used to parse the YAML packs (~0.2 s with libyaml), lemmatise every curated
pattern with the spaCy pipeline (~0.2 s) and learn the word swaps from them (~0.1 s),
always with the same result for the same pack files.  This module keeps those results
in one pickle per pack set, so a run whose packs did not change loads them in ~10 ms:

* ``rules``: the validated ``Rule`` tuple (``linter.packs.load_rules``);
* ``phrase-ids/spacy-<version>``: each rule's patterns as tuples of lemma ids
  (``linter.checks.curated``);
* ``learned``: the swaps learned from the patterns (``linter.swaps.learn``, for
  ``linter.checks.lexicon``).

Where: ``$XDG_CACHE_HOME/medlint`` (``~/.cache/medlint`` when unset); the user's cache,
not the project's ``.medlint_cache/``, because the bundled packs are the same in every
project.  The file name is a hash of the pack files' paths and contents (``RuleSet.digest``),
medlint's version, the Python version, and the size and modification time of the
modules and data whose output is cached (``_CODE``, the lemma tables, spaCy's package),
so an edited pack, another medlint or an upgraded spaCy is a miss and never a stale hit.  A miss computes the part as before and rewrites the file (write to a
temporary name, then rename: concurrent runs never read half a file); a file that
cannot be read or unpickled, or holds another key, is a miss; a cache directory that
cannot be written only makes runs slower.  At most ``KEEP`` files are kept (the most
recently written).

Each part is computed on first use, so ``medlint rules`` does not load spaCy to fill
``phrase-lemmas``.  ``--no-cache`` is about per-file results (``linter.cache``), not this.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

FORMAT = 1  # bump when the shape of a cached part changes
KEEP = 8
PREFIX = "rules-"
# Modules and data whose output is cached: an edit to any of them is a miss.
_CODE = ("packs.py", "nlp.py", "swaps.py", "rulecache.py", "checks/curated.py")

_entries: dict[str, dict] = {}  # key -> the entry of this process (read or computed)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/medlint``, or ``~/.cache/medlint`` (a relative XDG_CACHE_HOME is
    ignored, as the XDG spec says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "medlint"


def _fingerprint() -> str:
    from linter import __version__
    from linter.data import data_dir

    pkg = Path(__file__).resolve().parent
    parts = [__version__, str(FORMAT), sys.version.split()[0]]
    corpus = data_dir("corpus")
    files = [pkg / name for name in _CODE] + [corpus / "nlp" / "lemmas.pickle", corpus / "lookup" / "lemmas.marisa"]
    try:  # spaCy tokenises the patterns and numbers their lemmas: its version matters (no import)
        import importlib.util

        spacy = importlib.util.find_spec("spacy")
        if spacy is not None and spacy.origin:
            files.append(Path(spacy.origin).parent / "about.py")
    except (ImportError, ValueError):
        pass
    for f in files:
        try:
            st = f.stat()
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f}:-")
    return "\0".join(parts)


def key_for(paths, digest: str) -> str:
    """Cache key of a pack set: its files (paths: ``Rule.file`` is cached), their contents
    (``digest``) and the code that turns them into rules."""
    h = hashlib.sha256(_fingerprint().encode())
    for p in paths:
        h.update(b"\0" + str(p).encode())
    h.update(b"\0" + digest.encode())
    return h.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / f"{PREFIX}{key[:40]}.pickle"


def entry(key: str) -> dict:
    """The cached parts of ``key`` (read once per process; empty on a miss)."""
    found = _entries.get(key)
    if found is None:
        found = {}
        from linter.nlp import no_gc

        try:
            with open(_path(key), "rb") as fh, no_gc():
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("parts"), dict):
                found = data["parts"]
        except Exception:  # missing, truncated, corrupt, from an incompatible version: a miss
            found = {}
        _entries[key] = found
    return found


def part(key: str, name: str, compute):
    """``name`` of ``key``'s entry; computed by ``compute()`` and saved when missing."""
    parts = entry(key)
    if name not in parts:
        parts[name] = compute()
        _save(key, parts)
    return parts[name]


def _save(key: str, parts: dict) -> None:
    from linter.textio import atomic_write

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(str(_path(key)), pickle.dumps({"key": key, "parts": parts}, protocol=pickle.HIGHEST_PROTOCOL),
                     durable=False)
        _prune(folder)
    except Exception:
        pass  # a cache that cannot be written only makes the next run slower


# what earlier medlint releases kept here and nothing reads now: removed when a rule set is
# saved (the compiled tree ensembles of releases before the detector scored with numpy)
LEGACY = ("ensemble-*.marshal",)


def _prune(folder: Path) -> None:
    """Keep the ``KEEP`` most recently written cached rule sets; remove ``LEGACY`` files."""
    for pattern in LEGACY:
        for f in folder.glob(pattern):
            with _suppress():
                f.unlink()
    files = []
    for f in folder.glob(PREFIX + "*.pickle"):
        with _suppress():
            files.append((f.stat().st_mtime_ns, f))
    for _, f in sorted(files, reverse=True)[KEEP:]:
        with _suppress():
            f.unlink()


def _suppress():
    import contextlib

    return contextlib.suppress(OSError)
