"""A table's rows set under a label of their own and indented past it ("LVEF" over "  <60%" and "  >=60%",
a system organ class over its reactions) are read with that label: it heads each row under it, in what
the row is found by and in the answer that names the row, up to the first row not indented under it.
A row without values that nothing is indented under is no label, nor is a line cut from a wrapped cell.
A population given with only its sizes ("Overall population | n = 306 | n = 306") heads the rows under it
up to the next one, in any table, indented or not."""

import pytest

from app.ingest.chunking import chunk_document
from app.ingest.loaders import load_document
from conftest import answered, one_document_pipeline

SUBGROUPS = """Table 3. Primary endpoint by subgroup

Subgroup                      Velmarin       Placebo        Hazard ratio
                              n/N (%)        n/N (%)        (95% CI)
--------------------------------------------------------------------------
Age
  <65 years                   88/702 (12.5)  121/698 (17.3)  0.71 (0.54-0.93)
  >=65 years                  95/507 (18.7)  104/511 (20.4)  0.90 (0.68-1.19)
LVEF
  <60%                        61/402 (15.2)  92/410 (22.4)   0.64 (0.46-0.89)
  >=60%                       122/807 (15.1) 133/799 (16.6)  0.91 (0.71-1.16)
Overall                       183/1209       225/1209        0.79 (0.65-0.96)
--------------------------------------------------------------------------
"""

ADVERSE = """# Velmarin: adverse reactions

| System organ class / reaction | Very common | Common |
|---|---|---|
| Nervous system disorders | | |
|    Headache | 14% | |
|    Vertigo | | |
|    Dizziness | | 6% |
| Gastrointestinal disorders | | |
|    Nausea | 11% | |
"""

OUTCOMES = """# Velmarin: outcomes

| Outcome | Velmarin | Placebo |
|---|---|---|
| Stroke | | |
| Myocardial infarction | 2% | 3% |
| Death | 4% | 5% |
"""

WRAPPED = """# Dosing

| Step | Instruction | Rate |
|---|---|---|
| Run first dose for 4 hours until regular | | |
| contractions achieved | 1.2 ml/hr | 4 |
"""


def leads(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    chunks = chunk_document(load_document(path))[0]
    return [(c.text_at(c.cells[0].start, c.cells[0].end), c.lead) for c in chunks if c.kind == "table_row"]


def test_rows_under_a_label_of_their_own_carry_it(tmp_path):
    rows = leads(tmp_path, "subgroups.txt", SUBGROUPS)
    assert ("<60%", "LVEF") in rows and (">=60%", "LVEF") in rows
    assert ("<65 years", "Age") in rows
    assert ("LVEF", "") in rows  # the label's own row heads nothing above it
    assert ("Overall", "") in rows  # the first row not indented under the label ends its group


def test_a_markdown_tables_group_rows_head_the_reactions_under_them(tmp_path):
    rows = leads(tmp_path, "adverse.md", ADVERSE)
    assert ("Headache", "Nervous system disorders") in rows and ("Nausea", "Gastrointestinal disorders") in rows
    # A reaction reported with no rate does not end its class's group.
    assert ("Vertigo", "Nervous system disorders") in rows and ("Dizziness", "Nervous system disorders") in rows


def test_a_group_within_a_group_is_named_by_both(tmp_path):
    text = ("| Subgroup | Drug | Placebo |\n|---|---|---|\n| Age | | |\n|   >=65 years | 10% | 12% |\n|   Sex | | |\n"
            "|     Men | 9% | 11% |\n|   <65 years | 8% | 9% |\n| Overall | 9% | 10% |\n")
    rows = leads(tmp_path, "nested.md", text)
    assert ("Men", "Age, Sex") in rows and ("<65 years", "Age") in rows and ("Overall", "") in rows


def test_a_row_without_values_that_nothing_is_indented_under_is_no_label(tmp_path):
    rows = leads(tmp_path, "outcomes.md", OUTCOMES)
    assert ("Myocardial infarction", "") in rows and ("Death", "") in rows


def test_a_line_cut_from_a_wrapped_cell_is_no_label(tmp_path):
    rows = leads(tmp_path, "wrapped.md", WRAPPED)
    assert all(lead == "" for _, lead in rows)


COHORTS = """# Trial of velmarin: efficacy

| Outcome | Velmarin | Placebo | Hazard ratio |
|---|---|---|---|
| Mutated cohort | n = 150 | n = 148 | |
| Median PFS, months | 9.2 | 3.7 | 0.52 |
| Objective response | 28% | 9% | |
| Overall population | n = 306 | n = 306 | |
| Median PFS, months | 7.3 | 4.6 | 0.69 |
"""


def test_a_population_given_with_its_sizes_heads_the_rows_up_to_the_next(tmp_path):
    rows = leads(tmp_path, "cohorts.md", COHORTS)
    assert rows.count(("Median PFS, months", "Mutated cohort")) == 1 and ("Objective response", "Mutated cohort") in rows
    assert ("Median PFS, months", "Overall population") in rows
    assert ("Mutated cohort", "") in rows and ("Overall population", "") in rows


def test_a_label_beside_values_that_are_no_sizes_heads_nothing(tmp_path):
    rows = leads(tmp_path, "outcomes2.md", OUTCOMES.replace("| Stroke | | |", "| Stroke | n = 3 | 1% |"))
    assert ("Myocardial infarction", "") in rows and ("Death", "") in rows


def test_a_count_of_events_beside_no_other_population_heads_nothing(tmp_path):
    rows = leads(tmp_path, "outcomes3.md", OUTCOMES.replace("| Stroke | | |", "| Patients who died | n = 3 | n = 5 |"))
    assert ("Myocardial infarction", "") in rows and ("Death", "") in rows


@pytest.fixture(scope="module")
def cohorts(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "cohorts.md", COHORTS)


def test_the_overall_population_asked_for_is_answered_from_its_own_rows(cohorts):
    answer = answered(cohorts, "median PFS velmarin vs placebo in the overall population")
    assert "7.3" in answer and "4.6" in answer and "Overall population" in answer, answer
    assert "9.2" not in answer, answer


@pytest.fixture(scope="module")
def subgroups(tmp_path_factory):
    return one_document_pipeline(tmp_path_factory, "subgroups.txt", SUBGROUPS)


def test_a_subgroup_asked_by_its_groups_label_is_answered_from_its_row(subgroups):
    answer = answered(subgroups, "HR for the primary endpoint in the LVEF <60% subgroup?")
    assert "0.64 (0.46-0.89)" in answer and "LVEF, <60%" in answer, answer
    assert "0.71" not in answer and "0.91" not in answer, answer
