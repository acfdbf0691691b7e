"""What a recommendation says over two sentences, what a leaflet's time limit holds, and how a leaflet
names its usual dose: a sentence that does not state the asked kind of value is answered with the next
one going on with it; "due in 4 hours" is held by "less than 6 hours before"; "usual dose" is the
document's "recommended dose"."""

import pytest

from app.answer.asked_values import banded_amounts, misses_time_or_amount, times_and_amounts
from app.answer.units import Unit
from app.records import Chunk, Passage
from app.text.lexical import concept_groups
from conftest import answered, documents_pipeline

GUIDELINE = """# Hypertension in adults: diagnosis and management

## 1.2 Diagnosing hypertension

1.2.2 When using ambulatory monitoring to confirm a diagnosis, ensure that at least 14 measurements are
taken during the person's usual waking hours.

1.2.3 When using home monitoring to confirm a diagnosis, ensure that blood pressure is recorded twice
daily, ideally in the morning and evening. Continue for at least 4 days, ideally for 7 days. Discard the
measurements taken on the first day and use the average value of all the remaining measurements.
"""

LEAFLET = """# Zelparin 50 mg prolonged-release tablets: information for the patient

## How to take Zelparin

The recommended dose is one 50 mg tablet once a day. Swallow the tablet whole with a glass of water.

## If you forget to take Zelparin

If you forget to take your tablet, take it as soon as you remember. If it is less than 6 hours before
your next scheduled dose, skip the missed dose and take your next tablet at the usual time.
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"hypertension.md": GUIDELINE, "zelparin-leaflet.md": LEAFLET})


def test_a_recommendation_going_on_in_its_next_sentence_is_answered_with_both(docs):
    a = answered(docs, "For how many days should home BP be recorded to confirm a diagnosis?")
    assert "Continue for at least 4 days, ideally for 7 days" in a, a
    assert "14 measurements" not in a, a


def test_a_time_still_to_run_is_held_by_a_limit(docs):
    a = answered(docs, "forgot my zelparin tablet and my next one is due in 4 hours, what do i do")
    assert "skip the missed dose" in a, a


def test_the_usual_dose_is_the_recommended_dose():
    usual = set(concept_groups("usual dose")) - set(concept_groups("dose"))
    assert usual and usual <= set(concept_groups("The recommended dose is one tablet a day."))


PEN_LEAFLET = """# Corvapen 300 mg pre-filled pen: information for the patient

## If you forget to use Corvapen

If you have missed a dose and it is 7 days or fewer since the day the dose was due, inject the missed
dose as soon as you remember. Then inject your next dose on your usual scheduled day.

If it is more than 7 days since the day the dose was due, skip the missed dose and inject your next dose
on your usual scheduled day. Do not use a double dose to make up for a forgotten dose.
"""


@pytest.fixture(scope="module")
def pen(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"corvapen-leaflet.md": PEN_LEAFLET})


def test_a_time_past_is_answered_by_the_limit_that_holds_it_not_the_other_case(pen):
    a = answered(pen, "I missed my Corvapen injection 5 days ago, what should I do?")
    assert "as soon as you remember" in a and "skip" not in a, a


def test_a_limit_on_the_other_side_of_the_time_past_does_not_answer_alone(pen):
    a = pen.ask("missed corvapen 5 days ago - skip it?")
    assert a.abstained or "7 days or fewer" in a.answer, a.answer



def _in_passage(sentence: str, passage: str) -> Unit:
    chunk = Chunk(id="c", source="leaflet.md", title="Leaflet", section="If you are sick", kind="prose", start=0,
                  end=len(passage), text=passage, search_text=passage, content_hash="h")
    at = passage.index(sentence)
    return Unit(Passage(chunk, 1.0), at, at + len(sentence), "sentence", sentence)


@pytest.mark.unit
def test_a_limit_the_passage_gives_alone_says_what_to_do_past_it_and_one_with_its_other_case_does_not():
    question = "vomited 4 hours after the tablet - take another?"
    asked, banded = times_and_amounts(question), banded_amounts(question)
    alone = "If you vomit within 3 hours of taking the tablet, take another tablet."
    assert not misses_time_or_amount(_in_passage(alone, alone), asked, banded, question)
    both = alone + " If you vomit more than 3 hours after it, you do not need another."
    assert misses_time_or_amount(_in_passage(alone, both), asked, banded, question)
    assert not misses_time_or_amount(_in_passage(both[len(alone) + 1:], both), asked, banded, question)
