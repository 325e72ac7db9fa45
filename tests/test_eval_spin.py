"""medlint eval, the spin score and its CI gate, and `rules import`."""
from __future__ import annotations

import json

import yaml
from conftest import CORPUS, ROOT

from linter import gold
from linter.spin import document_summary, garbled_terms, verdict

CFG = str(ROOT / "tests" / "fixtures" / "fixture.toml")


def test_gold_parser_offsets_and_alternatives():
    plain, spans = gold.parse("A {{heart assault|heart attack;myocardial infarction}} and {{x y|z}}.")
    assert plain == "A heart assault and x y."
    assert [(plain[s.start:s.end], s.corrections) for s in spans] == [
        ("heart assault", ("heart attack", "myocardial infarction")), ("x y", ("z",))]


def test_eval_scores_a_small_gold_set(cli, tmp_path):
    (tmp_path / "a.gold.txt").write_text(
        "Spine mice are lumps. A {{wibble wobble|wobble}} here. {{grimmet gromble|grommet}} too. Nothing else.\n")
    (tmp_path / "clean.txt").write_text("Back mice are lumps over the lower back.\n")
    from linter.config import Settings
    from linter.engine import Engine
    from linter.evaluate import evaluate

    engine = Engine(Settings(extend_rules=(str(ROOT / "tests" / "fixtures" / "fixture-pack.yml"),)), layers=("curated",))
    report = evaluate([str(tmp_path)], layers=("curated",), engine=engine)
    o = report["overall"]
    # 3 findings (spine mice is unannotated here: a false positive), 2 gold spans, both found
    assert (o["findings"], o["true_positives"], o["gold"], o["gold_found"]) == (3, 2, 2, 2)
    assert o["precision"] == round(2 / 3, 4) and o["recall"] == 1.0 and o["suggestion_accuracy"] == 1.0
    assert report["clean"]["findings"] == 0 and report["clean"]["words"] == 8


def test_eval_cli_json_and_layer_switches(cli):
    code, out, _ = cli("eval", "--format", "json", "--only", "curated", str(CORPUS / "example"))
    data = json.loads(out)
    assert code == 0 and list(data["sources"]) == ["curated"]
    assert data["overall"]["recall"] == 1.0
    code, out, _ = cli("eval", "--format", "json", "--without", "curated", str(CORPUS / "example"))
    assert "curated" not in json.loads(out)["sources"]
    code, out, _ = cli("eval", str(CORPUS / "example"))
    assert "precision" in out and "overall" in out


def test_eval_without_applies_to_only_and_no_layer_left_is_a_usage_error(cli):
    code, out, _ = cli("eval", "--format", "json", "--only", "curated", "--only", "lexicon",
                       "--without", "lexicon", str(CORPUS / "example"))
    assert code == 0 and list(json.loads(out)["sources"]) == ["curated"]
    code, out, err = cli("eval", "--only", "curated", "--without", "curated", str(CORPUS / "example"))
    assert code == 2 and out == "" and "--only and --without leave no layer to run" in err
    off = [a for layer in ("curated", "lexicon", "consistency", "grammar") for a in ("--without", layer)]
    code, out, err = cli("eval", *off, str(CORPUS / "example"))
    assert code == 2 and out == "" and "no layer to run" in err


def test_spin_score_counts_overlapping_terms_once():
    from linter.findings import Finding

    f = lambda o, l, s: Finding(rule="r", offset=o, length=l, text="x" * l, message="m", source=s)
    findings = [f(0, 10, "curated"), f(2, 5, "lexicon"), f(20, 4, "consistency"), f(30, 4, "grammar")]
    assert garbled_terms(findings) == 2
    assert document_summary("p", 500, findings) == {"path": "p", "words": 500, "findings": 2, "spin_score": 4.0,
                                                    "verdict": "suspicious"}
    assert verdict(0.0) == "clean" and verdict(10) == "likely-spun"


