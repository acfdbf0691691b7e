"""Parsing and chunking pin-downs on the seed note and small documents of each format."""

from pathlib import Path

import pytest

from app.ingest.chunking import chunk_document, clean_inline, clean_statement, sentence_units
from app.ingest.loaders import LoadError, load_document
from conftest import SEED, minimal_pdf

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def seed():
    doc = load_document(SEED)
    chunks, kept_out = chunk_document(doc)
    return doc, chunks, kept_out


def rows_of(chunks, table_prefix):
    return [c for c in chunks if c.kind == "table_row" and c.section.split(" > ")[-1].startswith(table_prefix)]


def cell_texts(doc, chunk):
    return {cell.header: clean_inline(doc.text[cell.start : cell.end]) for cell in chunk.cells}


def test_every_chunk_and_cell_is_verbatim_at_its_offsets(seed):
    doc, chunks, _ = seed
    assert doc.text == SEED.read_text(encoding="utf-8")
    assert chunks
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.text.strip() == c.text and c.text
        for cell in c.cells:
            assert c.start <= cell.start < cell.end <= c.end


def test_tab_separated_table_rows_carry_title_and_headers(seed):
    doc, chunks, _ = seed
    rows = rows_of(chunks, "Table 1")
    assert len(rows) == 3
    first = cell_texts(doc, rows[0])
    assert first == {
        "Study / Metric": "ALEX Trial: PFS [4]",
        "Alectinib (CNS Mets)": "HR: 0.40",
        "Crizotinib (CNS Mets)": "(Reference)",
        "Hazard Ratio (HR) & P-value": "95% CI: 0.25–0.64",
        "Context": "Patients with baseline CNS metastases",
    }
    assert "Table 1: Systemic and CNS Progression Outcomes" in rows[0].search_text
    assert "Hazard Ratio (HR) & P-value: P < 0.0001" in rows[1].search_text


def test_flattened_markdown_table_splits_into_rows_with_headers(seed):
    doc, chunks, _ = seed
    rows = rows_of(chunks, "Table 2")
    labels = [cell_texts(doc, r)["Patient Population"] for r in rows]
    assert labels == [
        "TKI-Naïve, Measurable CNS Mets (ALEX Trial) [4]",
        "Crizotinib-Resistant (Pooled NP28673/NP28761) [2]",
        "Real-World, TKI-Naïve (2022 Retrospective) [1]",  # this row is broken across a blank line
        "Real-World, Post-Crizotinib (2022 Retrospective) [1]",
    ]
    alex = cell_texts(doc, rows[0])
    assert alex["IC-ORR with Alectinib"] == "85.7% (Prior XRT) 78.6% (No Prior XRT)"
    assert alex["IC-ORR with Crizotinib"] == "71.4% (Prior XRT) 40.0% (No Prior XRT)"
    assert cell_texts(doc, rows[2])["Study Details"] == "Cohort 1 (n=11 with target lesions)"
    assert all("|" not in t for r in rows for t in cell_texts(doc, r).values())



def test_lines_of_a_dosing_table_differing_in_their_amounts_are_not_one_repeated_block(tmp_path):
    footer = "Printed copies of this guideline are uncontrolled; check the intranet for the current version. Page "
    note = tmp_path / "bands.md"
    note.write_text(
        "# Enoxaparin bands\n\n## Dose by weight\n\n"
        "For a booking weight of 50 to 90 kg give 40 mg daily subcutaneously.\n\n"
        f"{footer}1\n\n"
        "For a booking weight of 91 to 130 kg give 60 mg daily subcutaneously.\n\n"
        f"{footer}2\n",
        encoding="utf-8",
    )
    chunks, kept_out = chunk_document(load_document(note))
    everything = "\n".join(c.text for c in chunks)
    assert "40 mg daily" in everything and "60 mg daily" in everything
    assert everything.count("uncontrolled") == 1 and kept_out["repeated"] == 1  # the page number aside

