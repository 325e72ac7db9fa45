"""The generic swap detector: finds garbles nobody listed.

For each phrase of 2-5 words inside a sentence, undo one or two word swaps
(thesaurus neighbours from WordNet/MyThes, plus the swaps learned from the
curated pack, ``linter.swaps``); when the result is a lexicon term and the
phrase itself is not an established term or collocation, the phrase is a
candidate.  Each candidate is described by a few features of the evidence (how
close the swap is, how many words were swapped, how established the term is,
how ordinary the phrase and the swapped word are, how clearly the document is
about health) and scored by a logistic model whose weights are fitted on the
development split only (``scripts/train_detector.py`` -> corpus/detector/model.json).
"""
from __future__ import annotations

import bisect
import functools
import json
import math
import operator
import re
from dataclasses import dataclass

from linter import lexicon as lex
from linter import vectors
from linter.checks.grammar import zipf as _zipf  # how common a word is (wordfreq's Zipf scale, 0-8; 0 when unknown)
from linter.findings import Finding, non_overlapping
from linter.inflect import adapt
from linter.nlp import is_plural_noun, lemma_of

SOURCE = "lexicon"
RULE = "lexicon/swapped-term"
MAX_WORDS = 5
ESTABLISHED_BIGRAM = 2_000  # Google Books count from which a bigram is ordinary English

# spaCy's stop list holds content words that live inside medical terms ("back
# mice", "side effects", "top of the foot", "full blood count"): those stay words.
CONTENT_WORDS = frozenset("""back bottom call empty first front full last made make move name part put serious side
top whole well take keep give see show say get go used using amount third former latter""".split())

# what a candidate tells by itself (stage 1) ...
OWN_FEATURES = ("bias", "relation", "two_swaps", "learned", "term_weight", "term_bigram", "phrase_bigram",
                "garbled_in_terms", "original_in_terms", "garbled_is_term_word", "health", "length",
                "neighbour_bigram", "term_in_doc", "garbled_zipf", "zipf_drop",
                # word vectors (linter.vectors): how close the swapped word is to the original, the
                # original's rank among the words that fill its slot in some term (0 = closest, /5),
                # how many fill it, and whether only the vectors (no thesaurus, no learned swap) link them
                "similarity", "slot_rank", "slot_fillers", "embedded",
                # the word swapped out occurs elsewhere in the document (spinners swap a word in
                # some places and leave it in others; "runny snout" where "nose" is written too)
                "original_in_doc",
                # a word before the phrase's last is a plural noun ("cells die", "muscles weaker",
                # "symptoms keep"): a subject and its verb or complement, rarely a term, whose
                # modifiers are singular ("cell death", "muscle weakness")
                "inner_plural",
                # the phrase ends in a verb form that is not also a plural noun ("pain eases",
                # "water contaminated", "spleen removed"): a subject and its verb, rarely a term
                "verb_end")
# ... and with the document's other evidence (stage 2): how many other phrases of the
# document look swapped by stage 1 (spun text garbles many terms; correct text few): those it
# finds suspicious (``doc_spin``), and those it is fairly sure of (``doc_strong``, probability
# >= the model's ``strong_cut``).  A correct article
# full of near-term wording ("small injury", "daily care", "nail condition") has many suspicious
# phrases but few strong ones, and doc_spin alone let them raise each other over the threshold
# (v24's clean coeliac and quinsy articles).  2026-12-07, cross-validated on the development split
# at precision 0.88: stage 2 with doc_strong (cut 0.7) R 0.821 with 0.04 clean findings per 1,000
# words, without it R 0.820 with 0.18
FEATURES = OWN_FEATURES + ("doc_spin", "doc_strong")
# two swaps at once are weak evidence unless both are close: in the development split no right
# two-swap candidate had a relation product below 0.36, and half of the wrong ones did
MIN_DOUBLE_PRODUCT = 0.3
NO_BOUND = (0.0, 0.0, MIN_DOUBLE_PRODUCT, MIN_DOUBLE_PRODUCT)
SPIN_SCALE = 5.0  # doc_spin = min(SPIN_SCALE, suspicious phrases per 100 words) / SPIN_SCALE
# a slot filler found by word vectors alone must be at least this close to the word found
# (development split, 2026-12-02: 0.25 keeps 98% of the 597 right one-swap fillers that rank first)
MIN_SLOT_SIMILARITY = 0.25
# fillers found by word vectors alone: the closest three, their rank a feature (2026-12-03, with v5 / v4
# held out: generic F1 0.762 -> 0.778 / 0.763 -> 0.765; the right filler was often second or third)
SLOT_TOP = 3
# A phrase whose "swapped" word is only another spelling ("vulval" / "vulvar", "gonadotrophin"
# / "gonadotropin") or an inflected or derived form of the term's word ("salty water" / salt
# water, "short-sightedness" / short-sighted, "speed recovery" / speedy recovery) is not a
# thesaurus swap: spinners replace words by synonyms.  Measured on the development split
# (2026-12-07, lexicon layer): of its findings differing from the suggestion by one letter
# (words of 5+ letters) 12 were false positives and 1 right; by one of these endings, 25 false
# and none right.  Endings that do mark spinner swaps ("bloodstream", "cellular", "acidic",
# "optical", "droplet") are not listed.
VARIANT_ENDINGS = ("y", "ness", "ning", "ish", "ly", "ies", "ns", "ened")


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from linter.nlp import lemma_of

    words = {w for w in STOP_WORDS if w not in CONTENT_WORDS}
    return frozenset(words | {lemma_of(w) for w in words if lemma_of(w) not in CONTENT_WORDS})


