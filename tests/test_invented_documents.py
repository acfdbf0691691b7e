"""What invented documents of six kinds (a review, a leaflet, a trial paper, a guideline web page)
taught: sibling study names, a sentence that only goes on the one before it, list items under a
lead-in inside one block, a subgroup's table row, a table read out with its headers, measures by
their abbreviation, and words that name no patients."""

import pytest

from app.answer.units import QUESTION_WORDS, same_word
from app.ingest.boilerplate import boilerplate_reason
from app.ingest.loaders import _first_line_title
from app.ingest.units import list_items, sentence_units
from app.text.lexical import concept_spans, tokenize
from app.verify.verifier import Evidence, Verifier, cited_statements
from conftest import answered, documents_pipeline

# Invented products, trials and bodies: no dictionary or model can know them.
REVIEW = """# Talvoprevir for chronic hepatitis D: a narrative evidence review

## Clinical evidence

### ZENITH-A1 (phase 2b)

ZENITH-A1 randomised 140 patients who were virally suppressed to talvoprevir 200 mg once daily or placebo for 24 weeks.

### ZENITH-A2 (phase 2)

ZENITH-A2 was an open-label study in 88 treatment-naive patients with high viral load.

### ZENITH-A3 (phase 3)

ZENITH-A3 enrolled 960 patients at 90 centres in 12 countries.
"""

LEAFLET = """PACKAGE LEAFLET: INFORMATION FOR THE USER

Quorvix 100 mg capsules

2. WHAT YOU NEED TO KNOW BEFORE YOU TAKE QUORVIX

Talk to your doctor or pharmacist before taking Quorvix if you:
  * have ever had kidney problems
  * have a weakened immune system
Your doctor will do a blood test to check how well your liver is working before you start Quorvix.

Keep the amount of alcohol you drink low while you are taking Quorvix, because both alcohol and
Quorvix can affect the liver.

3. HOW TO TAKE QUORVIX

IF YOU FORGET TO TAKE QUORVIX
Take it as soon as you remember, unless it is less than 6 hours before your next dose. If it is, skip the missed
dose. Do not take a double dose to make up for a forgotten capsule.

4. POSSIBLE SIDE EFFECTS

Like all medicines, this medicine can cause side effects, although not everybody gets them.

STOP TAKING QUORVIX AND TELL YOUR DOCTOR STRAIGHT AWAY IF YOU NOTICE:
  * signs of a liver problem: yellowing of the skin or the whites of the eyes (jaundice), dark urine, pale stools
  * signs of an allergic reaction: swelling of the face, lips or throat
"""

TRIAL = """# Brenolimab in severe eosinophilic asthma (KESTREL): a randomised, placebo-controlled trial

## Results

### Efficacy

| Outcome | Brenolimab 100 mg Q2W | Placebo | 100 mg Q2W vs placebo (95% CI) |
|---|---|---|---|
| Annualised rate of exacerbations with ED visit or hospitalisation | 0.08 | 0.22 | Rate ratio 0.36 (0.20–0.61) |
| Annualised severe exacerbation rate | 0.66 (0.55–0.79) | 1.48 (1.30–1.68) | Rate ratio 0.45 (0.36–0.56) |
| ACQ-5 responders at week 52, % | 71.2 | 58.4 | OR 1.76 (1.27–2.44) |

### Subgroup analysis

| Baseline blood eosinophils | Patients, n | 100 mg Q2W rate ratio (95% CI) |
|---|---|---|
| <150 cells/µL | 210 | 0.79 (0.55–1.13) |
| 150–299 cells/µL | 226 | 0.51 (0.36–0.72) |
| ≥300 cells/µL | 488 | 0.38 (0.27–0.52) |

### Safety

| Adverse reaction | Brenolimab (N=640) % | Placebo (N=636) % |
|---|---|---|
| Dizziness | 6.3 | 4.1 |
| Headache | 5.2 | 4.8 |
"""

