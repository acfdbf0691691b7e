"""Asked whether something works, a paper answers with what it found, never with what its authors set
out to study ("In this trial, we evaluated ..."), even when that sentence shares the question's words."""

import pytest

from app.pipeline import Pipeline
from conftest import documents_pipeline

PAPER = """# Velparin added to zelparin for acute flares: a randomised trial

## Introduction

Acute flares are painful and zelparin is the usual treatment. Specifically, in this superiority trial, we evaluated the efficacy and safety of velparin as add-on therapy to zelparin for the reduction of pain in patients with an acute flare.

## Methods

Patients were randomised to velparin plus zelparin or zelparin alone and rated their pain over 72 hours. We assessed adherence using returned syringe counts at each visit. We also evaluated whether velparin reduced the time to the next flare.

## Results

Pain fell by 1.6 points with velparin plus zelparin and by 1.4 points with zelparin alone (P = 0.37).

## Discussion

The current trial showed that adding velparin to zelparin for acute flares did not result in significantly greater pain relief compared to zelparin alone over 72 hours.
"""


# A second document, so the trial's words are as rare in the corpus as they are in a real one.
LEAFLET = """# Korvastatin tablets: patient leaflet

## What korvastatin is used for

Korvastatin lowers cholesterol in adults. Take one tablet each evening.

## Possible side effects

Muscle pain occurred in 3% of people taking korvastatin. Tell your doctor if you have unexplained muscle pain or weakness.
"""


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Pipeline:
    return documents_pipeline(tmp_path_factory, {"velparin-trial.md": PAPER, "korvastatin-leaflet.md": LEAFLET})


@pytest.mark.parametrize("question", ["does adding velparin to zelparin improve flare pain?",
                                      "Does adding velparin to zelparin reduce pain in acute flares?"])
def test_whether_it_works_is_answered_by_the_finding_not_by_what_was_evaluated(paper, question):
    answer = paper.ask(question)
    assert not answer.abstained, answer.answer
    assert "we evaluated" not in answer.answer and ("did not result" in answer.answer or "1.6" in answer.answer), answer.answer


def test_a_method_answers_whether_it_was_done_and_an_aim_with_whether_finds_nothing(paper):
    assert "syringe counts" in paper.ask("did the velparin investigators assess adherence with syringe counts?").answer
    answer = paper.ask("does velparin reduce the time to the next flare?")
    assert "we also evaluated" not in answer.answer.lower(), answer.answer


def test_a_question_about_what_was_studied_still_gets_what_was_evaluated(paper):
    answer = paper.ask("What did the velparin trial evaluate?")
    assert "we evaluated" in answer.answer, answer.answer


META = """# Dorvex versus kelamab for anaemia with gastric infection: a meta-analysis

## Summary

Dorvex triple therapy had a better response in terms of increased haemoglobin than kelamab triple therapy. Ferritin rose in both groups.

## Haemoglobin

Eight trials reported haemoglobin. The weighted mean difference of haemoglobin in the dorvex triple therapy group was 20.7 g/l (95% CI 7.9 to 33.6, p=0.02) versus 10.4 g/l (95% CI 2.8 to 18.1, p<0.001) in the kelamab triple therapy group, a better response.
"""


@pytest.fixture(scope="module")
def meta(tmp_path_factory) -> Pipeline:
    return documents_pipeline(tmp_path_factory, {"dorvex-meta.md": META, "korvastatin-leaflet.md": LEAFLET})


def test_asked_which_of_two_did_better_the_direction_comes_with_the_figures_of_both(meta):
    answer = meta.ask("dorvex vs kelamab triple therapy - which had the better haemoglobin response?")
    assert not answer.abstained, answer.answer
    assert "better response in terms" in answer.answer and "20.7" in answer.answer and "10.4" in answer.answer, answer.answer


def test_the_figures_of_another_measure_do_not_join_a_direction(meta):
    answer = meta.ask("dorvex vs kelamab triple therapy - which had the better ferritin response?")
    assert "20.7" not in answer.answer, answer.answer