def _word_term_counts():
    """{word: number of lexicon terms containing it} (a read-only mapping over the lexicon's
    word table: built at data-build time, not counted over the 70k terms in every run)."""
    return lex.term_word_counts()


@functools.lru_cache(maxsize=1)
def model() -> dict:
    """The fitted model (scripts/train_detector.py, corpus/detector/model.json):

    * ``gate``: a logistic model over OWN_FEATURES and its ``threshold``: candidates below
      it are dropped before the ensembles (and the search prunes what cannot reach it,
      ``Bound``);
    * ``stage1``: a scorer over OWN_FEATURES and ``cut``, the probability from which a
      phrase counts as suspicious for the other phrases' ``doc_spin``, and ``strong_cut``,
      from which it counts for their ``doc_strong``;
    * ``stage2``: a scorer over FEATURES, and ``threshold``, from which a phrase is reported;
      a phrase whose stage-1 probability reaches ``stage1["threshold"]`` is reported too,
      whatever the rest of the document looks like (a lone garble with strong evidence).

    A scorer is either linear (``weights``, the first one the bias) or a gradient-boosted
    ensemble of small trees (``baseline`` and ``trees``, see ``ensemble_score``)."""
    from linter.data import data_dir

    path = data_dir("corpus") / "detector" / "model.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if (tuple(data["features"]) == FEATURES and tuple(data["gate"]["features"]) == OWN_FEATURES
                and {"stage1", "stage2", "threshold"} <= set(data)):
            return data
    except (OSError, ValueError, KeyError, TypeError):
        pass
    # untrained fallback: a hand-set linear prior (used only before the first training run)
    own = [-2.0, 3.0, -0.8, 0.5, 0.2, 0.2, -0.5, -0.1, 0.05, -0.3, 1.0, 0.0, -0.3, 0.5, 0.0, 0.5, 1.0, -0.5, 0.0, -1.0]
    own = (own + [0.0] * len(OWN_FEATURES))[:len(OWN_FEATURES)]  # one weight per feature, in order
    return {"features": list(FEATURES), "threshold": 0.5,
            "gate": {"features": list(OWN_FEATURES), "weights": own, "threshold": 0.05},
            "stage1": {"weights": own, "cut": 0.2, "strong_cut": 0.7, "threshold": 0.9}, "stage2": {"weights": own + [1.0] + [0.0] * (len(FEATURES) - len(OWN_FEATURES) - 1)}}


def ensemble_score(trees, baseline: float, feats) -> float:
    """Sum of an ensemble's trees for one feature vector, plus its baseline (log-odds).

    A tree is a leaf value or ``[feature index, threshold, left, right]``: go left when the
    feature is <= the threshold (scikit-learn's HistGradientBoosting trees, exported by
    scripts/train_detector.py, which checks this function against scikit-learn)."""
    z = baseline
    for node in trees:
        while node.__class__ is list:
            node = node[2] if feats[node[0]] <= node[1] else node[3]
        z += node
    return z


_FORESTS: dict[int, tuple[list, object]] = {}


