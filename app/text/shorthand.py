"""A clinician's shorthand for a drug (its first syllable or two, or those of both halves of a compound
name) read as the drug the indexed documents
name, so retrieval, answering and the guards all see the drug that is meant. (A curated brand in
drugs.json is already its generic to the tokenizer.) A wrong reading turns the question into one about
another drug, so every check errs towards leaving the word as written.

No list of shorthands is kept: a word the corpus never uses is read as a drug the corpus names when it
abbreviates that drug and, among all the drugs people write about, plainly no other. The checks:
- it is at least four letters, a word of its own (not part of "co-amox" or "L-dopa"), not in capitals
  (an acronym) and not a common English word (wordfreq, so an English word that starts a drug's
  name never becomes the drug);
- it is the start of the drug's name, or the start of it and a later stretch of it (the first
  syllables of both halves of a compound name), and clearly shorter;
- exactly one drug of the corpus fits, and the corpus's other words that start with it are rarer
  ("preg" beside "pregnancy" stays as written);
- among the drug dictionary's generics it fits, the corpus's drug is the one written about far more
  often (wordfreq): a start that two generics share (a beta-blocker and an antiemetic; a steroid and
  its prodrug), or a generic and a brand, stays as written;
- it starts no word of the clinical lexicon (its terms are what questions are made of).
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

from app.lazy import PerIndex
from app.lexicon.medterms import DRUG_WORDS, SYNONYM_GROUPS, generic_name, is_drug_class, is_drug_name
from app.text.lexical import tokenize

# Zipf frequency (log10 per billion words) at or above which a word is ordinary English: "metro" (4.2),
# "para" (3.9) and "dial" (3.9) are words; "gent" (3.2), "remi" (2.7) and "vanc" (1.2) are shorthand.
COMMON_WORD_ZIPF = 3.5
# How much more often (Zipf) the corpus's drug must be written about than any other drug the word fits.
CLEAR_LEAD_ZIPF = 0.5
# Zipf below which a word is read as shorthand where the question names another drug and the word stands
# in a drug's place ("switched from <drug> to <name-like shorthand>": a first name, ~3.7, is no word there).
BESIDE_DRUGS_ZIPF = 4.0
# A drug's place: after a word that puts a medicine on or off ("on", "to", "started", "add"), or a joining mark.
_DRUG_PLACE = re.compile(r"(?:\b(?:on|to|with|plus|then|after|from|start(?:ed|ing)?|switch(?:ed|ing)?|add(?:ed|ing)?|"
                         r"stop(?:ped|ping)?|giv(?:e|en|ing)|tak(?:e|en|ing))\s+|[+/&]\s*)$", re.I)
# (A hyphen joining words makes one word, but for a prefix, "post-<shorthand>"; an arrow's, "abcd->efgh", does not.)
_WORD = re.compile(r"(?:(?<=\b[Pp]ost-)|(?<=\b[Pp]re-)|(?<!\w)(?<!\w-))[A-Za-z]{4,}(?!\w|-\w)")
# What sets two drugs against each other between their names: "A vs B", "A -> B", "A/B", "A then B"
# ("or" and "and" join ordinary words as often).
_AGAINST = re.compile(r"\s*(?:vs\.?|versus|->|→|/|then)\s*", re.I)
# The dictionary's one-word drug names by their first three letters: a word is only compared with those.
_BY_START: dict[str, list[str]] = {}
for _name in sorted(w for w in DRUG_WORDS if w.isalpha()):
    _BY_START.setdefault(_name[:3], []).append(_name)
_LEXICON_WORDS = frozenset(w for group in SYNONYM_GROUPS for term in group for w in re.findall(r"[a-z]+", term.lower())
                           if not is_drug_name(w))


def _abbreviates(short: str, name: str) -> bool:
    """`short` is the start of `name` ("abcd" / "abcdefgh"), or the start of it and a later stretch of
    it, three letters or more each ("abcfgh" / "abcdefghij")."""
    if len(name) < len(short) + 2:
        return False
    if name.startswith(short):
        return True
    return any(name.startswith(short[:k]) and short[k:] in name[k + 1:] for k in range(3, len(short) - 2))


def _clear_lead(short: str, generic: str) -> bool:
    """Among the dictionary's drugs that `short` fits, `generic` is written about far more often than
    any other. A rival is a drug by another name than the generic's own (its plural or salt is the same
    drug), and one nobody writes about (Zipf 0) is none."""
    own = zipf_frequency(generic, "en")
    rivals: dict[str, float] = {}
    for word in _BY_START.get(short[:3], ()):
        if _abbreviates(short, word):
            g = generic_name(word)
            if g.startswith(generic) or generic.startswith(g):
                own = max(own, zipf_frequency(word, "en"))
            else:
                rivals[g] = max(rivals.get(g, 0.0), zipf_frequency(word, "en"))
    return all(own >= other + CLEAR_LEAD_ZIPF for other in rivals.values() if other > 0)


class DrugShorthand:
    """`doc_freqs` is the corpus vocabulary (search tokens) with the number of chunks using each."""

    def __init__(self, doc_freqs: dict[str, int]):
        self.doc_freqs = doc_freqs
        self.drugs: dict[str, str] = {}  # search token -> the drug's name as written
        for tok in doc_freqs:
            if tok.isalpha() and len(tok) >= 5:
                # The stemmer drops a final "e" ("...azole" -> "...azol"), and the dictionary
                # knows variant spellings of both: the spelling that is its own generic is the name.
                name = next((w for w in (tok + "e", tok) if generic_name(w) == w and is_drug_name(w)),
                            next((w for w in (tok + "e", tok) if w in DRUG_WORDS),
                                 tok if is_drug_name(tok) else tok + "e" if is_drug_name(tok + "e") else None))
                if name:
                    self.drugs[tok] = name
        self._drug_for = lru_cache(maxsize=1024)(self._lookup)

    def drug_for(self, word: str, beside_drug: bool = False, among_drugs: bool = False) -> str | None:
        """The corpus's drug that `word` stands for, or None when it is a word, unknown, or ambiguous.
        `beside_drug`: the word is set against a drug ("para vs <drug>"), so a common word ("para") is
        read as shorthand too; `among_drugs`: the question names another drug, so a rarer word is."""
        return self._drug_for(word, beside_drug, among_drugs)

    def _lookup(self, word: str, beside_drug: bool, among_drugs: bool) -> str | None:
        short = word.lower()
        toks = tokenize(short)
        if len(word) < 4 or not word.isalpha() or word.isupper() or not toks or toks[0] in self.doc_freqs:
            return None
        # (Set against a drug, a word is the drug's shorthand even where it starts a clinical word: "para"
        # of "paraesthesia".)
        common = BESIDE_DRUGS_ZIPF if among_drugs else COMMON_WORD_ZIPF
        if not beside_drug and (any(w.startswith(short) for w in _LEXICON_WORDS) or zipf_frequency(short, "en") >= common):
            return None
        fits = {tok for tok in self.drugs if _abbreviates(short, tok)}
        names = {self.drugs[tok] for tok in fits}
        if len(names) != 1:
            return None
        others = sum(n for tok, n in self.doc_freqs.items() if tok.startswith(short) and tok not in self.drugs)
        if others >= sum(self.doc_freqs[tok] for tok in fits):
            return None
        name = names.pop()
        return name if _clear_lead(short, generic_name(name)) else None

    def spell_out(self, question: str) -> str:
        """The question with each drug shorthand replaced by the drug's name."""
        words = list(_WORD.finditer(question))
        read = [self.drug_for(m.group(0)) for m in words]
        for k, m in enumerate(words):
            # A word set against a drug named or abbreviated beside it ("para vs <drug>", "<drug>->para").
            beside = [j for j in (k - 1, k + 1) if 0 <= j < len(words) and (read[j] or is_drug_name(words[j].group(0)))
                      and _AGAINST.fullmatch(question[min(m.end(), words[j].end()):max(m.start(), words[j].start())])]
            if read[k] is None and beside:
                read[k] = self.drug_for(m.group(0), beside_drug=True)
        drug = [bool(read[j]) or is_drug_name(w.group(0)) and not is_drug_class(w.group(0)) for j, w in enumerate(words)]
        # (A drug written in full is the one its start stands for elsewhere in the question: "<drug> vs <other>
        # ... what did <start> get", wherever the start stands.)
        written = {generic_name(w.group(0).lower()) for j, w in enumerate(words) if drug[j] and not read[j]}
        for k, m in enumerate(words):
            # (Not "aloe vera", "per capita": a word in a drug's place, or right after one.)
            placed = _DRUG_PLACE.search(question[:m.start()]) or k and drug[k - 1] and not question[words[k - 1].end():m.start()].strip()
            if read[k] is None and any(drug[j] for j in range(len(words)) if j != k):
                name = self.drug_for(m.group(0), among_drugs=True)
                read[k] = name if name and (placed or generic_name(name) in written) else None
        out, last = [], 0
        for m, name in zip(words, read):
            out += [question[last:m.start()], name or m.group(0)]
            last = m.end()
        return "".join(out) + question[last:]


_READERS: PerIndex[DrugShorthand] = PerIndex(lambda lexical: DrugShorthand(lexical.doc_freqs))


def spelled_drugs(lexical, question: str) -> str:
    """`question` with the drug shorthand read against one BM25 index's vocabulary (a reader is built
    once per index: an ingest loads a new index, so the drugs named follow the corpus)."""
    return _READERS.get(lexical).spell_out(question)
