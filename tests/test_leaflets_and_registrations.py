"""A leaflet's questions answered by its text, not its headings; two medicines asked together answered only by
evidence speaking of both; a trial's registration number asked for is answered only by one."""

import pytest

from app.answer.drugs_asked import misses_a_medicine_taken
from app.answer.guards import only_sets_condition
from conftest import answered, documents_pipeline, sentence_unit

LEAFLET = """Package leaflet: information for the patient

Cefalexin 250 mg capsules

2. What you need to know before you take Cefalexin Capsules

Other medicines and Cefalexin Capsules

- If you are taking probenecid (used to treat gout), concomitant use of probenecid may reduce the excretion of cefalexin and is not recommended.
- If you are taking metformin (used to treat diabetes), cefalexin may raise the levels of metformin in your blood.

3. How to take Cefalexin Capsules

If you forget to take Cefalexin Capsules
- If you forget to take a dose, take it as soon as you remember.
- Do not take the next dose too soon, wait about 4 hours before taking the next dose.
"""

TRIAL = """Full versus half dose of a nasal vaccine in toddlers: a randomised trial

Methods

This randomised, observer-blind trial enrolled 330 children aged 6 to 35 months at 12 sites in 2011.
Children received either 0.25 mL or 0.50 mL of the vaccine in two doses 28 days apart.
The toddler vaccine trial was registered at ClinicalTrials.gov before the first child was enrolled.

Results

Fever above 38 C occurred in 9% of children after the 0.50 mL dose and in 8% after the 0.25 mL dose.
"""

REHYDRATION = """Oral rehydration solution with zinc in adults with cholera: a randomised trial

Methods

Adults with cholera were randomised to oral rehydration solution with or without zinc (ClinicalTrials.gov NCT01234567).
"""


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"cefalexin-leaflet.md": LEAFLET, "vaccine-trial.md": TRIAL,
                                                  "rehydration-trial.md": REHYDRATION})


@pytest.mark.unit
@pytest.mark.parametrize("text, heading", [
    ("If you forget to take Cefalexin Capsules", True),
    ("Before you start the injections", True),
    ("If you forget to take a dose, take it as soon as you remember.", False),
    ("When treatment stops, symptoms may return.", False),
    ("- if you are due to have a blood test", False),  # one of the conditions a lead-in or heading states
    ("If CrCl 30-50 mL/min give 750 mg every 24 hours", False),  # an instruction, with its figures
    ("Before the fourth dose take a trough level", False),
    ("If you forget to take a dose take it as soon as you remember", False),  # unpunctuated, but a statement
])
def test_a_clause_that_only_sets_a_condition_is_a_heading_not_a_statement(text, heading):
    assert only_sets_condition(sentence_unit(text)) is heading


@pytest.mark.integration
def test_a_leaflets_heading_does_not_answer_what_to_do_after_a_missed_dose(leaflet):
    answer = answered(leaflet, "forgot a cefalexin dose, when can i take the next one")
    assert "Cefalexin Capsules [" not in answer
    assert "as soon as you remember" in answer


@pytest.mark.unit
@pytest.mark.parametrize("text, misses", [
    ("If you are taking probenecid, probenecid may reduce the excretion of cefalexin.", True),  # a third medicine
    ("Rash was reported more often in men prescribed cefalexin.", True),  # no second one
    ("If you are taking metformin, cefalexin may raise the levels of metformin in your blood.", False),
    ("Cefalexin may raise the levels of metformin.", False),
    ("Avoid use with strong CYP3A4 inhibitors.", False),  # a class the other medicine may belong to
    ("Use with anticoagulants may increase the risk of bleeding.", False),
])
def test_two_medicines_asked_together_are_answered_by_evidence_speaking_of_both(text, misses):
    unit = sentence_unit(text, source="cefalexin-leaflet.md", title="Cefalexin 250 mg capsules")
    assert misses_a_medicine_taken(unit, {"cefalexin", "metformin"}, together=True) is misses
    assert misses_a_medicine_taken(unit, {"cefalexin", "metformin"}, together=False) is False


@pytest.mark.unit
def test_asked_of_three_medicines_evidence_speaking_of_two_of_them_answers():
    unit = sentence_unit("Ketoconazole raises the levels of cefalexin.", source="cefalexin-leaflet.md", title="Cefalexin 250 mg capsules")
    assert misses_a_medicine_taken(unit, {"cefalexin", "metformin", "ketoconazole"}, together=True) is False


@pytest.mark.integration
def test_a_registration_number_asked_for_is_answered_only_by_one(leaflet):
    # "It was registered at ClinicalTrials.gov" says where, not the number.
    a = leaflet.ask("clinicaltrials.gov number for the toddler vaccine trial")
    assert a.abstained, a.answer
    assert "NCT01234567" in answered(leaflet, "clinicaltrials.gov number for the zinc oral rehydration trial in cholera")
    # Asked whether it was registered, the sentence saying so answers.
    assert "registered" in answered(leaflet, "was the toddler vaccine trial registered on clinicaltrials.gov?")