class Forest:
    """An ensemble as arrays, scored for many feature vectors at once (numpy, which spaCy
    already loads): every tree padded to a complete binary tree of the ensemble's depth (a
    leaf above the bottom becomes nodes that always go left to copies of it), nodes in heap
    order.  Each row walks all trees together one level at a time; the leaves are then
    added to the baseline tree by tree, in order, so each row's sum is the same sequence of
    float additions as ``ensemble_score``'s and bit-identical to it.  Scoring a document's
    ~130 candidates took ~65 us each as one Python function per row; a batch costs about a
    millisecond."""

    def __init__(self, trees, baseline: float):
        import numpy

        def depth(node) -> int:
            return 0 if node.__class__ is not list else 1 + max(depth(node[2]), depth(node[3]))

        self.depth = d = max(map(depth, trees), default=0)
        inner, leaves = (1 << d) - 1, 1 << d
        feat = numpy.zeros((len(trees), max(inner, 1)), dtype=numpy.intp)
        thr = numpy.full((len(trees), max(inner, 1)), numpy.inf)
        leaf = numpy.zeros((len(trees), leaves))

        def fill(t, node, k, level):
            if level == d:
                leaf[t, k - inner] = float(node)
            elif node.__class__ is list:
                feat[t, k], thr[t, k] = int(node[0]), float(node[1])
                fill(t, node[2], 2 * k + 1, level + 1)
                fill(t, node[3], 2 * k + 2, level + 1)
            else:  # thr stays +inf: always left; both children carry the leaf down
                fill(t, node, 2 * k + 1, level + 1)
                fill(t, node, 2 * k + 2, level + 1)

        for t, tree in enumerate(trees):
            fill(t, tree, 0, 0)
        self.feat, self.thr, self.leaf, self.baseline = feat, thr, leaf, float(baseline)
        self.trees = numpy.arange(len(trees))
        # flat copies and each tree's offset into them: a walk takes from 1-D arrays, about
        # twice as fast as indexing the 2-D ones with (tree, node) pairs
        self._feat, self._thr, self._leaf = feat.ravel(), thr.ravel(), leaf.ravel()
        self._node_at = (self.trees * feat.shape[1])[None, :]
        self._leaf_at = (self.trees * leaves - inner)[None, :]

    CHUNK = 2048  # rows scored at once

    def __call__(self, rows) -> list[float]:
        """Log-odds of each feature vector in ``rows``."""
        import numpy

        if not len(rows):
            return []
        if len(rows) > self.CHUNK:  # a batch's arrays take ~1 KB per row and tree
            return [z for at in range(0, len(rows), self.CHUNK) for z in self(rows[at:at + self.CHUNK])]
        x = numpy.asarray(rows, dtype=numpy.float64)
        flat = x.ravel()
        row_at = (numpy.arange(len(x)) * x.shape[1])[:, None]
        k = numpy.zeros((len(x), len(self.trees)), dtype=numpy.intp)  # each row's node in each tree
        for _ in range(self.depth):
            node = self._node_at + k
            right = flat.take(row_at + self._feat.take(node)) > self._thr.take(node)
            k = 2 * k + 1 + right
        # baseline, then tree by tree in order (the reference's additions, bit for bit):
        # a cumulative sum adds strictly left to right, unlike ``sum``'s pairwise order
        z = numpy.empty((len(x), len(self.trees) + 1))
        z[:, 0] = self.baseline
        z[:, 1:] = self._leaf.take(self._leaf_at + k)
        return numpy.cumsum(z, axis=1)[:, -1].tolist()


def forest(trees, baseline: float) -> Forest:
    """The ``Forest`` of a scorer's trees, built once per model."""
    entry = _FORESTS.get(id(trees))
    if entry is None or entry[0] is not trees:
        entry = _FORESTS[id(trees)] = (trees, Forest(trees, baseline))
    return entry[1]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def scores(scorer: dict, rows) -> list[float]:
    """Probability a scorer (linear or ensemble) gives each feature vector of ``rows``."""
    if "trees" in scorer:
        return [_sigmoid(z) for z in forest(scorer["trees"], scorer["baseline"])(rows)]
    return [probability(feats, scorer["weights"]) for feats in rows]


def state(ctx):
    key = ("lexicon", ctx.rules.digest)
    if key not in ctx.cache:
        from linter.swaps import learn, phrase_starts

        learned = ctx.rules.cached("learned", lambda: learn(ctx.rules))  # compiled-rules cache
        ctx.cache[key] = {"learned": learned, "stop": _stop_words(), "phrases": phrase_starts(learned)}
    return ctx.cache[key]


def health_density(parsed, vocab, stop) -> float:
    """Share of content words of the document that occur in lexicon terms."""
    content = [t.lemma for _, _, toks in parsed.sentence_tokens for t in toks if t.is_alpha and t.lemma not in stop]
    if not content:
        return 0.0
    return sum(1 for w in content if w in vocab) / len(content)


WRAPPED = 0.75  # a line this much shorter than the block's widest ends a list item, not a wrapped line
_JOINERS = frozenset(("-", "'s", "'", "\u2019s", "\u2019"))


@functools.lru_cache(maxsize=64)
def longest(block_text: str) -> int:
    """Length of the block's longest line."""
    return max(map(len, block_text.split("\n")))


LISTED = 0.85  # a break where the next word would have fitted in this share of the widest line ...
LISTED_SHARE = 0.34  # ... at this share of the block's breaks or more: the lines are a list's


@functools.lru_cache(maxsize=64)
def unwrapped(block_text: str) -> bool:
    """Whether the block's line breaks are the writer's own (an unmarked list, one item per
    line), not a wrapped paragraph's.  Wrapping breaks a line only where the next word would
    not fit, so a line, a space and the next line's first word come close to the block's widest
    line; a hand-wrapped paragraph's lines vary by a few characters.  When a third of the
    breaks or more leave room for the next word with 15% of the widest line to spare, the
    lines are items ("... resting your head on a pillow hurts" / "pain in the jaw ...")."""
    lines = block_text.split("\n")
    if len(lines) < 3:  # one break: too little to tell a list from a wrap
        return False
    widest = longest(block_text)
    breaks = roomy = fits = 0
    for line, following in zip(lines, lines[1:]):
        line, words = line.rstrip(), following.split()
        if line and words:
            breaks += 1
            width = len(line) + 1 + len(words[0])  # the line with the next line's first word
            roomy += width <= LISTED * widest
            fits += width <= widest
    if fits and not _SENTENCE_INSIDE.search(block_text):
        # no sentence ends inside a line: the lines are fragments, one per line ("... attached
        # to the breast" / "feeds are very long ..."), unless they are one long sentence
        # wrapped; a wrap never breaks where the next word fits, so one such break tells
        return True
    return breaks > 0 and roomy >= LISTED_SHARE * breaks


