"""``medlint scan``: lint large collections on Dask (dask.distributed).

Inputs are JSON Lines files (one JSON object a line), Parquet files with the
same fields, or folders of text files (id = path relative to the folder).  The
client never loads the collection: it cuts the input into *partitions* of N
documents, described by small descriptors (file + byte range and first line
number, file + row range, or a list of relative paths), writes them to a
manifest, and submits them to the workers a few at a time (at most two per
worker thread in flight).  Each worker process builds the medlint pipeline once
(a worker plugin warms a per-process ``Engine``), reads its partition itself,
checks every document with exactly the code of ``medlint check`` and writes
``part-XXXXX.parquet`` (temporary name, then an atomic rename) plus a small
statistics file.  A re-run with the same output reuses the manifest and skips
the partitions already written; ``summary.json`` and ``_SUCCESS`` are written
at the end, from the statistics files.

Output folder::

    part-00000.parquet ...   one row per document (see SCHEMA below)
    summary.json             totals, verdicts, spin-score histogram, top garbles, malformed lines
    _manifest.jsonl          header (inputs, options) + one partition descriptor a line
    _stats/part-00000.json   per-partition counts (the summary is built from these)
    _SUCCESS                 written last

Read the rows with ``read_results(DIR)`` or ``pyarrow.parquet.read_table(DIR/part-*.parquet)``
(``summary.json`` sits beside the parts, so give pyarrow the part files, or
``pyarrow.dataset.dataset(DIR, format="parquet", exclude_invalid_files=True)``).

dask and pyarrow are imported inside functions only, so ``medlint check`` does
not pay for them.
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, replace

import click

from linter.errors import MedlintError
from linter.textio import atomic_write, new_file_mode

SCAN_FORMAT = 1
MANIFEST = "_manifest.jsonl"
STATS_DIR = "_stats"
SUCCESS = "_SUCCESS"
SUMMARY = "summary.json"
PART = "part-{:05d}.parquet"
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
PARQUET_EXTENSIONS = (".parquet", ".pq")
DEFAULT_PARTITION_SIZE = 500
TOP_GARBLES = 50
MALFORMED_LISTED = 10_000  # entries listed in summary.json (the count is always complete)
MALFORMED_ECHOED = 50  # malformed lines printed on stderr per run
# Spin-score histogram: fixed, lower-inclusive bins; 3 and 10 are the verdict thresholds (linter.spin).
BIN_EDGES = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0)


class ScanError(MedlintError):
    """A scan that cannot start or go on (exit code 2)."""


@dataclass(frozen=True)
class ScanOptions:
    """What decides the analysis of a document (shipped to the workers)."""

    id_field: str = "id"
    text_field: str = "text"
    format_in: str | None = None
    settings: object = None  # linter.config.Settings (None = defaults)
    rules_digest: str | None = None  # the client's rule packs; a worker with other rules refuses to run
    version: str | None = None  # the client's medlint version


# --------------------------------------------------------------------------- schema


def _schema():
    import pyarrow as pa

    finding = pa.struct([
        ("rule", pa.string()), ("offset", pa.int64()), ("length", pa.int64()), ("text", pa.string()),
        ("suggestion", pa.string()), ("confidence", pa.float64()), ("source", pa.string()),
    ])
    return pa.schema([
        ("id", pa.string()),
        ("words", pa.int64()),
        ("spin_score", pa.float64()),
        ("verdict", pa.string()),
        ("n_findings", pa.int64()),  # all findings of the document
        ("garbled", pa.int64()),  # garbled terms counted by the spin score (overlaps once)
        ("findings", pa.list_(finding)),
        ("input_file", pa.string()),  # the input as given on the command line
        ("input_line", pa.int64()),  # JSONL: line number; Parquet: 1-based row number; text files: null
    ])


# --------------------------------------------------------------------------- worker side

_engines: dict = {}
_engine_lock = threading.Lock()


def _engine(settings, rules_digest: str | None = None, version: str | None = None):
    """The per-process (Engine, lock) for these settings and rules: built once, then reused.

    ``rules_digest``/``version`` are the client's: a worker whose medlint or rule files differ
    would give other findings, so it refuses (long-lived clusters outlive edits to packs)."""
    from linter import __version__
    from linter.config import Settings

    if version and version != __version__:
        raise ScanError(f"worker has medlint {__version__}, the client {version}: install the same version")
    settings = settings or Settings()
    key = (settings.digest(), rules_digest)
    with _engine_lock:
        entry = _engines.get(key)
        if entry is None:
            if len(_engines) >= 4:  # a long-lived worker: drop engines of earlier rule versions
                _engines.pop(next(iter(_engines)))
            import warnings

            import spacy  # noqa: F401  (its import installs its own warning filters; ours go in front)

            from linter.engine import Engine
            from linter.packs import load_rules

            # spaCy warns once per worker process when a pack defines no token patterns: noise here.
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            if rules_digest and load_rules(tuple(settings.extend_rules)).digest != rules_digest:
                load_rules.cache_clear()  # the pack files changed since this process read them
            engine = Engine(settings)
            if rules_digest and engine.rules.digest != rules_digest:
                raise ScanError("worker's rule packs differ from the client's (other medlint version or rule "
                                "files); workers need the same packs at the same paths")
            engine.warm()
            entry = _engines[key] = (engine, threading.Lock())
    return entry


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class MedlintEngine(WorkerPlugin):
        """Loads the medlint pipeline once when a worker starts (or joins later)."""

        idempotent = True

        def __init__(self, opts):
            self.opts = opts
            self.name = f"medlint-engine-{_settings_digest(opts.settings)[:12]}-{(opts.rules_digest or '')[:12]}"

        def setup(self, worker):
            _engine(self.opts.settings, self.opts.rules_digest, self.opts.version)

    MedlintEngine.__module__ = __name__
    MedlintEngine.__qualname__ = "MedlintEngine"
    return MedlintEngine


_plugin_type = None


def __getattr__(name):  # PEP 562: the plugin class exists on demand (distributed is imported lazily)
    global _plugin_type
    if name == "MedlintEngine":
        if _plugin_type is None:
            _plugin_type = _plugin_class()
        return _plugin_type
    raise AttributeError(name)


def _settings_digest(settings) -> str:
    from linter.config import Settings

    return (settings or Settings()).digest()


def _line(desc, line) -> dict:
    return {"file": desc["name"], "line": line}


def _row(desc, row) -> dict:
    return {"file": desc["name"], "row": row}


def _doc_from_object(obj, opts: ScanOptions):
    """(id, text) or an error message for one parsed JSON value / Parquet row."""
    if not isinstance(obj, dict):
        return f"not a JSON object (got {type(obj).__name__})"
    if opts.id_field not in obj or obj[opts.id_field] is None:
        return f"missing id field {opts.id_field!r}"
    if opts.text_field not in obj:
        return f"missing text field {opts.text_field!r}"
    doc_id, text = obj[opts.id_field], obj[opts.text_field]
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        return f"id field {opts.id_field!r} is not a string or integer (got {_type(doc_id)})"
    if not isinstance(text, str):
        return f"text field {opts.text_field!r} is not a string (got {_type(text)})"
    return str(doc_id), text


def _type(v) -> str:
    return "null" if v is None else type(v).__name__


def read_records(desc: dict, opts: ScanOptions):
    """Yield ("doc", id, text, path, fmt, where) or ("bad", where + error) for one partition.

    ``where`` is {"file", "line"} (JSONL line number; None for a text file) or {"file", "row"}
    (Parquet, 1-based row number); ``path`` and ``fmt`` go to ``Engine.check_text``."""
    kind = desc["kind"]
    text_fmt = opts.format_in or "text"
    if kind == "jsonl":
        try:
            with open(desc["file"], "rb") as fh:
                fh.seek(desc["start"])
                data = fh.read(desc["end"] - desc["start"])
        except OSError as exc:
            raise ScanError(_unreadable(desc["file"], exc)) from None
        if desc["start"] == 0 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]  # a UTF-8 byte-order mark before the first line
        lines = data.split(b"\n")
        if lines and lines[-1] == b"" and data.endswith(b"\n"):
            lines.pop()
        for k, raw in enumerate(lines):
            where = _line(desc, desc["line"] + k)
            if not raw.strip():
                continue  # a blank line is no document
            try:
                obj = json.loads(raw)
            except UnicodeDecodeError:
                yield "bad", {**where, "error": "invalid UTF-8"}
                continue
            except ValueError as exc:
                yield "bad", {**where, "error": f"invalid JSON ({exc})"}
                continue
            doc = _doc_from_object(obj, opts)
            if isinstance(doc, str):
                yield "bad", {**where, "error": doc}
            else:
                yield "doc", doc[0], doc[1], doc[0], text_fmt, where
    elif kind == "parquet":
        for row, obj in _parquet_rows(desc, opts):
            doc = _doc_from_object(obj, opts)
            if isinstance(doc, str):
                yield "bad", {**_row(desc, row), "error": doc}
            else:
                yield "doc", doc[0], doc[1], doc[0], text_fmt, _row(desc, row)
    elif kind == "files":
        from linter.textio import read_path

        for rel in desc["paths"]:
            full = os.path.join(desc["file"], rel)
            where = {"file": os.path.join(desc["name"], rel), "line": None}
            try:
                decoded = read_path(full)
            except MedlintError as exc:  # message: "<path>: invalid UTF-8 at byte offset ..."
                yield "bad", {**where, "error": str(exc).removeprefix(full + ": ")}
                continue
            # fmt None: by extension, exactly as `medlint check` decides it
            yield "doc", rel.replace(os.sep, "/"), decoded.text, full, opts.format_in, where
    else:  # pragma: no cover - manifests are written by plan()
        raise ScanError(f"unknown partition kind {kind!r}")


def _parquet_rows(desc: dict, opts: ScanOptions):
    """(1-based row number, {id, text}) for rows [start, stop) of a Parquet file, streamed."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(desc["file"])
    except OSError as exc:
        raise ScanError(_unreadable(desc["file"], exc)) from None
    start, stop = desc["start"], desc["stop"]
    groups, first, pos = [], None, 0
    meta = pf.metadata
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        if pos + n > start and pos < stop:
            groups.append(g)
            first = pos if first is None else first
        pos += n
    if not groups:
        return
    row = first
    columns = [opts.id_field, opts.text_field]
    batch_size = max(64, min(4096, stop - start))
    for batch in pf.iter_batches(batch_size=batch_size, row_groups=groups, columns=columns):
        n = batch.num_rows
        if row + n <= start:
            row += n
            continue
        lo, hi = max(0, start - row), min(n, stop - row)
        ids = batch.column(opts.id_field).slice(lo, hi - lo).to_pylist()
        texts = batch.column(opts.text_field).slice(lo, hi - lo).to_pylist()
        for k, (i, t) in enumerate(zip(ids, texts)):
            yield row + lo + k + 1, {opts.id_field: i, opts.text_field: t}
        row += n
        if row >= stop:
            break


