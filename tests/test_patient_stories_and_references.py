"""Clinicians' questions about one note: a patient noted as "55M" or "48F", a story told as a sentence
before the ask, a schedule asked as "how frequently did pts get <a test>", and a numbered reference
asked for by its number ("what's ref 2?"), whose entry the reference list gives."""

from types import SimpleNamespace

import pytest

from app.answer.ages import asks_about_minor
from app.answer.coverage import TermCoverage
from app.answer.drugs_asked import about_comparator_alone
from app.retrieve.references import reference_asked, reference_span
from conftest import answered, documents_pipeline

# An invented product and trials: no dictionary or model can know them.
NOTE = """Velotinib in ROS9-positive lung cancer: CNS efficacy

For patients with ROS9-positive NSCLC, the brain is a common site of relapse [1]. This is partly because
older inhibitors, like sarotinib, penetrate the brain poorly, making it a sanctuary for relapse [1].

Table 2: CNS progression

Study / Metric	Velotinib (CNS mets)	Sarotinib (CNS mets)	P value
KITE-3: Time to CNS progression [3]	Significantly longer	(Reference)	P < 0.001

Table 1: Intracranial response

Population\tIC-ORR with velotinib\tStudy details
Treatment-naive (KITE-1) [2]\t72.0%\tn=40 with measurable lesions
Post-sarotinib (KITE-2) [3]\t55.0%\tn=22 with measurable lesions

Study protocols

- **Study Name:** KITE-1 [2]
- **Imaging:** Brain MRI was done at baseline and every 6 weeks until progression.
- **Design:** An open-label study across fourteen sites in Japan.
- **Safety:** Headaches were less frequent with the study drug than with sarotinib.

References

1. Patterns of relapse in ROS9-positive lung cancer. Abel A, Baker B.
   J Thorac Oncol Example. 2024;12:34-56. [journal-of-thoracic-oncol.example]
2. Velotinib in treatment-naive ROS9-positive NSCLC: the KITE-1 study ... [pubmed.example]
3. Velotinib after sarotinib failure (KITE-2) ... [pubmed.example]

Patient checklist

1. Take velotinib with food.
2. Report headaches.
3. Call if you have a fever.
4. Keep all MRI appointments.
"""


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"velotinib-note.txt": NOTE})


@pytest.mark.unit
@pytest.mark.parametrize("question, age", [("55M, ROS9+, on velotinib - any data?", None), ("8M with fever - dose?", 8.0),
                                           ("48F w/ brain mets. does it help?", None)])
def test_age_and_sex_as_clinicians_note_them_are_an_age(question, age):
    assert asks_about_minor(question) == age
    assert not {"55m", "48f", "8m"} & set(TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens)


@pytest.mark.unit
@pytest.mark.parametrize("question, age", [("10M asthma - prednisolone dose?", 10.0), ("my 9F pt w/ croup, dose?", 9.0),
                                           ("55M NSCLC, on velotinib - any data?", None)])
def test_a_patient_noted_by_age_and_sex_is_read_as_an_age(question, age):
    assert asks_about_minor(question) == age


@pytest.mark.unit
@pytest.mark.parametrize("question", ["2M units of benzylpenicillin?", "what was the 12M PFS rate?", "is a 14F Foley ok?",
                                      "5 F sheath for a radial approach?", "1 M sodium bicarbonate dose?",
                                      "can 3M Cavilon go on broken skin?"])
def test_months_catheter_sizes_and_brands_are_no_age(question):
    assert asks_about_minor(question) is None
    assert not TermCoverage(2.0, lambda t: 1.0).question_terms(question).story


@pytest.mark.unit
@pytest.mark.parametrize("question", ["Im breastfeeding my 4 month old, if I take one velnor how long before I can feed her again",
                                      "She is breastfeeding her 3 month old and was on cardexa. How long before she can restart?",
                                      "nursing a 6-week-old - can I take ternolix?", "my 2 month old is breastfed, can I take velnor?",
                                      "my 10 week old baby who I'm still breastfeeding - I was on cardexa, is it safe?"])
def test_the_age_of_a_baby_the_mother_breastfeeds_is_not_the_patients(question):
    assert asks_about_minor(question) is None
    assert "child" not in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens


@pytest.mark.unit
@pytest.mark.parametrize("question, age", [("my 4 month old has a fever, can I breastfeed and give her paracetamol?", 4 / 12),
                                           ("breastfeeding mum here - dose of velnor for my 6 year old?", 6.0),
                                           ("Im breastfeeding my 4 month old who has thrush, what dose of velnor for her?", 4 / 12),
                                           ("my 2 month old is breastfed and has a fever, how much paracetamol can I give?", 2 / 12),
                                           ("breastfeeding my 6 month old - can I give him paracetamol for teething?", 0.5),
                                           ("nursing a 6-week-old - is ternolix ok?", 6 / 52),  # (who takes it is not said)
                                           ("tube feeding a 10 year old - velnor dose?", 10.0)])
def test_a_child_asked_about_beside_breastfeeding_is_still_the_patient(question, age):
    assert asks_about_minor(question) == pytest.approx(age)


# Term weights of a corpus that never says "switched" or "asymptomatic" (an unknown word weighs most).
UNHEARD = {"switch", "asymptomat", "\x00"}


def idf(tok: str) -> float:
    return 5.0 if tok in UNHEARD else 1.5


@pytest.mark.unit
@pytest.mark.parametrize("question, story", [
    ("55M, ROS9+, switched after brain progression. real world IC-ORR post-sarotinib?", {"switch", "progress"}),
    ("62F, ROS9+ NSCLC, 3 brain mets - is velotinib better than sarotinib?", {"nsclc", "met"}),
    ("48F w/ small asymptomatic brain mets, wants to avoid RT. does velotinib delay it?", {"asymptomat", "brain"}),
])
def test_a_story_told_before_the_ask_is_the_story(question, story):
    assert story <= TermCoverage(2.0, idf).question_terms(question).story