def test_a_bold_run_in_label_heads_its_paragraph_and_states_nothing_itself(tmp_path):
    label = tmp_path / "label.md"
    label.write_text(
        "# Velotinib: summary of product characteristics\n\n## 4.2 Posology\n\n"
        "**Prevention of stroke in atrial fibrillation.** The recommended dose is 20 mg once daily.\n\n"
        "**Treatment of DVT:** The recommended dose is 20 mg twice daily for 10 days.\n\n"
        "**Do not** crush the tablets.\n",
        encoding="utf-8",
    )
    chunks, _ = chunk_document(load_document(label))
    sections = {c.text.split("**")[1]: c.section for c in chunks}
    assert sections["Prevention of stroke in atrial fibrillation."] == "4.2 Posology > Prevention of stroke in atrial fibrillation"
    assert sections["Treatment of DVT:"] == "4.2 Posology > Treatment of DVT"
    assert sections["Do not"] == "4.2 Posology"  # emphasis, not a label
    first = next(c for c in chunks if "once daily" in c.text)
    assert [clean_statement(first.text_at(s, e)) for s, e in sentence_units(first.text, first.start)] == [
        "The recommended dose is 20 mg once daily."]


def chunks_of(path, text: str) -> list:
    path.write_text(text, encoding="utf-8")
    return chunk_document(load_document(path))[0]


def table_cells(chunks) -> list[list[tuple[str, str]]]:
    """Each table row's cells as (column header, text)."""
    return [[(cell.header, r.text_at(cell.start, cell.end)) for cell in r.cells] for r in chunks if r.kind == "table_row"]


def test_a_plain_text_table_in_columns_under_a_rule_of_dashes_is_a_table(tmp_path):
    chunks = chunks_of(tmp_path / "bands.txt", (
        "ZELPARIN FOR CHILDREN: WEIGHT-BAND DOSING\n\nGive the dose for the child's weight band.\n\n"
        "  Weight band          Oral dose      Volume\n"
        "  -----------------    -----------    ------\n"
        "  Less than 8 kg       Not recommended\n"
        "  8 kg to 14.9 kg      2 mg           2 mL\n"
        "  15 kg and over       3 mg           3 mL\n\n"
        "A line of prose ---- with dashes   ---- in it is prose.\n"))
    assert table_cells(chunks) == [
        [("Weight band", "Less than 8 kg"), ("Oral dose", "Not recommended")],
        [("Weight band", "8 kg to 14.9 kg"), ("Oral dose", "2 mg"), ("Volume", "2 mL")],
        [("Weight band", "15 kg and over"), ("Oral dose", "3 mg"), ("Volume", "3 mL")],
    ]
    assert any("with dashes" in c.text for c in chunks if c.kind == "prose")


def test_a_plain_text_table_aligned_in_columns_without_a_rule_is_a_table_and_aligned_lists_are_not(tmp_path):
    chunks = chunks_of(tmp_path / "renal.txt", (
        "4. MAINTENANCE DOSE BY RENAL FUNCTION\n\n"
        "CrCl (mL/min)       Maintenance dose    Dosing interval\n"
        "More than 60        1000 mg             every 12 hours\n"
        "30 to 60            750 mg              every 24 hours\n"
        "Less than 30        500 mg              every 48 hours - discuss with pharmacist\n\n"
        "Drug:        Zelparin\nRoute:       Oral\nStrength:    5 mg tablets\n\n"
        "1.  Weigh the patient.\n2.  Check the creatinine.\n3.  Give the loading dose.\n\n"
        "The dose is 5 mg.  Give it with food\nor milk.  Avoid grapefruit juice and\nalcohol while taking it.\n"))
    assert table_cells(chunks) == [
        [("CrCl (mL/min)", "More than 60"), ("Maintenance dose", "1000 mg"), ("Dosing interval", "every 12 hours")],
        [("CrCl (mL/min)", "30 to 60"), ("Maintenance dose", "750 mg"), ("Dosing interval", "every 24 hours")],
        [("CrCl (mL/min)", "Less than 30"), ("Maintenance dose", "500 mg"),
         ("Dosing interval", "every 48 hours - discuss with pharmacist")],
    ]
    text = "\n".join(c.text for c in chunks if c.kind != "table_row")
    assert "Zelparin" in text and "Weigh the patient" in text and "Avoid grapefruit" in text


