"""LanguageTool, through ``language-tool-python`` (the optional ``grammar`` extra).

One session per run, over every document of the run::

    result = check_documents(documents, settings.languagetool, lexicon_words=vocabulary())
    result.findings  # {path: [Finding, ...]}, offsets in each original file
    result.error     # None, or ONE line saying what failed and how to fix it

``settings.url`` chooses the server: an ``http(s)://`` URL is a running LanguageTool server
(self-hosted, or ``https://api.languagetool.org`` within its limits); ``"local"`` lets
language-tool-python download LanguageTool once and start it (Java 17+, network on the
first run); ``None`` is off.

Each prose block (``document.prose[start:end]``) is sent as it stands, so every match maps
back to the original file by adding the block's offset.  Blocks of all documents are joined
with blank lines into requests of at most ``MAX_REQUEST_CHARS`` characters (LanguageTool
counts UTF-16 units; the public API's limit is 20,000); a block longer than that is cut at a
line or sentence end.  A match that would straddle two blocks is dropped.

Noise control: only ``settings.categories`` (LanguageTool category ids; empty = all), never
the rule ids in ``settings.ignore``, and no spelling match (category TYPOS or a
``MORFOLOGIK_RULE_*``) on a word whose form or lemma is in ``lexicon_words``: LanguageTool
does not know "episacroiliac" or "lumbodorsal".

Failures never raise: the findings gathered so far are returned with ``error`` set.  The
timeout (``settings.timeout``) is per HTTP request; language-tool-python retries a failed
check once, so a server that hangs costs at most twice the timeout before the run moves on.
"""
from __future__ import annotations

import bisect
import re
import shutil
import sys
from dataclasses import dataclass, field

from linter.findings import Finding

SOURCE = "grammar"
MAX_REQUEST_CHARS = 20_000
SEPARATOR = "\n\n"
WARNING_CATEGORIES = frozenset({"GRAMMAR", "CONFUSED_WORDS", "TYPOS"})
MAX_SUGGESTIONS = 5
CONFIDENCE = 0.7
INSTALL_HINT = 'LanguageTool needs the optional "grammar" extra: pip install "medlint[grammar]"'


@dataclass
class GrammarResult:
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of one document's prose inside one request."""

    start: int  # offset in the request text (code points)
    length: int
    path: str
    offset: int  # offset in the original file text


@dataclass
class Request:
    text: str
    segments: list[Segment]


# --------------------------------------------------------------------------- batching


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _pieces(text: str, limit: int):
    """Cut ``text`` into (start, piece) no longer than ``limit`` UTF-16 units, at a line
    end, else a sentence end, else a space, else anywhere."""
    start = 0
    while start < len(text):
        rest = text[start:]
        if utf16_len(rest) <= limit:
            yield start, rest
            return
        window = rest[:limit]
        while utf16_len(window) > limit:  # astral characters count twice
            window = window[:-1]
        cut = -1
        for pattern in (r"\n", r"[.!?]\s", r"\s"):
            ends = [m.end() for m in re.finditer(pattern, window)]
            if ends and ends[-1] > len(window) // 4:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = len(window)
        yield start, rest[:cut]
        start += cut


def plan_requests(documents, limit: int = MAX_REQUEST_CHARS) -> list[Request]:
    """Every prose block of every document, joined into requests of at most ``limit``."""
    sep = utf16_len(SEPARATOR)
    requests: list[Request] = []
    parts: list[str] = []
    segments: list[Segment] = []
    size = 0
    cursor = 0

    def flush():
        nonlocal parts, segments, size, cursor
        if parts:
            requests.append(Request("".join(parts), segments))
        parts, segments, size, cursor = [], [], 0, 0

    for doc in documents:
        for start, end in doc.blocks:
            block = doc.prose[start:end]
            stripped = block.lstrip()
            start += len(block) - len(stripped)
            block = stripped.rstrip()
            if not block:
                continue
            for rel, piece in _pieces(block, limit):
                n = utf16_len(piece)
                if parts and size + sep + n > limit:
                    flush()
                if parts:
                    parts.append(SEPARATOR)
                    size += sep
                    cursor += len(SEPARATOR)
                segments.append(Segment(cursor, len(piece), doc.path, start + rel))
                parts.append(piece)
                size += n
                cursor += len(piece)
    flush()
    return requests


# --------------------------------------------------------------------------- matches -> findings


def _attr(match, *names, default=None):
    for name in names:
        if hasattr(match, name):
            return getattr(match, name)
    return default


