"""A guideline's wording a clinician's terse question must still reach: a threshold stated as "6 or
above", "abx" for the antibiotics a guideline names, "how fast" asking for a time, "fax no" asking for a
number, a count of "AE reports", and an acronym nothing indexed uses or spells out."""

import re

import pytest

from app.answer.acronyms import unknown_acronyms
from app.answer.asked_values import without_stated_numbers
from app.answer.drugs_asked import class_asked, names_member
from app.answer.counts import states_count
from app.answer.units import is_negated
from app.lexicon.medterms import QUESTION_FORMS, generic_name, is_drug_class
from app.text.lexical import concept_groups, normalize, tokenize
from tests.conftest import documents_pipeline

GUIDELINE = """# Suspected neutropenic fever: recognition and early management

## Risk stratification

A person is at high risk of complications from neutropenic fever if they have a fever and a warning
score of 6 or above.

A person is at moderate risk if their warning score is 3 to 5. Neutropenia is an absolute neutrophil
count (ANC) below 0.5 x 10^9/L.

## Antibiotics

For people at high risk, give a broad-spectrum antibiotic without delay (within 1 hour of identifying
that they meet any high risk criterion).

For people at moderate risk, consider deferring antibiotic treatment for up to 4 hours while blood
results are reviewed.

## Reporting problems

The service has received 312 reports of adverse events associated with compounded zelparin.

Complete the reporting form online, or download the form and submit it by fax at 1-800-555-0142.
"""

OTHER = """# Velotinib tablets: patient leaflet

## How to take velotinib

Take one 20 mg tablet of velotinib once a day with food. Swallow the tablet whole with water.

## Possible side effects

Very common side effects of velotinib are diarrhoea, tiredness and rash.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"neutropenic-fever-guideline.md": GUIDELINE, "velotinib-leaflet.md": OTHER})


@pytest.mark.parametrize("question, fact", [
    ("warning score cut off for high risk neutropenic fever?", "6 or above"),
    ("high risk neutropenic fever - abx how fast", "within 1 hour"),
    ("fax no for reporting a problem", "1-800-555-0142"),
    ("how many AE reports with compounded zelparin", "312 reports"),
])
def test_a_terse_question_reaches_the_guidelines_wording(pipeline, question, fact):
    answer = pipeline.ask(question)
    assert not answer.abstained, question
    assert fact in answer.answer


def test_an_acronym_no_document_uses_or_spells_out_makes_the_evidence_foreign(pipeline):
    # The guideline stratifies by its warning score; "MASCC" names a score no indexed document mentions,
    # which the lexicon does not know either. An acronym the guideline uses, a lab test the lexicon knows,
    # or a place the question is set in, is no reason to decline.
    answerer = pipeline.answerer
    unseen = answerer.idf("\x00")

    def foreign(question: str) -> bool:
        return unknown_acronyms(GUIDELINE, answerer.terms.question_terms(question), lambda tok: answerer.idf(tok) < unseen)

    assert foreign("MASCC score cut off for high risk?")
    assert foreign("qSOFA for recognising high risk?")
    assert not foreign("ANC threshold for neutropenia?")
    assert not foreign("antibiotic timing if eGFR is low?")
    assert not foreign("antibiotic dose for neutropenic fever on MAU?")
    assert not foreign("antibiotic dose used in ZEPHYR?")


@pytest.mark.unit
def test_fax_no_is_a_number_not_a_negation():
    assert not is_negated("fax no for the reporting form")
    assert not is_negated("what is the tel. no. of the pharmacy")
    assert is_negated("patients with no prior surgery")


@pytest.mark.unit
def test_a_count_of_a_compound_nouns_head_answers_how_many():
    assert states_count("how many AE reports were received", "312 reports of adverse events were received")
    assert not states_count("how many AE reports were received", "reports were received within 3 days")


@pytest.mark.unit
def test_abx_reads_as_the_antibiotics_documents_name():
    assert tokenize("abx") == tokenize("antibiotics")
    assert is_drug_class("abx") and generic_name("abx") == generic_name("antibiotics")


LABEL = """# Velotinib tablets: summary of product characteristics

## 4.2 Posology and method of administration

Important warning about the dosage of velotinib tablets: in the treatment of psoriasis, velotinib must only
be taken once a week.

Dosage errors with velotinib can result in serious adverse reactions.

## 4.6 Fertility, pregnancy and lactation

Sexually active male patients or their female partners should use reliable contraception during treatment
of the male patient and for at least 3 months after stopping velotinib.

Women of childbearing potential must use effective contraception during treatment and for at least
6 months after stopping velotinib.
"""

TRIAL = """# Velotinib versus placebo in chronic plaque psoriasis: a randomised trial

## Methods

### Treatment protocol

Velotinib was started at 7.5 mg weekly and escalated weekly by 2.5 mg until a dose of 15 mg weekly.

## Results

Clearance was reached by 40% with velotinib and 12% with placebo.

## Discussion

