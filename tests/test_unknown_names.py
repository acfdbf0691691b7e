"""A name that neither English nor the drug dictionary knows (a drug too new for it, a brand) is still a
name: evidence from a document that never uses it is about another product, and the passages of the
document that is about it speak of it even where a sentence does not repeat it."""

import pytest

from app.answer.acronyms import lent_to
from app.answer.names import names_in
from conftest import answered, documents_pipeline

# Two invented medicines, so no dictionary can know either.
PLORAMIDE = """# Ploramide 20 mg tablets: prescribing information

## Dosage

The recommended dose of ploramide is 20 mg once daily. Ploramide may be taken with or without food.
The dose may be increased to 40 mg once daily after 4 weeks. The maximum dose is 80 mg per day.

## Missed dose

If a dose of ploramide is missed, it should be taken as soon as possible on the same day.

## Interactions

Ploramide is a substrate of CYP3A4. Strong CYP3A4 inhibitors raise ploramide exposure twofold, so
ploramide should not be combined with them. Ploramide does not affect the exposure of digoxin.
When the two are combined, the ostrelin dose should be reduced to 5 mg.

## Pharmacokinetics

The half-life of ploramide is 14 hours. Ploramide is 98% bound to plasma proteins. Ploramide is
eliminated mainly in the faeces, so ploramide exposure is unchanged in renal impairment.
"""

VEXACILLIN = """# Vexacillin infusion protocol

## Dosing

Give vexacillin 500 mg every 8 hours by infusion over 30 minutes.

## Renal impairment

- eGFR 30 mL/min/1.73 m² or more: no adjustment.
- eGFR less than 30 mL/min/1.73 m²: reduce vexacillin to 250 mg every 12 hours.
"""


@pytest.fixture(scope="module")
def two_products(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"ploramide-label.md": PLORAMIDE, "vexacillin-protocol.md": VEXACILLIN})


def test_words_no_dictionary_knows_are_names_and_words_it_knows_are_not():
    assert names_in("ploramide dose if eGFR < 30") == ["ploramid"]
    assert names_in("metformin dose for a child with NVAF") == []


def test_a_renal_dose_of_another_product_does_not_answer_for_this_one(two_products):
    answer = two_products.ask("ploramide dose if eGFR <30").answer
    assert "250 mg" not in answer and "vexacillin" not in answer, answer


def test_the_product_a_document_is_about_is_named_by_each_of_its_sentences(two_products):
    answer = answered(two_products, "max daily dose of ploramide")
    assert "80 mg per day" in answer, answer


def test_a_products_own_renal_dose_is_still_found(two_products):
    answer = answered(two_products, "vexacillin dose if eGFR <30")
    assert "250 mg every 12 hours" in answer, answer


def test_a_passage_naming_another_product_is_not_about_the_documents_own():
    assert lent_to("ploramid", "The maximum dose is 80 mg per day.") == "ploramid"
    assert lent_to("ploramid", "When the two are combined, the ostrelin dose should be reduced to 5 mg.") == ""
    assert lent_to("ploramid", "Reduce the dose when combined with clarithromycin.") == ""


def test_clinical_words_and_salts_no_dictionary_lists_are_no_names():
    assert names_in("tocolysis bradycardic uptitration polytherapy redose etexilate hypophosphataemia") == []
