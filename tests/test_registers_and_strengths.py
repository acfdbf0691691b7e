"""Who asks and why, in new registers (a trainee revising, a note half-remembered, a triage call, a relative's
story told before or after the ask), adds no terms to find. A product's strength named beside its name ("<brand> 10mg") is which product is meant, which its leaflet
states once, not an amount every answering sentence repeats; a trial paper's table captions, whose tables
the converter could not keep, state nothing and run into no sentence."""

import pytest

from app.answer.asked_values import misses_time_or_amount, times_and_amounts
from app.ingest.chunking import sentence_units
from app.answer.coverage import TermCoverage
from conftest import answered, documents_pipeline, sentence_unit

LEAFLET = """Package leaflet: information for the user

1. What Cefalexin is and what it is used for

Cefalexin is an antibiotic used to treat infections of the chest, throat and urinary tract.

2. How to take Cefalexin

The usual dose is one capsule taken up to four times per day. Do not take more than four capsules per day.

Do not take Cefalexin for longer than 7 days without consulting your doctor.

- Take the capsules 15 to 30 minutes before a meal.

3. Contents of the pack

What Cefalexin 250mg Capsules look like: each pack contains 28 white capsules.
"""


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"cefalexin-250mg-leaflet.md": LEAFLET})


def test_a_strength_named_beside_the_medicine_is_the_leaflets_product_not_an_amount_to_repeat(leaflet):
    assert "four capsules per day" in answered(leaflet, "cefalexin 250mg - max number of capsules a day?")


def test_food_is_said_as_meals(leaflet):
    assert "before a meal" in answered(leaflet, "do you take cefalexin before or after food? how long before")


@pytest.mark.unit
def test_a_strength_the_document_never_names_beside_the_medicine_is_still_missing():
    unit = sentence_unit("Do not take more than four capsules per day.")
    question = "cefalexin 500mg - max number of capsules a day?"
    asked = times_and_amounts(question)
    assert misses_time_or_amount(unit, asked, question=question, document=lambda: LEAFLET)
    named = "cefalexin 250mg - max number of capsules a day?"
    assert not misses_time_or_amount(unit, times_and_amounts(named), question=named, document=lambda: LEAFLET)
    # Not beside the medicine, an amount is asked of the sentence itself: "is a 250mg dose enough?"
    dose = "is a 250mg dose of cefalexin enough?"
    assert misses_time_or_amount(unit, times_and_amounts(dose), question=dose, document=lambda: LEAFLET)


@pytest.mark.unit
def test_table_captions_without_their_tables_are_no_part_of_the_sentence_after_them():
    text = ("Table 1\n\nDemographic characteristics of the groups\n\nTable 2\n\nComparison of the severity of nausea before and "
            "after treatment\n\nThe severity of nausea did not differ significantly between the three groups [Table 3].\n\n"
            "Figure 2\n\nFlow of participants through the trial")
    statements = [text[s:e] for s, e in sentence_units(text, 0)]
    assert statements == ["The severity of nausea did not differ significantly between the three groups [Table 3]."], statements
    # A line with figures under a bare label is a result, not a title.
    text = "Figure 2\n\nOverall survival HR 0.59 (95% CI 0.41-0.85)\n\nThe benefit was seen in all subgroups."
    assert any("HR 0.59" in text[s:e] for s, e in sentence_units(text, 0))


def _terms(question: str):
    return TermCoverage(5.0, lambda tok: 1.0).question_terms(question)


