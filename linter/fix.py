"""Applying safe suggestions to the original text, and writing files atomically."""
from __future__ import annotations

import difflib
import errno
import os
import re

from linter.textio import atomic_write, encode


def fixable(findings):
    """Safe, non-overlapping fixes (first in file order wins)."""
    chosen, last_end = [], -1
    for f in sorted(findings, key=lambda f: (f.offset, -f.length)):
        if f.fix_safe and f.suggestions and f.offset >= last_end and f.suggestions[0] != f.text:
            chosen.append(f)
            last_end = f.end
    return chosen


def _applicable(text: str, findings) -> list:
    """The ``fixable`` findings whose text is still at their offset (a stale one is never
    written over other text), in file order."""
    return [f for f in fixable(findings) if text[f.offset:f.end] == f.text]


def apply(text: str, findings) -> tuple[str, int]:
    """``text`` with the top suggestion of every safe finding applied; and how many."""
    fixes = _applicable(text, findings)
    parts, pos = [], 0
    for f in fixes:
        parts += [text[pos:f.offset], f.suggestions[0]]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), len(fixes)


def remaining(text: str, new_text: str, findings) -> list:
    """The findings ``apply(text, findings)`` did not fix, moved to where their spans are in
    its ``new_text`` (an earlier fix of another length shifts them; line and column are
    counted again), so a report after ``--fix`` points into the file as written."""
    import bisect
    from dataclasses import replace

    from linter.findings import LineIndex

    applied = _applicable(text, findings)
    ids = {id(f) for f in applied}  # (a stale one was not fixed: it stays reported)
    ends, shift, total = [], [], 0
    for f in applied:  # (in file order, non-overlapping)
        total += len(f.suggestions[0]) - f.length
        ends.append(f.end)
        shift.append(total)
    index = LineIndex(new_text)
    out = []
    for f in findings:
        if id(f) in ids:
            continue
        i = bisect.bisect_right(ends, f.offset)  # the fixes that end at or before it
        delta = shift[i - 1] if i else 0
        moved = replace(f, offset=f.offset + delta)
        out.append(moved.located(f.path, index) if f.line >= 1 else moved)
    return out


NO_NEWLINE = "\\ No newline at end of file\n"


def _diff_lines(text: str) -> list[str]:
    """The lines ``patch`` and ``git apply`` read: ended by LF only (a CRLF line keeps its CR;
    a lone CR, a form feed or U+2028 does not end a diff line, as str.splitlines would)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _diff_name(path: str, side: str) -> str:
    """``path`` as a diff header names it, after ``side`` ("a" or "b"): without ``./`` or
    ``x/../`` steps (``git apply`` refuses ``a/./doc.md``, which a walk of ``.`` gave), in POSIX
    form; C-quoted as git writes it when it holds a quote, a backslash or a control character
    (``"a/q\\"x.txt"``), else followed by a tab when it holds a space (else ``patch`` reads the
    name up to the space)."""
    name = f"{side}/" + os.path.normpath(path).replace(os.sep, "/")
    quoted = [_C_ESCAPES.get(c) or (f"\\{ord(c):03o}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in name]
    if quoted != list(name):
        return '"' + "".join(quoted) + '"'
    return name + "\t" if " " in name else name


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff that ``patch``/``git apply`` accept: a last line without a newline is
    marked ``\\ No newline at end of file`` (so the next file's header starts a line)."""
    out = []
    for line in difflib.unified_diff(_diff_lines(old), _diff_lines(new), fromfile=_diff_name(path, "a"),
                                     tofile=_diff_name(path, "b")):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(out)


class ChangedOnDisk(Exception):
    pass


def write_atomic(path: str, new_text: str, bom: bytes, expected_raw: bytes) -> None:
    """Replace ``path`` with ``new_text`` via a temporary file in the same folder.

    Keeps the file mode, the BOM and (since the text is never re-split) the newline
    style; a read-only file (no write permission) is not replaced: ``PermissionError``.
    Raises ``ChangedOnDisk`` when the file no longer holds ``expected_raw``.  A symbolic
    link is kept: its target is written (in the target's folder).  A file with hard links
    gets a new inode: its other names keep the old text.
    """
    path = os.path.realpath(path)
    with open(path, "rb") as fh:
        if fh.read() != expected_raw:
            raise ChangedOnDisk(path)
    st = os.stat(path)
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        # (the rename would replace a file nobody may write, even as root: it is read-only on purpose)
        raise PermissionError(errno.EACCES, "read-only file", path)
    atomic_write(path, encode(new_text, bom), mode=st.st_mode & 0o7777, owner=(st.st_uid, st.st_gid))
