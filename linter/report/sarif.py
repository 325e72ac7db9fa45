"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run.  ``tool.driver.rules`` holds a descriptor for every rule that has a result
(pack rules from ``ctx.rules`` or the bundled packs; rules without a pack entry, such
as LanguageTool's ``grammar/...`` ones, get a descriptor made from their finding).

Columns and ``charOffset``/``charLength`` count Unicode code points, exactly like the
JSON format (``run.columnKind`` is ``unicodeCodePoints``); ``endColumn`` is one past the
last character, as SARIF defines it.  Paths inside the current directory are written
relative to it with ``uriBaseId`` ``%SRCROOT%``; others as absolute ``file:`` URIs.
Files that could not be checked are reported as tool execution notifications, with
``executionSuccessful`` false.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from linter import messages
from linter.findings import LineIndex
from linter.report._common import LEVELS, all_findings, repo_relative, rule_lookup

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/medlint/"
SRCROOT = "%SRCROOT%"


def artifact_location(path: str, root: str | None = None) -> dict:
    if path == "-":
        return {"uri": "stdin"}
    posix, relative = repo_relative(path, root)
    if relative:
        return {"uri": quote(os.fsencode(posix), safe="/"), "uriBaseId": SRCROOT}  # (raw bytes: a non-UTF-8 name)
    return {"uri": Path(posix).as_uri()}


def _level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def _rule_name(rule_id: str) -> str:
    """``health/back-mice`` -> ``BackMice`` (SARIF wants a readable identifier)."""
    last = rule_id.rsplit("/", 1)[-1]
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", last) if p]
    return "".join(p[:1].upper() + p[1:].lower() for p in parts) or rule_id


def _precision(confidence: float) -> str:
    if confidence >= 0.95:
        return "very-high"
    if confidence >= 0.85:
        return "high"
    if confidence >= 0.6:
        return "medium"
    return "low"


def _md(text: str) -> str:
    """Escape the characters Markdown would otherwise interpret in plain prose."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _pack_descriptor(rule) -> dict:
    suggestions = list(rule.suggestions)
    message = messages.example(rule)  # (a message naming the text found reads as for the first pattern)
    text = [message, "", f"Correct term: {rule.term}", f"Suggestions: {', '.join(suggestions)}"]
    md = [_md(message), "", f"**Correct term:** {_md(rule.term)}", "",
          "**Suggestions:** " + ", ".join(f"`{s}`" for s in suggestions)]
    if rule.flag_examples:
        text += ["", "Flagged:"] + [f"  - {e}" for e in rule.flag_examples]
        md += ["", "**Flagged:**", ""] + [f"- {_md(e)}" for e in rule.flag_examples]
    if rule.pass_examples:
        text += ["", "Not flagged:"] + [f"  - {e}" for e in rule.pass_examples]
        md += ["", "**Not flagged:**", ""] + [f"- {_md(e)}" for e in rule.pass_examples]
    fix = "safe" if rule.fix_safe else "unsafe"
    text += ["", f"Fix: {fix} ({'applied by' if rule.fix_safe else 'not applied by'} medlint check --fix)"]
    md += ["", f"**Fix:** {fix} ({'applied by' if rule.fix_safe else 'not applied by'} `medlint check --fix`)"]
    return {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": f'Garbled form of "{rule.term}"'},
        "fullDescription": {"text": message},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": _level(rule.severity)},
        "properties": {
            "tags": [rule.pack, "curated"],
            "precision": _precision(rule.confidence),
            "confidence": rule.confidence,
            "term": rule.term,
            "fix": fix,
        },
    }


SOURCE_DESCRIPTIONS = {
    "curated": "A health term garbled by an article spinner.",
    "lexicon": "A phrase that looks like a thesaurus swap of a health term from medlint's lexicon.",
    "consistency": "A health term written in more than one way in the same document.",
    "grammar": "A grammar or spelling problem (medlint's grammar checks or LanguageTool).",
}


def _humanize(rule_id: str) -> str:
    last = rule_id.rsplit("/", 1)[-1]
    if last.isupper():  # LanguageTool's ids (MORFOLOGIK_RULE_EN_US) stay as they are
        return last
    words = " ".join(p for p in re.split(r"[^0-9A-Za-z]+", last) if p)
    return words[:1].upper() + words[1:] if words else rule_id


def _finding_descriptor(f) -> dict:
    """A descriptor for a rule no pack defines (``grammar/...``, lexicon, ...), made from
    its first finding: the messages of such rules differ from finding to finding, so the
    descriptions are the layer's and the finding's message is shown as an example."""
    extra = f.extra or {}
    category = extra.get("languagetool_category") or extra.get("category")
    category = category if isinstance(category, str) and category else None
    layer = SOURCE_DESCRIPTIONS.get(f.source, f"A finding of medlint's {f.source} checks.")
    short = f"{_humanize(f.rule)} ({'LanguageTool' if category else f.source})"
    full = layer + (f" LanguageTool category: {category}." if category else "")
    text = [full, "", f"Example: {f.message}"]
    md = [_md(full), "", f"**Example:** {_md(f.message)}"]
    if f.suggestions:
        text.append(f'Suggested there: {", ".join(f.suggestions)}')
        md.append("**Suggested there:** " + ", ".join(f"`{s}`" for s in f.suggestions))
    tags = [f.source] + ([category] if category else [])
    desc = {
        "id": f.rule,
        "name": _rule_name(f.rule),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": _level(f.severity)},
        "properties": {"tags": tags, "precision": _precision(f.confidence)},
    }
    url = extra.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        desc["helpUri"] = url
    return desc


def _region(f, snippet: bool = True) -> dict:
    region = {}
    if f.line >= 1:
        region.update(startLine=f.line, startColumn=f.column, endLine=f.end_line, endColumn=f.end_column)
    region.update(charOffset=f.offset, charLength=f.length)
    if snippet:
        region["snippet"] = {"text": f.text}
    return region


def _context_region(f, text: str | None, index: LineIndex | None) -> dict | None:
    """The whole line(s) of the finding, for viewers that show context."""
    if text is None or index is None or f.line < 1 or f.end_line > len(index.starts):
        return None
    start = index.starts[f.line - 1]
    end = index.starts[f.end_line] if f.end_line < len(index.starts) else len(text)
    body = text[start:end].rstrip("\r\n")
    return {"startLine": f.line, "endLine": f.end_line, "charOffset": start, "charLength": len(body),
            "snippet": {"text": body}}


def _message(f) -> str:
    text = f.message.strip() or f.rule
    if f.suggestions:
        text += f" Suggestion: {f.suggestions[0]}"
        if len(f.suggestions) > 1:
            text += f" (or: {', '.join(f.suggestions[1:3])})"
    return text


def _fingerprint(f, uri: str, occurrence: int) -> str:
    key = "\0".join((f.rule, uri, f.text.lower(), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(f, rule_index: int, location: dict, text, index, occurrence: int) -> dict:
    physical = {"artifactLocation": location, "region": _region(f)}
    context = _context_region(f, text, index)
    if context:
        physical["contextRegion"] = context
    result = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _level(f.severity),
        "message": {"text": _message(f)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"medlintFindingHash/v1": _fingerprint(f, location["uri"], occurrence)},
    }
    if f.fix_safe and f.suggestions and f.suggestions[0] != f.text:
        result["fixes"] = [{
            "description": {"text": f'Replace "{f.text}" with "{f.suggestions[0]}"'},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": _region(f, snippet=False),
                                  "insertedContent": {"text": f.suggestions[0]}}],
            }],
        }]
    result["properties"] = {
        "confidence": round(float(f.confidence), 3),
        "source": f.source,
        "severity": f.severity,
        "suggestions": list(f.suggestions),
        "fixSafe": bool(f.fix_safe),
    }
    return result


def document(results, ctx) -> dict:
    root = os.getcwd()
    lookup = rule_lookup(ctx)
    texts = {r.path: r.text for r in results}
    indexes: dict = {}
    rules: list[dict] = []
    rule_index: dict[str, int] = {}
    out_results = []
    seen: dict = {}
    for f in all_findings(results):
        if f.rule not in rule_index:
            rule = lookup(f.rule)
            rule_index[f.rule] = len(rules)
            rules.append(_pack_descriptor(rule) if rule is not None else _finding_descriptor(f))
        text = texts.get(f.path)
        if text is not None and f.path not in indexes:
            indexes[f.path] = LineIndex(text)
        location = artifact_location(f.path, root)
        key = (f.path, f.rule, f.text.lower())
        seen[key] = seen.get(key, -1) + 1
        out_results.append(_result(f, rule_index[f.rule], location, text, indexes.get(f.path), seen[key]))

    notifications = [{
        "level": "error",
        "message": {"text": r.error},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(r.path, root)}}],
    } for r in results if r.error]
    # (a run error without a file of its own, such as a path that does not exist, fails the run too)
    invocation = {"executionSuccessful": not notifications and not ctx.run_errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    driver = {
        "name": "medlint",
        "version": ctx.version,
        "semanticVersion": ctx.version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": out_results,
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(results, ctx) -> str:
    return json.dumps(document(results, ctx), indent=2, ensure_ascii=False) + "\n"
