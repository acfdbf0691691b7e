"""A drug said by its class (a leaflet's "if you have been taking an ACE inhibitor" speaks of a -pril drug the
patient takes), the dose a patient is switched from (what they take now, not an amount the answer must
state), a hazard ratio asked after the comparison it is of ("<outcome> <drug> vs placebo, HR?"), the event a
"what % of patients reported X" question counts, and "what did the trial find": a result, never the design
or what its sample size assumed."""

import pytest

from app.answer.asked_values import times_and_amounts
from app.answer.coverage import TermCoverage
from app.answer.focus import focus
from app.answer.guards import only_states_method
from app.lexicon.medterms import classes_of
from conftest import answered, documents_pipeline, sentence_unit


@pytest.mark.unit
def test_a_drugs_inn_stem_names_its_class_and_a_word_that_is_no_drug_has_none():
    assert "ace inhibitor" in classes_of("ramipril")
    assert "beta blocker" in classes_of("bisoprolol")
    assert "sglt2 inhibitor" in classes_of("empagliflozin")
    assert classes_of("metformin") == () and classes_of("april") == () and classes_of("pril") == ()
    assert "calcium channel blocker" in classes_of("amlodipine")
    # (Only stems all of whose drugs share the class: a -statin may be no statin, a -glutide no GLP-1 agonist,
    # a -piprazole no proton pump inhibitor.)
    assert classes_of("somatostatin") == classes_of("pentostatin") == classes_of("teduglutide") == classes_of("aripiprazole") == ()
    assert "statin" in classes_of("atorvastatin")


@pytest.mark.unit
def test_a_drug_is_said_by_its_class():
    coverage = TermCoverage(5.0, lambda tok: 1.0)
    terms = coverage.question_terms("switching from lisinopril - how long to wait?")
    said = coverage.coverage(terms, "If you have been taking an ACE inhibitor, wait 36 hours after the last dose.")
    unsaid = coverage.coverage(terms, "If you have been taking a diuretic, wait 36 hours after the last dose.")
    assert said > unsaid


@pytest.mark.unit
def test_the_dose_a_patient_is_switched_from_is_no_amount_asked():
    assert "10" not in times_and_amounts("switching pt from ramipril 10mg to Cardexa - how long after the last dose?")
    assert "10" not in times_and_amounts("moving her from 10 mg bisoprolol once daily to Cardexa: when?")
    assert "10" in times_and_amounts("is 10 mg the right dose of Cardexa?")
    assert {"5", "10"} <= times_and_amounts("when should the Cardexa dose go from 5 mg to 10 mg?")  # a step of titration


@pytest.mark.unit
def test_what_a_percentage_of_patients_reported_is_the_event_asked_about():
    assert focus("what % of ORBIT-2 velnor pts reported dizziness or fatigue compared to placebo?") == ["dizzi", "fatigu"]
    assert focus("what proportion of patients developed a rash?") == ["rash"]


@pytest.mark.unit
def test_what_a_sample_size_assumed_is_no_finding_unless_the_assumption_is_asked():
    planned = sentence_unit("We estimated that 60% of participants in the velnor group and 47% in the placebo group "
                            "would reach the primary endpoint.", section="Methods > Statistical analysis")
    assert only_states_method(planned, "ORBIT-2 - what did the trial find for its primary endpoint?")
    assert not only_states_method(planned, "what response rate did the sample size calculation assume?")
    result = sentence_unit("The primary endpoint was reached by 71.3% with velnor and 55.7% with placebo.")
    assert not only_states_method(result, "ORBIT-2 - what did the trial find for its primary endpoint?")


@pytest.mark.unit
def test_what_did_the_trial_find_asks_for_a_result():
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("ORBIT-2 - what did the trial find for its primary endpoint?")
    assert "#efficacy" in terms.types and "find" not in terms.tokens


LEAFLET = """# Package leaflet: valsartan 80 mg film-coated tablets

## 2. What you need to know before you take valsartan

Do not take valsartan together with an ACE inhibitor. If you have been taking an ACE inhibitor, wait for 36 hours
after taking the last dose before you start to take valsartan.

## 3. How to take valsartan

The usual starting dose is one 80 mg tablet once a day.
"""

