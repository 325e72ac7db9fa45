"""Checking many files: settings per file, engines per rule set, worker
processes (``--jobs``), the result cache, and the run-level LanguageTool pass."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from linter.config import Settings, discover, read_file
from linter.engine import Engine, FileResult
from linter.errors import MedlintError
from linter.findings import Finding


@dataclass(frozen=True)
class RunOptions:
    config: str | None = None
    isolated: bool = False
    overrides: tuple = ()  # (field, value) pairs from the command line
    layers: tuple[str, ...] | None = None
    keep_text: bool = False
    format_in: str | None = None
    jobs: int = 1
    use_cache: bool = False
    languagetool_url: str | None = None  # from --languagetool-url/--languagetool or the environment
    grammar_explicit: bool = False  # given on the command line: LanguageTool failures exit 2
    disable_grammar: bool = False  # --languagetool off


@dataclass
class RunResult:
    results: list[FileResult]
    errors: list[str] = field(default_factory=list)  # one-line errors (exit code 2)
    warnings: list[str] = field(default_factory=list)  # one-line notes, exit code unchanged


def settings_for(path: str, opts: RunOptions) -> Settings:
    """The settings of a file, a folder (its own config, then its parents') or ``-`` (the
    current folder's), with the command line's overrides."""
    if opts.isolated:
        base = Settings()
    elif opts.config:
        base = _explicit(opts.config)
    else:
        # (a folder's own config applies to it: ``medlint check .`` in the project root)
        folder = os.getcwd() if path == "-" else path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        base = discover(folder)
    over = dict(opts.overrides)
    if over.get("extend_exclude"):
        over["extend_exclude"] = tuple(base.extend_exclude) + tuple(over["extend_exclude"])
    if opts.format_in and path != "-":
        over["format_in"] = ((os.path.splitext(path)[1].lower(), opts.format_in),)
    if opts.languagetool_url or opts.disable_grammar:
        from dataclasses import replace

        over["languagetool"] = replace(base.languagetool, url=None if opts.disable_grammar else opts.languagetool_url)
    return base.with_overrides(**over)


def validate_selectors(paths, opts: RunOptions) -> None:
    """Every rule selector of the config files that apply to ``paths`` and of the command
    line names a rule, pack or source of the rules it applies to; else a ``ConfigError``."""
    from dataclasses import replace

    from linter import config
    from linter.packs import load_rules

    bare = replace(opts, overrides=())
    cli = dict(opts.overrides)
    cli_selectors = Settings(select=tuple(cli.get("select", ())), ignore=tuple(cli.get("ignore", ())))
    seen = set()
    for path in paths:
        base = settings_for(path, bare)
        if (base.config_file, base.extend_rules) in seen:
            continue
        seen.add((base.config_file, base.extend_rules))
        ids = [r.id for r in load_rules(tuple(base.extend_rules)).rules]
        config.validate_selectors(base, ids)
        config.validate_selectors(cli_selectors, ids, command_line=True)


_explicit_cache: dict = {}


def _explicit(path: str) -> Settings:
    from pathlib import Path

    if path not in _explicit_cache:
        p = Path(path)
        if not p.is_file():  # (a folder, /dev/null or a pipe is there but is not a config file)
            raise MedlintError(f"{path}: {'not a config file (a TOML file)' if p.exists() else 'config file not found'}")
        _explicit_cache[path] = read_file(p) or Settings(config_file=path, root=str(p.parent.resolve()))
    return _explicit_cache[path]


_engines: dict = {}


def engine_for(settings: Settings, layers) -> Engine:
    key = (settings.extend_rules, layers)
    if key not in _engines:
        _engines[key] = Engine(settings, layers=layers)
    return _engines[key]


def _cache_root(settings: Settings) -> str:
    return settings.root or os.getcwd()


def _cached(path: str, settings: Settings, layers, decoded=None) -> tuple[dict | None, object, str]:
    """(cached state or None, the cache, its key) of one file; needs the rules, not the NLP
    pipeline."""
    from linter.cache import Cache, key
    from linter.textio import content_digest, read_path

    engine = engine_for(settings, layers)
    decoded = decoded or read_path(path)
    cache = Cache(_cache_root(settings))
    k = key(decoded.raw, engine.rules.digest, settings.digest(), repr(layers), path.rsplit(".", 1)[-1])
    hit = cache.get(k)
    if hit is not None:
        try:
            hit["digest"] = content_digest(decoded.raw)
            hit["path"] = path
            for f in hit["findings"]:
                f["path"] = path
            _from_state(hit)  # an entry of another shape (hand-edited, or written by a build of
            # the same version number with another result format) is a miss, not a traceback
        except (TypeError, KeyError, ValueError, AttributeError):
            hit = None
    return hit, cache, k


def _check_path(path: str, settings: Settings, layers, use_cache: bool) -> dict:
    """Worker body: one file -> FileResult state (+ raw text for fixes)."""
    from linter.textio import content_digest, read_path

    engine = engine_for(settings, layers)
    try:
        decoded = read_path(path)
    except MedlintError as exc:
        return {"path": path, "words": 0, "error": str(exc), "findings": []}
    k = None
    if use_cache:
        hit, cache, k = _cached(path, settings, layers, decoded)
        if hit is not None:
            return hit
    try:
        findings, words = engine.check_text(path, decoded.text, settings=settings)
    except MedlintError as exc:
        return {"path": path, "words": 0, "error": str(exc), "findings": []}
    state = FileResult(path=path, findings=findings, words=words).to_state()
    if k is not None:
        cache.put(k, state)
    return {**state, "digest": content_digest(decoded.raw)}


def _progress(iterable, total: int, enabled: bool):
    """A tqdm progress bar on stderr (only on a TTY, decided by the caller)."""
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, unit="file", desc="medlint", leave=False, dynamic_ncols=True)


def _worker_init():
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_star(args):
    return _check_path(*args)


def _from_state(state: dict) -> FileResult:
    return FileResult(path=state["path"], words=state["words"], error=state["error"],
                      findings=[Finding.from_state(f) for f in state["findings"]], digest=state.get("digest"))


def check_files(files: list[str], opts: RunOptions, stdin_text=None, progress: bool = False) -> RunResult:
    """Check ``files`` (``"-"`` = ``stdin_text``) and return results in input order."""
    results = list(iter_results(files, opts, stdin_text, progress))
    if opts.keep_text:
        _attach_text(results)
    run = RunResult(results=results, errors=[r.error for r in results if r.error])
    _grammar_pass(run, opts, stdin_text)
    return run


def iter_results(files: list[str], opts: RunOptions, stdin_text=None, progress: bool = False):
    """The ``FileResult`` of each of ``files``, in input order, each as soon as it and those
    before it are done (cached files at once; the rest from the workers as they finish).
    No text is attached and no run-level grammar pass is made (``check_files`` does both)."""
    tasks = []
    for f in files:
        if f != "-":
            tasks.append((f, settings_for(f, opts), opts.layers, opts.use_cache))
    cached: dict[str, dict] = {}
    if opts.use_cache:  # cached files are answered here: workers (and the NLP pipeline) only for the rest
        pending = []
        for t in tasks:
            try:
                hit = _cached(*t[:3])[0]
            except MedlintError:  # unreadable: _check_path reports it
                hit = None
            if hit is not None:
                cached[t[0]] = hit
            else:
                pending.append(t)
        tasks = pending
    with _states(tasks, opts, progress) as computed:  # states of ``tasks``, in order
        for f in files:
            if f == "-":
                settings = settings_for("-", opts)
                engine = engine_for(settings, opts.layers)
                fmt = opts.format_in or "text"
                findings, words = engine.check_text("-", stdin_text.text, fmt=fmt, settings=settings)
                yield FileResult(path="-", findings=findings, words=words, text=stdin_text.text, bom=stdin_text.bom)
            elif f in cached:
                yield _from_state(cached[f])
            else:
                state = next(computed)
                assert state["path"] == f, (state["path"], f)
                yield _from_state(state)


class _states:
    """Context manager: an iterator over the states of ``tasks`` in order, from worker
    processes when there are enough tasks for ``opts.jobs`` > 1 (shut down on exit)."""

    def __init__(self, tasks, opts: RunOptions, progress: bool):
        self.tasks, self.opts, self.progress, self.pool = tasks, opts, progress, None

    def __enter__(self):
        tasks, jobs = self.tasks, max(1, self.opts.jobs)
        if jobs > 1 and len(tasks) >= 2 * jobs:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            for _, s, layers, _ in tasks[:1]:
                engine_for(s, layers).warm()  # load once in the parent; forked workers share it
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
            # small chunks: at the end one worker idles while the other finishes its last chunk
            # (16 files of ~35 ms each left up to 0.6 s of one core unused)
            chunk = max(1, min(4, len(tasks) // (jobs * 4)))
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init)
            return iter(_progress(self.pool.map(_check_star, tasks, chunksize=chunk), len(tasks), self.progress))
        return self._serial()

    def _serial(self):
        import gc

        for n, t in enumerate(_progress(self.tasks, len(self.tasks), self.progress)):
            state = _check_path(*t)
            if n == 0:  # (before yielding: the consumer asks for no more than it needs)
                gc.freeze()  # what the first file loaded lives for the whole run (see Engine.warm)
            yield state

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=exc[0] is not None)
        return False


def grammar_pass_configured(files: list[str], opts: RunOptions) -> bool:
    """Whether the run-level LanguageTool pass may run for these files (it needs every
    document at once, so their results cannot be reported one by one)."""
    if opts.layers is not None and "grammar" not in opts.layers:
        return False
    for f in files:
        s = settings_for(f, opts)
        if s.languagetool.url and "grammar" not in s.ignore:
            return True
    return False


def _attach_text(results):
    from linter.textio import read_path

    for r in results:
        if r.path != "-" and not r.error and r.text is None:
            try:
                d = read_path(r.path)
                r.text, r.bom, r.raw = d.text, d.bom, d.raw
            except MedlintError:
                pass


def _grammar_pass(run: RunResult, opts: RunOptions, stdin_text) -> None:
    """LanguageTool over every document of the run, in one session (when configured)."""
    targets = [r for r in run.results if not r.error]
    if not targets:
        return
    settings = settings_for(targets[0].path, opts)
    lt = settings.languagetool
    if not lt.url or (opts.layers is not None and "grammar" not in opts.layers) or "grammar" in settings.ignore:
        return
    from linter import languagetool
    from linter.findings import LineIndex
    from linter.formats import format_for, read_document

    docs, texts = [], {}
    for r in targets:
        s = settings_for(r.path, opts)
        text = r.text if r.text is not None else (stdin_text.text if r.path == "-" else None)
        if text is None:
            from linter.textio import read_path

            text = read_path(r.path).text
        texts[r.path] = (text, s)
        fmt = (opts.format_in or "text") if r.path == "-" else format_for(r.path, dict(s.format_in).get(
            os.path.splitext(r.path)[1].lower()))
        docs.append(read_document(r.path, text, fmt))
    try:
        from linter.lexicon import vocabulary

        words = frozenset(vocabulary())
    except Exception:  # the lexicon is optional for this pass
        words = frozenset()
    result = languagetool.check_documents(docs, lt, lexicon_words=words)
    by_path = {d.path: d for d in docs}
    for r in targets:
        extra = result.findings.get(r.path, [])
        if not extra:
            continue
        text, s = texts[r.path]
        engine = engine_for(s, opts.layers)
        kept = engine.post_process(extra, by_path[r.path], s)
        # LanguageTool's repeated-word rule and the built-in one flag the same span: report it once
        builtin = {(f.offset, f.length) for f in r.findings if f.source == "grammar"}
        kept = [f for f in kept if (f.offset, f.length) not in builtin]
        index = LineIndex(text)
        r.findings = sorted(r.findings + [f.located(r.path, index) for f in kept], key=Finding.sort_key)
    if result.error:
        msg = f"grammar: {result.error}"
        (run.errors if opts.grammar_explicit else run.warnings).append(msg)