GUIDELINE = """<html><head><title>Hepatic dosing of corvatinib | Guidance | WQSB</title></head><body>
<div class="cookie-banner"><p>We use some essential cookies to make this website work. We would also like to set
analytics cookies to understand how you use the site and to improve our services.</p></div>
<main><h1>Hepatic dosing of corvatinib</h1>
<p>This guidance covers dose adjustment of corvatinib in adults with hepatic impairment, for prescribers and
pharmacists in hospital and community settings.</p>
<h2>Dose adjustment in hepatic impairment</h2>
<table><tr><th>Child-Pugh class</th><th>Dose adjustment</th></tr>
<tr><td>A (score 5–6)</td><td>Reduce dose by approximately 25%</td></tr>
<tr><td>B (score 7–9)</td><td>Reduce dose by approximately 50%</td></tr>
<tr><td>C (score 10–15)</td><td>Avoid</td></tr></table>
<h2>Switching from tricyclic antidepressants</h2>
<p>Tricyclic antidepressants (amitriptyline, nortriptyline): reduce the tricyclic dose by 50% before starting corvatinib, then taper the tricyclic to stop over 2 weeks.</p>
</main></body></html>
"""


MONOGRAPH = """# Zarpenem 1 g powder for solution for injection: IV monograph

## Product details

- Presentation: glass vial containing zarpenem (as zarpenem sodium) 1 g powder.
- Storage: store below 25°C in the original carton.
- Sodium content: 3.9 mmol (90 mg) per 1 g vial.
"""


