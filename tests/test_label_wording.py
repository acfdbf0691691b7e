"""A label's own wording answers a clinician's: "the recommended dosage" is the starting dose asked for,
"no dose reduction is necessary" answers "any dose change?", also where a pharmacokinetics section says it."""

import pytest

from app.pipeline import Pipeline
from conftest import one_document_pipeline

LABEL = """# ZELPARIN (zelparin) tablets: prescribing information

## 1 INDICATIONS AND USAGE

ZELPARIN is a kinase inhibitor indicated for the treatment of adults with moderate-to-severe plaque psoriasis.

## 2 DOSAGE AND ADMINISTRATION

### 2.1 Recommended Dosage

The recommended dosage of ZELPARIN is 40 mg orally once daily.

## 6 ADVERSE REACTIONS

Table 1 lists the adverse reactions in subjects with plaque psoriasis who received ZELPARIN 40 mg once daily or placebo.

Nasopharyngitis occurred in 9% of subjects on ZELPARIN and 6% on placebo.

## 12 CLINICAL PHARMACOLOGY

### 12.3 Pharmacokinetics

In subjects with severe renal impairment, the AUC of zelparin was 20% higher than in subjects with normal renal function. No dose reduction is necessary in patients with renal impairment.
"""


@pytest.fixture(scope="module")
def label(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "zelparin-label.md", LABEL)


@pytest.mark.parametrize("question, fact", [
    ("zelparin starting dose for plaque psoriasis", "40 mg orally once daily"),
    ("initial dose of zelparin?", "40 mg orally once daily"),
    ("zelparin in CKD - any dose change?", "No dose reduction is necessary"),
    ("does zelparin need a dose adjustment in renal impairment?", "No dose reduction is necessary"),
])
def test_the_labels_wording_answers_the_clinicians(label, question, fact):
    answer = label.ask(question)
    assert not answer.abstained and fact in answer.answer, answer.answer


def test_a_pharmacokinetic_finding_is_still_no_dose_to_give(label):
    answer = label.ask("zelparin dose in severe renal impairment?")
    assert "20% higher" not in answer.answer, answer.answer
