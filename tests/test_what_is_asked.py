"""What a terse question asks about must be in the evidence: the thing a verbless question starts with
("renal exclusion in the trial"), a time beyond the anchor the question itself gives ("when to repeat
the tests after delivery" is not answered by "they resolve after birth"), and adults rather than
children ("adult fluid bolus")."""

import pytest

from app.answer.ages import asks_about_adults
from app.answer.coverage import TermCoverage
from app.answer.focus import states_kind
from app.answer.focus import focus
from app.lexicon.medterms import ANSWER_TYPES
from app.text.lexical import tokenize
from tests.conftest import documents_pipeline

TRIAL = """# Bexatinib versus standard chemotherapy in relapsed lymphoma: a randomised trial

## Methods

Patients were excluded if they had an ejection fraction below 40% or active hepatitis B infection.

## Results

Bexatinib prolonged progression-free survival compared with chemotherapy (hazard ratio 0.61).
"""

GUIDELINE = """# Cholestasis in pregnancy

## Postnatal care

Raised bile acids and deranged liver tests in cholestasis resolve after delivery in most women.

## Fluid bolus size in suspected sepsis

Children under 12 with suspected sepsis who need fluids: give a bolus of 20 ml/kg over 5 to 10 minutes.

For people aged 16 or over who need fluids, give a bolus of 500 ml of crystalloid over less than
15 minutes.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"bexatinib-trial.md": TRIAL, "obstetric-guideline.md": GUIDELINE})


def test_a_verbless_question_asks_for_the_thing_it_starts_with():
    assert focus("renal exclusion in the bexatinib trial") == tokenize("renal exclusion", parts=False)
    assert focus("blinding / design of the nystatin study") == tokenize("blinding", parts=False)  # a word the lexicon knows
    assert focus("Storage temperature for insulin?") == []
    assert focus("commonest reason for dose reduction in the trial") == []  # the reason is the answer


def test_after_a_dash_the_question_asks_its_own_thing():
    # "Inpatient PID" sets the scene; the doses after the dash are what is asked.
    assert focus("Inpatient PID on clinda + gent - gentamicin loading and maintenance doses?") == []


def test_a_kind_of_value_is_left_to_the_answer_type():
    assert any(t in ANSWER_TYPES for t in tokenize("dose"))
    assert focus("MTX dose used in the myasthenia trial") == []


def test_the_questions_own_anchor_states_no_time():
    when = "#when"
    pattern = r"\b(?:after|within|weeks?)\b"
    question = "when to repeat LFTs and bile acids after delivery?"
    assert not states_kind(when, pattern, "They resolve after birth.", question)
    assert states_kind(when, pattern, "Repeat them within 6 weeks.", question)
    # Another kind of value is stated by any match, echoed or not.
    assert states_kind("year", r"\b20\d\d\b", "Published in 2019.", "what year, 2019?")


def test_when_to_repeat_after_delivery_is_not_answered_by_what_resolves_after_it(pipeline):
    a = pipeline.ask("when to repeat LFTs and bile acids after delivery for cholestasis")
    assert "resolve after delivery" not in a.answer


@pytest.mark.parametrize("question, adults", [
    ("fluid bolus size adult sepsis", True),
    ("usual adult dose?", True),
    ("adult and child doses of velotinib", False),
    ("dose for a 15 yo adult-sized boy", False),
    ("fluid bolus size in sepsis", False),
])
def test_a_question_about_adults(question, adults):
    assert asks_about_adults(question) is adults


def test_an_adult_is_not_answered_with_the_childrens_bolus(pipeline):
    a = pipeline.ask("fluid bolus size adult sepsis")
    assert "20 ml/kg" not in a.answer and "500 ml" in a.answer


BULLETIN = """# Interaction bulletin: zelparin

## Key messages

- Reduce the korvastatin dose to one third of the original dose when starting zelparin, and check levels within 3 days.
- Sodium bicarbonate is not routinely recommended to correct the acidosis zelparin can cause.
"""

ZEPHYR = """# Velotinib in chronic cough (ZEPHYR-2): a randomised, placebo-controlled trial

## Results

### Table 2. Outcomes at week 24

| Outcome | Velotinib (n=310) | Placebo (n=305) | Hazard ratio |
|---|---|---|---|
| Primary composite outcome, n (%) | 61 (19.7%) | 88 (28.9%) | 0.64 (0.46 to 0.89) |
| Cough-free days, mean | 9.1 | 6.2 | - |

## Discussion

