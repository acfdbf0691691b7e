"""A share said in words ("about a quarter of ...") answers "what proportion"; a drug written in full in a question
is the drug its start stands for elsewhere in it; a sentence reporting another time point does not answer; a trial
named by an English word in capitals is not what a document using the word is about."""

import re

import pytest

from app.lexicon.medterms import ANSWER_TYPES
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

@pytest.mark.unit
@pytest.mark.parametrize("evidence, share", [
    ("About a quarter of pregnant women carry it.", True), ("One in three adults was treated.", True),
    ("Two-thirds of children recovered.", True), ("Some 5.4 percent of adults had it.", True),
    ("Half of the patients relapsed.", True),
    # Not a share of anyone: a dose's number, a half-life, a part of the follow-up, an interval, a tablet's part.
    ("A third dose was given to patients with persistent nausea.", False), ("It has a half-life of 4 hours.", False),
    ("Relapses occurred in the second half of the follow-up.", False), ("Reactions began within a quarter of an hour.", False),
    ("Take half of a tablet if the dose is reduced.", False), ("Most received 3 of 4 doses.", False), ("Aged 5 in 2019.", False),
])
def test_a_share_said_in_words_is_a_proportion(evidence, share):
    assert bool(re.search(ANSWER_TYPES["proport"], evidence, re.I)) is share


@pytest.mark.integration
def test_what_proportion_carry_is_answered_by_the_share_of_the_whole_group(tmp_path_factory):
    p = documents_pipeline(tmp_path_factory, {"protocol.md": PROTOCOL})
    assert "About a quarter" in answered(p, "what proportion of pregnant women carry the organism")


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
    ("Hot flushes fell by 60% and 75% at weeks 4 and 12, respectively.", False),  # the asked one among others
    ("Of 150 women, 45 had fewer hot flushes at week 12.", False),
    ("From week 4 onwards, hot flushes fell more than with placebo at the 12-week visit.", False),
])
def test_a_sentence_reporting_another_time_point_does_not_answer_the_asked_one(sentence, other):
    from app.answer.asked_values import other_time_point

    assert other_time_point(sentence, "hot flush reduction at wk 12 in the first trial") is other


@pytest.mark.unit
def test_asked_of_two_time_points_a_sentence_naming_either_speaks_of_one_asked():
    from app.answer.asked_values import other_time_point

    question = "injection start - what are the day 1 and day 8 doses?"
    assert not other_time_point("The first dose (150 mg) is given on Day 1 in the upper arm.", question)
    assert not other_time_point("The second dose (100 mg) is given one week later (Day 8).", question)
    assert other_time_point("A third dose is given on Day 36.", question)


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
    # Spelled out, the document is about it; in capitals only for emphasis, the word is no name.
    assert not unknown_acronyms("The Hormone Options Prevention Evaluation Study gave oral CEE.", terms, in_corpus)
    # (Ordinary words whose initials happen to spell it do not.)
    assert unknown_acronyms("Oral CEE doses: help older patients and keep estrogen exposure small.", terms, in_corpus)
    emphasis = coverage.question_terms("should the estradiol patch go on BEFORE the shower?")
    assert not unknown_acronyms("Apply the patch before a shower or after drying the skin.", emphasis, in_corpus)


INJECTION_LEAFLET = """Package leaflet: Information for the patient

Dravimaxa 400 mg powder and solvent for prolonged-release suspension for injection (selvaprazine)

3. How Dravimaxa is given

There are two ways to start Dravimaxa, your doctor will decide which way is right for you.

- If you are given one injection of Dravimaxa on your first day, you will keep taking selvaprazine tablets by mouth for 14 days after the first injection.
- If you are given two injections of Dravimaxa on your first day, you will also take one tablet of selvaprazine by mouth at this visit.

After that, you will get one injection of Dravimaxa once a month.
"""