def _unreadable(path, exc) -> str:
    return (f"{path}: cannot read on worker ({getattr(exc, 'strerror', None) or exc}); "
            "workers must see the inputs at the same path (shared filesystem), or use --ship-data")


def analyse(records, desc: dict, opts: ScanOptions):
    """Check every document of a partition: (pyarrow Table, stats dict)."""
    import pyarrow as pa

    from linter.spin import TERM_SOURCES, document_summary

    engine, lock = _engine(opts.settings, opts.rules_digest, opts.version)
    settings = engine.settings
    rows, malformed = [], []
    garbles: dict = {}
    hist = [0] * len(BIN_EDGES)
    verdicts: dict = {}
    words_total = garbled_total = findings_total = 0
    started = time.perf_counter()
    for rec in records:
        if rec[0] == "bad":
            malformed.append(rec[1])
            continue
        _, doc_id, text, path, fmt, where = rec
        try:
            with lock:
                findings, words = engine.check_text(path, text, fmt=fmt, settings=settings)
        except Exception as exc:  # one bad document never stops a long run; it is reported
            malformed.append({**where, "error": f"cannot check: {type(exc).__name__}: {exc}"})
            continue
        summary = document_summary(doc_id, words, findings)
        out = []
        for f in findings:
            suggestion = f.suggestions[0] if f.suggestions else None
            out.append({"rule": f.rule, "offset": f.offset, "length": f.length, "text": f.text,
                        "suggestion": suggestion, "confidence": round(float(f.confidence), 3),
                        "source": f.source})
            if f.source in TERM_SOURCES:
                key = f.text.lower()
                entry = garbles.setdefault(key, {"count": 0, "suggestions": {}, "rules": {}})
                entry["count"] += 1
                s = suggestion.lower() if suggestion else ""
                entry["suggestions"][s] = entry["suggestions"].get(s, 0) + 1
                entry["rules"][f.rule] = entry["rules"].get(f.rule, 0) + 1
        rows.append({"id": doc_id, "words": words, "spin_score": summary["spin_score"],
                     "verdict": summary["verdict"], "n_findings": len(findings), "garbled": summary["findings"],
                     "findings": out, "input_file": desc["name"],
                     "input_line": where.get("line", where.get("row"))})
        words_total += words
        garbled_total += summary["findings"]
        findings_total += len(findings)
        verdicts[summary["verdict"]] = verdicts.get(summary["verdict"], 0) + 1
        hist[_bin(summary["spin_score"])] += 1
    table = pa.Table.from_pylist(rows, schema=_schema())
    stats = {"i": desc["i"], "records": desc["n"], "documents": len(rows), "words": words_total,
             "garbled": garbled_total, "findings": findings_total, "verdicts": verdicts, "histogram": hist,
             "garbles": garbles, "malformed": malformed, "seconds": round(time.perf_counter() - started, 3)}
    return table, stats