def test_a_plain_text_title_on_the_first_line_of_its_paragraph_heads_a_section(tmp_path):
    chunks = chunks_of(tmp_path / "report.txt", (
        "ZELPARIN IN HEART FAILURE: A TRIAL REPORT\n\n"
        "RESULTS\n Over a median follow-up of 26.4 months, the primary outcome occurred in\n"
        " 512 of 3,108 patients in the zelparin group.\n\n"
        "3.2 Primary and secondary outcomes\n The primary outcome occurred in 512 patients (16.5%) in the\n"
        " zelparin group and in 611 (19.7%) in the placebo group.\n\n"
        "Patients were assigned in a 1:1 ratio to zelparin 40 mg\n once daily or placebo, stratified by diabetes.\n\n"
        "1.2 Patients on dialysis need\n specialist advice before the first dose of zelparin is given.\n\n"
        "CHILDREN 1-5 YEARS\n Give 15 mg/kg every 6 hours, up to 60 mg/kg in 24 hours.\n"))
    section_of = {c.text.split()[0]: c.section for c in chunks}
    assert section_of["Over"] == "RESULTS"
    assert section_of["The"] == "3.2 Primary and secondary outcomes"
    # A wrapped sentence's first line runs on to the margin, or its next line goes on in lower case: no title.
    assert any("Patients were assigned in a 1:1 ratio" in c.text for c in chunks)
    assert any("1.2 Patients on dialysis need\n specialist advice" in c.text for c in chunks)
    assert not any("Patients" in c.section or "CHILDREN" in c.section for c in chunks)  # a figure is content


def test_a_leaflets_titles_in_sentence_case_head_subsections_of_its_numbered_sections(tmp_path):
    chunks = chunks_of(tmp_path / "leaflet.txt", (
        "Velnor 50 mg tablets\n\n"
        "2. WHAT YOU NEED TO KNOW BEFORE YOU TAKE VELNOR\n\n"
        "Driving and using machines\nVelnor can make you feel sleepy. Do not drive until you know how Velnor affects you.\n\n"
        "3. HOW TO TAKE VELNOR\n\n"
        "If you forget to take Velnor (daily 50 mg tablet)\n"
        "- If you remember within 12 hours of the usual time, take it as soon as you remember.\n"
        "- If it is more than 12 hours since the usual time, skip the missed dose.\n\n"
        "Velnor 50 mg tablets are white\nVelnor 75 mg tablets are pink and oval, marked with a V on one side.\n"))
    assert any(c.section == "WHAT YOU NEED TO KNOW BEFORE YOU TAKE VELNOR > Driving and using machines"
               and c.text.startswith("Velnor can make you feel sleepy") for c in chunks)
    assert any(c.section == "HOW TO TAKE VELNOR > If you forget to take Velnor (daily 50 mg tablet)"
               and c.text.startswith("- If you remember") for c in chunks)
    # A line with a figure outside brackets is content, not a title.
    assert any("Velnor 50 mg tablets are white\nVelnor 75 mg" in c.text for c in chunks)


