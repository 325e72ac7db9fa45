"""The command line (click).  Parsing options and choosing a reporter only.

Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 usage error,
unreadable input or malformed configuration/rule pack.
"""
from __future__ import annotations

import errno
import os
import sys

import click

from linter import __version__
from linter.errors import MedlintError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
LAYERS = ("curated", "lexicon", "consistency", "grammar")
OUTPUT_FORMATS = ("text", "json", "concise", "sarif", "github", "junit")


def fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"medlint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


_WRITE_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}


class Group(click.Group):
    """Turns every MedlintError into one line on stderr and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MedlintError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("medlint: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except OSError as exc:
            if not isinstance(exc, BrokenPipeError):
                if exc.errno not in _WRITE_ERRNOS:
                    raise
                # stdout on a full disk or a failing device (``> /dev/full``): one line, exit 2
                click.echo(f"medlint: error: {exc.filename or 'stdout'}: cannot write ({exc.strerror or exc})", err=True)
            # the reader of our output went away (``medlint check docs/ | head``): stop
            # quietly; point stdout at /dev/null so the interpreter's last flush cannot fail
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            raise click.exceptions.Exit(EXIT_ERROR) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medlint")
def main():
    """medlint: find health terminology garbled by article spinners."""


def _csv(values, option: str):
    """Comma-separated selectors of every use of ``option``; an empty one ("", "a,,b", "a,")
    is an error, as in the config file: "" is a prefix of every rule id, and dropping it
    silently would make ``--select ""`` select every rule."""
    out = []
    for v in values:
        for x in v.split(","):
            if not x.strip():
                raise fail(f"--{option}: an empty selector in {v!r} would match every rule")
            out.append(x.strip())
    return tuple(out)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here (never one of the files checked).")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error", "never"]),
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (atomic writes). For - (stdin) the fixed "
              "text goes to stdout and the report to stderr (or --output-file). A symlink's target is "
              "fixed; a hard-linked file is replaced, so its other names keep the old text.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing. With --format "
              "json, sarif, junit or github the diff goes to stderr (stdout carries the report only).")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable; adds to config).")
@click.option("--force-exclude", is_flag=True, help="Apply the excludes to files named on the command line too "
              "(as the pre-commit hook does: it names every staged file).")
@click.option("--select", multiple=True, help="Only these rule ids / prefixes / sources (comma-separated; an unknown one is an error).")
@click.option("--ignore", multiple=True, help="Skip these rule ids / prefixes / sources (comma-separated; an unknown one is an error).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop findings below this confidence.")
@click.option("--config", "config", type=click.Path(), help="Use this config file (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--format-in", type=click.Choice(["text", "markdown", "html", "rst"]),
              help="Read every input as this format (default: by extension).")
@click.option("--no-color", is_flag=True, help="Never colour the text output.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: number of CPUs].")
@click.option("--no-cache", is_flag=True, help="Do not read or write .medlint_cache/.")
@click.option("--fail-on-spin-score", type=click.FloatRange(min=0), default=None,
              help="Also exit 1 when a document's spin score (garbled terms per 1,000 words) reaches this.")
@click.option("--languagetool-url", metavar="URL", help="Check grammar with the LanguageTool server at URL.")
@click.option("--languagetool", "lt_mode", type=click.Choice(["local", "off"]),
              help="'local': start a LanguageTool server (Java 17+, downloads once); 'off': no LanguageTool.")
@click.option("--report-unused-suppressions", is_flag=True, help="Report suppression comments that silenced nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def check(paths, fmt, output_file, fail_on, fix, diff, exclude, force_exclude, select, ignore, min_confidence,
          config, isolated, format_in, no_color, jobs, no_cache, fail_on_spin_score, languagetool_url, lt_mode,
          report_unused_suppressions, quiet):
    """Check PATHS (files, folders, or - for stdin)."""
    from dataclasses import replace

    from linter import files as files_mod
    from linter.fix import fixable
    from linter.report import STREAMING, ReportContext, render, streams
    from linter.runner import RunOptions, check_files, grammar_pass_configured, settings_for, validate_selectors
    from linter.spin import summarise
    from linter.textio import decode

    if config == "":  # (e.g. --config "$UNSET": it must not quietly fall back to discovery)
        raise fail("--config: an empty path names no config file")
    if config and isolated:
        raise fail("--config and --isolated cannot be used together")
    if languagetool_url and lt_mode:
        raise fail("--languagetool-url and --languagetool cannot be used together")
    overrides = []
    if select:
        overrides.append(("select", _csv(select, "select")))
    if ignore:
        overrides.append(("ignore", _csv(ignore, "ignore")))
    if min_confidence is not None:
        overrides.append(("min_confidence", min_confidence))
    if fail_on:
        overrides.append(("fail_on", fail_on))
    if exclude:
        overrides.append(("extend_exclude", tuple(exclude)))
    if report_unused_suppressions:
        overrides.append(("report_unused_suppressions", True))
    lt_url = languagetool_url or (lt_mode if lt_mode == "local" else None)
    explicit = bool(lt_url)
    if lt_mode == "off":
        lt_url = None
    elif not lt_url and os.environ.get("MEDLINT_LANGUAGETOOL_URL"):
        lt_url = os.environ["MEDLINT_LANGUAGETOOL_URL"]
    opts = RunOptions(config=config, isolated=isolated, overrides=tuple(overrides), keep_text=True,
                      format_in=format_in, jobs=jobs or os.cpu_count() or 1, use_cache=not no_cache,
                      languagetool_url=lt_url, grammar_explicit=explicit,
                      disable_grammar=lt_mode == "off")

    from linter.engine import FileResult

    errors: list[str] = []
    # inputs that could not be read at all (a path that does not exist, a folder without text
    # files, empty stdin): reported like a file that could not be checked, in every format
    unread: list[FileResult] = []
    files: list[str] = []
    seen: set[str] = set()  # (each file once, however it is named: ``docs/ ./docs/a.md``, a symlink and its target)
    walk_opts = replace(opts, format_in=None)  # (--format-in names no extension to look for)
    for p in paths:
        s = settings_for(p, walk_opts)
        extensions = files_mod.TEXT_EXTENSIONS + tuple(e for e, _ in s.format_in if e not in files_mod.TEXT_EXTENSIONS)
        patterns = s.exclude_patterns
        if force_exclude and p != "-" and not os.path.isdir(p) and files_mod.excluded(
                p, patterns, s.root, s.root or os.getcwd()):
            continue
        found, errs = files_mod.expand([p], patterns, s.root, extensions)
        if os.path.isdir(p) and not (opts.isolated or opts.config):
            found = _nested_config_excludes(found, s, walk_opts)
        for f in found:
            key = f if f == "-" else os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
        errors += errs
        unread += [FileResult(path=p, error=e) for e in errs]
    validate_selectors(files or ["-"], opts)  # (a typo must not switch rules off unnoticed)
    if output_file:
        _refuse_input_as_output(output_file, files)

    stdin_text = None
    reads_stdin = "-" in files  # (even when stdin then turns out empty or unreadable)
    if reads_stdin:
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            errors.append("stdin: empty input")
            files.remove("-")
        else:
            try:
                stdin_text = decode(raw, "stdin")
            except MedlintError as exc:
                errors.append(str(exc))
                files.remove("-")
        if stdin_text is None:
            unread.append(FileResult(path="-", error=errors[-1]))

    progress = not quiet and fmt in ("text", "concise") and _isatty(sys.stderr) and len(files) > 3
    if streams(fmt, files) and not (fix or diff) and not grammar_pass_configured(files, opts):
        # (never returns: it exits like the rest of this function)
        _check_streaming(files, opts, stdin_text, fmt, output_file, no_color, errors, progress, fail_on_spin_score,
                         unread)
    run = check_files(files, opts, stdin_text, progress=progress)
    results = unread + run.results
    errors += run.errors
    for e in errors:
        click.echo(f"medlint: error: {e}", err=True)
    for w in run.warnings:
        click.echo(f"medlint: warning: {w}", err=True)

    if fix or diff:
        results, fix_errors = _apply_fixes(results, write=fix and not diff, diff_to_stderr=fmt not in STREAMING)
        errors += fix_errors
    documents = summarise(results)  # (after --fix: what is left to fix)
    ctx = ReportContext(version=__version__, fixable=0 if fix and not diff else sum(len(fixable(r.findings)) for r in results),
                        documents=documents, run_errors=len(errors))
    # with --fix, fixed stdin goes to stdout: the report then to stderr
    report_to_stderr = fix and not diff and reads_stdin
    ctx.color = fmt == "text" and not output_file and not report_to_stderr and _use_color(no_color)
    report = render(fmt, results, ctx)
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8", errors="surrogateescape") as fh:
                fh.write(report)
        except OSError as exc:
            raise fail(f"{output_file}: cannot write ({exc.strerror or exc})") from None
    else:
        click.echo(report, nl=False, err=report_to_stderr)

    raise _exit(results, documents, opts, fail_on_spin_score, bool(errors))


def _nested_config_excludes(found, top, walk_opts):
    """A folder's files without those that a config file below the walked folder excludes
    (its `exclude`/`extend-exclude`, relative to its own folder, as it applies to the files
    it governs: nearest config wins, like ruff's hierarchy)."""
    from linter import files as files_mod
    from linter.runner import settings_for

    by_folder: dict = {}
    kept = []
    for f in found:
        folder = os.path.dirname(f)
        s = by_folder.get(folder)
        if s is None:
            s = by_folder[folder] = settings_for(f, walk_opts)
        if s.config_file != top.config_file and files_mod.excluded(
                f, s.exclude_patterns, s.root, s.root):
            continue
        kept.append(f)
    return kept


def _refuse_input_as_output(output_file: str, files) -> None:
    """Refuse an ``--output-file`` that is one of the files to check: writing the report
    would overwrite (the streaming reports: truncate before reading) the text checked."""
    try:
        out = os.stat(output_file)
    except OSError:
        return  # a new file: no input can be it
    for f in files:
        if f == "-":
            continue
        try:
            st = os.stat(f)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            raise fail(f"--output-file {output_file}: is also an input ({f}); it would be overwritten")


def _exit(results, documents, opts, fail_on_spin_score, errors: bool) -> "click.exceptions.Exit":
    """The run's exit code (see the module docstring) as the exception ``check`` raises."""
    from linter.engine import fails
    from linter.runner import settings_for

    failing = any(fails(r.findings, settings_for(r.path, opts).fail_on) for r in results)
    if fail_on_spin_score is not None:
        failing = failing or any(d["spin_score"] >= fail_on_spin_score for d in documents if d["words"])
    if errors:
        return click.exceptions.Exit(EXIT_ERROR)
    return click.exceptions.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def _check_streaming(files, opts, stdin_text, fmt, output_file, no_color, errors, progress, fail_on_spin_score,
                     unread=()):
    """``check`` for a streaming format (``streams``) without fixes or a run-level grammar pass:
    each file's part of the report is written as soon as the file (and every file before
    it) is checked, and its text is dropped after, so output starts at once and memory does
    not grow with the texts of a large collection.  The bytes are those ``render`` gives
    for the whole run.  Exits like ``check``."""
    from linter.fix import fixable
    from linter.report import ReportContext, streaming
    from linter.runner import iter_results
    from linter.spin import summarise
    from linter.textio import read_path

    part, tail = streaming(fmt)
    ctx = ReportContext(version=__version__, run_errors=len(errors), files=len(unread) + len(files))
    ctx.color = fmt == "text" and not output_file and _use_color(no_color)
    try:
        out = open(output_file, "w", encoding="utf-8", errors="surrogateescape") if output_file else None
    except OSError as exc:
        raise fail(f"{output_file}: cannot write ({exc.strerror or exc})") from None
    for e in errors:
        click.echo(f"medlint: error: {e}", err=True)
    over_bar = progress and not out and _isatty(sys.stdout)  # printed above the progress bar

    def write(text: str) -> None:
        if not text:
            return
        if out:
            try:
                out.write(text)
            except OSError as exc:
                raise fail(f"{output_file}: cannot write ({exc.strerror or exc})") from None
        elif over_bar:
            from tqdm import tqdm

            tqdm.write(text, end="")
        else:
            click.echo(text, nl=False)  # (a closed pipe: see Group.invoke)

    results, failed = list(unread), False
    try:
        for r in unread:  # (their errors are on stderr already)
            write(part(r, ctx))
        for r in iter_results(files, opts, stdin_text, progress=progress):
            if r.error:
                failed = True
                click.echo(f"medlint: error: {r.error}", err=True)
            elif fmt == "text" and r.findings and r.text is None:
                try:
                    r.text = read_path(r.path).text  # for the source lines under each finding
                except MedlintError:
                    pass
            write(part(r, ctx))
            r.text = r.raw = None
            results.append(r)
        ctx.documents = summarise(results)
        ctx.fixable = sum(len(fixable(r.findings)) for r in results)
        write(tail(results, ctx))
    finally:
        if out:
            try:
                out.close()  # (flushes: a full disk or an I/O error shows here)
            except OSError as exc:
                raise fail(f"{output_file}: cannot write ({exc.strerror or exc})") from None
    raise _exit(results, ctx.documents, opts, fail_on_spin_score, bool(errors) or failed)


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(sys.stdout)


def _isatty(stream) -> bool:
    """(a stream is None when its descriptor was closed: ``medlint check docs/ >&-``)"""
    return stream is not None and stream.isatty()


def _apply_fixes(results, write: bool, diff_to_stderr: bool = False):
    """Fix (or diff) every result; returns the results with the remaining findings and the
    errors (a file that could not be written keeps its findings and gets the error).  The diff
    goes to stderr with ``diff_to_stderr`` (a JSON, SARIF, JUnit or GitHub report: stdout
    carries that document only)."""
    from linter.fix import ChangedOnDisk, apply, fixable, remaining, unified_diff, write_atomic
    from linter.textio import content_digest, encode

    out, errors = [], []
    for r in results:
        # stdin is a filter (like ruff's): its text, fixed or not, is all that goes to stdout
        stdin = write and r.path == "-" and not r.error and r.text is not None
        if not stdin and (r.error or r.text is None or not fixable(r.findings)):
            out.append(r)
            continue
        if not stdin and r.digest is not None and r.raw is not None and content_digest(r.raw) != r.digest:
            # (edited between being checked and being read again for the fix: the findings are
            # the old text's)
            click.echo(f"medlint: warning: {r.path}: changed since it was checked; not {'fixed' if write else 'diffed'}",
                       err=True)
            out.append(r)
            continue
        new_text, n = apply(r.text, r.findings)
        if stdin:
            if sys.stdout is not None:  # (None: closed, ``>&-``)
                # in the input's encoding, with its byte-order mark, as a fixed file keeps them
                sys.stdout.flush()
                sys.stdout.buffer.write(encode(new_text, r.bom))
                sys.stdout.buffer.flush()
            r.findings, r.text = remaining(r.text, new_text, r.findings), new_text
            out.append(r)
            continue
        if not write:
            click.echo(unified_diff(r.path, r.text, new_text), nl=False, err=diff_to_stderr)
            out.append(r)
            continue
        try:
            write_atomic(r.path, new_text, r.bom, r.raw)
        except ChangedOnDisk:
            click.echo(f"medlint: warning: {r.path}: changed since it was read; not fixed", err=True)
            out.append(r)
            continue
        except OSError as exc:
            r.error = f"{r.path}: cannot write ({exc.strerror or exc}); not fixed"
            click.echo(f"medlint: error: {r.error}", err=True)
            errors.append(r.error)
            out.append(r)
            continue
        click.echo(f"Fixed {n} finding{'s' * (n != 1)} in {r.path}", err=True)
        r.findings, r.text = remaining(r.text, new_text, r.findings), new_text
        out.append(r)
    return out, errors


@main.group("rules", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def rules_cmd(ctx, fmt):
    """List the rules of every pack (or import a list: `medlint rules import FILE`)."""
    if ctx.invoked_subcommand:
        return
    import json

    rules = _project_rules().rules
    if fmt == "json":
        click.echo(json.dumps([{"id": r.id, "term": r.term, "severity": r.severity, "fix": "safe" if r.fix_safe else "unsafe",
                                "patterns": list(r.patterns), "suggestions": list(r.suggestions)} for r in rules], indent=2))
        return
    for r in rules:
        click.echo(f"{r.id:48} {r.severity:8} {'safe' if r.fix_safe else 'unsafe':6}  -> {r.suggestions[0]}")
    click.echo(_rules_count(len(rules)))


def _rules_count(n: int) -> str:
    return f"{n} rule{'s' * (n != 1)}"


_LAYER_RULE_HELP = {
    "lexicon/swapped-term": "The generic swap detector: a 2-5-word phrase that becomes a known health term when one or "
                            "two thesaurus swaps are undone; the suggestion is that term. Inferred, so never auto-fixed.",
    "lexicon/reordered-term": "The generic detector: a known health term turned into a relative clause "
                              "(\"blood cells that are white\"); the suggestion is the term. Inferred, so never auto-fixed.",
    "consistency/term-variant": "Within one document, variants of one term that differ by a synonym swap or word "
                                "order; the established form is suggested for the others. Never auto-fixed.",
    "grammar/repeated-word": "Spinner debris: a word repeated (\"quality quality\").",
    "grammar/fused-words": "Spinner debris: words fused together (\"nonspecificityback\").",
    "grammar/hidden-character": "A word with an invisible character (soft hyphen, zero-width space) or in full-width "
                                "letters inside it, which hides it from search and term checks (\"re\u00adduced\").",
    "grammar/": "A LanguageTool rule (grammar/<LanguageTool rule id>), reported when LanguageTool is on.",
    "medlint/unused-suppression": "A suppression comment that silenced nothing (with --report-unused-suppressions).",
    "medlint/unknown-suppressed-rule": "A suppression comment naming a rule, pack or source that does not exist: "
                                       "the typo silences nothing.",
}


def _project_rules():
    """The bundled packs and the current folder's configured ``extend-rules`` (as ``check -`` sees them)."""
    from linter.packs import load_rules
    from linter.runner import RunOptions, settings_for

    return load_rules(tuple(settings_for("-", RunOptions()).extend_rules))


@rules_cmd.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--pack", default="imported", show_default=True, help="Pack name (rule id prefix).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the pack here (default: stdout).")
def rules_import(source, pack, output):
    """Turn a CSV/TSV/JSON list of garbled -> correct pairs into a rule pack
    (add it with `extend-rules`)."""
    import re

    import yaml

    from linter.importer import read_pairs, to_pack
    from linter.packs import parse_pack
    from linter.textio import read_path

    if not re.match(r"^[a-z0-9][a-z0-9-]*$", pack):
        raise fail(f"--pack: {pack!r} must be lower-case letters, digits and '-'")
    pairs = read_pairs(source, read_path(source).text)
    if output and os.path.exists(output) and os.path.samefile(source, output):
        raise fail(f"--output {output}: is the list being imported ({source}); it would be overwritten")
    data = to_pack(pairs, pack)
    if not data["rules"]:
        raise fail(f"{source}: no garbled -> correct pairs found")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    parse_pack(output or "<output>", text)  # the written pack must load
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise fail(f"{output}: cannot write ({exc.strerror or exc})") from None
        click.echo(f"Wrote {_rules_count(len(data['rules']))} to {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Show a rule's message, patterns, suggestions and examples."""
    from linter import messages

    rules = _project_rules().by_id()
    layer = _LAYER_RULE_HELP.get(rule_id) or (_LAYER_RULE_HELP["grammar/"] if rule_id.startswith("grammar/") else None)
    if rule_id not in rules and layer:  # (a rule of a detection layer, not of a pack: check reports it too)
        click.echo(f"{rule_id}  (source {rule_id.split('/')[0] if not rule_id.startswith('medlint/') else 'suppression'})\n\n{layer}")
        return
    if rule_id not in rules:
        close = [r for r in rules if rule_id.strip() and rule_id in r][:5]
        hint = f" (did you mean: {', '.join(close)})" if close else ""
        raise fail(f"unknown rule {rule_id!r}{hint}")
    r = rules[rule_id]
    lines = [f"{r.id}  ({r.severity}, fix {'safe' if r.fix_safe else 'unsafe'}, confidence {r.confidence})",
             "", messages.example(r), "", f"Correct term: {r.term}", f"Suggestions: {', '.join(r.suggestions)}"]
    if r.patterns:
        lines += ["Garbled forms: " + ", ".join(r.patterns)]
    if r.token_patterns:
        lines += [f"Token patterns: {len(r.token_patterns)}"]
    if r.flag_examples:
        lines += ["", "Flagged:"] + [f"  - {e}" for e in r.flag_examples]
    if r.pass_examples:
        lines += ["", "Not flagged:"] + [f"  - {e}" for e in r.pass_examples]
    lines += ["", f"Defined in {os.path.basename(r.file)}"]
    click.echo("\n".join(lines))


@main.command("eval")
@click.argument("gold", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--only", multiple=True, type=click.Choice(LAYERS), help="Run only these layers.")
@click.option("--without", multiple=True, type=click.Choice(LAYERS), help="Switch these layers off.")
@click.option("--verbose", "-v", is_flag=True, help="List false positives, misses and wrong suggestions.")
def eval_cmd(gold, fmt, only, without, verbose):
    """Score medlint against annotated GOLD files or folders (*.gold.txt / *.gold.md);
    other text files given are scored as clean text."""
    import json

    from linter.evaluate import evaluate, table

    layers = tuple(l for l in (only or LAYERS) if l not in without)
    if not layers:
        raise click.UsageError("--only and --without leave no layer to run")
    report = evaluate(gold, layers=layers)
    if fmt == "json":
        if not verbose:
            report.pop("details")
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(table(report, verbose), nl=False)
from linter.scan import scan as _scan_command  # noqa: E402
main.add_command(_scan_command)
