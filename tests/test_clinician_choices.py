"""Clinicians' questions in their own words on documents nobody tuned for: a choice ("was the trial in
treatment-naive or previously treated pts?"), shorthand ("ic orr", "radiotx", "CS", "wk24", "stat method",
"drug dev"), a dose or range of one drug among several, a study named by its document's title, captions,
"both arms", "at A not B", and how something was done ("how was X uptitrated?")."""

import pytest

from app.answer.answerability import asks_which
from app.answer.coverage import TermCoverage
from conftest import answered, documents_pipeline, row_unit, sentence_unit

# An invented product and trials: no dictionary or model can know them.
NOTE = """Velotinib in ROS9-positive lung cancer: CNS efficacy

Table 2: Intracranial Objective Response Rates (IC-ORR)

Patient Population\tIC-ORR with Velotinib\tIC-ORR with Sarotinib\tStudy Details
TKI-Naive, Measurable CNS Mets (KITE-1 Trial) [1]\t80.0% (Prior XRT) 70.5% (No Prior XRT)\t60.0% (Prior XRT) 35.5% (No Prior XRT)\tIRC-assessed
Real-World, Treatment-Naive (2023 Retrospective) [2]\t83.3%\tN/A\tCohort 1 (n=12 with target lesions)
Real-World, Post-Sarotinib (2023 Retrospective) [2]\t71.0%\tN/A\tCohort 2 (n=21 with target lesions)

Study protocols

- **Study Name:** Phase III KITE-1 Trial [1]
- **Objective:** To compare the efficacy and safety of velotinib versus sarotinib in treatment-naive patients with advanced ROS9-positive NSCLC.
- **Imaging:** Brain MRI was done at baseline and every 6 weeks until progression.
- **Study Name:** 2024 Real-World Comparative Study [3]
- **Statistical Adjustment:** Inverse probability of treatment weighting was used to balance patient characteristics across treatment groups.
"""


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"velotinib-note.txt": NOTE})


@pytest.mark.unit
@pytest.mark.parametrize("question, which", [
    ("was KITE-1 in treatment naive or previously treated pts", True),
    ("in KITE-1 were the CNS endpoints investigator-read or centrally reviewed?", True),
    ("did velotinib improve survival or response?", False),  # an outcome: evidence first
    ("does testosterone affect UPA or LNG?", False),  # an effect asked
    ("twins or triplets - should they get steroids?", False),  # a recommendation asked
    ("can it be taken with omeprazole or other acid suppressants?", False),
    ("was KITE-1 open-label?", False),
    ("is it safe in pregnancy or breastfeeding?", False),  # a judgement of each
    ("can it be used in renal or hepatic impairment?", False),
    ("is dose adjustment needed in elderly or renal pts?", False),
    ("does velotinib cause QT prolongation or bradycardia?", False),  # whether, of each
    ("is velotinib linked to QT prolongation or bradycardia?", False),
])
def test_a_choice_between_two_alternatives_asks_which(question, which):
    assert asks_which(question) is which


@pytest.mark.integration
def test_a_choice_of_population_is_answered_by_the_objective_naming_it(note):
    # Asked as a yes/no question, the objective that names the population is no restatement to skip.
    answer = answered(note, "was KITE-1 in treatment naive or previously treated pts")
    assert "treatment-naive patients" in answer


@pytest.mark.integration
def test_a_measure_asked_with_its_hyphen_left_out_is_read_from_its_column(note):
    answer = answered(note, "real world 2023 retrospective - ic orr in the treatment-naive cohort?")
    assert "83.3%" in answer


@pytest.mark.integration
def test_radiotherapy_clipped_to_radiotx_picks_the_cell_value(note):
    answer = answered(note, "sarotinib IC-ORR in the no-prior-radiotx group in KITE-1")
    assert "35.5%" in answer and "60.0%" not in answer


# An invented protocol and leaflet; the brands of a real drug are asked by the dictionary's names.
PROTOCOL = """Obesity in pregnancy: local protocol

10 Labour and birth

10.4 Women undergoing caesarean section who have more than 3cms subcutaneous fat should have the subcutaneous
space sutured to lower the risk of wound infection.

Weight loss medicines: questions and answers

In the HERON-3 trial, adults taking tirzepatide lost 19.7% of their average body weight at 60 weeks.
"""


