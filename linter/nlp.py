"""The spaCy pipeline and lemma/inflection helpers, built once per process.

No statistical model is downloaded: the pipeline is ``spacy.blank("en")`` (the
rule-based English tokenizer) plus the rule-based ``sentencizer`` and a small
component that assigns lemmas from lemminflect's bundled lookup tables.

British spellings are mapped to American ones in the lemma ("tumours" -> "tumor",
"anaemia" -> "anemia"), so rules and lexicon terms match either spelling.

Lemmas are chosen without a tagger, so one word always gets the same lemma
whatever its context: auxiliary reading first ("are" -> "be", "does" -> "do"),
then noun, verb, adjective, adverb.  Rules, lexicon terms and the text are all
normalised by this same function, so matching is consistent on both sides.
"""
from __future__ import annotations

import contextlib
import functools
import re

POS_ORDER = ("AUX", "NOUN", "VERB", "ADJ", "ADV")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*$")


class _Table:
    """One of the lemma tables inside ``lookup/lemmas.marisa`` (keys carry the table's letter):
    ``get`` and ``in``, like the dicts and set of ``lemmas.pickle``."""

    def __init__(self, trie, letter: str):
        self._trie, self._letter = trie, letter

    def get(self, word: str, default=None):
        found = self._trie.get(self._letter + word)
        return found[0].decode() if found else default

    def __contains__(self, word) -> bool:
        return isinstance(word, str) and self._letter + word in self._trie


@functools.lru_cache(maxsize=1)
def _tables() -> dict:
    """lemminflect's answers under this module's policy, precomputed by
    scripts/build_lemmas.py (instead of ~0.8 s for lemminflect's CSVs), read from the
    memory-mapped trie scripts/build_lookup.py derives from ``nlp/lemmas.pickle`` (~1 ms
    instead of ~45 ms to unpickle; ``lemma_of`` keeps its answers anyway)."""
    import pickle

    from linter.data import data_dir

    corpus = data_dir("corpus")
    try:
        import marisa_trie

        trie = marisa_trie.BytesTrie().mmap(str(corpus / "lookup" / "lemmas.marisa"))
        return {"lemma": _Table(trie, "l"), "plural_of": _Table(trie, "p"), "american": _Table(trie, "a"),
                "plural_nouns": _Table(trie, "n")}
    except (ImportError, OSError, RuntimeError):  # marisa raises RuntimeError for a missing file
        pass
    try:
        with open(corpus / "nlp" / "lemmas.pickle", "rb") as fh:
            return pickle.load(fh)
    except OSError:  # a checkout without the generated table: ask lemminflect directly
        return {}


@functools.lru_cache(maxsize=1 << 16)
def lemma_of(word: str) -> str:
    """Lower-case lemma of one word (context-free, deterministic)."""
    low = word.lower()
    if not _WORD.match(low) or len(low) < 2:
        return low
    table = _tables()
    if table:
        lemma = table["lemma"].get(low)
        if lemma is None:  # not in lemminflect: still unify British and American spelling
            american = table.get("american", {})
            return american.get(low, low)
        return lemma
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(low)
    for pos in POS_ORDER:
        if pos in lemmas:
            return lemmas[pos][0]
    return low


def is_known(word: str) -> bool:
    """Whether lemminflect's dictionary (the precomputed lemma table) has the lower-case word."""
    table = _tables()
    return not table or table["lemma"].get(word) is not None


def american_of(word: str) -> str | None:
    """The American spelling of a lower-case word spelt the British way ("tumour" ->
    "tumor"), else None."""
    return _tables().get("american", {}).get(word)


def american_spellings():
    """(British, American) spelling pairs of the lemma table's map."""
    table = _tables().get("american", {})
    if isinstance(table, _Table):
        return [(k[1:], v.decode()) for k, v in table._trie.items(table._letter)]
    return list(table.items())


def normalise(phrase: str) -> str:
    """Lemma form of a phrase: lower case, each word lemmatised, single spaces."""
    return " ".join(lemma_of(t.text) for t in tokenizer()(phrase) if not t.is_space)