@pytest.mark.unit
@pytest.mark.parametrize("framed, plain", [
    ("Revising for my oncology exam. ORBIT trial: PFS HR and 95% CI?", "ORBIT trial: PFS HR and 95% CI?"),
    ("revision: what does the abbreviation IPTW stand for", "what does the abbreviation IPTW stand for"),
    ("true or false for revision: in ORBIT the response rate was about 60%", "in ORBIT the response rate was about 60%"),
    ("Exam question - which enzyme metabolises Vasolin?", "which enzyme metabolises Vasolin?"),
    ("ORBIT PFS HR and 95% CI? I wrote 0.47 (0.30-0.72) in my notes but not sure that's right", "ORBIT PFS HR and 95% CI?"),
    ("Triage nurse: what dose of Vasolin is the maximum?", "what dose of Vasolin is the maximum?"),
    ("Counselling check: can Vasolin tablets be crushed?", "can Vasolin tablets be crushed?"),
    ("Pharmacist checking a handout before I give it to a patient. Who produced this document?", "Who produced this document?"),
    ("GP here - in ORBIT, what was the PFS HR?", "in ORBIT, what was the PFS HR?"),
    ("Pharmacist here: max dose of velotinib?", "max dose of velotinib?"),
    ("Presenting ORBIT at journal club tomorrow. What was the PFS HR?", "ORBIT. What was the PFS HR?"),
    ("Quick one from general practice: what share of patients have brain mets?", "what share of patients have brain mets?"),
    ("Support-group FAQ, question 5: what dose of Vasolin is the maximum?", "what dose of Vasolin is the maximum?"),
    ("Plain-language FAQ: can Vasolin tablets be crushed?", "can Vasolin tablets be crushed?"),
    ("For our FAQ: can Vasolin tablets be crushed?", "can Vasolin tablets be crushed?"),
])
def test_the_askers_register_adds_no_terms_to_the_question(framed, plain):
    assert _terms(framed).tokens == _terms(plain).tokens


@pytest.mark.unit
@pytest.mark.parametrize("question, story, asked", [
    ("my dad has lung cancer and they found it had spread to his brain. the doctors want him on velotinib. "
     "in the big trial how much did velotinib lower the chance of progression", {"dad", "doctor", "lung"}, "progress"),
    ("how common are brain metastases at diagnosis? my uncle was only just diagnosed", {"uncl"}, "metastas"),
    ("why does sarotinib not work as well in the brain?? my sister tried explaining and i dont get it", {"sister"}, "brain"),
    ("Caller says her mum had brain radiotherapy before starting velotinib - what was the response rate after it?",
     {"mum"}, "respons"),
])
def test_a_relatives_story_before_or_after_the_ask_is_the_story(question, story, asked):
    terms = _terms(question)
    assert story <= terms.story and asked not in terms.story, terms.story


@pytest.mark.unit
@pytest.mark.parametrize("question, kept", [
    ("what exam findings suggest meningitis?", "exam"),
    ("is it true that the rash is a side effect?", "rash"),
    ("I wrote to the manufacturer - what is their medical information line?", "manufactur"),
    ("Triage of suspected sepsis: which score is used?", "triag"),
    ("which revision of the guideline changed the dose?", "revis"),
])
def test_words_that_only_look_like_a_register_stay_terms(question, kept):
    assert any(t.startswith(kept) for t in _terms(question).tokens), _terms(question).tokens


@pytest.mark.unit
def test_an_instruction_to_ask_a_doctor_first_excludes_no_patients():
    from app.answer.guards import excludes_asked

    terms = _terms("how long can i take Vasolin before i need to see the doctor again")
    assert not excludes_asked("Do not take Vasolin for longer than 7 days without consulting your doctor.", terms)
    assert not excludes_asked("Do not stop Vasolin without first talking to your doctor.", terms)
    kidneys = _terms("Vasolin dose in kidney disease patients")
    assert excludes_asked("In patients without kidney disease the dose is 10 mg.", kidneys)


@pytest.mark.unit
def test_what_counts_as_one_grade_or_another_is_defined_by_the_scores_given_each():
    from app.answer.definitions import does_not_define

    question = "symptom score cut offs - what counts as moderate vs severe nausea?"
    assert not does_not_define(sentence_unit("Symptom score: Mild 6 or less; Moderate = 7–12; Severe = 13–15"), question)
    assert does_not_define(sentence_unit("The symptom score is a validated tool to assess mild to moderate nausea."), question)
    # A rate after the term is a result, not what counts as it.
    assert does_not_define(sentence_unit("Major bleeding 2.1% per year with drug A vs 3.1% with drug B (HR 0.69)."),
                           "What counts as major bleeding?")