Cough frequency fell more with the study drug than with placebo across subgroups of smokers and non-smokers.
"""


@pytest.fixture(scope="module")
def more(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"zelparin-bulletin.md": BULLETIN, "zephyr-2-trial.md": ZEPHYR,
                                                 "obstetric-guideline.md": GUIDELINE})


def test_a_dose_adjustment_is_answered_by_a_relative_change(more):
    a = more.ask("korvastatin dose adjustment when starting zelparin")
    assert "one third of the original dose" in a.answer


def test_clinicians_shorthand_for_drugs_and_blood_products():
    from app.text.lexical import concept_groups

    for short, long in (("bicarb", "sodium bicarbonate"), ("ACEi", "ACE inhibitors"), ("ARB", "angiotensin receptor blocker"),
                        ("RBC", "red cells"), ("FFP", "fresh frozen plasma")):
        assert set(concept_groups(short)) & set(concept_groups(long)), short


def test_a_trials_shorthand_name_in_its_title_is_named_by_every_passage_under_it(more):
    from app.answer.titles import title_names

    assert title_names("Velotinib in chronic cough (ZEPHYR-2): a randomised, placebo-controlled trial") == ("ZEPHYR-2",)
    assert title_names("Sepsis: recognition and early management. NICE guideline NG51") == ("NG51",)
    assert title_names("SUMMARY OF PRODUCT CHARACTERISTICS") == ()
    a = more.ask("ZEPHYR-2 primary endpoint velotinib vs placebo?")
    assert "19.7%" in a.answer and "28.9%" in a.answer


PAEDIATRIC = """# Community-acquired pneumonia in children: antibiotic doses

## Intravenous doses

| Antibiotic | Age band | Dose |
|---|---|---|
| Bexacillin | 1 to 2 months | 30 mg/kg every 12 hours |
| Bexacillin | 3 months to 17 years | 30 mg/kg every 8 hours (maximum 1.2 g per dose) |
"""


def test_an_age_band_in_months_bounds_the_patients_a_row_is_for():
    from app.answer.ages import age_bounds

    assert age_bounds("Age band: 1 to 2 months; Dose: 30 mg/kg") == [(1 / 12, 2 / 12)]
    assert age_bounds("Age band: 2 months-11 years") == [(2 / 12, 11.0)]
    assert age_bounds("treat for 5 to 7 days") == []  # a course, not an age band


def test_a_six_month_old_is_not_given_the_dose_for_one_to_two_months(tmp_path_factory):
    p = documents_pipeline(tmp_path_factory, {"cap-children.md": PAEDIATRIC, "obstetric-guideline.md": GUIDELINE})
    a = p.ask("IV bexacillin dose for a 6 month old with pneumonia")
    assert "every 12 hours" not in a.answer


@pytest.mark.parametrize("text, found", [
    ("Child-Pugh B, first month: LFT monitoring weekly", {"child-pugh": {"B"}}),
    ("contraindicated in severe hepatic impairment (Child-Pugh C)", {"child-pugh": {"C"}}),
    ("Grade 3-4 neutropenia: withhold until grade 1 or less", {"grade": {"3", "4", "1"}}),
    ("NYHA class III or IV heart failure", {"nyha": {"3", "4"}}),
    ("At this stage a lower dose may be used", {}),  # a lower-case article is no grade
])
def test_grades_on_a_scale(text, found):
    from app.answer.thresholds import grades

    assert grades(text) == found


def test_evidence_for_another_grade_of_the_asked_scale_answers_for_other_patients(more_grades):
    a = more_grades.ask("zelparin in child-pugh C - ok to use?")
    assert "weekly" not in a.answer


@pytest.fixture(scope="module")
def more_grades(tmp_path_factory):
    label = """# Zelparin tablets: hepatic impairment

## Liver monitoring

| Patients | LFT monitoring |
|---|---|
| Child-Pugh A | Monthly |
| Child-Pugh B, first month | Weekly |

## Contraindications

Zelparin is contraindicated in severe hepatic impairment (Child-Pugh C).
"""
    return documents_pipeline(tmp_path_factory, {"zelparin-hepatic.md": label, "obstetric-guideline.md": GUIDELINE})


def test_a_document_whose_title_names_its_patients_speaks_of_them_in_every_row(tmp_path_factory):
    guide = """# Zelparin for nausea in children: weight-band dosing

## Doses

