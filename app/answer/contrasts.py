"""What a "However, ..." answer goes on from. A drug page's dosing item runs on under its labels ("For
moderate to severe <disease>: Adults—10 mg taken at bedtime. Your doctor may increase your dose as
needed. However, the dose usually is not more than 23 mg per day."): the last sentence answers "what is
the top dose", but alone it says neither whom it is for nor what it is set against."""

from __future__ import annotations

import re

from app.answer.coverage import TermCoverage
from app.answer.joins import Fits
from app.answer.units import QuestionTerms, Unit, goes_on, medicines_named, names_other_medicine, overlaps
from app.ingest.units import LIST_ITEM, clean_statement, item_labels, opens_labels

# A sentence set against the one before it.
_CONTRASTS = re.compile(r"^\W*(?:however|but|nevertheless|nonetheless|even so|that said)\b", re.I)


def item_opening(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                 threshold: float, fits: Fits) -> list[Unit]:
    """Answered with a later sentence of a list item opening "However, ...", the nearest sentence before it
    opening the labels it goes on under ("Children 6 to 11 years—2 mg at bedtime."), which says whom it is
    for and what it is set against; not one naming another medicine."""
    if not taken or taken[0].kind != "sentence" or not _CONTRASTS.match(clean_statement(taken[0].text)):
        return []
    best = taken[0]
    if not item_labels(best.chunk, best.start):
        return []
    before = sorted((u for u in units if u.kind == "sentence" and u.chunk.id == best.chunk.id and u.end <= best.start),
                    key=lambda u: u.start, reverse=True)
    opening, end = None, best.start
    for u in before:  # back through the item, sentence by sentence, to the one opening its labels
        if not goes_on(best.chunk, u.end, end):
            break
        end = u.start
        if opens_labels(u.text):
            opening = u
            break
        if LIST_ITEM.match(u.text):
            break
    if opening is None or any(overlaps(opening, t) for t in taken):
        return []
    return [] if names_other_medicine(opening.text, medicines_named(best, terms.text)) else [opening]