def test_instructions_references_and_a_papers_sections_are_no_sentence_case_subsections(tmp_path):
    chunks = chunks_of(tmp_path / "paper.txt", (
        "Velnor in heart failure: a trial report\n\n"
        "METHODS\n\nPatients were randomised to velnor or placebo and followed for two years in all.\n\n"
        "Results\nThe primary outcome occurred in 12% of the velnor group and 18% of the placebo group.\n\n"
        "Take one tablet (50 mg) once daily\nSwallow the tablet whole with a glass of water at the same time each day.\n\n"
        "Stop taking velnor and see a doctor\nIf you notice swelling of the face, lips or tongue, or trouble breathing.\n\n"
        "Do not drink grapefruit juice during treatment with velnor\n\n"
        "Bridging with low molecular weight heparin is not recommended\n\n"
        "REFERENCES\n\n"
        "Kidney Disease Improving Global Outcomes\nKDIGO guideline: the primary outcome fell by 50% with treatment.\n"))
    assert any(c.section == "Results" and c.text.startswith("The primary outcome occurred") for c in chunks)
    assert any("Take one tablet (50 mg) once daily\nSwallow" in c.text for c in chunks)
    assert any("Stop taking velnor and see a doctor\nIf you notice" in c.text for c in chunks)
    assert not any("KDIGO" in c.text or "Kidney Disease" in c.section for c in chunks)
    # A sentence set on a line of its own without its full stop is content, not a title.
    assert any("Do not drink grapefruit juice during treatment with velnor" in c.text for c in chunks)
    assert any("Bridging with low molecular weight heparin is not recommended" in c.text for c in chunks)


def test_boilerplate_is_kept_out_by_general_signals_and_clinical_text_with_a_notice_stays(tmp_path):
    disclaimer = "This leaflet summarises the evidence and does not replace the clinical judgement of the team."
    note = tmp_path / "note.md"
    note.write_text(
        "# Heparin note\n\n"
        "[Home](https://a.example/) [Drugs](https://a.example/d) [Contact](https://a.example/c)\n\n"
        "1 Scope ........ 2\n2 Dosing ........ 3\n\n"
        "## Dosing\n\n"
        f"{disclaimer}\n\n"
        "The usual dose is 5000 units twice daily by subcutaneous injection.\n© 2024 Some Publisher\n\n"
        "© 2024 Some Publisher. All rights reserved.\n\n"
        "Need supplies for your ward? Order online today\n\n"
        "Phone: (555) 262-9938\n\n"
        f"{disclaimer}\n\n"
        "## References\n\n1. Smith J. A trial. Lancet 2020.\n",
        encoding="utf-8",
    )
    doc = load_document(note)
    chunks, kept_out = chunk_document(doc)
    everything = "\n".join(c.text for c in chunks)
    assert "a.example" not in everything and "........" not in everything and "Lancet" not in everything
    assert "5000 units twice daily" in everything  # kept although its block also holds a © line
    assert everything.count(disclaimer) == 1  # a block repeated verbatim is kept once
    assert kept_out["links"] == 1 and kept_out["table of contents"] == 1 and kept_out["legal notice"] == 1
    assert kept_out["call to action"] == 1 and kept_out["contact details"] == 1
    assert kept_out["repeated"] == 1 and kept_out["references"] == 1 and kept_out["boilerplate"] == 6


def test_seed_keeps_its_sections_and_drops_contact_lines_and_references(seed):
    _, chunks, kept_out = seed
    everything = "\n".join(c.text for c in chunks)
    assert "info@smolecule.com" not in everything and kept_out["references"] >= 1
    assert "Research Use Only" in everything
    assert any(c.section == "Management of Leptomeningeal Disease" for c in chunks)


def test_header_metadata_is_one_record_with_fields(seed):
    doc, chunks, _ = seed
    meta = [c for c in chunks if c.kind == "metadata"]
    assert len(meta) == 1
    fields = cell_texts(doc, meta[0])
    assert fields["Compound Focus"] == "Allitinib"
    assert fields["CAS No."] == "897383-62-9"
    assert fields["Cat. No."] == "S547916"


def test_sections_follow_headings_and_lists_keep_their_record_head(seed):
    _, chunks, _ = seed
    sections = {c.section for c in chunks}
    assert "Molecular Basis of Alectinib's CNS Efficacy" in sections
    protocol = [c for c in chunks if c.section == "Detailed Experimental Protocols from Key Studies"]
    china = next(c for c in protocol if "China" in c.text)
    assert "2025 Real-World Comparative Effectiveness Study" in china.search_text
    tail = next(c for c in protocol if "rwiPFS" in c.text and "Study Name" not in c.text)
    assert "Study Name: 2025 Real-World Comparative Effectiveness Study" in tail.search_text


