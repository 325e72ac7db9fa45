"""Expanding paths into the files to check (recursion, extensions, excludes)."""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

TEXT_EXTENSIONS = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".rst")


def excluded(path: str, patterns) -> bool:
    """True when any pattern matches the path, its name or one of its parts (like ruff)."""
    if not patterns:
        return False
    norm = path.replace(os.sep, "/")
    if norm.startswith("./"):
        norm = norm[2:]
    parts = norm.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(norm, "*/" + pat):
            return True
        if "/" not in pat and any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
    return False


def walk_text_files(root: str, patterns):
    """Text files under ``root`` (sorted, recursive), skipping excluded folders and files."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not excluded(os.path.join(folder, d), patterns))
        for name in sorted(names):
            full = os.path.join(folder, name)
            if name.lower().endswith(TEXT_EXTENSIONS) and not excluded(full, patterns):
                yield full


def expand(paths, patterns) -> tuple[list[str], list[str]]:
    """(files, errors). Explicitly named files are always checked; folders are walked."""
    files, errors = [], []
    for p in paths:
        if p == "-":
            files.append("-")
            continue
        if os.path.isdir(p):
            found = list(walk_text_files(p, patterns))
            if not found:
                errors.append(f"{p}: no text files found (looked for {', '.join(TEXT_EXTENSIONS)})")
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