GUIDELINE = """# Perioperative medicines: local guideline

## Medicines on the day of surgery

- ACE inhibitors (for example ramipril): omit on the morning of surgery.
- SGLT2 inhibitors: stop 3 days before surgery.
- Beta-blockers: continue.
"""

PAPER = """# Velnor in chronic heart failure: the ORBIT-2 randomised trial

## Methods

ORBIT-2 was a multicentre, randomised, double-blind, placebo-controlled trial with blinded endpoint assessment,
done at 86 sites in five countries.

## Results

After a mean follow-up of 1.3 years, there were 384 deaths: 228 (17.3%) in the placebo arm and 156 (11.8%) in the
velnor arm (hazard ratio (HR) 0.66, 95% CI 0.54 to 0.81; p<0.0001).

## Discussion

ORBIT-2 was the first large randomised placebo-controlled study to show a dramatic reduction in mortality with
velnor in heart failure.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"valsartan_leaflet.md": LEAFLET, "orbit2_trial.md": PAPER,
                                                 "periop_guideline.md": GUIDELINE})


def test_a_switch_from_a_drug_of_a_class_is_answered_by_what_the_leaflet_says_of_the_class(pipeline):
    assert "36 hours" in answered(pipeline, "switching from ramipril to valsartan - how long after the last ramipril dose?")


def test_a_line_on_another_class_does_not_answer_for_a_drug_its_passage_names_the_class_of(pipeline):
    answer = pipeline.ask("should ramipril be stopped before surgery?")
    assert "SGLT2" not in answer.answer and "Beta-blockers" not in answer.answer


def test_a_hazard_ratio_asked_after_its_comparison_is_answered_with_the_ratio_alone(pipeline):
    answer = answered(pipeline, "ORBIT-2 mortality, velnor vs placebo: HR?")
    assert "0.66" in answer and "first large" not in answer  # (the Discussion's claim states no ratio)


@pytest.mark.unit
def test_hr_beside_heart_rate_words_is_a_heart_rate_not_a_hazard_ratio():
    import re

    from app.lexicon.medterms import MEASURES

    asks = MEASURES["hazard ratio"][0]
    assert re.search(asks, "CIBIS-II all cause mortality bisoprolol vs placebo, HR?", re.I)
    assert not re.search(asks, "Compared with placebo, what was the resting HR in bpm on bisoprolol at 12 weeks?", re.I)
    assert not re.search(asks, "Bisoprolol vs placebo: how much did HR fall at 12 weeks?", re.I)


@pytest.mark.unit
def test_a_difference_column_headed_with_its_ci_and_p_states_the_interval_its_cell_gives():
    import re

    from app.lexicon.medterms import MEASURES

    states = MEASURES["confidence interval"][1]
    assert re.search(states, "40 mg vs placebo, difference (95% CI); p: -1.04 (-1.52 to -0.56); p < 0.001", re.I)
    assert not re.search(states, "the 95% CI; p values were not adjusted", re.I)
    assert not re.search(states, "Results are reported as mean difference (95% CI); p<0.05 was considered significant.", re.I)


@pytest.mark.unit
def test_a_number_needed_to_treat_is_stated_by_its_figure_not_by_its_formula():
    import re

    from app.lexicon.medterms import MEASURES

    asks, states = MEASURES["number needed to treat"]
    assert re.search(asks, "NNT to prevent 1 relapse in that trial?", re.I)
    assert re.search(states, "Relapse was 42.2% with the drug and 51.2% with placebo (NNT=12).", re.I)
    assert not re.search(states, "The NNT was derived as follows: NNT=1/(drug relapse rate - placebo relapse rate).", re.I)
    for stated in ("NNT 12 (95% CI 7 to 30)", "Number needed to treat (NNT) = 9", "an NNT of approximately 8"):
        assert re.search(states, stated, re.I)
