"""Plain text set as a label and the lines indented under it ("Cystic fibrosis, pulmonary exacerbation:"
over "    10 mg/kg once daily." and "    Maximum 660 mg per dose.") is read as the label's own section:
every line under it is said of it, so a line that does not repeat the label still answers for it."""

import pytest

from app.ingest.blocks import Block, label_over_indented
from app.ingest.chunking import chunk_document
from app.ingest.loaders import load_document
from conftest import answered, one_document_pipeline

GUIDE = """QUELAMICIN INJECTION - DOSING GUIDE

2. DOSE IN ADULTS

Complicated urinary tract infection:
    7 mg/kg once daily for 7 to 10 days.
    Maximum 560 mg per dose.

Cystic fibrosis, pulmonary exacerbation:
    10 mg/kg once daily for 14 days.
    Maximum 660 mg per dose.
    Check levels before the second dose.
"""


def block(text: str) -> Block:
    return Block(text=text, start=0, end=len(text))


@pytest.mark.parametrize("label", ["Cystic fibrosis", "Children below 12 years", "Use in pregnancy", "If CrCl is 30-50 mL/min"])
def test_a_label_over_indented_lines_heads_them(label):
    assert label_over_indented(block(f"{label}:\n    10 mg/kg once daily.\n    Maximum 660 mg per dose.")) == label


@pytest.mark.parametrize("text", [
    "Give the dose as follows:\nTake one tablet daily.",  # not indented: a sentence and the next
    "Cystic fibrosis:",  # nothing under it
    "Cystic fibrosis:\nTake one tablet daily.",  # nothing indented under it
    "Give the following to every patient:\n    paracetamol 1 g",  # a lead-in sentence names nothing
    "The following were seen in more than one in ten patients in the trial over two years:\n    headache",  # a sentence
])
def test_what_is_no_label_over_indented_lines(text):
    assert label_over_indented(block(text)) == ""


def test_each_label_is_a_section_of_its_own(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_text(GUIDE, encoding="utf-8")
    sections = [c.section for c in chunk_document(load_document(path))[0]]
    assert sections == ["DOSE IN ADULTS > Complicated urinary tract infection", "DOSE IN ADULTS > Cystic fibrosis, pulmonary exacerbation"]


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "guide.txt", GUIDE)


def test_the_maximum_under_a_label_answers_for_that_label(guide):
    answer = answered(guide, "max dose of quelamicin for a cystic fibrosis exacerbation?")
    assert "660 mg" in answer and "560 mg" not in answer, answer
