"""A dosing section is about its document's one indication: "dose for <that condition>?" finds the
condition only in the indications section, and only a document naming one lends it."""

import pytest

from app.answer.coverage import TermCoverage
from app.answer.indication import single_indication
from app.answer.units import Unit
from app.records import Chunk, Passage

ONE = "DrugA is a kinase inhibitor indicated for the treatment of adults with Zorbian syndrome."


def _chunk(section: str, text: str, start: int = 0, kind: str = "prose") -> Chunk:
    return Chunk(id=f"c{start}", source="label.md", title="DrugA label", section=section, kind=kind, start=start,
                 end=start + len(text), text=text, search_text=text, content_hash=f"h{start}")


@pytest.mark.unit
def test_a_label_naming_one_indication_lends_it():
    chunks = [_chunk("1 INDICATIONS AND USAGE", ONE), _chunk("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage",
                                                           "The recommended dosage is 6 mg once daily.", 100)]
    assert single_indication(chunks) == ONE


@pytest.mark.unit
def test_highlights_and_full_text_stating_the_same_one_indication_lend_it():
    short = "DrugA is indicated for Zorbian syndrome."
    assert single_indication([_chunk("HIGHLIGHTS > INDICATIONS AND USAGE", short),
                              _chunk("1 INDICATIONS AND USAGE", ONE, 500)]) == ONE


@pytest.mark.unit
@pytest.mark.parametrize("chunks", [
    [_chunk("1 INDICATIONS AND USAGE > 1.1 Zorbian Syndrome", ONE),
     _chunk("1 INDICATIONS AND USAGE > 1.2 Kelber Arthritis", "DrugA is indicated for Kelber arthritis.", 200)],
    [_chunk("4.1 Therapeutic indications", "DrugA is indicated for:\n- Zorbian syndrome\n- Kelber arthritis")],
    [_chunk("1 INDICATIONS AND USAGE", ONE + " DrugA is also indicated for Kelber arthritis in children.")],
    [_chunk("2 DOSAGE AND ADMINISTRATION", "The recommended dosage is 6 mg once daily.")],  # no indications section
    [_chunk("1 INDICATIONS AND USAGE", "DrugA is indicated for the treatment of hypertension in adults, "
                                       "and for the treatment of heart failure.")],
    [_chunk("4.1 Therapeutic indications", "Hypertension\n\nChronic stable angina pectoris")],  # one line each
    [_chunk("1. What DrugA is and what it is used for", "DrugA is used to treat: • Zorbian syndrome • Kelber arthritis")],
    [_chunk("1. What DrugA is and what it is used for",
            "DrugA is used to treat Zorbian syndrome. It is also used to prevent Kelber arthritis.")],
    # a guideline's "Indications for ..." and a label's contra-indications are no indications section
    [_chunk("3 Indications for pharmacological prophylaxis", "Offer prophylaxis to patients with reduced mobility.")],
    [_chunk("4.3 Contra-indications", "Hypersensitivity to the active substance.")],
])
def test_a_document_with_several_indications_or_none_lends_nothing(chunks):
    assert single_indication(chunks) == ""


@pytest.mark.unit
def test_a_leaflets_what_it_is_used_for_section_is_its_indication():
    text = "DrugA is a medicine used in adults to treat Zorbian syndrome."
    assert single_indication([_chunk("1. What DrugA is and what it is used for", text)]) == text


@pytest.mark.unit
def test_the_lent_indication_counts_as_the_units_headings_do():
    dose = "The recommended dosage is 6 mg taken orally once daily."
    chunk = _chunk("2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage", dose)
    unit = Unit(Passage(chunk, 1.0), 0, len(dose), "sentence", f"{chunk.section}. {dose}")
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("dose for Zorbian syndrome?")
    assert coverage.unit_coverage(terms, unit, ONE) > coverage.unit_coverage(terms, unit) + 0.2


@pytest.mark.unit
def test_what_a_label_limits_is_no_indication():
    text = ONE + "\n\nLimitations of Use: Not recommended in combination with other potent immunosuppressants."
    assert single_indication([_chunk("1 INDICATIONS AND USAGE", text)]) == ONE