_SENTENCE_INSIDE = re.compile(r"[.!?][\"')\]]*[ \t]+\S")  # (a sentence ends, more follows on the line)


def _runs(sent, block_text: str = "", widest: int = 0, listed: bool = False):
    """Maximal runs of word tokens (no punctuation or line breaks inside): words, short
    numbers, letter-digit words ("CD4", "B12"), and inside a run hyphens and possessives
    ("Crohn's disease", "Graves' disease" are terms).  Whitespace tokens are not in ``sent``,
    so line breaks are looked for in ``block_text``: one that ends a line shorter than
    ``WRAPPED`` of the block's widest line (``widest``) ends a list item or a heading, not a line of
    a wrapped paragraph, and ends the run ("... knees or ribs" / "pain and swelling ..."); so
    does one before a capitalised word, which in a wrapped sentence is rare and in an
    unmarked list starts the next item ("... both sides of the body" / "Pain in the hips").
    With ``listed`` (``unwrapped``: the block's lines are not a wrapped paragraph's), every
    line break ends the run ("... resting your head on a pillow hurts" / "pain in the jaw")."""
    run = []
    for t in sent:
        text = t.text
        if run:
            end = run[-1].idx + len(run[-1].text)
            brk = block_text.find("\n", end, t.idx)
            if brk >= 0 and (listed or brk - block_text.rfind("\n", 0, brk) - 1 < WRAPPED * widest
                             or text[:1].isupper()):
                yield run
                run = []
        if (t.is_alpha or (t.like_num and len(text) <= 2) or (run and text in _JOINERS)
                or (text.isalnum() and not text.isdigit() and len(text) <= 8)):
            run.append(t)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


@dataclass
class Candidate:
    start: int  # offset in the block's doc text
    end: int
    block_offset: int
    text: str
    term: str
    features: tuple[float, ...]


def _log(x: float) -> float:
    return math.log10(1.0 + x)


class DocLemmas:
    """The document's lemmas, space separated with " | " between sentences, and whether a
    term (normalised: lemmas, single spaces) occurs in it as such: ``term in doc_lemmas``.

    A short text is searched as a string.  A long one would be searched once per candidate,
    i.e. in time its length times its candidates (a 100,000-word file took ~30 s), so it is
    split at the spaces once and its runs of up to ``MAX_RUN`` lemmas kept in a set: the
    same answer, since no lemma holds a space and the separators are the spaces."""

    SHORT = 20_000  # characters searched as a string
    MAX_RUN = lex.MAX_TERM_WORDS  # lexicon terms have at most this many tokens

    def __init__(self, text: str):
        self.text = text
        self._runs: set[str] | None = None

    def __contains__(self, term: str) -> bool:
        if len(self.text) <= self.SHORT or term.count(" ") >= self.MAX_RUN:
            return f" {term} " in self.text
        if self._runs is None:
            words = self.text.split(" ")
            self._runs = {" ".join(words[i:i + n]) for n in range(1, self.MAX_RUN + 1) for i in range(len(words) - n + 1)}
        return term in self._runs


def features(words, term, positions, relations, learned, lex, health, counts, doc_lemmas=DocLemmas("")) -> tuple[float, ...]:
    """OWN_FEATURES of one candidate; ``doc_lemmas`` is the document's ``DocLemmas``
    (``term_in_doc``: the term also occurs as such).  What
    depends on the term alone and on the phrase and swapped positions alone is computed once
    (``_term_part``, ``_phrase_part``): an n-gram has several candidates, a term many n-grams."""
    rel = 1.0
    for r in relations:
        rel *= r
    term_words, weight, term_bigram = _term_part(term)
    neighbour, g_in, is_term_word, g_zipf, phrase_bigram = _phrase_part(words, positions)
    if len(positions) == 1 and positions[0] < len(term_words):  # (most candidates: the same, without loops)
        p = positions[0]
        original = term_words[p]
        is_learned = original in learned.get(words[p], ())
        o_in = counts.get(original, 0)
        drop = _zipf(original) - _zipf(words[p])
    else:
        is_learned = any(term_words[p] in learned.get(words[p], ()) for p in positions if p < len(term_words))
        o_in = min(counts.get(term_words[p], 0) for p in positions if p < len(term_words)) if term_words else 0
        drop = max(_zipf(term_words[p]) - _zipf(words[p]) for p in positions)
    return (1.0, rel, 1.0 if len(positions) > 1 else 0.0, 1.0 if is_learned else 0.0,
            weight, term_bigram, phrase_bigram,
            g_in, _log(o_in) / 3.0, is_term_word,
            health, len(words) / 5.0, neighbour, 1.0 if term in doc_lemmas else 0.0,
            g_zipf,
            max(-1.0, min(1.0, drop / 8.0)))


