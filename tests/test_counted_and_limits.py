"""Things counted in order (the second trimester is not the first), a table's subgroups (one the table
does not have is not answered by another's row), a lab value named by its short form ("K+ 4.2" is the
patient's potassium), a daily limit asked in a user's words ("the most I can take in one day", "max per
day", "how many puffs a day"), a minor's age asking what a passage says of children, and nurses' words for
what a document names formally ("tissued" is extravasation)."""

from dataclasses import replace

import pytest

from app.answer.acronyms import study_named_before
from app.answer.ages import age_limit_lent
from app.answer.asked_values import ASKS_MAXIMUM, misses_limit
from app.answer.coverage import TermCoverage
from app.answer.focus import focus
from app.answer.guards import asks_itself, only_states_purpose, restriction
from app.answer.research import reports_other_research
from app.answer.ordinals import ordinals, other_ordinal
from app.answer.titles import trials_named
from app.answer.subject_rows import is_subject_row
from app.answer.thresholds import lab_values, misses_thresholds_measure, other_band
from app.text.lexical import concept_groups, concept_spans
from app.text.spoken import spoken_numbers
from conftest import answered, documents_pipeline, row_unit, sentence_unit

LEAFLET = """# Package leaflet: information for the user

Zorventa 50 mg tablets

## 1. What Zorventa is and what it is used for

Zorventa is used to treat migraine attacks in adults.

## 2. What you need to know before you take Zorventa

## Other medicines and Zorventa

- propranolol (for blood pressure). If you take propranolol, do not take more than one 50 mg tablet of Zorventa in 24 hours.

## Children and adolescents

Do not give this medicine to children and adolescents under 18 years of age.

## 3. How to take Zorventa

- The recommended dose for adults is one 50 mg tablet, taken as soon as the headache starts.
- If the migraine comes back within 24 hours, you can take a second tablet. Wait at least 2 hours between the tablets.
- Do not take more than two tablets (100 mg) in 24 hours.
- If you have mild or moderate liver problems, do not take more than one tablet (50 mg) in 24 hours.

## Using the inhaler

The recommended dose of the Zorventa nasal inhaler is one inhalation every day at the same time of day.
"""

PROCEDURE = """# Intravenous Ferolux infusion: nursing procedure

## 1. Pre-administration checks

Do not administer Ferolux if the patient has:
- pregnancy in the first trimester;
- evidence of iron overload.

## 2. Severity assessment

Severe hypokalaemia is present if ANY of the following apply on admission:
- potassium below 3.5 mmol/L;
- ECG changes.

## 2. Extravasation

Leakage of Ferolux into tissues can cause brown skin staining. If extravasation is suspected, stop the infusion
immediately and aspirate any remaining drug, then remove the cannula.

## 3. Potassium in the first 24 hours, added to each litre of sodium chloride 0.9%

- potassium above 5.5 mmol/L: no potassium added;
- potassium 3.5 to 5.5 mmol/L: 40 mmol per litre;
- potassium below 3.5 mmol/L: urgent senior review.
"""

