"""Throughput of ``medlint scan``: documents per second with 1 and 2 local Dask workers.

    python benchmarks/scan_bench.py [--docs 5000] [--workers 1,2] [--partition-size 500]

Generates one collection (tests/scan_corpus.py: short health articles, about a third
spun), then for each worker count starts a fresh LocalCluster (one single-threaded
process per worker), loads the pipeline on every worker, and scans the collection
into a new output folder with ``linter.scan.run_scan``.  Reported per run:

- startup s: LocalCluster start (process spawn, imports)
- load s: every worker building the medlint pipeline (in parallel; once per worker)
- scan s: the partition loop, first submission to last result
- docs/s, words/s: documents (words) / scan s
- e2e docs/s: documents / (startup + load + everything run_scan does)
- worker CPU ms/doc: CPU time the workers spent in the scan loop, per document.  Unlike
  the wall-clock rate it does not depend on what else runs on the machine: with N
  otherwise idle cores the expected rate is N * 1000 / (ms/doc)
- client CPU s: this process (client + scheduler) during the scan
- worker RSS MB: each worker process after the scan; client RSS MB: this process

The in-process baseline checks 1,000 of the documents with one ``Engine`` in this
process (no Dask) after the runs: the ceiling for one core.  A table goes to stdout,
everything to ``benchmarks/out/scan_bench.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def cpu_s() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def load_pipeline(rules_digest: str, version: str) -> None:
    """Runs on a worker: build the per-process Engine the scan will reuse."""
    from linter.scan import _engine

    _engine(None, rules_digest, version)


def baseline(docs, limit: int = 1000) -> dict:
    from linter.scan import _engine

    engine, _ = _engine(None)
    sample = docs[:limit]
    started, c0 = time.perf_counter(), cpu_s()
    words = 0
    for doc_id, text, _ in sample:
        words += engine.check_text(doc_id, text, fmt="text")[1]
    seconds, cpu = time.perf_counter() - started, cpu_s() - c0
    return {"documents": len(sample), "seconds": round(seconds, 3), "docs_per_s": round(len(sample) / seconds, 1),
            "words_per_s": round(words / seconds), "cpu_ms_per_doc": round(1000 * cpu / len(sample), 2)}


def one_run(data: Path, workdir: Path, workers: int, partition_size: int) -> dict:
    import logging

    from dask.distributed import Client, LocalCluster

    from linter import __version__
    from linter.packs import load_rules
    from linter.scan import ScanOptions, run_scan, worker_rss

    out = workdir / f"out-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    # CRITICAL: no heartbeat tracebacks from workers racing the scheduler's shutdown
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    client = Client(cluster)
    startup = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        client.run(load_pipeline, load_rules().digest, __version__)
        load = time.perf_counter() - t1
        w0, c0 = client.run(cpu_s), cpu_s()
        t2 = time.perf_counter()
        result = run_scan([str(data)], str(out), ScanOptions(), client=client, partition_size=partition_size)
        total = time.perf_counter() - t2
        w1, c1 = client.run(cpu_s), cpu_s()
        rss = sorted(v / 2**20 for v in client.run(worker_rss).values())
    finally:
        client.close()
        cluster.close()
    docs, words = result.documents, result.summary["words"]
    worker_cpu = sum(w1[k] - w0[k] for k in w1)
    return {
        "workers": workers,
        "documents": docs,
        "partitions": result.partitions,
        "startup_s": round(startup, 2),
        "load_s": round(load, 2),
        "scan_s": round(result.seconds, 2),
        "run_scan_s": round(total, 2),
        "docs_per_s": round(docs / result.seconds, 1),
        "words_per_s": round(words / result.seconds),
        "end_to_end_docs_per_s": round(docs / (startup + load + total), 1),
        "worker_cpu_s": round(worker_cpu, 2),
        "worker_cpu_ms_per_doc": round(1000 * worker_cpu / docs, 2),
        "client_cpu_s": round(c1 - c0, 2),
        "worker_rss_mb": [round(r, 1) for r in rss],
        "client_rss_mb": round(rss_mb(), 1),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--partition-size", type=int, default=500)
    ap.add_argument("--out", default=str(HERE / "out" / "scan_bench.json"))
    args = ap.parse_args()

    from scan_corpus import make_documents, write_jsonl

    from linter.scan import ScanOptions, describe_inputs, plan, read_records

    load_at_start = os.getloadavg()
    docs = make_documents(args.docs, seed=11)
    workdir = Path(tempfile.mkdtemp(prefix="medlint-scan-bench-"))
    try:
        data = workdir / "collection.jsonl"
        write_jsonl(data, docs)
        words = sum(len(t.split()) for _, t, _ in docs)
        opts = ScanOptions()
        descs = list(plan(describe_inputs([str(data)], opts), args.partition_size, opts))
        shipped = {  # what one task carries: a descriptor, or (--ship-data) the texts themselves
            "descriptor_bytes": len(pickle.dumps(descs[0])),
            "ship_data_bytes": len(pickle.dumps(list(read_records(descs[0], opts)))),
        }
        runs = [one_run(data, workdir, int(w), args.partition_size) for w in args.workers.split(",")]
        base = baseline(docs)  # after the runs: the client RSS above has no Engine in it
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    first = runs[0]["docs_per_s"]
    for r in runs:
        r["speedup_vs_first"] = round(r["docs_per_s"] / first, 2)
    report = {
        "collection": {"documents": len(docs), "mean_words": round(words / len(docs), 1),
                       "bytes": sum(len(json.dumps({"id": i, "text": t})) + 1 for i, t, _ in docs),
                       "partition_size": args.partition_size},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start": [round(x, 2) for x in load_at_start]},
        "per_task": shipped,
        "baseline_in_process": base,
        "runs": runs,
    }
    print(f"collection: {len(docs)} documents, {report['collection']['mean_words']} words on average, "
          f"partitions of {args.partition_size}; {os.cpu_count()} CPUs, load average at start "
          f"{load_at_start[0]:.2f} (other processes skew wall-clock rates; CPU ms/doc does not)")
    print(f"in-process baseline (one Engine, no Dask): {base['docs_per_s']} docs/s, {base['words_per_s']} words/s, "
          f"{base['cpu_ms_per_doc']} CPU ms/doc")
    print(f"per task shipped: descriptor {shipped['descriptor_bytes']} B; with --ship-data "
          f"{shipped['ship_data_bytes'] / 1024:.0f} KiB")
    cols = [("workers", "workers"), ("startup s", "startup_s"), ("load s", "load_s"), ("scan s", "scan_s"),
            ("docs/s", "docs_per_s"), ("words/s", "words_per_s"), ("e2e docs/s", "end_to_end_docs_per_s"),
            ("speedup", "speedup_vs_first"), ("wkr CPU ms/doc", "worker_cpu_ms_per_doc"),
            ("client CPU s", "client_cpu_s"), ("worker RSS MB", "worker_rss_mb"), ("client RSS MB", "client_rss_mb")]
    widths = [max(len(h), 11) for h, _ in cols]
    print(" ".join(h.rjust(w) for (h, _), w in zip(cols, widths)))
    print("-" * (sum(widths) + len(widths) - 1))
    for r in runs:
        cells = ["/".join(str(x) for x in r[k]) if isinstance(r[k], list) else str(r[k]) for _, k in cols]
        print(" ".join(c.rjust(w) for c, w in zip(cells, widths)))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=2)
        fh.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
