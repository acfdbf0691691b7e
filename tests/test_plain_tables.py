"""A plain-text quick reference is read as its tables are laid out: a table closed by a rule of dashes
ends there (the key under it is text), a header set on two lines names its columns, the column whose band
holds the patient's value is the answer's, and the cell stating what was asked ("how far apart?") is
quoted with the cells the question's words single out. Headings covering each sentence alike rank the
sentence that itself says what was asked first."""

import re

import pytest

from app.answer.guards import restriction
from app.ingest.chunking import chunk_document
from app.ingest.loaders import load_document
from app.lexicon.medterms import MEASURES, is_drug_name
from app.text.abbreviations import _glossary
from conftest import answered, one_document_pipeline

RENAL = """WARDLEY HEALTH BOARD - RENAL DOSING QUICK REFERENCE (ADULTS)

1. SCOPE

This reference covers medicines that need dose adjustment in renal impairment. Estimate renal function
as creatinine clearance (CrCl) with the Cockcroft-Gault equation. It does not cover patients on continuous
renal replacement therapy (CRRT): ask the renal pharmacist.

2. TABLE A - DOSE BY CREATININE CLEARANCE BAND

Drug                 CrCl >50                CrCl 30-50              CrCl 15-29              Intermittent
(route)              mL/min                  mL/min                  mL/min                  HD
-------------------  ----------------------  ----------------------  ----------------------  ----------------------
Zelparin (IV)        2 g every 8 hours       2 g every 12 hours      1 g every 12 hours      1 g every 24 hours
Tovaxacin (oral)     500 mg once daily       500 mg once daily       250 mg once daily       250 mg every 48 hours
Mirelgab (oral)      max 3,600 mg/day        max 1,400 mg/day        Avoid                   Avoid
-------------------  ----------------------  ----------------------  ----------------------  ----------------------
HD = haemodialysis. SC = subcutaneous. On dialysis days, give the dose after the session.

3. TABLE B - INTERACTIONS

Drug           Interacting drug             Effect                               Recommended action
-------------  ---------------------------  -----------------------------------  ------------------------------------------------
Tovaxacin      Iron, calcium, antacids      Absorption reduced by up to 70%      Give tovaxacin 2 hours before or 6 hours after
Tovaxacin      Vitamin K antagonists        INR increased                        Check INR within 3 to 5 days of starting
Mirelgab       Opioids                      Respiratory depression               Start mirelgab at 100 mg and titrate slowly
"""

LEAFLET = """# Zelparin tablets: information for the patient

## How to store Zelparin

Keep this medicine out of the sight and reach of children.

The expiry date refers to the last day of that month.

Do not store above 30°C.

Do not throw away any medicines via wastewater. These measures will help protect the environment.

## If your potassium is high

For severe hyperkalaemia your doctor may add nebulised corbuterol 10 mg, repeated once if needed.
"""


def rows_of(path) -> list[list[tuple[str, str]]]:
    chunks = chunk_document(load_document(path))[0]
    return [[(cell.header, c.text_at(cell.start, cell.end)) for cell in c.cells] for c in chunks if c.kind == "table_row"]


def test_a_table_closed_by_a_rule_ends_there_and_its_two_line_header_names_each_column(tmp_path):
    path = tmp_path / "renal.txt"
    path.write_text(RENAL, encoding="utf-8")
    rows = rows_of(path)
    assert rows[0] == [("Drug (route)", "Zelparin (IV)"), ("CrCl >50 mL/min", "2 g every 8 hours"),
                       ("CrCl 30-50 mL/min", "2 g every 12 hours"), ("CrCl 15-29 mL/min", "1 g every 12 hours"),
                       ("Intermittent HD", "1 g every 24 hours")]
    assert len(rows) == 6  # three dosing rows, three interaction rows: the key under the rule is no row
    assert not any("HD = haemodialysis" in text for row in rows for _, text in row)
    chunks = chunk_document(load_document(path))[0]
    assert any("HD = haemodialysis" in c.text for c in chunks if c.kind != "table_row")


def test_a_key_of_abbreviations_written_with_equals_signs_defines_them():
    assert _glossary("HD = haemodialysis. SC = subcutaneous. On dialysis days, give the dose after.") == {
        "HD": "haemodialysis", "SC": "subcutaneous"}
    assert _glossary("Plan: prescribe it.") == {}  # one word after a colon is a label's value, not a long form


@pytest.fixture(scope="module")
def renal(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "renal.txt", RENAL)


def test_the_column_whose_band_holds_the_patients_value_answers(renal):
    a = answered(renal, "zelparin dose CrCl 20")
    assert "CrCl 15-29 mL/min: 1 g every 12 hours" in a, a
    assert "2 g every 8 hours" not in a and "1 g every 24 hours" not in a, a


def test_a_column_holding_words_alone_answers_for_its_band(renal):
    a = answered(renal, "Can mirelgab be used if CrCl is 25?")
    assert "CrCl 15-29 mL/min: Avoid" in a, a


def test_a_row_that_never_names_the_asked_acronym_does_not_answer_for_it(renal):
    assert renal.ask("zelparin dose on CRRT?").abstained


def test_a_haemodialysis_column_does_not_answer_for_peritoneal_dialysis(renal):
    assert renal.ask("Tovaxacin dose for a patient on peritoneal dialysis?").abstained


def test_a_column_headed_by_a_short_form_the_document_defines_answers_for_its_long_form(renal):
    a = answered(renal, "Tovaxacin in a patient on intermittent haemodialysis?")
    assert "250 mg every 48 hours" in a, a


