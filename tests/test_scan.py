"""``medlint scan`` on a real Dask cluster (a scheduler and two workers started as
separate processes on 127.0.0.1) and on a LocalCluster: rows equal ``medlint check``,
the two engines agree, interrupted runs resume without duplicates, malformed input
is counted and located."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from conftest import ROOT  # noqa: E402
from scan_corpus import SPUN, make_documents, write_jsonl, write_parquet  # noqa: E402

N_DOCS = 2000
SUBSET = 500
PARTITION = 250
ROW_FIELDS = ("id", "words", "spin_score", "verdict", "n_findings", "garbled", "findings")
# Documents that exercise offsets and counting beyond the generated prose.
SPECIAL = [
    ("special-unicode", "Ünïcödé — “quote” 😀 " + SPUN + "\n"),
    ("special-crlf", "First line.\r\n\r\n" + SPUN + "\r\nLast line.\r\n"),
    ("special-empty", ""),
    ("special-blank", "   \n\n  \n"),
    ("special-markup", "# Title\n\n" + SPUN + " <b>bold</b> `code`\n"),
]


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    env["NO_COLOR"] = "1"
    env.pop("MEDLINT_LANGUAGETOOL_URL", None)
    return env


def _dask_exe() -> str:
    exe = Path(sys.executable).parent / "dask"
    if not exe.exists():
        pytest.skip(f"no dask executable next to {sys.executable}")
    return str(exe)


def run_scan(*args, cwd, timeout=300):
    proc = subprocess.run([sys.executable, "-m", "linter", "scan", "--isolated", *map(str, args)],
                          cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def rows_of(out_dir):
    from linter.scan import read_results

    return read_results(str(out_dir)).to_pylist()


def summary_of(out_dir):
    return json.loads((Path(out_dir) / "summary.json").read_text(encoding="utf-8"))


def core(row):
    return tuple(json.dumps(row[k], sort_keys=True) for k in ROW_FIELDS)


def no_temporaries(out_dir):
    leftovers = [p for p in Path(out_dir).rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers, leftovers


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    d = tmp_path_factory.mktemp("collection")
    docs = make_documents(N_DOCS - len(SPECIAL), seed=7, sentences=(2, 5))
    for k, (doc_id, text) in enumerate(SPECIAL):
        docs.insert(1 + k * 397, (doc_id, text, None))
    write_jsonl(d / "data.jsonl", docs)
    # the other input paths and the resume test run on the first SUBSET documents (test time)
    write_parquet(d / "head.parquet", docs[:SUBSET], row_group_size=300)
    write_jsonl(d / "head.jsonl", docs[:SUBSET])
    return {"dir": d, "docs": docs}


def _start(cmd, cwd, log):
    fh = open(log, "wb")
    return subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=fh, stderr=subprocess.STDOUT,
                            start_new_session=True), fh


def _stop(procs):
    for p, _ in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 15
    for p, fh in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)
        fh.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real scheduler and two single-threaded workers, each its own process, on 127.0.0.1."""
    dask = _dask_exe()
    d = tmp_path_factory.mktemp("cluster")
    sched_file = d / "scheduler.json"
    procs = []
    try:
        procs.append(_start([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(sched_file)],
                            d, d / "scheduler.log"))
        deadline = time.monotonic() + 60
        while not sched_file.exists() or not sched_file.read_text().strip():
            if time.monotonic() > deadline or procs[0][0].poll() is not None:
                pytest.fail("scheduler did not start: " + (d / "scheduler.log").read_text(errors="replace"))
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but be safe
        address = json.loads(sched_file.read_text())["address"]
        for name in ("w1", "w2"):
            procs.append(_start([dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                                 "--dashboard-address", "127.0.0.1:0", "--host", "127.0.0.1", "--name", name,
                                 "--local-directory", str(d / name)],
                                d, d / f"{name}.log"))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        _stop(procs)


@pytest.fixture(scope="module")
def scheduler_run(collection, cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("sched") / "out"
    code, _, err = run_scan("data.jsonl", "--output", out, "--scheduler", cluster,
                            "--partition-size", PARTITION, cwd=collection["dir"])
    assert code == 0, err
    return {"out": out, "rows": rows_of(out), "summary": summary_of(out), "stderr": err}


def _flags_spun() -> bool:
    from linter.config import Settings
    from linter.runner import engine_for

    findings, _ = engine_for(Settings(), None).check_text("probe.txt", SPUN, fmt="text")  # shared with `check`
    texts = {f.text.lower() for f in findings}
    return {"spine mice", "reduced back"} <= texts


# --------------------------------------------------------------------------- the real cluster


def test_scheduler_scan_writes_one_row_per_document(collection, scheduler_run):
    out, rows, summary = scheduler_run["out"], scheduler_run["rows"], scheduler_run["summary"]
    ids = [r["id"] for r in rows]
    assert len(ids) == N_DOCS and len(set(ids)) == N_DOCS
    assert ids == [d[0] for d in collection["docs"]]  # part files in partition order, rows in input order
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [f"part-{i:05d}.parquet" for i in range(8)]
    assert (out / "_SUCCESS").exists() and (out / "_manifest.jsonl").exists()
    no_temporaries(out)
    assert summary["documents"] == N_DOCS and summary["malformed_count"] == 0 and summary["malformed"] == []
    assert sum(summary["verdicts"].values()) == N_DOCS
    assert sum(b["count"] for b in summary["spin_score_histogram"]) == N_DOCS
    assert summary["words"] == sum(r["words"] for r in rows)
    assert summary["findings"] == sum(r["n_findings"] for r in rows)
    assert summary["garbled_terms"] == sum(r["garbled"] for r in rows)
    for r in rows:
        assert r["input_file"] == "data.jsonl"
        assert r["n_findings"] == len(r["findings"])
    line_of = {d[0]: k + 1 for k, d in enumerate(collection["docs"])}
    assert all(r["input_line"] == line_of[r["id"]] for r in rows)
    assert "2000 documents" in scheduler_run["stderr"]


def test_scheduler_scan_counts_known_garbles(collection, scheduler_run):
    if not _flags_spun():
        pytest.skip("the bundled health pack does not flag 'Spine mice' / 'reduced back' (yet)")
    rows = {r["id"]: r for r in scheduler_run["rows"]}
    inserted = 0
    for doc_id, _, spun in collection["docs"]:
        if spun is None:
            continue
        texts = [f["text"].lower() for f in rows[doc_id]["findings"]]
        assert texts.count("spine mice") == spun and texts.count("reduced back") == spun, doc_id
        if spun:
            assert rows[doc_id]["verdict"] != "clean"
        inserted += spun
    top = {g["text"]: g for g in scheduler_run["summary"]["top_garbles"]}
    assert top["spine mice"]["count"] == inserted + sum(text.count(SPUN) for _, text in SPECIAL)
    assert top["spine mice"]["suggestion"] == "back mice"
    assert top["reduced back"]["suggestion"] == "lower back"


def test_rows_are_exactly_medlint_check_json(collection, scheduler_run, cli, tmp_path):
    sample_dir = tmp_path / "sample"
    sample_dir.mkdir()
    docs = {d[0]: d[1] for d in collection["docs"]}
    sample = [d[0] for d in collection["docs"][::47]] + [s[0] for s in SPECIAL]
    for doc_id in sample:
        (sample_dir / f"{doc_id}.txt").write_bytes(docs[doc_id].encode("utf-8"))
    _, out, _ = cli("check", "--isolated", "--no-cache", "--languagetool", "off", "--format", "json", str(sample_dir))
    report = json.loads(out)
    assert report["files"] == len(set(sample))
    by_doc: dict = {doc_id: [] for doc_id in sample}
    for f in report["findings"]:
        by_doc[Path(f["path"]).stem].append(
            {"rule": f["rule"], "offset": f["offset"], "length": f["length"], "text": f["text"],
             "suggestion": f["suggestions"][0] if f["suggestions"] else None, "confidence": f["confidence"],
             "source": f["source"]})
    documents = {Path(d["path"]).stem: d for d in report["documents"]}
    rows = {r["id"]: r for r in scheduler_run["rows"]}
    for doc_id in sample:
        row = rows[doc_id]
        assert row["findings"] == by_doc[doc_id], doc_id
        d = documents[doc_id]
        assert (row["words"], row["spin_score"], row["verdict"], row["garbled"]) == \
               (d["words"], d["spin_score"], d["verdict"], d["findings"]), doc_id
    assert any(rows[s]["findings"] for s in sample) or not _flags_spun()


def test_local_cluster_gives_identical_rows(collection, scheduler_run, tmp_path):
    out = tmp_path / "local"
    code, _, err = run_scan("head.jsonl", "--output", out, "--workers", 2, "--partition-size", PARTITION,
                            cwd=collection["dir"])
    assert code == 0, err
    assert rows_of(out) == [dict(r, input_file="head.jsonl") for r in scheduler_run["rows"][:SUBSET]]
    summary = summary_of(out)
    assert summary["documents"] == SUBSET and summary["partitions"] == -(-SUBSET // PARTITION)


def test_parquet_input_gives_the_same_rows(collection, scheduler_run, cluster, tmp_path):
    out = tmp_path / "pq"
    # 250-row partitions over 300-row row groups: ranges straddle row groups
    code, _, err = run_scan("head.parquet", "--output", out, "--scheduler", cluster,
                            "--partition-size", PARTITION, cwd=collection["dir"])
    assert code == 0, err
    rows = rows_of(out)
    assert [core(r) for r in rows] == [core(r) for r in scheduler_run["rows"][:SUBSET]]
    assert [r["input_line"] for r in rows] == list(range(1, SUBSET + 1))
    assert {r["input_file"] for r in rows} == {"head.parquet"}


def test_folder_input_matches_check_on_the_same_folder(collection, cluster, cli, tmp_path):
    folder = tmp_path / "articles"
    docs = collection["docs"][:60]
    for k, (doc_id, text, _) in enumerate(docs):
        sub = folder / f"batch{k % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{doc_id}.{'md' if k % 4 == 0 else 'txt'}").write_text(text, encoding="utf-8")
    (folder / "notes.csv").write_text("not,a,text,file\n")
    (folder / "bad.txt").write_bytes(b"\xfa\xff not utf-8")
    out = tmp_path / "out"
    code, _, err = run_scan(folder, "--output", out, "--scheduler", cluster, "--partition-size", 16,
                            cwd=tmp_path)
    assert code == 0, err
    rows = rows_of(out)
    ids = [r["id"] for r in rows]
    assert len(ids) == 60 and len(set(ids)) == 60
    assert all(i.startswith("batch") and "/" in i for i in ids)
    summary = summary_of(out)
    assert summary["malformed_count"] == 1 and summary["malformed"][0]["file"].endswith("bad.txt")
    assert "invalid UTF-8" in summary["malformed"][0]["error"] and "bad.txt" in err
    (folder / "bad.txt").unlink()
    _, report, _ = cli("check", "--isolated", "--no-cache", "--languagetool", "off", "--format", "json", str(folder))
    report = json.loads(report)
    want = {}
    for f in report["findings"]:
        rel = Path(f["path"]).relative_to(folder).as_posix()
        want.setdefault(rel, []).append((f["rule"], f["offset"], f["length"], f["text"]))
    documents = {Path(d["path"]).relative_to(folder).as_posix(): d for d in report["documents"]}
    for r in rows:
        assert [(f["rule"], f["offset"], f["length"], f["text"]) for f in r["findings"]] == want.get(r["id"], [])
        assert (r["words"], r["spin_score"]) == (documents[r["id"]]["words"], documents[r["id"]]["spin_score"])


def test_ship_data_mode_gives_the_same_rows(collection, scheduler_run, cluster, tmp_path):
    out = tmp_path / "ship"
    code, _, err = run_scan("head.jsonl", "--output", out, "--scheduler", cluster,
                            "--partition-size", PARTITION, "--ship-data", cwd=collection["dir"])
    assert code == 0, err
    want = [dict(r, input_file="head.jsonl") for r in scheduler_run["rows"][:SUBSET]]
    assert rows_of(out) == want


# --------------------------------------------------------------------------- resuming


def test_killed_run_resumes_without_duplicates(collection, scheduler_run, cluster, tmp_path):
    out = tmp_path / "resume"
    parts = SUBSET // 25
    cmd = [sys.executable, "-m", "linter", "scan", "--isolated", "head.jsonl", "--output", str(out),
           "--workers", "1", "--partition-size", "25", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=collection["dir"], env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while len(list(out.glob("part-*.parquet"))) < 3:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no part file appeared"
            time.sleep(0.02)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the client and its local worker, mid-run
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        proc.stderr.close()
    written = len(list(out.glob("part-*.parquet")))
    assert not (out / "_SUCCESS").exists() and 3 <= written < parts

    code, _, err = run_scan("head.jsonl", "--output", out, "--scheduler", cluster, "--partition-size", 25,
                            cwd=collection["dir"])
    assert code == 0, err
    assert "resuming" in err and f"of {parts} partitions already written" in err
    rows = rows_of(out)
    ids = [r["id"] for r in rows]
    assert len(ids) == SUBSET and len(set(ids)) == SUBSET
    assert [core(r) + (r["input_line"],) for r in rows] == \
           [core(r) + (r["input_line"],) for r in scheduler_run["rows"][:SUBSET]]
    assert len(list(out.glob("part-*.parquet"))) == parts and (out / "_SUCCESS").exists()
    no_temporaries(out)
    summary = summary_of(out)
    assert summary["documents"] == SUBSET and summary["partitions"] == parts
    assert summary["words"] == sum(r["words"] for r in rows)
    verdicts = {v: sum(r["verdict"] == v for r in rows) for v in summary["verdicts"]}
    assert summary["verdicts"] == verdicts and summary["malformed_count"] == 0

    # after success a re-run does nothing
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    code, _, err = run_scan("head.jsonl", "--output", out, "--scheduler", cluster, "--partition-size", 25,
                            cwd=collection["dir"])
    assert code == 0 and "already complete" in err and "nothing to do" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_rerun_with_other_options_is_refused(collection, scheduler_run):
    out = scheduler_run["out"]
    code, _, err = run_scan("data.jsonl", "--output", out, "--scheduler", "tcp://127.0.0.1:9",
                            "--partition-size", 100, cwd=collection["dir"])
    assert code == 2 and "holds a different scan" in err and "partition_size" in err


# --------------------------------------------------------------------------- malformed input


def test_malformed_lines_are_counted_with_file_and_line(cluster, tmp_path):
    good = {"id": "ok-1", "text": SPUN}
    lines = [
        json.dumps(good),                                   # 1
        '{"id": "broken", "text": "no closing quote}',      # 2 bad JSON
        json.dumps({"id": "no-text"}),                      # 3 missing text field
        json.dumps({"id": "num", "text": 123}),             # 4 text not a string
        "",                                                 # 5 blank: not a document
        json.dumps({"text": "no id here"}),                 # 6 missing id
        json.dumps(["not", "an", "object"]),                # 7 not an object
        json.dumps({"id": 42, "text": "Integer ids are fine."}),  # 8
        json.dumps({"id": "null-text", "text": None}),      # 9 null text
        json.dumps({"id": "ok-last", "text": "Last line, no newline."}),  # 10
    ]
    (tmp_path / "bad.jsonl").write_text("\n".join(lines), encoding="utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["p1", "p2", None], "text": ["Fine text.", None, "No id."]}), tmp_path / "t.parquet")
    out = tmp_path / "out"
    code, _, err = run_scan("bad.jsonl", "t.parquet", "--output", out, "--scheduler", cluster, "--partition-size", 3,
                            cwd=tmp_path)
    assert code == 0, err
    assert [r["id"] for r in rows_of(out)] == ["ok-1", "42", "ok-last", "p1"]
    summary = summary_of(out)
    assert summary["documents"] == 4 and summary["malformed_count"] == 8
    where = [(m["file"], m.get("line"), m.get("row")) for m in summary["malformed"]]
    assert where == [("bad.jsonl", n, None) for n in (2, 3, 4, 6, 7, 9)] + [("t.parquet", None, 2),
                                                                            ("t.parquet", None, 3)]
    errors = {m["line"]: m["error"] for m in summary["malformed"] if m["file"] == "bad.jsonl"}
    assert "invalid JSON" in errors[2] and "missing text field 'text'" in errors[3]
    assert "not a string (got int)" in errors[4] and "missing id field 'id'" in errors[6]
    assert "not a JSON object" in errors[7] and "not a string (got null)" in errors[9]
    parquet = [m["error"] for m in summary["malformed"] if m["file"] == "t.parquet"]
    assert "not a string (got null)" in parquet[0] and "missing id field" in parquet[1]
    for n in (2, 3, 4, 6, 7, 9):
        assert f"bad.jsonl:{n}: " in err
    assert "t.parquet:row 2: " in err and "t.parquet:row 3: " in err


# --------------------------------------------------------------------------- planning, no cluster


@pytest.mark.parametrize("size", [1, 3, 4, 1000])
@pytest.mark.parametrize("trailing_newline", [True, False])
def test_jsonl_partitions_cover_every_line_once(tmp_path, size, trailing_newline):
    from linter.scan import ScanOptions, describe_inputs, plan, read_records

    lines = [json.dumps({"id": str(k), "text": f"line {k}"}) for k in range(10)]
    p = tmp_path / "x.jsonl"
    p.write_text("\n".join(lines) + ("\n" if trailing_newline else ""), encoding="utf-8")
    opts = ScanOptions()
    descs = list(plan(describe_inputs([str(p)], opts), size, opts))
    assert [d["i"] for d in descs] == list(range(len(descs)))
    assert sum(d["n"] for d in descs) == 10 and all(d["n"] <= size for d in descs)
    got = [(rec[1], rec[5]["line"]) for d in descs for rec in read_records(d, opts)]
    assert got == [(str(k), k + 1) for k in range(10)]


def test_usage_errors(cli, tmp_path):
    def run(*args):
        code, _, err = cli("scan", *map(str, args))
        return code, err

    (tmp_path / "a.jsonl").write_text("{}\n")
    code, out = run(tmp_path / "a.jsonl", "-o", tmp_path / "o", "--workers", 2, "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "cannot be used together" in out
    code, out = run(tmp_path / "nope.jsonl", "-o", tmp_path / "o")
    assert code == 2 and "no such file" in out
    (tmp_path / "a.csv").write_text("x\n")
    code, out = run(tmp_path / "a.csv", "-o", tmp_path / "o")
    assert code == 2 and "unsupported input" in out
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("x")
    code, out = run(tmp_path / "a.jsonl", "-o", tmp_path / "mine", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "not a medlint scan output" in out
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1], "body": ["x"]}), tmp_path / "b.parquet")
    code, out = run(tmp_path / "b.parquet", "-o", tmp_path / "o2")
    assert code == 2 and "no column 'text'" in out
    cfg = tmp_path / "medlint.toml"
    cfg.write_text('ignore = ["helth/back-mice"]\n')
    code, out = run(tmp_path / "a.jsonl", "-o", tmp_path / "o3", "--config", cfg)
    assert code == 2 and "unknown rule, pack or source 'helth/back-mice'" in out
    assert len(out.strip().splitlines()) == 1 and not (tmp_path / "o3").exists()


def test_a_folder_without_text_files_is_an_error_as_for_check(cli, tmp_path):
    # (it used to write an output folder with 0 documents and exit 0; check exits 2)
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "thesis.docx").write_text("x")
    for name in ("empty", "notes"):
        code, out, err = cli("scan", str(tmp_path / name), "-o", str(tmp_path / f"o-{name}"), "-q")
        assert code == 2 and err == f"medlint: error: {tmp_path / name}: no text files found (looked for .md, " \
            ".markdown, .txt, .text, .html, .htm, .rst)\n"
        assert not (tmp_path / f"o-{name}").exists()
        code, _, check_err = cli("check", str(tmp_path / name))
        assert code == 2 and f"{tmp_path / name}: no text files found" in check_err


