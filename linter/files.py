"""Expanding paths into the files to check (recursion, extensions, excludes)."""
from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

TEXT_EXTENSIONS = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".rst")


def _rel(path: str, base: str | None) -> str | None:
    """``path`` relative to the folder ``base`` ('/'-separated), or None when it is not under it."""
    if not base:
        return None
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def excluded(path: str, patterns, root: str | None = None, start: str | None = None) -> bool:
    """True when any pattern matches the path or one of its names (like ruff).

    A pattern with a '/' is matched against the path relative to ``root`` (the folder of the
    config file the patterns come from) and against the path as given, each also as a suffix
    ('drafts/*' skips 'p/drafts/x.md'); one without is matched against each name of the path
    below ``start`` (the folder being walked; all names when not given), so that a folder
    above the one checked ('build' in /home/build/docs/) does not exclude everything in it."""
    if not patterns:
        return False
    norm = path.replace(os.sep, "/")
    if norm.startswith("./"):
        norm = norm[2:]
    paths = [norm] + [r for r in (_rel(path, root),) if r]
    below = _rel(path, start) if start else None
    names = (below if below is not None else norm).split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            pat = pat.lstrip("/")
            if any(fnmatch.fnmatch(p, pat) or fnmatch.fnmatch(p, "*/" + pat) for p in paths):
                return True
        elif any(fnmatch.fnmatch(n, pat) for n in names if n not in ("", ".")):
            return True
    return False


def walk_text_files(root: str, patterns, config_root: str | None = None, extensions=TEXT_EXTENSIONS):
    """Text files under ``root`` (sorted, recursive; names ending in one of ``extensions``),
    skipping excluded folders and files (see ``excluded``; ``config_root`` is the folder the
    patterns are relative to)."""
    extensions = tuple(e.lower() for e in extensions)

    def skip(p):
        return excluded(p, patterns, config_root, root)

    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not skip(os.path.join(folder, d)))
        for name in sorted(names):
            full = os.path.join(folder, name)
            if name.lower().endswith(extensions) and not skip(full) and not _special(full):
                yield full


def _special(path: str) -> bool:
    """A named pipe, socket or device found in a folder (reading a pipe nobody writes to
    would wait for ever); a file named on the command line is read whatever it is
    (``<(...)``), and a broken link is left to the reader, which reports it."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def no_text_files(path: str, extensions=TEXT_EXTENSIONS) -> str:
    """The error for a folder that holds no file to check (``check``, ``eval`` and ``scan``)."""
    return f"{path}: no text files found (looked for {', '.join(extensions)})"


def expand(paths, patterns, config_root: str | None = None, extensions=TEXT_EXTENSIONS) -> tuple[list[str], list[str]]:
    """(files, errors). Explicitly named files are always checked; folders are walked (for
    files ending in one of ``extensions``; patterns relative to ``config_root``)."""
    files, errors = [], []
    for p in paths:
        if p == "-":
            files.append("-")
            continue
        if os.path.isdir(p):
            found = list(walk_text_files(p, patterns, config_root, extensions))
            if not found:
                errors.append(no_text_files(p, extensions))
            files.extend(found)
        elif os.path.exists(p):
            files.append(p)
        else:
            errors.append(f"{p}: no such file or directory")
    seen = set()
    unique = []
    for f in files:
        key = f if f == "-" else str(Path(f).resolve())
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors
