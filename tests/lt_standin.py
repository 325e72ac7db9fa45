"""A stand-in LanguageTool server for offline tests: stdlib http.server on 127.0.0.1.

It speaks the part of LanguageTool's HTTP API (v2) that language-tool-python uses:
``GET /v2/languages`` and ``POST /v2/check`` (form-encoded ``text``, ``language``, ...; a GET
with query parameters is accepted too), answering with the real JSON shape.  Offsets and
lengths are in UTF-16 units, as LanguageTool's (Java) are.

Deterministic rules:

=====================  ==================  ==============  ====================================
what                   rule id             category        replacements
=====================  ==================  ==============  ====================================
"can any"              MISSING_VERB        GRAMMAR         "can be any", "can cause any"
"This a"               THIS_MISSING_VERB   GRAMMAR         "This is a"
a word repeated        ENGLISH_WORD_       REPETITIONS     the word once
                       REPEAT_RULE
UNKNOWN_WORDS          MORFOLOGIK_RULE_    TYPOS           per word ("teh" -> "the")
                       EN_US
two or more spaces     WHITESPACE_RULE     TYPOGRAPHY      " "
between words
=====================  ==================  ==============  ====================================

Modes: ``ok``; ``500`` (HTTP 500 with LanguageTool's plain-text error body); ``garbage``
(HTTP 200, not JSON); ``badjson`` (HTTP 200, JSON without ``matches``); ``sleep`` (the check
answers after ``delay`` seconds, or when the server stops); ``fail_after=N`` answers HTTP 500
from the N+1th check on.  Every check request is recorded in ``requests`` (method, language,
text, UTF-16 length, parameters); ``languages_calls`` counts ``GET /v2/languages``.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

UNKNOWN_WORDS = {
    "episacroiliac": ["sacroiliac"],
    "lumbodorsal": ["lumbosacral"],
    "teh": ["the", "tech", "ten"],
    "nonspecificityback": [],
    "vertebrae": ["vertebra"],  # known to the lexicon only through its lemma
}

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _rule(rule_id, description, issue_type, category, category_name):
    return {"id": rule_id, "description": description, "issueType": issue_type,
            "category": {"id": category, "name": category_name}}


def find_matches(text: str) -> list[dict]:
    found = []  # (start, end, message, short, replacements, rule)

    for m in re.finditer(r"\bcan any\b", text):
        found.append((m.start(), m.end(), "A verb seems to be missing after \u201ccan\u201d.", "Missing verb",
                      ["can be any", "can cause any"],
                      _rule("MISSING_VERB", "Missing verb", "grammar", "GRAMMAR", "Grammar")))
    for m in re.finditer(r"\bThis a\b", text):
        found.append((m.start(), m.end(), "A verb seems to be missing: \u201cThis is a\u201d?", "Missing verb",
                      ["This is a"],
                      _rule("THIS_MISSING_VERB", "This + noun without verb", "grammar", "GRAMMAR", "Grammar")))
    for m in re.finditer(r"\b(\w+)\s+(\1)\b", text, flags=re.IGNORECASE):
        if m.group(1).lower() in ("had", "that"):
            continue
        found.append((m.start(), m.end(), "Possible typo: you repeated a word.", "Word repetition",
                      [m.group(1)],
                      _rule("ENGLISH_WORD_REPEAT_RULE", "Word repetition (e.g. 'will will')", "duplication",
                            "REPETITIONS", "Repetitions")))
    for m in re.finditer(r"[A-Za-z]+", text):
        if m.group().lower() in UNKNOWN_WORDS:
            found.append((m.start(), m.end(), "Possible spelling mistake found.", "Spelling mistake",
                          UNKNOWN_WORDS[m.group().lower()],
                          _rule("MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", "TYPOS",
                                "Possible Typo")))
    for m in re.finditer(r"(?<=\S)  +(?=\S)", text):
        found.append((m.start(), m.end(), "Possible typo: you repeated a whitespace", "", [" "],
                      _rule("WHITESPACE_RULE", "Whitespace repetition (bad formatting)", "whitespace",
                            "TYPOGRAPHY", "Typography")))

    matches = []
    for start, end, message, short, replacements, rule in sorted(found, key=lambda f: (f[0], f[1])):
        c_start = max(0, start - 20)
        context = text[c_start:end + 20]
        s_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
        s_end = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
        matches.append({
            "message": message,
            "shortMessage": short,
            "replacements": [{"value": r} for r in replacements],
            "offset": u16(text[:start]),
            "length": u16(text[start:end]),
            "context": {"text": context, "offset": u16(text[c_start:start]), "length": u16(text[start:end])},
            "sentence": text[s_start:s_end],
            "type": {"typeName": "Other"},
            "rule": rule,
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
        })
    return matches


def check_response(text: str, language: str) -> dict:
    return {
        "software": {"name": "LanguageTool", "version": "6.6", "buildDate": "2025-03-27 12:00:00 +0000",
                     "apiVersion": 1, "premium": False, "premiumHint": "", "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": "English (US)", "code": language or "en-US",
                     "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99}},
        "matches": find_matches(text),
    }


class _Handler(BaseHTTPRequestHandler):
    server_version = "LanguageToolStandIn/1.0"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: str, content_type: str = "application/json") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        url = urlparse(self.path)
        if url.path == "/v2/languages":
            with self.server.standin.lock:
                self.server.standin.languages_calls += 1
            self._send(200, json.dumps(LANGUAGES))
        elif url.path in ("/v2/healthcheck",):
            self._send(200, "OK", "text/plain")
        elif url.path == "/v2/check":
            self._check("GET", parse_qs(url.query))
        else:
            self._send(404, "Error: not found", "text/plain")

    def do_POST(self):  # noqa: N802
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        if url.path != "/v2/check":
            self._send(404, "Error: not found", "text/plain")
            return
        self._check("POST", parse_qs(body))

    def _check(self, method: str, params: dict) -> None:
        standin: StandIn = self.server.standin
        text = params.get("text", [""])[0]
        language = params.get("language", [""])[0]
        with standin.lock:
            standin.requests.append({"method": method, "language": language, "text": text,
                                     "length": u16(text), "params": {k: v[0] for k, v in params.items()}})
        mode = standin.mode
        if standin.fail_after is not None and len(standin.requests) > standin.fail_after:
            mode = "500"
        if mode == "500":
            self._send(500, "Error: Internal Server Error: java.lang.RuntimeException: boom\n\tat org.x.Y",
                       "text/plain")
        elif mode == "garbage":
            self._send(200, "<html><body>Welcome to nginx!</body></html>", "text/html")
        elif mode == "badjson":
            self._send(200, json.dumps({"software": {"name": "Something else"}}))
        else:
            if mode == "sleep":
                standin.stopping.wait(standin.delay)
            try:
                self._send(200, json.dumps(check_response(text, language)))
            except OSError:  # the client gave up (timeout)
                pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients that time out are expected
        pass


class StandIn:
    """``with StandIn(mode=...) as lt: lt.url`` -- a LanguageTool stand-in on 127.0.0.1:<free port>."""

    def __init__(self, mode: str = "ok", delay: float = 5.0, fail_after: int | None = None):
        self.mode = mode
        self.delay = delay
        self.fail_after = fail_after  # answer HTTP 500 once this many checks have been answered
        self.requests: list[dict] = []
        self.languages_calls = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = None
        self._thread = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "StandIn":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def free_port() -> int:
    """A port with nothing listening on 127.0.0.1 (bound, then released)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
