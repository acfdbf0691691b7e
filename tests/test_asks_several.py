"""A question may ask for more than one value of what it finds: both sides of a qualifier the table's
cells split their values by ("split by prior SRS y/n"), or two fields of a document's header that it
names ("product code and lot no."). Asked for one side or one field, it gets only that one."""

import pytest

from app.answer.units import asks_both_sides
from tests.conftest import one_document_pipeline

SUMMARY = """Vorafenib in melanoma brain metastases: evidence summary

Author: Regional Oncology Pharmacy Team

Product Code: VX-2291

Lot No.: 44-812

Vorafenib is an oral kinase inhibitor studied in patients with melanoma that has spread to the brain.

Intracranial response

The table gives the intracranial response rate by arm in the randomised trial.

| Population | Vorafenib | Dacarbazine | Notes |
|---|---|---|---|
| Measurable brain metastases (TRIAL-9) | 62.0% (Prior SRS) 48.5% (No Prior SRS) | 21.0% (Prior SRS) 12.5% (No Prior SRS) | Assessed by central review |

Second-line use

After platinum chemotherapy, vorafenib was given in two pooled cohorts. In platinum-sensitive disease the
response rate was 55%. In platinum-resistant disease the response rate was 27%.

Dosing

For the initial course of treatment in adults, give 200 mg twice daily for 14 days. For a repeat course
of treatment after relapse in adults, give 200 mg once daily for 7 days.

Safety

Headache was reported in 18% of patients given vorafenib.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "vorafenib-brain.txt", SUMMARY)


@pytest.mark.parametrize("question, both", [
    ("dacarbazine intracranial response split by prior SRS y/n", True),
    ("response rate broken down by prior radiotherapy", True),
    ("response with or without prior SRS?", True),
    ("did prior SRS matter, yes or no?", True),
    ("response without prior SRS, broken down by arm", False),
    ("can the tablets be crushed or not?", False),
    ("tablets can be split into halves?", False),
    ("response with prior SRS?", False),
    ("response in patients without prior SRS", False),
    ("response in those who had not had SRS", False),
    ("was the response better in patients with prior SRS than in those without?", True),
    ("was the response better with prior SRS than without a dose reduction?", False),
])
def test_a_question_asking_for_both_sides_of_a_qualifier(question, both):
    assert asks_both_sides(question) is both


@pytest.mark.parametrize("question, said, unsaid", [
    # Asked for both sides of a qualifier, both values of the cell answer.
    ("dacarbazine intracranial response split by prior SRS y/n", ["21.0%", "12.5%"], []),
    # Asked for one side, only its value, for both arms.
    ("intracranial response with prior SRS?", ["62.0%", "21.0%"], ["48.5%", "12.5%"]),
    # Two header fields the question names both answer; one asked answers alone.
    ("product code and lot no.?", ["VX-2291", "44-812"], []),
    ("what is the lot number?", ["44-812"], ["VX-2291"]),
    # "In platinum-sensitive disease ... 55%" beside "In platinum-resistant disease ... 27%" is the same
    # statement for patients not asked about.
    ("response rate in platinum-resistant disease?", ["27%"], ["55%"]),
], ids=["both sides", "one side", "two fields", "one field", "parallel neighbour"])
def test_the_answer_says_what_is_asked_and_not_its_neighbours(pipeline, question, said, unsaid):
    a = pipeline.ask(question)
    assert all(s in a.answer for s in said) and not any(u in a.answer for u in unsaid), a.answer


def test_first_reads_as_initial(pipeline):
    a = pipeline.ask("how long is the first course in adults?")
    assert a.answer.startswith("For the initial course") and "14 days" in a.answer, a.answer