def test_json_documents_and_fail_on_spin_score(cli, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Spine mice hurt. " + "Plain words here. " * 60)
    code, out, _ = cli("check", "--isolated", "--format", "json", "--fail-on", "never", str(p))
    doc = json.loads(out)["documents"][0]
    assert set(doc) == {"path", "words", "findings", "spin_score", "verdict"}
    assert doc["findings"] == 1 and doc["words"] == 183
    assert code == 0
    code, _, _ = cli("check", "--isolated", "--fail-on", "never", "--fail-on-spin-score", "5", str(p))
    assert code == 1
    code, _, _ = cli("check", "--isolated", "--fail-on", "never", "--fail-on-spin-score", "6", str(p))
    assert code == 0


def _imported(cli, tmp_path, name: str, pairs: str):
    """The pack ``medlint rules import`` writes for a pairs file (and its path); one rule."""
    src = tmp_path / name
    src.write_text(pairs)
    out = tmp_path / "mine.yml"
    code, _, err = cli("rules", "import", str(src), "--pack", "mine", "-o", str(out))
    assert code == 0 and err == f"Wrote 1 rule to {out}\n"  # (not "1 rules")
    return yaml.safe_load(out.read_text()), out


def test_rules_import_writes_a_pack_that_loads_and_flags(cli, tmp_path):
    data, out = _imported(cli, tmp_path, "pairs.tsv",
                          "garbled\tcorrect\nzorb fleet\tzorb fleet correct\nzorb flute\tzorb fleet correct\n")
    assert data["rules"][0]["patterns"] == ["zorb fleet", "zorb flute"]
    cfg = tmp_path / "medlint.toml"
    cfg.write_text(f'[tool.medlint]\nextend-rules = ["{out}"]\n')
    doc = tmp_path / "d.txt"
    doc.write_text("The zorb flute is here.\n")
    code, text, _ = cli("check", "--config", str(cfg), "--format", "json", str(doc))
    assert [f["rule"] for f in json.loads(text)["findings"]] == ["mine/zorb-fleet-correct"]


def test_rules_import_reads_a_header_whose_words_are_joined_by_underscores(cli, tmp_path):
    data, _ = _imported(cli, tmp_path, "pairs.csv",
                        "tortured_phrase,Expected-Phrase,num_papers\nzorb flute,zorb fleet correct,3\n")
    assert [(r["patterns"], r["suggestions"]) for r in data["rules"]] == [(["zorb flute"], ["zorb fleet correct"])]


def test_rules_import_json_and_bad_input(cli, tmp_path):
    src = tmp_path / "pairs.json"
    src.write_text(json.dumps([{"tortured": "a b", "expected": "c d"}]))
    code, out, _ = cli("rules", "import", str(src))
    assert code == 0 and "patterns:\n  - a b" in out
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    code, _, err = cli("rules", "import", str(bad))
    assert code == 2 and "expected a garbled/correct pair" in err



def _import_error(cli, tmp_path, name, content, *args):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    code, out, err = cli("rules", "import", str(src), *args)
    assert code == 2 and err.count("\n") == 1 and err.startswith("medlint: error: ") and "Traceback" not in err
    return err


def test_rules_import_bad_json_shapes_are_one_line_errors(cli, tmp_path):
    for content in ("5", "null", '"pairs"', "true"):
        err = _import_error(cli, tmp_path, "p.json", content)
        assert "expected a list of garbled/correct pairs or a mapping" in err
    err = _import_error(cli, tmp_path, "p.json", '{"zorb flute": null}')
    assert "'zorb flute': the correct term must be a string" in err


def test_rules_import_empty_csv_and_csv_line_numbers(cli, tmp_path):
    for content in ("", "\n\n", " \n"):
        err = _import_error(cli, tmp_path, "p.csv", content)
        assert "no pairs found" in err and "JSON" not in err
    # line numbers are the file's: without a header, after blank lines, with a header
    assert "line 2: expected two columns" in _import_error(cli, tmp_path, "p.csv", "zorb flute,zorb fleet\nonly\n")
    assert "line 4: expected two columns" in _import_error(cli, tmp_path, "p.csv", "\nzorb flute,zorb fleet\n\nonly\n")
    assert "line 3: expected two columns" in _import_error(cli, tmp_path, "p.csv", "garbled,correct\na,b\nonly\n")


def test_rules_import_a_half_recognised_header_is_no_rule(cli, tmp_path):
    # one known column name of two: a header (never a pair), and it settles which column is which
    for header in ("garbled,whatever", "phrase,corect", "whatever,correct", "Expected,whatever"):
        data, _ = _imported(cli, tmp_path, "pairs.csv", f"{header}\nzorb flute,zorb fleet correct\n")
        flipped = header.lower().startswith("expected")
        want = (["zorb fleet correct"], ["zorb flute"]) if flipped else (["zorb flute"], ["zorb fleet correct"])
        assert [(r["patterns"], r["suggestions"]) for r in data["rules"]] == [want], header
    # one known name and more (or fewer) columns: which column is the other is a guess; refused
    err = _import_error(cli, tmp_path, "p.csv", "phrase,corect,notes\nzorb flute,zorb fleet,x\n")
    assert "p.csv: line 1: the header names the garbled column ('phrase') but no correct column" in err
    err = _import_error(cli, tmp_path, "p.tsv", "\ncorrect\tx\ty\nzorb fleet\tzorb flute\tz\n")
    assert "line 2: the header names the correct column ('correct') but no garbled column" in err
    # no header: every row is a pair, the first one too
    src = tmp_path / "plain.csv"
    src.write_text("zorb flute,zorb fleet\nspine rodents,back mice\n", encoding="utf-8")
    code, out, err = cli("rules", "import", str(src), "-o", str(tmp_path / "plain.yml"))
    assert code == 0 and err == f"Wrote 2 rules to {tmp_path / 'plain.yml'}\n"
    rules = yaml.safe_load((tmp_path / "plain.yml").read_text())["rules"]
    assert [(r["patterns"], r["suggestions"]) for r in rules] == [(["zorb flute"], ["zorb fleet"]),
                                                                  (["spine rodents"], ["back mice"])]


def test_rules_import_reads_garbled_phrase_correct_phrase_headers(cli, tmp_path):
    # the plain-English header of a hand-made list, in either order and with _ or - joins
    for header, flipped in (("garbled phrase,correct phrase", False), ("Correct_Phrase,Garbled-Term", True),
                            ("spun phrase\tcorrect term", False), ("from,to", False), ("To,From", True),
                            ("wrong\treplacement", False)):
        name = "pairs.tsv" if "\t" in header else "pairs.csv"
        sep = "\t" if "\t" in header else ","
        row = sep.join(("zorb fleet", "zorb flute") if flipped else ("zorb flute", "zorb fleet"))
        data, _ = _imported(cli, tmp_path, name, f"{header}\n{row}\n")
        assert [(r["patterns"], r["suggestions"]) for r in data["rules"]] == [(["zorb flute"], ["zorb fleet"])], header


def test_rules_import_unwritable_output_is_a_one_line_error(cli, tmp_path):
    err = _import_error(cli, tmp_path, "p.csv", "zorb flute,zorb fleet\n", "-o", str(tmp_path / "missing" / "x.yml"))
    assert "x.yml: cannot write (No such file or directory)" in err


def test_rules_import_keeps_braces_of_a_term_literal(cli, tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("zorb flute,zorb {x} fleet\n", encoding="utf-8")
    out = tmp_path / "mine.yml"
    code, _, err = cli("rules", "import", str(src), "--pack", "mine", "-o", str(out))
    assert code == 0, err
    cfg = tmp_path / "medlint.toml"
    cfg.write_text(f'[tool.medlint]\nextend-rules = ["{out}"]\n')
    doc = tmp_path / "d.txt"
    doc.write_text("The zorb flute is here.\n")
    code, text, _ = cli("check", "--config", str(cfg), "--format", "json", str(doc))
    (f,) = json.loads(text)["findings"]
    assert f["suggestions"] == ["zorb {x} fleet"] and '"zorb {x} fleet"' in f["message"]

def _gold_span(marked: str):
    from linter import gold

    plain, spans = gold.parse(marked, "x.gold.txt")
    return plain, spans[0]


def test_suggestion_is_judged_by_the_text_its_fix_leaves():
    from linter.evaluate import suggestion_right

    plain, g = _gold_span("caused by high {{blood strain|blood pressure}} in adults")
    wide = plain.index("high")
    # a finding wider than the gold span whose fix restores the correct text is right
    assert suggestion_right(wide, g.end, "high blood pressure", g, plain)
    # the same span with a suggestion that drops a word is wrong
    assert not suggestion_right(wide, g.end, "blood pressure", g, plain)
    plain, g = _gold_span("an {{Achilles sinew burst|Achilles tendon rupture}} needs surgery")
    # a narrower finding whose fix leaves a garbled word behind is wrong
    assert not suggestion_right(g.start, g.start + len("Achilles sinew"), "Achilles tendon", g, plain)


def test_suggestion_allows_number_and_compound_spelling_but_not_other_words():
    from linter.evaluate import suggestion_right

    plain, g = _gold_span("an {{guiltless murmur|innocent murmurs}} is harmless")
    assert suggestion_right(g.start, g.end, "innocent murmur", g, plain)
    plain, g = _gold_span("spots of {{poultry pox|chickenpox}} itch")
    assert suggestion_right(g.start, g.end, "chicken pox", g, plain)
    plain, g = _gold_span("a {{genetic take a look at|genetic testing}} shows")
    assert not suggestion_right(g.start, g.end, "genetic test", g, plain)
    plain, g = _gold_span("a {{backbone surgeon|spinal surgeon}} said")
    assert not suggestion_right(g.start, g.end, "spine surgeon", g, plain)
