"""Questions that ask for a drug ("what was the comparator drug?", "which medicines exclude a patient?"):
the answer names one, and a passage or a part of one naming none does not answer."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.answer.units import Unit
from app.ingest.chunking import clean_statement
from app.text.abbreviations import spelled_out
from app.lexicon.medterms import generic_name, is_drug_class
from app.text.lexical import drug_spans

# ("What dose of the drug?" asks a dose: the words before the drug qualify it, none relates it.)
_DRUG_ASKED = re.compile(r"\b(?:which|what)(?:'s|\s+(?:is|was|were|are))?\s+(?:the\s+)?"
                         r"(?:(?!(?:of|for|to|in|with|on|about|by)\b)[\w-]+\s+){0,2}?"
                         r"(?:drugs?|medicines?|medications?|comparators?)\b"
                         # ("the drug's half-life", "drug dose", "drug levels" ask about a drug, not for one)
                         r"(?!['’]s|-|\s+(?:doses?|dosing|dosage|levels?|interactions?|monitoring|errors?|class|arms?|"
                         r"groups?|free|reconciliation|history|for)\b)", re.I)


def asks_for_drug(question: str) -> bool:
    """"What's the comparator drug?", "which medicines ...": the answer names a drug."""
    return bool(_DRUG_ASKED.search(question))


def asks_which_drugs(question: str) -> bool:
    """Asked for drugs or medicines by name, not for a comparator (which may be placebo or usual care)."""
    return asks_for_drug(question) and bool(_MEDICINES.search(question)) and not _COMPARATOR.search(question)


def named_drugs(text: str, defined: Mapping[str, str]) -> set[str]:
    """The generic names of the drugs a text names, a drug its document abbreviates by its definition."""
    return {generic_name(w) for _, _, w in drug_spans(spelled_out(text, defined))}


def names_no_drug(unit: Unit, question: str) -> bool:
    """Asked which drugs or medicines, evidence naming none (an age limit among exclusions) does not answer;
    a drug the document abbreviates ("SP+AQ"), defined or not, or a class ("NSAIDs") is named."""
    if not asks_which_drugs(question):
        return False
    said = spelled_out(clean_statement(unit.text), unit.defined or {})
    return not (named_drugs(said, {}) or _CODE.search(said) or any(is_drug_class(w) for w in re.findall(r"[A-Za-z][\w-]+", said)))


_MEDICINES = re.compile(r"\b(?:drugs?|medicines?|medications?)\b", re.I)
# An abbreviation or code, which may be a drug's or a class's ("SP+AQ", "CYP3A4 inhibitors", "NSAIDs").
_CODE = re.compile(r"\b(?=\w*[A-Z]\w*[A-Z])[A-Za-z0-9]{2,8}\b")
_COMPARATOR = re.compile(r"\b(?:comparators?|control)\b", re.I)
