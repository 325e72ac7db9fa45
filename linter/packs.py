"""Loading and validating rule packs (``rules/*.yml`` and ``extend-rules`` paths)."""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from linter.data import data_dir
from linter.errors import PackError
from linter.findings import SEVERITIES
from linter import messages

RULE_KEYS = {
    "id", "term", "patterns", "token-patterns", "suggestions", "inflect", "message",
    "severity", "confidence", "fix", "context", "examples",
}
CONTEXT_KEYS = {"window", "near-any", "near-none", "document-any", "document-none"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$")


@dataclass(frozen=True)
class Context:
    window: int = 25
    near_any: tuple[str, ...] = ()
    near_none: tuple[str, ...] = ()
    document_any: tuple[str, ...] = ()
    document_none: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    file: str
    term: str
    patterns: tuple[str, ...]
    token_patterns: tuple = ()
    suggestions: tuple[str, ...] = ()
    inflect: bool = True
    message: str = ""
    severity: str = "warning"
    confidence: float = 0.9
    fix_safe: bool = True
    context: Context = field(default_factory=Context)
    flag_examples: tuple[str, ...] = ()
    pass_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    digest: str  # hash of the pack files' contents, for the cache key
    # key of this pack set in the compiled-rules cache (linter.rulecache); "" = not cached
    cache_key: str = field(default="", compare=False, repr=False)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def cached(self, name: str, compute):
        """A value derived from these rules only (``compute()``), kept in the compiled-rules
        cache beside them: the same packs give the same value in every run."""
        if not self.cache_key:
            return compute()
        from linter import rulecache

        return rulecache.part(self.cache_key, name, compute)


def _fail(file, rule, fld, problem):
    raise PackError(f"{file}: {rule or '-'}: {fld}: {problem}")


def _str_list(file, rid, key, value, required=False):
    if value is None:
        if required:
            _fail(file, rid, key, "missing (a list of strings is required)")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(file, rid, key, "must be a list of non-empty strings")
    if required and not value:
        _fail(file, rid, key, "must not be empty")
    return tuple(v.strip() for v in value)


def _lemma_words(file, rid, key, value):
    from linter.nlp import lemma_of

    return tuple(lemma_of(w) for w in _str_list(file, rid, key, value))


def _validate_token_pattern(file, rid, pat):
    if not isinstance(pat, list) or not pat or not all(isinstance(t, dict) for t in pat):
        _fail(file, rid, "token-patterns", "each pattern must be a non-empty list of token mappings")
    return pat


def parse_rule(file: str, pack: str, raw) -> Rule:
    if not isinstance(raw, dict):
        _fail(file, None, "rules", "each rule must be a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        _fail(file, rid, "id", "must look like 'pack/name' (lower case letters, digits, '-')")
    if not rid.startswith(pack + "/"):
        _fail(file, rid, "id", f"must start with the pack name '{pack}/'")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        _fail(file, rid, sorted(unknown)[0], f"unknown key (allowed: {', '.join(sorted(RULE_KEYS))})")
    patterns = _str_list(file, rid, "patterns", raw.get("patterns"))
    token_patterns = raw.get("token-patterns") or []
    if not isinstance(token_patterns, list):
        _fail(file, rid, "token-patterns", "must be a list of patterns")
    token_patterns = tuple(_validate_token_pattern(file, rid, p) for p in token_patterns)
    if not patterns and not token_patterns:
        _fail(file, rid, "patterns", "a rule needs 'patterns' or 'token-patterns'")
    suggestions = _str_list(file, rid, "suggestions", raw.get("suggestions"), required=True)
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        _fail(file, rid, "message", "missing (say why the phrase is wrong)")
    try:
        unknown_fields = messages.fields(message) - messages.PLACEHOLDERS
    except ValueError as exc:
        _fail(file, rid, "message", f"malformed placeholder ({exc}; write a literal brace as {{{{ or }}}})")
    if unknown_fields:
        _fail(file, rid, "message", f"unknown placeholder {{{sorted(unknown_fields)[0]}}} "
                                    f"(allowed: {', '.join('{' + p + '}' for p in sorted(messages.PLACEHOLDERS))})")
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        _fail(file, rid, "severity", f"must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    confidence = raw.get("confidence", 0.9)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        _fail(file, rid, "confidence", "must be a number between 0 and 1")
    fix = raw.get("fix", "safe")
    if fix not in ("safe", "unsafe"):
        _fail(file, rid, "fix", f"must be 'safe' or 'unsafe', not {fix!r}")
    inflect = raw.get("inflect", True)
    if not isinstance(inflect, bool):
        _fail(file, rid, "inflect", "must be true or false")
    ctx = raw.get("context") or {}
    if not isinstance(ctx, dict):
        _fail(file, rid, "context", "must be a mapping")
    bad = set(ctx) - CONTEXT_KEYS
    if bad:
        _fail(file, rid, f"context.{sorted(bad)[0]}", f"unknown key (allowed: {', '.join(sorted(CONTEXT_KEYS))})")
    window = ctx.get("window", 25)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        _fail(file, rid, "context.window", "must be a positive integer")
    context = Context(
        window=window,
        near_any=_lemma_words(file, rid, "context.near-any", ctx.get("near-any")),
        near_none=_lemma_words(file, rid, "context.near-none", ctx.get("near-none")),
        document_any=_lemma_words(file, rid, "context.document-any", ctx.get("document-any")),
        document_none=_lemma_words(file, rid, "context.document-none", ctx.get("document-none")),
    )
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"}:
        _fail(file, rid, "examples", "must be a mapping with 'flag' and/or 'pass' lists")
    term = raw.get("term", suggestions[0])
    if not isinstance(term, str):
        _fail(file, rid, "term", "must be a string")
    return Rule(
        id=rid, pack=pack, file=file, term=term, patterns=patterns, token_patterns=token_patterns,
        suggestions=suggestions, inflect=inflect, message=" ".join(message.split()),
        severity=severity, confidence=float(confidence), fix_safe=(fix == "safe"), context=context,
        flag_examples=_str_list(file, rid, "examples.flag", examples.get("flag")),
        pass_examples=_str_list(file, rid, "examples.pass", examples.get("pass")),
    )


def parse_pack(file: str, content: str) -> list[Rule]:
    import yaml

    try:
        data = yaml.load(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~10x faster
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        _fail(file, None, where, f"invalid YAML ({getattr(exc, 'problem', exc)})")
    if not isinstance(data, dict):
        _fail(file, None, "pack", "a pack must be a mapping with 'pack' and 'rules'")
    unknown = set(data) - {"pack", "description", "rules"}
    if unknown:
        _fail(file, None, sorted(unknown)[0], "unknown key (allowed: description, pack, rules)")
    pack = data.get("pack")
    if not isinstance(pack, str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", pack):
        _fail(file, None, "pack", "missing or not a lower-case name")
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        _fail(file, None, "rules", "must be a non-empty list")
    return [parse_rule(file, pack, r) for r in rules]


def _folder_packs(path: Path) -> list[Path]:
    return sorted(path.glob("*.yml")) + sorted(path.glob("*.yaml"))


def extend_rules_problem(path: str, shown: str | None = None) -> str | None:
    """Why the ``extend-rules`` entry ``path`` names no rule pack (a message naming it as
    ``shown``), or None when it is a file or a folder with packs in it."""
    shown = shown or path
    p = Path(path)
    if p.is_dir():
        if not os.access(p, os.R_OK | os.X_OK):
            return f"folder {shown} cannot be read"
        if not _folder_packs(p):
            return f"folder {shown} holds no rule packs (*.yml or *.yaml)"
        return None
    if p.is_file():
        return None
    if p.exists():  # (/dev/null, a FIFO, a socket)
        return f"{shown} is not a rule pack (a YAML file or a folder of them)"
    return f"{shown}: no such file or directory"


def pack_files(extra: tuple[str, ...] = ()) -> list[Path]:
    files = sorted(data_dir("rules").glob("*.yml"))
    for p in extra:
        problem = extend_rules_problem(p)
        if problem:
            raise PackError(f"extend-rules: {problem}")
        path = Path(p)
        files.extend(_folder_packs(path) if path.is_dir() else [path])
    return files


@functools.lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> RuleSet:
    """All bundled packs plus ``extra`` pack files or folders, validated.

    The parsed rules are kept in the compiled-rules cache (``linter.rulecache``), keyed by
    the files' paths and contents: YAML is parsed only when a pack changed."""
    from linter import rulecache

    files: list[tuple[Path, str]] = []
    digest = hashlib.sha256()
    for path in pack_files(extra):
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(f"{path}: -: -: cannot read ({exc})") from None
        digest.update(str(path.name).encode() + b"\0" + content.encode())
        files.append((path, content))
    hexdigest = digest.hexdigest()
    key = rulecache.key_for([p for p, _ in files], hexdigest)
    rules = rulecache.part(key, "rules", lambda: _parse_all(files))
    return RuleSet(rules=rules, digest=hexdigest, cache_key=key)


def _parse_all(files: list[tuple[Path, str]]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, content in files:
        for rule in parse_pack(str(path), content):
            if rule.id in seen:
                _fail(str(path), rule.id, "id", f"duplicate (also in {seen[rule.id]})")
            seen[rule.id] = str(path)
            rules.append(rule)
    return tuple(rules)
