"""Lexical side of retrieval: one tokenizer for text and queries, and a persisted BM25 index.

The tokenizer keeps identifiers whole (NCT01234567, 123456-78-9, P-gp, 62.5) and also emits their
parts, folds accents ("naïve" -> "naive"), spells British words the American way ("haemorrhage" ->
"hemorrhage"), stems English words and drops stop words.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
from wordfreq import top_n_list

from app.lexicon.medterms import BRITISH_SPELLING_RULES, DRUG_NAMES, SYNONYM_GROUPS, generic_name, is_drug_class, is_drug_name

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-/+&][a-z0-9]+)*")
_STOP = frozenset(STOPWORDS_EN)
STOPWORDS = _STOP
_stemmer = Stemmer.Stemmer("english")


# The answerer and verifier read the same sentences many times over for one question; normalising and
# tokenising each once is a large share of an answer's time.
@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("–", "-").replace("—", "-").replace("‐", "-").replace("’", "'").replace("\u00ad", "")
    return text


# Part of the BM25 index's identity: an index built with another tokenizer is rebuilt (see
# app/index/lexical_index.py). Bump it whenever tokens change for the same text.
TOKENIZER_VERSION = "9"


# An inflammation is its own disease, not its organ's adjective: "pancreatitis" is no "pancreatic",
# "hepatitis" no "hepatic" (impairment), so the "-itis" stays on the stem.
_ITIS = re.compile(r"(?:itis|itides)$")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if not word.isalpha():
        return word
    word = american(word)
    return _ITIS.sub("itis", word) if _ITIS.search(word) else _stemmer.stemWord(word)


def american(word: str) -> str:
    """The American spelling of a British (lower-case) word; a drug name is left as it is written."""
    if word in BRITISH_ENGLISH_SPELLINGS:
        return BRITISH_ENGLISH_SPELLINGS[word]
    if is_drug_name(word):
        return word
    for rule, replacement in BRITISH_SPELLING_RULES:
        word = rule.sub(replacement, word)
    return word


def tokenize(text: str, keep_stopwords: bool = False, parts: bool = True) -> list[str]:
    return list(_tokens(text, keep_stopwords, parts))


# A clinician's "+ve" / "-ve" ("urine +ve", "RhD-ve", "ER+ve/PR-ve") is the word written out, not
# the letters "ve"; in capitals it is something else ("mRNA-VE", vaccine efficacy).
_SIGN_SUFFIX = re.compile(r"([+\-−])ve\b")
# The element symbol "Na" ("Na 119", "Na+ <130") is sodium, and stays "na" too, as a question may type
# it in lower case ("low na?"); "NA" / "N/A" is "not available".
_SODIUM = re.compile(r"(?<![\w/])Na\+?(?![\w/])")


# A time unit cut short after its number ("24h", "24-hr", "every 12 hrs", "2wk", "30 mins") is the word: a
# question's "24h" finds "in a 24 hour period" ("1 H. pylori", a genus cut short, is no hour).
_TIME_UNIT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?-?(h|hrs?|wks?|mins?)\b(?!\.\s?[a-z])", re.I)
_TIME_WORD = {"h": "hours", "hr": "hours", "hrs": "hours", "wk": "weeks", "wks": "weeks", "min": "minutes", "mins": "minutes"}


# A trial's time point written unit first ("<score> at wk24", "HbA1c at mo6") is the unit and its number, in a
# question and a table alike; a code with more digits ("DAY101") is not one.
_TIME_POINT = re.compile(r"(?<![\w.-])(wks?|weeks?|days?|mo|mths?|months?|yrs?|years?)(\d{1,2})(?![\w-])", re.I)


def _shorthand_written_out(text: str) -> str:
    text = _TIME_POINT.sub(r"\1 \2", _TIME_UNIT.sub(lambda m: f"{m.group(1)} {_TIME_WORD[m.group(2).lower()]}", text))
    text = _SODIUM.sub(" Na sodium ", text)
    return _SIGN_SUFFIX.sub(lambda m: " positive " if m.group(1) == "+" else " negative ", text)


@lru_cache(maxsize=4096)
def _tokens(text: str, keep_stopwords: bool, parts: bool) -> tuple[str, ...]:
    out: list[str] = []
    for m in _TOKEN.finditer(normalize(_shorthand_written_out(text))):
        tok = m.group(0).strip(".")
        tok = DRUG_NAMES.get(tok, tok)
        if not tok:
            continue
        if keep_stopwords or tok not in _STOP:
            out.append(_stem(tok))
        if parts and re.search(r"[\-/+]", tok):
            for part in re.split(r"[\-/+]", tok):
                if part and (keep_stopwords or part not in _STOP) and (len(part) > 1 or part.isdigit()):
                    out.append(_stem(part))
    return tuple(out)


_WORD = re.compile(r"[a-z0-9]+")


def _first_word(phrase: str) -> str:
    m = _WORD.match(phrase)
    if not m:
        raise ValueError(f"a synonym phrase must start with a letter or digit: {phrase!r}")
    return m.group(0)


# Phrases keyed by their first word: a text is scanned once, word by word, instead of once per
# phrase (hundreds of regex scans per sentence were most of an answer's time).
_BY_FIRST_WORD: dict[str, list[tuple[int, int, str]]] = {}
for _gi, _group in enumerate(SYNONYM_GROUPS):
    for _pi, _phrase in enumerate(_group):
        _BY_FIRST_WORD.setdefault(_first_word(_phrase), []).append((_gi, _pi, _phrase.replace("-", " ")))


@lru_cache(maxsize=4096)
def _phrase_matches(norm: str) -> tuple[tuple[int, int, int], ...]:
    """Every match (start, end, group) of a synonym phrase standing as whole words in a normalised text."""
    found: list[tuple[int, int, int, int]] = []
    last_end: dict[tuple[int, int], int] = {}
    loose = norm.replace("-", " ")  # "real world" says "real-world", and "progression-free" "progression free"
    for m in _WORD.finditer(norm):
        start = m.start()
        for gi, pi, phrase in _BY_FIRST_WORD.get(m.group(0), ()):
            if not loose.startswith(phrase, start):
                continue
            end = start + len(phrase)
            # A phrase stands for its plural too ("adolescent", "adolescents"); short ones ("us") do not.
            if len(phrase) >= 4 and phrase[-1].isalpha():
                for plural in ("s", "es"):
                    if norm.startswith(plural, end) and not (end + len(plural) < len(norm) and _is_word_char(norm[end + len(plural)])):
                        end += len(plural)
                        break
            if not (end < len(norm) and _is_word_char(norm[end])) and start >= last_end.get((gi, pi), 0):
                last_end[(gi, pi)] = end
                found.append((start, end, gi, pi))
    found.sort(key=lambda x: (x[2], x[3], x[0]))
    return tuple((s, e, g) for s, e, g, _ in found)


def _is_word_char(ch: str) -> bool:
    return "a" <= ch <= "z" or "0" <= ch <= "9"


def concept_groups(text: str) -> list[int]:
    """Indices of the synonym groups that text mentions."""
    return sorted({g for _, _, g in _phrase_matches(normalize(text))})


def concept_spans(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The normalised text and its synonym-phrase matches (start, end, group), longest first wins:
    in "progression-free survival" the PFS group matches, not "progression" on its own."""
    norm = normalize(text)
    found = sorted(_phrase_matches(norm), key=lambda x: (x[0] - x[1], x[0]))
    kept: list[tuple[int, int, int]] = []
    for s, e, g in found:
        if not any(ks <= s and e <= ke and (ks, ke) != (s, e) for ks, ke, _ in kept):
            kept.append((s, e, g))
    return norm, kept