@pytest.fixture(scope="module")
def injection(tmp_path_factory):
    from conftest import documents_pipeline
    return documents_pipeline(tmp_path_factory, {"dravimaxa-leaflet.md": INJECTION_LEAFLET})


@pytest.mark.integration
@pytest.mark.parametrize("question, expected", [
    # "Day 1" is said by "your first day".
    ("if a pt only gets one dravimaxa injection on day 1 how long do they stay on oral selvaprazine after", "14 days"),
    # Whether a dose is taken asks no amount; "LAI" is said by "prolonged-release suspension for injection".
    ("for the two-injection start of selvaprazine LAI (dravimaxa), does the pt also take an oral dose that day?", "one tablet"),
])
def test_a_start_of_injections_is_answered_as_the_leaflet_words_it(injection, question, expected):
    from conftest import answered
    assert expected in answered(injection, question)


FORMULARY = """# Ventrocillin (narvacillin) - formulary monograph

## Ventrocillin dose

Table 1. Narvacillin dose for uncomplicated urinary tract infection (UTI)

| Patient group | Dose | Duration |
|---|---|---|
| Children 3 months to 15 years | 15 mg/kg twice daily (maximum 400 mg per dose) | 3 days |
| Children under 3 months | Not recommended; refer to the paediatric team | - |
| Adults 16 years and over | 400 mg twice daily | 3 days |

Table 2. Ventrocillin oral suspension 100 mg/5 mL: dose for children by weight (15 mg/kg twice daily)

| Weight | Dose twice daily | Volume twice daily |
|---|---|---|
| 5 to 7.9 kg | 100 mg | 5 mL |
| 8 to 12.9 kg | 150 mg | 7.5 mL |
| 13 to 19.9 kg | 250 mg | 12.5 mL |
| 20 to 26.9 kg | 350 mg | 17.5 mL |
| 27 kg and over | 400 mg | 20 mL (or one 400 mg tablet) |

Table 3. Adults: dose by kidney function

| Creatinine clearance (mL/min) | Dose | Interval |
|---|---|---|
| 50 or more | 400 mg | every 12 hours |
| 30 to 49 | 400 mg | every 24 hours |
| 15 to 29 | 250 mg | every 24 hours |
"""


@pytest.mark.unit
def test_a_weight_is_read_in_the_table_banded_by_weight_though_an_age_table_ranks_first(tmp_path):
    from app.ingest.chunking import chunk_document
    from app.ingest.loaders import load_document
    from app.records import Passage
    from app.retrieve.tables import table_passages

    path = tmp_path / "ventrocillin-monograph.md"
    path.write_text(FORMULARY, encoding="utf-8")
    chunks, _ = chunk_document(load_document(path))
    by_id = {c.id: c for c in chunks}

    class Store:  # the document store's two lookups, over this one document
        def chunk_ids(self, source):
            return [c.id for c in chunks]

        def chunks(self, ids):
            return {i: by_id[i] for i in ids}

    row = lambda start: next(c for c in chunks if c.kind == "table_row" and c.text.startswith(start))  # noqa: E731
    retrieved = [Passage(chunk=row("Children 3 months"), score=1.0), Passage(chunk=row("5 to 7.9 kg"), score=0.9)]
    added = [p.chunk.text for p in table_passages("15 kg toddler - how many mL per dose?", retrieved, Store())]
    assert any(t.startswith("13 to 19.9 kg") for t in added)
    assert not any(t.startswith("Adults") for t in added)
    # A table whose unit is in its header ("Creatinine clearance (mL/min)"), its rows' labels naming none, is kept.
    renal = [Passage(chunk=row("30 to 49"), score=1.0), Passage(chunk=row("5 to 7.9 kg"), score=0.9)]
    kept = [p.chunk.text for p in table_passages("80 kg man, CrCl 20 mL/min - maintenance dose?", renal, Store())]
    assert any(t.startswith("15 to 29") for t in kept) and not any(t.startswith("13 to 19.9 kg") for t in kept)
