"""A share said in words ("about a quarter of ...") answers "what proportion"; a terse "<trial> <drug> regimen"
asks for the dose given; a drug written in full in a question is the drug its start stands for elsewhere in it."""

import re

import pytest

from app.lexicon.medterms import ANSWER_TYPES, MEASURES
from app.text.shorthand import DrugShorthand
from conftest import answered, documents_pipeline

PROTOCOL = """Maternity protocol: streptococcal carriage in pregnancy

1 Carriage

1.1 Women carrying the organism in a previous pregnancy
These women have approximately a 50% likelihood of carrying it in a later pregnancy.

1.2 Screening
Swabs are not offered routinely in this unit.

6 Risks and benefits summary

6.1 About a quarter of pregnant women in the region carry the organism in the gut.
"""

TRIAL = """Adverse effects of a macrolide for cough in primary care: secondary analysis of the HUSH trial

Introduction

The HUSH trial found more adverse effects in the macrolide group than in the placebo group.

Methods

Adults with acute cough were randomised to clarithromycin or placebo in 14 practices.
"""

DOSED = TRIAL + "In the HUSH trial, patients took 500 mg of clarithromycin twice daily for 5 days or a matching placebo.\n"


@pytest.mark.unit
@pytest.mark.parametrize("evidence", ["About a quarter of pregnant women carry it.", "One in three adults was treated.",
                                      "Two-thirds of children recovered.", "Some 5.4 percent of adults had it."])
def test_a_share_said_in_words_is_a_proportion(evidence):
    assert re.search(ANSWER_TYPES["proport"], evidence, re.I)


@pytest.mark.integration
def test_what_proportion_carry_is_answered_by_the_share_of_the_whole_group(tmp_path_factory):
    p = documents_pipeline(tmp_path_factory, {"protocol.md": PROTOCOL})
    assert "About a quarter" in answered(p, "what proportion of pregnant women carry the organism")


@pytest.mark.unit
@pytest.mark.parametrize("question, asks_dose", [
    ("HUSH trial clarithromycin regimen", True),
    ("benpen regimen?", True),
    ("gentamicin target trough level for the clinda/gent regimen?", False),  # the trough is asked, not the dose
    ("which arm of the regimen had more rash", False),
])
def test_a_terse_regimen_fragment_asks_for_the_dose(question, asks_dose):
    assert bool(re.search(MEASURES["dose"][0], question, re.I)) is asks_dose


@pytest.mark.integration
def test_a_trials_regimen_is_answered_only_by_the_dose_given(tmp_path_factory):
    without = documents_pipeline(tmp_path_factory, {"hush.md": TRIAL})
    a = without.ask("HUSH trial clarithromycin regimen")
    assert a.abstained, a.answer
    dosed = documents_pipeline(tmp_path_factory, {"hush.md": DOSED})
    assert "500 mg" in answered(dosed, "HUSH trial clarithromycin regimen")


@pytest.mark.unit
def test_a_start_of_a_drug_the_question_writes_in_full_is_that_drug():
    # "diaz" is a surname (Zipf 3.6): where the question writes the drug in full, its start is the drug anywhere.
    reader = DrugShorthand({"diazepam": 12, "lorazepam": 9})
    assert (reader.spell_out("diazepam vs lorazepam for a first seizure - what dose did diaz need?")
            == "diazepam vs lorazepam for a first seizure - what dose did diazepam need?")
    # Not where the drug it starts is not the one written in full.
    assert reader.spell_out("lorazepam for a first seizure - what did diaz say?") == "lorazepam for a first seizure - what did diaz say?"


@pytest.mark.unit
@pytest.mark.parametrize("sentence, other", [
    ("In the first trial, at week 4, both doses reduced hot flushes compared with placebo.", True),
    ("At week 12, both doses reduced hot flushes by 74% and 80%.", False),
    ("At 12 weeks, both doses reduced hot flushes by 74% and 80%.", False),
    ("Women were treated for 4 weeks before the switch.", False),  # a length of treatment, no time point
])
def test_a_sentence_reporting_another_time_point_does_not_answer_the_asked_one(sentence, other):
    from app.answer.asked_values import other_time_point

    assert other_time_point(sentence, "hot flush reduction at wk 12 in the first trial") is other


@pytest.mark.unit
def test_a_combination_products_brand_is_one_drug_not_a_class():
    from app.lexicon.medterms import is_drug_class

    assert is_drug_class("statins")
    assert not is_drug_class("duavive")  # "bazedoxifene/conjugated estrogens": one product


@pytest.mark.unit
def test_a_trial_named_by_an_english_word_in_capitals_is_not_what_a_document_using_the_word_is_about():
    from app.answer.acronyms import unknown_acronyms
    from app.answer.coverage import TermCoverage

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("HOPES doses of the oral CEE and the estradiol patch")
    in_corpus = lambda tok: True  # noqa: E731
    guideline = "Doses of estrogen: oral CEE 0.3 mg to 0.625 mg; estradiol patch 25 to 100 micrograms. Women hope to keep the lowest dose."
    assert unknown_acronyms(guideline, terms, in_corpus)
    assert not unknown_acronyms("In HOPES, women took 0.45 mg/d of oral CEE or an estradiol patch.", terms, in_corpus)


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, counts", [
    ("what IC-ORR was seen, and how many of them had target lesions?", "Cohort 1 (n=11 with target lesions)", True),
    ("how many of the patients had LM?", "All eight patients had LM.", True),
    ("how many of the patients had LM?", "Imaging was done every 8 weeks.", False),
])
def test_how_many_of_them_counts_whoever_is_meant(question, evidence, counts):
    from app.answer.units import states_count

    assert states_count(question, evidence) is counts