def _bin(score: float) -> int:
    import bisect

    return max(0, bisect.bisect_right(BIN_EDGES, score) - 1)


def run_partition(desc: dict, out_dir: str, opts: ScanOptions) -> dict:
    """Worker task: read, check and write one partition; returns its stats (small)."""
    table, stats = analyse(read_records(desc, opts), desc, opts)
    write_partition(out_dir, desc["i"], table, stats)
    stats.pop("garbles")
    return stats


def run_shipped(desc: dict, records: list, opts: ScanOptions):
    """Worker task for --ship-data: the client sent the records; returns (Parquet bytes, stats)."""
    import io

    import pyarrow.parquet as pq

    table, stats = analyse(records, desc, opts)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue(), stats


def write_partition(out_dir: str, i: int, table, stats: dict, parquet_bytes: bytes | None = None) -> None:
    """Stats first, then the part file under a temporary name and an atomic rename."""
    import pyarrow.parquet as pq

    _atomic_write(os.path.join(out_dir, STATS_DIR, f"part-{i:05d}.json"),
                  json.dumps(stats, ensure_ascii=False).encode("utf-8"))
    final = os.path.join(out_dir, PART.format(i))
    try:
        atomic_write(final, parquet_bytes if parquet_bytes is not None
                     else lambda fh: pq.write_table(table, fh, compression="zstd"), mode=_MODE)
    except OSError as exc:
        raise ScanError(f"{out_dir}: cannot write {PART.format(i)} ({exc.strerror or exc}); "
                        "workers must see the output folder (shared filesystem), or use --ship-data") from None


_MODE = new_file_mode()  # what scan writes is read by other processes and users, as open() would make it