def test_malformed_scheduler_address_is_a_usage_error(cli, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "x"}\n')
    for n, address in enumerate(("notaurl", "tcp://127.0.0.1:notaport", "foo://127.0.0.1:9")):
        code, _, err = cli("scan", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / f"o{n}"), "-q",
                           "--scheduler", address)
        assert code == 2 and f"medlint: error: cannot connect to the scheduler at {address} (" in err
        assert len(err.strip().splitlines()) == 1


def test_spin_score_bins_are_fixed():
    from linter.scan import BIN_EDGES, _bin

    assert _bin(0.0) == 0 and _bin(1.99) == 1 and _bin(2.0) == BIN_EDGES.index(2.0)
    assert _bin(6.0) == BIN_EDGES.index(6.0) and _bin(10_000) == len(BIN_EDGES) - 1


def test_scheduler_address_is_checked_before_any_client_starts():
    from linter.scan import _check_address

    for good in ("tcp://127.0.0.1:8786", "127.0.0.1:8786", "tls://scheduler.example:8786"):
        _check_address(good)  # (no connection is made)
    for bad, why in (("notaurl", "port"), ("tcp://127.0.0.1:notaport", "notaport"), ("foo://h:9", "scheme")):
        with pytest.raises(ValueError, match=why):
            _check_address(bad)
