"""A misspelt word of a question ("guidline", "progresion", a drug name with a letter dropped) read as
the word the indexed documents use, so retrieval, answering and the guards all see the word that is
meant. The question is shown as read, so the reading is never silent.

No list of misspellings is kept. A word is read as another only when every check holds, each erring
towards leaving it as written:
- it is a word of lower-case letters (a capital first letter aside), five or more, that neither English
  (wordfreq), the drug dictionary nor the corpus knows: an acronym, a number, a hyphenated word, a drug
  the corpus lacks (one letter from another drug it names) or a known word stays;
- an English word or a drug the dictionary names is one edit away (swapping two neighbouring letters is
  one edit), not within its first letters ("hyper-" / "hypo-", "tachy-" / "brady-" set the meaning there),
  and its stem is in the corpus vocabulary;
- every word that close and in the corpus is the same word (one stem): two rivals leave it as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list, zipf_frequency

from app.lazy import PerIndex
from app.lexicon.medterms import DRUG_WORDS, is_drug_name
from app.text.lexical import tokenize

# An edit this close to a word's start changes what it means (a prefix), not how it is spelt.
FIRST_LETTERS_KEPT = 4
_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]{4,}(?![\w-])")


@lru_cache(maxsize=1)
def _known_words() -> dict[str, list[str]]:
    """English words and the dictionary's one-word drug names, by first letter (a misspelling rarely
    gets the first letter wrong, and comparing within one letter keeps the search quick)."""
    by_letter: dict[str, list[str]] = {}
    for word in dict.fromkeys([*top_n_list("en", 1_000_000), *sorted(DRUG_WORDS)]):
        if word.isalpha() and len(word) >= 4:
            by_letter.setdefault(word[0], []).append(word)
    return by_letter


@lru_cache(maxsize=2048)
def _near(word: str) -> tuple[str, ...]:
    """Known words one edit from `word`, the edit past its first letters."""
    found = process.extract(word, _known_words().get(word[0], []), scorer=OSA.distance, score_cutoff=1, limit=None)
    return tuple(w for w, _, _ in found if w != word and w[:FIRST_LETTERS_KEPT] == word[:FIRST_LETTERS_KEPT])


class TypoReader:
    """`doc_freqs` is the corpus vocabulary (search tokens) with the number of chunks using each."""

    def __init__(self, doc_freqs: dict[str, int]):
        self.doc_freqs = doc_freqs

    def meant(self, word: str) -> str | None:
        """The corpus word `word` misspells, or None when it is no misspelling, or an ambiguous one."""
        low = word.lower()
        toks = tokenize(low)
        if not toks or toks[0] in self.doc_freqs or zipf_frequency(low, "en") > 0 or low in DRUG_WORDS or is_drug_name(low):
            return None
        closest = [w for w in _near(low) if (t := tokenize(w)) and t[0] in self.doc_freqs]
        if len({tokenize(w)[0] for w in closest}) != 1:
            return None
        meant = max(closest, key=lambda w: zipf_frequency(w, "en"))
        return meant.capitalize() if word[0].isupper() else meant

    def correct(self, question: str) -> str:
        """The question with each misspelt word replaced by the word meant."""
        return _WORD.sub(lambda m: self.meant(m.group(0)) or m.group(0), self.joined(question))

    def joined(self, question: str) -> str:
        """The question with a drug name that a phone's autocorrect split into words ("met form in") written
        whole: two or three words in a row that together spell a drug the dictionary knows and the corpus uses."""
        words = list(re.finditer(r"(?<![\w-])[A-Za-z]+(?![\w-])", question))
        out, i, at = [], 0, 0
        while i < len(words):
            for n in (3, 2):
                run = words[i:i + n]
                spaced = len(run) == n and all(question[a.end():b.start()] == " " for a, b in zip(run, run[1:]))
                whole = "".join(m.group(0) for m in run).lower()
                if spaced and len(whole) >= 7 and is_drug_name(whole) and tokenize(whole)[0] in self.doc_freqs:
                    out += [question[at:run[0].start()], whole]
                    at, i = run[-1].end(), i + n - 1
                    break
            i += 1
        return "".join(out) + question[at:]


_READERS: PerIndex[TypoReader] = PerIndex(lambda lexical: TypoReader(lexical.doc_freqs))


def corrected_typos(lexical, question: str) -> str:
    """`question` with its misspellings read against one BM25 index's vocabulary (a reader per index)."""
    return _READERS.get(lexical).correct(question)
