"""Throughput of ``medlint scan``: documents per second with 1 and 2 local Dask workers.

    python benchmarks/scan_bench.py [--docs 5000] [--workers 1,2] [--partition-size 500]

Generates one collection (tests/scan_corpus.py: short health articles, about a third
spun), then for each worker count starts a fresh LocalCluster (one single-threaded
process per worker) and scans the collection into a new output folder.  Reported:

- startup: LocalCluster start (process spawn, imports)
- warm-up: the rest of the scan outside the partition loop (each worker loading the
  medlint pipeline once, manifest, summary)
- docs/s: documents / seconds from the first submitted partition to the last result
- end-to-end docs/s: documents / (startup + the whole scan)
- worker RSS: resident memory of each worker process after the scan (pipeline loaded,
  partitions processed); client RSS: this process (which holds the client and the scheduler)

The in-process baseline checks the same documents with one ``Engine`` in this process
(no Dask), the ceiling for one core.  Results go to stdout (a table) and to
``benchmarks/out/scan_bench.json``.
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


def rss_mb(pid: int | None = None) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def baseline(docs, limit: int = 1000) -> dict:
    from linter.scan import _engine

    engine, _ = _engine(None)
    sample = docs[:limit]
    started = time.perf_counter()
    words = 0
    for doc_id, text, _ in sample:
        words += engine.check_text(doc_id, text, fmt="text")[1]
    seconds = time.perf_counter() - started
    return {"documents": len(sample), "seconds": round(seconds, 3), "docs_per_s": round(len(sample) / seconds, 1),
            "words_per_s": round(words / seconds)}


def one_run(data: Path, workdir: Path, workers: int, partition_size: int) -> dict:
    import logging

    from dask.distributed import Client, LocalCluster

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
        result = run_scan([str(data)], str(out), ScanOptions(), client=client, partition_size=partition_size)
        total = time.perf_counter() - t1
        rss = sorted(v / 2**20 for v in client.run(worker_rss).values())
    finally:
        client.close()
        cluster.close()
    docs = result.documents
    words = result.summary["words"]
    return {
        "workers": workers,
        "documents": docs,
        "partitions": result.partitions,
        "startup_s": round(startup, 2),
        "warmup_s": round(total - result.seconds, 2),
        "processing_s": round(result.seconds, 2),
        "docs_per_s": round(docs / result.seconds, 1),
        "words_per_s": round(words / result.seconds),
        "end_to_end_docs_per_s": round(docs / (startup + total), 1),
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

    from linter.scan import ScanOptions, plan, describe_inputs, read_records

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
    first = runs[0]["docs_per_s"]
    for r in runs:
        r["speedup_vs_first"] = round(r["docs_per_s"] / first, 2)
    print(f"collection: {len(docs)} documents, {report['collection']['mean_words']} words on average, "
          f"partitions of {args.partition_size}; {os.cpu_count()} CPUs")
    print(f"in-process baseline (one Engine, no Dask): {base['docs_per_s']} docs/s, {base['words_per_s']} words/s")
    print(f"load average at start {load_at_start[0]:.2f} (other processes on this machine skew the figures)")
    print(f"per task shipped: descriptor {shipped['descriptor_bytes']} B; with --ship-data "
          f"{shipped['ship_data_bytes'] / 1024:.0f} KiB")
    head = f"{'workers':>7} {'startup s':>9} {'warm-up s':>9} {'proc s':>7} {'docs/s':>8} {'words/s':>8} {'e2e docs/s':>10} " \
           f"{'speedup':>7} {'worker RSS MB':>14} {'client RSS MB':>13}"
    print(head)
    print("-" * len(head))
    for r in runs:
        print(f"{r['workers']:>7} {r['startup_s']:>9} {r['warmup_s']:>9} {r['processing_s']:>7} {r['docs_per_s']:>8} "
              f"{r['words_per_s']:>8} "
              f"{r['end_to_end_docs_per_s']:>10} {r['speedup_vs_first']:>7} "
              f"{'/'.join(str(x) for x in r['worker_rss_mb']):>14} {r['client_rss_mb']:>13}")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=2)
        fh.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
