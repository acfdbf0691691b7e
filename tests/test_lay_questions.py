"""Questions in a lay person's or a presenter's words. What the asker does with the answer ("for my slide",
"a colleague asked me", "plain words please") adds no terms to find; "how much did it lower ..." asks for a
figure, which a verdict without one ("lower risk") does not give."""

from dataclasses import replace

import pytest

from app.answer.coverage import TermCoverage
from conftest import answered, documents_pipeline

REGISTRY = """Drug A versus drug B in a national registry

Results

| Outcome | Drug A | Drug B | Comparison |
|---|---|---|---|
| Risk of progression | Lower risk | Higher risk | Drug B first vs drug A first |
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"registry.md": REGISTRY})


def _terms(question: str) -> list[str]:
    return TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens


@pytest.mark.unit
@pytest.mark.parametrize("framed, plain", [
    ("I'm building an MSL deck. What trial registration number should I put in the footnote for the ORBIT trial?",
     "What trial registration number for the ORBIT trial?"),
    ("For the methods box on my slide: who assessed the responses in ORBIT, the investigators or someone independent?",
     "who assessed the responses in ORBIT, the investigators or someone independent?"),
    ("My slide cites the 2021 registry study. What statistical method did they use to balance the groups? I need it for the footnote.",
     "the 2021 registry study. What statistical method did they use to balance the groups?"),
    ("A colleague asked me whether the tablets can be crushed", "whether the tablets can be crushed"),
    ("Why does the drug reach the brain? Plain words please.", "Why does the drug reach the brain?"),
    # whom the asker speaks for, and where a claim they check comes from
    ("Registrar asks: what is the maximum daily dose of Vasolin?", "what is the maximum daily dose of Vasolin?"),
    ("I read that Vasolin lowers blood pressure in about half of patients - which number is it?",
     "Vasolin lowers blood pressure in about half of patients"),
    ("A rep told me that Vasolin tablets can be crushed - is that right?", "Vasolin tablets can be crushed"),
    ("I was told the trial's responses were read by an independent committee, is that correct?",
     "the trial's responses were read by an independent committee"),
    ("Did the trial scan everyone with symptoms?", "Did the trial scan those with symptoms?"),
    ("What is the exact scan interval for someone like him?", "What is the scan interval?"),
])
def test_the_askers_task_adds_no_terms_to_the_question(framed, plain):
    assert _terms(framed) == _terms(plain)


@pytest.mark.unit
@pytest.mark.parametrize("question, kept", [
    ("where do i put the patch", "put"),  # where it goes, asked of the reader's own hands
    ("what dose is in the summary of product characteristics", "summari"),
    ("what does the boxed warning say", "box"),
    ("what stain is used on the slides?", "slide"),  # a laboratory's slides, not the asker's
    ("what does the footnote say about the dose in the elderly?", "footnot"),
    ("major bleeding rate on aspirin only?", "onli"),  # "<drug> only" is monotherapy
])
def test_words_that_only_look_like_a_task_stay_terms(question, kept):
    assert any(t.startswith(kept) for t in _terms(question)), _terms(question)


@pytest.mark.unit
@pytest.mark.parametrize("question, kept", [
    ("what should I tell the drug rep about storage?", "rep"),
    ("what did the trial's independent review committee read?", "read"),
    ("is a second opinion from the consultant needed before the dose is increased?", "consult"),
])
def test_words_that_only_look_like_a_claims_source_stay_terms(question, kept):
    assert any(t.startswith(kept) for t in _terms(question)), _terms(question)


@pytest.mark.unit
def test_a_story_told_after_whom_the_asker_speaks_for_is_still_a_story():
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms(
        "MDT, 70F, severe asthma, on Vasolin - what is the hazard ratio for exacerbations?")
    assert {"sever", "asthma"} <= terms.story and "exacerb" not in terms.story, terms.story


@pytest.mark.integration
def test_asked_how_much_a_risk_was_lowered_a_verdict_without_a_figure_does_not_answer(registry):
    assert "Lower risk" in answered(registry, "Did drug A lower the risk of progression compared with drug B?")
    assert registry.ask("How much did drug A lower the risk of progression compared with drug B?").abstained


LEAFLET = """Package leaflet: Vasolin tablets

