"""A paragraph that opens with a label ("<Drug> dosing: the recommended dose is 100 mg daily. Take it with
food.") is answered with its fact sentence, cited, in every label style."""

import json

import pytest

from app.pipeline import Pipeline
from conftest import one_document_pipeline

DOC = """# Dosing guide

## Zelmorin

Zelmorin dosing: the recommended dose is 100 mg daily. Take it with food.

## Prandoxil

**Prandoxil dosing:** The recommended dose is 40 mg twice daily. Swallow the tablets whole.

## Varethine

Varethine - the usual starting dose is 5 mg once daily. Increase after two weeks if tolerated.

## Olumex

Olumex maintenance: 250 mg every 12 hours. Monitor renal function weekly.
"""


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "label-styles.md", DOC)


@pytest.mark.parametrize("question, fact, not_shown", [
    ("What is the recommended dose of zelmorin?", "100 mg daily", "Take it with food"),
    ("Prandoxil dose?", "40 mg twice daily", "Swallow the tablets whole"),
    ("What is the usual starting dose of varethine?", "5 mg once daily", "Increase after two weeks"),
    ("Olumex maintenance dose?", "250 mg every 12 hours", "Monitor renal function"),
])
def test_the_fact_sentence_after_a_label_is_the_answer(labelled, question, fact, not_shown):
    answer = labelled.ask(question)
    assert not answer.abstained, answer.sentences
    assert fact in answer.answer and not_shown not in answer.answer
    assert all(s.supported for s in answer.sentences), [(s.text, s.issues) for s in answer.sentences]
    text = (labelled.settings.corpus_dir / "label-styles.md").read_text(encoding="utf-8")
    assert any(fact in c.quote and text[c.start:c.end] == c.quote for c in answer.citations)


def test_related_passages_are_reported_also_when_abstaining(labelled):
    answer = labelled.ask("What is the half-life of zelmorin in children?")
    assert answer.abstained
    out = json.loads(json.dumps(answer.to_json()))
    assert out["related"] and {"source", "section", "quote", "start", "end", "score"} <= set(out["related"][0])
    answered = labelled.ask("What is the recommended dose of zelmorin?").to_json()
    assert answered["related"], "the passages considered are reported with an answer too"
