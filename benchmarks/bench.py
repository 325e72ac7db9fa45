"""medlint speed and memory benchmark (issue: speed you can run on every commit).

    pip install ".[bench]"                # medlint and proselint 0.16, the tool it is timed against
    python benchmarks/bench.py            # writes benchmarks/out/bench.json and prints a table

In one run, on the same input:
  * builds a corpus of >= 5 MB of health text from the project's own corpus
    documents (dev split with the annotation stripped, clean text, the example
    article; never the held-out test split), shuffled paragraphs, fixed seed;
  * times medlint (every offline layer: curated, lexicon, consistency, built-in
    grammar) with --jobs 1 and --jobs N, and proselint, over it (words/second),
    and medlint --jobs 1 without the generic layers (their cost);
  * times a cold run of each on one 600-word file (median of 7 runs);
  * measures peak RSS of each run (the child's ru_maxrss);
  * times a warm-cache re-run of medlint over the unchanged corpus.
Targets from the issue are printed beside each figure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))

RUSAGE = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter();"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "d = time.perf_counter() - t;"
    "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)"
)


def measure(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one command."""
    out = subprocess.run([sys.executable, "-c", RUSAGE, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    secs, rss_kb, _ = out.stdout.split()
    return float(secs), int(rss_kb) / 1024


def source_paragraphs() -> list[str]:
    from linter import gold

    paras = []
    files = sorted((ROOT / "corpus" / "dev").glob("*.gold.*")) + sorted((ROOT / "corpus" / "clean").glob("*.*")) \
        + [ROOT / "corpus" / "example" / "back-mice-spun.txt"]
    for f in files:
        text = f.read_text(encoding="utf-8")
        if ".gold." in f.name:
            text, _ = gold.parse(text, str(f))
        paras += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 8]
    return paras


def build_corpus(target_bytes: int) -> tuple[Path, int, Path]:
    corpus = OUT / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    rng = random.Random(20261124)
    paras = source_paragraphs()
    total, words, i = 0, 0, 0
    while total < target_bytes:
        doc = "\n\n".join(rng.sample(paras, 12)) + "\n"
        name = corpus / f"doc{i:05d}.{'md' if i % 3 == 0 else 'txt'}"
        name.write_text(doc, encoding="utf-8")
        total += len(doc.encode())
        words += len(doc.split())
        i += 1
    one = OUT / "one-600-words.md"
    text, n = [], 0
    for p in rng.sample(paras, len(paras)):
        if n >= 600:
            break
        text.append(p)
        n += len(p.split())
    one.write_text("\n\n".join(text) + "\n", encoding="utf-8")
    return corpus, words, one


def median_cold(cmd, cwd, runs) -> tuple[float, float]:
    times, rss = [], []
    for _ in range(runs):
        t, r = measure(cmd, cwd)
        times.append(t)
        rss.append(r)
    return statistics.median(times), max(rss)


def missing_tools(bindir: Path) -> list[str]:
    """The console scripts the benchmark runs that this environment lacks."""
    return [name for name in ("medlint", "proselint") if not (bindir / name).exists()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--megabytes", type=float, default=5.0)
    ap.add_argument("--runs", type=int, default=7, help="cold runs on the 600-word file")
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    missing = missing_tools(bindir)
    if missing:  # a fresh environment: say what to install instead of failing mid-run
        sys.exit(f"bench: {' and '.join(missing)} not installed in {bindir}; "
                 f"run: pip install '.[bench]' (from the repository root)")
    OUT.mkdir(parents=True, exist_ok=True)
    corpus, words, one = build_corpus(int(args.megabytes * 1_000_000))
    size_mb = sum(f.stat().st_size for f in corpus.iterdir()) / 1e6
    nfiles = len(list(corpus.iterdir()))
    cpus = os.cpu_count() or 1
    medlint = [str(bindir / "medlint"), "check", "--quiet", "--format", "json", "--fail-on", "never", "--isolated"]
    proselint = [str(bindir / "proselint"), "check"]
    cache = OUT / ".medlint_cache"
    print(f"corpus: {nfiles} files, {size_mb:.2f} MB, {words} words; {cpus} CPUs", flush=True)

    r = {"date": time.strftime("%Y-%m-%d"), "cpus": cpus, "corpus_mb": round(size_mb, 2), "corpus_files": nfiles,
         "corpus_words": words, "python": sys.version.split()[0]}
    files = sorted(str(p) for p in corpus.iterdir())
    t, rss = measure(medlint + ["--no-cache", "--jobs", "1", str(corpus)], OUT)
    r["medlint_jobs1_s"], r["medlint_jobs1_rss_mb"] = t, rss
    t, _ = measure(medlint + ["--no-cache", "--jobs", "1", "--ignore", "lexicon,consistency", str(corpus)], OUT)
    r["medlint_jobs1_without_generic_s"] = t
    t, rss = measure(medlint + ["--no-cache", "--jobs", str(cpus), str(corpus)], OUT)
    r["medlint_jobsN_s"], r["medlint_jobsN_rss_mb"] = t, rss
    t, rss = measure(proselint + files, OUT)
    r["proselint_s"], r["proselint_rss_mb"] = t, rss
    if cache.exists():
        shutil.rmtree(cache)
    t, _ = measure(medlint + ["--jobs", str(cpus), str(corpus)], OUT)  # fills the cache
    r["medlint_cache_fill_s"] = t
    t, _ = measure(medlint + ["--jobs", str(cpus), str(corpus)], OUT)
    r["medlint_cache_warm_s"] = t
    r["medlint_cold_one_s"], r["medlint_cold_one_rss_mb"] = median_cold(medlint + ["--no-cache", str(one)], OUT, args.runs)
    r["proselint_cold_one_s"], r["proselint_cold_one_rss_mb"] = median_cold(proselint + [str(one)], OUT, args.runs)

    r["medlint_words_per_s"] = words / r["medlint_jobs1_s"]
    r["proselint_words_per_s"] = words / r["proselint_s"]
    checks = [
        ("throughput, 1 core (words/s)", f"{r['medlint_words_per_s']:,.0f} vs proselint {r['proselint_words_per_s']:,.0f}",
         f"{r['medlint_words_per_s'] / r['proselint_words_per_s']:.2f}x", ">= 2x proselint",
         r["medlint_words_per_s"] >= 2 * r["proselint_words_per_s"]),
        (f"--jobs {cpus} vs --jobs 1", f"{r['medlint_jobsN_s']:.1f} s vs {r['medlint_jobs1_s']:.1f} s",
         f"{r['medlint_jobs1_s'] / r['medlint_jobsN_s']:.2f}x", ">= 1.7x on 2 cores",
         r["medlint_jobs1_s"] / r["medlint_jobsN_s"] >= 1.7),
        ("cold run, one 600-word file", f"{r['medlint_cold_one_s']:.2f} s vs proselint {r['proselint_cold_one_s']:.2f} s",
         f"+{r['medlint_cold_one_s'] - r['proselint_cold_one_s']:.2f} s", "<= 1.5 s and <= proselint + 1 s",
         r["medlint_cold_one_s"] <= 1.5 and r["medlint_cold_one_s"] <= r["proselint_cold_one_s"] + 1),
        ("warm cache re-run", f"{r['medlint_cache_warm_s']:.2f} s vs cold {r['medlint_cache_fill_s']:.1f} s",
         f"{r['medlint_cache_fill_s'] / r['medlint_cache_warm_s']:.1f}x", ">= 10x faster",
         r["medlint_cache_fill_s"] / r["medlint_cache_warm_s"] >= 10),
        ("generic layers' cost (words/s without -> with lexicon+consistency)",
         f"{words / r['medlint_jobs1_without_generic_s']:,.0f} -> {r['medlint_words_per_s']:,.0f}",
         f"{r['medlint_words_per_s'] / (words / r['medlint_jobs1_without_generic_s']):.2f}x",
         ">= 0.5x (may cost at most half)",
         r["medlint_words_per_s"] >= 0.5 * words / r["medlint_jobs1_without_generic_s"]),
        ("peak RSS, --jobs 1", f"{r['medlint_jobs1_rss_mb']:.0f} MB (proselint {r['proselint_rss_mb']:.0f} MB)",
         "", "<= 400 MB", r["medlint_jobs1_rss_mb"] <= 400),
    ]
    r["checks"] = [{"figure": a, "measured": b, "ratio": c, "target": d, "met": bool(e)} for a, b, c, d, e in checks]
    (OUT / "bench.json").write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print("\n| figure | measured | ratio | target | met |\n|---|---|---|---|---|")
    for a, b, c, d, e in checks:
        print(f"| {a} | {b} | {c} | {d} | {'yes' if e else 'NO'} |")
    print(f"\n{r['date']}, {cpus} CPUs, Python {r['python']}; raw figures in benchmarks/out/bench.json")


if __name__ == "__main__":
    main()
