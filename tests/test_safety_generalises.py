"""Safety guards that know no particular document: a drug, population, time point or kind of value the
question names and the evidence does not is not answered with another's value; a brand is its generic."""

import re

import pytest

from app.pipeline import Pipeline
from app.answer.thresholds import misses_measurement, threshold_sides
from conftest import documents_pipeline, one_document_pipeline

LABEL = """# Metformin tablets: prescribing information

## Dosage in adults

The usual starting dose in adults is 500 mg twice daily with meals. The dose may be increased by 500 mg weekly to a maximum of 2000 mg per day.

## Pharmacokinetics

The elimination half-life of metformin is about 6.2 hours in plasma. Metformin is excreted unchanged in the urine.

## Co-prescribing

Metformin is often combined with sitagliptin in patients whose glucose is not controlled on one agent.

## Storage

Store GLUCOPHAGE tablets below 25 °C; the shelf life is 36 months.

## Renal function

Do not start treatment in patients whose eGFR is below 30 mL/min. Vitamin B12 levels should be monitored during long-term treatment.

## Clinical studies

At week 24, HbA1c fell by 1.1 percentage points from baseline.
"""


@pytest.fixture(scope="module")
def label(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "metformin-label.md", LABEL)


@pytest.mark.parametrize("question, fact", [
    ("What is the half-life of metformin?", "6.2 hours"),
    ("Starting dose of metformin in adults?", "500 mg twice daily"),
    ("Shelf life of metformin tablets?", "36 months"),  # the sentence names the brand only
    ("eGFR threshold below which metformin should not be started?", "30 mL/min"),
    ("HbA1c change from baseline at week 24?", "1.1"),
])
def test_the_label_answers_what_it_states(label, question, fact):
    answer = label.ask(question)
    assert not answer.abstained and fact in answer.answer


@pytest.mark.parametrize("question", [
    "Half-life of sitagliptin?",  # another drug the label mentions, but not its half-life
    "What is the metformin dose in children?",  # a population the label does not cover
    "Usual metformin dose for adults on haemodialysis?",  # nor patients on dialysis
    "Usual starting dose of metformin eye drops in adults?",  # nor a formulation other than its tablets
    "Usual starting dose in adults of the metformin skin patch?",
])
def test_another_drug_or_population_is_not_answered_with_this_ones_value(label, question):
    answer = label.ask(question)
    assert answer.abstained, answer.answer
    assert answer.related, "the passages considered are still reported"


def test_a_drugs_shorthand_is_read_as_the_drug_the_label_names_and_guarded_as_that_drug(label):
    answer = label.ask("Half-life of metf?")
    assert answer.interpreted_as == "Half-life of metformin?"
    assert not answer.abstained and "6.2 hours" in answer.answer
    other = label.ask("Half-life of sita?")
    assert other.interpreted_as == "Half-life of sitagliptin?" and other.abstained, other.answer


def test_a_child_named_by_age_is_not_answered_with_the_adult_dose(label):
    answer = label.ask("Can I start metformin 500 mg twice daily in a 15 yo?")
    assert answer.abstained, answer.answer


def test_a_child_outside_the_age_the_evidence_bounds_is_not_answered(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "metformin-dosing.md", (
        "# Metformin dosing\n\n## Starting dose\n\nAdults aged 18 years and over: the usual starting dose of "
        "metformin is 500 mg twice daily with meals.\n"))
    assert "500 mg twice daily" in pipeline.ask("Usual starting dose of metformin for a 40-year-old?").answer
    assert pipeline.ask("Usual starting dose of metformin for a 12-year-old?").abstained


def test_an_age_bound_is_no_patients_age():
    from app.answer.ages import asks_about_minor
    assert asks_about_minor("Dose for a 16 yo?") and asks_about_minor("Infant aged 3 months: dose?")
    assert not asks_about_minor("Half-life in patients aged 12+?") and not asks_about_minor("Dose if aged 12 and over?")
    assert not asks_about_minor("Dose for a 45-year-old?")


def test_an_adult_named_by_age_is_answered_with_the_adult_dose(label):
    # An adult's age is who is asked about, not a number the evidence must repeat.
    answer = label.ask("Starting dose of metformin for a 45-year-old?")
    assert not answer.abstained and "500 mg twice daily" in answer.answer, answer.answer


@pytest.mark.parametrize("question", [
    "HbA1c change from baseline at week 52?",  # a time point the evidence does not report
    "Vitamin B12 cut-off for patients on metformin?",  # a value asked for that no sentence states
])
def test_another_time_point_or_an_unstated_value_is_not_answered(label, question):
    answer = label.ask(question)
    assert answer.abstained, answer.answer



TRIAL = """# Dapagliflozin in chronic heart failure: trial summary

## How it works

Dapagliflozin works in the kidney, unlike digoxin, which works on the heart muscle directly.

## Results

Over a median of 18 months, the primary outcome occurred in 16.3% of patients in the dapagliflozin group and in 21.2% in the placebo group (HR 0.74).

## Kidney function

Dapagliflozin should not be started in patients with an eGFR below 25 mL/min/1.73 m2.

## Other medicines

Statins can be continued alongside dapagliflozin.

## Hospital admissions

| Hospitalisation for heart failure | Dapagliflozin | Digoxin |
|---|---|---|
| at 12 months | 9.1% | N/A |
| at 24 months | 12.0% | 15.5% |

## Secondary outcomes

| Outcome | Change with dapagliflozin | Change with placebo | Median follow-up |
|---|---|---|---|
| Body weight at 8 months | -1.1 kg | 0.2 kg | 8.1 months |

## Renal outcomes

| Outcome | Dapagliflozin (n=2373) | Placebo (n=2371) | Comment |
|---|---|---|---|
| Sustained eGFR decline of 50% | 1.2% | 1.6% | not significant |
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "trial-summary.md", TRIAL)


@pytest.mark.parametrize("question", ["How well does dapagliflozin work in heart failure?",
                                      "Does dapagliflozin work in chronic heart failure?",
                                      "How effective is dapagliflozin in heart failure?"])
def test_how_well_does_it_work_is_answered_with_a_result_not_a_mechanism(trial, question):
    answer = trial.ask(question)
    assert not answer.abstained, answer.notice
    assert re.search(r"\d%", answer.answer) and "kidney" not in answer.answer, answer.answer


def test_a_comparison_is_answered_from_a_row_that_has_both_arms(trial):
    answer = trial.ask("Hospitalisation for heart failure with dapagliflozin vs digoxin?")
    assert "12.0%" in answer.answer and "15.5%" in answer.answer, answer.answer


def test_a_row_with_one_arm_still_answers_when_it_is_the_only_one(trial):
    answer = trial.ask("Hospitalisation at 12 months with dapagliflozin versus digoxin?")
    assert "9.1%" in answer.answer and "15.5%" not in answer.answer, answer.answer


def test_a_row_answers_in_one_sentence_the_asked_arm_first_and_the_other_arm_beside_it(trial):
    """Columns "Change with <arm>" are one measure's arms: asked about one, the answer reads the row
    label, the measure, the asked arm's value and the other arm's; the quote marks each cell read."""
    answer = trial.ask("Body weight change with placebo at 8 months?")
    assert answer.answer == "Body weight at 8 months: Change 0.2 kg with placebo vs -1.1 kg with dapagliflozin [1]"
    (cited,) = answer.citations
    assert [cited.context[s - cited.context_start : e - cited.context_start] for s, e in cited.spans] == [
        "Body weight at 8 months", "-1.1 kg", "0.2 kg"]


def test_columns_that_are_arms_by_themselves_read_as_arms_of_the_row(trial):
    answer = trial.ask("Sustained eGFR decline of 50% with dapagliflozin?")
    assert answer.answer.startswith("Sustained eGFR decline of 50%: 1.2% with Dapagliflozin vs 1.6% with Placebo"), (
        answer.answer, answer.notice)


def test_a_threshold_is_not_answered_with_the_other_side_of_it(trial):
    assert "should not be started" in trial.ask("Starting dapagliflozin with an eGFR under 25?").answer
    answer = trial.ask("Starting dapagliflozin with an eGFR of 25 or above?")
    assert answer.abstained, answer.answer


def test_a_drug_class_named_as_written_is_known_though_its_lexicon_name_is_not_in_the_documents(trial):
    answer = trial.ask("Should statins be continued with dapagliflozin?")
    assert "Statins can be continued" in answer.answer, answer.answer


ANTIVIRAL = """# Favipiravir tablets: prescribing information

FULL PRESCRIBING INFORMATION: CONTENTS 1 INDICATIONS AND USAGE 2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage 2.2 Renal Impairment 3 DOSAGE FORMS AND STRENGTHS 4 CONTRAINDICATIONS 5 WARNINGS AND PRECAUTIONS 6 ADVERSE REACTIONS 7 DRUG INTERACTIONS 8 USE IN SPECIFIC POPULATIONS

## Treatment duration

For patients not requiring invasive mechanical ventilation, the recommended total treatment duration of favipiravir is 5 days.

## Clinical studies

Influenza episodes were reduced by 60% with favipiravir compared with placebo over the season.

## Use in pregnancy

