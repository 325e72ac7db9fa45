"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, ...).

One ``<testsuite name="medlint">`` (inside ``<testsuites>``) with one ``<testcase>`` per
checked file.  Every finding is a ``<failure type="RULE-ID" message="...">`` of its
file's test case, so ``failures`` counts findings; a file that could not be checked
has an ``<error>`` instead, counted in ``errors``.  Built with ``xml.etree``, so the
output is well-formed whatever the text contains.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from linter.report._common import repo_relative

# Characters XML 1.0 cannot hold at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(value) -> str:
    return _INVALID_XML.sub("\ufffd", str(value))


def _failure_message(f) -> str:
    msg = f"{f.line}:{f.column}: {f.message.strip() or f.rule}"
    if f.suggestions:
        msg += f" (suggestion: {f.suggestions[0]})"
    return msg


def _failure_body(f, path: str) -> str:
    lines = [f'{path}:{f.line}:{f.column}: {f.rule} [{f.severity}] "{f.text}"', f.message.strip()]
    if f.suggestions:
        lines.append(f"Suggestions: {', '.join(f.suggestions)}")
    lines.append(f"Confidence: {round(float(f.confidence), 3)} ({f.source})")
    return "\n".join(lines)


def document(results, ctx) -> ET.Element:
    findings = sum(len(r.findings) for r in results)
    errors = sum(1 for r in results if r.error)
    counts = {"tests": str(len(results)), "failures": str(findings), "errors": str(errors),
              "skipped": "0", "time": "0"}
    root = ET.Element("testsuites", {"name": "medlint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "medlint", **counts})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "medlint.version", "value": clean(ctx.version)})
    for r in results:
        path = repo_relative(r.path)[0]
        case = ET.SubElement(suite, "testcase", {"classname": "medlint", "name": clean(path),
                                                 "file": clean(path), "time": "0"})
        if r.error:
            err = ET.SubElement(case, "error", {"type": "not-fixed" if r.checked else "unreadable",
                                                "message": clean(r.error)})
            err.text = clean(r.error)
        for f in sorted(r.findings, key=lambda f: f.sort_key()):
            failure = ET.SubElement(case, "failure", {"type": clean(f.rule), "message": clean(_failure_message(f))})
            failure.text = clean(_failure_body(f, path))
    return root


def render(results, ctx) -> str:
    root = document(results, ctx)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
