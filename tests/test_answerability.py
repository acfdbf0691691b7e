"""The answerability head: evidence first for yes/no research questions, the blend elsewhere."""

import numpy as np
import pytest

from app.answer.answerability import FEATURES, AnswerabilityModel, unit_features
from app.answer.units import Unit
from app.records import Chunk, Passage

pytestmark = pytest.mark.unit

ABSTRACT = ("BACKGROUND: The aim of this study was to determine whether early mobilisation reduces delirium after "
            "hip surgery. METHODS: We randomised 120 patients. RESULTS: Delirium occurred in 12% with early "
            "mobilisation versus 27% with usual care (p = 0.03).")


def _units(source: str = "/c/abstract.txt") -> list[Unit]:
    chunk = Chunk(id="c1", source=source, title="", section="", kind="prose", start=0, end=len(ABSTRACT),
                  text=ABSTRACT, search_text=ABSTRACT, content_hash="h")
    passage = Passage(chunk=chunk, score=1.0)
    spans = [(0, ABSTRACT.index(" METHODS")), (ABSTRACT.index("METHODS"), ABSTRACT.index(" RESULTS")),
             (ABSTRACT.index("RESULTS"), len(ABSTRACT))]
    units = [Unit(passage, s, e, "sentence", ABSTRACT[s:e]) for s, e in spans]
    # The objective restates the question, so it shares the most words with it.
    for u, rel, cov in zip(units, (0.8, 0.3, 0.5), (0.9, 0.2, 0.5)):
        u.relevance, u.coverage = rel, cov
    return units


def _scores(question: str):
    model = AnswerabilityModel.load()
    assert model is not None, "the packaged head is missing"
    units = _units()
    blend = [0.3 * u.relevance + 0.7 * u.coverage for u in units]
    x = unit_features(question, units, [u.coverage for u in units], blend)
    assert x.shape == (3, len(FEATURES))
    return model.scores(question, x, [u.chunk.source for u in units]), np.asarray(blend)


def test_a_yes_no_question_is_answered_by_the_results_not_the_objective():
    scores, blend = _scores("Does early mobilisation reduce delirium after hip surgery?")
    assert int(np.argmax(scores)) == 2, scores
    # Whether anything answers is still decided by how well the document covers the question.
    assert scores.max() == pytest.approx(blend.max())


def test_a_factual_question_keeps_the_relevance_and_coverage_blend():
    scores, blend = _scores("How many patients were randomised?")
    assert np.allclose(scores, blend)


def test_a_missing_model_file_is_named():
    with pytest.raises(FileNotFoundError, match="CDS_ANSWERABILITY_MODEL"):
        AnswerabilityModel.load(__import__("pathlib").Path("/nonexistent/answerability.json"))


def test_whether_it_works_is_not_answered_by_a_dose_or_an_instruction_of_the_same_document():
    model = AnswerabilityModel.load()
    text = ("OBJECTIVE: In this trial, we evaluated whether drug A reduced mortality. "
            "The recommended dose of drug A is 25 mg twice daily. Do not stop drug A abruptly.")
    chunk = Chunk(id="c1", source="/c/trial.txt", title="", section="", kind="prose", start=0, end=len(text),
                  text=text, search_text=text, content_hash="h")
    starts = [0, text.index("The recommended"), text.index("Do not")]
    units = [Unit(Passage(chunk=chunk, score=1.0), s, e, "sentence", text[s:e])
             for s, e in zip(starts, starts[1:] + [len(text)])]
    for u, rel, cov in zip(units, (0.85, 0.6, 0.6), (0.7, 0.4, 0.4)):
        u.relevance, u.coverage = rel, cov
    blend = [0.3 * u.relevance + 0.7 * u.coverage for u in units]
    x = unit_features("Does drug A reduce hospitalisation?", units, [u.coverage for u in units], blend)
    scores = model.scores("Does drug A reduce hospitalisation?", x, [u.chunk.source for u in units])
    assert (scores < 0).all(), scores  # nothing in the document reports a finding: nothing answers