@functools.lru_cache(maxsize=50_000)
def is_plural_noun(word: str) -> bool:
    """True when ``word`` is the plural form of a noun ("mice", "sufferers")."""
    low = word.lower()
    if not _WORD.match(low):
        return False
    table = _tables()
    if table:
        return low in table["plural_nouns"]
    from lemminflect import getAllLemmas, getInflection

    nouns = getAllLemmas(low).get("NOUN")
    if not nouns:
        return False
    lemma = nouns[0]
    if lemma == low:
        return False
    plurals = getInflection(lemma, "NNS") or ()
    return low in plurals


@functools.lru_cache(maxsize=50_000)
def pluralise(word: str) -> str:
    """Plural of a singular noun ("mouse" -> "mice"); unchanged if unknown or already plural."""
    low = word.lower()
    if is_plural_noun(low) or _looks_plural(low):  # "splints": lemminflect knows only the verb
        return word
    plural = _tables().get("plural_of", {}).get(low)
    if plural:  # precomputed, "no plural" included (the entry is the word itself)
        return word if plural == low else match_case(word, plural)
    if len(low) < 2:  # a letter ("hepatitis C"): no plural, and no lemminflect load (~0.8 s) to say so
        return word
    if not low.isalpha():  # "flu-like", "covid-19": no plural worth guessing
        return word
    # lemminflect's rule model, not its dictionaries: they cost ~40 MB held for the run, and
    # every dictionary word is in the precomputed table already (scripts/build_lemmas.py)
    forms = _oov_inflections().getAllInflectionsOOV(low, "NOUN").get("NNS")
    return match_case(word, forms[0]) if forms else word


def _looks_plural(low: str) -> bool:
    """A word is_plural_noun does not call a plural noun but that is one all the same: a
    known word that is its lemma plus -s/-es ("splints", which lemminflect knows only as a
    verb), or an unknown word ending in a plural -s ("sequestrants"; not -ss, -us, -is, -as, -os
    or -ys, the endings of singulars such as "abscess", "thrombus", "pelvis", "pancreas")."""
    if not low.endswith("s") or low.endswith(("ss", "us", "is", "as", "os", "ys")):
        return False
    if not is_known(low):
        return True
    lemma = lemma_of(low)
    return lemma != low and low in (lemma + "s", lemma + "es")


@functools.lru_cache(maxsize=1)
def _oov_inflections():
    from lemminflect import Inflections

    return Inflections()