TRIAL = """Valtoride after cardiac surgery: a randomised trial

Methods

Randomisation was stratified by centre and by diabetes status.

Results

Valtoride reduced the primary endpoint compared with placebo in the prespecified subgroups shown in Table 3.

Table 3. Primary endpoint by prespecified subgroup

| Subgroup | Valtoride | Placebo | Relative risk (95% CI) |
|---|---|---|---|
| Age under 65 years | 9.9% | 17.8% | 0.56 (0.38 to 0.82) |
| Age 65 years or older | 24.6% | 34.7% | 0.71 (0.56 to 0.90) |
| Women | 20.1% | 28.0% | 0.72 (0.47 to 1.10) |
| Men | 17.6% | 27.1% | 0.65 (0.51 to 0.83) |
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"zorventa-leaflet.md": LEAFLET, "ferolux-procedure.md": PROCEDURE,
                                                 "valtoride-trial.md": TRIAL})


@pytest.mark.unit
def test_ordinals_name_each_place_counted_in_lists_and_spans():
    assert ordinals("is it ok in the second trimester?") == {"trimester": {2}}
    assert ordinals("in the first and second trimesters") == {"trimester": {1, 2}}
    assert ordinals("second to fourth dose") == {"dose": {2, 3, 4}}
    assert ordinals("if first-line treatment fails") == {}  # a line of treatment is not counted: its failure is where the next is written


@pytest.mark.unit
def test_a_passage_naming_only_another_trimester_is_about_other_patients():
    first = sentence_unit("Do not administer it if the patient has pregnancy in the first trimester.")
    assert other_ordinal(first, ordinals("ok in the second trimester of pregnancy?"))
    assert not other_ordinal(first, ordinals("ok in the first trimester?"))
    assert not other_ordinal(first, ordinals("ok in the first or second trimester?"))
    assert not other_ordinal(sentence_unit("Avoid it in pregnancy."), ordinals("ok in the second trimester?"))


@pytest.mark.unit
def test_a_lab_value_by_its_short_form_is_checked_against_bands_of_its_long_name():
    asked = lab_values("DKA, K+ is 4.2 - how much potassium do I add to each bag?")
    assert asked == {"k+": 4.2}
    assert other_band(sentence_unit("Severe DKA is present if potassium is below 3.5 mmol/L."), asked)
    assert not other_band(sentence_unit("Potassium 3.5 to 5.5 mmol/L: 40 mmol per litre."), asked)


def test_asked_in_another_trimester_the_assistant_declines(pipeline):
    assert pipeline.ask("is ferolux ok in the second trimester of pregnancy?").abstained
    assert "first trimester" in answered(pipeline, "can ferolux be given in the first trimester?")


def test_a_potassium_given_as_k_plus_picks_its_band(pipeline):
    assert "40 mmol per litre" in answered(pipeline, "K+ is 4.2 - how much potassium do I add to each litre of ferolux fluids?")


def test_tissued_is_extravasation(pipeline):
    assert "stop the infusion" in answered(pipeline, "ferolux has tissued - what should I do?")


def _subgroup_rows():
    header = ("Subgroup", "Valtoride", "Placebo", "Relative risk (95% CI)")
    rows = [("Age under 65 years", "9.9%", "17.8%", "0.56 (0.38 to 0.82)"), ("Women", "20.1%", "28.0%", "0.72 (0.47 to 1.10)"),
            ("Men", "17.6%", "27.1%", "0.65 (0.51 to 0.83)")]
    units = []
    for k, row in enumerate(rows):
        u = row_unit(list(zip(header, row)), source="trial.md", title="Valtoride after cardiac surgery",
                     section="Results > Table 3. Primary endpoint by prespecified subgroup")
        units.append(replace(u, passage=replace(u.passage, chunk=replace(u.chunk, id=f"row{k}"))))
    return units


@pytest.mark.unit
def test_a_subgroup_the_table_does_not_have_is_no_rows_subject():
    units = _subgroup_rows()
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms
    assert not any(is_subject_row(u, units, terms("did valtoride work in the diabetic subgroup of the trial?")) for u in units)
    women = terms("did valtoride work in the women subgroup?")
    assert [u.chunk.id for u in units if is_subject_row(u, units, women)] == ["row1"]
    # Asked without a subgroup, a subgroup table's row is no overall result; asked of subgroups at large, each is.
    assert not any(is_subject_row(u, units, terms("valtoride primary endpoint relative risk?")) for u in units)
    assert all(is_subject_row(u, units, terms("valtoride primary endpoint by subgroup?")) for u in units)
    assert [u.chunk.id for u in units if is_subject_row(u, units, terms("relative risk in the female subgroup?"))] == ["row1"]


def test_a_subgroup_the_table_does_not_have_is_not_answered_by_another_row(pipeline):
    assert pipeline.ask("did valtoride work in the diabetic subgroup of the trial?").abstained
    assert "20.1%" in answered(pipeline, "did valtoride work in the women subgroup?")


@pytest.mark.parametrize("question", [
    "per the leaflet, what's the most zorventa I can take in one day?",
    "max zorventa per day",
])
def test_a_daily_limit_asked_in_users_words_gets_the_limit(pipeline, question):
    answer = answered(pipeline, question)
    assert "two tablets (100 mg) in 24 hours" in answer, answer


def test_puffs_a_day_are_inhalations_every_day(pipeline):
    assert "one inhalation every day" in answered(pipeline, "zorventa nasal inhaler - how many puffs a day and how often")


@pytest.mark.unit
@pytest.mark.parametrize("said, written", [
    ("in the twenty twenty two real world study", "in the 2022 real world study"),
    ("was the hazard ratio zero point one six", "was the hazard ratio 0.16"),
    ("seventy eight point six percent", "78.6 percent"),
    ("two thousand and twenty two", "2022"),
    ("take one tablet three times a day", "take one tablet three times a day"),  # one word each: read as written
    ("the one point I want to make", "the one point I want to make"),
])
def test_numbers_said_in_words_are_read_as_digits(said, written):
    assert spoken_numbers(said) == written


@pytest.mark.unit
def test_a_phrase_is_the_same_with_a_hyphen_or_a_space():
    assert concept_groups("real world intracranial progression free survival") == concept_groups(
        "real-world intracranial progression-free survival")


def test_a_minors_age_finds_what_the_leaflet_says_of_children(pipeline):
    assert "under 18 years" in answered(pipeline, "zorventa for a 16 yr old with migraine?")


def _discussion_unit(text: str, title: str = "Ralvociguat in heart failure: a randomised trial"):
    return sentence_unit(text, source="trial.md", title=title, section="Discussion")


@pytest.mark.unit
def test_a_discussion_sentence_on_another_named_trial_reports_other_research():
    other = _discussion_unit("In the NEPTUNE-HF trial of isosorbide mononitrate, there was no improvement in 6-minute walk distance.")
    paper = "Ralvociguat in heart failure\n\nAbstract\n\nIn the ORCHID-HF trial, 2,846 patients were randomised."
    assert reports_other_research(other, "ralvociguat - change in 6 minute walk distance vs placebo?", lambda: paper)
    assert not reports_other_research(other, "NEPTUNE-HF isosorbide result?", lambda: paper)  # asked about it
    own = _discussion_unit("In ORCHID-HF, 6-minute walk distance improved by 21 m.")
    assert not reports_other_research(own, "ralvociguat - change in 6 minute walk distance?", lambda: paper)  # the paper's own


@pytest.mark.unit
def test_our_results_set_beside_an_earlier_trials_figures_report_the_earlier_trial():
    question = "ORCHID-HF - what did the trial find for its primary endpoint?"
    beside = _discussion_unit("Our results are lower than those of an earlier single-centre dose-escalation trial in people with "
                              "CKD by Hollis and colleagues, in which 69% of participants reached target at month 12.")
    assert reports_other_research(beside, question)
    # (Our own figure set beside theirs is our result.)
    ours = _discussion_unit("In our trial 48% reached target, lower than in an earlier trial by Hollis and colleagues.")
    assert not reports_other_research(ours, question)
    assert reports_other_research(_discussion_unit("Our results at 12 months are lower than those of Lee and colleagues, "
                                                   "in which 69% reached target."), question)  # (a time is no result)
    for own in ("Our trial found a reduction in mortality, consistent with an earlier trial by Smith and colleagues.",
                "In other prespecified subgroups of the trial, the hazard ratio was 0.82."):
        assert not reports_other_research(_discussion_unit(own), question)

@pytest.mark.unit
def test_a_sentence_reports_on_the_trial_named_last_before_it():
    document = ("5.1 Pharmacodynamic properties\n\nThe ZORVEX-AF study was a double-blind trial in 14,000 patients.\n\n"
                "Intracranial haemorrhage occurred at 0.44% per year versus 0.79% per year (HR 0.56).")
    start = document.index("Intracranial")
    assert study_named_before("Intracranial haemorrhage occurred at 0.44% per year", start, lambda: document) == "ZORVEX-AF"
    assert study_named_before("In ZORVEX-JOINT 1, VTE occurred in 2.3%.", start, lambda: document) == ""  # names its own


@pytest.mark.unit
def test_asked_for_a_maximum_a_usual_dose_is_no_answer():
    question = "tiotropium inhaler for asthma in a 7 year old, whats the max"
    assert misses_limit(sentence_unit("Adults and children 6 years of age and older: 2 puffs once a day."), question)
    assert not misses_limit(sentence_unit("Do not take more than 2 puffs in 24 hours."), question)
    assert not misses_limit(sentence_unit("The maximum daily dose is 2 puffs."), question)
    # A drug's peak level is no limit asked.
    assert not misses_limit(sentence_unit("Peak levels were reached after 5 minutes."), "time to maximum plasma concentration?")


@pytest.mark.unit
def test_only_a_statement_withholding_the_medicine_from_the_childs_age_answers_all_else_asked():
    question = "zorventa for a 16 yr old with migraine - what dose?"
    withheld = sentence_unit("Do not give this medicine to children and adolescents under 18 years of age.")
    assert "migraine" in age_limit_lent(withheld, 16.0, question, frozenset({"zorventa"}))
    assert "zorventa" not in age_limit_lent(withheld, 16.0, question, frozenset({"zorventa"}))
    used = sentence_unit("It is used in adults and children 6 years of age and older.")
    assert age_limit_lent(used, 16.0, question, frozenset()) == ""  # says whom it is for, not the dose asked
    assert age_limit_lent(withheld, 19.0, question, frozenset()) == ""


def test_a_discussion_of_another_trial_does_not_answer_for_this_one(tmp_path_factory):
    paper = ("# Ralvociguat in heart failure with preserved ejection fraction: the ORCHID-HF randomised trial\n\n"
             "## Abstract\n\nIn ORCHID-HF, 2,846 patients were randomised to ralvociguat or placebo. The primary outcome was "
             "cardiovascular death or heart failure events.\n\n## Results\n\nA primary-outcome event occurred in 19.2% of the "
             "ralvociguat group and 23.3% of the placebo group.\n\n## Discussion\n\nIn the NEPTUNE-HF trial of isosorbide "
             "mononitrate, daily activity fell with active treatment, and in the ALBION-PEF trial of tenociguat there was no "
             "improvement in 6-minute walk distance at 24 weeks.\n")
    p = documents_pipeline(tmp_path_factory, {"orchid-hf.md": paper})
    assert p.ask("ralvociguat - change in 6 minute walk distance vs placebo?").abstained


@pytest.mark.unit
def test_a_threshold_asked_of_one_measurement_is_not_stated_by_anothers():
    limit = sentence_unit("- if you have very high uncontrolled blood pressure (a top number of 180 mmHg or more).")
    assert not misses_thresholds_measure(limit, "lurenta - what BP is too high to start it")
    assert misses_thresholds_measure(limit, "is my potassium too high to take lurenta")
    assert not misses_thresholds_measure(limit, "is my potassium 5.9 - can I take lurenta")  # no threshold asked: not judged here


def test_too_high_asks_the_threshold(tmp_path_factory):
    leaflet = ("# Lurenta 50 mg tablets: information for the patient\n\n## Do not take Lurenta\n\n"
               "- if you are allergic to mirabegron.\n"
               "- if you have very high uncontrolled blood pressure (a top number of 180 mmHg or more and/or a bottom number "
               "of 110 mmHg or more).\n\n## Warnings and precautions\n\nTalk to your doctor before taking Lurenta:\n\n"
               "- if you have high blood pressure.\n\nYour doctor will check your blood pressure before you start and from time "
               "to time while you are taking Lurenta.\n")
    p = documents_pipeline(tmp_path_factory, {"lurenta-leaflet.md": leaflet})
    assert "180 mmHg" in answered(p, "lurenta - what BP is too high to start it")
    assert p.ask("is my potassium too high to take lurenta").abstained


def _terms(question: str):
    return TermCoverage(5.0, lambda tok: 1.0).question_terms(question)


@pytest.mark.unit
def test_the_point_estimate_is_the_value_asked_not_a_word_to_find():
    assert focus("what is the point estimate and 95% CI for the PFS hazard ratio?") == []
    assert "point" not in _terms("what is the point estimate and 95% CI for the PFS hazard ratio?").tokens


@pytest.mark.unit
def test_how_many_percentage_points_asks_a_difference_not_a_count():
    assert "#count" not in _terms("by how many percentage points did velotinib win?").tokens
    assert "#count" in _terms("how many patients were randomised?").tokens


@pytest.mark.unit
def test_brain_secondaries_are_brain_metastases():
    def concept(text):
        return {g for _, _, g in concept_spans(text)[1]}  # the longest phrase's
    assert concept("brain secondaries") == concept("brain metastases")


@pytest.mark.unit
def test_when_the_story_happened_adds_no_terms_and_doubling_up_is_a_double_dose():
    story = _terms("forgot my tablet this morning, only remembered at tea time. take it now or double up tomorrow?")
    assert not {"morn", "tomorrow"} & set(story.tokens)
    assert "morn" in _terms("should I take it in the morning or at night?").tokens  # a time a document gives
    assert "morn" in _terms("should I take it this morning?").tokens  # no dose missed: a time asked
    assert "lunch" in _terms("can I take it at lunch time?").tokens
    assert set(concept_groups("double up")) & set(concept_groups("a double dose"))


@pytest.mark.unit
def test_the_aim_was_to_states_a_purpose_only():
    aim = sentence_unit("[13, 15–17]\n\nThe aim was to test the hypothesis that oxygen 24 h/day compared with 15 h/day and "
                        "adjusting for potential confounders decreases mortality.")
    assert only_states_purpose(aim, "oxygen 24 vs 15 h - which confounder mattered most?")
    assert not only_states_purpose(aim, "what was the aim of the oxygen study?")


@pytest.mark.unit
def test_a_plain_text_table_read_as_one_run_on_sentence_states_nothing():
    blob = sentence_unit("Drug          Initial phase                  Continued phase\n"
                         "  ------------  -----------------------------  ----------------------------\n"
                         "  Zorvex        15 mg twice daily for 21 days  20 mg once daily")
    assert asks_itself(blob)
    assert not asks_itself(sentence_unit("Give 15 mg once daily - not 20 mg - when CrCl is 15-29 mL/min."))


@pytest.mark.unit
def test_a_bound_before_an_ordinal_names_the_places_it_bounds():
    assert ordinals("After the first trimester, your doctor may prescribe it") == {"trimester": set(range(1, 10))}
    assert ordinals("before the third trimester") == {"trimester": {1, 2, 3}}
    # "How often to titrate after the first dose?" is answered by "increase the rate after 45 minutes for the first dose".
    assert not other_ordinal(sentence_unit("Increase the rate after 45 minutes for the first dose."),
                             ordinals("How often to titrate after the first dose?"))
    assert ordinals("a 30-second injection") == {}  # a duration, not the second injection
    assert ordinals("rises after treatment with first-generation inhibitors") == ordinals("after first-generation inhibitors")
    assert ordinals("after first-generation inhibitors") == {"generation": {1}}  # a kind, not a time: no bound
    after_first = sentence_unit("After the first trimester, your doctor may prescribe it if clearly needed.")
    assert not other_ordinal(after_first, ordinals("can I take it in my second trimester?"))


@pytest.mark.unit
@pytest.mark.parametrize("question, asks", [
    ("whats the max dose of velnora in a day", True), ("max tabs per day", True), ("highest dose?", True),
    ("for a 7 year old, whats the max", True), ("the most tablets I can take in one day?", True),
    ("max FEV1 improvement with it?", False), ("maximal resection rate?", False), ("maximum follow-up?", False),
    ("C max?", False), ("max heart rate on it?", False),
])
def test_a_maximum_is_asked_of_what_is_taken_or_given(question, asks):
    assert bool(ASKS_MAXIMUM.search(question)) == asks


@pytest.mark.unit
def test_limits_said_as_never_or_dont():
    question = "what's the max number of tablets in 24 hours?"
    for said in ("Don't take more than 6 tablets in 24 hours.", "Never give more than 4 doses in 24 hours."):
        assert not misses_limit(sentence_unit(said), question)


@pytest.mark.unit
def test_only_withholding_the_medicine_from_children_is_an_age_limit():
    crush = sentence_unit("Children 6 to 11 years: do not crush the tablets.")
    assert age_limit_lent(crush, 8.0, "dose for my 8 year old?", frozenset()) == ""


@pytest.mark.unit
@pytest.mark.parametrize("said", ["twenty fifty mg", "two fifty mg", "one point oh five", "one and two", "at one point two doses"])
def test_words_that_make_no_single_number_stay_as_said(said):
    assert spoken_numbers(said) == said


@pytest.mark.unit
def test_a_disease_or_gene_in_capitals_is_no_trial():
    assert trials_named("Recruitment was slowed by the COVID-19 pandemic; SGLT2 inhibitors were allowed.") == ()
    assert trials_named("In the NEPTUNE-HF trial of nitrates ...") == ("NEPTUNE-HF",)


@pytest.mark.unit
def test_asked_about_one_trial_a_sentence_naming_only_another_reports_that_one():
    other = sentence_unit("In KESTREL-HF, symptomatic hypotension occurred in 4.1%.", section="Results")
    assert reports_other_research(other, "how common was hypotension in PELICAN-3?")
    assert not reports_other_research(other, "how common was hypotension in KESTREL-HF?")


@pytest.mark.unit
def test_a_treatment_target_is_no_statement_of_purpose():
    assert not only_states_purpose(sentence_unit("The goal is to keep the INR between 2.0 and 3.0."), "INR target on warfarin?")


@pytest.mark.unit
def test_patients_taking_a_medicine_narrow_the_question_as_patients_with_a_condition_do():
    assert restriction("In patients taking SGLT2 inhibitors, what was the hazard ratio for the primary endpoint?") == ["sglt2", "inhibitor"]
    assert restriction("for patients on dialysis, what dose?") == ["dialysi"]


DRUG_PAGE = """# Velnor (oral route)