TRIAL = """Ginger versus vitamin B6 for nausea in pregnancy: a randomised trial

Results

Gastrointestinal side effects (heartburn) occurred in 10.2% of women in the ginger group and in 3.1% of women in the vitamin B6 group.

Discussion

In previous research, stomach ache and dizziness were reported as side effects of ginger in 6% of recipients.
Smith et al. (2009) reported that drowsiness occurred in 14% of women taking vitamin B6.
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"ginger-trial.md": TRIAL})


def test_a_papers_discussion_of_earlier_research_does_not_answer_for_its_own_trial(trial):
    said = answered(trial, "GI side effects with ginger, what %?")
    assert "10.2%" in said and "6%" not in said, said


@pytest.mark.unit
def test_earlier_research_answers_a_question_about_earlier_research():
    from app.answer.research import reports_other_research

    discussion = sentence_unit("In previous research, stomach ache was reported as a side effect of ginger in 6% of recipients.",
                               section="Discussion")
    cited = sentence_unit("Smith et al. (2009) reported that drowsiness occurred in 14% of women taking vitamin B6.",
                          section="Discussion")
    own = sentence_unit("Heartburn occurred in 10.2% of women in the ginger group.", section="Results")
    asked = "how often did ginger cause stomach ache?"
    assert reports_other_research(discussion, asked) and reports_other_research(cited, asked)
    assert not reports_other_research(own, asked)
    beside = sentence_unit("Stomach ache was less common in the present study sample (2%) compared with other studies.", section="Discussion")
    assert not reports_other_research(beside, asked)
    assert not reports_other_research(discussion, "what did previous studies report about ginger side effects?")
    # A guideline's or review's own sentences cite studies as their evidence, not as someone else's finding.
    assert not reports_other_research(sentence_unit(discussion.text, section="Recommendations"), asked)


@pytest.mark.unit
@pytest.mark.parametrize("sentence, question, off", [
    ("The exclusion criteria included subjects who experienced side effects from the ginger capsules.",
     "any side effects with the ginger capsules in the trial?", True),
    ("Women were excluded if they had taken an antiemetic in the previous week.", "did ginger help women who had taken an antiemetic?", True),
    ("Patients were eligible if they were aged 18 years or older with a PUQE score of 7 or more.", "PUQE score of patients after ginger?", True),
    ("The exclusion criteria included subjects who experienced side effects from the ginger capsules.",
     "who was excluded from the ginger trial?", False),
    ("Women were excluded if they had taken an antiemetic in the previous week.", "what were the trial's entry criteria?", False),
    ("Side effects occurred in 10% of women taking ginger.", "any side effects with the ginger capsules in the trial?", False),
    # A label saying who its trials left out tells what is not known about them.
    ("Patients with severe hepatic impairment were excluded from the clinical trials.", "can I use it in severe liver disease?", False),
])
def test_who_a_study_let_in_or_kept_out_answers_only_a_question_about_eligibility(sentence, question, off):
    from app.answer.guards import only_states_eligibility

    assert only_states_eligibility(sentence_unit(sentence, section="Methods > Participants"), question) is off


@pytest.mark.unit
@pytest.mark.parametrize("sentence, question", [
    ("People are eligible if they have a BMI of 40 kg/m2 or more.", "What BMI is needed for bariatric surgery?"),
    ("Adults are eligible if they are aged 75 to 79 years.", "what age for the vaccine?"),
    ("Patients were excluded if their eGFR was below 30 mL/min in the pivotal trials, so it is not recommended.",
     "Is it recommended in severe renal impairment?"),
])
def test_a_guidelines_eligible_if_says_who_should_be_treated(sentence, question):
    from app.answer.guards import only_states_eligibility

    for section in ("Recommendations", "Special populations > Patients with renal impairment",
                    "4.2 Posology and method of administration > Renal impairment"):
        assert not only_states_eligibility(sentence_unit(sentence, section=section), question)


HEART = """Package leaflet: Vasolin 10 mg tablets

2. What you need to know before you take Vasolin

Vasolin may be associated with an increased risk of heart rhythm disorder and cardiac arrest.
This risk may be more likely in those over 60 years old or taking doses higher than 30 mg per day.
Tell your doctor if you have heart problems.
"""


@pytest.fixture(scope="module")
def heart(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"vasolin-leaflet.md": HEART})


def test_who_is_more_at_risk_is_answered_by_whom_the_risk_concerns_not_by_the_risk(heart):
    said = answered(heart, "vasolin heart risk - who is more at risk according to the leaflet")
    assert "over 60 years" in said, said
    assert "over 60 years" in answered(heart, "which patients are at higher risk of heart rhythm problems on vasolin?")


SABERI = """Ginger for nausea and vomiting in pregnancy: a randomised placebo-controlled trial

Farzaneh Saberi, Zohreh Sadat, Masoumeh Abedzadeh-Kalahroudi. Nurs Midwifery Stud. 2014.

Methods