def concepts_apart(text: str) -> tuple[str, set[int]]:
    """The text's concept groups (longest phrase first, as concept_spans) and its normalised words left
    once their phrases are taken out: "brain metastases" is one concept, and "brain" is not left over."""
    norm, spans = concept_spans(text)
    for s, e, _ in sorted(spans, reverse=True):
        norm = norm[:s] + " " + norm[e:]
    return norm, {g for _, _, g in spans}


# A figure of its own ("CrCl 60", "22 kg", "72kg"), not part of a name ("p16", "COVID-19") or a span ("3-4").
FIGURE = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?!\.?\d|-\w)")


def drug_spans(text: str) -> list[tuple[int, int, str]]:
    """Drug names in a text as written (brand names and codes count): (start, end, word). A hyphenated
    word ("<drug>-resistant") names a population, not a drug."""
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9-]*", text):
        if is_drug_name(m.group(0)):
            out.append((m.start(), m.end(), m.group(0)))
    return out


def drugs_in(text: str, classes: bool = True) -> list[str]:
    """Generic names of the drugs a text names, in order, repeats kept; without `classes`, drugs only (a
    class, "enzyme-inducing antiepileptics", may hold a drug and is not another one)."""
    return [generic_name(w) for _, _, w in drug_spans(text) if classes or not is_drug_class(w)]


