"""Built-in, offline grammar checks for the damage spinners leave beside garbled terms.

``grammar/repeated-word``
    The same word twice in a row ("a firm, high quality quality"), case-insensitively,
    within one sentence of one block (never across a sentence or block boundary).
    Only words separated by whitespace count ("quality, quality" is not flagged); numbers
    and all-capital codes are never flagged.  Across a line break, only in running text (both
    lower case, neither word alone on its line: lists, tables and headings repeat words).
    Legitimate doublings are not flagged:

    * ``had had`` and ``that that`` (grammatical: "she had had enough", "he said that that was");
    * informal intensifiers and reduplications: ``very very``, ``really really``, ``many many``,
      ``so so``, ``no no``, ``now now``, ``there there``, ``well well``, ``bye bye``, ``blah blah``,
      ``ha ha``, ``tut tut``, ``tsk tsk``, ``knock knock``, ``chop chop``, ``yada yada``, and the
      names ``beri beri``, ``mahi mahi``, ``tsetse``-style ``tse tse``, ``bora bora``, ``walla walla``;
    * a doubled Capitalised word in mid-sentence (a name such as "Walla Walla", "Duran Duran").

    ``is is`` and ``do do`` ARE flagged: in spun text they are far more often damage than the rare
    "what it is is" / "what they do do".  The suggestion is the single word; the fix is safe
    unless markup sits between the two words.

``grammar/fused-words``
    Two words run together when a spinner dropped the space or the punctuation between them:
    "nonspecificityback" -> "nonspecificity back".  A token is a candidate only when it is
    plain lower-case ASCII letters (so never a name, CamelCase, an acronym or a code), at least
    7 letters long, not next to ``@ # / \\ _`` or a dot-joined name (URLs, file names), and
    unknown to every word source, as it stands, behind a derivational prefix, or as an
    inflection ("tracebacks" -> "traceback", "subsetted" -> "subset"): the NLP layer's
    lemminflect table (already loaded by the pipeline), medlint's medical lexicon
    (``linter.lexicon.vocabulary()``, optional), and wordfreq's English list (321,000 words
    with frequencies, including "backache", "healthcare", "lumbosacral", "multifidus").  The
    wordfreq list is opened lazily, the first time a token unknown to the lemma table and the
    lexicon is seen, from a Zipf table cached in the user's cache directory (``_zipf_table``:
    ~1 ms; wordfreq itself, ~0.35 s and ~45 MB, is read only to build that table once);
    the lexicon only for a token the lemma table lacks.

    A split is proposed only when both parts are real words of at least 3 letters: frequent in
    wordfreq (Zipf >= 3, about once per million words; Zipf >= 4 for 3-letter parts), in the
    medical lexicon (5 letters or more: shorter entries are abbreviations), or (for the left
    part) a known word behind a derivational prefix ("non" + "specificity").  Splits that
    are really a prefix or a suffix ("epi" + "sacroiliac", "cramp" + "like") are not proposed.
    The fix is safe only when there is exactly one possible split and both parts are frequent
    words (Zipf >= 3.5) of at least 4 letters in their own right; "nonspecificity back" is
    reported but not auto-fixed ("nonspecificity" is only known through its prefix).
    Closed compounds missing from every list ("glucosemeter", "bonemarrow") are reported too:
    in health text they are usually written as two words or hyphenated.

``grammar/hidden-character``
    A word of Latin letters with an invisible character inside it (soft hyphen U+00AD, zero-width
    space, non-joiner or joiner U+200B-U+200D, word joiner U+2060, U+FEFF) or written in
    full-width letters ("ｓｐｉｎｅ"): it reads as the plain word, but search, plagiarism
    matching and medlint's own term checks see another string, so a garble hidden that way
    ("re\u00adduced back") is otherwise missed.  The suggestion is the plain word; the fix is
    safe, and the next run checks the plain text.  Words in other scripts are left alone (the
    joiners are part of correct Persian, Indic and emoji text).  In HTML and Markdown the same
    characters written as character references inside a word ("re&shy;duced", "&#173;",
    "&#x200B;", "&ZeroWidthSpace;", "&zwj;", "&NoBreak;", ...) are flagged the same way (the
    reader blanks a reference, so the word was two); written out in plain text or code they
    are not hidden and not flagged.
"""
from __future__ import annotations

import functools
import math
import re

from linter.findings import Finding

SOURCE = "grammar"

# --------------------------------------------------------------------------- repeated words

