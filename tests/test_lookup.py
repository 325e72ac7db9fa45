"""Start-up data: the lookup tries (scripts/build_lookup.py) hold exactly the pickles' data,
phrase matching without spaCy's PhraseMatcher finds what it found, the Zipf table equals
wordfreq, and spaCy is imported without its command line."""
from __future__ import annotations

import gzip
import itertools
import math
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_lookup  # noqa: E402

from linter import lexicon as L  # noqa: E402
from linter import nlp  # noqa: E402

CORPUS = L.data_dir()


def _load(rel):
    with (gzip.open if rel.endswith(".gz") else open)(CORPUS / rel, "rb") as fh:
        return pickle.load(fh)


@pytest.fixture(scope="module")
def lexicon():
    return _load("lexicon/lexicon.pickle.gz")


@pytest.fixture(scope="module")
def reverse():
    return _load("thesaurus/thesaurus.pickle.gz")["reverse"]


def test_tries_are_up_to_date():
    """Fails after a rebuilt pickle: run scripts/build_lookup.py."""
    assert build_lookup.stale(CORPUS / "lookup") == []


def test_terms_display_collocations(lexicon):
    weights, display, colloc = lexicon["weights"], lexicon["display"], lexicon["collocations"]
    assert len(L.terms()) == len(weights) and set(L.terms()) == set(weights)
    for term, w in itertools.islice(weights.items(), 0, None, 7):
        assert L.term_weight(term) == w
        assert L.display(term) == display.get(term, term)
        assert L.is_established(term)
    for bigram, count in itertools.islice(colloc.items(), 0, None, 7):
        assert L.collocation_count(bigram) == count and L.is_established(bigram)
    assert L.term_weight("heart assault") is None and L.collocation_count("heart assault") == 0


def test_established_and_word_tables(lexicon):
    weights = lexicon["weights"]
    counts = {}
    for term in weights:
        for w in set(term.split(" ")):
            counts[w] = counts.get(w, 0) + 1
    assert L.vocabulary() == frozenset(counts)
    table = L.term_word_counts()
    assert len(table) == len(counts) and all(table[w] == c for w, c in counts.items())
    assert "xyzzy" not in table and table.get("xyzzy", 0) == 0
    # sub-phrases of longer terms are established, other phrases are not
    assert L.is_established("kidney injury") and not L.is_established("kidney disappointment")


def test_reverse_keeps_order_and_exact_weights(reverse):
    for garbled, sources in itertools.islice(reverse.items(), 0, None, 5):
        got = L.sources_for(garbled)
        assert list(got.items()) == list(sources.items()), garbled
    assert L.sources_for("xyzzy-not-a-word") == {}


def test_index_matches_a_fresh_derivation(lexicon):
    index, _, _ = build_lookup.derive(lexicon["weights"])
    tries = L._index()
    for key, words in itertools.islice(index.items(), 0, None, 11):
        parts = tuple(key.split(" "))
        got = tries.get(parts)
        i = parts.index(L.WILDCARD)
        assert list(got) == list(words), key
        assert all(term == " ".join(parts[:i] + (w,) + parts[i + 1:]) for w, term in got.items())
    assert tries.get(("heart", "*", "xyzzy")) is None


def test_lemma_tables_match_the_pickle():
    tables = _load("nlp/lemmas.pickle")
    fast = nlp._tables()
    for name in ("lemma", "plural_of", "american"):
        for word, value in itertools.islice(tables[name].items(), 0, None, 13):
            assert fast[name].get(word) == value
        assert fast[name].get("xyzzyq") is None and "xyzzyq" not in fast[name]
    for word in itertools.islice(sorted(tables["plural_nouns"]), 0, None, 13):
        assert word in fast["plural_nouns"]
    assert "mouse" not in fast["plural_nouns"] and "mice" in fast["plural_nouns"]


def test_phrase_matching_equals_spacys_phrase_matcher():
    """The curated check's lemma-tuple matcher finds the (rule, start, end) set that
    spaCy's PhraseMatcher(attr="LEMMA") over pipeline-processed patterns found."""
    from spacy.matcher import PhraseMatcher

    from linter.checks.curated import Compiled
    from linter.packs import load_rules

    rules = load_rules()
    pipe = nlp.pipeline()
    reference = PhraseMatcher(pipe.vocab, attr="LEMMA")
    for rule in rules.rules:
        if rule.patterns:
            reference.add(rule.id, list(pipe.pipe(rule.patterns)))
    compiled = Compiled(rules)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "dev").glob("*"))[:10]]
    texts += [e for r in rules.rules for e in r.flag_examples + r.pass_examples]
    texts += ["Is it the " + p + "  or " + p.upper() + "?" for r in rules.rules for p in r.patterns]
    for doc in pipe.pipe(texts):
        want = sorted((pipe.vocab.strings[m], s, e) for m, s, e in reference(doc))
        got = sorted((r.id, s, e) for r, s, e in compiled.phrase_matches(doc))
        assert got == want, doc.text[:80]


def test_zipf_table_equals_wordfreq(tmp_path, monkeypatch):
    from wordfreq import get_frequency_dict

    from linter.checks import grammar

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar._zipf_table.cache_clear()
    grammar.zipf.cache_clear()
    try:
        freqs = get_frequency_dict("en", wordlist="large")
        sample = list(itertools.islice(freqs.items(), 0, None, 97)) + [("nonspecificity", freqs.get("nonspecificity"))]
        for word, f in sample:
            assert grammar.zipf(word) == (round(math.log10(f * 1e9), 2) if f else 0.0), word
        assert grammar.zipf("xyzzyqq") == 0.0
        (path,) = (tmp_path / "medlint").glob("zipf-en-*.marisa")
        # a damaged table is rebuilt, not trusted
        path.write_bytes(path.read_bytes()[:4096])
        grammar._zipf_table.cache_clear()
        grammar.zipf.cache_clear()
        for word, f in sample[:50]:
            assert grammar.zipf(word) == round(math.log10(f * 1e9), 2)
    finally:
        grammar._zipf_table.cache_clear()
        grammar.zipf.cache_clear()


def test_spacy_is_loaded_without_its_command_line():
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from linter.nlp import pipeline\n"
        "nlp = pipeline()\n"
        "assert 'spacy.cli' not in sys.modules, 'spacy.cli imported'\n"
        "import os; assert 'OPENBLAS_NUM_THREADS' not in os.environ\n"
        "import spacy, spacy.cli\n"  # the real command line still loads on demand
        "assert hasattr(spacy.cli, 'download') and spacy.cli.info.__module__ == 'spacy.cli.info'\n"
        "assert [t.lemma_ for t in nlp('Spine mice hurt.')] == ['spine', 'mouse', 'hurt', '.']\n" % str(ROOT)
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "OPENBLAS_NUM_THREADS"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