def main_drug(text: str) -> str:
    """The drug a document is about, for when its title does not say (a label headed "Summary of product
    characteristics" or by its publisher): one it names at least ten times and five times as often as
    any other ("" when none; a guideline weighing several drugs has none). A class is no drug of its own."""
    return dominant(drugs_in(text, classes=False))


def dominant(names: Iterable[str]) -> str:
    """The name said at least ten times and five times as often as any other; "" when none is."""
    counts = Counter(names).most_common(2)
    return "" if not counts or counts[0][1] < 10 or len(counts) > 1 and counts[0][1] < 5 * counts[1][1] else counts[0][0]


# Two-letter words that are shorthand only in capitals ("tell us" / "the US").
_SHORT_WORDS = frozenset("us we me it am as at or an in on to so do no is be by of up".split())


def initials_of(short: str, long: str) -> bool:
    """The shorthand's letters are the long form's initials in order ("n&v" / "nausea and vomiting",
    "pfs" / "progression-free survival"); "dose" is no shorthand of "dosing regimen"."""
    letters = [ch for ch in short if ch.isalpha()]
    heads = [w[0] for w in re.split(r"[\s/-]+", long) if w and w[0].isalpha()]
    if not letters or not heads or letters[0] != heads[0]:
        return False
    rest = iter(heads[1:])
    return all(ch in rest for ch in letters[1:])


