"""LanguageTool through the real language-tool-python client, against a stand-in server
(tests/lt_standin.py) on 127.0.0.1; a real server only when MEDLINT_TEST_LANGUAGETOOL_URL is set."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lt_standin import StandIn, free_port, u16  # noqa: E402

from linter.config import LanguageToolSettings  # noqa: E402
from linter.document import Document  # noqa: E402
from linter.formats import read_document  # noqa: E402
from linter.languagetool import MAX_REQUEST_CHARS, check_documents, plan_requests  # noqa: E402

needs_client = pytest.mark.skipif(
    __import__("importlib").util.find_spec("language_tool_python") is None,
    reason='language-tool-python not installed (pip install "medlint[grammar]")',
)

ARTICLE = (
    "Back mice is a colloquial term. The fatty deposits can any number of items.\n"
    "\n"
    "This a seriously debatable way of diagnosing. The fat masses get a firm, high quality quality to them.\n"
    "\n"
    "A state known as episacroiliac lipoma herniates through the lumbodorsal fascia.  Teh end.\n"
)


def text_doc(path, text):
    return read_document(path, text, "text")


def settings(url, **kw):
    return LanguageToolSettings(url=url, **kw)


def check(url, docs, **kw):
    lexicon = kw.pop("lexicon_words", frozenset())
    limit = kw.pop("max_request_chars", MAX_REQUEST_CHARS)
    return check_documents(docs, settings(url, **kw), lexicon_words=lexicon, max_request_chars=limit)


def assert_mapped(result, docs):
    by_path = {d.path: d for d in docs}
    for path, found in result.findings.items():
        for f in found:
            assert by_path[path].text[f.offset:f.end] == f.text, (path, f)


@pytest.fixture
def lt():
    with StandIn() as server:
        yield server


# --------------------------------------------------------------------------- findings


@needs_client
def test_findings_from_several_blocks_and_files_map_to_the_original(lt):
    docs = [text_doc("a.txt", ARTICLE), text_doc("b.txt", "Intro.\n\nOne more teh here, and that that is fine.\n")]
    result = check(lt.url, docs)
    assert result.error is None
    assert_mapped(result, docs)
    a = {(f.rule, f.text) for f in result.findings["a.txt"]}
    assert a == {
        ("grammar/MISSING_VERB", "can any"),
        ("grammar/THIS_MISSING_VERB", "This a"),
        ("grammar/ENGLISH_WORD_REPEAT_RULE", "quality quality"),
        ("grammar/MORFOLOGIK_RULE_EN_US", "episacroiliac"),
        ("grammar/MORFOLOGIK_RULE_EN_US", "lumbodorsal"),
        ("grammar/MORFOLOGIK_RULE_EN_US", "Teh"),
    }  # no WHITESPACE_RULE: TYPOGRAPHY is not among the default categories
    assert [(f.rule, f.text) for f in result.findings["b.txt"]] == [("grammar/MORFOLOGIK_RULE_EN_US", "teh")]
    # one session: the languages list was fetched once, and one request carried both files
    assert lt.languages_calls == 1
    assert len(lt.requests) == 1
    assert lt.requests[0]["method"] == "POST" and lt.requests[0]["language"] == "en-US"


@needs_client
def test_finding_fields(lt):
    docs = [text_doc("a.txt", ARTICLE)]
    found = {f.rule: f for f in check(lt.url, docs).findings["a.txt"]}
    verb = found["grammar/MISSING_VERB"]
    assert verb.source == "grammar"
    assert verb.severity == "warning"
    assert verb.suggestions == ("can be any", "can cause any")
    assert not verb.fix_safe
    assert verb.confidence == pytest.approx(0.7)
    assert verb.message.startswith("A verb seems to be missing")
    assert found["grammar/ENGLISH_WORD_REPEAT_RULE"].severity == "info"  # REPETITIONS is not grammar proper
    assert found["grammar/MORFOLOGIK_RULE_EN_US"].severity == "warning"
    assert all(len(f.suggestions) <= 5 for f in found.values())


@needs_client
def test_markup_blanked_from_prose_keeps_original_offsets(lt):
    text = "# Back mice\n\nThe **fatty deposits** can any number of items.\n\n```\nteh code\n```\n\nThis a test.\n"
    fence = text.index("```")
    code_end = text.index("```", fence + 3) + 3
    blanks = [(0, 1), (text.index("**"), text.index("**") + 2), (text.rindex("**"), text.rindex("**") + 2),
              (fence, code_end)]
    prose = list(text)
    for start, end in blanks:
        prose[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    prose = "".join(prose)
    assert "teh" not in prose and "**" not in prose and len(prose) == len(text)
    para = text.index("The **")
    blocks = [(2, text.index("\n")), (para, text.index("\n", para)), (text.index("This a"), len(text) - 1)]
    doc = Document(path="a.md", text=text, prose=prose, blocks=blocks)
    result = check(lt.url, [doc])
    assert result.error is None
    assert_mapped(result, [doc])
    assert [(f.text, f.offset) for f in result.findings["a.md"]] == [
        ("can any", text.index("can any")), ("This a", text.index("This a"))]


@needs_client
def test_markdown_reader_document(lt):
    markdown = pytest.importorskip("linter.formats.markdown")
    text = ("---\ntitle: teh front matter\n---\n# Back mice\n\n"
            "The *fatty deposits* can any number of items.\n\n- This a list item\n\n"
            "```\nteh code\n```\n\nSee [teh link](http://example.com/teh).\n")
    doc = markdown.read("a.md", text)
    result = check(lt.url, [doc])
    assert result.error is None
    assert_mapped(result, [doc])
    texts = [f.text for f in result.findings["a.md"]]
    assert "can any" in texts and "This a" in texts


@needs_client
def test_astral_characters_before_a_match(lt):
    text = "Emoji \U0001F600 first. Then teh word.\n\nAnd \U0001F600\U0001F600 teh again.\n"
    doc = text_doc("e.txt", text)
    result = check(lt.url, [doc])
    assert [f.offset for f in result.findings["e.txt"]] == [text.index("teh"), text.rindex("teh")]
    assert_mapped(result, [doc])


# --------------------------------------------------------------------------- batching


def _paragraph(i):
    return f"Paragraph {i} says teh same thing again. " + "Back pain is common in adults of all ages. " * 20


@needs_client
def test_large_input_is_batched_under_the_limit(lt):
    docs = [text_doc(f"d{n}.txt", "\n\n".join(_paragraph(i) for i in range(40)) + "\n") for n in range(3)]
    total = sum(len(d.text) for d in docs)
    assert total > 3 * MAX_REQUEST_CHARS
    result = check(lt.url, docs)
    assert result.error is None
    assert len(lt.requests) >= total // MAX_REQUEST_CHARS
    assert all(r["length"] <= MAX_REQUEST_CHARS for r in lt.requests)
    assert_mapped(result, docs)
    for d in docs:
        assert len(result.findings[d.path]) == 40
    assert lt.languages_calls == 1


@needs_client
def test_one_block_longer_than_a_request_is_cut(lt):
    text = " ".join(_paragraph(i) for i in range(30)) + "\n"  # ~27,000 characters, no blank line
    doc = text_doc("long.txt", text)
    result = check(lt.url, [doc], max_request_chars=5_000)
    assert result.error is None
    assert len(lt.requests) >= 6
    assert all(r["length"] <= 5_000 for r in lt.requests)
    assert_mapped(result, [doc])
    assert len(result.findings["long.txt"]) == 30


def test_plan_requests_segments_cover_each_block():
    docs = [text_doc("a.txt", "  One.\n\nTwo two.\n\n\n   \n\nThree.  \n"), text_doc("b.txt", "Four.")]
    requests = plan_requests(docs, limit=12)
    pieces = [(s.path, r.text[s.start:s.start + s.length]) for r in requests for s in r.segments]
    assert pieces == [("a.txt", "One."), ("a.txt", "Two two."), ("a.txt", "Three."), ("b.txt", "Four.")]
    for r in requests:
        assert u16(r.text) <= 12
        for s in r.segments:
            doc = docs[0] if s.path == "a.txt" else docs[1]
            assert doc.text[s.offset:s.offset + s.length] == r.text[s.start:s.start + s.length]


# --------------------------------------------------------------------------- noise control


@needs_client
def test_only_the_chosen_categories(lt):
    docs = [text_doc("a.txt", ARTICLE)]
    only_typography = check(lt.url, docs, categories=("TYPOGRAPHY",)).findings["a.txt"]
    assert [f.rule for f in only_typography] == ["grammar/WHITESPACE_RULE"]
    assert only_typography[0].severity == "info"
    every = check(lt.url, docs, categories=()).findings["a.txt"]
    assert "grammar/WHITESPACE_RULE" in {f.rule for f in every} and len(every) == 7


@needs_client
def test_ignored_rules_dropped(lt):
    docs = [text_doc("a.txt", ARTICLE)]
    found = check(lt.url, docs, ignore=("MORFOLOGIK_RULE_EN_US", "grammar/MISSING_VERB")).findings["a.txt"]
    assert {f.rule for f in found} == {"grammar/THIS_MISSING_VERB", "grammar/ENGLISH_WORD_REPEAT_RULE"}


@needs_client
def test_spelling_matches_on_lexicon_words_dropped(lt):
    text = ARTICLE + "\nThe vertebrae hurt.\n"
    docs = [text_doc("a.txt", text)]
    found = check(lt.url, docs, lexicon_words=frozenset({"episacroiliac", "Lumbodorsal", "vertebra"}))
    spelled = [f.text for f in found.findings["a.txt"] if f.rule == "grammar/MORFOLOGIK_RULE_EN_US"]
    assert spelled == ["Teh"]  # "vertebrae" dropped through its lemma "vertebra"
    # grammar matches are never dropped for lexicon words
    assert any(f.rule == "grammar/MISSING_VERB" for f in found.findings["a.txt"])


# --------------------------------------------------------------------------- failures


def _one_line(error):
    assert error and "\n" not in error and "Traceback" not in error and len(error) < 300
    return error


@needs_client
@pytest.mark.parametrize("mode, words", [
    ("500", ["failed", "Internal Server Error"]),
    ("garbage", ["not answer with LanguageTool JSON"]),
    ("badjson", ["unexpected JSON"]),
])
def test_server_errors_are_one_line(mode, words):
    with StandIn(mode=mode) as server:
        url = server.url
        result = check(url, [text_doc("a.txt", ARTICLE)])
    error = _one_line(result.error)
    assert url in error
    for w in words:
        assert w in error
    assert result.findings == {"a.txt": []}


@needs_client
def test_timeout_is_one_line_and_bounded():
    with StandIn(mode="sleep", delay=10) as server:
        start = time.monotonic()
        result = check(server.url, [text_doc("a.txt", ARTICLE)], timeout=0.3)
        elapsed = time.monotonic() - start
    error = _one_line(result.error)
    assert "did not answer within 0.3 s" in error and "timeout" in error
    assert elapsed < 5


@needs_client
def test_nothing_listening_is_one_line():
    url = f"http://127.0.0.1:{free_port()}"
    result = check(url, [text_doc("a.txt", ARTICLE)])
    error = _one_line(result.error)
    assert error == f"LanguageTool server at {url} refused the connection: start it or drop --languagetool-url"
    assert result.findings == {"a.txt": []}


@needs_client
def test_findings_so_far_are_kept_when_a_later_request_fails():
    docs = [text_doc(f"d{n}.txt", "\n\n".join(_paragraph(i) for i in range(40)) + "\n") for n in range(3)]
    with StandIn(fail_after=1) as server:
        result = check(server.url, docs)
    _one_line(result.error)
    assert len(server.requests) == 2  # stops at the first failure
    assert sum(len(v) for v in result.findings.values()) > 0
    assert_mapped(result, docs)


@needs_client
def test_url_trailing_v2_accepted(lt):
    result = check(lt.url + "/v2/", [text_doc("a.txt", ARTICLE)])
    assert result.error is None and result.findings["a.txt"]


@needs_client
def test_unsupported_language_is_one_line(lt):
    result = check(lt.url, [text_doc("a.txt", ARTICLE)], language="xx-YY")
    assert "does not support the language" in _one_line(result.error)
    assert lt.requests == []


def test_off_sends_nothing():
    result = check(None, [text_doc("a.txt", ARTICLE)])
    assert result.error is None and result.findings == {"a.txt": []}


def test_not_a_url():
    result = check("ftp://example.org", [text_doc("a.txt", ARTICLE)])
    assert "not an http(s) URL" in _one_line(result.error)


def test_missing_extra_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "language_tool_python", None)
    result = check("http://127.0.0.1:9", [text_doc("a.txt", ARTICLE)])
    assert _one_line(result.error) == 'LanguageTool needs the optional "grammar" extra: pip install "medlint[grammar]"'


@needs_client
def test_local_without_java(monkeypatch):
    import linter.languagetool as lt_module

    monkeypatch.setattr(lt_module.shutil, "which", lambda name: None)
    result = check("local", [text_doc("a.txt", ARTICLE)])
    assert "Java 17" in _one_line(result.error)


@needs_client
def test_local_without_network(monkeypatch, capsys):
    import language_tool_python
    import requests

    import linter.languagetool as lt_module

    class NoNetwork(language_tool_python.LanguageTool):
        def __init__(self, *args, **kwargs):
            raise requests.exceptions.ConnectionError("Failed to resolve 'github.com' (NameResolutionError)")

    monkeypatch.setattr(lt_module.shutil, "which", lambda name: "/usr/bin/java")
    monkeypatch.setattr(language_tool_python, "LanguageTool", NoNetwork)
    result = check("local", [text_doc("a.txt", ARTICLE)])
    assert "could not download LanguageTool" in _one_line(result.error)
    assert "starting a local LanguageTool server" in capsys.readouterr().err


# --------------------------------------------------------------------------- a real server


@needs_client
@pytest.mark.skipif(not os.environ.get("MEDLINT_TEST_LANGUAGETOOL_URL"), reason="MEDLINT_TEST_LANGUAGETOOL_URL not set")
def test_real_languagetool():
    url = os.environ["MEDLINT_TEST_LANGUAGETOOL_URL"]
    text = "This are a problem.\n\nHe go to teh doctor yesterday.\n"
    doc = text_doc("real.txt", text)
    result = check_documents([doc], settings(url), lexicon_words=frozenset())
    assert result.error is None
    assert result.findings["real.txt"]
    assert_mapped(result, [doc])
    assert all(f.rule.startswith("grammar/") for f in result.findings["real.txt"])
