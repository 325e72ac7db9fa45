"""``--format json``: the stable machine interface documented in the README."""
from __future__ import annotations

import json


def document(results, ctx) -> dict:
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    out = {
        "version": ctx.version,
        "files": len(results),
        "findings": [f.to_json() for f in findings],
        "errors": errors(results),
    }
    if ctx.documents:
        out["documents"] = ctx.documents
    return out


def errors(results) -> list[dict]:
    """The files that could not be checked (they count in ``files``), with the one-line
    reason that stderr also shows (without the path), in input order."""
    return [{"path": r.path, "message": r.error[len(r.path) + 2:] if r.error.startswith(f"{r.path}: ") else r.error}
            for r in results if r.error]


def render(results, ctx) -> str:
    """``json.dumps(document(results, ctx), indent=2)``, written one finding at a time: the
    whole document as dicts held at once cost ~80 MB of peak memory for 15,000 findings."""
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    parts = [_head(ctx.version, len(results))]
    parts.append(_array((f.to_json() for f in findings), bool(findings)))
    parts.append(_rest(results, ctx))
    return "".join(parts)


def stream():
    """(``result``, ``tail``) writing ``render``'s bytes file by file, for files given in
    path order (``linter.report.streams``): each file's findings as it is checked, so no text
    or finding of an earlier file need be held for the report."""
    written = [False, 0]  # head written, findings written

    def result(r, ctx) -> str:
        parts = [] if written[0] else [_head(ctx.version, ctx.files)]
        written[0] = True
        for f in sorted(r.findings, key=lambda f: f.sort_key()):
            parts.append(("[\n" if not written[1] else ",\n") + _item(f.to_json()))
            written[1] += 1
        return "".join(parts)

    def tail(results, ctx) -> str:
        head = "" if written[0] else _head(ctx.version, ctx.files)
        return head + ("\n  ]" if written[1] else "[]") + _rest(results, ctx)

    return result, tail


def _head(version: str, files: int) -> str:
    return json.dumps({"version": version, "files": files}, indent=2, ensure_ascii=False)[:-2] + ',\n  "findings": '


def _rest(results, ctx) -> str:
    """What follows the findings: errors, documents, the closing brace."""
    errs = errors(results)
    parts = [',\n  "errors": ', _array(errs, bool(errs))]
    if ctx.documents:
        parts += [',\n  "documents": ', _array(ctx.documents, True)]
    parts.append("\n}\n")
    return "".join(parts)


def _item(item) -> str:
    """One element of a second-level array of an ``indent=2`` document."""
    return "    " + json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")


def _array(items, any_items: bool) -> str:
    """A JSON array at the second level of an ``indent=2`` document."""
    if not any_items:
        return "[]"
    return "[\n" + ",\n".join(_item(item) for item in items) + "\n  ]"