def _atomic_write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, data, mode=_MODE)


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _probe(paths, out_dir):
    """Run on every worker before a scan: can it see the inputs and write the output?"""
    import socket

    from linter import __version__

    missing = [p for p in paths if not os.path.exists(p)]
    writable = os.path.isdir(out_dir) and os.access(out_dir, os.W_OK)
    return {"host": socket.gethostname(), "missing": missing, "writable": writable, "version": __version__}


def worker_rss() -> int:
    """Resident memory of this worker process, in bytes (for benchmarks)."""
    import psutil

    return psutil.Process().memory_info().rss


# --------------------------------------------------------------------------- planning (client)


def _input_kind(path: str) -> str:
    if os.path.isdir(path):
        return "files"
    low = path.lower()
    if low.endswith(JSONL_EXTENSIONS):
        return "jsonl"
    if low.endswith(PARQUET_EXTENSIONS):
        return "parquet"
    if not os.path.exists(path):
        raise ScanError(f"{path}: no such file or directory")
    raise ScanError(f"{path}: unsupported input (expected {', '.join(JSONL_EXTENSIONS + PARQUET_EXTENSIONS)} "
                    "or a folder of text files)")


def describe_inputs(inputs, opts: ScanOptions) -> list[dict]:
    """The inputs as they go into the manifest header (a change means a different scan)."""
    out, seen = [], set()
    for name in inputs:
        kind = _input_kind(name)
        path = os.path.abspath(name)
        if not os.path.exists(path):
            raise ScanError(f"{name}: no such file or directory")
        if os.path.realpath(path) in seen:
            continue  # the same input twice is scanned once
        seen.add(os.path.realpath(path))
        entry = {"path": path, "name": name, "kind": kind}
        if kind == "files":
            _check_has_text_files(path, name, opts)
        else:
            st = os.stat(path)
            entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        if kind == "parquet":
            _check_parquet_schema(path, name, opts)
        out.append(entry)
    return out


def _check_has_text_files(path, name, opts: ScanOptions) -> None:
    """A folder with no text file to scan is an error, as it is for ``check`` (before any
    output is written), not a scan of 0 documents."""
    from linter.files import no_text_files, walk_text_files

    if next(iter(walk_text_files(path, _exclude_patterns(opts))), None) is None:
        raise ScanError(no_text_files(name))


def _exclude_patterns(opts: ScanOptions) -> tuple[str, ...]:
    return opts.settings.exclude_patterns if opts.settings else ()


def _check_parquet_schema(path, name, opts: ScanOptions) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(path).schema_arrow
    except Exception as exc:
        raise ScanError(f"{name}: not a readable Parquet file ({exc})") from None
    for field in (opts.id_field, opts.text_field):
        if field not in schema.names:
            raise ScanError(f"{name}: no column {field!r} (columns: {', '.join(schema.names)}); "
                            "see --id-field / --text-field")
    t = schema.field(opts.text_field).type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)):
        raise ScanError(f"{name}: column {opts.text_field!r} is {t}, not a string column")


def plan(inputs: list[dict], size: int, opts: ScanOptions):
    """Yield partition descriptors, streaming through the inputs (nothing is held in memory)."""
    i = 0
    for inp in inputs:
        gen = {"jsonl": _plan_jsonl, "parquet": _plan_parquet, "files": _plan_files}[inp["kind"]]
        for desc in gen(inp, size, opts):
            desc = {"i": i, "kind": inp["kind"], "file": inp["path"], "name": inp["name"], **desc}
            yield desc
            i += 1


def _plan_jsonl(inp, size, opts):
    """Byte ranges of ``size`` lines each; the client only counts newlines."""
    chunk_size = 1 << 24
    start, line, count, base = 0, 1, 0, 0
    with open(inp["path"], "rb") as fh:
        while True:
            chunk = fh.read(chunk_size)
            if not chunk:
                break
            j = 0
            while True:
                need, k = size - count, 0
                while k < need:  # one find per line: linear in the input, whatever the sizes
                    nj = chunk.find(b"\n", j)
                    if nj < 0:
                        break
                    j, k = nj + 1, k + 1
                if k < need:
                    count += k
                    break
                end = base + j
                yield {"start": start, "end": end, "line": line, "n": size}
                start, line, count = end, line + size, 0
            base += len(chunk)
    if base > start:  # lines after the last full partition (the last may lack its newline)
        with open(inp["path"], "rb") as fh:
            fh.seek(start)
            tail = fh.read(base - start)
        n = tail.count(b"\n") + (0 if tail.endswith(b"\n") else 1)
        yield {"start": start, "end": base, "line": line, "n": n}


def _plan_parquet(inp, size, opts):
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(inp["path"]).metadata.num_rows
    for start in range(0, rows, size):
        stop = min(rows, start + size)
        yield {"start": start, "stop": stop, "n": stop - start}


def _plan_files(inp, size, opts):
    from linter.files import walk_text_files

    root = inp["path"]
    batch = []
    for full in walk_text_files(root, _exclude_patterns(opts)):
        batch.append(os.path.relpath(full, root))
        if len(batch) == size:
            yield {"paths": batch, "n": len(batch)}
            batch = []
    if batch:
        yield {"paths": batch, "n": len(batch)}