@pytest.fixture(scope="module")
def protocol(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"protocol.txt": PROTOCOL})


@pytest.mark.integration
def test_clinicians_shorthand_lscs_and_subcut_is_read(protocol):
    assert "3cms" in answered(protocol, "LSCS with lots of fat - suture the subcut space?")


@pytest.mark.integration
def test_two_brands_of_one_drug_asked_together_are_the_drug(protocol):
    assert "19.7%" in answered(protocol, "mounjaro/zepbound avg wt loss in HERON-3")


@pytest.mark.unit
@pytest.mark.parametrize("question, interaction", [("pt on warfarin, ok to add clarithromycin?", True),
                                                   ("taking sertraline - safe to start tramadol?", True),
                                                   ("pt on warfarin, what INR target?", False)])
def test_ok_to_add_a_second_medicine_asks_whether_they_go_together(question, interaction):
    assert ("#interaction" in TermCoverage(2.0, lambda t: 1.0).question_terms(question).types) is interaction


# An invented trial report (real drug names: the dictionary's names are what is under test).
TRIAL = """Liraglutide added to a sulphonylurea in type 2 diabetes (KESTREL-2 SU)

Safety

At screening, four patients had been previously diagnosed with pancreatitis. One subject developed chronic
pancreatitis whilst taking liraglutide 0.6 mg.

Indices of pancreatic beta-cell function

Variable\tTreatment\tBaseline\tWeek 26
HOMA-B (%)\tPlacebo\t50 ± 30.1\t52 ± 40.2
HOMA-B (%)\tLiraglutide\t49 ± 31.7\t71 ± 45.0

Principal investigators for the KESTREL-2 SU study group

The principal investigators for the KESTREL-2 SU study group were: Abel A, Baker B, Carter C, Dunn D.

Discussion

Nausea with exenatide ranged from 37% with 5 µg to 49% with 10 µg compared with 9.5% for liraglutide.
In clinical use, liraglutide doses run from 0.6 mg to 1.8 mg a day.
"""


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"trial.txt": TRIAL})


@pytest.mark.unit
def test_an_inflammation_is_no_form_of_its_organs_word():
    from app.answer.units import same_word
    from app.text.lexical import tokenize
    assert tokenize("pancreatitis") != tokenize("pancreatic") and tokenize("hepatitis") != tokenize("hepatic")
    assert tokenize("dermatitides") == tokenize("dermatitis")
    assert not same_word("pancreatitis", "pancreat") and same_word("respons", "respond")


@pytest.mark.integration
def test_a_disease_is_not_answered_by_its_organs_indices_nor_the_studys_investigators(trial):
    answer = answered(trial, "any pancreatitis in KESTREL-2 SU?")
    assert "pancreatitis" in answer and "HOMA" not in answer and "Abel" not in answer


@pytest.mark.unit
def test_a_bracketed_study_name_of_two_words_is_the_titles_name():
    from app.answer.titles import title_names
    assert title_names("Liraglutide added to a sulphonylurea (KESTREL-2 SU)") == ("KESTREL-2 SU",)
    assert title_names("Drug X in heart failure (ZEPHYR-2)") == ("ZEPHYR-2",)
    assert title_names("Velotinib (Velotab 5 MG) film-coated tablets") == ()  # a strength is no study


@pytest.mark.integration
def test_asked_one_drugs_dose_range_the_other_drugs_doses_do_not_answer(trial):
    answer = answered(trial, "liraglutide dose range")
    assert "1.8 mg" in answer and "5 µg" not in answer


@pytest.mark.unit
def test_a_time_point_typed_onto_its_unit_is_the_unit_and_its_number_in_questions_and_tables():
    from app.text.lexical import tokenize
    assert tokenize("R-SCORE75 at wk24") == tokenize("R-SCORE75 at wk 24")
    assert tokenize("HbA1c Mo6: 7.1%") == tokenize("HbA1c mo 6: 7.1%")
    assert tokenize("DAY101 and CYP2D6") == ["day101", "cyp2d6"]  # codes stay whole


