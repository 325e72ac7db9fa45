"""``--format json``: the stable machine interface documented in the README."""
from __future__ import annotations

import json


def document(results, ctx) -> dict:
    findings = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key())
    out = {
        "version": ctx.version,
        "files": len(results),
        "findings": [f.to_json() for f in findings],
    }
    if ctx.documents:
        out["documents"] = ctx.documents
    return out


def render(results, ctx) -> str:
    return json.dumps(document(results, ctx), indent=2, ensure_ascii=False) + "\n"