@functools.lru_cache(maxsize=1 << 15)
def _term_part(term: str) -> tuple:
    """(words, term_weight feature, term_bigram feature) of a lexicon term."""
    term_words = term.split(" ")
    return (term_words, lex.term_weight(term) / 10.0,
            _log(lex.collocation_count(term) if len(term_words) == 2 else 0) / 9.0)


@functools.lru_cache(maxsize=1 << 15)
def _phrase_part(words: tuple[str, ...], positions: tuple[int, ...]) -> tuple:
    """(neighbour_bigram, garbled_in_terms, garbled_is_term_word, garbled_zipf,
    phrase_bigram) features of a phrase with these positions swapped."""
    counts = _word_term_counts()
    neighbour = 0
    for p in positions:
        for a, b in ((p - 1, p), (p, p + 1)):
            if 0 <= a and b < len(words):
                neighbour = max(neighbour, lex.collocation_count(f"{words[a]} {words[b]}"))
    g_in = max(counts.get(words[p], 0) for p in positions)
    phrase_bigram = lex.collocation_count(" ".join(words)) if len(words) == 2 else 0
    return (_log(neighbour) / 9.0, _log(g_in) / 3.0, 1.0 if words[positions[0]] in counts else 0.0,
            min(_zipf(words[p]) for p in positions) / 8.0, _log(phrase_bigram) / 9.0)


def _original_in_doc(term: str, positions, doc_words) -> float:
    """Share of the swapped positions whose original word occurs in the document."""
    term_words = _term_part(term)[0]
    ps = [p for p in positions if p < len(term_words)]
    return sum(1 for p in ps if term_words[p] in doc_words) / len(ps) if ps else 0.0


def _vector_features(words, term, positions) -> tuple[float, float, float, float]:
    """similarity, slot_rank, slot_fillers, embedded of a thesaurus or learned candidate."""
    term_words = term.split(" ")
    if len(term_words) != len(words):
        return (0.0, 1.0, 0.0, 0.0)
    sim = min(vectors.similarity(words[p], term_words[p]) for p in positions)
    if len(positions) != 1:
        return (sim, 1.0, 0.0, 0.0)
    i = positions[0]
    fillers, ranked = lex.ranked_fillers(words, i)
    rank = lex.filler_rank(ranked, term_words[i])
    return (sim, rank / 5.0, _log(len(fillers)) / 3.0 if fillers else 0.0, 0.0)


class Bound:
    """The smallest relation weight a candidate needs for its score to reach a threshold,
    known before the search looks its term up.

    The model is linear in the features, so its score is at most the sum, over the
    features, of the weight times the feature's highest (positive weight) or lowest
    (negative weight) possible value; every feature but the relation is either known
    before the term is (swap count, learned or not, length, health, the phrase's words) or
    bounded by the data's ranges (``linter.lexicon.ranges``) or by [0, 1].  Solving for the
    relation gives floors below which nothing can reach the threshold: the search skips
    them.  ``for_ngram`` gives None when the model allows no such bound (a relation weight
    <= 0)."""

    def __init__(self, names, weights, threshold: float, health: float, lex):
        w = {name: 0.0 for name in FEATURES}
        w.update(zip(names, weights))
        self.w = w
        r = lex.ranges()
        threshold = min(max(threshold, 1e-9), 1 - 1e-9)
        z_needed = math.log(threshold / (1 - threshold))
        coll_hi = _log(r["max_collocation"]) / 9.0
        self.count_hi = _log(r["max_term_words_count"]) / 3.0
        tw_lo, tw_hi = r["term_weight"][0] / 10.0, r["term_weight"][1] / 10.0

        def best(name, lo, hi):
            return w[name] * (hi if w[name] > 0 else lo)

        base = (w["bias"] + best("term_weight", tw_lo, tw_hi) + best("original_in_terms", 0.0, self.count_hi)
                + best("neighbour_bigram", 0.0, coll_hi) + w["health"] * health
                + best("term_in_doc", 0.0, 1.0) + best("doc_spin", 0.0, 1.0)
                + best("garbled_zipf", 0.0, 1.0) + best("zipf_drop", -1.0, 1.0)
                + best("similarity", -1.0, 1.0) + best("slot_rank", 0.0, 1.0)
                + best("slot_fillers", 0.0, _log(r["max_collocation"]) / 3.0)  # (fillers < collocation counts)
                + best("original_in_doc", 0.0, 1.0) + best("inner_plural", 0.0, 1.0)
                + best("verb_end", 0.0, 1.0))
        self.rel = w["relation"]
        # per length: what the score can be without relation, swap count, learned and the garbled words
        self.needed = {}
        for n in range(2, MAX_WORDS + 1):
            z = base + w["length"] * n / 5.0
            if n == 2:
                z += best("term_bigram", 0.0, coll_hi) + best("phrase_bigram", 0.0, coll_hi)
            self.needed[n] = z_needed - z
        self.extra = (0.0, w["learned"], w["two_swaps"], w["two_swaps"] + w["learned"])
        self._memo: dict[tuple, tuple[float, float, float, float] | None] = {}
        # when even the least promising garbled words leave every floor at 0 (a permissive
        # gate), no n-gram can be pruned: say so once instead of for every n-gram
        worst = (min(0.0, w["garbled_in_terms"]) * self.count_hi + min(0.0, w["garbled_is_term_word"]))
        self.prunes = self.rel > 0 and any((self.needed[n] - worst - e) / self.rel > 0
                                           for n in self.needed for e in self.extra)

    def for_ngram(self, infos) -> tuple[float, float, float, float] | None:
        """Floors (one swap, one learned, two swaps, two with a learned one) for an n-gram."""
        if self.rel <= 0:
            return None
        key = (len(infos), *sorted({i.count for i in infos}))  # all that varies between n-grams
        found = self._memo.get(key)
        if found is None:
            w = self.w
            logs = [_log(c) / 3.0 for c in key[1:]]
            terms = [1.0 if c else 0.0 for c in key[1:]]
            z = (w["garbled_in_terms"] * (max(logs) if w["garbled_in_terms"] > 0 else min(logs))
                 + w["garbled_is_term_word"] * (max(terms) if w["garbled_is_term_word"] > 0 else min(terms)))
            need = self.needed[len(infos)] - z
            found = self._memo[key] = tuple(max(0.0, (need - e) / self.rel - 1e-9) for e in self.extra)
        return found