A trial in non-pregnant women found that favipiravir exposure doubled with food.
"""


@pytest.fixture(scope="module")
def antiviral(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "antiviral-label.md", ANTIVIRAL)


@pytest.mark.parametrize("question", [
    "Total favipiravir treatment duration for intubated patients on invasive mechanical ventilation?",
    "Favipiravir exposure with food in pregnant women?",
])
def test_evidence_about_the_excluded_population_does_not_answer_for_the_asked_one(antiviral, question):
    """"Patients not requiring ventilation" and "non-pregnant women" are the other patients."""
    answer = antiviral.ask(question)
    assert answer.abstained, answer.answer


def test_evidence_about_the_excluded_population_answers_when_the_question_excludes_it_too(antiviral):
    answer = antiviral.ask("Total favipiravir treatment duration for patients not requiring mechanical ventilation?")
    assert "5 days" in answer.answer, answer.answer


def test_people_a_relative_clause_negates_are_the_other_patients(tmp_path_factory):
    """"... and who are not receiving haemodialysis" is said of the others, however far from "patients"."""
    pipeline = one_document_pipeline(tmp_path_factory, "teicoplanin-label.md", (
        "# Teicoplanin for injection: prescribing information\n\n## Renal impairment\n\n"
        "In adult patients with renal impairment whose creatinine clearance is below 30 mL/min and who are not "
        "receiving regularly scheduled haemodialysis, the recommended dose of teicoplanin is 750 mg once weekly.\n\n"
        "No dosage adjustment of teicoplanin is recommended for patients receiving regularly scheduled haemodialysis.\n"))
    answer = pipeline.ask("pt on regular HD - do I need to reduce teicoplanin?")
    assert "No dosage adjustment" in answer.answer and "750 mg" not in answer.answer, answer.answer


def test_a_severity_the_question_names_is_not_answered_with_the_unqualified_endpoint(antiviral):
    assert "60%" in antiviral.ask("By how much did favipiravir reduce influenza episodes over the season?").answer
    answer = antiviral.ask("By how much did favipiravir reduce severe influenza episodes over the season?")
    assert answer.abstained, answer.answer


def test_a_table_of_contents_is_never_quoted_as_evidence(antiviral):
    answer = antiviral.ask("Favipiravir contraindications and drug interactions?")
    assert "CONTENTS" not in answer.answer and all("CONTENTS" not in c.quote for c in answer.citations), answer.answer


NEONATAL = """# Diabetes in pregnancy: care of the baby

## Blood glucose testing

Test the blood glucose of babies of women with diabetes using a method validated for neonatal use.