| Weight band | Oral dose |
|---|---|
| 8 kg to 14.9 kg | 2 mg |
| 15 kg to 24.9 kg | 3 mg |
| 25 kg to 39.9 kg | 4 mg |
"""
    p = documents_pipeline(tmp_path_factory, {"zelparin-children.md": guide, "bexatinib-trial.md": TRIAL})
    a = p.ask("zelparin oral dose for a 20 kg child?")
    assert "3 mg" in a.answer and "4 mg" not in a.answer


def test_an_endpoint_in_a_trials_title_is_not_lent_to_its_passages():
    from app.answer.guards import title_populations

    assert title_populations("Zelparin for nausea in children: weight-band dosing")
    assert not title_populations("Velotinib and progression-free survival in lung cancer: a randomised trial")



def test_what_a_review_of_these_rules_found_stays_fixed():
    from app.answer.guards import title_populations
    from app.answer.thresholds import grades
    from app.ingest.tables import fixed_width_table
    from app.ingest.units import RUN_IN_LABEL

    dose = ANSWER_TYPES["dose"]
    assert not states_kind("dose", dose, "Zelparin reduced LDL cholesterol by 50%.", "zelparin dose adjustment?")
    assert states_kind("dose", dose, "Halve the zelparin dose in renal impairment.", "zelparin dose adjustment?")
    when = ANSWER_TYPES["#when"] if "#when" in ANSWER_TYPES else r"\b(?:before|after)\b"
    assert states_kind("#when", when, "Take the tablets after food.", "take it before or after food?")
    assert not title_populations("Zelparin for adults and children")
    assert not RUN_IN_LABEL.match("**Do not take more than 8 tablets in 24 hours.** Ask a pharmacist.")
    assert "3" in grades("Grade 2 or higher: withhold until grade 1")["grade"]
    assert grades("Dose reduction is recommended (Grade 1B).") == {}
    wrapped = "Band       Dose\n---------  ----------\n8-14 kg    2 mg, then\n           1 mg daily\n"
    assert fixed_width_table(wrapped, 0, len(wrapped)) is None  # a wrapped cell: not one row per line


def test_a_population_the_question_excludes_is_not_one_the_evidence_must_name():
    from app.answer.guards import narrowing_concepts
    # (The children "paeds" names are asked for; the severity "non-severe" sets aside is not.)
    assert narrowing_concepts("how many days abx for non-severe paeds CAP?") == narrowing_concepts("paeds")
    assert narrowing_concepts("abx course for severe CAP in children?") != set()


@pytest.mark.unit
@pytest.mark.parametrize("question, asked", [
    ("drugA dose for DVT?", True),
    ("what dose and when?", True),
    ("Dose of drugA in children, and when to start?", True),
    ("Pt on drugA going for surgery - when should the last dose be?", False),  # when, of the last dose
    ("What is the warfarin dose when INR is 4 and the current dose is 5 mg?", True),  # "when" sets a condition
    ("how long after the last dose can the catheter be removed?", False),
    ("Can a mum breastfeed on it? how long after her last dose before restarting", False),  # asked in a second sentence
])
def test_a_dose_the_question_asks_when_or_how_long_of_is_not_the_dose_asked_for(question, asked):
    from app.answer.focus import type_asked

    assert type_asked(question, "dose") is asked


@pytest.mark.unit
@pytest.mark.parametrize("question, asked", [
    ("zelvaro dose for DVT?", True),
    ("age and dose of drugA?", True),
    ("dose interval for drugA in CKD?", True),
    ("drugA dosing interval at CrCl 30", False),  # the interval is asked
    ("What is the dose and dosing interval of drugA?", True),  # both
    ("Minimum interval between drugA doses in the primary course?", False),  # the interval is asked
    ("latest age to give the first drugA dose?", False),  # the age is asked
    ("number of doses in the primary course?", False),
    ("Pt going for surgery - when should the last dose of drugA be?", False),  # the time is asked
    ("catheter came out at 08:00 - earliest time for the next drugA dose?", False),  # the time is asked
    ("what dose of drugA at the time of surgery?", True),
    ("At the time of surgery, what dose of drugA?", True),
    ("What is the one-time dose of drugA?", True),
    ("what is the latest recommended dose of drugA?", True),
    ("first time using drugA - what starting dose?", True),
    ("Minimum time between doses of drugA?", False),  # the time is asked
    ("Best time of day to take the drugA dose?", False),
    ("What time and what dose of drugA before surgery?", True),
])
def test_a_dose_named_as_what_another_asked_value_is_of_is_not_asked(question, asked):
    import re

    from app.lexicon.medterms import MEASURES

    assert bool(re.search(MEASURES["dose"][0], question, re.I)) is asked


@pytest.mark.unit
def test_a_time_of_day_the_question_tells_is_no_term_a_passage_must_say():
    from app.answer.coverage import TermCoverage

    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("epidural catheter came out at 08:00 - earliest next drugA dose?")
    assert not {"08", "00"} & set(terms.tokens)
    assert {"epidur", "cathet", "druga"} <= set(terms.tokens)
    for told in ("took drugA at 10 pm, when is the next dose due?", "took drugA at 9:30, when is the next dose due?"):
        assert not {"10", "9", "30"} & set(TermCoverage(2.0, lambda t: 1.0).question_terms(told).tokens), told
    # A ratio, a dilution or a titre is no time of day.
    assert {"1", "1000"} <= set(TermCoverage(2.0, lambda t: 1.0).question_terms("volume of adrenaline 1:1000 for a child?").tokens)
    assert "160" in TermCoverage(2.0, lambda t: 1.0).question_terms("ANA titre 1:160 - significant?").tokens


@pytest.mark.unit
@pytest.mark.parametrize("question, asked_of", [
    ("What CGM time-in-range target should pregnant women aim for?", "CGM time-in-range"),  # the target is the answer
    ("M gen positive PID treated with moxi - when to retest for clearance?", "retest clearance"),
    ("What starting dose should I use?", ""),  # a kind of value: the answer type's to check
    ("What blood tests should be done before starting drugA?", ""),  # the answer's category, not its words
    ("when to repeat the test after delivery?", ""),
    ("What was the incidence of alopecia with drugA vs warfarin?", "alopecia"),  # the event whose rate is asked
    ("Is headache a common side effect of drugA? How common?", "headache"),
])
def test_what_a_value_or_a_time_is_asked_of_must_be_in_the_evidence(question, asked_of):
    assert focus(question) == tokenize(asked_of, parts=False)


@pytest.mark.unit
@pytest.mark.parametrize("question", ["chance of ICP coming back next pregnancy", "what's the likelihood that it recurs?"])
def test_the_chance_of_something_asks_for_a_rate(question):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert "#rate" in terms.tokens and "chanc" not in terms.tokens and "likelihood" not in terms.tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["Is there any chance of an interaction between drug A and drug B?",
                                      "does it reduce the chance of nausea?"])
def test_a_chance_asked_about_in_passing_asks_for_no_rate(question):
    assert "#rate" not in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens


@pytest.mark.unit
def test_what_time_of_day_asks_for_a_time_and_names_no_day_the_evidence_must_say():
    from app.answer.focus import focus
    assert focus("what time of day should velnor be taken") == []
    assert focus("what time should velnor be taken") == []


@pytest.mark.unit
@pytest.mark.parametrize("question, amount", [
    ("does the pt also take an oral dose that day?", False),  # whether, not how much
    ("should he get a loading dose first?", False),
    ("does she need a loading dose, and how much?", True),
    ("what dose of it for a child?", True),
])
def test_whether_a_dose_is_taken_asks_no_amount(question, amount):
    terms = TermCoverage(2.0, lambda tok: 1.0).question_terms(question)
    assert ("dose" in terms.types) is amount


@pytest.mark.unit
def test_holding_a_medicine_is_said_by_stopping_or_withholding_it_and_admitted_by_an_admission():
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("should we hold it while admitted?")
    assert coverage.coverage(terms, "During an admission, do not stop it.") == 1.0
    assert coverage.coverage(terms, "Withhold it while admitted.") == 1.0
    # ("Hold" alone is no stopping: "hold the tablet under the tongue", "hold your breath".)
    stop = coverage.question_terms("when should I stop it?")
    assert coverage.coverage(stop, "Hold the tablet under the tongue.") < 1.0


CLOCK_PAGE = """# Velpramil (oral route)