def with_long_forms(text: str) -> str:
    """The text with each shorthand the lexicon knows (an abbreviation such as "N&V" or "ORR") followed
    by its longest name in brackets: a sentence encoder reads "nausea and vomiting", not "n&v"."""
    norm, spans = concept_spans(text)
    out, last = [], 0
    for s, e, g in sorted(spans):
        written = norm[s:e]
        longest = max(SYNONYM_GROUPS[g], key=len)
        original = text[s:e] if len(norm) == len(text) else written
        pronoun = written in _SHORT_WORDS and not original.isupper()
        if " " in written or len(written) > 6 or pronoun:
            continue
        # Initials of a phrase ("n&v"), or a word cut short ("preg", "tx": its letters in order, the first
        # one first, in a word at least three letters longer).
        # (An English word the long form only extends, "fever" of "feverish", is no word cut short.)
        long = longest if " " in longest and initials_of(written, longest) else next(
            (p for p in SYNONYM_GROUPS[g] if " " not in p and len(p) >= len(written) + 3 and initials_of(written, " ".join(p))
             and not (p.startswith(written) and written in _common_words())),
            None)
        if long:
            out.append(norm[last:e] + f" ({long})")
            last = e
    return "".join(out) + norm[last:] if out else text


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The 30,000 most common English words."""
    return frozenset(w for w in top_n_list("en", 30000) if w.isalpha())


@lru_cache(maxsize=1)
def common_stems() -> frozenset[str]:
    """The stems of the 30,000 most common English words."""
    return frozenset(_stem(w) for w in top_n_list("en", 30000) if w.isalpha())


def expand_query(text: str) -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    """The query's tokens, and for each clinical term it mentions the term's tokens as asked and the tokens
    of its other names. Of a name of several words only its uncommon words count: "high temperature" for
    "fever" would rank every passage saying "high" or "temperature" above the one saying "fever"."""
    tokens = tokenize(text)
    asked = set(tokens)
    common = common_stems()
    groups = []
    for gi in concept_groups(text):
        own: dict[str, None] = {}
        other: dict[str, None] = {}
        for phrase in SYNONYM_GROUPS[gi]:
            words = tokenize(phrase)
            for tok in words:
                if tok in asked:
                    own[tok] = None
                elif len(words) == 1 or tok not in common:
                    other[tok] = None
        if other:
            groups.append((list(own), list(other)))
    return tokens, groups


class LexicalIndex:
    """BM25 over chunk search texts, saved beside the vector index and loaded once per process."""

    def __init__(self, retriever: bm25s.BM25 | None, ids: list[str], version: str):
        self.retriever = retriever
        self.ids = ids
        self.version = version

    @classmethod
    def build(cls, ids: list[str], texts: list[str], version: str) -> "LexicalIndex":
        if not ids:
            return cls(None, [], version)
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index([tokenize(t) for t in texts], show_progress=False)
        return cls(retriever, list(ids), version)

    def save(self, directory: Path) -> None:
        """Write to a temporary directory, then swap it in, so a reader never sees half an index."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.retriever is not None:
            self.retriever.save(str(tmp), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps({"version": self.version, "ids": self.ids}))
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex | None":
        meta = directory / "ids.json"
        if not meta.exists():
            return None
        data = json.loads(meta.read_text())
        retriever = bm25s.BM25.load(str(directory), mmap=False, show_progress=False) if data["ids"] else None
        return cls(retriever, data["ids"], data["version"])

    @cached_property
    def doc_freqs(self) -> dict[str, int]:
        """How many indexed chunks use each token of the corpus's vocabulary."""
        if self.retriever is None:
            return {}
        per_id = np.diff(self.retriever.scores["indptr"])
        # (bm25s keeps a padding token past the last column.)
        return {tok: int(per_id[i]) for tok, i in self.retriever.vocab_dict.items() if i < len(per_id)}

    @cached_property
    def _drug_names(self) -> dict[str, list[str]]:
        """Each drug's other names the corpus uses, both ways: generic -> the brands its documents write
        ("a label calls its drug by the brand throughout"), brand -> the generic."""
        names: dict[str, list[str]] = {}
        common = common_stems()
        for tok in self.doc_freqs:
            generic = generic_name(tok)
            # Some brands are also an English word's stem (the stem of "prepare", of "sensitive"): those are read as the word.
            # A generic of several words ("insulin <analogue>"; a salt is read as its drug) has no one token to stand for it.
            key = tokenize(generic, parts=False)
            if (generic != tok and len(key) == 1 and key[0] != tok and is_drug_name(tok) and not is_drug_class(tok)
                    and tok not in common):
                names.setdefault(key[0], []).append(tok)
                names.setdefault(tok, []).append(key[0])
        return names

    def search(self, query: str, k: int, expand: bool = True) -> list[tuple[str, float]]:
        if self.retriever is None:
            return []
        tokens, groups = expand_query(query) if expand else (tokenize(query), [])
        if expand:  # a question naming the generic finds the label that writes its brand, and back
            groups += [([tok], names) for tok in tokens if (names := [n for n in self._drug_names.get(tok, ()) if n not in tokens])]
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        # A term's other names count as the term, once (as a synonym query does): a passage saying one of them
        # scores as one saying the term; one saying the term and its synonyms scores no higher for that.
        # (A token of several groups, "dose" of two, is scored once.)
        one = lru_cache(maxsize=None)(lambda t: self.retriever.get_scores([t]))
        for own, other in groups:
            said = np.max([one(t) for t in own], axis=0) if own else 0.0
            scores = scores + np.maximum(0.0, np.max([one(t) for t in other], axis=0) - said)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
