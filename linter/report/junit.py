"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, ...).

``<testsuites name="medlint">`` holds one ``<testsuite>`` per checked file (named by its
path) and each finding is a ``<testcase>`` of it with one ``<failure type="RULE-ID"
message="...">``: JUnit readers (Jenkins, GitLab) show one failure per test case, so a
file's findings after the first would be hidden if they shared one.  A file without
findings has one passing test case ("no findings"); a file that could not be checked
(or fixed) has a test case with an ``<error>``.  ``tests`` counts the test cases,
``failures`` the findings, ``errors`` the files in error, in each suite and in the total.
Built with ``xml.etree``, so the output is well-formed whatever the text contains.
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


def _counts(tests: int, failures: int, errors: int) -> dict[str, str]:
    return {"tests": str(tests), "failures": str(failures), "errors": str(errors), "skipped": "0", "time": "0"}


def _suite(root, r, version: str) -> tuple[int, int, int]:
    path = clean(repo_relative(r.path)[0])
    suite = ET.SubElement(root, "testsuite", {"name": path})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "medlint.version", "value": clean(version)})
    cases = []
    for f in sorted(r.findings, key=lambda f: f.sort_key()):
        case = ET.Element("testcase", {"classname": path, "name": clean(f"{f.rule} at {f.line}:{f.column}"),
                                       "file": path, "line": str(f.line), "time": "0"})
        failure = ET.SubElement(case, "failure", {"type": clean(f.rule), "message": clean(_failure_message(f))})
        failure.text = clean(_failure_body(f, path))
        cases.append(case)
    if r.error:
        case = ET.Element("testcase", {"classname": path, "name": "not fixed" if r.checked else "unreadable",
                                       "file": path, "time": "0"})
        err = ET.SubElement(case, "error", {"type": "not-fixed" if r.checked else "unreadable",
                                            "message": clean(r.error)})
        err.text = clean(r.error)
        cases.append(case)
    if not cases:
        cases.append(ET.Element("testcase", {"classname": path, "name": "no findings", "file": path, "time": "0"}))
    counts = (len(cases), len(r.findings), 1 if r.error else 0)
    suite.attrib.update(_counts(*counts))
    suite.extend(cases)
    return counts


def document(results, ctx) -> ET.Element:
    root = ET.Element("testsuites", {"name": "medlint"})
    counts = [_suite(root, r, ctx.version) for r in results]
    root.attrib.update(_counts(*(sum(c[i] for c in counts) for i in range(3))))
    return root


def render(results, ctx) -> str:
    root = document(results, ctx)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