# --------------------------------------------------------------------------- output folder and manifest


def make_header(inputs: list[dict], size: int, opts: ScanOptions) -> dict:
    from linter import __version__
    from linter.packs import load_rules

    settings = opts.settings
    rules = load_rules(tuple(settings.extend_rules) if settings else ())
    return {
        "medlint_scan": SCAN_FORMAT,
        "medlint_version": __version__,
        "inputs": inputs,
        "partition_size": size,
        "id_field": opts.id_field,
        "text_field": opts.text_field,
        "format_in": opts.format_in,
        "settings_digest": _settings_digest(settings),
        "rules_digest": rules.digest,
    }


def _comparable(header: dict) -> dict:
    h = dict(header)
    h["inputs"] = [{k: v for k, v in i.items() if k != "name"} for i in header.get("inputs", [])]
    return h


def read_manifest_header(out_dir: str) -> dict | None:
    path = os.path.join(out_dir, MANIFEST)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    try:
        return json.loads(first)["header"]
    except (ValueError, KeyError, TypeError):
        raise ScanError(f"{path}: not a medlint scan manifest") from None


def manifest_entries(out_dir: str):
    """Partition descriptors from the manifest, streamed from disk."""
    with open(os.path.join(out_dir, MANIFEST), encoding="utf-8") as fh:
        fh.readline()
        for line in fh:
            entry = json.loads(line)
            if "totals" in entry:
                return
            yield entry


