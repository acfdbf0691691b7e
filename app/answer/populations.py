"""Whose dose a passage gives. A label doses the general patient in one place and patients with impaired
kidney or liver function in others, often under a heading that says both "Recommended Dosage" and the
impairment; asked a dose without a word on kidney or liver function, such a passage gives other
patients' dose. (Documents about such patients throughout, a dialysis study, say it outside any dosing
heading. Children, pregnancy and older people are left out: whole guidelines are about them.)"""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import QuestionTerms, Unit
from app.lexicon.medterms import ASKS_DOSING, ASKS_ORGAN_FUNCTION, DOSING_SECTIONS, PARTNER, SEX_PRONOUNS, SEXES, groups_with_role
from app.text.lexical import concept_spans

POPULATIONS = groups_with_role("population")
# Where a document says whom it is about: its first paragraphs, within its opening characters.
OPENING, LEAD_PARAGRAPHS = 1200, 3


def doses_other_patients(unit: Unit, question: str, terms: QuestionTerms, indication: str = "",
                         document: str | None = None) -> bool:
    """Asked a dose with nothing said of kidney or liver function, the unit stands under a dosing
    heading and it (its text, section, table title or lead-in) names impaired function, which neither the
    document's title, its one `indication` nor its opening does (a drug for anaemia of kidney disease
    doses those patients throughout)."""
    if (not ASKS_DOSING.search(question) or POPULATIONS & terms.groups or ASKS_ORGAN_FUNCTION.search(question)
            or not DOSING_SECTIONS.search(unit.chunk.section)):
        return False
    c = unit.chunk
    named = {g for _, _, g in concept_spans(f"{unit.context} {c.section} {c.table} {c.lead}")[1] if g in POPULATIONS}
    return bool(named) and not named & (_about(f"{c.title} {indication}") | _about(_lead(document or "")))


def _lead(document: str) -> str:
    """The document's first paragraphs, before its sections begin (a title, a line saying what it treats)."""
    return "\n\n".join(re.split(r"\n\s*\n", document[:OPENING])[:LEAD_PARAGRAPHS])


@lru_cache(maxsize=64)
def _about(text: str) -> frozenset[int]:
    """The populations a document's title, indication or opening names, once per document."""
    return frozenset(g for _, _, g in concept_spans(text)[1] if g in POPULATIONS)


def about_other_sex(unit: Unit, question: str) -> bool:
    """Asked about a patient of one sex ("female pt on X, how long contraception?"), a passage naming
    only the other as its patients, the asked one at most as their partners ("men taking X, and their
    female partners, ..."), speaks of other patients. A passage naming both, or neither, may answer."""
    asked = [sex for sex, words in SEXES.items() if words.search(question) or SEX_PRONOUNS[sex].search(question)]
    if len(asked) != 1:
        return False
    other = "male" if asked[0] == "female" else "female"
    text = unit.text
    # Partners of the asked sex: "their female partners", "partners of women".
    own = re.sub(rf"{SEXES[asked[0]].pattern}{PARTNER}|{PARTNER}{SEXES[asked[0]].pattern}", " ", text, flags=re.I)
    return bool(SEXES[other].search(text)) and not SEXES[asked[0]].search(own)
