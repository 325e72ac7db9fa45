"""The compiled-rules cache (linter.rulecache): hits give what parsing gives, a corrupt file
or an edited pack is a miss, an unwritable cache directory only costs time."""
from __future__ import annotations

import pickle

import pytest

from linter import packs, rulecache
from linter.checks import CheckContext
from linter.checks import lexicon as lexicon_check
from linter.config import Settings

PACK = """\
pack: mine
rules:
- id: mine/heart-assault
  patterns: [heart assault]
  suggestions: [heart attack]
  message: A spinner swapped "attack".
"""


def _forget():
    """Drop what this process holds, so the next load_rules reads the cache directory."""
    rulecache._entries.clear()
    packs.load_rules.cache_clear()


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _forget()
    yield home / "medlint"
    _forget()  # later tests use the real cache directory again


@pytest.fixture
def parses(monkeypatch):
    """Counts YAML parses (a cache hit parses nothing)."""
    calls = []
    real = packs.parse_pack

    def counting(file, content):
        calls.append(file)
        return real(file, content)

    monkeypatch.setattr(packs, "parse_pack", counting)
    return calls


def _files(folder):
    return sorted(folder.glob(rulecache.PREFIX + "*.pickle"))


def test_second_load_reads_the_cache(cache_home, parses):
    first = packs.load_rules()
    assert parses and len(_files(cache_home)) == 1
    _forget()
    parses.clear()
    second = packs.load_rules()
    assert parses == []  # no YAML parsed
    assert second == first and second.digest == first.digest
    assert second.by_id() == first.by_id()


def test_derived_parts_equal_a_fresh_computation(cache_home):
    import spacy

    from linter.checks import curated
    from linter.nlp import pipeline
    from linter.swaps import learn

    rules = packs.load_rules()
    ctx = CheckContext(rules=rules, settings=Settings())
    curated.compiled(ctx)
    lexicon_check.state(ctx)
    _forget()
    again = packs.load_rules()
    assert again.cached("learned", lambda: pytest.fail("learned not cached")) == learn(rules)
    ids = again.cached(f"phrase-ids/spacy-{spacy.__version__}", lambda: pytest.fail("phrase ids not cached"))
    assert ids == curated.phrase_ids(rules, pipeline().vocab.strings)
    strings = pipeline().vocab.strings
    assert {rid: tuple(tuple(strings[i] if i else "" for i in key) for key in keys)
            for rid, keys in ids.items()} == curated.phrase_lemmas(rules)


@pytest.mark.parametrize("content", [b"", b"not a pickle at all", pickle.dumps({"key": "other", "parts": {}}),
                                     pickle.dumps(["a", "list"])])
def test_corrupt_cache_file_is_ignored_and_rewritten(cache_home, parses, content):
    first = packs.load_rules()
    (path,) = _files(cache_home)
    path.write_bytes(content)
    _forget()
    parses.clear()
    again = packs.load_rules()
    assert parses  # a miss: parsed again
    assert again == first
    with open(path, "rb") as fh:  # rewritten, readable
        assert pickle.load(fh)["parts"]["rules"] == first.rules


def test_truncated_cache_file_is_ignored(cache_home, parses):
    first = packs.load_rules()
    (path,) = _files(cache_home)
    path.write_bytes(path.read_bytes()[:1000])
    _forget()
    assert packs.load_rules() == first


def test_edited_pack_is_a_miss(cache_home, parses, tmp_path):
    pack = tmp_path / "mine.yml"
    pack.write_text(PACK, encoding="utf-8")
    one = packs.load_rules((str(pack),))
    assert "mine/heart-assault" in one.by_id()
    pack.write_text(PACK.replace("heart assault", "cardiac assault"), encoding="utf-8")
    _forget()
    parses.clear()
    two = packs.load_rules((str(pack),))
    assert str(pack) in parses  # not served from the entry of the old contents
    assert two.digest != one.digest
    assert two.by_id()["mine/heart-assault"].patterns == ("cardiac assault",)
    assert len(_files(cache_home)) == 2


def test_same_contents_elsewhere_keep_their_own_paths(cache_home, tmp_path):
    """Rule.file is cached: the same pack at another path is another entry."""
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        (d / "mine.yml").write_text(PACK, encoding="utf-8")
    ra = packs.load_rules((str(a / "mine.yml"),))
    rb = packs.load_rules((str(b / "mine.yml"),))
    assert ra.digest == rb.digest
    assert ra.by_id()["mine/heart-assault"].file == str(a / "mine.yml")
    assert rb.by_id()["mine/heart-assault"].file == str(b / "mine.yml")


def test_invalid_pack_still_fails(cache_home, tmp_path):
    pack = tmp_path / "bad.yml"
    pack.write_text(PACK.replace("  suggestions: [heart attack]\n", ""), encoding="utf-8")
    with pytest.raises(packs.PackError, match="suggestions"):
        packs.load_rules((str(pack),))
    assert _files(cache_home) == []


def test_unwritable_cache_directory_only_costs_time(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _forget()
    try:
        assert packs.load_rules().rules
        _forget()
        parses.clear()
        assert packs.load_rules().rules
        assert parses  # nothing could be cached
    finally:
        _forget()


def test_old_entries_are_pruned(cache_home, tmp_path):
    pack = tmp_path / "mine.yml"
    for i in range(rulecache.KEEP + 3):
        pack.write_text(PACK + f"# edit {i}\n", encoding="utf-8")
        packs.load_rules.cache_clear()
        packs.load_rules((str(pack),))
    assert len(_files(cache_home)) == rulecache.KEEP


def test_files_of_earlier_releases_are_removed_and_others_kept(cache_home, tmp_path):
    cache_home.mkdir(parents=True, exist_ok=True)
    stale = cache_home / "ensemble-3909fc5589d4b3bdd309d9dd.marshal"  # an older release's compiled ensemble
    stale.write_bytes(b"\xe3old")
    table = cache_home / "zipf-en-0123456789abcdef0123456789abcdef.marisa"  # still read (grammar layer)
    table.write_bytes(b"table")
    pack = tmp_path / "mine.yml"
    pack.write_text(PACK, encoding="utf-8")
    packs.load_rules.cache_clear()
    packs.load_rules((str(pack),))
    assert not stale.exists()
    assert table.exists() and len(_files(cache_home)) == 1


def test_check_output_is_the_same_with_a_cold_and_a_warm_cache(cache_home, cli, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Spine mice are painful lumps over the reduced back. The heart assault was mild.\n",
                   encoding="utf-8")
    args = ("check", "--isolated", "--no-cache", "--format", "json", str(doc))
    cold = cli(*args)
    _forget()
    warm = cli(*args)
    assert cold == warm and '"health/' in cold[1]