Carry out blood glucose testing routinely at 2 to 4 hours after birth in babies of women with diabetes.
"""


@pytest.fixture(scope="module")
def neonatal(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "neonatal-care.md", NEONATAL)


def test_when_is_answered_with_the_sentence_that_says_when(neonatal):
    answer = neonatal.ask("When should blood glucose be tested in babies of women with diabetes?")
    assert "2 to 4 hours after birth" in answer.answer and "validated" not in answer.answer, answer.answer


BOTH_SIDES = [
    # One paragraph: the verifier must not call the answer reversed because the passage states the other side.
    "For patients not requiring invasive mechanical ventilation, the recommended total treatment duration is 5 days. "
    "For patients requiring invasive mechanical ventilation, the recommended total treatment duration is 10 days.",
    # A list under the heading the question names: not read whole when an item speaks of the other patients.
    "- For patients requiring invasive mechanical ventilation, the recommended total treatment duration is 10 days.\n"
    "- For patients not requiring invasive mechanical ventilation, the recommended total treatment duration is 5 days.",
]


@pytest.mark.parametrize("body", BOTH_SIDES, ids=["paragraph", "list"])
def test_a_passage_stating_both_sides_answers_for_the_asked_side(tmp_path_factory, body):
    pipeline = one_document_pipeline(tmp_path_factory, "antiviral-dosing.md",
                                     f"# Favipiravir tablets: dosing\n\n## Treatment duration\n\n{body}\n")
    answer = pipeline.ask("Total favipiravir treatment duration for intubated patients on invasive mechanical ventilation?")
    assert "10 days" in answer.answer and "5 days" not in answer.answer, (answer.answer, answer.notice)


BY_SUBGROUP = ("# Zelparin in advanced disease\n\n## Table 2: Response by Baseline Liver Metastases\n\n"
               "| Subgroup | ORR with Zelparin | ORR with Placebo |\n|---|---|---|\n"
               "| Without liver metastases (n=150) | 61.0% | 22.0% |\n"
               "| With liver metastases (n=40) | 47.0% | 18.0% |\n")



@pytest.mark.parametrize("body", [
    "| Subgroup | Zelparin | Placebo |\n|---|---|---|\n| No prior radiotherapy | 78.0% | 21.0% |\n"
    "| Prior radiotherapy | 64.0% | 30.0% |\n",
    "Patients with no prior radiotherapy had a response rate of 78.0% with zelparin.\n",
], ids=["row-label", "with-no"])
def test_patients_with_no_prior_treatment_are_not_the_pretreated_ones(tmp_path_factory, body):
    answer = one_document_pipeline(tmp_path_factory, "radiotherapy.md", f"# Zelparin\n\n## Response\n\n{body}").ask(
        "Response rate in radiation-pretreated patients with zelparin?")
    assert "78.0%" not in answer.answer, answer.answer


def test_a_drug_class_the_question_asks_for_is_answered_by_the_member_the_document_names(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "oxytocin-regime.md", (
        "# Oxytocin infusion regime\n\n## Hyperstimulation\n\nWhere contractions exceed 4 in 10 minutes, reduce "
        "oxytocin and consider tocolysis using terbutaline 250 micrograms subcutaneously.\n"))
    assert "terbutaline" in pipeline.ask("Hyperstimulation on oxytocin - what tocolytic?").answer
    assert pipeline.ask("What tocolytic dose of nifedipine is used?").abstained  # a drug no document names


def test_a_population_narrowed_by_a_relative_clause_is_not_answered_for_everyone(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "smoking-trial.md", (
        "# Exercise for smoking cessation in pregnancy: trial report\n\n## Results\n\n"
        "Quit rates at the end of pregnancy were 8% with exercise and 7% with behavioural support alone.\n\n"
        "## Other findings\n\nSome women switched to e-cigarettes during the trial.\n"))
    assert "8%" in pipeline.ask("Quit rates at the end of pregnancy with exercise?").answer
    answer = pipeline.ask("Quit rates at the end of pregnancy with exercise and with behavioural support alone among "
                          "pregnant women who switched to e-cigarettes?")
    assert answer.abstained, answer.answer


def test_what_was_the_x_is_not_answered_by_evidence_that_names_no_x(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "exercise-trial.md", (
        "# Exercise for smoking cessation in pregnancy: trial report\n\n## Conclusions\n\n"
        "Exercise plus behavioural support for pregnant smokers was no more effective than behavioural support "
        "alone for smoking cessation.\n"))
    answer = pipeline.ask("Exercise plus behavioural support vs behavioural support alone for smoking cessation in "
                          "pregnant smokers - what was the primary endpoint?")
    assert answer.abstained, answer.answer


@pytest.mark.parametrize("section", [
    "## Treatment duration\n\nFor patients hospitalised and not requiring invasive mechanical ventilation, the "
    "recommended total treatment duration is 5 days.",
    "## Treatment duration\n\nFor patients not mechanically ventilated, the recommended total treatment duration "
    "is 5 days.",
    "## Patients not requiring invasive mechanical ventilation\n\nThe recommended total treatment duration is 5 days.",
], ids=["and-not-requiring", "not-ventilated", "heading"])
def test_the_excluded_population_is_recognised_however_it_is_worded(tmp_path_factory, section):
    pipeline = one_document_pipeline(tmp_path_factory, "antiviral.md", f"# Favipiravir tablets: dosing\n\n{section}\n")
    answer = pipeline.ask("Total favipiravir treatment duration for intubated patients on invasive mechanical ventilation?")
    assert answer.abstained, answer.answer


@pytest.mark.parametrize("document, question, fact", [
    # "without" excludes nothing the question asks about: the capture stops at "in".
    ("# Pre-eclampsia guideline\n\n## Magnesium sulfate\n\nGive magnesium sulfate without delay in severe "
     "pre-eclampsia: a 4 g intravenous loading dose over 5 to 15 minutes.\n",
     "Loading dose of magnesium sulfate in severe pre-eclampsia?", "4 g"),
    # A relative clause's words count in any form: "who are pregnant" and "during pregnancy".
    ("# Iron tablets: patient leaflet\n\n## Dosing\n\nDuring pregnancy, take one 200 mg ferrous sulfate tablet "
     "once a day with water.\n",
     "Ferrous sulfate tablet dose for women who are pregnant?", "200 mg"),
], ids=["without-delay", "who-are-pregnant"])
def test_a_guard_does_not_decline_evidence_about_the_asked_population(tmp_path_factory, document, question, fact):
    answer = one_document_pipeline(tmp_path_factory, "doc.md", document).ask(question)
    assert fact in answer.answer, (answer.answer, answer.notice)


def test_a_population_in_the_title_does_not_make_every_sentence_about_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "amoxicillin.md", (
        "# Amoxicillin capsules for adults and children\n\n## Dosage\n\n"
        "The usual dose of amoxicillin is 500 mg three times daily.\n"))
    answer = pipeline.ask("Usual dose of amoxicillin in children?")
    assert answer.abstained, answer.answer


OBSTETRIC = {
    "oxytocin-induction.md": "# Oxytocin infusion for induction of labour\n\n## Infusion rates\n\n"
                             "Start the oxytocin infusion at 2 milliunits per minute and double it every 30 minutes.\n",
    "carbetocin-caesarean.md": "# Carbetocin to prevent PPH: SOP\n\n## Recommendation\n\n"
                               "Carbetocin is recommended to prevent PPH following caesarean birth, as a single "
                               "100 microgram intravenous dose.\n\n## Other births\n\nAfter a vaginal birth, "
                               "manage the third stage as the postnatal guideline describes.\n",
}


@pytest.fixture(scope="module")
def obstetric(tmp_path_factory) -> Pipeline:
    return documents_pipeline(tmp_path_factory, OBSTETRIC)


def test_an_acronym_another_document_uses_is_not_answered_from_a_document_that_never_does(obstetric):
    """The induction regime never speaks of PPH, which the carbetocin guideline does: its infusion rate
    is no answer for PPH, however near the passage is."""
    assert "2 milliunits" in obstetric.ask("Oxytocin infusion starting rate for induction?").answer
    answer = obstetric.ask("Oxytocin infusion starting rate for PPH?")
    assert answer.abstained, answer.answer


def test_an_acronym_no_document_uses_does_not_decline_the_question(obstetric):
    # Nothing tells what "IOL" means here, so it cannot say the induction regime is about something else.
    assert "2 milliunits" in obstetric.ask("Oxytocin infusion starting rate for IOL?").answer
    # Nor does a kind of document another one calls itself say what a passage is about.
    assert "2 milliunits" in obstetric.ask("Oxytocin infusion starting rate for induction in this SOP?").answer


def test_a_mode_of_birth_the_question_names_is_not_answered_with_the_other(obstetric):
    assert "100 microgram" in obstetric.ask("Is carbetocin recommended to prevent PPH after a caesarean birth?").answer
    answer = obstetric.ask("Is carbetocin recommended to prevent PPH after a vaginal birth?")
    assert answer.abstained, answer.answer


def test_a_comparison_answered_for_one_side_is_joined_by_the_sentence_for_the_other(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "steroid-trial.md", (
        "# Pulsed versus oral steroids in nerve inflammation: a randomised trial\n\n## Methods\n\n"
        "Patients allocated to the pulsed group received a total corticosteroid dose equivalent to 6.15 g of "
        "prednisolone. Nerve function was assessed monthly by a blinded physiotherapist. "
        "The oral-only group took 2.52 g of prednisolone in total.\n"))
    answer = pipeline.ask("Total corticosteroid dose (prednisolone equivalent) in the pulsed group vs the oral-only group?")
    assert "6.15 g" in answer.answer and "2.52 g" in answer.answer, answer.answer


def test_a_topic_question_gets_the_sections_sentences_that_refer_to_the_drug_as_this_medicine(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "leaflet.md", (
        "# Package leaflet: Zelparin tablets\n\n## What you need to know before you take Zelparin\n\n"
        "### Pregnancy and breast-feeding\n\n"
        "The effects of Zelparin on pregnancy and the unborn child are not known. "
        "You should not take this medicine if you are pregnant. "
        "It is not known if Zelparin passes into human breast milk.\n\n"
        "### Driving and using machines\n\nZelparin has not been shown to impair your ability to drive.\n"))
    answer = pipeline.ask("Zelparin in pregnancy?")
    # The section's instruction speaks of "this medicine", not the drug's name; the answer needs it.
    assert "should not take this medicine if you are pregnant" in answer.answer, answer.answer
    assert "breast milk" not in answer.answer and "drive" not in answer.answer, answer.answer


def test_an_answer_to_the_first_of_two_questions_says_the_second_is_not_answered(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "leaflet.md", (
        "# Package leaflet: Zelparin tablets\n\n## How to take Zelparin\n\n"
        "The recommended dose of Zelparin for adults with atrial fibrillation is 5 mg twice a day. "
        "Swallow the tablet with water.\n\n## Possible side effects\n\nZelparin may cause bleeding.\n"))
    answer = pipeline.ask("Recommended dose of Zelparin for adults with atrial fibrillation, and how is it stored?")
    assert "5 mg twice a day" in answer.answer, answer.answer
    assert "how is it stored?" in answer.notice, answer.notice
    assert pipeline.ask("What is the recommended dose of Zelparin for adults with atrial fibrillation?").notice == ""


def test_a_sentence_saying_how_something_was_counted_does_not_answer_what_it_was(tmp_path_factory):
    method = ("# Seasonal chemoprevention in children: a meta-analysis\n\n## Safety\n\n"
              "The most common adverse events with seasonal chemoprevention were pooled across studies for each regimen and "
              "expressed per 1000 courses.\n")
    pipeline = one_document_pipeline(tmp_path_factory, "review.md", method)
    assert pipeline.ask("Most common adverse event with seasonal chemoprevention?").abstained
    # It answers how they were counted, and a result stated beside it still answers.
    assert "pooled" in pipeline.ask("How were adverse events pooled across studies?").answer
    result = method.replace("per 1000 courses.", "per 1000 courses; the most common was vomiting, in 12% of courses.")
    answer = one_document_pipeline(tmp_path_factory, "review.md", result).ask(
        "Most common adverse event with seasonal chemoprevention?")
    assert "vomiting" in answer.answer, answer.answer


def test_a_term_spelled_out_is_found_in_the_short_form_the_document_defines_for_it(tmp_path_factory):
    review = ("# Seasonal chemoprevention in children: a meta-analysis\n\n## Background\n\n"
              "Earlier trials reported a 30% protective efficacy (PE) against clinical malaria.\n\n## Results\n\n"
              "The highest PE was observed with two long-acting drugs combined, SP+AQ or SP+PQ.\n")
    pipeline = one_document_pipeline(tmp_path_factory, "review.md", review)
    answer = pipeline.ask("Which drug combinations gave the highest protective efficacy?")
    assert "SP+AQ" in answer.answer, answer.answer


def test_what_counts_as_something_is_answered_by_a_sentence_that_defines_it_not_one_that_uses_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "news.md", (
        "# Babies who eat peanuts early may avoid allergy\n\n"
        "Among infants at high risk of peanut allergy, eating peanut snacks by 11 months of age cut their chances "
        "of becoming allergic by more than 80%.\n\n"
        "Infants counted as high risk of peanut allergy were those already allergic to egg, with eczema, or both.\n"))
    answer = pipeline.ask("Which infants counted as high risk of peanut allergy?")
    assert "egg" in answer.answer and "80%" not in answer.answer, answer.answer
    assert "80%" in pipeline.ask("How much did eating peanut snacks early cut allergy in infants at high risk?").answer
    # "How many were counted as ..." asks for a count, which a sentence without a definition gives.
    counted = one_document_pipeline(tmp_path_factory, "trial.md", (
        "# Zelparin in relapsing disease\n\n## Results\n\nOf 150 patients given zelparin, 45 were counted as "
        "responders at week 12.\n"))
    assert "45" in counted.ask("How many patients given zelparin were counted as responders at week 12?").answer


def test_a_drug_named_by_the_abbreviation_its_document_defines_is_the_asked_drug(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "trial.md", (
        "# Intravenous methylprednisolone (MP) in nerve inflammation: a randomised trial\n\n## Methods\n\n"
        "High dose IV MP had not been used before in a trial of this reaction. "
        "The MP treated patients in the trial were given 1 gram MP as an IV infusion and prednisolone tablets daily for three days.\n"))
    answer = pipeline.ask("What dose of IV methylprednisolone was given in the trial?")
    assert "1 gram" in answer.answer, answer.answer
    # The sentence beside it names the drug but states no dose: it does not join the answer.
    assert "had not been used" not in answer.answer, answer.answer


def test_a_sentence_nearly_as_close_joins_a_typed_answer_only_if_it_states_that_type_too(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "notes.md", (
        "# Zelparin prescribing notes\n\n## Atrial fibrillation\n\n"
        "The dose of zelparin given in atrial fibrillation is 5 mg twice daily. "
        "The dose of zelparin given in atrial fibrillation should be taken with food.\n"))
    answer = pipeline.ask("What dose of zelparin is given in atrial fibrillation?")
    assert "5 mg twice daily" in answer.answer and "food" not in answer.answer, answer.answer


def test_an_answer_for_one_side_of_a_comparison_says_the_other_side_is_not_answered(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "trial.md", (
        "# Steroid trial\n\n## Results\n\nPatients in the pulsed group received a total prednisolone dose of 6.15 g. "
        "The oral group was followed up monthly.\n"))
    answer = pipeline.ask("Total prednisolone dose in the pulsed group vs the oral group?")
    assert "6.15 g" in answer.answer, answer.answer
    assert '"the oral group"' in answer.notice, answer.notice


def test_a_drug_class_the_question_names_is_answered_by_its_member_without_asking_which(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "bp.md", (
        "# Hypertension in pregnancy\n\n## Treatment of chronic hypertension\n\n"
        "Labetalol is licensed for use in pregnancy and so is suggested as the first-line option, with nifedipine "
        "as the next alternative.\n\n## Monitoring\n\nCheck blood pressure weekly in women taking antihypertensive "
        "medicines.\n"))
    answer = pipeline.ask("First-line antihypertensive in pregnancy, and the alternative?")
    assert "Labetalol" in answer.answer, answer.answer


REGISTRY = """# Trial record: once-weekly glucagon analogue in type 2 diabetes