def test_ids_are_deterministic(seed):
    doc, chunks, _ = seed
    again, _ = chunk_document(load_document(SEED))
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)


def test_markdown_headings_and_tables(tmp_path: Path):
    md = tmp_path / "note.md"
    md.write_text(
        "# Lorlatinib note\n\n## Efficacy\n\nLorlatinib showed intracranial activity in pretreated patients.\n\n"
        "| Cohort | IC-ORR |\n|---|---|\n| Prior 2G TKI | 56% |\n| TKI-naive | 82% |\n",
        encoding="utf-8",
    )
    doc = load_document(md)
    chunks, _ = chunk_document(doc)
    assert doc.title == "Lorlatinib note"
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [cell_texts(doc, r) for r in rows] == [
        {"Cohort": "Prior 2G TKI", "IC-ORR": "56%"},
        {"Cohort": "TKI-naive", "IC-ORR": "82%"},
    ]
    assert all(c.section == "Efficacy" for c in chunks)


def test_a_connector_line_between_list_items_keeps_the_list_in_one_chunk(tmp_path: Path):
    """Guidelines set "and" / "or" on a line of its own between the items of one list of targets."""
    md = tmp_path / "targets.md"
    md.write_text(
        "# Glucose targets\n\n## Targets\n\nAdvise women to keep their glucose below these levels:\n\n"
        "- fasting: 5.3 mmol/litre\n\nand\n\n- 1 hour after meals: 7.8 mmol/litre or\n"
        "- 2 hours after meals: 6.4 mmol/litre.\n",
        encoding="utf-8",
    )
    doc = load_document(md)
    chunks, _ = chunk_document(doc)
    (listed,) = [c for c in chunks if "5.3" in c.text]
    assert "7.8" in listed.text and "6.4" in listed.text



def test_a_long_record_is_cut_where_a_line_starts_at_the_margin_so_indented_values_stay_with_their_name(tmp_path: Path):
    """A registry record sets a measure's values on an indented line under its name; a block longer than
    a chunk is cut before a name, never between a name and its values."""
    measure = ("* Change in score From Baseline [Change from baseline to week 24 in the full analysis set of all "
               "randomised subjects who took at least one dose.] | Units: points | Param: Least Squares Mean")
    values = "   : Drug A 10 mg: -4.21 (Standard Error 0.25); Placebo: -1.93 (Standard Error 0.26)"
    record = "\n".join([
        "Primary outcome: Change in score From Baseline",
        "  Description: " + "Change in the score from baseline to week 24 in every subject randomised. " * 4,
        "  Time frame: Week 0, week 24 | Population: " + "missing data imputed from a mixed model. " * 3,
        measure, values,
        "  Analysis: groups Drug A 10 mg, Placebo | method: Mixed Models Analysis | difference -2.28 | p=<0.0001",
    ])
    txt = tmp_path / "record.txt"
    txt.write_text(f"OUTCOME MEASURES\n\n{record}\n", encoding="utf-8")
    chunks, _ = chunk_document(load_document(txt))
    assert len(chunks) > 1  # the block is longer than one chunk
    (valued,) = [c for c in chunks if "-4.21" in c.text]
    assert "Units: points" in valued.text