DOSING = """# Felnabrin 250 mg tablets: dosing guide

## Dosing by body weight

| Body weight | Daily dose |
|---|---|
| <50 kg | 500 mg |
| 50 to 69.9 kg | 750 mg |
| ≥70 kg | 1000 mg |

## Dosing in renal impairment

| Creatinine clearance (mL/min) | Dose |
|---|---|
| >50 | No adjustment |
| 30 to 50 | 250 mg once daily |
| <30 | 250 mg every 48 hours |
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"talvoprevir-review.md": REVIEW, "quorvix-leaflet.txt": LEAFLET,
                                                 "kestrel-trial.md": TRIAL, "corvatinib-hepatic.html": GUIDELINE,
                                                 "zarpenem-monograph.md": MONOGRAPH,
                                                 "felnabrin-dosing.md": DOSING})


@pytest.mark.unit
def test_a_code_with_a_digit_is_no_other_form_of_a_word():
    assert same_word("respond", "respons")
    assert not same_word("zenitha1", "zenith") and not same_word("zenith", "zenitha1")


def test_a_study_is_not_answered_for_by_its_sibling(invented):
    answer = answered(invented, "how many pts were in the phase 2b ZENITH-A1 study")
    assert "140" in answer and "88" not in answer, answer
    answer = answered(invented, "how many patients did ZENITH-A2 enrol?")
    assert "88" in answer and "140" not in answer, answer


@pytest.mark.unit
def test_a_sentence_saying_only_if_so_is_one_statement_with_the_one_before():
    text = "Take it as soon as you remember, unless it is nearly time. If it is, skip the missed dose. Do not double up."
    assert [text[s:e] for s, e in sentence_units(text, 0)] == [
        "Take it as soon as you remember, unless it is nearly time. If it is, skip the missed dose.", "Do not double up."]


def test_when_to_skip_a_forgotten_dose_is_answered_with_the_case_it_depends_on(invented):
    answer = answered(invented, "forgot my quorvix capsule - when should i just skip it?")
    assert "6 hours" in answer, answer


@pytest.mark.unit
def test_a_line_set_left_of_an_indented_bullet_ends_the_list():
    text = "Talk to your doctor if you:\n  * have a weakened immune system\nYour doctor will do a blood test."
    assert [text[s:e] for s, e in list_items(text)][-2:] == ["  * have a weakened immune system",
                                                             "Your doctor will do a blood test."]


def test_list_items_are_read_with_the_lead_in_above_them_in_the_same_block(invented):
    answer = answered(invented, "what liver symptoms mean I should stop quorvix?")
    assert "dark urine" in answer, answer


def test_a_subgroups_row_does_not_answer_for_all_patients(invented):
    answer = answered(invented, "what was the exacerbation rate ratio with brenolimab 100 mg q2w")
    # (Nor does the row of a measure qualified by what the question does not ask: "with ED visit".)
    assert "0.45" in answer and "<150" not in answer and "0.38" not in answer and "0.36 (" not in answer, answer


def test_the_subgroup_a_question_bounds_is_answered_from_its_row(invented):
    answer = answered(invented, "does brenolimab still work in pts with blood eos <150? whats the rate ratio")
    assert "0.79 (0.55–1.13)" in answer and "0.38" not in answer, answer


def test_a_rate_under_a_percent_column_header_answers_how_common(invented):
    answer = answered(invented, "dizziness rate on brenolimab vs placebo?")
    assert "6.3" in answer and "4.1" in answer, answer


def test_an_odds_ratio_is_found_by_its_abbreviation(invented):
    answer = answered(invented, "odds ratio for ACQ-5 response with 100 mg q2w?")
    assert "1.76" in answer, answer


TABLE = [("Outcome", "Annualised rate (95% CI)"), ("Brenolimab 100 mg Q2W", "0.66 (0.55–0.79)"),
         ("Placebo", "1.48 (1.30–1.68)"), ("100 mg Q2W vs placebo (95% CI)", "Rate ratio 0.45 (0.36–0.56)")]


def _table_row():
    from app.records import Cell, Chunk

    text, cells = "", []
    for header, value in TABLE:
        text += "\t" if text else ""
        cells.append(Cell(header, len(text), len(text) + len(value)))
        text += value
    return Chunk(id="r", source="s", title="t", section="", kind="table_row", start=0, end=len(text), text=text,
                 search_text=text, content_hash="", cells=tuple(cells))


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Annualised rate (95% CI): Brenolimab 100 mg Q2W: 0.66 (0.55–0.79); Placebo: 1.48 (1.30–1.68); "
     "100 mg Q2W vs placebo (95% CI): Rate ratio 0.45 (0.36–0.56) [1]", True),
    ("Annualised rate (95% CI): Brenolimab 100 mg Q2W: 1.48 (1.30–1.68) [1]", False),  # placebo's value
])
def test_a_row_read_out_with_its_headers_states_the_headers_numbers(answer, supported):
    finding = Verifier(threshold=0.3).check(cited_statements(answer), {1: Evidence(_table_row())})[0]
    assert finding.supported == supported, finding.issues


def test_how_much_to_cut_a_dose_is_answered_by_a_reduction(invented):
    answer = answered(invented, "Child-Pugh B - how much should the corvatinib dose be cut?")
    assert "50%" in answer and "25%" not in answer, answer


def test_a_web_pages_title_names_its_publisher(invented):
    answer = answered(invented, "WQSB - corvatinib in Child-Pugh C?")
    assert "Avoid" in answer, answer


def test_a_class_is_named_by_its_abbreviation(invented):
    answer = answered(invented, "pt on nortriptyline starting corvatinib - what do I do with the TCA dose?")
    assert "50%" in answer, answer


@pytest.mark.unit
def test_a_liver_score_names_no_children_and_paeds_are_children():
    _, spans = concept_spans("Child-Pugh B")
    _, kids = concept_spans("dosing for paeds")
    _, children = concept_spans("children")
    assert {g for *_, g in spans}.isdisjoint({g for *_, g in children})
    assert {g for *_, g in children} <= {g for *_, g in kids}


def test_a_drink_no_document_names_is_not_answered_with_another(invented):
    # ("while (on)" is grammar: as a term, the passage's "while you are taking" said a third of the ask.)
    assert set(tokenize("while whilst")) <= QUESTION_WORDS
    assert invented.ask("is it ok to drink grapefruit juice while on quorvix?").abstained


@pytest.mark.unit
def test_a_sites_cookie_notice_is_kept_out():
    assert boilerplate_reason("We use some essential cookies to make this website work. We would also like to set "
                              "analytics cookies.") == "cookie notice"
    assert boilerplate_reason("Store the tablets in a cool place; biscuits and cookies may be eaten with them.") == ""
    assert boilerplate_reason("If your blood sugar is too low, eat 3 small cookies. Change the injection site each time; "
                              "accept help if you feel faint.") == ""


@pytest.mark.unit
def test_a_journals_running_header_is_no_title():
    text = ("Journal of Airway Therapeutics · 2025; 14(3): 211–224 · Original Article\n\n"
            "# Brenolimab in severe asthma (KESTREL): a randomised trial\n")
    assert _first_line_title(text, "fallback") == "Brenolimab in severe asthma (KESTREL): a randomised trial"


def test_a_salt_in_a_drugs_name_says_nothing_of_how_much_of_it_there_is(invented):
    answer = answered(invented, "sodium content per zarpenem vial")
    assert "3.9 mmol" in answer, answer


@pytest.mark.unit
def test_bm25s_best_hit_from_a_document_the_top_k_lacks_follows_them():
    """A document whose title every passage carries ("... in severe asthma") can fill the encoder's list;
    BM25's best hit, from the one document saying the question's rarer word, then joins the top k."""
    from types import SimpleNamespace

    from app.records import Chunk, Passage
    from app.retrieve.retrieval import HybridRetriever

    def chunk(cid, source):
        return Chunk(id=cid, source=source, title="t", section="", kind="prose", start=0, end=1, text="x",
                     search_text="x", content_hash="")

    chunks = {"t1": chunk("t1", "trial.pdf"), "t2": chunk("t2", "trial.pdf"), "g1": chunk("g1", "guideline.html")}
    index = SimpleNamespace(docstore=SimpleNamespace(chunks=lambda ids: {i: chunks[i] for i in ids if i in chunks}))
    retriever = HybridRetriever(index=index, settings=SimpleNamespace())
    top = [Passage(chunks["t1"], 0.05), Passage(chunks["t2"], 0.04)]
    joined = retriever._other_document(top, ["g1", "t2"], {"g1": 0.02}, ["t1", "t2"], None)
    assert [p.chunk.id for p in joined] == ["g1"] and joined[0].lexical_rank == 1
    # Not when a passage of its document is already there, nor outside the documents asked about.
    assert retriever._other_document(top, ["t2", "g1"], {}, ["t1", "t2"], None) == []
    assert retriever._other_document(top, ["g1"], {}, ["t1"], ["trial.pdf"]) == []


def test_a_bound_is_the_one_the_question_writes_after_the_columns_measure(invented):
    answer = answered(invented, "What dose of felnabrin if CrCl <30?")
    assert "every 48 hours" in answer and "once daily" not in answer, answer


def test_a_weight_band_does_not_answer_for_everyone_nor_for_the_lowest_dose(invented):
    assert invented.ask("What is the lowest dose of felnabrin?").abstained
    assert invented.ask("What is the dose of felnabrin in mg/kg?").abstained


@pytest.mark.unit
def test_a_condition_about_the_sentence_before_needs_its_comma_and_takes_back_one_sentence():
    text = ("Reduce to 5 mg in severe renal impairment. Otherwise healthy adults take 20 mg. "
            "If not treated, it worsens. Check the level. If so, repeat it. If not, stop.")
    assert [text[s:e] for s, e in sentence_units(text, 0)] == [
        "Reduce to 5 mg in severe renal impairment.", "Otherwise healthy adults take 20 mg.",
        "If not treated, it worsens.", "Check the level. If so, repeat it.", "If not, stop."]


@pytest.mark.unit
def test_a_sub_item_hangs_from_its_parent_item_and_a_wrapped_line_stays_with_its_item():
    from app.ingest.units import list_lead
    from app.records import Chunk

    text = "Before starting the infusion:\n- Check weight.\n- If eGFR is below 30:\n  - halve the maintenance rate\n"
    chunk = Chunk(id="c", source="s", title="t", section="", kind="prose", start=0, end=len(text), text=text,
                  search_text=text, content_hash="")
    assert list_lead(chunk, text.index("- Check")) == "Before starting the infusion:"
    assert list_lead(chunk, text.index("- halve")) == "If eGFR is below 30:"
    wrapped = "  - Give the loading dose over 1 hour, then\nmaintain at 5 mg/kg/hour"
    assert list_items(wrapped) == [(0, len(wrapped))]


@pytest.mark.unit
def test_abbreviations_that_name_other_things_are_not_children_or_symptoms():
    _, ped = concept_spans("patients with PED")
    _, vital = concept_spans("monitor vital signs")
    _, children = concept_spans("children")
    _, symptoms = concept_spans("symptoms")
    assert not {g for *_, g in ped} & {g for *_, g in children}
    assert not {g for *_, g in vital} & {g for *_, g in symptoms}