## Outcome measures

Primary outcome: Change in HbA1c from baseline to week 26 in all randomised patients who received at least one dose (n=412).

## Eligibility

Adults with type 2 diabetes on metformin.
"""


def test_a_change_from_baseline_is_not_answered_by_the_outcome_that_only_names_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "record.md", REGISTRY)
    answer = pipeline.ask("What was the change in HbA1c from baseline to week 26 in the randomised patients?")
    assert answer.abstained, answer.answer
    results = REGISTRY + "\n## Results\n\nHbA1c fell from baseline to week 26 by 1.4% in the randomised patients.\n"
    answer = one_document_pipeline(tmp_path_factory, "record.md", results).ask(
        "What was the change in HbA1c from baseline to week 26 in the randomised patients?")
    assert "1.4%" in answer.answer, answer.answer


FIELDS = """# Protocol for the supply of nicotine replacement by midwives

## Criteria for supply

| Clinical situation | Pregnant women who smoke and want to stop, during pregnancy or up to 1 month after the birth |
| Individuals included | Consent to treatment. 16 years of age or over. (Lozenges only to those over 18 years of age) • Current smoker who wishes to stop |
| Individuals excluded | Allergy to any ingredient of the patch or lozenge, or unstable heart disease in the last four weeks |
| Quantity to be supplied | One original pack of the chosen product, as printed on the label of the pack |
"""


@pytest.fixture(scope="module")
def fields(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "protocol.md", FIELDS)


def test_a_field_table_answers_from_the_prose_of_the_field_whatever_the_other_fields_are_called(fields):
    answer = fields.ask("How long after the birth can nicotine replacement be supplied under this protocol?")
    assert "up to 1 month after the birth" in answer.answer, answer.answer
    assert "Column" not in answer.answer  # a column the table left unnamed is not read out as one


def test_a_field_stating_the_asked_value_in_two_sentences_is_read_whole_under_one_marker(fields):
    answer = fields.ask("What age must individuals included be, and for lozenges?")
    assert "16 years of age" in answer.answer and "18 years of age" in answer.answer, (answer.answer, answer.notice)
    assert len(answer.citations) == 1


DOSAGE = """# Antiviral X: prescribing information

## Dosage

The recommended loading dose is 200 mg on day 1, followed by 100 mg once daily.

For patients not requiring mechanical ventilation, the recommended total treatment duration is 5 days.

For patients requiring mechanical ventilation, the recommended total treatment duration is 10 days.

If a patient does not show clinical improvement, treatment may be extended by up to 5 additional days.

## Storage