def candidates(parsed, ctx, prune: bool = False):
    """Every (phrase, term) candidate of the document with its features; with ``prune``,
    only those whose score can reach the model's threshold (``Bound``)."""
    st = state(ctx)
    learned, stop = st["learned"], st["stop"]
    counts = _word_term_counts()
    health = health_density(parsed, counts, stop)  # the words of lexicon terms: lex.vocabulary()
    # a stop word the pack's garbles show spinners put in for a content word ("low again pain",
    # "several sclerosis") may be the swapped word of a phrase; other stop words never are
    fixed = stop.difference(learned)
    bound = None
    if prune:  # what cannot pass the gate is not searched for
        gate = model()["gate"]
        bound = Bound(gate["features"], gate["weights"], gate["threshold"], health, lex)
        bound = bound if bound.prunes else None
    doc_lemmas = DocLemmas(" " + " | ".join(" ".join(t.lemma for t in toks) for _, _, toks in parsed.sentence_tokens) + " ")
    doc_words = parsed.lemmas  # every lemma of the document
    info = lex.word_info
    for block_offset, block_text, sent in parsed.sentence_tokens:
        for toks in _runs(sent, block_text, longest(block_text), unwrapped(block_text)):
            for units in _unit_views(toks, st["phrases"]):
                lemmas = [u[0] for u in units]
                infos = [info(w, learned) for w in lemmas]
                plural = [is_plural_noun(toks[u[2]].text) for u in units]
                for i in range(len(units)):
                    if lemmas[i] in fixed or lemmas[i] == "-":
                        continue
                    for n in range(2, MAX_WORDS + 1):
                        if i + n > len(units):
                            break
                        last_word = lemmas[i + n - 1]
                        if last_word in fixed or last_word == "-":
                            continue
                        window = infos[i:i + n]
                        if not lex.viable(window, slot=True):  # cheap test first: most n-grams fail it
                            continue
                        words = tuple(lemmas[i:i + n])
                        if lex.is_established(" ".join(words)):
                            continue
                        floors = bound.for_ngram(window) if bound else None
                        floors = NO_BOUND if floors is None else (
                            floors[0], floors[1], max(floors[2], MIN_DOUBLE_PRODUCT), max(floors[3], MIN_DOUBLE_PRODUCT))
                        found = lex.candidates_of(words, window, floors=floors)
                        slots = lex.slot_candidates(words, window, MIN_SLOT_SIMILARITY, skip=stop, top=SLOT_TOP)
                        if not found and not slots:  # (most n-grams): nothing more to work out
                            continue
                        start = toks[units[i][1]].idx
                        last = toks[units[i + n - 1][2]]
                        end = last.idx + len(last.text)
                        proposed = set()
                        inner = (1.0 if any(plural[i:i + n - 1]) else 0.0,
                                 1.0 if _verb_form(last.text) or _clause_end(block_text, start, end, last.text) else 0.0)
                        for term, positions, relations in found[:8]:
                            if any(words[p] in fixed for p in positions) or _variant_swap(words, term, positions):
                                continue
                            proposed.add(term)
                            yield Candidate(start, end, block_offset, block_text[start:end], term,
                                            features(words, term, positions, relations, learned, lex, health,
                                                     counts, doc_lemmas) + _vector_features(words, term, positions)
                                            + (_original_in_doc(term, positions, doc_words),) + inner)
                        for term, positions, sim, fillers, rank in slots:
                            if term in proposed or _variant_swap(words, term, positions):
                                continue
                            proposed.add(term)
                            yield Candidate(start, end, block_offset, block_text[start:end], term,
                                            features(words, term, positions, (0.0,), learned, lex, health, counts,
                                                     doc_lemmas) + (sim, rank / 5.0, _log(fillers) / 3.0, 1.0,
                                                                    _original_in_doc(term, positions, doc_words)) + inner)