def match_case(model: str, text: str) -> str:
    """Give ``text`` the capitalisation pattern of ``model`` (UPPER, Title, lower)."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text.upper()
    if letters and letters[0].isupper():
        words = [w for w in model.split() if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
        if len(words) > 1 and all(w[:1].isupper() for w in words):  # Title Case ("Back Mice")
            return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:]
                            for i, w in enumerate(text.split(" ")))
        return text[:1].upper() + text[1:]
    return text


_SMALL_WORDS = frozenset("a an and as at but by for in of on or the to with".split())


_LEMMA_IDS: dict[int, int] = {}  # orth id -> lemma id (0 for whitespace), per process
_ORTH_INFO: dict[int, tuple] = {}  # orth id -> (text, lemma, is_alpha, like_num, lower), None for whitespace


def _lemmatize(doc):
    """Set every token's lemma (whitespace tokens keep none), through arrays: creating a
    Token object per token to set ``lemma_`` cost more than tokenising."""
    import numpy
    from spacy.attrs import LEMMA, ORTH

    ids = _LEMMA_IDS
    strings = doc.vocab.strings
    out = []
    for orth in doc.to_array(ORTH).tolist():
        lemma = ids.get(orth)
        if lemma is None:
            text = strings[orth]
            lemma = ids[orth] = 0 if text.isspace() else strings.add(lemma_of(text))
        out.append(lemma)
    if out:
        doc.from_array([LEMMA], numpy.array(out, dtype="uint64").reshape(-1, 1))
    return doc


def sentence_rows(doc) -> list[list[tuple]]:
    """Per sentence of ``doc``, its non-whitespace tokens as ``(text, lemma, idx, is_alpha,
    like_num, lower)`` tuples (``linter.document.Tok``'s fields): only ``orth``, ``idx``
    and the sentence start are read per token, as one array, and the rest comes from a per-word
    table (reading the string attributes of every token was most of the cost)."""
    from linter.document import Tok

    info = _ORTH_INFO
    vocab = doc.vocab
    new = tuple.__new__
    sentences: list[list[tuple]] = []
    current: list[tuple] = []
    from spacy.attrs import IDX, ORTH, SENT_START

    # one array read instead of a spaCy Token object per token (SENT_START is 1 at a
    # sentence start, as Token.is_sent_start reads it)
    for orth, idx, sent_start in doc.to_array([ORTH, IDX, SENT_START]).tolist():
        if sent_start == 1 and current:
            sentences.append(current)
            current = []
        try:
            row = info[orth]
        except KeyError:
            lex = vocab[orth]
            row = info[orth] = None if lex.is_space else (lex.orth_, lemma_of(lex.orth_), lex.is_alpha,
                                                           lex.like_num, lex.lower_)
        if row is not None:
            current.append(new(Tok, (row[0], row[1], idx, row[2], row[3], row[4])))
    if current:
        sentences.append(current)
    return sentences


def tokenizer():
    """A bare English tokenizer (no sentence splitting, no lemmas): the pipeline's own
    (``spacy.blank("en")`` builds the same tokenizer; a second one cost ~0.1 s)."""
    return pipeline().tokenizer


def _import_spacy():
    """``import spacy``, without spaCy's command-line package.

    spaCy's ``__init__`` runs ``from .cli.info import info``, and ``spacy.cli`` imports
    every CLI command with its dependencies (weasel, typer, httpx, requests, jinja2, ...):
    measured 0.4-0.5 s of the ~1.3 s that ``import spacy; spacy.blank("en")`` takes on
    the project's 2-core machine, for a function medlint never calls.  While spaCy's
    package initialises, ``spacy.cli`` and ``spacy.cli.info`` are placeholders whose
    ``info`` imports the real one when called; they are removed right after, so a later
    ``import spacy.cli`` (spaCy's own command line, a test) loads the real package.
    """
    import os
    import sys
    import types

    if "spacy" in sys.modules or "spacy.cli" in sys.modules or not _cli_only_for_info():
        import spacy

        return spacy

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli_info.info, cli.info = info, cli_info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, cli_info
    # numpy (imported by thinc) loads OpenBLAS, which starts a thread per core at load
    # time: ~0.1 s of CPU per run on 2 cores (no wall time on an idle machine, but pre-commit
    # runs several medlint processes at once), and medlint does no linear algebra.  Set only
    # while numpy loads, and only when nobody chose a value: child processes see the
    # environment unchanged; numpy in this process keeps one BLAS thread.
    blas = "numpy" not in sys.modules and "OPENBLAS_NUM_THREADS" not in os.environ
    if blas:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import spacy
    finally:
        if blas:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        for name, stub in (("spacy.cli.info", cli_info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and vars(parent).get("cli") is cli:
            del parent.cli
    return spacy


def _cli_only_for_info() -> bool:
    """Whether spaCy's ``__init__`` uses its command line only for ``from .cli.info import
    info`` (spaCy 3.x), so the placeholders above suffice; else spaCy is imported as it is."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("spacy")
        with open(spec.origin, encoding="utf-8") as fh:
            source = fh.read()
    except (AttributeError, ImportError, OSError, TypeError, ValueError):
        return False
    return source.count(".cli") == 1 and "from .cli.info import info" in source


MAX_TEXT_CHARS = 1 << 31  # no limit in practice: one block of a document is parsed at a time


@functools.lru_cache(maxsize=1)
def pipeline():
    """The full pipeline: tokenizer, sentencizer, lemminflect lemmas.

    Built with the cyclic garbage collector paused: importing spaCy and building the
    tokenizer allocate ~10^6 long-lived objects and no garbage, and the collections they
    trigger were ~8% (~50 ms) of that time."""
    with no_gc():
        spacy = _import_spacy()
        from spacy.language import Language

        if not Language.has_factory("medlint_lemmas"):
            Language.component("medlint_lemmas")(_lemmatize)
        nlp = spacy.blank("en")
        # spaCy refuses texts over 10^6 characters for the sake of its parser and NER, which
        # this pipeline does not have (a tokenizer needs a few hundred bytes per token)
        nlp.max_length = MAX_TEXT_CHARS
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("medlint_lemmas")
    return nlp


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector (for loading long-lived data, not garbage)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