How Vasolin works

Vasolin usually lowers systolic blood pressure by about 10 mmHg.

How to take Vasolin

Take it at the same time each day, in the morning or in the evening.
"""

BLEEDING = """Bleeding with anticoagulants: a registry report

Results

| Treatment | Major bleeding per 100 patient-years |
|---|---|
| Warfarin alone | 2 |
| Warfarin plus antiplatelet | 4 |
"""


@pytest.fixture(scope="module")
def leaflet_and_registry(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"vasolin-leaflet.md": LEAFLET, "bleeding-registry.md": BLEEDING})


@pytest.mark.integration
def test_asked_how_much_a_figure_in_whole_units_answers(leaflet_and_registry):
    assert "10 mmHg" in answered(leaflet_and_registry, "How much does vasolin lower blood pressure?")


@pytest.mark.integration
def test_asked_which_is_better_a_sentence_giving_the_choice_still_answers(leaflet_and_registry):
    assert "in the morning or in the evening" in answered(leaflet_and_registry, "Which is better, taking vasolin in the morning or in the evening?")


@pytest.mark.integration
def test_asked_which_had_the_higher_rate_one_rows_figure_alone_does_not_answer(leaflet_and_registry):
    answer = leaflet_and_registry.ask("Which has the higher major bleeding rate per 100 patient-years, warfarin alone or with an antiplatelet?")
    assert answer.abstained or ("2" in answer.answer and "4" in answer.answer), answer.answer


@pytest.mark.integration
def test_asked_how_much_a_span_of_time_answers(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"antiviral-review.md": (
        "Antivirals for influenza: a review\n\nResults\n\nOseltamivir shortened the time to symptom relief by 1 day.\n")})
    assert "by 1 day" in answered(pipeline, "how much did oseltamivir shorten the time to symptom relief?")


@pytest.mark.unit
@pytest.mark.parametrize("lay, written", [("missed 3 doses in a row", "3 consecutive doses are missed"),
                                          ("can he go back on it?", "restart at the starting dose")])
def test_everyday_words_for_consecutive_and_restart_are_the_documents_words(lay, written):
    coverage = TermCoverage(2.0, lambda t: 1.0)
    terms = coverage.question_terms(lay)
    assert coverage.coverage(terms, written) > coverage.coverage(terms, "the tablets are white and round")
    assert {"row", "back"} & set(terms.tokens)
    assert all(coverage.coverage(replace(terms, tokens=[t]), written) for t in ("row", "back") if t in terms.tokens)


@pytest.mark.unit
@pytest.mark.parametrize("question", ["Pt missed 3 weekly doses - can he just go back on his 4 mg?",
                                      "restart her usual 10 mg after the gap?"])
def test_the_dose_a_patient_was_on_is_no_amount_the_answer_must_repeat(question):
    from app.answer.asked_values import times_and_amounts
    assert not {"4", "10"} & times_and_amounts(question)
    assert "40" in times_and_amounts("is 40 mg the restart dose?")


@pytest.mark.unit
@pytest.mark.parametrize("question, together", [
    ("I have to take diltiazem for my heart. My GP gave me sumatriptan. Is there anything different I need to do?", True),
    ("My gastro wants to start me on azathioprine. I'm on allopurinol for gout. Is that ok?", True),
    ("I am on sertraline and propranolol, is that ok during pregnancy?", False),
    ("My GP started me on mirtazapine, I take amlodipine, anything else I should know about mirtazapine weight gain?", False),
])
def test_a_second_medicine_with_a_bare_is_that_ok_asks_about_the_two_together(question, together):
    assert ("#interaction" in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens) is together


@pytest.mark.unit
def test_how_often_something_happens_asked_in_reported_speech_asks_for_a_rate_not_a_schedule():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("The medical director will ask how often drowsiness happens with velnor.")
    assert "#rate" in terms.tokens
    for asked in ("The registrar will ask how often velnor is given.", "Platelets 120 in pregnancy - what checks and how often FBC?"):
        assert "#rate" not in TermCoverage(2.0, lambda t: 1.0).question_terms(asked).tokens  # a schedule


LAY_LEAFLET = """Package leaflet: Velnor 10 mg tablets

