"""The acronyms of a question and the documents that never use them: evidence from a document that does
not know what the question's acronym names speaks of something else."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import QuestionTerms, spells
from app.lexicon.medterms import DOCUMENT_WORDS, LAB_NAMES, NAMED_MEASURE
from app.text.lexical import concept_groups, normalize, tokenize


def unknown_acronyms(document_text: str, terms: QuestionTerms, in_corpus) -> bool:
    """An acronym of the question ("PPH", "OGTT") that another indexed document uses but the evidence's
    whole document never uses, spells out, or names by a synonym: that document speaks of something
    else, however near its passage is. So does a score or scale no document names and the lexicon does
    not know ("qSOFA score" asked of a guideline scoring NEWS2); any other acronym no document uses (a
    ward, a trial the corpus lacks) says nothing of its meaning."""
    if not terms.acronyms or not document_text:
        return False
    words, groups = _vocabulary(document_text)
    # A drug has its own guard (a brand in capitals names the generic a label uses); a kind of
    # document ("this SOP") says nothing of a passage's subject.
    return any((in_corpus(tok) or _names_measure(letters, terms.text) and not terms.token_groups.get(tok))
               and tok not in words and tok not in terms.generics and tok not in DOCUMENT_WORDS and not (terms.token_groups.get(tok, set()) & groups) and not spells(letters, document_text)
               for tok, letters in terms.acronyms.items())


def _names_measure(letters: str, question: str) -> bool:
    """The acronym names a score, scale or criteria set the question asks about ("qSOFA score"), not a lab."""
    return letters not in _LABS and bool(re.search(rf"\b{re.escape(letters)}\w*{NAMED_MEASURE}", normalize(question)))


_LABS = frozenset(name.lower() for name in LAB_NAMES)


@lru_cache(maxsize=64)
def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[int]]:
    return frozenset(tokenize(text)), frozenset(concept_groups(text))
