"""Plain text set as a label and the lines indented under it ("Cystic fibrosis, pulmonary exacerbation:"
over "    10 mg/kg once daily." and "    Maximum 660 mg per dose.") is read as the label's own section:
every line under it is said of it, so a line that does not repeat the label still answers for it."""

import pytest

from app.ingest.blocks import Block, label_over_indented
from app.ingest.chunking import chunk_document
from app.ingest.loaders import load_document
from conftest import answered, documents_pipeline, one_document_pipeline

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


DRUG_PAGE = """# Velpramil (oral route)

## Dosing

The dose of this medicine will be different for different patients.

- For mild to moderate Zorbel's disease: Adults—5 milligrams (mg) taken at bedtime. Your doctor may increase your dose as needed. However, the dose usually is not more than 10 mg per day. Children—Use and dose must be determined by your doctor.
- For moderate to severe Zorbel's disease: Adults—10 milligrams (mg) taken at bedtime. Your doctor may increase your dose as needed. However, the dose usually is not more than 20 mg per day. Children—Use and dose must be determined by your doctor.
"""


@pytest.mark.integration
def test_a_later_sentence_of_a_list_item_is_said_of_the_labels_opening_the_item(tmp_path_factory):
    page = documents_pipeline(tmp_path_factory, {"velpramil-page.md": DRUG_PAGE})
    answer = answered(page, "velpramil for moderate to severe zorbels disease - whats the top dose")
    assert "20 mg per day" in answer and "10 mg per day" not in answer


FORMS_PAGE = """# Velpramil (oral route)

## Dosing

The dose of this medicine will be different for different patients. Follow your doctor's orders.

- For heart failure: For oral dosage form (solution): Adults—Dose is based on body weight and must be determined by your doctor. However, the maintenance dose is usually 3 to 4.5 mcg per kg of body weight per day.

- For oral dosage form (tablets): Adults—Your doctor will give your first few doses into a vein. A maintenance dose of 0.125 to 0.5 milligram (mg) once a day will be given depending on your body weight.
"""


@pytest.mark.integration
def test_asked_for_one_form_of_a_medicine_an_item_dosing_only_another_form_does_not_answer(tmp_path_factory):
    page = documents_pipeline(tmp_path_factory, {"velpramil-page.md": FORMS_PAGE})
    answer = answered(page, "maintenance dose of velpramil tablets for an adult?")
    assert "0.125 to 0.5" in answer and "3 to 4.5" not in answer


def _sentence_unit(text: str, sentence: str, start: int = 0):
    from app.answer.units import candidate_units
    from app.records import Chunk, Passage

    span = (text.index(sentence), text.index(sentence) + len(sentence))
    chunk = Chunk(id="c", source="page.md", title="Velpramil", section="Dosing", kind="prose", start=start, end=start + len(text),
                  text=text, search_text=text, content_hash="c", units=((start + span[0], start + span[1]),))
    return candidate_units([Passage(chunk, 1.0)])[0]


@pytest.mark.unit
@pytest.mark.parametrize("question, text, sentence, other", [
    ("maintenance dose of velpramil tablets?", "- For oral dosage form (solution): Adults—Dose is based on weight. The dose is 3 mcg per kg.",
     "The dose is 3 mcg per kg.", True),
    ("maintenance dose of velpramil tablets?", "- For oral dosage form (tablets): Adults—Dose is based on weight. The dose is 0.125 mg.",
     "The dose is 0.125 mg.", False),
    ("maintenance dose of velpramil?", "- For oral dosage form (solution): Adults—Dose is based on weight. The dose is 3 mcg per kg.",
     "The dose is 3 mcg per kg.", False),
    # A form the patient cannot take is not the one asked about; a sentence's own words are no label.
    ("he can't swallow tablets, what dose?", "- For oral dosage form (solution): Adults—Dose is based on weight. The dose is 3 mcg per kg.",
     "The dose is 3 mcg per kg.", False),
    ("can I use the pen if it looks cloudy?", "Do not use the injection if the solution is cloudy.", "Do not use the injection if the solution is cloudy.", False),
    # Eye drops are a solution.
    ("velpramil eye drops dose?", "- For ophthalmic solution: Adults—One drop in the affected eye once a day.",
     "- For ophthalmic solution: Adults—One drop in the affected eye once a day.", False),
])
def test_a_unit_labelled_only_with_another_form_of_the_medicine_than_the_question_names_speaks_of_another(question, text, sentence, other):
    from app.answer.forms import other_dosage_form

    assert other_dosage_form(_sentence_unit(text, sentence), question) is other


@pytest.mark.unit
@pytest.mark.parametrize("text, sentence, labels, not_labels", [
    ("- For pain: Children under 12 years—Do not use. Adults—1 tablet every 4 hours. However, no more than 8 tablets a day.",
     "However, no more than 8 tablets a day.", "Adults", "Children"),
    ("- For pain: Children under 12 years—Do not use. Adults—1 tablet every 4 hours.", "Adults—1 tablet every 4 hours.", "", "Children"),
    ("- Adults: 10–20 mg once daily. Maximum 40 mg per day.", "Maximum 40 mg per day.", "Adults", "10"),
])
def test_a_later_sentence_of_a_list_item_goes_on_under_the_nearest_labels_and_one_opening_its_own_under_none(text, sentence, labels, not_labels):
    context = _sentence_unit(text, sentence).context
    assert labels in context and not_labels not in context.replace(sentence, "")


@pytest.mark.unit
def test_a_sentence_two_overlapping_chunks_hold_keeps_the_labels_of_the_chunk_opening_its_list_item():
    from app.answer.units import candidate_units
    from app.records import Chunk, Passage

    doc = ("- For oral dosage form (tablets): Adults—Your doctor will give the first doses into a vein. "
           "A maintenance dose of 0.125 to 0.5 mg once a day will be given.")
    cut = doc.index("Your doctor")  # a chunk opening mid-item has no bullet and no labels
    sentence = (doc.index("A maintenance"), len(doc))

    def chunk(start: int, name: str) -> Chunk:
        return Chunk(id=name, source="page.md", title="Velpramil", section="Dosing", kind="prose", start=start, end=len(doc),
                     text=doc[start:], search_text=doc[start:], content_hash=name, units=(sentence,))

    units = candidate_units([Passage(chunk(cut, "mid"), 0.9), Passage(chunk(0, "item"), 0.8)])
    assert len(units) == 1 and "For oral dosage form (tablets): Adults" in units[0].context


CHILD_LIMIT_PAGE = """# Velpramil (oral route)

## Dosing

The dose of this medicine will be different for different patients.

- For moderate pain: Adults—10 mg at bedtime. Your doctor may increase your dose as needed. However, the dose usually is not more than 40 mg per day. Children 6 to 11 years—2 mg at bedtime. However, the dose usually is not more than 8 mg per day.
"""


@pytest.mark.integration
def test_a_however_limit_for_children_is_read_with_the_childrens_opening_not_the_adults(tmp_path_factory):
    page = documents_pipeline(tmp_path_factory, {"velpramil-page.md": CHILD_LIMIT_PAGE})
    answer = answered(page, "velpramil max dose per day for a child aged 8 with moderate pain")
    assert "8 mg per day" in answer and "Adults—10 mg" not in answer
