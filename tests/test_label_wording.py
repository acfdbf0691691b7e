"""A label's own wording answers a clinician's, and its doses for other patients do not: "no dose reduction is
necessary" answers "any dose change?", also in a pharmacokinetics section (for the patients its clause names);
a dose for impaired kidneys answers only a question about them; a starting dose is not the dose titrated to;
asked which medicines, the part of a row naming them answers."""

import pytest

from app.pipeline import Pipeline
from conftest import documents_pipeline

LABEL = """# ZELPARIN (zelparin) tablets: prescribing information

## 1 INDICATIONS AND USAGE

ZELPARIN is a kinase inhibitor indicated for the treatment of adults with moderate-to-severe plaque psoriasis.

## 2 DOSAGE AND ADMINISTRATION

### 2.1 Recommended Dosage

The recommended dosage of ZELPARIN is 40 mg orally once daily.

### 2.3 Recommended Dosage in Patients with Renal Impairment

Table 1. Dosage Recommendations in Patients with Renal Impairment

| Renal impairment | eGFR | Dosage |
|---|---|---|
| Mild | 60 - 89 mL/minute | ZELPARIN 40 mg once daily |
| Moderate | 30 - 59 mL/minute | ZELPARIN 20 mg once daily |

### 2.4 Who should not be given ZELPARIN

| Criterion | Details |
|---|---|
| Individuals excluded for their medicines or conditions | • Under 12 years of age. (Under 18 years of age for zelparin oral solution.) • Hypersensitivity to any of the ingredients. • Individuals currently prescribed warfarin, theophylline or lithium. |

## 6 ADVERSE REACTIONS

Table 1 lists the adverse reactions in subjects with plaque psoriasis who received ZELPARIN 40 mg once daily or placebo.

Nasopharyngitis occurred in 9% of subjects on ZELPARIN and 6% on placebo.

## 17 PATIENT COUNSELING INFORMATION

It may take about 4 weeks or longer until you start to feel an improvement in your condition.

If you vomit at any time after taking a dose of ZELPARIN, do not take an extra dose.

## 12 CLINICAL PHARMACOLOGY

### 12.3 Pharmacokinetics

In subjects with severe renal impairment, the AUC of zelparin was 20% higher than in subjects with normal renal function. No dose reduction is necessary in patients with renal impairment.

In subjects with moderate hepatic impairment, exposure increased 2.7-fold; no dose reduction is necessary in mild hepatic impairment.
"""

# A drug whose label is about patients with kidney disease throughout, and one titrated from its starting dose.
VELPARIN = """# VELPARIN injection: prescribing information

## 1 INDICATIONS AND USAGE

VELPARIN is indicated for the treatment of anaemia due to chronic kidney disease.

## 2 DOSAGE AND ADMINISTRATION

### 2.1 Dosing in Patients with Chronic Kidney Disease on Dialysis

The starting dose of VELPARIN is 50 units/kg intravenously three times weekly.
"""

BEXATINIB = """# BEXATINIB tablets: prescribing information

## 2 DOSAGE AND ADMINISTRATION

### 2.1 Recommended Dosage

Initiate treatment at 3.125 mg twice daily for 2 weeks. The recommended dose of bexatinib is 25 mg twice daily, taken with food.

## 7 DRUG INTERACTIONS

Avoid concomitant use of strong CYP3A4 inhibitors.

## Evidence summary

In a randomised trial in advanced disease, the response rate was 44% with bexatinib 50 mg twice daily.
"""


# A second document, so the label's words are as rare in the corpus as they are in a real one.
LEAFLET = """# Korvastatin tablets: patient leaflet

## What korvastatin is used for

Korvastatin lowers cholesterol in adults. Take one tablet each evening.

## Possible side effects

Muscle pain occurred in 3% of people taking korvastatin. Tell your doctor if you have unexplained muscle pain.
"""


@pytest.fixture(scope="module")
def label(tmp_path_factory) -> Pipeline:
    return documents_pipeline(tmp_path_factory, {"zelparin-label.md": LABEL, "korvastatin-leaflet.md": LEAFLET,
                                                 "velparin-label.md": VELPARIN, "bexatinib-label.md": BEXATINIB})


@pytest.mark.parametrize("question, fact", [
    ("recommended dose of zelparin for plaque psoriasis", "40 mg orally once daily"),
    ("zelparin in CKD - any dose change?", "No dose reduction is necessary"),
    ("does zelparin need a dose adjustment in renal impairment?", "No dose reduction is necessary"),
    ("how long before zelparin starts working", "4 weeks or longer"),
    ("pt vomited an hour after their zelparin tablet, should they take another one?", "do not take an extra dose"),
    ("velparin dose?", "50 units/kg"),  # a label about kidney disease throughout doses its patients
    ("which drugs should be avoided with bexatinib?", "CYP3A4"),  # a class names medicines
])
def test_the_labels_wording_answers_the_clinicians(label, question, fact):
    answer = label.ask(question)
    assert not answer.abstained and fact in answer.answer, answer.answer


def test_a_dose_for_impaired_kidneys_answers_only_a_question_about_them(label):
    assert "40 mg orally once daily" in label.ask("zelparin starting dose?").answer
    answer = label.ask("eGFR 45 - what dose of zelparin?")
    assert not answer.abstained and "20 mg" in answer.answer, answer.answer


def test_asked_which_medicines_the_part_naming_medicines_answers(label):
    answer = label.ask("Which concurrent medicines exclude an individual from zelparin?")
    assert "warfarin" in answer.answer and "Under 12" not in answer.answer, answer.answer


def test_a_starting_dose_is_not_the_dose_titrated_to(label):
    answer = label.ask("what's the starting dose of bexatinib?")
    assert "3.125 mg" in answer.answer and "25 mg twice daily, taken" not in answer.answer, answer.answer


def test_no_reduction_for_mild_impairment_is_no_dose_for_moderate(label):
    answer = label.ask("zelparin dose in moderate hepatic impairment?")
    assert "no dose reduction is necessary in mild" not in answer.answer, answer.answer


def test_a_trials_dose_is_no_dose_to_give(label):
    assert "44%" not in label.ask("bexatinib dose for meningitis?").answer


def test_a_pharmacokinetic_finding_is_still_no_dose_to_give(label):
    answer = label.ask("zelparin dose in severe renal impairment?")
    assert "20% higher" not in answer.answer, answer.answer
