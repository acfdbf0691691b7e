"""Terse questions about a trial's side effects and statistics. "<event> rate <A> vs <B>" asks the rate of that
event, which a passage giving other events' rates does not answer; "<event> <A> vs <B> %" asks a percentage;
asked for "p values", a passage saying only "significantly" gives none (asked whether it was significant, it does)."""

import pytest

from app.answer.coverage import TermCoverage
from app.answer.focus import focus
from conftest import answered, documents_pipeline

TRIAL = """Sorvelin versus Trabelin for urinary urgency: a randomised trial

Methods

Group 1 took Sorvelin 5 mg and Group 2 took Trabelin ER 4 mg once daily.

Safety outcomes

In the pooled safety data, discontinuation because of adverse events was low: Sorvelin 5 mg 3.3% and Trabelin ER 4 mg 3.9%.
Serious adverse events in the pooled safety data were similar: Sorvelin 5 mg 2.1% and Trabelin ER 4 mg 1.6%.
Constipation was observed in 1.7% in Group 1, and 5.1% in Group 2.

Discussion

As in an earlier comparison of Sorvelin and Trabelin, constipation was more commonly observed with Trabelin.
Sorvelin significantly improved urgency episodes at 1 month of follow-up.
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"sorvelin-trial.md": TRIAL})


@pytest.mark.unit
@pytest.mark.parametrize("question, event", [
    ("dry mouth rate sorvelin vs trabelin in the safety data", ["dri", "mouth"]),
    ("constipation sorvelin vs trabelin %", ["constip"]),
    ("Overall dry mouth sorvelin vs placebo %?", ["dri"]),  # (a qualifier before the event is not it)
])
def test_a_verbless_question_naming_an_event_before_its_rate_asks_that_events_rate(question, event):
    assert focus(question) == event


@pytest.mark.unit
@pytest.mark.parametrize("question", ["LDL reduction 50%", "what was the response rate with sorvelin?",
                                      "heart rate sorvelin vs placebo?"])
def test_a_figure_or_a_rate_asked_with_a_verb_names_no_event(question):
    assert focus(question) in ([], ["ldl"]) and ("#rate" not in TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens)


@pytest.mark.integration
def test_asked_the_rate_of_an_event_the_trial_does_not_report_other_events_rates_do_not_answer(trial):
    answer = trial.ask("dry mouth rate sorvelin vs trabelin ER 4 mg in the pooled safety data")
    assert answer.abstained, answer.answer


@pytest.mark.integration
def test_a_question_ending_in_a_percent_sign_is_answered_by_the_percentages(trial):
    assert "5.1%" in answered(trial, "constipation sorvelin vs trabelin %")


@pytest.mark.integration
def test_asked_for_p_values_a_sentence_saying_only_significantly_does_not_answer(trial):
    assert trial.ask("urgency episodes at 1 month sorvelin - p value").abstained
    assert "significantly improved" in answered(trial, "did sorvelin significantly improve urgency episodes at 1 month?")


@pytest.mark.unit
@pytest.mark.parametrize("said", ["the upper end", "its lower end", "the lower bound", "confidence limits"])
def test_the_ends_of_an_interval_are_said_of_the_confidence_interval(said):
    from app.text.lexical import concept_groups

    assert set(concept_groups(said)) & set(concept_groups("confidence interval"))


@pytest.mark.integration
def test_a_dose_range_said_between_two_doses_answers_a_dose_range_question(tmp_path_factory):
    guideline = ("Bladder pain syndrome: a guideline\n\nOral treatments\n\n"
                 "A systematic review of two trials that included 281 patients who were treated with increasing titrated doses of "
                 "Sorvelin between 10 mg and 100 mg over a 4-month period showed trends in improvement in pain scores.\n")
    pipeline = documents_pipeline(tmp_path_factory, {"bladder-pain-guideline.md": guideline})
    assert "between 10 mg and 100 mg" in answered(pipeline, "sorvelin for bladder pain syndrome - what dose range was used in the trials?")


COMPARISON = """Oxybutynin versus trospium for urinary urgency: a randomised trial

Discussion

However, discontinuation of drugs due to side effects was more frequent with oxybutynin.
In an earlier study, the rate of discontinuation of the drug due to side effects was more common with oxybutynin rather than tolterodine.
Discontinuation due to side effects was 3.6% with oxybutynin and 4.4% with tolterodine in the pooled data.
"""


@pytest.mark.integration
def test_asked_to_compare_two_drugs_a_sentence_comparing_one_with_a_third_does_not_join(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"oxybutynin-trospium-trial.md": COMPARISON})
    answer = answered(pipeline, "discontinuation due to side effects, oxybutynin vs trospium")
    assert "more frequent with oxybutynin" in answer and "tolterodine" not in answer, answer
    answer = pipeline.ask("discontinuation due to side effects in the pooled data, tolterodine vs trospium")
    assert answer.abstained or "4.4%" not in answer.answer, answer.answer


@pytest.mark.unit
@pytest.mark.parametrize("question", ["PTNS for bladder pain - how often are the sessions",
                                      "how often are the appointments in the pessary clinic?"])
def test_how_often_a_session_or_an_appointment_is_held_asks_a_schedule_not_a_rate(question):
    assert "#rate" not in TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["How often were cycles delayed because of neutropenia?",
                                      "How often were instillation sessions postponed for UTI?",
                                      "How often was a second course of antibiotics needed?",
                                      "how often are appointments missed in the pessary clinic?"])
def test_how_often_a_session_or_a_cycle_was_delayed_or_missed_asks_a_rate(question):
    assert "#rate" in TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens


@pytest.mark.unit
def test_even_is_a_hedge_and_the_names_of_one_bladder_condition_are_one_but_not_its_abbreviations():
    from app.text.lexical import concept_groups

    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("cimetidine dose? and is it even licensed for that")
    assert "even" not in terms.tokens
    assert set(concept_groups("interstitial cystitis")) & set(concept_groups("bladder pain syndrome"))
    assert not set(concept_groups("IC")) & set(concept_groups("bladder pain syndrome"))  # (also intracranial, informed consent)
    assert set(concept_groups("self catheterise")) & set(concept_groups("CISC"))


ICU_PROTOCOL = """Analgesia in the intensive care unit: a protocol

Pain assessment

Pain is scored with the Behavioural Pain Scale (BPS). If the BPS is 6 or more, give fentanyl 25 micrograms IV.
If the BPS is below 6, continue regular paracetamol 1 g every 6 hours.
"""


@pytest.mark.integration
def test_an_abbreviation_the_document_defines_otherwise_is_not_the_lexicons_condition(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"icu-analgesia.md": ICU_PROTOCOL})
    assert pipeline.ask("paracetamol dose in interstitial cystitis?").abstained
    assert pipeline.ask("fentanyl dose for bladder pain syndrome?").abstained


OUTCOMES = """Sorvelin versus Trabelin for urinary urgency: a randomised trial

Results

Micturitions per day fell more with Sorvelin than with Trabelin (p=0.004), and so did incontinence episodes (p=0.02).
Nocturia fell significantly with Sorvelin.
Urgency episodes fell more with Sorvelin than with Trabelin (p=0·03).
"""


@pytest.mark.integration
def test_a_p_value_asked_of_an_outcome_is_that_outcomes_and_a_middle_dot_is_a_decimal_point(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"sorvelin-outcomes.md": OUTCOMES})
    answer = pipeline.ask("nocturia sorvelin vs trabelin p value")
    assert answer.abstained or "0.004" not in answer.answer, answer.answer
    assert "p=0·03" in answered(pipeline, "urgency episodes sorvelin vs trabelin - p value?")
