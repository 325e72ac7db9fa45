"""--jobs gives the same output as --jobs 1; the result cache is used, never stale, and
survives corrupt entries."""
from __future__ import annotations

import json
import os

import pytest

SPUN = "Spine mice are painful lumps over the reduced back.\n"
CLEAN = "Back mice are painful lumps over the lower back.\n"


def _tree(tmp_path, n=12):
    for i in range(n):
        (tmp_path / f"doc{i:02d}.md").write_text((SPUN if i % 2 else CLEAN) * (i + 1), encoding="utf-8")
    return tmp_path


def test_jobs_output_identical_to_single_process(cli, tmp_path):
    _tree(tmp_path)
    _, one, _ = cli("check", "--isolated", "--no-cache", "--jobs", "1", "--format", "json", str(tmp_path))
    _, two, _ = cli("check", "--isolated", "--no-cache", "--jobs", "2", "--format", "json", str(tmp_path))
    assert json.loads(one)["findings"] and one == two
    _, t1, _ = cli("check", "--isolated", "--no-cache", "--jobs", "1", str(tmp_path))
    _, t2, _ = cli("check", "--isolated", "--no-cache", "--jobs", "2", str(tmp_path))
    assert t1 == t2


def _cache_files(root):
    out = []
    for d, _, names in os.walk(root / ".medlint_cache"):
        out += [os.path.join(d, n) for n in names if n.endswith(".json")]
    return out


def test_cache_is_written_reused_and_keyed_by_config(cli, tmp_path, monkeypatch):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "pyproject.toml").write_text("[tool.medlint]\nfail-on = 'warning'\n")
    doc = proj / "a.md"
    doc.write_text(SPUN, encoding="utf-8")
    monkeypatch.chdir(proj)
    _, first, _ = cli("check", "--format", "json", "--jobs", "1", str(doc))
    entries = _cache_files(proj)
    assert len(entries) == 1
    # a cached result is served: tamper with the entry and see it come back
    data = json.load(open(entries[0]))
    data["result"]["findings"][0]["message"] = "FROM CACHE"
    json.dump(data, open(entries[0], "w"))
    _, second, _ = cli("check", "--format", "json", "--jobs", "1", str(doc))
    assert "FROM CACHE" in second
    # --no-cache bypasses it
    _, third, _ = cli("check", "--format", "json", "--no-cache", str(doc))
    assert "FROM CACHE" not in third and third == first
    # a config change gives a new key: never stale
    (proj / "pyproject.toml").write_text("[tool.medlint]\nignore = ['health/lower-back']\n")
    from linter import config

    config.discover.cache_clear()
    _, fourth, _ = cli("check", "--format", "json", str(doc))
    assert "FROM CACHE" not in fourth and "health/lower-back" in first and "health/lower-back" not in fourth
    # a content change gives a new key
    doc.write_text(CLEAN, encoding="utf-8")
    _, fifth, _ = cli("check", "--format", "json", str(doc))
    assert json.loads(fifth)["findings"] == []


def _damaged_entry_rechecked(cli, tmp_path, damage) -> None:
    """Check a file once, overwrite its cache entry with ``damage(key)``, check it again: the
    same report, no traceback, and the entry rewritten with the file's findings."""
    (tmp_path / ".medlint.toml").write_text("fail-on = 'warning'\n")
    doc = tmp_path / "a.md"
    doc.write_text(SPUN, encoding="utf-8")
    _, first, _ = cli("check", "--format", "json", str(doc))
    (entry,) = _cache_files(tmp_path)
    k = json.load(open(entry))["key"]
    open(entry, "w").write(damage(k))
    _, again, err = cli("check", "--format", "json", str(doc))
    assert again == first and "Traceback" not in err
    assert json.load(open(entry))["result"]["findings"]


def test_corrupt_cache_entry_is_ignored_and_rewritten(cli, tmp_path):
    _damaged_entry_rechecked(cli, tmp_path, lambda k: '{"key": "trunc')


@pytest.mark.parametrize("result", [[], {"findings": "x"}, {"words": 1, "error": None, "findings": [{"rule": "x"}]},
                                    {"words": 1, "error": None, "findings": [{"text": "a", "bogus": 1}]}])
def test_cache_entry_of_another_shape_is_a_miss_not_a_traceback(cli, tmp_path, result):
    # (an entry with the right key but a result of another format crashed the run)
    _damaged_entry_rechecked(cli, tmp_path, lambda k: json.dumps({"key": k, "result": result}))


def test_cache_key_changes_with_rule_packs(tmp_path):
    from linter.cache import key

    assert key(b"x", "rules-a", "cfg") != key(b"x", "rules-b", "cfg")
    assert key(b"x", "rules-a", "cfg") != key(b"y", "rules-a", "cfg")
    assert key(b"x", "rules-a", "cfg") == key(b"x", "rules-a", "cfg")