2. What you need to know before you take Velnor

Warnings and precautions

If you have impaired kidney function, your doctor should closely monitor your kidney function and if necessary adapt the velnor dose accordingly.

5. How to store Velnor

Keep this medicine out of the sight and reach of children.

This medicinal product does not require any special storage conditions.
"""


@pytest.fixture(scope="module")
def lay_leaflet(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"velnor-leaflet.txt": LAY_LEAFLET})


@pytest.mark.integration
def test_asked_whether_a_medicine_goes_in_the_fridge_the_leaflets_storage_conditions_answer(lay_leaflet):
    assert "does not require any special storage conditions" in answered(lay_leaflet, "does velnor need to go in the fridge")


@pytest.mark.integration
def test_whether_the_dose_needs_changing_in_renal_impairment_is_answered_by_impaired_kidney_function(lay_leaflet):
    assert "adapt the velnor dose" in answered(lay_leaflet, "velnor in a pt with renal impairment, does the dose need changing")


NURSING_LEAFLET = """Package leaflet: information for the patient

Velpramil 5 mg solution for infusion

2. What you need to know before you are given Velpramil

Pregnancy and breast-feeding
You must not be given Velpramil if you are pregnant or breast-feeding, think you may be pregnant or are planning to have a baby.

3. How Velpramil is given

The usual dose is 5 mg given as one infusion once a year.
"""


@pytest.mark.unit
@pytest.mark.parametrize("said", ["can i breastfeed on it", "a mum who is nursing her baby", "her breastfed infant"])
def test_a_mother_nursing_her_baby_is_said_in_the_words_of_breast_feeding(said):
    from app.text.lexical import concept_groups

    assert set(concept_groups(said)) & set(concept_groups("if you are breast-feeding"))


@pytest.mark.unit
def test_the_age_of_the_baby_a_mother_nurses_narrows_the_question_to_no_age():
    from app.answer.ages import asks_about_minor, without_nurslings

    question = "Is velpramil ok for a mum who is nursing her 4 month old?"
    assert asks_about_minor(question) is None and "4 month" not in without_nurslings(question)


@pytest.mark.integration
def test_asked_for_a_mother_nursing_a_baby_of_some_months_the_breast_feeding_warning_answers(tmp_path_factory):
    leaflet = documents_pipeline(tmp_path_factory, {"velpramil-leaflet.txt": NURSING_LEAFLET})
    assert "breast-feeding" in answered(leaflet, "Is velpramil ok for a mum who is nursing her 4 month old?")


@pytest.mark.unit
@pytest.mark.parametrize("said, excludes", [
    ("Advise women not to breastfeed during treatment and for 5 days after the final dose.", False),
    ("Tell women not to start breast-feeding again until 5 days after the final dose.", False),
    ("In women not breastfeeding, the dose is 10 mg.", True),
])
def test_advice_not_to_breastfeed_is_no_population_of_women_who_do_not(said, excludes):
    from app.answer.guards import excludes_asked

    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("how long before she can restart breastfeeding?")
    assert excludes_asked(said, terms) is excludes


@pytest.mark.unit
def test_a_nurse_nursing_a_patient_is_not_breast_feeding():
    from app.text.lexical import concept_groups

    assert not set(concept_groups("Wash hands while nursing the patient.")) & set(concept_groups("if you are breast-feeding"))


@pytest.mark.unit
def test_mothers_who_are_not_to_breastfeed_are_told_something_not_set_aside():
    from app.answer.guards import excludes_asked

    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("how long before she can restart breastfeeding?")
    assert not excludes_asked("Tell mothers who are not to breast-feed again until day 5 after the last dose.", terms)