LEGIT_DOUBLES = frozenset(
    """
    had that very really many so no now there well bye blah ha tut tsk knock chop yada
    beri mahi tse bora walla
    """.split()
)


def repeated_words(parsed) -> list[Finding]:
    found = []
    original = parsed.document.text
    for block_offset, block_text, words in parsed.sentence_tokens:  # non-space tokens
        i = 0
        while i < len(words) - 1:
            first = words[i]
            j = i
            while (j + 1 < len(words) and _same_word(words[j], words[j + 1], block_text)
                   and not _blanked_words(original, block_offset, words[j], words[j + 1])):
                j += 1
            if j > i and _flaggable(first, words[j], i == 0):
                start = block_offset + first.idx
                end = block_offset + words[j].idx + len(words[j].text)
                gaps_clean = all(
                    not original[block_offset + a.idx + len(a.text): block_offset + b.idx].strip()
                    for a, b in zip(words[i:j], words[i + 1: j + 1], strict=True)
                )
                text = original[start:end]
                found.append(Finding(
                    rule="grammar/repeated-word",
                    offset=start,
                    length=end - start,
                    text=text,
                    message=f"Repeated word: \u201c{first.text}\u201d appears {j - i + 1} times in a row.",
                    suggestions=(first.text,),
                    confidence=0.95,
                    source=SOURCE,
                    severity="warning",
                    fix_safe=gaps_clean,
                ))
            i = j + 1
    return found


def _blanked_words(original: str, block_offset: int, a, b) -> bool:
    """Whether what was blanked out between tokens ``a`` and ``b`` is inline code, which has
    words of its own ("the `ls` the", "the <code>ls</code> the"), not only markup ("the **the**")."""
    gap = original[block_offset + a.idx + len(a.text): block_offset + b.idx]
    return "`" in gap or "<code" in gap.lower()


def _same_word(a, b, text: str) -> bool:
    """Whether tokens ``a`` and ``b`` (``linter.document.Tok``) are one word repeated."""
    if not (a.is_alpha and b.is_alpha) or a.lower != b.lower:
        return False
    if any(len(t.text) > 1 and t.text.isupper() for t in (a, b)):
        return False  # codes, acronyms, all-caps headings, "host HOST"
    gap = text[a.idx + len(a.text): b.idx]
    if gap.strip():  # only whitespace between (blanked markup counts as whitespace)
        return False
    if "\n" in gap:
        # Across a line break only in running text: both lower case, and neither word alone on
        # its line (lists and tables repeat words line after line: "Config\nconfig"; a heading
        # may end with the word the next line starts with: "Back Pain\nPain is common").
        line_start = text.rfind("\n", 0, a.idx) + 1
        line_end = text.find("\n", b.idx)
        line_end = len(text) if line_end < 0 else line_end
        if not (a.text.islower() and b.text.islower()):
            return False
        if not text[line_start:a.idx].strip() or not text[b.idx + len(b.text):line_end].strip():
            return False
    return True


def _flaggable(first, last, sentence_start: bool) -> bool:
    low = first.lower
    if low in LEGIT_DOUBLES:
        return False
    if first.text[0].isupper() and last.text[0].isupper() and not sentence_start:
        return False  # "Walla Walla", "Duran Duran": names
    return True


# --------------------------------------------------------------------------- fused words

MIN_TOKEN = 7
# longer tokens are not two words run together but codes, hashes, URLs or base64; and trying
# every split point of a token costs its length squared (a 10^5-character token took 40 s)
MAX_TOKEN = 40
MIN_PART = 3
SAFE_PART = 4  # a safe fix needs both parts this long
MIN_LEXICON_PART = 5
FREQUENT = 3.0  # Zipf: about once per million words
SAFE_FREQUENT = 3.5

# Derivational prefixes and combining forms: "epi" + "sacroiliac" is one word, not two.
PREFIXES = tuple(sorted(set(
    """
    non un anti pre post sub semi multi inter intra hyper hypo over under micro macro mini re co
    de dis mis counter extra trans ultra pseudo neo peri para epi endo exo auto bio neuro cardio
    gastro osteo poly mono bi tri out self mid tele proto radio kilo hetero homo psycho photo video
    hemi mal syn super ortho electro thermo hydro immuno chemo cyto hemo haemo histo myo naso oro
    pan pharmaco physio pneumo retro sero vaso uro nephro hepato dermato entero angio arthro
    broncho chondro cranio cysto fibro glyco lipo lympho musculo myelo oculo onco sacro lumbo
    thoraco cervico spondylo ileo ilio dorso ventro infra supra sub circum contra ante hetero
    iso meta pro dys
    """.split()), key=len, reverse=True))

