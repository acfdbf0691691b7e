"""Lexical side of retrieval: one tokenizer for text and queries, and a persisted BM25 index.

The tokenizer keeps identifiers whole (NCT02075840, 897383-62-9, P-gp, 78.6) and also emits their
parts, folds accents ("naïve" -> "naive"), stems English words and drops stop words.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from app.lexicon.medterms import DRUG_NAMES, SYNONYM_GROUPS, generic_name, is_drug_name

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-/+][a-z0-9]+)*")
_STOP = frozenset(STOPWORDS_EN)
_stemmer = Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("–", "-").replace("—", "-").replace("‐", "-").replace("’", "'")
    return text


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word) if word.isalpha() else word


def tokenize(text: str, keep_stopwords: bool = False, parts: bool = True) -> list[str]:
    out: list[str] = []
    for m in _TOKEN.finditer(normalize(text)):
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
    return out


def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])")


_GROUPS = [[(p, _phrase_pattern(p)) for p in group] for group in SYNONYM_GROUPS]


def concept_groups(text: str) -> list[int]:
    """Indices of the synonym groups that text mentions."""
    norm = normalize(text)
    return [gi for gi, group in enumerate(_GROUPS) if any(pat.search(norm) for _, pat in group)]


def concept_spans(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The normalised text and its synonym-phrase matches (start, end, group), longest first wins:
    in "progression-free survival" the PFS group matches, not "progression" on its own."""
    norm = normalize(text)
    found = [(m.start(), m.end(), gi) for gi, group in enumerate(_GROUPS) for _, pat in group for m in pat.finditer(norm)]
    found.sort(key=lambda x: (x[0] - x[1], x[0]))
    kept: list[tuple[int, int, int]] = []
    for s, e, g in found:
        if not any(ks <= s and e <= ke and (ks, ke) != (s, e) for ks, ke, _ in kept):
            kept.append((s, e, g))
    return norm, kept


def drug_spans(text: str) -> list[tuple[int, int, str]]:
    """Drug names in a text as written (brand names and codes count): (start, end, word). A hyphenated
    word ("<drug>-resistant") names a population, not a drug."""
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9-]*", text):
        if is_drug_name(m.group(0)):
            out.append((m.start(), m.end(), m.group(0)))
    return out


def drugs_in(text: str) -> list[str]:
    """Generic names of the drugs a text names, in order, repeats kept."""
    return [generic_name(w) for _, _, w in drug_spans(text)]


def expand_query(text: str) -> list[str]:
    """Query tokens plus the tokens of every synonym of a clinical term the query mentions."""
    tokens = tokenize(text)
    seen = set(tokens)
    for gi in concept_groups(text):
        for phrase, _ in _GROUPS[gi]:
            for tok in tokenize(phrase):
                if tok not in seen:
                    seen.add(tok)
                    tokens.append(tok)
    return tokens


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

    def search(self, query: str, k: int, expand: bool = True) -> list[tuple[str, float]]:
        if self.retriever is None:
            return []
        tokens = expand_query(query) if expand else tokenize(query)
        if not tokens:
            return []
        scores = self.retriever.get_scores(tokens)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
