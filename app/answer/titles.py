"""What a document's title names: the drugs, and the study, guideline or condition in shorthand,
which every passage under it is about."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from app.records import Chunk
from app.text.lexical import drug_spans, drugs_in


@lru_cache(maxsize=256)
def title_drugs(title: str) -> str:
    """The drugs a document's title names, once per title rather than once per candidate unit."""
    return " ".join(w for _, _, w in drug_spans(title))


def document_drugs(chunk: Chunk) -> frozenset[str]:
    """The generics of the drugs a passage's document is about: those its title names, or else the one
    its whole text names throughout (its subject)."""
    return _title_generics(chunk.title) or frozenset({chunk.subject} - {""})


@lru_cache(maxsize=256)
def _title_generics(title: str) -> frozenset[str]:
    return frozenset(drugs_in(title, classes=False))


# What a title names in shorthand: "(ZEPHYR-2)", "NG99", "COVID-19": the study, guideline or condition the
# whole document is about.
# A bracketed name may run to a few capitalised words: "(<NAME>-1 SU)".
_TITLE_NAME = re.compile(r"\(([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?: (?!MG\b|ML\b|MCG\b)[A-Z][A-Z0-9-]{0,9}){0,2})\)|\b[A-Z]+[0-9]+[A-Z0-9]*\b|\b[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+\b")


def names_study(text: str, own: tuple[str, ...]) -> bool:
    """The text names a study other than its document's own: a shorthand name with four capitals in a row
    ("SUSTAIN-2"), not a gene or enzyme ("HER2", "CYP3A4")."""
    own_names = {part for name in own for part in (name, *name.split())}
    return any(re.search(r"[A-Z]{4}", m.group(0)) and m.group(0).strip("()") not in own_names for m in _TITLE_NAME.finditer(text))


@lru_cache(maxsize=256)
def title_names(title: str) -> tuple[str, ...]:
    """The names a document's title gives in shorthand, which every passage under it is about."""
    return tuple(m.group(1) or m.group(0) for m in _TITLE_NAME.finditer(title))


# A shorthand name standing as a study's ("the <NAME>-HF trial", "(<NAME>-2) study", "<NAME> programme"), not
# a gene, a disease or a registry number written in capitals ("SGLT2", "COVID-19", "NCT01234567").
_AS_STUDY = re.compile(r"\)?\s+(?:\d+\s+)?(?:study|studies|trial|trials|programme|program|cohort|registry)\b", re.I)


def trials_named(text: str) -> tuple[str, ...]:
    """The shorthand names a text gives as studies', in order."""
    return tuple(m.group(0).strip("()") for m in _TITLE_NAME.finditer(text)
                 if re.search(r"[A-Z]{4}", m.group(0)) and _AS_STUDY.match(text, m.end() - (m.group(0).endswith(")"))))


def own_trials(title: str, document: str) -> set[str]:
    """The trials a paper is about: named by its title or its opening, or the study it names most often."""
    most = Counter(trials_named(document)).most_common(1)  # (the first named wins a tie: the same on every run)
    return {n for n in (*title_names(title), *trials_named(document[:2500]), *(name for name, _ in most))}


def shorthand_studies(text: str) -> tuple[str, ...]:
    """Shorthand names shaped like a trial's, four capitals with a hyphen or a number ("<NAME>-HF", "<NAME>-3"):
    not an abbreviation in brackets ("(NSCLC)"), which names a disease or a measure."""
    return tuple(n for m in _TITLE_NAME.finditer(text) if re.search(r"[A-Z]{4}", n := m.group(0).strip("()")) and re.search(r"[-\d]", n))