def test_a_short_line_between_two_long_records_is_placed_where_it_stands_not_in_the_overlap_before(tmp_path: Path):
    """A line that also ends the chunk before ("Take with food.") is the next chunk's only where it
    stands after it: every line of the document is in some chunk, at its own offsets."""
    first = "Measure one\n" + "\n".join(f"   row {j}: value {j}.5 units in arm A and arm B" for j in range(24))
    second = "Measure two\n" + "\n".join(f"   row {j}: value {j}.7 units in arm C and arm D" for j in range(24))
    txt = tmp_path / "records.txt"
    txt.write_text(f"RECORDS\n\n{first}\n   Take with food.\nTake with food.\n{second}\n", encoding="utf-8")
    doc = load_document(txt)
    chunks, _ = chunk_document(doc)
    line = doc.text.index("\nTake with food.\nMeasure two") + 1
    assert any(c.start <= line and line + len("Take with food.") <= c.end for c in chunks)
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text


def test_a_sentence_that_runs_on_into_a_list_is_one_statement_and_a_list_stays_items(tmp_path: Path):
    """"Single dose of 40 mg taken as" is finished by the list item under it; an item ending in "and"
    is still one item of its list, and the paragraph after a list starts a statement of its own."""
    md = tmp_path / "leaflet.md"
    md.write_text(
        "# Dosing\n\n## How much to take\n\nFor adults, a single dose of 40 mg taken as\n\n- 2 x 20 mg tablets\n\n"
        "Take the tablets with water.\n\n## Treatment\n\nGive:\n\n- drug A 50 mg/kg every 12 hours and\n- drug B, with:\n",
        encoding="utf-8",
    )
    doc = load_document(md)
    chunks, _ = chunk_document(doc)
    statements = [doc.text[s:e] for c in chunks for s, e in sentence_units(c.text, c.start)]
    assert any("40 mg taken as" in st and "2 x 20 mg tablets" in st for st in statements), statements
    assert "Take the tablets with water." in statements, statements
    assert any(st.endswith("every 12 hours and") for st in statements), statements



def test_a_capital_letter_is_a_name_not_an_unfinished_sentence_and_a_paragraph_leaves_the_list_before_it():
    from app.ingest.units import list_items, runs_on

    assert runs_on("a single dose of 40 mg taken as") and not runs_on("Hepatitis A") and not runs_on("Appendix A")
    text = "- first item\n\nFor children the dose is taken as\n\n- 2 x 20 mg tablets"
    assert [text[a:b] for a, b in list_items(text)] == ["- first item", "For children the dose is taken as\n\n- 2 x 20 mg tablets"]
    many = "Do not use in patients with\n- kidney disease\n- liver disease"
    assert len(list_items(many)) == 3  # only a list of one item finishes the sentence