@functools.lru_cache(maxsize=65536)
def variant_of(word: str, original: str) -> bool:
    """``word`` is another spelling or an inflected/derived form of ``original`` (or the
    reverse), not a synonym a spinner put in (``VARIANT_ENDINGS``)."""
    if word == original:
        return False
    short, long_ = sorted((word, original), key=len)
    if len(short) >= 3 and long_.startswith(short) and long_[len(short):] in VARIANT_ENDINGS:
        return True
    if len(short) < 5 or len(long_) - len(short) > 1:
        return False
    if len(short) == len(long_):
        return sum(a != b for a, b in zip(short, long_)) == 1
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _variant_swap(words, term: str, positions) -> bool:
    """A swapped position whose word is only a variant of the term's word there."""
    twords = term.split()
    return len(twords) == len(words) and any(variant_of(words[p], twords[p]) for p in positions)


@functools.lru_cache(maxsize=65536)
def _verb_form(word: str) -> bool:
    """A third-person or past form of a verb that is not also a plural noun ("eases",
    "removed"; not "stops" or "collects", which are plural nouns too, nor "analysis")."""
    w = word.lower()
    if not (w.endswith("s") or w.endswith("ed")) or w.endswith(("ss", "sis", "'s", "us")):
        return False
    return w.isalpha() and lemma_of(w) != w and not is_plural_noun(w)


# a word that reads both as a plural noun and as a verb's -s form ("twists", "relaxes",
# "hurts", "checks") ends a clause, not a term, when the words around say so: the next word
# starts an object or is a particle ("the infection reaches the bone", "the testicle drops
# back"), or a singular-only determiner or a subordinating conjunction and a determiner come
# just before ("if the testicle twists", "a muscle relaxes").  2026-12-08: the clauses the
# detector flagged in v30 ("infection reaches", "muscle relaxes", "testicle twists", "weight
# rises") had no other mark of a clause.  Not covered: a sentence-final verb after an adjective
# and its noun ("The lower back hurts.", kept quiet by established phrases instead).
_CLAUSE_NEXT = frozenset("the a an your his her their its my our this these those it them him me us "
                         "back up down out off away into onto through across".split())
_SINGULAR_DET = frozenset("a an each every this".split())
_SUBORDINATE = frozenset("if when as once until because while before after unless whenever".split())
_CLAUSE_DET = frozenset("the your his her their its my our this that a an".split())
_WORD_RE = re.compile(r"[A-Za-z']+")


def _clause_end(text: str, start: int, end: int, last: str) -> bool:
    """The phrase ``text[start:end]``, ending in ``last``, reads as a subject and its verb."""
    w = last.lower()
    if not (w.endswith("s") and w.isalpha()) or w.endswith(("ss", "us", "is")) or lemma_of(w) == w:
        return False
    after = _WORD_RE.match(text, end + 1) if text[end:end + 1] == " " else None
    if after and after.group(0).lower() in _CLAUSE_NEXT:
        return True
    before = _WORD_RE.findall(text[max(0, start - 40):start])[-2:]
    before = [b.lower() for b in before]
    if before and before[-1] in _SINGULAR_DET:
        return True
    return len(before) == 2 and before[0] in _SUBORDINATE and before[1] in _CLAUSE_DET


def _unit_views(toks, phrases):
    """The run as units (lemma, first token, last token): one token each, plus, when a
    learned multi-word stand-in occurs ("most cancers"), a view with it as one unit."""
    plain = [(t.lemma, i, i) for i, t in enumerate(toks)]
    yield plain
    if not phrases:
        return
    merged, i, changed = [], 0, False
    lemmas = [t.lemma for t in toks]
    while i < len(toks):
        for cand in phrases.get(lemmas[i], ()):
            if tuple(lemmas[i:i + len(cand)]) == cand:
                merged.append((" ".join(cand), i, i + len(cand) - 1))
                i += len(cand)
                changed = True
                break
        else:
            merged.append(plain[i])
            i += 1
    if changed:
        yield merged