def test_the_cell_stating_what_is_asked_is_read_with_the_cells_the_question_names(renal):
    a = answered(renal, "how far apart should tovaxacin and iron tablets be taken")
    assert "2 hours before or 6 hours after" in a, a


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "zelparin-leaflet.md", LEAFLET)


def test_under_a_heading_naming_the_question_the_sentence_saying_it_itself_comes_first(leaflet):
    a = answered(leaflet, "How should Zelparin be stored?")
    assert a.startswith("Do not store above 30°C"), a


def test_a_dose_by_another_route_does_not_answer_for_the_route_asked(leaflet):
    assert leaflet.ask("What's the IV corbuterol dose for hyperkalaemia?").abstained


def test_an_age_or_a_count_of_trials_is_no_target_value():
    target = MEASURES["target"][1]
    assert not re.search(target, "The committee lowered the target for adults under 80 years after a meta-analysis of 19 trials.")
    assert re.search(target, "Adults aged under 80 years: clinic BP target below 135/85 mmHg")


def test_drug_names_are_known_by_more_of_their_international_stems():
    # (Names no dictionary has: a drug newer than the dictionary is named by its stem.)
    assert all(is_drug_name(w) for w in ("tovaprazan", "delvoxacin", "quinvaptan", "merglitazone", "zorafil"))
    assert not is_drug_name("precipitant")  # an interaction's "precipitant drug" is no drug's name


def test_a_subgroup_after_a_trials_patients_is_the_part_the_question_narrows_to():
    assert restriction("HR for the primary outcome in ALPINE patients with BMI 35 or more?") == ["bmi", "35"]


def test_a_band_refusing_the_drug_is_the_answer_without_other_bands_doses(renal):
    a = answered(renal, "What dose of mirelgab for a patient with CrCl 20 mL/min?")
    assert "CrCl 15-29 mL/min: Avoid" in a, a
    assert "3,600" not in a and "1,400" not in a, a


def test_a_rule_between_groups_of_rows_does_not_end_the_table(tmp_path):
    path = tmp_path / "groups.txt"
    path.write_text("Drug        CrCl >50     CrCl 10-50   CrCl <10\n"
                    "----------  -----------  -----------  ---------\n"
                    "Zanoxacin   100%         50%          25%\n"
                    "----------  -----------  -----------  ---------\n"
                    "Pirafungin  100%         100%         50%\n"
                    "Belfamycin  100%         75%          50%\n", encoding="utf-8")
    assert [row[0][1] for row in rows_of(path)] == ["Zanoxacin", "Pirafungin", "Belfamycin"]


def test_a_key_after_its_label_defines_its_first_entry_too():
    assert _glossary("Key: HD = haemodialysis; PD = peritoneal dialysis")["HD"] == "haemodialysis"


@pytest.mark.parametrize("question", ["Rate of grade III-IV neutropenia with oral zanotinib?",
                                      "Starting dose in NYHA class III–IV heart failure, oral?", "How do I prevent oral thrush?"])
def test_roman_numerals_and_the_mouth_name_no_route(question):
    from app.lexicon.medterms import CONTRASTS
    intravenous, oral = CONTRASTS[4]
    assert not intravenous.search(question)
    assert not oral.search("How do I prevent oral thrush?") and oral.search("oral amoxicillin 500 mg")


def test_a_subgroup_of_three_or_more_keeps_what_it_counts():
    assert restriction("What is the response rate in patients with 3 or more prior lines?") == ["3", "prior", "line"]


TRIAL_TABLE = """Table 2. Primary outcome and its components

Outcome                               Zelparin       Placebo      Hazard ratio
                                      (N=1209)       (N=1209)     (95% CI)
                                      n (%)          n (%)
--------------------------------------------------------------------------
Primary composite outcome             172 (14.2)     216 (17.9)   0.76 (0.63-0.91)
  Kidney failure                      48 (4.0)       61 (5.0)     0.79 (0.54-1.15)
--------------------------------------------------------------------------
Patients could have more than one component event.
"""


def test_under_one_unbroken_rule_the_headers_cells_say_where_columns_start(tmp_path):
    path = tmp_path / "trial.txt"
    path.write_text(TRIAL_TABLE, encoding="utf-8")
    rows = rows_of(path)
    assert rows[0] == [("Outcome", "Primary composite outcome"), ("Zelparin (N=1209) n (%)", "172 (14.2)"),
                       ("Placebo (N=1209) n (%)", "216 (17.9)"), ("Hazard ratio (95% CI)", "0.76 (0.63-0.91)")]
    assert [row[0][1] for row in rows] == ["Primary composite outcome", "Kidney failure"]  # the note is no row


def test_an_unbroken_rule_under_one_line_of_text_is_no_table(tmp_path):
    path = tmp_path / "setext.txt"
    path.write_text("Dosing in adults\n------------------------------\nGive 500 mg twice daily with food for 7 days.\n",
                    encoding="utf-8")
    assert rows_of(path) == []


@pytest.mark.parametrize("text", [
    "4.2  Renal impairment\n------------------------------\nGive 500 mg twice daily if CrCl is above 50 mL/min. If CrCl is\n"
    "30 to 50 mL/min, give 250 mg twice daily. Avoid when CrCl is below 30 mL/min.\n",
    "Maximum dose 4 g in 24 hours.  Do not exceed this dose.\n------------------------------\nGive 1 g every 6 hours.\n",
])
def test_an_unbroken_rule_under_a_heading_or_a_sentence_is_no_table(tmp_path, text):
    path = tmp_path / "prose.txt"
    path.write_text(text, encoding="utf-8")
    assert rows_of(path) == []
    chunks = chunk_document(load_document(path))[0]
    assert any("250 mg twice daily" in c.text or "1 g every 6 hours" in c.text for c in chunks)
