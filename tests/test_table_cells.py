"""A table row is answered as its cells say it: in a short cell, the answering sentence with the ones
setting it up ("Interrupt dosing. When ANC is greater than 1000, resume ..."), a column header without its cross-reference to another
section ("(see 3.5)", a number the row never states), and a patient's reading however the question words it
("ANC came back 700")."""

import pytest

from app.answer.thresholds import lab_readings, readings_plainly
from app.lexicon.medterms import without_footnote_marker
from conftest import answered, documents_pipeline, one_document_pipeline

LABEL = """# ZELPARIN tablets: prescribing information

## 2.5 Dosage modifications for adverse reactions

Table 1: Dosage Modifications for Adverse Reactions

| Laboratory result | Recommendation |
|---|---|
| ANC less than 500 cells/mm3 | Discontinue ZELPARIN. |
| ANC 500 to 1000 cells/mm3 | Interrupt dosing. When ANC is greater than 1000 cells/mm3, resume at 5 mg once daily. |
| Hemoglobin less than 8 g/dL | Interrupt dosing until hemoglobin is 8 g/dL or more. |
"""

PROCEDURE = """# Intravenous ferrivelose (Velprox) infusion in adults

## 3.5 Patients at increased risk of reactions

Patients with atopy or a previous reaction to intravenous iron are at increased risk.

## 4 Dilution and infusion times

Table 1. Dilution and minimum administration times

| Ferrivelose dose | Volume of sodium chloride 0.9% | Minimum administration time | Minimum time for first infusion in patients at increased risk (see 3.5) |
|---|---|---|---|
| 201 mg to 500 mg | 100 mL | 15 minutes | 30 minutes |
| 501 mg to 1000 mg | 250 mL | 30 minutes | 60 minutes |
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"zelparin-pi.md": LABEL, "velprox-procedure.md": PROCEDURE})


@pytest.mark.unit
@pytest.mark.parametrize("question, plainly", [
    ("ANC came back 700 on it - what now?", "ANC 700 on it - what now?"),
    ("platelets fell to 45, stop?", "platelets 45, stop?"),
    ("eGFR 42 dose?", "eGFR 42 dose?"),
])
def test_a_reading_is_the_measurement_and_its_value_however_worded(question, plainly):
    assert readings_plainly(question) == plainly
    assert lab_readings(question) == lab_readings(plainly)


@pytest.mark.unit
def test_a_headers_cross_reference_to_a_section_is_no_part_of_its_name():
    assert without_footnote_marker("Minimum time at increased risk (see 3.5)") == "Minimum time at increased risk"
    assert without_footnote_marker("Dose (see section 4.2)") == "Dose"
    assert without_footnote_marker("Weight (kg)") == "Weight (kg)"
    assert without_footnote_marker("Target INR (2.5)") == "Target INR (2.5)"  # a bare number may be a value


def test_a_short_cells_answer_keeps_the_sentence_setting_it_up(docs):
    a = answered(docs, "ANC came back 700 on Zelparin - what do we do with the dose")
    assert "Interrupt dosing" in a and "resume at 5 mg" in a, a


def test_a_header_citing_another_section_answers_without_the_citation(docs):
    a = answered(docs, "Velprox 800 mg - what volume of saline and over how long?")
    assert "250 mL" in a and "30 minutes" in a and "3.5" not in a, a


DESIGN = """# Protocol: knee replacement comparison

## Analysis specifications

| Target cohort | Comparator cohort | Outcome(s) | Time-at-risk | Trimming |
|---|---|---|---|---|
| Partial knee replacement | Total knee replacement | Infection, readmission, mortality | 60 days | 5% |

## Results

The study results will be published after the analysis is complete.
"""


def test_a_percentage_of_another_measure_is_no_rate_asked(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "protocol.md", DESIGN)
    answer = p.ask("infection rate partial vs total knee replacement results").answer
    assert "5%" not in answer, answer


RESPONSES = """# Brain responses to velotinib

## Table 2: Intracranial response rates

| Population | Intracranial response rate with velotinib | Intracranial response rate with sarotinib | Study details |
|---|---|---|---|
| Sarotinib-resistant (pooled ALPHA-1/BETA-2) | 64.0% | N/A | Patients with measurable brain disease at baseline |
| Treatment-naive (GAMMA trial) | 81.0% | 50.0% | Assessed by an independent review committee |
"""


def test_an_endpoint_every_arms_header_names_is_answered_by_those_columns_not_a_details_cell(tmp_path_factory):
    """The asked endpoint singles out no one arm's column, as every arm's header names it; a details cell that only
    shares a word's concept with the question ("brain" for "intracranial") must not answer in their place."""
    p = one_document_pipeline(tmp_path_factory, "responses.md", RESPONSES)
    assert "64.0%" in answered(p, "pooled ALPHA-1 BETA-2 intracranial response")


OUTCOMES = """# Fenoraclide after cardiac surgery: a randomised trial

## Table 2. Primary and secondary outcomes

| Outcome | Fenoraclide (n=601) | Placebo (n=603) | Relative risk (95% CI) | p value |
|---|---|---|---|---|
| Atrial fibrillation within 7 days (primary) | 110 (18.3%) | 165 (27.4%) | 0.67 (0.54 to 0.82) | <0.001 |
| Stroke at 30 days | 7 (1.2%) | 9 (1.5%) | 0.78 (0.29 to 2.08) | 0.62 |
"""


def test_a_comparison_asked_of_a_row_gives_both_arms_and_the_effect_with_its_interval(tmp_path_factory):
    """A substance no drug list holds, counted beside a counted placebo column, is the other arm; asked for the
    result of one against the other, the row's effect estimate with its CI and its P value follow the arms."""
    p = one_document_pipeline(tmp_path_factory, "trial.md", OUTCOMES)
    said = answered(p, "what was the primary outcome result, fenoraclide vs placebo?")
    assert all(x in said for x in ("18.3%", "27.4%", "0.67 (0.54 to 0.82)", "<0.001")), said


FORMS_TRIAL = """# Preservative-free versus preserved latanoprost: a randomised trial

## Safety and tolerability

Table 3. Treatment-related adverse events

| Adverse event | Latanoprost PF (N=301) | Latanoprost (N=295) |
|---|---|---|
| Conjunctival hyperaemia | 64 (21.3) | 81 (27.5) |
| Eye irritation | 12 (4.0) | 19 (6.4) |
"""


@pytest.mark.integration
def test_a_rate_asked_of_one_drug_in_two_forms_is_read_from_both_forms_columns(tmp_path_factory):
    trial = one_document_pipeline(tmp_path_factory, "forms-trial.md", FORMS_TRIAL)
    answer = answered(trial, "conjunctival hyperaemia rates latanoprost PF vs preserved latanoprost?")
    assert "21.3" in answer and "27.5" in answer