Store vials below 30 °C.
"""


def test_a_second_ask_the_best_sentence_leaves_out_is_answered_by_the_sentence_that_speaks_to_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "antiviral.md", DOSAGE)
    answer = pipeline.ask("How many days of treatment for patients not requiring mechanical ventilation, "
                          "and how far can I extend if no improvement?")
    assert "duration is 5 days" in answer.answer and "extended by up to 5 additional days" in answer.answer, answer.answer
    assert "10 days" not in answer.answer  # the patients on ventilation are not the ones asked about


def test_a_condition_named_in_a_heading_does_not_stand_for_the_population_it_contains(tmp_path_factory):
    """"Ectopic pregnancy" in a heading names a condition: a sentence under it is not about pregnant staff."""
    pipeline = one_document_pipeline(tmp_path_factory, "sop.md", (
        "# Nursing SOP\n\n## Intramuscular methotrexate for ectopic pregnancy\n\n### Staff\n\n"
        "The administration of the methotrexate injection may only be performed by a trained member of the clinical "
        "staff who has been deemed competent.\n\n"
        "Staff administering the methotrexate injection should not be pregnant or considering a pregnancy.\n"))
    answer = pipeline.ask("Can a pregnant staff member administer the methotrexate injection?")
    assert "should not be pregnant" in answer.answer and "trained member" not in answer.answer, answer.answer


@pytest.mark.parametrize("name, document, aim, question, purpose_question", [
    ("competency.md", "# Intramuscular injection competency\n\n## Purpose\n\nThe purpose of this competency is to ensure "
     "that staff who give intramuscular methotrexate injections have the knowledge to do so safely.\n\n## Technique\n\n"
     "Give the injection into the gluteal muscle using the Z-track technique.\n", "purpose of this competency",
     "Which injection technique is used for intramuscular methotrexate?", "What is the purpose of the methotrexate competency?"),
    # A bare infinitive under a heading that names an aim says the same.
    ("referral-sop.md", "# Referral for low platelets in pregnancy\n\n## 1.0 Aim of this SOP\n\nTo provide staff with a "
     "clear process for referral of pregnant women with a low platelet count.\n\n## 2.0 Scope\n\nThis SOP applies to "
     "midwives and obstetricians in the maternity unit.\n", "clear process",
     "Referral process for low platelets?", "What is the aim of the low platelets referral SOP?"),
])
def test_a_statement_of_purpose_answers_only_what_it_is_for(tmp_path_factory, name, document, aim, question,
                                                            purpose_question):
    pipeline = one_document_pipeline(tmp_path_factory, name, document)
    answer = pipeline.ask(question)
    assert aim not in answer.answer, answer.answer
    assert aim in pipeline.ask(purpose_question).answer


def test_a_treatment_goal_under_a_goals_heading_still_answers(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "hypertension.md", (
        "# Hypertension in adults\n\n## Goals of the treatment\n\n"
        "To reduce clinic blood pressure below 140/90 mmHg in adults aged under 80 years.\n"))
    assert "140/90" in pipeline.ask("Clinic blood pressure target in adults under 80?").answer


def test_the_other_side_of_a_comparison_is_not_joined_from_another_measure(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "trial.md", (
        "# Rimegepant in migraine: a randomised trial\n\n## Results\n\n"
        "Nausea was reported by 12% of patients taking rimegepant.\n\n"
        "Discontinuation due to adverse events was 3% in patients taking placebo.\n"))
    answer = pipeline.ask("What proportion of patients taking rimegepant vs placebo reported nausea?")
    assert "12%" in answer.answer and "3%" not in answer.answer, answer.answer


def test_an_instruction_starting_like_a_question_answers_a_yes_no_question(tmp_path_factory):
    """"Do not take ibuprofen or other NSAIDs ..." is an answer, not the question asked back."""
    pipeline = one_document_pipeline(tmp_path_factory, "leaflet.md", (
        "# Methotrexate tablets: patient leaflet\n\n## Other medicines and methotrexate\n\n"
        "Do not take ibuprofen or other NSAIDs while you are taking methotrexate, because they can raise "
        "methotrexate levels.\n\nTell your doctor if you take omeprazole.\n"))
    answer = pipeline.ask("Can NSAIDs be taken with methotrexate?")
    assert answer.answer.startswith("Do not take ibuprofen"), answer.answer


def test_a_weight_is_answered_by_the_band_that_holds_it_and_a_time_point_is_not(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "lmwh-pregnancy.md", (
        "# Enoxaparin in pregnancy\n\n## Antenatal prophylactic dose by booking weight\n\n"
        "For a booking weight of 50 – 90 kg give 40 mg daily subcutaneously.\n\n"
        "For a booking weight of 91 – 130 kg give 60 mg daily subcutaneously.\n\n"
        "For a booking weight of 131 - 200 lb give 80 mg daily subcutaneously.\n\n"
        "## Follow-up\n\nPlatelets were checked in weeks 2 to 6 of treatment.\n"))
    answer = pipeline.ask("Antenatal enoxaparin dose, pt weighs 95 kg?")
    assert "60 mg daily" in answer.answer and "40 mg" not in answer.answer, answer.answer
    assert pipeline.ask("Platelet count at week 4 of enoxaparin?").abstained  # a range of weeks states no week 4
    assert pipeline.ask("Antenatal enoxaparin dose, pt weighs 140 kg?").abstained  # a band in pounds says nothing of kg



def test_a_dose_by_weight_band_runs_on_into_the_list_that_completes_it(tmp_path_factory):
    """A leaflet's dose table read as text: "<lower> - < <upper> kg Single dose of N mg taken as" and the
    tablets to take as a one-item list under it. The weight asked is stated by the band holding it."""
    pipeline = one_document_pipeline(tmp_path_factory, "antiviral-leaflet.html", (
        "<html><head><title>Oseltamivir tablets: package leaflet</title></head><body><h1>Oseltamivir tablets</h1>"
        "<h2>How to take Oseltamivir</h2><p>Take Oseltamivir as a single dose as soon as possible within 48 hours of your "
        "symptoms starting.</p><p>Your weight</p><p>Oseltamivir dose &lt; 20 kg Refer to the oral suspension leaflet. "
        "20 kg - &lt; 80 kg Single dose of 40 mg taken as</p><ul><li>2 x 20 mg tablets</li></ul>"
        "<p>80 kg or more</p><p>Single dose of 80 mg taken as</p><ul><li>2 x 40 mg tablets</li></ul>"
        "<p>Oseltamivir can be taken with or without food.</p></body></html>"))
    answer = pipeline.ask("oseltamivir dose 70kg?")
    assert "40 mg" in answer.answer and "2 x 20 mg tablets" in answer.answer, answer.answer
    assert "80 mg" not in answer.answer, answer.answer
    heavy = pipeline.ask("oseltamivir dose, weighs 95 kg")
    assert "80 mg" in heavy.answer and "40 mg taken" not in heavy.answer, heavy.answer



def test_a_patients_lab_value_is_answered_from_the_band_that_holds_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "low-platelets.md", (
        "# Low platelets in pregnancy\n\n## Platelets <150 but >100 x10^9/L\n\n"
        "Repeat the full blood count (FBC) 4 weekly until 32 weeks, then 2 weekly.\n\n"
        "## Platelets below 100 x10^9/L\n\nRefer to the obstetric haematology clinic within 2 weeks and repeat the FBC weekly.\n"))
    mild = pipeline.ask("Platelets 120 - how often to repeat the FBC?")
    assert "4 weekly" in mild.answer and "haematology" not in mild.answer, mild.answer
    low = pipeline.ask("Platelets 90 - how often to repeat the FBC?")
    assert "repeat the FBC weekly" in low.answer and "4 weekly" not in low.answer, low.answer


TRIAL_TABLE = """<html><head><title>Vemurafenib versus dacarbazine in melanoma brain metastases</title></head><body>
<h1>Vemurafenib versus dacarbazine in melanoma brain metastases</h1>
<h2>Intracranial response</h2>
<table>
<thead><tr><th>Population</th><th>Response rate with Vemurafenib</th><th>Response rate with Dacarbazine</th></tr></thead>
<tbody>
<tr><td>Treatment-naive, no prior radiotherapy</td><td>52.0%</td><td>11.5%</td></tr>
<tr><td>Measurable brain lesions, no prior surgery</td><td>47.0%</td><td>9.0%</td></tr>
<tr><td>Vemurafenib-resistant (pooled phase II studies)</td><td>18.0%</td><td>N/A</td></tr>
</tbody></table>
<h2>Background</h2>
<p>Brain metastases develop in 40% of patients with advanced melanoma during their illness.</p>
</body></html>"""


@pytest.fixture(scope="module")
def trial_table(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "melanoma-trial.html", TRIAL_TABLE)


def test_a_drug_heading_a_column_reads_its_column_not_a_row_labelled_with_it(trial_table):
    answer = trial_table.ask("vemurafenib response rate, no prior radiotherapy")
    assert "52.0%" in answer.answer and "18.0%" not in answer.answer, answer.answer


def test_how_often_patients_responded_and_an_incidence_ask_for_a_rate(trial_table):
    answer = trial_table.ask("In treatment-naive patients without radiotherapy, how often did the brain lesions respond on vemurafenib?")
    assert "52.0%" in answer.answer, answer.answer
    assert "40%" in trial_table.ask("incidence of brain mets in advanced melanoma").answer


ADVERSE_EVENTS = ("# Zelparin tablets: prescribing notes\n\n## Dosing\n\nZelparin tablets are taken with water.\n\n"
                  "## Adverse reactions\n\nHeadache was reported in 12% of patients taking zelparin tablets and 4% of "
                  "patients taking placebo.\n")


@pytest.mark.parametrize("question, rate", [
    ("headache on zelparin - how often vs placebo", True),
    ("headache on zelparin, how often?", True),
    ("How often should zelparin tablets be taken?", False),
    ("zelparin dose - how often?", False),
])
def test_a_bare_how_often_after_an_event_asks_for_its_rate_and_one_about_taking_asks_for_a_schedule(
        tmp_path_factory, question, rate):
    pipeline = one_document_pipeline(tmp_path_factory, "zelparin-notes.md", ADVERSE_EVENTS)
    answer = pipeline.ask(question)
    assert ("12%" in answer.answer) is rate, answer.answer


def test_a_row_negating_other_words_does_not_answer_what_the_question_negates(trial_table):
    """Its "no prior surgery" leaves the row about measurable lesions, not the non-measurable ones asked."""
    answer = trial_table.ask("Response rate with vemurafenib for non-measurable brain lesions, no prior surgery?")
    assert "47.0%" not in answer.answer, answer.answer


def test_an_animal_study_does_not_answer_a_question_about_patients(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "zoliflodacin-label.md", (
        "# Zoliflodacin granules: prescribing information\n\n## 2 Dosage\n\nThe dose is 3 g as one oral dose.\n\n"
        "## 8.1 Pregnancy\n\n### Animal Data\n\n"
        "In an embryo-fetal development study in rats given oral doses of up to 500 mg/kg/day (about 3 times the "
        "maximum recommended human dose), there were no "
        "zoliflodacin effects on fetal development or survival.\n"))
    assert pipeline.ask("zoliflodacin effects on fetal development in pregnant women?").abstained
    assert "in rats" in pipeline.ask("zoliflodacin effects on fetal development in animal studies?").answer


def test_an_odds_ratio_or_numbers_asked_for_are_not_answered_by_a_sentence_without_them(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "meta-analysis.md", (
        "# p16 status and survival in oropharyngeal cancer: a meta-analysis\n\n## Background\n\n"
        "Although p16 status is linked with HPV infection in oropharyngeal cancer, no pooled estimate of the "
        "association between p16 status and HPV status has been reported.\n\n## Results\n\n"
        "Composite response was reported in both trials of the pooled analysis.\n"))
    assert pipeline.ask("p16 vs HPV status OR in the meta-analysis").abstained
    assert pipeline.ask("composite response in the pooled trials - numbers?").abstained


def test_a_comparison_reads_the_column_headed_by_the_brand_the_label_introduced(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "quelaro-label.html", (
        "<html><body><h1>QUELARO (apixaban) tablets: prescribing information</h1><h2>14 Clinical studies</h2>"
        "<p>QUELARO was compared with warfarin in 1,200 patients.</p>"
        "<table><thead><tr><th>Outcome</th><th>QUELARO n/N (%)</th><th>Warfarin n/N (%)</th></tr></thead>"
        "<tbody><tr><td>Major bleeding</td><td>31/600 (5.2)</td><td>52/600 (8.7)</td></tr>"
        "<tr><td>Stroke</td><td>12/600 (2.0)</td><td>15/600 (2.5)</td></tr></tbody></table></body></html>"))
    answer = pipeline.ask("major bleeding apixaban vs warfarin - numbers?")
    assert "5.2" in answer.answer and "8.7" in answer.answer, answer.answer


def test_a_dosing_interval_in_shorthand_picks_the_sentence_that_states_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "cefalexin-label.md", (
        "# Cefuroxime: prescribing information\n\n## Switching from intravenous to oral therapy\n\n"
        "A 500 mg oral dose given every 12 hours produces an exposure equivalent to 750 mg of cefuroxime given "
        "intravenously every 12 hours. A 1 g oral dose given every 12 hours produces an exposure equivalent to 750 mg "
        "of cefuroxime given intravenously every 8 hours.\n"))
    answer = pipeline.ask("switching from cefuroxime 750 mg IV q8h to oral - equivalent dose?")
    assert "1 g oral dose" in answer.answer and "500 mg" not in answer.answer, answer.answer


@pytest.mark.unit
def test_shorthand_is_spelled_out_for_the_encoder_and_plain_words_are_left_alone():
    from app.text.lexical import with_long_forms

    assert "(nausea and vomiting)" in with_long_forms("how common is N&V on it?")
    assert with_long_forms("Is it safe with food?") == "Is it safe with food?"


def test_a_restriction_is_not_met_by_a_unit_naming_only_its_drugs(tmp_path_factory):
    """"Who switched from A to B" is a part of the patients; a sentence naming both drugs for everyone is not about it."""
    pipeline = one_document_pipeline(tmp_path_factory, "switch-study.md", (
        "# Pembrolizumab versus nivolumab in melanoma\n\n## Results\n\n"
        "The objective response rate was 40% with pembrolizumab and 32% with nivolumab in all patients.\n"))
    answer = pipeline.ask("ORR in patients who switched from nivolumab to pembrolizumab?")
    assert answer.abstained, answer.answer


# A package leaflet's side effects as EU leaflets print them: a band's label, then the effects in it.
LEAFLET = """<html><head><title>Lansoprazole 30 mg capsules: package leaflet</title></head><body>
<h1>Lansoprazole 30 mg capsules: package leaflet</h1>
<h2>3. How to take lansoprazole</h2><p>Take one capsule once a day before breakfast.</p>
<h2>4. Possible side effects</h2>
<p>Like all medicines, this medicine can cause side effects, although not everybody gets them.</p>
<p>Very common (may affect more than 1 in 10 people):</p>
<ul><li>headache</li><li>feeling sick (nausea)</li><li>stomach pain</li></ul>
<p>Common (may affect up to 1 in 10 people):</p>
<ul><li>dizziness</li><li>dry mouth</li><li>constipation</li></ul>
<p>Rare (may affect up to 1 in 1,000 people):</p>
<ul><li>swelling of the breasts in men</li><li>hair loss</li></ul>
</body></html>"""


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "lansoprazole-leaflet.html", LEAFLET)


@pytest.mark.parametrize("question, band", [
    ("How common is nausea with lansoprazole?", "more than 1 in 10"),
    ("how common is dizziness on lansoprazole", "up to 1 in 10"),
    ("How common is hair loss with lansoprazole?", "up to 1 in 1,000"),
])
def test_how_common_an_effect_is_answered_by_the_band_over_the_line_naming_it(leaflet, question, band):
    answer = leaflet.ask(question)
    assert not answer.abstained and band in answer.answer, answer.answer
    assert len(answer.citations) == 2  # the band's label and the line of effects, each quoted


def test_an_effect_the_leaflet_does_not_list_gets_no_band(leaflet):
    answer = leaflet.ask("How common is blurred vision with lansoprazole?")
    assert answer.abstained, answer.answer


SUBGROUPS = """<html><head><title>Dabrafenib and trametinib in melanoma brain metastases</title></head><body>
<h1>Dabrafenib and trametinib in melanoma brain metastases</h1>
<h2>Table 1: Intracranial Response Rates (ICRR)</h2>
<table>
<thead><tr><th>Population</th><th>Dabrafenib</th><th>Trametinib</th><th>Notes</th></tr></thead>
<tbody>
<tr><td>Treatment-naive (2019 cohort)</td><td>58.0% (Prior surgery) 41.0% (No prior surgery)</td><td>30.0% (Prior surgery) 22.0% (No prior surgery)</td><td>n=40</td></tr>
<tr><td>Second-line (2019 cohort)</td><td>35.0%</td><td>N/A</td><td>n=25</td></tr>
</tbody></table>
<h2>Methods</h2>
<p>Intracranial response rate (ICRR) was assessed by blinded central review every 8 weeks.</p>
<p>The 2021 registry enrolled 412 patients across 14 hospitals.</p>
<h2>Guidelines</h2>
<p>Guidelines give a Level II recommendation for dabrafenib in leptomeningeal disease.</p>
</body></html>"""


@pytest.fixture(scope="module")
def subgroups(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "melanoma-subgroups.html", SUBGROUPS)


@pytest.mark.parametrize("question", ["What does ICRR stand for?", "ICRR = ?", "icrr stands for what"])
def test_what_an_abbreviation_stands_for_is_answered_where_the_document_spells_it_out(subgroups, question):
    answer = subgroups.ask(question)
    assert "Intracranial response rate (ICRR)" in answer.answer and "%" not in answer.answer, answer.answer


def test_a_comparison_of_two_rows_gives_both_rows_values(subgroups):
    answer = subgroups.ask("ICRR in treatment-naive vs second-line patients on dabrafenib?")
    assert "58.0%" in answer.answer and "35.0%" in answer.answer, answer.answer


def test_a_comparison_of_a_cells_two_qualified_values_gives_both(subgroups):
    answer = subgroups.ask("dabrafenib ICRR, prior surgery vs no prior surgery?")
    assert "58.0%" in answer.answer and "41.0%" in answer.answer, answer.answer
    one = subgroups.ask("dabrafenib ICRR with no prior surgery?")
    assert "41.0%" in one.answer and "58.0%" not in one.answer, one.answer


def test_a_study_named_by_its_year_is_not_answered_from_another_years_study(subgroups):
    assert "412" in subgroups.ask("size of the 2021 registry?").answer
    answer = subgroups.ask("How many patients did the 2019 cohort's registry enrol?")
    assert "412" not in answer.answer, answer.answer


PROTOCOLS = """# Dabrafenib in routine care