def manifest_totals(out_dir: str) -> dict:
    with open(os.path.join(out_dir, MANIFEST), "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 4096))
        last = fh.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return json.loads(last)["totals"]


def write_manifest(out_dir: str, header: dict, descriptors) -> dict:
    """Stream the descriptors to ``_manifest.jsonl`` (temporary name, renamed when complete)."""
    path = os.path.join(out_dir, MANIFEST)
    totals = {}

    def write(fh):
        partitions = records = 0
        fh.write((json.dumps({"header": header}, ensure_ascii=False) + "\n").encode("utf-8"))
        for d in descriptors:
            fh.write((json.dumps(d, ensure_ascii=False) + "\n").encode("utf-8"))
            partitions += 1
            records += d["n"]
        totals.update(partitions=partitions, records=records)
        fh.write((json.dumps({"totals": totals}) + "\n").encode("utf-8"))

    atomic_write(path, write, mode=_MODE)
    return totals


def _ours(name: str) -> bool:
    """A name a scan writes (or a hidden file: temporaries, NFS silly-renames, .DS_Store)."""
    return name in (MANIFEST, STATS_DIR, SUCCESS, SUMMARY) or name.startswith(("part-", "."))


def prepare_output(out_dir: str, header: dict) -> str:
    """'new', 'resume' or 'done'; refuses a folder that holds anything else or another scan."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ScanError(f"{out_dir}: exists and is not a folder")
    os.makedirs(out_dir, exist_ok=True)
    names = os.listdir(out_dir)
    foreign = [n for n in names if not _ours(n)]
    if foreign:
        raise ScanError(f"{out_dir}: not a medlint scan output (contains {foreign[0]!r}); choose an empty "
                        "or new folder")
    old = read_manifest_header(out_dir)
    if old is None:
        if any(n.startswith("part-") for n in names):
            raise ScanError(f"{out_dir}: has part files but no {MANIFEST}; choose an empty or new folder")
        return "new"
    if _comparable(old) != _comparable(header):
        diff = sorted(k for k in set(old) | set(header) if _comparable(old).get(k) != _comparable(header).get(k))
        raise ScanError(f"{out_dir}: holds a different scan ({', '.join(diff)} changed); "
                        "use a new --output folder or delete this one")
    return "done" if SUCCESS in names else "resume"


def _clean_temporaries(out_dir: str) -> None:
    for d in (out_dir, os.path.join(out_dir, STATS_DIR)):
        if os.path.isdir(d):
            for n in os.listdir(d):
                if n.startswith(".") and n.endswith(".tmp"):
                    _remove(os.path.join(d, n))


def completed_partitions(out_dir: str) -> set[int]:
    """Partitions whose part file (and therefore stats file) were written completely."""
    stats_dir = os.path.join(out_dir, STATS_DIR)
    stats = set(os.listdir(stats_dir)) if os.path.isdir(stats_dir) else set()
    done = set()
    for n in os.listdir(out_dir):
        if n.startswith("part-") and n.endswith(".parquet"):
            try:
                i = int(n[len("part-"):-len(".parquet")])
            except ValueError:
                continue
            if f"part-{i:05d}.json" in stats:
                done.add(i)
    return done


# --------------------------------------------------------------------------- summary


def build_summary(out_dir: str, header: dict) -> dict:
    """Aggregate the per-partition stats files (in partition order: deterministic)."""
    documents = words = garbled = findings = records = 0
    verdicts = {"clean": 0, "suspicious": 0, "likely-spun": 0}
    hist = [0] * len(BIN_EDGES)
    garbles: dict = {}
    malformed, malformed_count = [], 0
    parts = 0
    for desc in manifest_entries(out_dir):
        with open(os.path.join(out_dir, STATS_DIR, f"part-{desc['i']:05d}.json"), encoding="utf-8") as fh:
            s = json.load(fh)
        parts += 1
        documents += s["documents"]
        words += s["words"]
        garbled += s["garbled"]
        findings += s["findings"]
        records += s["records"]
        for k, v in s["verdicts"].items():
            verdicts[k] = verdicts.get(k, 0) + v
        hist = [a + b for a, b in zip(hist, s["histogram"])]
        for text, g in s["garbles"].items():
            e = garbles.setdefault(text, {"count": 0, "suggestions": {}, "rules": {}})
            e["count"] += g["count"]
            for field in ("suggestions", "rules"):
                for k, v in g[field].items():
                    e[field][k] = e[field].get(k, 0) + v
        malformed_count += len(s["malformed"])
        room = MALFORMED_LISTED - len(malformed)
        if room > 0:
            malformed.extend(s["malformed"][:room])
    top = sorted(garbles.items(), key=lambda kv: (-kv[1]["count"], kv[0]))[:TOP_GARBLES]
    bins = [{"min": lo, "max": hi, "count": c} for lo, hi, c in
            zip(BIN_EDGES, BIN_EDGES[1:] + (None,), hist)]
    return {
        "medlint_version": header["medlint_version"],
        "inputs": [i["name"] for i in header["inputs"]],
        "partitions": parts,
        "partition_size": header["partition_size"],
        "documents": documents,
        "words": words,
        "garbled_terms": garbled,
        "findings": findings,
        "verdicts": verdicts,
        "spin_score_histogram": bins,
        "top_garbles": [_top_entry(text, g) for text, g in top],
        "malformed_count": malformed_count,
        "malformed": malformed,
        "malformed_truncated": malformed_count > len(malformed),
    }


def _top_entry(text: str, g: dict) -> dict:
    sugg, n = min(g["suggestions"].items(), key=lambda kv: (-kv[1], kv[0]))
    rule = min(g["rules"].items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return {"text": text, "count": g["count"], "suggestion": sugg or None, "suggestion_count": n, "rule": rule}


def read_results(out_dir: str):
    """All rows of a scan as one pyarrow Table (part files in partition order)."""
    import glob

    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(glob.glob(os.path.join(out_dir, "part-*.parquet")))
    if not files:
        return _schema().empty_table()
    return pa.concat_tables([pq.read_table(f, schema=_schema()) for f in files])


# --------------------------------------------------------------------------- running


@dataclass
class ScanResult:
    status: str  # "done" (nothing to do), "complete"
    out_dir: str
    partitions: int = 0
    skipped: int = 0
    computed: int = 0
    documents: int = 0  # documents checked in this run
    malformed: int = 0  # malformed lines met in this run
    seconds: float = 0.0  # from the first submitted partition to the last result
    workers: int = 0
    summary: dict | None = None

    def to_json(self) -> dict:
        return asdict(self)


class _Progress:
    """tqdm bar on a TTY; otherwise a line every 30 s (unless quiet)."""

    def __init__(self, total, initial, parts_total, parts_done, bar: bool, log: bool):
        self.parts_total, self.parts_done = parts_total, parts_done
        self.total, self.done = total, initial
        self.bar = None
        self.log = log and not bar
        self.started = self.last = time.monotonic()
        self.initial = initial
        if bar:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", desc="medlint scan", file=sys.stderr,
                            dynamic_ncols=True, leave=False, smoothing=0.05)
            self._postfix()

    def _postfix(self):
        self.bar.set_postfix_str(f"partitions {self.parts_done}/{self.parts_total}", refresh=False)

    def update(self, records: int):
        self.done += records
        self.parts_done += 1
        if self.bar is not None:
            self._postfix()
            self.bar.update(records)
        elif self.log and time.monotonic() - self.last >= 30:
            self.last = time.monotonic()
            rate = (self.done - self.initial) / max(1e-9, self.last - self.started)
            eta = (self.total - self.done) / rate if rate else float("inf")
            click.echo(f"medlint scan: {self.done}/{self.total} documents, partitions {self.parts_done}/"
                       f"{self.parts_total}, {rate:.0f} docs/s, ETA {_duration(eta)}", err=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _duration(s: float) -> str:
    if s == float("inf"):
        return "?"
    s = int(s)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


def _echo_malformed(entries, state: dict) -> None:
    for m in entries:
        state["n"] += 1
        if state["n"] <= MALFORMED_ECHOED:
            where = f"{m['file']}:{m['line']}" if m.get("line") is not None else (
                f"{m['file']}:row {m['row']}" if m.get("row") is not None else m["file"])
            click.echo(f"medlint: warning: {where}: {m['error']}", err=True)
        elif state["n"] == MALFORMED_ECHOED + 1:
            click.echo("medlint: warning: more malformed input; all of it is listed in summary.json", err=True)


def _local_client(workers: int):
    import logging

    from dask.distributed import Client, LocalCluster

    # The scheduler's HTTP server (health checks; the dashboard when bokeh is installed) on a free
    # loopback port: never the shared default 8787.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_scan(inputs, out_dir: str, opts: ScanOptions, *, workers: int | None = None, scheduler: str | None = None,
             client=None, partition_size: int = DEFAULT_PARTITION_SIZE, ship_data: bool = False,
             progress: bool = False, log: bool = False, notify=None) -> ScanResult:
    """The whole scan.  ``client`` (a distributed.Client) wins over ``scheduler`` and ``workers``."""
    if opts.format_in:
        _check_format(opts.format_in)
    described = describe_inputs(inputs, opts)
    header = make_header(described, partition_size, opts)
    opts = replace(opts, rules_digest=header["rules_digest"], version=header["medlint_version"])
    state = prepare_output(out_dir, header)
    if state == "done":
        with open(os.path.join(out_dir, SUMMARY), encoding="utf-8") as fh:
            summary = json.load(fh)
        return ScanResult(status="done", out_dir=out_dir, summary=summary, partitions=summary["partitions"])
    _clean_temporaries(out_dir)
    if state == "new":
        totals = write_manifest(out_dir, header, plan(described, partition_size, opts))
    else:
        totals = manifest_totals(out_dir)
    os.makedirs(os.path.join(out_dir, STATS_DIR), exist_ok=True)
    done = completed_partitions(out_dir) & set(range(totals["partitions"]))
    result = ScanResult(status="complete", out_dir=out_dir, partitions=totals["partitions"], skipped=len(done))
    if notify and state == "resume":
        notify(f"resuming {out_dir}: {len(done)} of {totals['partitions']} partitions already written, skipping them")

    if len(done) < totals["partitions"]:
        pending = (d for d in manifest_entries(out_dir) if d["i"] not in done)
        done_records = sum(d["n"] for d in manifest_entries(out_dir) if d["i"] in done) if done else 0
        bar = _Progress(totals["records"], done_records, totals["partitions"], len(done), progress, log)
        try:
            _with_client(client, scheduler, workers, lambda c: _run_pending(
                c, described, pending, out_dir, opts, ship_data, bar, result))
        finally:
            bar.close()
    summary = build_summary(out_dir, read_manifest_header(out_dir))
    _atomic_write(os.path.join(out_dir, SUMMARY),
                  (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    _atomic_write(os.path.join(out_dir, SUCCESS), b"")
    result.summary = summary
    return result


def _with_client(client, scheduler, workers, body):
    """Run ``body(client)`` with the given client, one for ``scheduler``, or a new LocalCluster."""
    if client is not None:
        return body(client)
    if scheduler:
        from dask.distributed import Client

        try:
            _check_address(scheduler)  # (before any client: a bad address never starts an IO loop)
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:  # (ValueError: a malformed address)
            raise ScanError(f"cannot connect to the scheduler at {scheduler} ({exc})") from None
        with client:
            return body(client)
    client, cluster = _local_client(workers or os.cpu_count() or 1)
    try:
        return body(client)
    finally:
        client.close()
        cluster.close()


def _check_address(address: str) -> None:
    """ValueError when ``address`` is no scheduler address distributed could use: unknown
    scheme, or (tcp, tls, ws, wss) no host:port with a numeric port."""
    from distributed.comm import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(address)
    get_backend(scheme)
    if scheme in ("tcp", "tls", "ws", "wss"):
        parse_host_port(location)


def _run_pending(client, described, pending, out_dir, opts, ship_data, bar, result) -> None:
    result.workers = _ready(client, described, out_dir, ship_data, opts)
    client.register_plugin(__getattr__("MedlintEngine")(opts))
    _execute(client, pending, out_dir, opts, ship_data, 2 * result.workers, bar, result)


def _check_format(fmt: str) -> None:
    from linter.formats import read_document

    try:
        read_document("probe", "probe", fmt)
    except KeyError:
        raise ScanError(f"--format-in {fmt}: no reader for this format in this medlint version") from None


def _ready(client, described, out_dir, ship_data: bool, opts: ScanOptions) -> int:
    """Wait for a worker, check what they can see; returns the number of worker threads."""
    try:
        client.wait_for_workers(1, timeout=120)
    except Exception:
        raise ScanError("no worker joined the cluster within 120 s") from None
    probes = client.run(_probe, [d["path"] for d in described], os.path.abspath(out_dir))
    for addr, p in probes.items():
        if p["version"] != opts.version:
            raise ScanError(f"worker {addr} ({p['host']}) has medlint {p['version']}, this machine {opts.version}; "
                            "install the same version on the workers")
    if not ship_data:
        for addr, p in probes.items():
            if p["missing"]:
                raise ScanError(f"worker {addr} ({p['host']}) cannot see {p['missing'][0]}; workers need the "
                                "inputs at the same path (shared filesystem), or use --ship-data")
            if not p["writable"]:
                raise ScanError(f"worker {addr} ({p['host']}) cannot write {out_dir}; workers need the output "
                                "folder at the same path (shared filesystem), or use --ship-data")
    info = client.scheduler_info()
    workers = info.get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def _execute(client, pending, out_dir, opts, ship_data, window, bar, result: ScanResult) -> None:
    """Submit partitions with at most ``window`` in flight (2 per worker thread, re-read as workers
    come and go); handle results as they complete."""
    from dask.distributed import as_completed

    token = uuid.uuid4().hex[:8]
    ac = as_completed()
    abs_out = os.path.abspath(out_dir)
    echoed = {"n": 0}
    descs: dict = {}
    exhausted = False

    def submit_next() -> bool:
        nonlocal exhausted
        desc = None if exhausted else next(pending, None)
        if desc is None:
            exhausted = True
            return False
        key = f"medlint-scan-{desc['i']:05d}-{token}"
        if ship_data:
            records = list(read_records(desc, opts))
            fut = client.submit(run_shipped, desc, records, opts, key=key, pure=False)
        else:
            fut = client.submit(run_partition, desc, abs_out, opts, key=key, pure=False)
        descs[fut.key] = desc
        ac.add(fut)
        return True

    started = last_check = time.perf_counter()
    while len(descs) < max(1, window) and submit_next():
        pass
    for fut in ac:
        desc = descs.pop(fut.key)
        try:
            out = fut.result()
        except MedlintError:
            raise
        except Exception as exc:
            raise ScanError(f"partition {desc['i']} ({desc['name']}) failed on a worker: "
                            f"{type(exc).__name__}: {exc}") from None
        if ship_data:
            data, stats = out
            write_partition(out_dir, desc["i"], None, stats, parquet_bytes=data)
        else:
            stats = out
        fut.release()
        result.computed += 1
        result.documents += stats["documents"]
        result.malformed += len(stats["malformed"])
        _echo_malformed(stats["malformed"], echoed)
        bar.update(stats["records"])
        if time.perf_counter() - last_check > 5:  # workers may have joined or left
            last_check = time.perf_counter()
            threads = sum(client.nthreads().values())
            if threads:
                window = 2 * threads
                result.workers = max(result.workers, threads)
        while len(descs) < max(1, window) and submit_next():
            pass
    result.seconds = round(time.perf_counter() - started, 3)


# --------------------------------------------------------------------------- command line


def scan_options(id_field, text_field, format_in, config, isolated) -> ScanOptions:
    from linter.config import Settings, discover
    from linter.runner import _explicit

    if config == "":  # (e.g. --config "$UNSET": it must not quietly fall back to discovery)
        raise ScanError("--config: an empty path names no config file")
    if config and isolated:
        raise ScanError("--config and --isolated cannot be used together")
    if isolated:
        settings = Settings()
    elif config:
        settings = _explicit(config)
    else:
        settings = discover(os.getcwd())
    # a typo in select/ignore/severity must not switch rules off unnoticed (as in `check`)
    from linter.config import validate_selectors
    from linter.packs import load_rules

    validate_selectors(settings, [r.id for r in load_rules(tuple(settings.extend_rules)).rules])
    return ScanOptions(id_field=id_field, text_field=text_field, format_in=format_in, settings=settings)


@click.command("scan")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--output", "-o", "output", required=True, type=click.Path(file_okay=False),
              help="Output folder (Parquet parts, summary.json); re-run with the same folder to resume.")
@click.option("--id-field", default="id", show_default=True, help="Field / column holding the document id.")
@click.option("--text-field", default="text", show_default=True, help="Field / column holding the text.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Local worker processes [default: number of CPUs].")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Use this running Dask scheduler instead of local workers.")
@click.option("--partition-size", type=click.IntRange(min=1), default=DEFAULT_PARTITION_SIZE, show_default=True,
              help="Documents per partition (one Parquet part each).")
@click.option("--format-in", type=click.Choice(["text", "markdown"]),
              help="Read every text as this format (default: text; folders: by extension).")
@click.option("--ship-data", is_flag=True,
              help="Read inputs and write output on this machine and send texts to the workers "
                   "(for workers without a shared filesystem).")
@click.option("--config", "config", type=click.Path(), help="Use this config file (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no closing line.")
def scan(inputs, output, id_field, text_field, workers, scheduler, partition_size, format_in, ship_data,
         config, isolated, quiet):
    """Lint a large collection on Dask: JSONL files, Parquet files or folders of text files.

    Writes one Parquet row per document (id, words, spin_score, verdict, findings) and
    summary.json to --output.  Interrupted runs resume where they stopped.
    """
    import signal

    if workers and scheduler:
        raise ScanError("--workers and --scheduler cannot be used together")
    opts = scan_options(id_field, text_field, format_in, config, isolated)

    def _term(signum, frame):  # a terminated scan closes its cluster like Ctrl-C does
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _term)
    except ValueError:  # not the main thread (embedded use)
        pass
    result = run_scan(list(inputs), output, opts, workers=workers, scheduler=scheduler, partition_size=partition_size,
                      ship_data=ship_data, progress=not quiet and sys.stderr.isatty(), log=not quiet,
                      notify=lambda msg: click.echo(f"medlint scan: {msg}", err=True))
    s = result.summary
    if result.status == "done":
        click.echo(f"medlint scan: {output} is already complete ({s['documents']} documents); nothing to do", err=True)
        return
    if not quiet:
        rate = result.documents / result.seconds if result.seconds else 0.0
        v = s["verdicts"]
        click.echo(f"medlint scan: {s['documents']} documents, {s['malformed_count']} malformed, "
                   f"{s['partitions']} partitions ({result.computed} computed now, {rate:.0f} docs/s on "
                   f"{result.workers} worker threads); clean {v.get('clean', 0)}, suspicious "
                   f"{v.get('suspicious', 0)}, likely-spun {v.get('likely-spun', 0)} -> {output}", err=True)