## Dosing

- For oral dosage form (tablets): Adults—At first, 1 tablet 3 times a day. Your doctor may adjust your dose as needed and tolerated. However, the dose is usually not more than 6 whole tablets per day. Children—Use and dose must be determined by your doctor.
- For oral dosage form (extended-release capsules): Adults—At first, one capsule 2 times a day. However, the dose is usually not more than 4 capsules per day.
- For oral dosage form (granules): Adults—At first, one sachet once a day. It may take up to 4 weeks before you feel the full benefit.
"""


def test_a_start_dose_and_the_most_per_day_are_read_from_the_sentences_going_on_with_it(tmp_path_factory):
    p = documents_pipeline(tmp_path_factory, {"velnor-drug-page.md": DRUG_PAGE})
    answer = answered(p, "velnor tablets start dose for an adult and max per day?")
    assert "1 tablet 3 times a day" in answer and "not more than 6 whole tablets per day" in answer
    assert "4 capsules" not in answer  # (the next list item is another form's)
    # (A limit of something else, "up to 4 weeks", is no most per day.)
    assert "4 weeks" not in p.ask("velnor granules: start dose for an adult and max per day?").answer


@pytest.mark.unit
def test_a_rows_own_age_band_decides_over_its_sections():
    from app.answer.ages import misses_age
    section = "Children aged 5 to 11 years > Table 4. Velnor doses by age"
    infants = row_unit([("Age", "6 months to 5 years"), ("Dose", "4 mg once daily")], section=section)
    school = row_unit([("Age", "6 to 14 years"), ("Dose", "5 mg once daily")], section=section)
    assert misses_age(infants, 10.0) and not misses_age(school, 10.0)
    assert not misses_age(infants, 3.0)  # (months to years is a band too)


@pytest.mark.unit
def test_an_adults_age_is_not_answered_by_a_childs_band_and_a_band_asked_by_the_band_that_overlaps_it():
    from app.answer.ages import misses_age
    children = row_unit([("Age", "5 to 11 years"), ("Maximum per day", "4 puffs")])
    adults = row_unit([("Age", "18 years and over"), ("Maximum per day", "8 puffs")])
    question = "maximum daily dose of velnor for a 70 year old"
    assert misses_age(children, None, question) and not misses_age(adults, None, question)
    infants = row_unit([("Age", "6 months to 5 years"), ("Dose", "0.5 mg twice daily")], section="Children aged 5 to 11 years")
    question = "velnor dose for children aged 6 months to 5 years?"
    assert not misses_age(infants, 6.0, question) and misses_age(children, 6.0, question)


@pytest.mark.unit
def test_asked_for_one_bands_side_effects_another_bands_line_lists_other_effects():
    from app.answer.bands import other_frequency
    question = "Which side effects of velnor are rare?"
    assert other_frequency("Very common (may affect more than 1 in 10 people)", question)
    assert not other_frequency("Rare (may affect up to 1 in 1,000 people)", question)
    assert not other_frequency("Very common: headache", "what are the common side effects?")  # (very common ones are common)
    assert not other_frequency("Common: headache", "is headache rare?")  # (how common one effect is: its band answers)


@pytest.mark.unit
def test_a_question_naming_the_author_of_other_research_asks_about_it():
    other = _discussion_unit("A smaller trial by Okafor and colleagues found a hazard ratio of 0.62 with 200 mg twice daily.")
    assert not reports_other_research(other, "What hazard ratio did Okafor and colleagues report?")
    assert reports_other_research(other, "What hazard ratio did the trial report?")



@pytest.mark.unit
def test_a_limit_that_fails_the_answers_checks_leaves_the_start_dose_no_answer_for_the_most():
    from app.answer.asked_values import misses_limit
    from app.answer.units import Unit
    from app.records import Chunk, Passage
    start, limit = "Adults and children 6 years of age and older: 2 puffs once a day.", "Do not take more than 2 puffs in 24 hours."
    text = f"{start} {limit}"
    chunk = Chunk(id="c", source="d.md", title="D", section="Dosing", kind="prose", start=0, end=len(text), text=text,
                  search_text=text, content_hash="h")
    units = [Unit(Passage(chunk, 1.0), 0, len(start), "sentence", start),
             Unit(Passage(chunk, 1.0), len(start) + 1, len(text), "sentence", limit)]
    question = "cardexa spray for a 7 year old, whats the max"
    assert not misses_limit(units[0], question, units)  # the limit goes on with the start dose
    assert misses_limit(units[0], question, units, keep=lambda u: False)  # unless the limit itself is no answer