## Study protocols

To support the results above, here are the methods of the key studies.

- **Study Name:** Nordic Registry Study (2021) [3]
- **Objective:** To compare early with delayed dabrafenib in routine care in Scandinavia.
- **Design & Population:** A retrospective analysis of 640 patients with melanoma conducted across eleven hospitals.
- **Relevance:** The analysis shows that results of the trials hold in clinical practice.
"""


@pytest.fixture(scope="module")
def protocols(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "protocols.md", PROTOCOLS)


def test_a_count_asked_of_a_record_is_answered_by_its_item_stating_it_beside_the_item_naming_it(protocols):
    answer = protocols.ask("how many patients were in the Nordic registry study?")
    assert "640 patients" in answer.answer and "Nordic Registry Study" in answer.answer, answer.answer
    assert len(answer.citations) == 2


def test_a_record_another_study_names_does_not_answer_for_the_asked_one(protocols):
    answer = protocols.ask("how many patients were in the 2019 Nordic registry study?")
    assert answer.abstained, answer.answer


def test_a_value_asked_of_each_group_gives_every_rows_value(subgroups):
    answer = subgroups.ask("how many patients were in each 2019 cohort given dabrafenib?")
    assert "n=40" in answer.answer and "n=25" in answer.answer, answer.answer


def test_a_value_asked_of_the_two_cohorts_gives_both_rows_values(subgroups):
    answer = subgroups.ask("dabrafenib ICRR: which of the two 2019 cohorts was higher, and what were the numbers?")
    assert "58.0%" in answer.answer and "35.0%" in answer.answer, answer.answer


def test_the_sentence_beside_the_best_one_joins_when_it_states_a_figure_on_the_question(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "trial.md", (
        "# Zelparin in chronic migraine: a randomised trial\n\n## Participants\n\n"
        "The investigators enrolled 412 adults with chronic migraine from nine clinics. "
        "Participants were randomised to zelparin (206 patients) or placebo (206 patients).\n"))
    answer = pipeline.ask("How many patients were randomised in the zelparin migraine trial?")
    assert "412" in answer.answer and "206" in answer.answer, answer.answer


def test_a_figure_beside_the_best_sentence_on_something_else_does_not_join(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "notes.md", (
        "# Zelparin prescribing notes\n\n## Atrial fibrillation\n\n"
        "The dose of zelparin given in atrial fibrillation is 5 mg twice daily. "
        "Store the tablets below 25 degrees in the original package.\n"))
    answer = pipeline.ask("What dose of zelparin is given in atrial fibrillation?")
    assert "5 mg twice daily" in answer.answer and "25" not in answer.answer, answer.answer


def test_a_tables_list_of_abbreviations_answers_what_they_stand_for_and_no_value(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"zelparin-notes.md": ADVERSE_EVENTS, "trial.md": (
        "# Zelparin prophylaxis in intensive care: a randomised trial\n\n## Abbreviations\n\n"
        "FSI: fungal score index; group Z: zelparin group; group C: control group; D3: third day of stay; "
        "D9: ninth day of stay.\n")})
    assert pipeline.ask("FSI at day 9 zelparin vs control").abstained
    assert "fungal score index" in pipeline.ask("what does FSI stand for?").answer


COUNTERFACTUAL = ("# DrugA versus drugB in Zorbian syndrome: an open randomised trial\n\n"
                  "## Methods\n\n### Blinding\n\nBlinding was not feasible in this trial because the two drugs were "
                  "given on different schedules.\n\n### Participants\n\nAdults with Zorbian syndrome were randomised "
                  "to drugA or drugB.\n\n## Discussion\n\n### Limitations\n\nIf patients and investigators had been "
                  "blinded to the drugA and drugB trial assignments, the trial would have been further "
                  "strengthened.\n")


def test_a_counterfactual_sentence_says_what_was_not_done_and_answers_nothing(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "drugA-trial.md", COUNTERFACTUAL)
    answer = pipeline.ask("Was the drugA trial blinded?")
    assert "Blinding was not feasible" in answer.answer and "would have been" not in answer.answer


def test_a_hyphenated_compound_is_found_in_the_synonyms_of_its_parts(tmp_path_factory):
    """"Radiation-pretreated" is the "prior radiotherapy" row, and not the "No prior radiotherapy" one."""
    answer = one_document_pipeline(tmp_path_factory, "radiotherapy.md", (
        "# Zelparin\n\n## Response by prior radiotherapy\n\n| Subgroup | Zelparin | Placebo |\n|---|---|---|\n"
        "| No prior radiotherapy | 78.0% | 21.0% |\n| Prior radiotherapy | 64.0% | 30.0% |\n")).ask(
        "placebo arm response in the radiation-pretreated subgroup?")
    assert "30.0%" in answer.answer and "21.0%" not in answer.answer, answer.answer


VIGNETTE_DOC = ("# Zelparin versus placebo in ALK-positive lung cancer with brain metastases\n\n"
                "This summary covers adults with ALK-positive lung cancer and brain metastases. Patients with EGFR "
                "mutations were excluded.\n\n## Efficacy\n\n"
                "| Study / Metric | Zelparin | Placebo | P value |\n|---|---|---|---|\n"
                "| Time to brain progression | Significantly longer | (Reference) | P < 0.001 |\n")


def test_a_patients_story_the_document_is_about_does_not_hide_the_answer(tmp_path_factory):
    """The story before the ask says who the patient is; the document says it once, in its opening."""
    answer = one_document_pipeline(tmp_path_factory, "vignette.md", VIGNETTE_DOC).ask(
        "my pt has ALK+ lung cancer with brain mets, does zelparin help more than placebo?")
    assert "Significantly longer" in answer.answer, answer.answer


def test_a_patient_the_document_excludes_is_not_answered_with_its_results(tmp_path_factory):
    answer = one_document_pipeline(tmp_path_factory, "vignette.md", VIGNETTE_DOC).ask(
        "my pt has EGFR-mutant lung ca with brain mets, does zelparin help more than placebo?")
    assert "Significantly longer" not in answer.answer, answer.answer



RESPONSE_DOC = ("# Zelparin in advanced disease\n\n## Study design\n\n- **Imaging:** Mandatory brain imaging was conducted at "
                "baseline and every 8 weeks thereafter until disease progression.\n- **Criteria:** Intracranial response was "
                "evaluated using RANO-BM criteria for a more specialized assessment of brain metastases.\n\n## Efficacy\n\n"
                "The objective response rate was 61% with zelparin. The median duration of response was 14.2 months.\n")


def test_how_long_brain_responses_last_is_not_answered_by_the_systemic_duration_or_the_imaging_schedule(tmp_path_factory):
    answer = one_document_pipeline(tmp_path_factory, "response.md", RESPONSE_DOC).ask(
        "duration of intracranial response on zelparin?")
    assert answer.abstained, answer.answer


def test_the_duration_of_response_is_answered_in_its_other_names(tmp_path_factory):
    answer = one_document_pipeline(tmp_path_factory, "response.md", RESPONSE_DOC).ask("response duration with zelparin?")
    assert "14.2 months" in answer.answer, answer.answer


POPULATIONS_LABEL = (
    "# Velparin tablets: prescribing information\n\n## Renal impairment\n\n"
    "In patients with no or mild renal impairment, no dose adjustment is needed. In moderate renal impairment "
    "(CrCl 30-59 mL/min), the dose is 75 mg once daily.\n\n## Myopathy\n\n"
    "Patients with no history of myopathy may restart velparin at 10 mg once daily after CK normalises; patients "
    "with a history of statin myopathy should not be rechallenged. In patients aged 75 years or older, start "
    "velparin at 10 mg.\n\n## Table 3: Remission in anti-TNF-naive and anti-TNF-experienced patients\n\n"
    "| Subgroup | Velparin | Placebo |\n|---|---|---|\n| No prior anti-TNF therapy | 34% | 12% |\n"
    "| Prior anti-TNF failure | 21% | 9% |\n\n## Table 4: Starting dose by renal function\n\n"
    "| Renal function | Starting dose |\n|---|---|\n| No renal impairment (CrCl 90 mL/min or more) | 20 mg |\n"
    "| Moderate renal impairment | 10 mg |\n\n## Table 5: Intracranial response by prior brain radiotherapy\n\n"
    "| Subgroup | Velparin intracranial ORR |\n|---|---|\n| Prior brain radiotherapy | 71% |\n"
    "| No prior brain radiotherapy | 82% |\n")


@pytest.mark.parametrize("question, fact, wrong", [
    # "No or mild" names both sides: the mild side is not excluded.
    ("velparin dose in mild renal impairment?", "no dose adjustment", "75 mg"),
    # What "no history of" excludes ends at the verb: the sentence still speaks of the history itself.
    ("pt with history of myopathy, restart velparin at what dose?", "should not be rechallenged", "aged 75"),
    # Asked about the patients who never had it, the "No prior" row is theirs.
    ("velparin remission in anti-TNF-naive patients?", "34%", "21%"),
    ("velparin starting dose with normal renal function?", "20 mg", "10 mg"),
    # "X-naive" negates X as "without X" does: the "Prior X" row is the other patients'.
    ("velparin intracranial ORR in radiation-naive patients?", "82%", "71%"),
])
def test_a_negated_population_is_the_asked_one_where_the_question_names_the_same_patients(tmp_path_factory, question, fact, wrong):
    answer = one_document_pipeline(tmp_path_factory, "velparin-label.md", POPULATIONS_LABEL).ask(question)
    lead, other = answer.answer.find(fact), answer.answer.find(wrong)
    assert lead >= 0 and (other < 0 or other > lead), answer.answer  # the other patients' value, said of them, may follow


DIABETES_TABLE = ("# Velparin: lipid trial\n\n## Table 7: LDL-C reduction by diabetes status\n\n"
                  "| Subgroup | Velparin 20 mg | Placebo |\n|---|---|---|\n| With diabetes | -41% | -2% |\n"
                  "| Without diabetes | -44% | -3% |\n")



STROKE_TABLE = ("# Zelparin versus warfarin in atrial fibrillation\n\n## Efficacy\n\nStroke or systemic embolism occurred "
                "at 1.3% per year with zelparin and 1.7% per year with warfarin.\n\n## Table 2: Stroke rate by prior stroke or TIA\n\n"
                "| Subgroup | Zelparin | Warfarin |\n|---|---|---|\n| Prior stroke or TIA | 2.4%/year | 2.9%/year |\n"
                "| No prior stroke or TIA | 0.9%/year | 1.3%/year |\n")



@pytest.mark.parametrize("document, question, fact, other", [
    # The heading names the subgroup for both rows: it does not make the "Without" row about the patients with it.
    (BY_SUBGROUP, "With liver metastases - ORR?", "47.0%", "61.0%"),
    (BY_SUBGROUP, "ORR with liver mets zelparin vs placebo?", "47.0%", "61.0%"),
    (BY_SUBGROUP, "without liver mets - ORR?", "61.0%", "47.0%"),
    # A negation in the row label ("Without diabetes") is the row's, not the placebo column's; and a
    # glued "nondiabetic" is the same negation.
    (DIABETES_TABLE, "velparin LDL reduction in patients without diabetes?", "-44%", "-41%"),
    (DIABETES_TABLE, "velparin LDL reduction in non-diabetic patients?", "-44%", "-41%"),
    (DIABETES_TABLE, "velparin LDL reduction in nondiabetic patients?", "-44%", "-41%"),
    # A row's label is about whom the row is for: one word of the question negated there is the other patients.
    (DIABETES_TABLE, "velparin LDL reduction in diabetics?", "-41%", "-44%"),
    # The subgroup "patients with X" names is not answered with the whole trial's rate.
    (STROKE_TABLE, "stroke rate with zelparin in patients with prior stroke?", "2.4", "1.3% per year"),
    (STROKE_TABLE, "zelparin stroke rate in pts with no prior stroke?", "0.9", "1.3% per year"),
    (STROKE_TABLE, "zelparin stroke rate in pts with prior TIA?", "2.4", "1.3% per year"),
])
def test_a_subgroup_is_answered_from_the_asked_patients_row(tmp_path_factory, document, question, fact, other):
    answer = one_document_pipeline(tmp_path_factory, "trial.md", document).ask(question)
    assert fact in answer.answer and other not in answer.answer, (answer.answer, answer.notice)


# A procedure headed by its publisher and a label headed by its document type: neither title names the drug.
PROCEDURE = """WESTBRIDGE HEALTHCARE NHS TRUST

