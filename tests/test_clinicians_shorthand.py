"""Clinicians' shorthand the lexicon holds as data: an established drug acronym is its drug ("CBZ"), an
electrolyte disorder is written "hypoNa", a time unit is glued to its number ("24h", "q12h")."""

import pytest

from app.lexicon.medterms import generic_name, is_drug_name
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
