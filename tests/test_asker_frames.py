"""What the asker does with the answer ("for my slide", "a colleague asked me", "plain words please")
adds no terms to find: the question is read as if asked plainly."""

import pytest

from app.answer.coverage import TermCoverage


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
])
def test_the_askers_task_adds_no_terms_to_the_question(framed, plain):
    assert _terms(framed) == _terms(plain)


@pytest.mark.unit
@pytest.mark.parametrize("question, kept", [
    ("where do i put the patch", "put"),  # where it goes, asked of the reader's own hands
    ("what dose is in the summary of product characteristics", "summari"),
    ("what does the boxed warning say", "box"),
])
def test_words_that_only_look_like_a_task_stay_terms(question, kept):
    assert any(t.startswith(kept) for t in _terms(question)), _terms(question)
