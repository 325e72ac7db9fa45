"""Configuration: ``[tool.medlint]`` in pyproject.toml or a ``.medlint.toml``.

Found by walking up from each checked file (nearest wins); ``--config PATH``
overrides discovery and ``--isolated`` ignores every file.  Validated into one
frozen ``Settings`` value; an unknown key or bad value is a ``ConfigError``
naming the file, the key and the allowed values.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from linter.errors import ConfigError
from linter.findings import SEVERITIES, SOURCES

FILES = (".medlint.toml", "pyproject.toml")


@dataclass(frozen=True)
class LanguageToolSettings:
    url: str | None = None  # "http://host:port", or "local" to start one, None = off
    categories: tuple[str, ...] = ("GRAMMAR", "TYPOS", "CONFUSED_WORDS", "REPETITIONS", "MISC")
    ignore: tuple[str, ...] = ()
    timeout: float = 20.0
    language: str = "en-US"


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty = everything
    ignore: tuple[str, ...] = ()
    extend_rules: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (rule prefix, severity)
    exclude: tuple[str, ...] = (
        ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".medlint_cache",
        "build", "dist", ".tox", ".mypy_cache", ".pytest_cache", "site-packages",
    )
    extend_exclude: tuple[str, ...] = ()
    min_confidence: float = 0.0
    allowed_terms: tuple[str, ...] = ()
    fail_on: str = "warning"
    report_unused_suppressions: bool = False
    format_in: tuple[tuple[str, str], ...] = ()  # (extension, format)
    languagetool: LanguageToolSettings = field(default_factory=LanguageToolSettings)
    config_file: str | None = None
    root: str | None = None  # folder of the config file (project root for the cache)

    @property
    def exclude_patterns(self) -> tuple[str, ...]:
        """``exclude`` and ``extend-exclude`` together, as folder walks apply them."""
        return tuple(self.exclude) + tuple(self.extend_exclude)

    def digest(self) -> str:
        """Hash of everything that can change findings (for the result cache)."""
        data = asdict(self)
        data.pop("config_file", None)
        data.pop("root", None)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def with_overrides(self, **kw) -> "Settings":
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


_LIST_KEYS = {
    "select": "select", "ignore": "ignore", "extend-rules": "extend_rules", "exclude": "exclude",
    "extend-exclude": "extend_exclude", "allowed-terms": "allowed_terms",
}
_KEYS = sorted(set(_LIST_KEYS) | {"severity", "min-confidence", "fail-on", "format-in", "languagetool"})
_LT_KEYS = {"url": "url", "grammar-categories": "categories", "grammar-ignore": "ignore", "timeout": "timeout",
            "language": "language"}
FORMAT_NAMES = ("text", "markdown", "html", "rst")


def _err(file, key, problem):
    raise ConfigError(f"{file}: {key}: {problem}")


def _strings(file, key, value):
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _err(file, key, "must be a list of strings")
    return tuple(value)


def _choice_table(file: str, key: str, value, shape: str, choices) -> None:
    """Check a table whose every value is one of ``choices`` (``severity``, ``format-in``)."""
    if not isinstance(value, dict):
        _err(file, key, f"must be a table of {shape}")
    for name, choice in value.items():
        if choice not in choices:
            _err(file, f"{key}.{name}", f"must be one of {', '.join(choices)}, not {choice!r}")


def _extend_rules_path(file: str, base: Path, value: str) -> str:
    """An ``extend-rules`` entry as an absolute path (a relative one is the config file's
    folder's); a ``ConfigError`` when it names no rule pack: a mistyped path or an empty
    folder must not quietly check without the project's rules."""
    from linter.packs import extend_rules_problem

    if not value.strip():  # (it would be the config file's folder: every pack in it)
        _err(file, "extend-rules", "an empty path names no rule pack")
    path = value if os.path.isabs(value) else str((base / value).resolve())
    problem = extend_rules_problem(path, value if path == value else f"{value} ({path})")
    if problem:
        _err(file, "extend-rules", problem)
    return path


def parse_table(table: dict, file: str, base: Path) -> Settings:
    if not isinstance(table, dict):
        _err(file, "tool.medlint", "must be a table")
    kw: dict = {}
    for key, value in table.items():
        if key in _LIST_KEYS:
            vals = _strings(file, key, value)
            if key == "allowed-terms" and any(not v.strip() for v in vals):
                _err(file, key, "an empty term would allow (silence) every finding")
            if key == "extend-rules":
                vals = tuple(_extend_rules_path(file, base, v) for v in vals)
            kw[_LIST_KEYS[key]] = vals
        elif key == "severity":
            _choice_table(file, key, value, "rule = severity", SEVERITIES)
            kw["severity"] = tuple(sorted(value.items()))
        elif key == "min-confidence":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                _err(file, key, "must be a number between 0 and 1")
            kw["min_confidence"] = float(value)
        elif key == "fail-on":
            if value not in SEVERITIES + ("never",):
                _err(file, key, f"must be one of {', '.join(SEVERITIES + ('never',))}, not {value!r}")
            kw["fail_on"] = value
        elif key == "format-in":
            _choice_table(file, key, value, "extension = format", FORMAT_NAMES)
            if any(not k.strip(". ") for k in value):
                _err(file, key, "an empty extension names no file")
            # (lower-case: extensions are matched so, ".MDX" = ... must apply to a.mdx and a.MDX)
            kw["format_in"] = tuple(sorted(("." + k.lstrip(".").lower(), v) for k, v in value.items()))
        elif key == "languagetool":
            kw["languagetool"] = parse_languagetool(value, file)
        else:
            _err(file, key, f"unknown key (allowed: {', '.join(_KEYS)})")
    return Settings(**kw, config_file=file, root=str(base))


def parse_languagetool(value, file) -> LanguageToolSettings:
    if not isinstance(value, dict):
        _err(file, "languagetool", "must be a table")
    kw = {}
    for key, v in value.items():
        if key not in _LT_KEYS:
            _err(file, f"languagetool.{key}", f"unknown key (allowed: {', '.join(sorted(_LT_KEYS))})")
        if key in ("grammar-categories", "grammar-ignore"):
            v = _strings(file, f"languagetool.{key}", v)
        elif key == "timeout":
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < float("inf"):
                _err(file, "languagetool.timeout", "must be a positive number of seconds")  # (nan, inf too)
            v = float(v)
        elif not isinstance(v, str):
            _err(file, f"languagetool.{key}", "must be a string")
        kw[_LT_KEYS[key]] = v
    return LanguageToolSettings(**kw)


# rule ids of the layers besides the rule packs (LanguageTool's come as ``grammar/<ID>``
# at run time: every ``grammar/...`` selector is accepted)
LAYER_RULES = ("lexicon/swapped-term", "lexicon/reordered-term", "consistency/term-variant", "grammar/repeated-word",
               "grammar/fused-words", "grammar/hidden-character", "medlint/unused-suppression", "medlint/unknown-suppressed-rule")


def known_selectors(known_ids) -> frozenset[str]:
    """Every source, pack, rule-id prefix and rule id a selector may name."""
    known = set(SOURCES) | {"suppression"}
    for rid in (*known_ids, *LAYER_RULES):
        parts = rid.split("/")
        known.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(known)


def validate_selectors(settings: Settings, known_ids, command_line: bool = False) -> None:
    """select/ignore/severity entries must name a source, pack or rule prefix (a selector
    matches a rule whose id starts with it, see ``engine.matches_selector``): a typo would
    silently switch rules off.  ``command_line``: the entries are --select/--ignore's."""
    known = known_selectors(known_ids)
    for key, values in (("select", settings.select), ("ignore", settings.ignore),
                        ("severity", tuple(k for k, _ in settings.severity))):
        for v in values:
            where = f"--{key}" if command_line else f"{settings.config_file or '-'}: {key}"
            if not v:  # ("" is a prefix of every rule id: it would select, ignore or re-rank them all)
                raise ConfigError(f"{where}: an empty selector {v!r} would match every rule")
            if v.startswith("grammar/") or v in known or any(k.startswith(v) for k in known):
                continue
            raise ConfigError(f"{where}: unknown rule, pack or source {v!r} (see `medlint rules`)")


def read_file(path: Path) -> Settings | None:
    """Settings from one config file, or None for a pyproject.toml without [tool.medlint]."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: -: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: -: invalid TOML ({exc})") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        _err(str(path), "tool", "must be a table ([tool.medlint])")
    if path.name == "pyproject.toml":
        table = tool.get("medlint")
        if table is None:
            return None
    else:
        table = tool.get("medlint", data)
        stray = sorted(k for k in data if k != "tool") if table is not data else []
        if stray:  # (they would be read nowhere: [tool.medlint] wins)
            _err(str(path), stray[0], "a top-level key beside [tool.medlint]; put every key in one of them")
    return parse_table(table, str(path), path.parent.resolve())


@functools.lru_cache(maxsize=256)
def discover(folder: str) -> Settings:
    """Nearest config at or above ``folder``; defaults when there is none."""
    d = Path(folder).resolve()
    for candidate in (d, *d.parents):
        for name in FILES:
            p = candidate / name
            if p.is_file():
                settings = read_file(p)
                if settings is not None:
                    return settings
    return Settings()