At a dose of 15 mg weekly velotinib cleared plaques more often than placebo.
"""


@pytest.fixture(scope="module")
def label_and_trial(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"velotinib-smpc.md": LABEL, "velotinib-trial.md": TRIAL, "velotinib-leaflet.md": OTHER})


@pytest.mark.parametrize("question", ["velotinib starting dose for psoriasis?", "what dose of velotinib for plaque psoriasis?"])
def test_a_trials_doses_are_what_its_patients_received_not_a_dose_to_give(label_and_trial, question):
    # Its methods' treatment protocol and its discussion alike.
    answer = label_and_trial.ask(question)
    assert "7.5 mg" not in answer.answer and "15 mg" not in answer.answer, answer.answer
    assert not any(c.source.endswith("velotinib-trial.md") for c in answer.citations)



@pytest.mark.unit
@pytest.mark.parametrize("question", ["as of when are the reported numbers?", "since when is it licensed?",
                                      "abx how fast?", "what date was the alert issued?"])
def test_these_ask_for_a_time(question):
    assert re.search(QUESTION_FORMS["#when"][0], normalize(question))


@pytest.mark.unit
def test_a_co2_retainer_is_a_patient_at_risk_of_hypercapnic_failure():
    assert set(concept_groups("sats target for CO2 retainers")) & set(concept_groups("at risk of hypercapnic respiratory failure"))


@pytest.mark.unit
def test_a_strength_the_question_names_is_not_the_dose_it_asks_for():
    # "2.5 tabs" names the tablet; the label's "2.5 mg tablets" states no starting dose.
    said = without_stated_numbers("mtx 2.5 tabs RA - starting dose?", "Methotrexate 2.5 mg Tablets must only be taken once a week")
    assert "2.5" not in said
    assert "20 mg/kg" in without_stated_numbers("dose for a 20 kg child?", "Give 20 mg/kg once daily")
    assert "20 mg" in without_stated_numbers("what dose after the 10 mg tablets?", "Increase from 10 mg to 20 mg")


@pytest.mark.parametrize("question, fact, not_fact", [
    ("female pt stopping velotinib, how long contraception after?", "6 months", "3 months"),
    ("she is stopping velotinib - how long must she use contraception?", "6 months", "3 months"),
])
def test_a_patient_of_one_sex_is_not_answered_with_advice_for_the_other(label_and_trial, question, fact, not_fact):
    answer = label_and_trial.ask(question).answer
    assert fact in answer and not_fact not in answer, answer


def test_a_male_patient_gets_the_advice_for_men(label_and_trial):
    assert "3 months" in label_and_trial.ask("male pt stopping velotinib, how long contraception after?").answer


SEPSIS_SOURCES = """# Empirical antibiotics for adult sepsis

## Scope

This guideline covers adults with sepsis. It does not cover neutropenic sepsis, for which a separate
guideline applies.

## Regimens by source

4.4 Intra-abdominal sepsis: piperacillin-tazobactam 4.5 g IV three times daily.

4.5 Outpatient treatment: so that intravenous antibiotics can be completed at home, refer to the
outpatient team.
"""


@pytest.fixture(scope="module")
def regimens(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"sepsis-antibiotics.md": SEPSIS_SOURCES, "velotinib-leaflet.md": OTHER})


def test_a_class_named_for_a_condition_is_answered_by_a_member(regimens):
    # "abx for X" asks which antibiotic: a combination written with a hyphen names one; a sentence
    # naming only the class ("intravenous antibiotics") or the scope does not.
    assert "piperacillin-tazobactam" in regimens.ask("abx for intra-abdominal sepsis").answer
    assert regimens.ask("abx for neutropenic sepsis").abstained


@pytest.mark.unit
def test_a_fragment_asks_for_a_member_only_when_it_asks_for_nothing_else():
    assert class_asked("abx for cellulitis", fragment=True)
    assert not class_asked("abx for cellulitis how fast", fragment=True)
    assert not class_asked("pt on abx for UTI - can she take the pill?", fragment=True)
    assert names_member("piperacillin-tazobactam 4.5 g IV", class_asked("abx for sepsis", fragment=True))
    assert not names_member("intravenous antibiotics can be completed at home", class_asked("abx for sepsis", fragment=True))


REVIEW = """# Korvastatin in older adults: a systematic review and meta-analysis

## Results

Across 12 trials, patients received korvastatin 10 to 80 mg daily.

## Implications for practice

In adults over 75, start korvastatin 20 mg once daily and check creatine kinase if muscle pain develops.
"""


def test_a_reviews_advice_for_practice_is_a_dose_to_give(tmp_path_factory):
    # A review's doses are what its trials' patients received, but its advice in the imperative is a dose to give.
    pipeline = documents_pipeline(tmp_path_factory, {"korvastatin-review.md": REVIEW, "velotinib-leaflet.md": OTHER})
    answer = pipeline.ask("korvastatin starting dose in adults over 75?")
    assert "20 mg" in answer.answer, answer.answer
    assert "10 to 80 mg" not in answer.answer
