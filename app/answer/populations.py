"""Whose dose a passage gives. A label doses the general patient in one place and patients with impaired
kidney or liver function in others, often under a heading that says both "Recommended Dosage" and the
impairment; asked a dose without a word on kidney or liver function, such a passage gives other
patients' dose. (Documents about such patients throughout, a dialysis study, say it outside any dosing
heading. Children, pregnancy and older people are left out: whole guidelines are about them.)"""

from __future__ import annotations

from app.answer.units import QuestionTerms, Unit
from app.lexicon.medterms import ASKS_DOSING, ASKS_ORGAN_FUNCTION, DOSING_SECTIONS, groups_with_role
from app.text.lexical import concept_spans

POPULATIONS = groups_with_role("population")


def doses_other_patients(unit: Unit, question: str, terms: QuestionTerms) -> bool:
    """Asked a dose with nothing said of kidney or liver function, the unit stands under a dosing
    heading and it (its text, section, table title or lead-in) names impaired function."""
    if (not ASKS_DOSING.search(question) or POPULATIONS & terms.groups or ASKS_ORGAN_FUNCTION.search(question)
            or not DOSING_SECTIONS.search(unit.chunk.section)):
        return False
    c = unit.chunk
    return any(g in POPULATIONS for _, _, g in concept_spans(f"{unit.context} {c.section} {c.table} {c.lead}")[1])
