"""benchmarks/yardstick.py: scoring the generic detector against a garbled -> correct list
(the pairs here are the project's own examples, not a published list)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "yardstick.py"


@pytest.fixture(scope="module")
def yardstick():
    spec = importlib.util.spec_from_file_location("yardstick", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("garbled,correct,expected", [
    ('"rear ache" AND "back pain"', "back pain", ("rear ache", "back pain")),  # a screener query
    ("kidney disappointment", "kidney failure (renal)", ("kidney disappointment", "kidney failure")),
    ("liver disappointment", "liver failure / hepatic failure", None),  # alternatives
    ("spine ache", "back pain (?)", None),  # a doubtful correction
    ("back pain", "back pain", None),
])
def test_clean_takes_the_first_quoted_phrase_and_drops_doubtful_entries(yardstick, garbled, correct, expected):
    assert yardstick.clean(garbled, correct) == expected


def test_scores_found_pairs_suggestions_and_false_alarms(yardstick, tmp_path, capsys):
    src = tmp_path / "pairs.csv"
    src.write_text("tortured_phrase,expected_phrase\nkidney disappointment,kidney failure\n"
                   "organ disappointment,organ failure\nquartz widget,glass gadget\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert yardstick.main([str(src), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))["settings"]["in spun text"]
    rows = {r["garbled"]: r for r in report["rows"]}
    assert rows["kidney disappointment"]["found"] and rows["kidney disappointment"]["suggestion_right"]
    assert rows["kidney disappointment"]["correct_in_lexicon"]
    assert not rows["quartz widget"]["found"] and not rows["quartz widget"]["correct_in_lexicon"]
    assert not any(r["false_alarm_on_correct"] for r in report["rows"])
    assert report["all"]["pairs"] == 3 and report["all"]["found"] == 2
    assert report["correct_in_lexicon"] == {"pairs": 2, "found": 2, "recall": 1.0, "suggestion_right": 1.0,
                                            "false_alarms_on_correct": 0}
    assert "usable pairs" in capsys.readouterr().out


def test_an_unreadable_list_is_a_one_line_error(yardstick, tmp_path, capsys):
    assert yardstick.main([str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("yardstick: ") and err.count("\n") == 1