INTRAVENOUS VANCOMYCIN: DOSING AND MONITORING IN ADULTS

1. SCOPE

This procedure covers intravenous vancomycin for adult inpatients. Vancomycin is given by intermittent infusion.

2. MAINTENANCE DOSE BY CREATININE CLEARANCE

CrCl (mL/min)       Maintenance dose    Dosing interval
More than 55        1000 mg             every 12 hours
30 to 55            750 mg              every 24 hours
Less than 30        500 mg              every 48 hours - discuss with pharmacist

3. ADMINISTRATION

Infuse vancomycin at no more than 10 mg/min. Check vancomycin levels before the fourth dose; vancomycin
levels guide later doses of vancomycin.

4. RECORDS

Record each vancomycin dose and each vancomycin level on the vancomycin chart. Stop vancomycin and tell the
pharmacist if a vancomycin level is above 25 mg/L.
"""

SMPC = """SUMMARY OF PRODUCT CHARACTERISTICS

1. NAME OF THE MEDICINAL PRODUCT

Apixaban 5 mg film-coated tablets

4.2 Posology

Treatment of PE: apixaban 10 mg twice daily for 7 days, then 5 mg twice daily. Apixaban tablets may be crushed.
Apixaban is taken with or without food. Missed dose of apixaban: take it as soon as remembered.

4.8 Undesirable effects