def _codepoint_length(text: str, start: int, units: int) -> int:
    """Code points from ``start`` covering ``units`` UTF-16 units (LanguageTool's lengths)."""
    n = 0
    i = start
    while i < len(text) and n < units:
        n += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i - start


def is_spelling(rule_id: str, category: str) -> bool:
    return category == "TYPOS" or rule_id.startswith("MORFOLOGIK_RULE")


def _in_lexicon(word: str, lexicon_words) -> bool:
    if not lexicon_words:
        return False
    from linter.nlp import lemma_of

    low = word.strip().lower()
    return low in lexicon_words or lemma_of(low) in lexicon_words


def _keep(rule_id: str, category: str, flagged: str, settings, lexicon_words) -> bool:
    if settings.categories and category not in settings.categories:
        return False
    if rule_id in settings.ignore or f"grammar/{rule_id}" in settings.ignore:
        return False
    if is_spelling(rule_id, category) and _in_lexicon(flagged, lexicon_words):
        return False
    return True


def _finding(match, request: Request, starts: list[int], texts: dict, settings, lexicon_words):
    rule_id = str(_attr(match, "rule_id", "ruleId", default=""))
    category = str(_attr(match, "category", default=""))
    start = int(match.offset)
    length = _codepoint_length(request.text, start, int(_attr(match, "error_length", "errorLength", default=0)))
    i = bisect.bisect_right(starts, start) - 1
    if i < 0 or not rule_id:
        return None
    seg = request.segments[i]
    if start >= seg.start + seg.length or start + length > seg.start + seg.length:
        return None  # in or across a block separator
    flagged = request.text[start:start + length]
    if not _keep(rule_id, category, flagged, settings, lexicon_words):
        return None
    offset = seg.offset + (start - seg.start)
    original = texts[seg.path][offset:offset + length]
    replacements = [str(r) for r in (_attr(match, "replacements", default=None) or [])]
    return seg.path, Finding(
        rule=f"grammar/{rule_id}",
        offset=offset,
        length=length,
        text=original,
        message=" ".join(str(match.message).split()),
        suggestions=tuple(dict.fromkeys(replacements))[:MAX_SUGGESTIONS],
        confidence=CONFIDENCE,
        source=SOURCE,
        severity="warning" if category in WARNING_CATEGORIES else "info",
        fix_safe=False,
        extra={"languagetool_category": category,
               "languagetool_issue_type": str(_attr(match, "rule_issue_type", "ruleIssueType", default=""))},
    )


# --------------------------------------------------------------------------- the session


def check_documents(documents, settings, lexicon_words=frozenset(), *,
                    max_request_chars: int = MAX_REQUEST_CHARS) -> GrammarResult:
    """LanguageTool findings for ``documents`` (``linter.document.Document``), never raising."""
    documents = list(documents)
    result = GrammarResult(findings={d.path: [] for d in documents})
    url = settings.url
    if not url:
        return result
    if url != "local" and not re.match(r"https?://[^\s/]+", url):
        result.error = (f"LanguageTool URL {url!r} is not an http(s) URL: "
                        "give e.g. --languagetool-url http://localhost:8081, or --languagetool local")
        return result
    try:
        import language_tool_python  # noqa: F401
    except ImportError:
        result.error = INSTALL_HINT
        return result
    requests = plan_requests(documents, max_request_chars)
    if not requests:
        return result
    lexicon_words = frozenset(w.lower() for w in lexicon_words)
    texts = {d.path: d.text for d in documents}
    tool, error = _open(settings)
    if tool is None:
        result.error = error
        return result
    where = _where(settings)
    try:
        for request in requests:
            try:
                matches = tool.check(request.text)
                starts = [s.start for s in request.segments]
                found = [_finding(m, request, starts, texts, settings, lexicon_words) for m in matches]
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - every failure becomes one line
                result.error = describe(exc, where, settings.timeout)
                break
            for item in found:
                if item is not None:
                    result.findings[item[0]].append(item[1])
    finally:
        _close(tool)
    for path in result.findings:
        result.findings[path].sort(key=lambda f: (f.offset, f.length, f.rule))
    return result


def _where(settings) -> str:
    return "the local LanguageTool server" if settings.url == "local" else f"LanguageTool server at {settings.url}"


def _server_url(url: str) -> str:
    """language-tool-python appends ``v2/`` itself: accept ``.../v2`` and ``.../v2/`` too."""
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url + "/"