Women in the ginger group received 250 mg ginger capsules three times a day for 4 days.
"""

FIROUZ = """Ginger or vitamin B6 for nausea in pregnancy: a randomised trial

Mojgan Firouzbakht, Mahbobeh Nikpour. Ayu. 2014.

Methods

Women in the ginger group received 500 mg ginger capsules twice a day for 4 days.
Ginger capsules (500 mg) and placebo capsules (40 mg sugar) were packed alike.
"""


@pytest.fixture(scope="module")
def ginger_trials(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"saberi-ginger.md": SABERI, "firouzbakht-ginger.md": FIROUZ})


def test_a_study_asked_for_by_its_first_author_is_answered_by_that_authors_paper(ginger_trials):
    said = answered(ginger_trials, "ginger vs placebo trial (Saberi 2014) - what dose of ginger did they use")
    assert "250 mg" in said and "500 mg" not in said and "sugar" not in said, said
    said = answered(ginger_trials, "what ginger dose did Firouzbakht et al. give?")
    assert "500 mg" in said and "250 mg" not in said, said


@pytest.mark.unit
def test_an_author_cited_with_a_year_or_et_al_is_a_name_to_find():
    from app.answer.names import names_in

    assert "saberi" in names_in("ginger trial (Saberi 2014) dose?")
    assert "smith" in names_in("what did Smith et al. find?")
    assert "persaud" in names_in("dose in Persaud, 2018?")
    assert names_in("Does ginger work? In 2014 trials it did") == [] and names_in("guideline updated March 2019") == []
    assert "martinez" in names_in("dose in Martinez 2019?")
    # A book, a journal or a guideline's year names no author.
    assert names_in("per the Green Book 2023, and the Lancet 2019 paper and Guidelines 2023?") == []


@pytest.mark.unit
def test_chat_shorthand_and_bag_contents_are_read_as_written_out():
    assert _terms("how fast shd the bag run?").tokens == _terms("how fast the bag run?").tokens
    coverage = TermCoverage(5.0, lambda tok: 1.0)
    terms = coverage.question_terms("how much KCl in the bag and when to repeat U&Es?")
    written_out = "1 l bag of 0.9% sodium chloride with 20 mmol potassium chloride; repeat serum electrolytes every 24 hours"
    assert coverage.coverage(terms, written_out) == coverage.coverage(terms, "1 l bag with 20 mmol KCl; repeat U&Es every 24 hours")


@pytest.mark.unit
@pytest.mark.parametrize("sentence, question, off", [
    ("If you take propranolol, do not take more than one 50 mg tablet of Vasolin in 24 hours.",
     "what's the most Vasolin I can take in one day?", True),
    ("In patients taking fluconazole, the dose of Vasolin should not exceed 10 mg.", "max dose of Vasolin?", True),
    ("If you take propranolol, do not take more than one 50 mg tablet of Vasolin in 24 hours.",
     "on propranolol - max Vasolin dose?", False),
    ("If you take more Vasolin than you should, talk to a doctor.", "what if I take too much Vasolin?", False),
    ("Do not take more than two tablets of Vasolin in 24 hours.", "what's the most Vasolin I can take in one day?", False),
    ("If you take propranolol, do not take more than one 50 mg tablet of Vasolin in 24 hours.",
     "does Vasolin interact with other medicines?", False),
])
def test_a_limit_for_those_on_another_medicine_does_not_answer_for_everyone(sentence, question, off):
    from app.answer.drugs_asked import only_with_another_medicine

    assert only_with_another_medicine(sentence_unit(sentence), question) is off


@pytest.mark.unit
def test_a_confidence_intervals_95_percent_is_no_rate():
    import re

    from app.lexicon.medterms import ANSWER_TYPES

    assert re.search(ANSWER_TYPES["#rate"], "HR: 0.40; 95% CI: 0.25–0.64", re.I) is None
    assert re.search(ANSWER_TYPES["#rate"], "risk difference -9.1% (95% confidence interval ...)", re.I)
    assert re.search(ANSWER_TYPES["#rate"], "Up to 30-40% of patients have brain metastases", re.I)


@pytest.mark.unit
def test_a_rate_ratio_asks_a_ratio_not_a_rate():
    assert "rate" not in _terms("What was the recovery rate ratio in the trial (with 95% CI)?").types
    assert "rate" in _terms("What was the response rate in the trial?").types
