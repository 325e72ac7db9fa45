"""Rule messages that name what was actually found.

A rule's ``message`` may hold two placeholders, filled in for each finding:

* ``{match}``: the text found, as written ("Bust cancer");
* ``{swap}``: what the spinner did to the term, worked out by aligning the words found
  with the suggestion: ``"breast" was replaced by the thesaurus substitute "bust", which
  is not used in this sense``, or ``the spinner padded the fixed term with "coronary"``.

A rule with several garbled forms thus never quotes one form while another was found.
Where no finding is at hand (``medlint explain``, a SARIF rule's description) the rule's
first pattern stands in for the text found (``example``).  Any other ``{...}`` in a
message is a pack error (``fields``); a literal brace is written ``{{`` or ``}}``.
"""
from __future__ import annotations

import string

PLACEHOLDERS = frozenset({"match", "swap"})


def fields(template: str) -> set[str]:
    """The placeholders ``template`` uses; raises ValueError for a malformed template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _quoted(words) -> str:
    return '"' + " ".join(words) + '"'


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_swap(found: str, term: str) -> str:
    """What turned ``term`` into ``found``, word by word (case and spacing ignored)."""
    import difflib  # (only when a message asks for it: ~9 ms of imports)

    a, b = term.split(), found.split()
    replaced, padded, dropped = [], [], []
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in a], b=[w.lower() for w in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            replaced.append((a[i1:i2], b[j1:j2]))
        elif op == "insert":
            padded.append(b[j1:j2])
        elif op == "delete":
            dropped.append(a[i1:i2])
    if padded and dropped:  # words moved about, not swapped: say so plainly
        return f"the spinner reworded {_quoted(a)} as {_quoted(b)}"
    parts = []
    if replaced:
        originals = _and([_quoted(o) for o, _ in replaced])
        substitutes = _and([_quoted(s) for _, s in replaced])
        if len(replaced) == 1:
            parts.append(f"{originals} was replaced by the thesaurus substitute {substitutes}, "
                         "which is not used in this sense")
        else:
            parts.append(f"{originals} were replaced by the thesaurus substitutes {substitutes}, "
                         "which are not used in this sense")
    if padded:
        parts.append("the spinner padded the fixed term with " + _and([_quoted(p) for p in padded]))
    if dropped:
        parts.append("the spinner dropped " + _and([_quoted(d) for d in dropped]) + " from the fixed term")
    return "; ".join(parts) if parts else f"the spinner rewrote {_quoted(a)}"


def render(template: str, found: str, suggestion: str) -> str:
    """``template`` with its placeholders filled in for ``found`` (suggested: ``suggestion``)."""
    if "{" not in template and "}" not in template:
        return template
    names = fields(template)
    values = {}
    if "match" in names:
        values["match"] = found
    if "swap" in names:
        values["swap"] = describe_swap(found, suggestion)
    return template.format(**values)


def example(rule) -> str:
    """A rule's message as a finding of its first garbled form would read."""
    if "{" not in rule.message and "}" not in rule.message:
        return rule.message
    found = rule.patterns[0] if rule.patterns else rule.term
    return render(rule.message, found, rule.suggestions[0] if rule.suggestions else rule.term)