Bleeding was the most common adverse reaction to apixaban.
"""


@pytest.fixture(scope="module")
def untitled(tmp_path_factory) -> Pipeline:
    return documents_pipeline(tmp_path_factory, {"vancomycin-procedure.txt": PROCEDURE, "smpc.txt": SMPC})


def test_a_document_whose_title_names_no_drug_is_about_the_drug_it_names_throughout(untitled):
    answer = untitled.ask("apixaban maintenance dose CrCl 40")
    assert answer.abstained, answer.answer  # the renal table is the other document's drug's
    answer = untitled.ask("vancomycin maintenance dose CrCl 40")
    assert not answer.abstained and "750 mg" in answer.answer and "every 24 hours" in answer.answer, answer.answer
    assert "1000 mg" not in answer.answer and "500 mg" not in answer.answer  # the row, not the table


# A renal dosing table of many bands, in a procedure that names the drug, doses and clearances throughout.
BANDS = [("More than 130", "1750 mg", "every 12 hours"), ("121 to 130", "1500 mg", "every 12 hours"),
         ("111 to 120", "1500 mg", "every 12 hours"), ("101 to 110", "1250 mg", "every 12 hours"),
         ("91 to 100", "1250 mg", "every 12 hours"), ("81 to 90", "1000 mg", "every 12 hours"),
         ("75 to 80", "1000 mg", "every 12 hours"), ("55 to 74", "750 mg", "every 12 hours"),
         ("45 to 54", "500 mg", "every 12 hours"), ("40 to 44", "500 mg", "every 12 hours"),
         ("35 to 39", "750 mg", "every 24 hours"), ("30 to 34", "750 mg", "every 24 hours"),
         ("20 to 29", "500 mg", "every 24 hours"), ("Less than 20", "500 mg", "every 48 hours")]
LONG_TABLE = "\n".join([
    "INTRAVENOUS VANCOMYCIN IN ADULTS", "",
    "1. LOADING DOSE", "",
    "Give vancomycin 25 mg/kg (maximum 2000 mg) as a loading dose, whatever the creatinine clearance.", "",
    "2. MAINTENANCE DOSE BY CREATININE CLEARANCE", "",
    f"{'CrCl (mL/min)':<20}{'Maintenance dose':<20}Dosing interval",
    *[f"{band:<20}{dose:<20}{interval}" for band, dose, interval in BANDS], "",
    "Recalculate creatinine clearance and the vancomycin dose whenever a new creatinine result is available.", "",
    "3. DOSE ADJUSTMENT BY TROUGH LEVEL", "",
    f"{'Trough (mg/L)':<16}Action",
    f"{'Less than 10':<16}Increase each dose by 250 mg.",
    f"{'10 to 15':<16}Continue the same dose.",
    f"{'15.1 to 20':<16}Continue if the target is 15 to 20 mg/L; otherwise reduce each dose by 250 mg.",
    f"{'20.1 to 25':<16}Withhold the next dose and recheck the level in 12 hours.",
    f"{'More than 25':<16}Withhold vancomycin and inform the medical team the same day.", "",
    "4. MONITORING", "",
    "Take a vancomycin trough level before the fourth dose. If creatinine clearance falls by more than 25%,",
    "withhold the next vancomycin dose and discuss with the pharmacist.", ""])


def test_the_band_row_that_answers_is_read_though_retrieval_ranked_its_neighbours_first(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "vancomycin.txt", LONG_TABLE)
    answer = pipeline.ask("vancomycin maintenance dose CrCl 60")
    assert not answer.abstained and "750 mg" in answer.answer and "every 12 hours" in answer.answer, answer.answer
    assert "55 to 74" in answer.answer
    # However few passages retrieval hands on, every row of the table the best of them belongs to follows.
    inputs = pipeline.chain.invoke({"question": "vancomycin maintenance dose CrCl 60", "sources": None, "timings": {}, "top_k": 2})
    rows = [p.chunk.text.split()[0:3] for p in inputs["passages"] if p.chunk.kind == "table_row"]
    assert len(rows) == len(BANDS) and ["55", "to", "74"] in rows


def test_a_level_is_answered_by_the_row_whose_band_holds_it_not_a_neighbour(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "vancomycin.txt", LONG_TABLE)
    answer = pipeline.ask("vanc trough 22 - what to do?")
    assert not answer.abstained and "Withhold the next dose" in answer.answer, answer.answer
    # Another measurement's figure beside it is not the level's band.
    answer = pipeline.ask("vanc trough 12, WCC 30 - what to do?")
    assert "Withhold" not in answer.answer and "Increase" not in answer.answer, answer.answer


def test_a_document_is_about_one_drug_only_when_it_names_it_far_more_often_than_any_other():
    from app.text.lexical import main_drug
    assert main_drug("Apixaban tablets. " * 20 + "Warfarin. " * 3) == "apixaban"
    assert main_drug("Morphine dose. " * 27 + "Phenobarbital dose. " * 9) == ""  # a guideline weighing two
    assert main_drug("Apixaban tablets. " * 9) == ""  # named too seldom to say


def test_a_population_the_question_excludes_is_answered_by_evidence_excluding_it_not_by_its_opposite(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "cap-children.md", (
        "# Community-acquired pneumonia in children: antibiotics\n\n## Duration\n\n"
        "For non-severe CAP treated with oral amoxicillin, a total course of 3 days is sufficient for most children.\n\n"
        "For moderate or severe CAP, give a total of 5 days.\n"))
    answer = pipeline.ask("how many days abx for non-severe paeds CAP?")
    assert not answer.abstained and "3 days" in answer.answer and "5 days" not in answer.answer, answer.answer


MONOGRAPH = """# Tivaclor oral suspension: paediatric monograph

## Dose adjustment in renal impairment

If eGFR is below 30 mL/min/1.73 m2, give the usual weight-band dose every 24 hours instead of every 12 hours.

No dose adjustment is needed if eGFR is 30 mL/min/1.73 m2 or above.
"""

GOUT = """# Gout: diagnosis and management

## Urate-lowering therapy

Offer allopurinol or febuxostat as first-line urate-lowering therapy to people with gout who have frequent flares.

Start allopurinol at 100 mg once daily and increase by 100 mg every 4 weeks until the target serum urate is reached.
"""


@pytest.fixture(scope="module")
def monograph(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"tivaclor-monograph.md": MONOGRAPH, "gout-guideline.md": GOUT})


@pytest.mark.parametrize("question", ["allopurinol dose adjustment for eGFR below 30?",
                                      "febuxostat dose adjustment in renal impairment, eGFR 20?"])
def test_a_document_that_never_names_the_asked_drug_does_not_answer_for_it(monograph, question):
    """The monograph's drug is in no dictionary, so none of its passages names another drug; but it never
    names the drug asked about, and its renal dosing is not that drug's."""
    a = monograph.ask(question)
    assert a.abstained, a.answer


def test_the_documents_own_drug_is_still_answered(monograph):
    a = monograph.ask("tivaclor dose adjustment for eGFR below 30?")
    assert "every 24 hours" in a.answer, a.answer


def test_a_threshold_with_a_unit_per_body_surface_has_its_side():
    assert threshold_sides("No adjustment is needed if eGFR is 30 mL/min/1.73 m2 or above.")[0] == (30.0, "above")
    assert threshold_sides("eGFR 30 mL/min/1.73m² or more")[0] == (30.0, "above")
    assert threshold_sides("eGFR 30 mL/min per 1.73 m2 or above")[0] == (30.0, "above")


def test_the_other_side_of_the_asked_threshold_does_not_join_the_answer(monograph):
    a = monograph.ask("tivaclor dose adjustment for eGFR below 30?")
    assert "every 24 hours" in a.answer and "30 mL/min/1.73 m2 or above" not in a.answer, a.answer
    a = monograph.ask("tivaclor dose if eGFR 45?")
    assert a.answer.startswith("No dose adjustment is needed"), a.answer


def test_a_patients_lab_value_outside_a_band_with_its_unit_is_not_answered_by_it(monograph):
    a = monograph.ask("tivaclor eGFR 20 - dose adjustment?")
    assert "every 24 hours" in a.answer and "No dose adjustment is needed" not in a.answer, a.answer



@pytest.mark.parametrize("question, evidence, misses", [
    ("risk in pts with eGFR<60 on opioid + sedative?", "The adjusted HR for hospitalisation was 1.68.", True),
    ("risk in pts with eGFR<60 on opioid + sedative?", "In people with an eGFR below 60 the HR was 2.27.", False),
    ("dose in AF with CrCl 20?", "In severe renal impairment give 10 mg once daily.", False),  # the organ's function
    ("dose in AF with CrCl 20?", "Standard AF dose: 20 mg once daily.", True),
    ("transfuse if Hb under 80?", "Transfuse when haemoglobin is below 70 g/L.", False),  # a synonym
    ("loading dose for weight 72 kg?", "Give 25 mg/kg.", False),  # a weight is stated by its unit
    ("magnesium 4 g loading dose - over how long?", "Give MgSO4 4 g IV over 15 minutes.", False),  # a dose
    # Other labs are named by the conditions they define, which is not checked.
    ("potassium 6.8 - what IV treatment?", "In severe hyperkalaemia give calcium gluconate.", False),
    ("risk with eGFR<60?", "In stage 4 CKD the hazard ratio was 2.1.", False),
])
def test_asked_with_a_lab_value_the_evidence_must_name_the_measurement_or_its_organ(question, evidence, misses):
    assert misses_measurement(question, evidence) is misses


def test_a_risk_for_people_not_taking_a_treatment_does_not_answer_for_those_taking_it(tmp_path_factory):
    """"Women who are not taking HRT" are the others (the lexicon knows HRT, so it counts as a concept too)."""
    pipeline = one_document_pipeline(tmp_path_factory, "hormone-leaflet.md", (
        "# Package leaflet: Estrotab tablets\n\n## Ovarian cancer\n\n"
        "In women aged 50 to 54 who are not taking HRT, about 2 women in 2,000 will be "
        "diagnosed with ovarian cancer over a 5-year period.\n"))
    answer = pipeline.ask("ovarian cancer risk after 5 yrs of HRT?")
    assert answer.abstained, answer.answer