def test_html_is_converted_with_headings_and_table_rows(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Brigatinib CNS</title><script>alert(1)</script></head><body>"
        "<h1>Brigatinib CNS</h1><h2>Results</h2><p>Brigatinib improved intracranial PFS in ALTA-1L.</p>"
        "<table><tr><th>Arm</th><th>IC-ORR</th></tr><tr><td>Brigatinib</td><td>78%</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = load_document(page)
    chunks, _ = chunk_document(doc)
    assert doc.title == "Brigatinib CNS" and "alert" not in doc.text
    row = next(c for c in chunks if c.kind == "table_row")
    assert cell_texts(doc, row) == {"Arm": "Brigatinib", "IC-ORR": "78%"}
    assert any(c.section == "Results" and "ALTA-1L" in c.text for c in chunks)


def test_pdf_text_is_extracted(tmp_path: Path):
    pdf = tmp_path / "trial.pdf"
    pdf.write_bytes(minimal_pdf("Ensartinib achieved an intracranial response rate of 64 percent."))
    doc = load_document(pdf)
    chunks, _ = chunk_document(doc)
    assert "Ensartinib" in doc.text
    assert any("64 percent" in c.text for c in chunks)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 20, "binary"),
        ("latin1.txt", "Résumé of alectinib".encode("latin-1"), "not valid UTF-8"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
        ("fake.pdf", b"hello, no pdf header here", "not a PDF"),
        ("slides.pptx", b"PK\x03\x04", "unsupported type"),
    ],
)
def test_unreadable_files_raise_a_clear_reason(tmp_path: Path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        load_document(path)


def test_a_statement_drops_a_run_of_the_documents_reference_markers_with_the_commas_between_them():
    text = "The search found seven controlled studies [12], [13], [19] and five uncontrolled ones [24], [25] (Figure 1)."
    assert clean_statement(text) == "The search found seven controlled studies and five uncontrolled ones (Figure 1)."
    assert clean_statement("Outcome was better [4] [2], as reported [3,5].") == "Outcome was better, as reported."


def test_a_numbered_clause_after_a_list_starts_a_statement_of_its_own(tmp_path):
    procedure = tmp_path / "monitoring.txt"
    procedure.write_text(
        "6. MONITORING\n\n"
        "6.5 Target trough ranges:\n"
        "    - Standard infections: 10 to 15 mg/L\n"
        "    - Severe infections (endocarditis, meningitis): 15 to 20 mg/L\n"
        "6.6 Once in target range, repeat trough levels twice weekly.\n",
        encoding="utf-8",
    )
    chunks, _ = chunk_document(load_document(procedure))
    statements = [clean_statement(c.text_at(s, e)) for c in chunks for s, e in sentence_units(c.text, c.start)]
    assert any(s.endswith("meningitis): 15 to 20 mg/L") for s in statements), statements
    assert any(s.startswith("6.6 Once in target range") for s in statements), statements


def test_aligned_lines_without_a_header_or_with_a_wrapped_cell_are_not_read_as_a_table(tmp_path):
    doc = tmp_path / "bands.txt"
    doc.write_text(
        "LOADING DOSE\n\n"
        "Weight 40 to 59 kg      600 mg\n"
        "Weight 60 to 79 kg      800 mg\n"
        "Weight 80 kg or more    1000 mg\n\n"
        "CrCl (mL/min)   Dose\n"
        ">50             7 mg/kg every 24 hours; reduce to 5 mg/kg\n"
        "if weight under 50 kg\n"
        "30 to 50        5 mg/kg every 24 hours\n\n"
        "2. ICU patients: give a 25 mg/kg loading dose.\n",
        encoding="utf-8",
    )
    chunks, _ = chunk_document(load_document(doc))
    assert not [c for c in chunks if c.kind == "table_row"]
    assert any("Weight 40 to 59 kg      600 mg" in c.text for c in chunks)
    assert any("reduce to 5 mg/kg\nif weight under 50 kg" in c.text for c in chunks)
    assert not any(c.section.startswith("ICU patients") for c in chunks)  # an item, not a heading


def test_a_tab_separated_header_naming_columns_alike_takes_the_line_under_it(tmp_path):
    # A label's adverse-reaction table: the product over each of its strengths, the strengths on the next line.
    chunks = chunks_of(tmp_path / "label.md", (
        "# Adverse reactions\n\n"
        "Table 1 Adverse reactions in the two-year trial\n\n"
        "\tPlacebo\tVelora\tVelora\n"
        "Body system\t\t0.025 mg/day\t0.05 mg/day\n"
        "Fungal infection\t1 (1.1)\t3 (3.4)\t9 (10)\n"
        "Headache\t4 (4.6)\t7 (7.9)\t6 (6.7)\n"))
    assert table_cells(chunks)[0] == [("Body system", "Fungal infection"), ("Placebo", "1 (1.1)"),
                                      ("Velora 0.025 mg/day", "3 (3.4)"), ("Velora 0.05 mg/day", "9 (10)")]
    # A layout's name for an unnamed first column ("Column 1") names none.
    laid_out = chunks_of(tmp_path / "laid.md", (
        "# Adverse reactions\n\nTable 2 Adverse reactions\n\nColumn 1\tPlacebo\tVelora\tVelora\n"
        "Body system\t\t0.025 mg/day\t0.05 mg/day\nHeadache\t4 (4.6)\t7 (7.9)\t6 (6.7)\n"))
    assert [h for h, _ in table_cells(laid_out)[0]] == ["Body system", "Placebo", "Velora 0.025 mg/day", "Velora 0.05 mg/day"]
    # A header naming each column once is whole: the line under it is a row.
    whole = chunks_of(tmp_path / "whole.md", "# Doses\n\nWeight\tDose\tVolume\n8 kg\t2 mg\t2 mL\n15 kg\t3 mg\t3 mL\n")
    assert table_cells(whole)[0] == [("Weight", "8 kg"), ("Dose", "2 mg"), ("Volume", "2 mL")]
    # Nor is a first row of results under columns named alike: it fills the columns named once.
    trials = chunks_of(tmp_path / "trials.md", ("# Results\n\nEndpoint\tCream A\tDifference\tCream B\tDifference\n"
                                               "Clear skin\t30.1%\t20.5% (12.2%, 28.8%)\t31.0%\t15.9% (6.8%, 25.0%)\n"
                                               "Itch-free\t15.5%\t13.3% (7.5%, 19.1%)\t15.4%\t13.5% (7.7%, 19.3%)\n"))
    assert table_cells(trials)[0][:2] == [("Endpoint", "Clear skin"), ("Cream A", "30.1%")]
    counts = "# Adverse reactions\n\nAdverse reaction\tPlacebo\tVelora\tVelora\nHeadache\t4\t7\t6\n"
    one_row = chunks_of(tmp_path / "one.md", counts)
    assert table_cells(one_row) == [[("Adverse reaction", "Headache"), ("Placebo", "4"), ("Velora", "7"), ("Velora", "6")]]
    two_rows = chunks_of(tmp_path / "two.md", counts + "Nausea\t2\t5\t9\n")
    assert [cells[0] for cells in table_cells(two_rows)] == [("Adverse reaction", "Headache"), ("Adverse reaction", "Nausea")]


def test_a_guideline_grade_letter_ending_a_line_is_no_part_of_the_next_recommendation():
    """Guideline PDFs print each recommendation's grade at the end of its line ("... for the condition. B");
    the letter must not open the next recommendation's statement, and a line-wrapped article stays."""
    text = ("Oral drug X does not appear to be an effective treatment for the condition. B\n\n"
            "Oral drug Y does not appear to be an effective treatment for the condition. A\n\n"
            "Surgery may be considered as a last-line treatment. ✓\n\n"
            "Long-term antibiotics are therapies that are not recommended. The trial was small. A\n"
            "randomised comparison is planned for patients with the condition.")
    statements = [text[s:e] for s, e in sentence_units(text, 0)]
    assert "Oral drug Y does not appear to be an effective treatment for the condition." in " ".join(statements), statements
    assert not any(st.startswith(("B ", "A Oral", "✓")) for st in statements), statements
    assert any(st.startswith("A\nrandomised comparison") for st in statements), statements


FENCED_MARKDOWN = """```markdown
July/2022
Department of Health Research

# Standard Treatment Workflow (STW)
## FRAGILITY FRACTURES
ICD-10-Z87.310

## TREATMENT
• Daily oral calcium 1-1.5 gm/day
• Zoledronic acid 5mg once a year
```
"""


def test_markdown_headings_need_no_blank_line_and_a_fence_wrapping_the_page_is_no_text(tmp_path):
    chunks = chunks_of(tmp_path / "stw.md", FENCED_MARKDOWN)
    treatment = [c for c in chunks if "calcium" in c.text]
    assert treatment and treatment[0].section.endswith("TREATMENT")
    assert not any("```" in c.text_at(s, e) for c in chunks for s, e in c.units)


def test_a_count_written_with_a_hash_in_converted_text_is_no_markdown_heading(tmp_path):
    chunks = chunks_of(tmp_path / "paper.md", "# A trial\n\n## Results\n\nAdverse reactions were mostly mild and\n# of patients with ADRs: 12 (8%) in the active arm.\nNo deaths occurred.\n")
    assert all(c.section == "Results" for c in chunks) and any("12 (8%)" in c.text for c in chunks)
