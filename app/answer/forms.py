"""The form a medicine is asked about. A drug page doses each form in its own item ("For oral dosage form
(solution): ..." and "For oral dosage form (tablets): ..."): asked for the tablets' dose, an item that
names the solution and not the tablets answers for another product."""

from __future__ import annotations

from app.answer.units import Unit
from app.lexicon.medterms import DOSAGE_FORMS


def forms_named(text: str) -> set[str]:
    return {form for form, words in DOSAGE_FORMS.items() if words.search(text)}


def other_dosage_form(unit: Unit, question: str) -> bool:
    """The question names a form, and the unit (its words, its item's labels, the line its list hangs
    from) names only others. A unit naming no form may speak of any."""
    asked = forms_named(question)
    said = forms_named(unit.context) if asked else set()
    return bool(said) and not asked & said
