"""Clinicians' questions about one note: a patient noted as "55M" or "48F", a story told as a sentence
before the ask, a schedule asked as "how frequently did pts get <a test>", and a numbered reference
asked for by its number ("what's ref 2?"), whose entry the reference list gives."""

import pytest

from app.answer.asked_values import asks_about_minor
from app.answer.coverage import TermCoverage
from app.retrieve.references import reference_asked, reference_span
from conftest import answered, documents_pipeline

# An invented product and trials: no dictionary or model can know them.
NOTE = """Velotinib in ROS9-positive lung cancer: CNS efficacy

For patients with ROS9-positive NSCLC, the brain is a common site of relapse [1].

Table 1: Intracranial response

Population\tIC-ORR with velotinib\tStudy details
Treatment-naive (KITE-1) [2]\t72.0%\tn=40 with measurable lesions
Post-sarotinib (KITE-2) [3]\t55.0%\tn=22 with measurable lesions

Study protocols

- **Study Name:** KITE-1 [2]
- **Imaging:** Brain MRI was done at baseline and every 6 weeks until progression.
- **Design:** An open-label study across fourteen sites in Japan.

References

1. Patterns of relapse in ROS9-positive lung cancer ... [journal-of-thoracic-oncol.example]
2. Velotinib in treatment-naive ROS9-positive NSCLC: the KITE-1 study ... [pubmed.example]
3. Velotinib after sarotinib failure (KITE-2) ... [pubmed.example]
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
def test_a_million_units_is_no_age():
    assert asks_about_minor("2M units of benzylpenicillin?") is None


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
@pytest.mark.parametrize("question, n", [("what's ref 4 in the note", 4), ("what does [5] refer to?", 5),
                                         ("where was it published (reference #12)?", 12), ("reference range 4-10 for ALT?", None),
                                         ("what is the reference dose?", None), ("ref 5 mg vial?", None)])
def test_a_reference_is_asked_for_by_its_number(question, n):
    assert reference_asked(question) == n


@pytest.mark.unit
def test_a_reference_entry_is_found_under_the_heading_that_opens_the_list():
    s, e = reference_span(NOTE, 2)
    assert NOTE[s:e] == "2. Velotinib in treatment-naive ROS9-positive NSCLC: the KITE-1 study ... [pubmed.example]"
    assert reference_span(NOTE, 7) is None
    assert reference_span("1. Take one tablet.\n2. Drink water.", 2) is None  # a numbered list, no reference list


def test_a_numbered_reference_is_answered_with_its_entry(note):
    answer = answered(note, "what's ref 2 in the note")
    assert "Velotinib in treatment-naive ROS9-positive NSCLC" in answer
    assert "journal-of-thoracic-oncol.example" in answered(note, "where was ref 1 published?")


def test_what_a_reference_found_is_not_answered_with_its_title(note):
    a = note.ask("what did ref 3 show for overall survival?")
    assert "Velotinib after sarotinib failure" not in a.answer


def test_how_frequently_patients_got_a_test_asks_for_its_schedule(note):
    assert "every 6 weeks" in answered(note, "how frequently did KITE-1 pts get brain imaging")


@pytest.mark.unit
@pytest.mark.parametrize("question, asks_result", [("is velotinib better than sarotinib for brain mets?", True),
                                                   ("does velotinib beat sarotinib intracranially?", True),
                                                   ("is velotinib better tolerated than sarotinib?", False)])
def test_better_than_asks_for_a_result(question, asks_result):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert ("#efficacy" in terms.types) == asks_result
    assert "better" not in terms.tokens or not asks_result
