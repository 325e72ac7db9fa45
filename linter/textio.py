"""Decoding files into text (and back), with clear errors for bad input."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from linter.errors import InputError

BOM = b"\xef\xbb\xbf"
# byte-order marks medlint reads and writes back as found; UTF-32's before UTF-16's (the
# UTF-32-LE mark begins with the UTF-16-LE one).  Without a mark a file must be UTF-8.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (BOM, "utf-8"))


@dataclass(frozen=True)
class Decoded:
    text: str
    bom: bytes  # the file's byte-order mark (b"" for none); it also names the encoding
    raw: bytes


def _codec(bom: bytes | bool) -> str:
    if bom is True:  # (the UTF-8 mark, as callers before UTF-16 support passed it)
        return "utf-8"
    return next((codec for mark, codec in _BOMS if bom == mark), "utf-8")


def decode(raw: bytes, name: str) -> Decoded:
    bom = next((mark for mark, _ in _BOMS if raw.startswith(mark)), b"")
    codec = _codec(bom)
    if codec == "utf-8" and b"\x00" in raw[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    body = raw[len(bom):]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(bom)
        label = "UTF-8" if codec == "utf-8" else codec.upper().replace("-LE", "").replace("-BE", "") + \
            (" (little-endian)" if codec.endswith("le") else " (big-endian)")
        raise InputError(f"{name}: invalid {label} at byte offset {offset} (byte 0x{raw[offset]:02x})") from None
    if "\x00" in text[:8192]:
        raise InputError(f"{name}: binary file (contains NUL characters), not text")
    return Decoded(text=text, bom=bom, raw=raw)


def encode(text: str, bom: bytes | bool) -> bytes:
    """The text in the encoding its byte-order mark names, with the mark (b"" or False: UTF-8, none)."""
    mark = BOM if bom is True else (bom or b"")
    return mark + text.encode(_codec(mark))


def content_digest(raw: bytes) -> str:
    """A short hash of a file's bytes: what was checked, to compare with what is fixed."""
    import hashlib

    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_path(path: str) -> Decoded:
    return decode(read_bytes(path), path)


def read_bytes(path: str) -> bytes:
    """A file's bytes; a file that cannot be read is a one-line InputError."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def new_file_mode() -> int:
    """The permissions ``open()`` gives a new file here (0o666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str, data: bytes | Callable[[BinaryIO], object], *, mode: int | None = None,
                 owner: tuple[int, int] | None = None, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (bytes, or a function that writes to the open binary
    file) so that readers see the old file or the new one, never a part of it: a temporary
    file in the same folder, flushed to disk (``durable``), then renamed over ``path``; the
    temporary file is removed if anything fails.  ``mode`` and ``owner`` (uid, gid) are set on
    the new file before it takes the name (a new temporary file is readable by its owner
    only).  Used by ``--fix``, the result cache, the compiled-rules cache and ``scan``."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".medlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if owner is not None:
            with contextlib.suppress(PermissionError, AttributeError):
                os.chown(tmp, *owner)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
