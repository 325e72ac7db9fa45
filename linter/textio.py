"""Decoding files into text (and back), with clear errors for bad input."""
from __future__ import annotations

from dataclasses import dataclass

from linter.errors import InputError

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Decoded:
    text: str
    bom: bool
    raw: bytes


def decode(raw: bytes, name: str) -> Decoded:
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    bom = raw.startswith(BOM)
    body = raw[3:] if bom else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if bom else 0)
        raise InputError(f"{name}: invalid UTF-8 at byte offset {offset} (byte 0x{raw[offset]:02x})") from None
    return Decoded(text=text, bom=bom, raw=raw)


def encode(text: str, bom: bool) -> bytes:
    return (BOM if bom else b"") + text.encode("utf-8")


def read_path(path: str) -> Decoded:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(raw, path)
