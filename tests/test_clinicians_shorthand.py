"""Clinicians' shorthand the lexicon holds as data: an established drug acronym is its drug ("CBZ"), an
electrolyte disorder is written "hypoNa", a time unit is glued to its number ("24h", "q12h"), a disease
goes by two letters ("RA"; not "CF" or "AF", which clinical text also writes for "cf." and initials).
A word a question writes in capitals whose small letters are a common word or a unit is said only in
capitals: "MG" is not the "mg" of a dose, "BED" not the "bed" one sleeps in; "OD" is still "od"."""

from dataclasses import replace

import pytest

from app.answer.coverage import TermCoverage
from app.answer.units import Unit
from app.lexicon.medterms import generic_name, is_drug_name
from app.records import Chunk, Passage
from app.text.lexical import concept_groups, tokenize
from conftest import answered, documents_pipeline

PROTOCOL = """# Management of hyponatraemia in labour

## 4.2 Correction of severe hyponatraemia

Correct the sodium level slowly. Therefore, the level should rise by no more than 12 mmol/L in a
24 hour period.

## 4.3 Fluids

Restrict oral fluids to 1 litre in 24 hours.
"""

MONOGRAPH = """# Levocarbine monograph

## Interactions

Levocarbine levels fall by about half when it is started with carbamazepine; measure a trough level
two weeks after starting and adjust the dose.

## Dosing

Give 250 mg every 12 hours with food.
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"hyponatraemia.md": PROTOCOL, "levocarbine.md": MONOGRAPH})


@pytest.mark.unit
@pytest.mark.parametrize("acronym, drug", [("CBZ", "carbamazepine"), ("3TC", "lamivudine"), ("6-MP", "mercaptopurine")])
def test_an_established_drug_acronym_is_its_drug(acronym, drug):
    assert is_drug_name(acronym.lower()) and generic_name(acronym) == drug
    assert tokenize(acronym) == tokenize(drug)


@pytest.mark.unit
@pytest.mark.parametrize("acronym", ["nac", "tdf", "nvp", "rif", "emb", "lev"])
def test_an_acronym_with_other_clinical_meanings_is_no_drug(acronym):
    # (N-acetylcysteine or neoadjuvant chemotherapy; two tenofovir salts; nausea and vomiting of
    # pregnancy; right iliac fossa; endomyocardial biopsy; levofloxacin as often as levetiracetam.)
    assert not is_drug_name(acronym)


@pytest.mark.unit
@pytest.mark.parametrize("cut_short, word", [("24h", "24 hours"), ("every 12 hrs", "every 12 hours"), ("2wk", "2 weeks"),
                                              ("30 mins", "30 minutes")])
def test_a_time_unit_cut_short_after_its_number_is_the_word(cut_short, word):
    assert tokenize(cut_short) == tokenize(word)


@pytest.mark.unit
def test_a_letter_after_no_number_is_no_time_unit():
    assert tokenize("H pylori") == ["h", "pylori"]


@pytest.mark.unit
@pytest.mark.parametrize("short, long", [("hypoNa", "hyponatraemia"), ("hyperK", "hyperkalaemia"), ("q12h", "every 12 hours")])
def test_electrolyte_and_dosing_interval_shorthand_are_their_terms(short, long):
    assert concept_groups(short) and set(concept_groups(short)) <= set(concept_groups(long))


def test_a_question_in_shorthand_finds_the_protocols_limit(docs):
    assert "12 mmol/L" in answered(docs, "max rise in Na per 24h when correcting hypoNa?")


def test_a_question_naming_a_drug_by_its_acronym_finds_the_interaction(docs):
    assert "carbamazepine" in answered(docs, "levocarbine levels with CBZ?")


@pytest.mark.unit
def test_two_letter_shorthand_for_a_disease_is_its_name():
    assert set(concept_groups("MTX in RA")) & set(concept_groups("methotrexate in rheumatoid arthritis"))


@pytest.mark.unit
@pytest.mark.parametrize("text", ["(cf. Table 3)", "AF, JK and LM wrote the paper."])
def test_two_letters_with_other_common_meanings_are_no_disease(text):
    assert not set(concept_groups(text)) & set(concept_groups("cystic fibrosis or atrial fibrillation"))


@pytest.mark.unit
@pytest.mark.parametrize("question, says, does_not_say", [
    ("Platelet threshold for toxicity in the MG trial?", "MG trial: toxicity was a platelet count below 100",
     "Trial toxicity: a platelet count below 100, reduce by 2.5 mg weekly"),
    ("Best therapy for BED?", "the best therapy for BED", "the best therapy for bed rest"),
])
def test_an_acronym_its_document_defines_is_said_only_in_capitals(question, says, does_not_say):
    coverage = TermCoverage(2.0, lambda token: 1.0)
    terms = coverage.question_terms(question)
    defined = {"MG": "myasthenia gravis", "BED": "binge eating disorder"}
    assert coverage.coverage(terms, says, defined) == 1.0
    assert coverage.coverage(terms, does_not_say, defined) < 1.0


@pytest.mark.unit
def test_an_acronym_its_document_does_not_define_is_said_in_small_letters_too():
    coverage = TermCoverage(2.0, lambda token: 1.0)
    terms = coverage.question_terms("Ceftriaxone 1 g STAT or OD?")
    assert coverage.coverage(terms, "Give ceftriaxone 1 g stat, then 1 g od.", {"CRP": "C-reactive protein"}) == 1.0


@pytest.mark.unit
def test_the_acronym_of_what_a_papers_title_spells_out_is_said_by_each_of_its_passages():
    # ("MG" is the trial's disease, which a sentence of its methods does not repeat.)
    text = "The zelbrutinib group also received folate on five days of every week."
    chunk = Chunk(id="c", source="trial.md", title="Zelbrutinib versus azathioprine in myasthenia gravis", section="Methods",
                  kind="prose", start=0, end=len(text), text=text, search_text=text, content_hash="h")
    unit = Unit(Passage(chunk, 1.0), 0, len(text), "sentence", f"Methods. {text}")
    coverage = TermCoverage(2.0, lambda token: 1.0)
    terms = coverage.question_terms("folate with zelbrutinib in MG?")
    # (As a heading says it: half its weight for what the sentence itself does not say.)
    on_the_papers_subject = coverage.unit_coverage(terms, replace(unit, defined={"MG": "myasthenia gravis"}))
    assert on_the_papers_subject > coverage.unit_coverage(terms, replace(unit, defined={}))  # a document not defining it