@pytest.mark.unit
@pytest.mark.parametrize("question, said", [
    ("rw study: how did they adjust between tx grps?",
     "In the real-world study, weighting was used to adjust for differences between treatment groups."),
    ("any ddi with ppx abx?", "No drug-drug interaction was seen with prophylactic antibiotics."),
    ("ballpark % of pts with dz at 3 mo?", "About 30% of patients had disease at 3 months."),
    ("why do ppl call the brain a sanctuary site?", "Poor penetration makes the brain a sanctuary site."),
    ("any recs for leptomeningeal mets?", "Recommendations cover leptomeningeal metastases."),
    ("rwxyz defn?", "Real-world XYZ (rwXYZ): time from start to relapse."),
    ("LM pts in the 2022 stdy", "In a 2022 study, eight patients had LM."),
])
def test_clinicians_shorthand_and_chat_words_are_said_by_the_words(question, said):
    from app.answer.coverage import TermCoverage

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    assert coverage.coverage(coverage.question_terms(question), said) == 1.0


@pytest.mark.unit
def test_a_value_alone_under_its_heading_answers_for_the_drug_its_document_is_about():
    # A product's label whose title names no drug: the drug is its subject, a generic of several words.
    from dataclasses import replace

    from app.answer.coverage import TermCoverage
    from app.answer.units import Unit

    unit = sentence_unit("12 months", source="label.pdf", title="ANNEX I", section="PHARMACEUTICAL PARTICULARS > 6.3 Shelf life")
    chunk = replace(unit.chunk, subject="influenza vaccine, inactivated or recombinant")
    unit = Unit(replace(unit.passage, chunk=chunk), unit.start, unit.end, "sentence",
                "PHARMACEUTICAL PARTICULARS > 6.3 Shelf life. 12 months")
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    assert coverage.unit_coverage(coverage.question_terms("flucelvax shelf life?"), unit) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize("evidence, counts", [
    ("In 2017, 5.4 percent of U.S. children used meditation.", True),
    ("In 2017, 5.4% of all children used meditation.", True),
    ("Meditation was used for 5.4 percent of the time.", False),
])
def test_how_many_of_a_group_is_answered_by_a_share_of_them(evidence, counts):
    from app.answer.counts import states_count

    assert states_count("how many kids 4-17 use meditation", evidence) is counts


@pytest.mark.unit
def test_a_temperature_asked_as_temp_is_said_by_the_storage_temperature():
    from app.answer.coverage import TermCoverage

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("fridge temp - does it matter?")
    assert coverage.coverage(terms, "Store in a refrigerator at a temperature of 2 to 8 C.") == 1.0


@pytest.mark.unit
def test_a_patient_story_is_told_apart_from_an_ask_typed_without_its_question_mark():
    from app.answer.stories import story_words
    from app.text.lexical import tokenize

    question = "57M new LM dx. what level rec is velotinib for leptomeningeal mets in the guidelines"
    assert {"new", "lm", "dx"} <= story_words(question, tokenize(question))


@pytest.mark.unit
def test_nct_asks_for_a_registration_number_only_as_one():
    from app.answer.focus import measure_asked
    from app.lexicon.medterms import MEASURES

    ask = MEASURES["registration"][0]
    assert measure_asked("KITE-1 trial NCT #?", ask) and measure_asked("nct number for KITE-1?", ask)
    assert not measure_asked("pCR after NCT in TNBC?", ask)  # neoadjuvant chemotherapy


@pytest.mark.unit
def test_a_heading_answers_for_a_documents_drug_only_when_the_document_has_one():
    # A guideline on two drugs: its "Monitoring" heading is not about whichever one is asked.
    from app.answer.coverage import TermCoverage

    unit = sentence_unit("Take a trough level before the fourth dose.", title="Gentamicin and vancomycin dosing in adults",
                         section="Monitoring")
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    assert coverage.unit_coverage(coverage.question_terms("vancomycin monitoring?"), unit) < 1.0


CHILDREN_LEAFLET = """Package leaflet: information for the patient

Velpramil 50 mg film-coated tablets

3. How to take Velpramil

The recommended dose is one tablet twice a day. Velpramil film-coated tablets are not meant to be used in children who weigh less than 25 kg. For these patients, Velpramil oral solution is available.

Swallow the tablet with a glass of water.
"""


@pytest.mark.integration
def test_asked_whether_a_child_can_have_a_form_ruled_out_for_them_what_they_have_instead_joins(tmp_path_factory):
    leaflet = documents_pipeline(tmp_path_factory, {"velpramil-leaflet.txt": CHILDREN_LEAFLET})
    answer = answered(leaflet, "my daughter is 6 and weighs 19kg, can she take velpramil tablets")
    assert "less than 25 kg" in answer and "oral solution is available" in answer


RENAL_LEAFLET = """Velpramil 50 mg film-coated tablets

3. How to take Velpramil

Velpramil is not recommended in patients with CrCl below 30 mL/min. In those with CrCl 30 to 50 mL/min, reduce the dose to 25 mg once daily.
"""


@pytest.mark.integration
def test_a_next_sentence_naming_other_patients_of_its_own_is_no_alternative_for_those_ruled_out(tmp_path_factory):
    leaflet = documents_pipeline(tmp_path_factory, {"velpramil-leaflet.txt": RENAL_LEAFLET})
    answer = answered(leaflet, "can velpramil be used if the CrCl is 25?")
    assert "not recommended" in answer and "25 mg once daily" not in answer