def _open(settings):
    """(tool, None) or (None, one-line error)."""
    import language_tool_python

    # _TIMEOUT: language-tool-python's per-request timeout (class attribute, read on every
    # request, including the languages request made by the constructor).  _server = None keeps
    # the library's __del__ quiet when the constructor fails before setting it.
    client = type("MedlintLanguageTool", (language_tool_python.LanguageTool,),
                  {"_TIMEOUT": float(settings.timeout), "_server": None})
    where = _where(settings)
    try:
        if settings.url == "local":
            if shutil.which("java") is None:
                return None, ("--languagetool local needs Java 17 or newer and `java` is not on PATH: "
                              "install Java, or use --languagetool-url with a running server")
            print("medlint: starting a local LanguageTool server (the first run downloads LanguageTool, "
                  "about 250 MB) ...", file=sys.stderr, flush=True)
            tool = client(settings.language)
            print("medlint: LanguageTool server ready", file=sys.stderr, flush=True)
        else:
            tool = client(settings.language, remote_server=_server_url(settings.url))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - includes SystemExit from the Java version probe
        return None, describe(exc, where, settings.timeout, starting=settings.url == "local")
    return tool, None


def _close(tool) -> None:
    try:
        tool.close()
    except Exception:  # noqa: BLE001 - closing is best effort
        pass


# --------------------------------------------------------------------------- errors


def _chain(exc):
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).strip().split("\n", 1)[0].split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def describe(exc: BaseException, where: str, timeout: float, starting: bool = False) -> str:
    """One line: which failure, and how to fix it."""
    import json

    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain)
    local = where.startswith("the local")
    fix_url = "start it or drop --languagetool-url"

    try:
        import requests
        timeouts = tuple(e for e in chain if isinstance(e, requests.exceptions.Timeout))
        conn = tuple(e for e in chain if isinstance(e, requests.exceptions.ConnectionError))
    except ImportError:  # pragma: no cover - requests comes with language-tool-python
        timeouts, conn = (), ()

    if starting and local:
        if conn or "NameResolutionError" in text or "TimeoutError" in names:
            return ("could not download LanguageTool for --languagetool local (no network?): "
                    "connect once to download it, or use --languagetool-url with a running server")
        elif names & {"JavaError", "SystemError", "ModuleNotFoundError", "SystemExit"}:
            return (f"--languagetool local needs Java 17 or newer ({_first_line(exc, 100)}): "
                    "install it, or use --languagetool-url with a running server")
        elif "ServerError" in names:
            return (f"the local LanguageTool server did not start ({_first_line(exc, 100)}): "
                    "check Java 17+, or use --languagetool-url with a running server")
        elif "PathError" in names:
            return (f"could not install LanguageTool for --languagetool local ({_first_line(exc, 100)}): "
                    "use --languagetool-url with a running server")
    if timeouts or (conn and "timed out" in text.lower()):
        return (f"{where} did not answer within {timeout:g} s: check the server, "
                "or raise [tool.medlint.languagetool] timeout")
    if conn:
        if "refused" in text.lower():
            return f"{where} refused the connection: " + (
                "is it still running? try again" if local else fix_url)
        if "NameResolutionError" in text or "Name or service not known" in text or "getaddrinfo" in text:
            return f"{where}: the host name does not resolve: check the URL or drop --languagetool-url"
        if "RemoteDisconnected" in text or "Connection aborted" in text or "ConnectionReset" in text:
            return f"{where} closed the connection without answering: check that it is a LanguageTool server"
        return f"could not reach {where} ({_first_line(exc, 100)}): check the URL or drop --languagetool-url"
    if "RateLimitError" in names:
        return f"{where} refused more requests (rate limit): wait, or run your own LanguageTool server"
    if any(isinstance(e, json.JSONDecodeError) for e in chain):
        body = _first_line(exc, 120)
        if body.lower().startswith("error"):
            return f"{where} failed: {body} (see the server's log)"
        if not body:
            return f"{where} answered with an empty reply instead of JSON: check the server's log"
        return (f"{where} did not answer with LanguageTool JSON (got {body[:60]!r}): "
                "check that the URL points at a LanguageTool server")
    if isinstance(exc, (KeyError, TypeError, AttributeError, IndexError)):
        return (f"{where} answered with unexpected JSON ({type(exc).__name__}: {_first_line(exc, 60)}): "
                "check that the URL points at a LanguageTool server (HTTP API v2)")
    if isinstance(exc, ValueError) and "language" in str(exc):
        return (f"{where} does not support the language ({_first_line(exc, 80)}): "
                "set language in [tool.medlint.languagetool]")
    return f"{where} failed ({type(exc).__name__}: {_first_line(exc, 120)})"