@pytest.mark.unit
def test_a_story_word_no_document_uses_weighs_half_an_asked_one():
    terms = TermCoverage(2.0, idf).question_terms("48F w/ small asymptomatic brain mets. does velotinib delay RT?")
    assert terms.weights["asymptomat"] == 1.0  # the cap, 2.0, halved
    assert terms.weights["brain"] == 1.5  # a story word the documents use keeps its weight
    asked = TermCoverage(2.0, idf).question_terms("does velotinib work in asymptomatic brain mets?")
    assert asked.weights["asymptomat"] == 2.0


@pytest.mark.unit
@pytest.mark.parametrize("question, n", [("what's ref 4 in the note", 4), ("what does [5] refer to?", 5), ("where was [1] published?", 1),
                                         ("where was it published (reference #12)?", 12), ("reference range 4-10 for ALT?", None),
                                         ("what is the reference dose?", None), ("ref 5 mg vial?", None)])
def test_a_reference_is_asked_for_by_its_number(question, n):
    assert reference_asked(question) == n


@pytest.mark.unit
def test_a_reference_entry_is_found_under_the_heading_that_opens_the_list():
    s, e = reference_span(NOTE, 2)
    assert NOTE[s:e] == "2. Velotinib in treatment-naive ROS9-positive NSCLC: the KITE-1 study ... [pubmed.example]"
    s, e = reference_span(NOTE, 1)  # an entry wrapped over two lines is read whole
    assert NOTE[s:e].startswith("1. Patterns of relapse") and NOTE[s:e].endswith("[journal-of-thoracic-oncol.example]")
    assert reference_span(NOTE, 4) is None  # the checklist after the references is another list
    assert reference_span("1. Take one tablet.\n2. Drink water.", 2) is None  # a numbered list, no reference list
    web = "Sources\n- First source, [a.example]\n  - a note on it\n- Second source, [b.example]\n"  # a web page's, bulleted
    assert web[slice(*reference_span(web, 2))] == "- Second source, [b.example]"
    contents = "Contents\nMethods\nReferences\n\n# Methods\n- a point\n- another\n\n## References\n1. One.\n2. Two.\nPage 9 of 9\n"
    assert contents[slice(*reference_span(contents, 2))] == "2. Two."  # not a point of the body, nor the page footer


@pytest.mark.unit
@pytest.mark.parametrize("question", ["reference 70 kg adult dose?", "ref 2 weeks after the dose?",
                                      "it says longer with X [4]. what is this based on?"])
def test_a_weight_a_time_or_a_pasted_marker_asks_for_no_reference(question):
    assert reference_asked(question) is None


def test_a_numbered_reference_is_answered_with_its_entry(note):
    answer = answered(note, "what's ref 2 in the note")
    assert "Velotinib in treatment-naive ROS9-positive NSCLC" in answer
    assert "J Thorac Oncol Example" in answered(note, "where was ref 1 published?")


def test_what_a_reference_found_is_not_answered_with_its_title(note):
    for question in ("what did ref 3 show for overall survival?", "what did the authors of ref 2 conclude about imaging?",
                     "what did ref 2 show about CNS efficacy?"):
        assert "Velotinib after sarotinib" not in note.ask(question).answer
        assert "the KITE-1 study ..." not in note.ask(question).answer


def test_how_frequently_patients_got_a_test_asks_for_its_schedule(note):
    assert "every 6 weeks" in answered(note, "how frequently did KITE-1 pts get brain imaging")


@pytest.mark.unit
@pytest.mark.parametrize("question, asks_result", [("is velotinib better than sarotinib for brain mets?", True),
                                                   ("does velotinib beat sarotinib intracranially?", True),
                                                   ("is velotinib better tolerated than sarotinib?", False)])
def test_better_than_asks_for_a_result(question, asks_result):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert ("#efficacy" in terms.types) == asks_result


def test_a_sentence_about_the_comparator_alone_does_not_answer_which_is_better(note):
    answer = note.ask("is velotinib better than sarotinib for brain relapse?").answer
    assert "poorly" not in answer and "common site" not in answer
    assert "Significantly longer" in answered(note, "ROS9+ lung cancer w/ brain mets - does velotinib beat sarotinib?")
    # Asked about the comparator itself, the sentence naming it alone answers.
    assert "poorly" in answered(note, "why does sarotinib do poorly in the brain?")


@pytest.mark.unit
def test_how_often_patients_needed_a_dose_changed_asks_for_a_rate():
    types = TermCoverage(2.0, lambda t: 1.0).question_terms("how often did patients on velotinib need a dose reduction?").types
    assert "#rate" in types and "often" not in types


@pytest.mark.unit
@pytest.mark.parametrize("sentence, background", [
    ("Older inhibitors, like sarotinib, penetrate the brain poorly.", True),
    ("The brain is a common site of relapse.", True),
    ("Headaches were less frequent with the study drug than with sarotinib.", False),  # a result, the drug unnamed
    ("Intracranial response was 72% in the experimental arm.", False),
    ("Velotinib crosses the blood-brain barrier.", False),  # names the drug asked about
])
def test_asked_which_drug_is_better_a_sentence_stating_no_result_of_the_drug_is_background(sentence, background):
    unit = SimpleNamespace(kind="sentence", text=sentence, defined={})
    assert about_comparator_alone(unit, "is velotinib better than sarotinib in the brain?", asks_result=True) is background
    assert not about_comparator_alone(unit, "after sarotinib, velotinib?", asks_result=True)  # no comparison asked