## Proper use

Velpramil should be taken at bedtime unless otherwise directed by your doctor.

Tell your doctor if you have ever had any unusual reaction to this medicine.

## Dosing

Adults: at first, 5 mg once a day. Your doctor may adjust your dose as needed. However, the dose usually is not more than 10 mg per day.
"""


@pytest.mark.unit
@pytest.mark.parametrize("question", ["what time of day should velpramil be taken", "velpramil, which time of the day?"])
def test_the_time_of_day_asks_for_a_part_of_the_day_not_for_a_day(question):
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms(question)
    assert "#clock" in terms.types and "day" not in terms.tokens and "#when" not in terms.types


@pytest.mark.integration
def test_asked_the_time_of_day_a_daily_limit_or_an_if_clause_does_not_answer(tmp_path_factory):
    page = documents_pipeline(tmp_path_factory, {"velpramil-page.md": CLOCK_PAGE})
    answer = page.ask("what time of day should velpramil be taken")
    assert "at bedtime" in answer.answer and "per day" not in answer.answer and "unusual reaction" not in answer.answer


@pytest.mark.unit
@pytest.mark.parametrize("evidence, states", [
    ("It can be given as a single dose at any time of the day, with or without food.", True),
    ("Take it at the same time each day.", True),
    ("Night sweats were reported in 2% of patients.", False),
])
def test_the_time_of_day_is_stated_by_a_part_of_the_day_or_any_time_not_by_night_sweats(evidence, states):
    import re

    assert bool(re.search(ANSWER_TYPES["#clock"], evidence, re.I)) is states