# Right-hand parts that are suffixes or suffix-like compound heads, not separate words.
SUFFIX_PARTS = frozenset(
    """
    like less wise ward wards fold free based related ness able ably ible ism ist ists ian ians
    ing ings ors man men woman women ship hood dom some way ways proof type
    """.split()
)

_FUSED_NEIGHBOURS = set("@#/\\_")


@functools.lru_cache(maxsize=1)
def _frequencies() -> dict | None:
    """wordfreq's English 'large' list: word -> frequency (loaded once, lazily).

    None when wordfreq is not installed (it is a dependency of medlint): the fused-words
    check is then off rather than guessing without a general word list.  Only read to
    (re)build the Zipf table below, or when that table cannot be cached.
    """
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        return None
    return get_frequency_dict("en", wordlist="large")


def _zipf_centi(freq: float) -> int:
    # round(..., 2) as zipf() always did; centi / 100 gives back that exact float (checked
    # for all 321k words of wordfreq 3.1 when the table is built)
    return round(round(math.log10(freq * 1e9), 2) * 100)


@functools.lru_cache(maxsize=1)
def _zipf_table():
    """word -> [(Zipf * 100,)]: a memory-mapped MARISA trie in the user's cache.

    Importing wordfreq and decoding its list costs ~0.35 s and ~45 MB, once per process,
    and a 600-word health text usually has a token that needs it.  The same values are
    kept as a trie (1.3 MB) in ``$XDG_CACHE_HOME/medlint`` (see ``linter.rulecache``),
    keyed by the installed wordfreq (path, size and mtime of its code and English list),
    built from ``get_frequency_dict`` on first use and opened in ~1 ms after that.  The
    table is derived from the installed package on the user's machine, not shipped:
    wordfreq's lists are CC BY-SA 4.0.  None when wordfreq is not installed.
    """
    import hashlib
    import importlib.util
    import os
    import tempfile

    import marisa_trie

    from linter.rulecache import cache_dir

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.origin:
        return None
    h = hashlib.sha256(b"zipf-1")
    package = os.path.dirname(spec.origin)
    for f in (spec.origin, os.path.join(package, "data", "large_en.msgpack.gz")):
        try:
            st = os.stat(f)
            h.update(f"\0{f}:{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"\0{f}:-".encode())
    path = cache_dir() / f"zipf-en-{h.hexdigest()[:32]}.marisa"
    trie = marisa_trie.RecordTrie("<H")
    try:
        return trie.mmap(str(path))
    except Exception:  # not built yet (or unreadable): build it
        pass
    freqs = _frequencies()
    if freqs is None:
        return None
    trie = marisa_trie.RecordTrie("<H", ((w, (_zipf_centi(f),)) for w, f in freqs.items()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marisa")
        os.close(fd)
        try:
            trie.save(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        # one table per wordfreq install (a project venv and pre-commit's have one each):
        # keep the 4 built last
        tables = sorted(path.parent.glob("zipf-en-*.marisa"), key=lambda f: f.stat().st_mtime_ns, reverse=True)
        for old in tables[4:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache only makes the next run slower
    return trie


@functools.lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """Zipf frequency (log10 of occurrences per billion words); 0.0 for an unknown word."""
    table = _zipf_table()
    found = table.get(word) if table is not None else None
    return found[0][0] / 100 if found else 0.0


@functools.lru_cache(maxsize=1)
def _lexicon_vocabulary():
    """The medical lexicon's lemmas (a read-only mapping; ``in`` and ``len`` are what is
    used), or an empty set when the lexicon is not available.  All lower case
    (scripts/build_lookup.py checks it)."""
    try:
        from linter import lexicon
    except ImportError:
        return frozenset()
    try:
        words = lexicon.term_word_counts()
        return words if len(words) else frozenset()  # opens the table: fails here, if at all
    except Exception:  # a missing or broken lexicon must not stop the grammar checks
        return frozenset()


def _lemma_table_knows(word: str) -> bool:
    """In the NLP layer's precomputed lemminflect table (loaded by the pipeline anyway)."""
    from linter import nlp

    tables = getattr(nlp, "_tables", None)
    table = tables() if tables else None
    return bool(table) and word in table.get("lemma", ())


def _inflection_stems(word: str):
    """Possible stems of an inflected form: "tracebacks" -> "traceback", "subsetted" -> "subset"."""
    if word.endswith("ies"):
        yield word[:-3] + "y"
    if word.endswith("es"):
        yield word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        yield word[:-1]
    for suffix in ("ed", "ing"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            yield stem
            yield stem + "e"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]
            if suffix == "ed" and stem.endswith("i"):
                yield stem[:-1] + "y"


class FusedWords:
    """Decides whether an unknown token is two words run together."""

    def __init__(self, lexicon: frozenset | None = None):
        self.lexicon = _lexicon_vocabulary() if lexicon is None else lexicon

    def in_lexicon(self, word: str) -> bool:
        if not self.lexicon:
            return False
        from linter.nlp import lemma_of

        return word in self.lexicon or lemma_of(word) in self.lexicon

    def known_cheaply(self, word: str) -> bool:
        """Known without loading the general word list (lemma table, lexicon)."""
        return _lemma_table_knows(word) or self.in_lexicon(word)

    def derived(self, word: str) -> bool:
        """prefix + known word: "nonspecificity", "episacroiliac" (with "sacroiliac" known)."""
        for p in PREFIXES:
            rest = word[len(p):]
            if word.startswith(p) and len(rest) >= 4 and (zipf(rest) >= FREQUENT or self.in_lexicon(rest)):
                return True
        return False

    def known(self, word: str) -> bool:
        """A real word: known as it is, behind a prefix, or as an inflection of one ("tracebacks")."""
        if self._known_form(word):
            return True
        return any(len(stem) >= MIN_PART + 1 and self._known_form(stem) for stem in _inflection_stems(word))

    def _known_form(self, word: str) -> bool:
        return self.known_cheaply(word) or zipf(word) > 0 or self.derived(word)

    def part(self, word: str, left: bool) -> str | None:
        """'frequent', 'known' or None (not acceptable as one half of a split)."""
        if len(word) < MIN_PART:
            return None
        z = zipf(word)
        if len(word) == 3 and z < 4.0:
            return None  # short rare parts ("sha", "cra") are noise
        if z >= SAFE_FREQUENT:
            return "frequent"
        if z >= FREQUENT or (len(word) >= MIN_LEXICON_PART and self.in_lexicon(word)):
            return "known"  # short lexicon entries are abbreviations ("colo", "env")
        if left and self.derived(word):
            return "derived"
        return None

    def splits(self, word: str) -> list[tuple[str, str, str, str]]:
        out = []
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            a, b = word[:i], word[i:]
            if a in PREFIXES or b in SUFFIX_PARTS:
                continue
            pa = self.part(a, left=True)
            pb = self.part(b, left=False) if pa else None
            if pa and pb:
                out.append((a, b, pa, pb))
        return out

    def check(self, word: str):
        """None, or (splits best first, safe) for a token that is two words run together."""
        low = word.lower()
        if self.known_cheaply(low):
            return None
        if _zipf_table() is None or self.known(low):  # opens the word list, only for tokens unknown so far
            return None
        splits = self.splits(low)
        if not splits:
            return None
        splits.sort(key=lambda s: (-min(zipf(s[0]), zipf(s[1])), s[0]))
        a, b, pa, pb = splits[0]
        safe = len(splits) == 1 and pa == pb == "frequent" and min(len(a), len(b)) >= SAFE_PART
        return splits, safe


def _candidate(tok, text: str) -> bool:
    word = tok.text
    if not tok.is_alpha or not MIN_TOKEN <= len(word) <= MAX_TOKEN or not word.isascii():
        return False
    if not word.islower():
        return False  # names (also at a sentence start), CamelCase, acronyms
    before = text[tok.idx - 1] if tok.idx > 0 else " "
    end = tok.idx + len(word)
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before in _FUSED_NEIGHBOURS or after in _FUSED_NEIGHBOURS or before == ".":
        return False
    if after == "." and after2.isalnum():  # example.com, file.txt
        return False
    return True


def fused_words(parsed, ctx=None) -> list[Finding]:
    checker = None
    found = []
    for block_offset, block_text, toks in parsed.sentence_tokens:
        for tok in toks:
            if not _candidate(tok, block_text):
                continue
            if checker is None:
                checker = _checker(ctx)
            verdict = checker.check(tok.text)
            if verdict is None:
                continue
            splits, safe = verdict
            suggestions = tuple(_cased(tok.text, a, b) for a, b, _, _ in splits[:3])
            confidence = 0.85 if safe else (0.7 if len(splits) == 1 else 0.6)
            found.append(Finding(
                rule="grammar/fused-words",
                offset=block_offset + tok.idx,
                length=len(tok.text),
                text=tok.text,
                message=f"\u201c{tok.text}\u201d looks like two words run together: \u201c{suggestions[0]}\u201d.",
                suggestions=suggestions,
                confidence=confidence,
                source=SOURCE,
                severity="warning",
                fix_safe=safe,
            ))
    return found


def _cased(original: str, a: str, b: str) -> str:
    return a + " " + b  # candidates are lower case


def _checker(ctx) -> FusedWords:
    if ctx is None:
        return FusedWords()
    key = ("grammar", "fused-words")
    if key not in ctx.cache:
        ctx.cache[key] = FusedWords()
    return ctx.cache[key]


# --------------------------------------------------------------------------- hidden characters

_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")  # full-width forms of the printable ASCII characters


def _plain(word: str) -> str:
    return _FULL_WIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), _INVISIBLE.sub("", word))


# the same characters as HTML / Markdown character references ("re&shy;duced", "spine&#8203;mice")
_ENTITY = (r"&(?:shy|ZeroWidthSpace|zwnj|zwj|NoBreak|#0*(?:173|820[345]|8288|65279)"
           r"|#[xX]0*(?:[aA][dD]|200[bBcCdD]|2060|[fF][eE][fF][fF]));")
_LATIN = "A-Za-z\u00c0-\u024f"
_ENTITY_WORD = re.compile(f"[{_LATIN}]+(?:(?:{_ENTITY})+[{_LATIN}]+)+")
_ENTITY_ONE = re.compile(_ENTITY)


def _hidden(offset: int, word: str, plain: str, what: str) -> Finding:
    return Finding(
        rule="grammar/hidden-character",
        offset=offset,
        length=len(word),
        text=word,
        message=f"\u201c{plain}\u201d is written with {what}: it reads as the plain word, but search and "
                "term checks see another string (a way to hide a garble). Write the plain word.",
        suggestions=(plain,),
        confidence=0.9,
        source=SOURCE,
        severity="warning",
        fix_safe=True,
    )


def _hidden_by_reference(document) -> list[Finding]:
    """Words split by a character reference to an invisible character in HTML or Markdown,
    where the reader blanks the reference (prose has spaces there) and keeps the letters."""
    text, prose = document.text, document.prose
    found = []
    for m in _ENTITY_WORD.finditer(text):
        a, b = m.span()
        refs = list(_ENTITY_ONE.finditer(text, a, b))
        if (prose[a] != text[a] or prose[b - 1] != text[b - 1]
                or any(prose[r.start():r.end()].strip() for r in refs)):
            continue  # (plain text: the reference is written out, not hidden)
        if (a and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            continue
        word = m.group()
        plain = _ENTITY_ONE.sub("", word)
        names = ", ".join(sorted({r.group() for r in refs}))
        found.append(_hidden(a, word, plain, f"a reference to an invisible character ({names})"))
    return found


def hidden_characters(parsed) -> list[Finding]:
    prose = parsed.document.prose
    text = parsed.document.text
    # (the word search only where a reference to an invisible character occurs at all)
    found = _hidden_by_reference(parsed.document) if "&" in text and _ENTITY_ONE.search(text) else []
    if not (_INVISIBLE.search(prose) or _FULL_WIDTH.search(prose)):
        return found  # (almost every document: one search instead of two per token)
    for block_offset, _, toks in parsed.sentence_tokens:
        for tok in toks:
            word = tok.text
            invisible = _INVISIBLE.findall(word)
            if not invisible and not _FULL_WIDTH.search(word):
                continue
            plain = _plain(word)
            letters = [c for c in plain if c.isalpha()]
            if not letters or any(ord(c) > 0x24F for c in letters):  # Latin script only
                continue
            what = ("an invisible character (" + ", ".join(sorted({f"U+{ord(c):04X}" for c in invisible})) + ")"
                    if invisible else "full-width letters")
            found.append(_hidden(block_offset + tok.idx, word, plain, what))
    return found


# --------------------------------------------------------------------------- the check


def run(parsed, ctx) -> list[Finding]:
    findings = repeated_words(parsed) + fused_words(parsed, ctx) + hidden_characters(parsed)
    return sorted(findings, key=lambda f: (f.offset, f.length, f.rule))

