"""The form a medicine is asked about. A drug page doses each form in its own item ("For oral dosage form
(solution): ..." and "For oral dosage form (tablets): ..."): asked for the tablets' dose, an item labelled
with the solution and not the tablets answers for another product. Only labels decide: a sentence's own
words name forms for other reasons ("do not use if the solution is cloudy" of a pen)."""

from __future__ import annotations

from app.answer.units import Unit
from app.ingest.units import item_labels, list_lead, own_labels
from app.lexicon.medterms import COMPATIBLE_FORMS, DOSAGE_FORMS, REFUSED_FORM


def forms_named(text: str) -> set[str]:
    return {form for form, words in DOSAGE_FORMS.items() if words.search(text)}


def other_dosage_form(unit: Unit, question: str) -> bool:
    """The question names a form (not one the patient cannot take), and the labels the unit stands under
    (its own opening ones, its item's, the line its list hangs from) name only others, none compatible."""
    asked = forms_named(REFUSED_FORM.sub(" ", question))
    if not asked or unit.kind != "sentence":
        return False
    c = unit.chunk
    said = forms_named(" ".join([own_labels(unit.text), item_labels(c, unit.start), list_lead(c, unit.start)]))
    return bool(said) and not any(a == s or frozenset((a, s)) in COMPATIBLE_FORMS for a in asked for s in said)