@pytest.mark.unit
def test_weight_loss_or_time_in_range_asks_for_no_weight_or_range_and_both_arms_are_grammar():
    coverage = TermCoverage(2.0, lambda t: 1.0)
    terms = coverage.question_terms("BMI criteria to start weight loss meds, both arms")
    assert "weight" not in terms.types and not {"both", "arm"} & set(terms.tokens)
    assert "weight" in coverage.question_terms("what weight should the child be?").types
    assert "#dose_range" in coverage.question_terms("liraglutide dose range?").types
    # A therapeutic range is no dose span.
    assert "#dose_range" not in coverage.question_terms("what is the therapeutic range for digoxin?").types


@pytest.mark.unit
def test_asked_for_both_arms_a_row_read_for_one_arm_does_not_answer():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    reader = RowReader(coverage.coverage)
    # A two-row header flattened: only the first arm's column names the study.
    row = row_unit([("Endpoint", "R-SCORE75"), ("KITE-V1 VELOCREAM (N = 221)", "31.2%"), ("Vehicle (N = 109)", "8.1%")])
    assert reader.statements(row, coverage.question_terms("R-SCORE75 in KITE-V1")) != []
    assert reader.statements(row, coverage.question_terms("R-SCORE75 in KITE-V1, both arms")) == []
    # A table with a row per arm gives one arm per row: asked for each arm, one row alone does not answer.
    per_arm = row_unit([("Arm", "Velotinib"), ("Median PFS", "11.2 months")])
    assert reader.statements(per_arm, coverage.question_terms("median PFS in each arm?")) == []
    assert reader.statements(per_arm, coverage.question_terms("median PFS with velotinib?")) != []
    both = row_unit([("Endpoint", "R-SCORE75"), ("Velotinib (N = 221)", "31.2%"), ("Placebo (N = 109)", "8.1%")])
    said = " ".join(st.text for st in reader.statements(both, coverage.question_terms("R-SCORE75, both arms")))
    assert "31.2%" in said and "8.1%" in said


@pytest.mark.unit
@pytest.mark.parametrize("caption, question, off", [
    ("Figure 2: Percentage of Subjects Achieving T-SCORE75 at Week 52", "T-SCORE75 at week 52?", True),
    ("Table 4: Efficacy Results at Week 24 (KITE-V1 and KITE-V2)", "R-SCORE75 at week 24 in KITE-V1?", True),
    ("Figure 2: Percentage of Subjects Achieving T-SCORE75 at Week 52", "what does figure 2 show?", False),
    ("Figure 3: 41.0% of subjects achieved T-SCORE75 at Week 52", "T-SCORE75 at week 52?", False),  # it states one
    ("Figure 2: Mean concentrations; the terminal half-life was 38 hours", "half-life of velotinib?", False),
    ("Table 4: Efficacy Results at Week 24 (KITE-V1 and KITE-V2)", "which table gives the week 24 results?", False),
    ("At week 52, 41.0% of subjects achieved T-SCORE75.", "T-SCORE75 at week 52?", False),
])
def test_a_caption_answers_only_a_question_about_its_figure_or_table(caption, question, off):
    from app.answer.guards import captions_unasked_figure
    assert captions_unasked_figure(sentence_unit(caption), question) is off


@pytest.mark.unit
@pytest.mark.parametrize("question, asked", [
    ("how was liraglutide uptitrated in the trial", ["uptitr"]),
    ("how were the tablets crushed for the NG tube?", ["crush"]),
    ("how was PFS measured", []),  # measured, assessed, given ...: said in many ways
    ("how is it administered", []),
])
def test_how_something_was_done_asks_for_that_deed(question, asked):
    from app.answer.focus import focus
    assert focus(question) == asked


@pytest.mark.unit
def test_a_place_set_aside_as_a_not_b_is_no_negation_the_evidence_contradicts():
    from app.answer.negations import contradicts_negation

    unit = sentence_unit("9.4 BMI > 55 for any mode of delivery")
    unit.context = ("9 Delivery referral from North to City. Women with the following we would recommend delivery at "
                    "City: 9.4 BMI > 55 for any mode of delivery")
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    assert not contradicts_negation(unit, coverage.question_terms("what BMI means deliver at City not North whatever the mode"))
    # Without the place chosen, the evidence still names the one set aside; people not doing something are negated.
    assert contradicts_negation(unit, coverage.question_terms("what BMI means a delivery not at North, any mode"))
    breastfeeding = sentence_unit("Women who are breastfeeding should take 5 mg once daily.")
    breastfeeding.context = breastfeeding.text
    assert contradicts_negation(breastfeeding, coverage.question_terms("velotinib dose for women not breastfeeding?"))