def probability(feats, weights) -> float:
    z = sum(map(operator.mul, feats, weights))  # (the same additions, in the same order)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def scored(parsed, ctx, prune: bool = True) -> list[tuple[Candidate, tuple[float, ...], float]]:
    """Every candidate that passes the gate, with its FEATURES (its own, then ``doc_spin``
    from how many other phrases of the document stage 1 finds suspicious) and its stage-1
    probability; kept per document (the consistency check reads ``suspicion``)."""
    key = ("lexicon.scored", ctx.rules.digest, prune)
    if key not in parsed.memo:
        parsed.memo[key] = _scored(parsed, ctx, prune)
    return parsed.memo[key][0]


def suspicion(parsed, ctx) -> float:
    """Phrases of the document that stage 1 finds suspicious, per 100 words (damped for
    short texts): ~0-1 in correct health text, ~1-4 in spun text (development split)."""
    scored(parsed, ctx)
    return parsed.memo[("lexicon.scored", ctx.rules.digest, True)][1]


def _scored(parsed, ctx, prune: bool):
    m = model()
    gate, stage1 = m["gate"], m["stage1"]
    cands = [c for c in candidates(parsed, ctx, prune=prune)
             if probability(c.features, gate["weights"]) >= gate["threshold"]]
    p1 = scores(stage1, [c.features for c in cands])
    suspicious = {(c.block_offset + c.start, c.block_offset + c.end) for c, p in zip(cands, p1) if p >= stage1["cut"]}
    strong_cut = stage1.get("strong_cut", 2.0)
    strong = {(c.block_offset + c.start, c.block_offset + c.end) for c, p in zip(cands, p1) if p >= strong_cut}
    per = 100.0 / (parsed.words + 50)  # per 100 words, damped for short texts
    out = []
    for c, p in zip(cands, p1):
        span = (c.block_offset + c.start, c.block_offset + c.end)
        others = len(suspicious) - (span in suspicious)
        others_strong = len(strong) - (span in strong)
        out.append((c, c.features + (min(SPIN_SCALE, others * per) / SPIN_SCALE,
                                     min(SPIN_SCALE, others_strong * per) / SPIN_SCALE), p))
    return out, len(suspicious) * per


def run(parsed, ctx) -> list[Finding]:
    m = model()
    stage2, threshold, alone = m["stage2"], m["threshold"], m["stage1"].get("threshold", 2.0)
    best: dict[tuple[int, int], tuple[float, Candidate]] = {}
    rows = scored(parsed, ctx)
    for (c, _feats, p1), p2 in zip(rows, scores(stage2, [feats for _, feats, _ in rows])):
        if p2 < threshold and p1 < alone:
            continue
        p = max(p1, p2)
        key = (c.block_offset + c.start, c.block_offset + c.end)
        if key not in best or p > best[key][0]:
            best[key] = (p, c)
    found = []
    for (offset, end), (p, c) in best.items():
        shown = lex.display(c.term)
        found.append(Finding(
            rule=RULE, offset=offset, length=end - offset, text=c.text,
            # the term in the number of the text found, as the suggestion has it ("fatty bulge"
            # -> "fatty lump", not "fatty lumps"), in its own case
            message=f'"{c.text}" looks like a thesaurus swap of the term "{adapt(shown, c.text.lower())}".',
            suggestions=(adapt(shown, c.text),), confidence=round(min(0.99, p), 3), source=SOURCE,
            severity="warning", fix_safe=False))
    from linter.checks import reordered

    turned = reordered.find(parsed)  # (a whole term seen inside out beats a swap inside it)
    return sorted(turned + [f for f in _resolve(found) if not any(f.offset < t.end and t.offset < f.end for t in turned)],
                  key=lambda f: f.offset)


def _extends(longer: Finding, shorter: Finding) -> bool:
    """``longer`` spans ``shorter`` and its term contains ``shorter``'s ("visible discipline
    test" -> visual field test, "visible discipline" -> visual field): the same garble, seen
    whole."""
    if not (longer.offset <= shorter.offset and shorter.end <= longer.end and longer.length > shorter.length):
        return False
    return f" {shorter.suggestions[0].lower()} " in f" {longer.suggestions[0].lower()} "


def _unextended(findings):
    """The findings no other one ``_extends``.  Only a finding starting at most the longest
    finding's length before one can span it, so each is compared with those (by offset)."""
    ordered = sorted(findings, key=lambda f: f.offset)
    starts = [f.offset for f in ordered]
    longest = max((f.length for f in findings), default=0)
    out = []
    for f in findings:
        lo, hi = bisect.bisect_left(starts, f.end - longest), bisect.bisect_right(starts, f.offset)
        if not any(_extends(g, f) for g in ordered[lo:hi]):
            out.append(f)
    return out


def _resolve(findings):
    """Keep the most confident of overlapping findings (longer on ties), after dropping
    those that a longer finding of the same garble extends (``_extends``)."""
    findings = _unextended(findings)
    kept = non_overlapping(sorted(findings, key=lambda f: (-f.confidence, -f.length, f.offset)))
    return sorted(kept, key=lambda f: f.offset)
