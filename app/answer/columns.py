"""Which of a table row's value columns answer, beyond those the question's words single out: the column
whose header's band holds the patient's value, and the cells that state the kind of answer asked."""

from __future__ import annotations

import re

from app.answer.thresholds import names_band, reading_held
from app.answer.units import QuestionTerms, states_asked_kind
from app.ingest.chunking import clean_statement
from app.records import Cell
from app.text.lexical import tokenize
from app.verify.headers import names_arm


def patients_column(chosen: list[Cell], values: list[Cell], terms: QuestionTerms) -> tuple[list[Cell], list[Cell]]:
    """Of columns headed by bands of a measurement ("CrCl 15-29 mL/min"), the one holding the question's value
    ("CrCl 20"): the cells chosen with it, and the row's cells left to read (not the other bands')."""
    banded = {id(c): any(reading_held(v, name, c.header) for v, name in terms.readings.values())
              for c in values if any(names_band(name, c.header) for _, name in terms.readings.values())}
    held = [c for c in values if banded.get(id(c))]
    if not held or len(held) == len(banded):
        return chosen, values
    return [c for c in chosen if id(c) not in banded] + held, [c for c in values if id(c) not in banded or c in held]


_REFUSES = re.compile(r"\s*(?:avoid|contra-?indicated|not recommended|do not (?:use|give)|not to be used)\b", re.I)
_CONFIDENCE = re.compile(r"\b\d{2}(?:\.\d)?\s*%\s*(?:CI|confidence)\b", re.I)


def stating_cells(chosen: list[Cell], values: list[Cell], terms: QuestionTerms, text_of) -> list[Cell]:
    """Chosen cells that do not state the kind of answer asked ("how far apart?"): the one or two other
    cells that do ("2 hours before or 6 hours after"); more would be a table's dump, not an answer."""
    # (By what the cell holds; a confidence level, "95% CI", states no percentage.)
    says = lambda c: states_asked_kind(terms, _CONFIDENCE.sub(" ", clean_statement(text_of(c))))  # noqa: E731
    # (A cell refusing the drug, "Avoid", answers a dose question: no other cell's dose joins it.)
    if not chosen or any(says(c) or _REFUSES.match(clean_statement(text_of(c))) for c in chosen):
        return []
    stating = [c for c in values if c not in chosen and says(c) and _of_asked_rate(c, terms)]
    return stating if len(stating) <= 2 else []


# The kinds of answer that are rates, and the headers of columns reporting a rate: an arm's (a drug, a
# dose, "placebo") or a rate's own ("n (%)", "incidence").
_RATE_KINDS = frozenset({"rate", "#rate", "percentag", "percent", "proport", "incid", "preval"})
_RATE_HEADER = re.compile(r"%|\b(?:rates?|incidence|proportion|percentage|frequency|risk|events?|patients|n)\b", re.I)


def _of_asked_rate(cell: Cell, terms: QuestionTerms) -> bool:
    """Asked a rate, a percentage read from a column of another measure ("Trimming: 5%" of a study's
    design) is not the rate asked: its header must name an arm or a rate, or share a word with the question."""
    if not _RATE_KINDS & terms.types.keys():
        return True
    return names_arm(cell.header) or bool(_RATE_HEADER.search(cell.header) or set(tokenize(cell.header)) & set(terms.tokens))