@pytest.mark.unit
@pytest.mark.parametrize("question", ["what stat method did the study use to deal w/ confounding?",
                                      "how did they adjust for confounding?"])
def test_how_confounding_was_dealt_with_is_said_by_a_statistical_adjustment(question):
    # ("adjust for" was said before too: a control for the shorthand.)
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    said = "Statistical Adjustment: the study used an inverse probability weighting method to reduce confounding."
    assert coverage.coverage(coverage.question_terms(question), said) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize("question", ["takeaway for med chem / drug dev re crossing the BBB?",
                                      "main lesson for drug developers about getting across the BBB?"])
def test_a_takeaway_for_drug_developers_in_their_shorthand_is_said_by_the_takeaways(question):
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    said = ("Key Takeaways for Drug Development and Medicinal Chemistry. Overcoming the BBB is key: design inhibitors "
            "that are not efflux pump substrates.")
    assert coverage.coverage(coverage.question_terms(question), said) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize("class_, label", [("MAOI", "within 14 days of monoamine oxidase (MAO) inhibitors"),
                                          ("ACE inhibitors", "with angiotensin-converting enzyme (ACE) inhibitors")])
def test_a_class_spelled_out_with_its_acronym_inside_is_the_class(class_, label):
    from app.text.lexical import concept_groups
    assert set(concept_groups(class_)) & set(concept_groups(label))


@pytest.mark.unit
def test_a_unit_saying_nothing_but_the_titles_study_does_not_answer():
    from app.answer.guards import says_only_its_title
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("any pancreatitis in KESTREL-2 SU?")
    title = "Liraglutide added to a sulphonylurea (KESTREL-2 SU)"
    listing = sentence_unit("The principal investigators for the KESTREL-2 SU study group were: Abel A, Baker B.", title=title)
    safety = sentence_unit("One subject developed chronic pancreatitis.", title=title)
    assert says_only_its_title(listing, terms, coverage.coverage)
    assert not says_only_its_title(safety, terms, coverage.coverage)


@pytest.mark.unit
def test_a_study_named_in_passing_is_not_the_titles_own_when_only_its_number_differs():
    from app.answer.titles import names_study
    assert names_study("As in SUSTAIN-1, nausea was common.", ("SUSTAIN-10",))
    assert not names_study("In SUSTAIN-10, nausea was common.", ("SUSTAIN-10",))
    assert not names_study("The KESTREL-2 SU study group had full access to the data.", ("KESTREL-2 SU",))


@pytest.mark.unit
@pytest.mark.parametrize("sentence, another", [
    ("Nausea with exenatide ranged from 37% with 5 µg to 49% with 10 µg compared with 9.5% for liraglutide.", True),
    ("Nausea was highest with liraglutide 1.2 mg and lowest with exenatide.", False),  # its own dose
    ("Start 0.6 mg daily; liraglutide may then be increased.", False),  # a dose before any drug
])
def test_asked_one_drugs_dose_a_sentence_dosing_only_another_drug_does_not_answer(sentence, another):
    from app.answer.drugs_asked import doses_another_drug
    assert doses_another_drug(sentence_unit(sentence), {"liraglutide"}, asks_dose=True) is another
    assert not doses_another_drug(sentence_unit(sentence), {"liraglutide"}, asks_dose=False)
    # Asked with the other drug ("A dose with B?"), B's sentence may dose A.
    assert not doses_another_drug(sentence_unit(sentence), {"liraglutide", "exenatide"}, asks_dose=True)


@pytest.mark.unit
def test_two_brands_of_one_drug_written_together_are_said_by_its_generic_name():
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("mounjaro/zepbound starting dose")
    assert coverage.coverage(terms, "The starting dose of tirzepatide is 2.5 mg once weekly.") == 1.0
