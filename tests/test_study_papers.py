"""A trial paper's passages are about the study its title names, though they rarely repeat its shorthand
name; a dose its patients were randomised to is what they received, not a dose to give."""

import pytest

from conftest import answered, documents_pipeline

PAPER = """# Zelparin in Heart Failure with Preserved Ejection Fraction (SEAHAVEN-HF)

## Methods

Patients were randomly assigned in a 1:1 ratio to receive zelparin 40 mg once daily or placebo.

## Results

The median follow-up was 26.4 months (interquartile range, 19.8 to 31.2).

Table 2. Primary and secondary outcomes

| Outcome | Zelparin (N=2,109) | Placebo (N=2,109) | Hazard ratio (95% CI) |
|---|---|---|---|
| Primary composite outcome, n (%) | 384 (18.2) | 462 (21.9) | 0.80 (0.70–0.91) |
| First worsening heart failure event, n (%) | 248 (11.8) | 325 (15.4) | 0.74 (0.63–0.87) |
| Hospitalisation for heart failure, n (%) | 211 (10.0) | 279 (13.2) | 0.73 (0.61–0.88) |
"""

REVIEW = """# Potassium-competitive acid blockers: a narrative review

## Licensed dosing

Tovaprazan is taken once daily with or without food. For healing of erosive oesophagitis, the licensed
dose is 20 mg once daily for 4 weeks.

## Efficacy

In the pivotal phase III trial, 1,024 patients with erosive oesophagitis were randomised to tovaprazan 20 mg
or a standard-dose proton pump inhibitor once daily. Healing at week 8 was 92.4% with tovaprazan.
"""


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"tidal-hf.md": PAPER, "pcab-review.md": REVIEW})


def test_a_papers_table_row_is_about_the_study_its_title_names(papers):
    a = answered(papers, "What was the primary outcome result in SEAHAVEN-HF?")
    assert "0.80 (0.70–0.91)" in a, a


def test_a_papers_sentence_naming_no_study_is_about_the_one_its_title_names(papers):
    a = answered(papers, "median f/u in the SEAHAVEN-HF trial")
    assert "26.4 months" in a, a


def test_the_dose_trial_patients_were_randomised_to_is_not_the_dose_to_give(papers):
    a = answered(papers, "Tovaprazan dose for healing erosive oesophagitis?")
    assert a.startswith("For healing of erosive oesophagitis, the licensed dose"), a
    assert "randomised" not in a, a


MASTHEAD = """==============================================================================
 JOURNAL OF CARDIOLOGY TRIALS                           Vol. 12, No. 3, 2026
 ORIGINAL ARTICLE                                       doi:10.5555/jct.2026.0001
==============================================================================

 Zelparin in Heart Failure with Mildly Reduced or Preserved Ejection
 Fraction: the HARBOURVIEW-HF Randomised Clinical Trial

 RESULTS
 Over a median follow-up of 26.4 months, the primary outcome occurred in 512 of
 3,108 patients in the zelparin group and in 611 of 3,106 in the placebo group.
"""


def test_a_plain_text_papers_title_is_read_past_its_journal_header_and_across_its_wrapped_line(tmp_path):
    from app.ingest.loaders import load_document
    path = tmp_path / "harbourview.txt"
    path.write_text(MASTHEAD, encoding="utf-8")
    assert load_document(path).title == ("Zelparin in Heart Failure with Mildly Reduced or Preserved Ejection "
                                         "Fraction: the HARBOURVIEW-HF Randomised Clinical Trial")


@pytest.mark.parametrize("opening, title", [
    # A journal's kind of article and its dates, over a trial's long one-line title.
    ("ORIGINAL ARTICLE · Received 3 February 2024 · Accepted 19 August 2024\n\n"
     "Velmarin plus fulvestrant versus placebo plus fulvestrant in hormone receptor-positive, HER2-negative advanced "
     "breast cancer (VELA-3): a randomised, double-blind, placebo-controlled, phase 3 trial\n\nA. Author, B. Author\n",
     "Velmarin plus fulvestrant versus placebo plus fulvestrant in hormone receptor-positive, HER2-negative advanced "
     "breast cancer (VELA-3): a randomised, double-blind, placebo-controlled, phase 3 trial"),
    ("open access\n\nExercise for smoking cessation in pregnancy: randomised controlled trial\n\nAbstract\n",
     "Exercise for smoking cessation in pregnancy: randomised controlled trial"),
    # A notice on printed copies, then a line naming only the kind of document over the document's own name.
    ("Please note, IF DOCUMENT IS PRINTED, IT MAY BECOME OUT OF DATE.\n\n# TRUST CLINICAL GUIDELINE\n\n"
     "## Sodium Balance in Labour Guideline\n\n### Overview\n", "Sodium Balance in Labour Guideline"),
])
def test_a_documents_title_is_read_past_its_journal_furniture_and_its_kind(tmp_path, opening, title):
    from app.ingest.loaders import load_document
    path = tmp_path / "paper.md"
    path.write_text(opening + "\nThe study enrolled 300 patients.\n", encoding="utf-8")
    assert load_document(path).title == title


def test_a_first_line_that_reads_as_a_paragraph_is_no_title(tmp_path):
    from app.ingest.loaders import load_document
    path = tmp_path / "notes-on-dosing.txt"
    path.write_text("This note gathers what the unit agreed. " * 6 + "\n\nDosing\n", encoding="utf-8")
    assert load_document(path).title == "notes on dosing"
