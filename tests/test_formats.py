"""Real-document formats on small fixtures built here: PDF (reportlab), HTML, DOCX (python-docx), Markdown.
Each pins one promise of issue 11: reflowed sentences, running headers gone, headings giving section
paths, table rows carrying their headers and title, lists carrying their lead-in, field codes not text."""

import io
import re

import pytest

from app.ingest.chunking import chunk_document, clean_inline, sentence_units
from app.ingest.loaders import LoadError, load_document

pytestmark = pytest.mark.unit


def units_of(doc, chunks):
    out = []
    for c in chunks:
        spans = sentence_units(c.text, c.start) if c.kind == "prose" else [(c.start, c.end)]
        out += [clean_inline(doc.text[s:e]) for s, e in spans]
    return out


def assert_verbatim(doc, chunks):
    assert chunks
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        for cell in c.cells:
            assert c.start <= cell.start <= cell.end <= c.end


def _guideline_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4

    def furniture(n):
        c.setFont("Helvetica", 8)
        c.drawString(72, height - 30, "Northbridge Trust - Heparin guideline v2")
        c.drawString(72, 30, f"Reference ID: 40{n}9651")
        c.drawString(width - 130, 30, f"Page {n} of 3")

    def lines(y, rows, font="Helvetica", size=10):
        c.setFont(font, size)
        for row in rows:
            c.drawString(72, y, row)
            y -= size * 1.2
        return y - size

    furniture(1)
    y = lines(height - 90, ["Heparin in pregnancy"], "Helvetica-Bold", 18)
    y = lines(y, ["1 Dosing"], "Helvetica-Bold", 12)
    y = lines(y, ["The loading dose is 5000 units given by slow intravenous injection over five",
                  "minutes, followed by a continuous infusion adjusted to the APTT ratio."])
    y = lines(150, ["Monitor the platelet count on day 5 of treatment and then every"])
    c.showPage()
    furniture(2)
    y = lines(height - 90, ["two to four days while treatment continues."])
    y = lines(y, ["2 Pharmacokinetics"], "Helvetica-Bold", 12)
    y = lines(y, ["After intravenous injection heparin has an apparent half-life of",
                  "about 90 minutes in adults, longer at higher doses."])
    y = lines(y, ["Table 1 Dose by body weight"], "Helvetica-Bold", 10)
    rows = [["Weight", "Dose", "Frequency"], ["under 50 kg", "5000 units", "every 12 hours"],
            ["50 to 100 kg", "7500 units", "every 12 hours"]]
    top, xs = y + 4, [72, 200, 330, 460]
    for r, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 10)
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 4, top - 14 - 20 * r, cell)
    for r in range(len(rows) + 1):
        c.line(xs[0], top - 20 * r, xs[-1], top - 20 * r)
    for x in xs:
        c.line(x, top, x, top - 20 * len(rows))
    c.showPage()
    furniture(3)
    y = lines(height - 90, ["3 Adverse reactions"], "Helvetica-Bold", 12)
    y = lines(y, ["Stop heparin and seek advice if any of these occur:"])
    lines(y + 10, ["\u2022 the platelet count falls by half from baseline", "\u2022 skin necrosis at the injection site"])
    c.save()


@pytest.fixture(scope="module")
def guideline(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "heparin.pdf"
    _guideline_pdf(path)
    doc = load_document(path)
    chunks, kept_out = chunk_document(doc)
    return doc, chunks, kept_out


def test_pdf_sentences_are_whole_across_line_and_page_breaks(guideline):
    doc, chunks, _ = guideline
    assert_verbatim(doc, chunks)
    units = units_of(doc, chunks)
    assert any("apparent half-life of about 90 minutes in adults" in u for u in units)
    assert any("then every two to four days while treatment continues." in u for u in units)
    assert doc.pages == 3 and doc.title == "Heparin in pregnancy"


def test_pdf_running_headers_footers_and_page_numbers_are_in_no_chunk(guideline):
    doc, chunks, _ = guideline
    everything = "\n".join(c.text for c in chunks)
    for furniture in ("Northbridge", "Reference ID", "Page 2 of 3"):
        assert furniture not in everything
    # PDFium reads the footer's two strings on one baseline as one line: two lines a page.
    assert dict(doc.kept_out)["running header/footer"] == 6


def test_pdf_headings_give_each_chunk_its_section(guideline):
    doc, chunks, _ = guideline
    section_of = {c.text: c.section for c in chunks}
    assert next(s for t, s in section_of.items() if "half-life" in t) == "2 Pharmacokinetics"
    assert next(s for t, s in section_of.items() if "loading dose" in t) == "1 Dosing"


def test_pdf_table_rows_carry_their_headers_and_title(guideline):
    doc, chunks, _ = guideline
    rows = [c for c in chunks if c.kind == "table_row"]
    assert len(rows) == 2 and doc.table_rows == 2
    for row in rows:
        assert [cell.header for cell in row.cells] == ["Weight", "Dose", "Frequency"]
        assert row.table == "Table 1 Dose by body weight"
    assert {doc.text[cell.start : cell.end] for cell in rows[1].cells} == {"50 to 100 kg", "7500 units", "every 12 hours"}
    assert "Weight" not in "\n".join(c.text for c in chunks if c.kind == "prose")


def test_pdf_list_items_carry_their_lead_in(guideline):
    doc, chunks, _ = guideline
    item = next(c for c in chunks if "skin necrosis" in c.text)
    assert item.lead == "Stop heparin and seek advice if any of these occur:"
    assert item.search_text.count("Stop heparin") == 1


def test_a_pdf_without_a_text_layer_says_so(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 500, fill=1)  # a "scanned page": marks, no text
    c.showPage()
    c.save()
    with pytest.raises(LoadError, match="OCR"):
        load_document(path)
    mixed = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(mixed))
    c.drawString(72, 700, "Give 5000 units of heparin twice daily by subcutaneous injection.")
    c.showPage()
    c.rect(100, 100, 300, 500, fill=1)
    c.showPage()
    c.save()
    doc = load_document(mixed)
    assert doc.warnings == ("page 2: no extractable text — scanned? (needs OCR)",)


HTML = """<html><head><title>Heparin - Example Health</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/drugs">Drugs A-Z</a></li><li><a href="/news">News</a></li></ul></nav>
<div role="dialog" class="banner">We use cookies to improve your experience. Accept all cookies?</div>
<div id="content"><article>
<h1>Heparin for adults</h1>
<h2>Brief Summary</h2>
<div>Heparin is an anticoagulant given by injection to prevent and treat blood clots in the legs and lungs,
and it works within minutes of an intravenous dose.</div>
<p>It is used in hospital when a fast effect is needed, and the dose is checked with blood tests.</p>
<h2>Who should not take it</h2>
<p>Do not use heparin if:</p>
<ul><li>you have a bleeding disorder such as haemophilia</li><li>you have had heparin-induced thrombocytopenia</li></ul>
<h2>Doses</h2>
<table><caption>Table 1: Usual doses</caption>
<tr><th>Use</th><th>Dose</th></tr>
<tr><td>Prevention</td><td>5000 units twice daily</td></tr>
<tr><td>Treatment</td><td>18 units/kg/hour</td></tr></table>
<p>Related: <a href="/a">Warfarin</a> <a href="/b">Apixaban</a> <a href="/c">Enoxaparin</a> <a href="/d">Aspirin</a></p>
</article></div>
<footer><p>Example Health is a trading name of Example Ltd. Registered in England.</p></footer>
</body></html>"""


def _read_html(tmp_path, name: str, html: str):
    """The page loaded and chunked, every chunk checked verbatim against the document's text."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    assert_verbatim(doc, chunks)
    return doc, chunks


def test_html_keeps_every_content_block_and_drops_the_site_chrome(tmp_path):
    doc, chunks = _read_html(tmp_path, "heparin.html", HTML)
    everything = "\n".join(c.text for c in chunks)
    assert "works within minutes of an intravenous dose" in everything  # text in a <div>
    for chrome in ("Drugs A-Z", "cookies", "trading name", "Enoxaparin"):
        assert chrome not in doc.text
    assert dict(doc.kept_out)["links"] == 1
    summary = next(c for c in chunks if "works within minutes" in c.text)
    assert summary.section == "Brief Summary"  # the first heading is the document's title
    item = next(c for c in chunks if "haemophilia" in c.text)
    assert item.lead == "Do not use heparin if:" and item.section.endswith("Who should not take it")
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [[cell.header for cell in r.cells] for r in rows] == [["Use", "Dose"], ["Use", "Dose"]]
    assert rows[0].table == "Table 1: Usual doses"



def test_an_html_table_footer_written_before_its_body_is_its_notes_not_its_headers(tmp_path):
    # HTML 4 put <tfoot> before <tbody>; drug-label renderings still do, with the header row as <td>s.
    path = tmp_path / "label.html"
    path.write_text("""<html><head><title>Label</title></head><body><h1>Dosage</h1>
<p>Dosage depends on the infection being treated, as in the table below, and on renal function.</p>
<table><caption>Table 1: Adult dosage</caption>
<tfoot><tr><td colspan="3">1. Continue for 2 days after symptoms have gone.</td></tr></tfoot>
<tbody><tr><td>Infection</td><td>Dose</td><td>Usual duration 1</td></tr>
<tr><td>Cystitis</td><td>250 mg</td><td>3 days</td></tr>
<tr><td>Bone and joint</td><td>500 mg</td><td>4 to 8 weeks</td></tr>
<tr><td>Anthrax (post&shy;-exposure)</td><td>500 mg</td><td>60 days</td></tr></tbody></table>
</body></html>""", encoding="utf-8")
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    assert_verbatim(doc, chunks)
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [[cell.header for cell in r.cells] for r in rows] == [["Infection", "Dose", "Usual duration 1"]] * 3
    assert doc.text.index("Continue for 2 days") > doc.text.index("60 days")
    assert "Anthrax (post-exposure)" in doc.text  # a soft hyphen marks a line break a browser may take, no text


def test_an_html_tables_spanning_cells_head_and_fill_every_column_and_row_they_span(tmp_path):
    path = tmp_path / "spans.html"
    path.write_text("""<html><head><title>Regimens</title></head><body><h1>Regimens and safety</h1>
<p>The regimens and the adverse events of the trial are listed in the tables below for each population.</p>
<table><thead><tr><th rowspan="2">Adverse event</th><th colspan="2">Drug A</th><th colspan="2">Placebo</th></tr>
<tr><th>Any grade</th><th>Grade ≥ 3</th><th>Any grade</th><th>Grade ≥ 3</th></tr></thead>
<tbody><tr><td>Nausea</td><td>31%</td><td>2%</td><td>15%</td><td>1%</td></tr></tbody></table>
<table><tr><th>Population</th><th>Antibiotic</th><th>Dose</th></tr>
<tr><td rowspan="2">Non-pregnant women</td><td>Drug A</td><td>100 mg twice daily</td></tr>
<tr><td>Drug C</td><td>3 g single dose</td></tr>
<tr><td>Men</td><td colspan="2">As above, for 7 days</td></tr></table>
</body></html>""", encoding="utf-8")
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    assert_verbatim(doc, chunks)
    rows = {c.text_at(c.cells[0].start, c.cells[0].end) + " | " + c.text_at(c.cells[1].start, c.cells[1].end): c
            for c in chunks if c.kind == "table_row"}
    nausea = rows["Nausea | 31%"]
    assert [cell.header for cell in nausea.cells] == ["Adverse event", "Drug A: Any grade", "Drug A: Grade ≥ 3",
                                                      "Placebo: Any grade", "Placebo: Grade ≥ 3"]
    assert "Non-pregnant women | Drug C" in rows  # the population its cell spans down to
    assert "Men | As above, for 7 days" in rows and len(rows["Men | As above, for 7 days"].cells) == 2


def test_an_html_header_cell_spans_no_row_of_the_tables_body(tmp_path):
    path = tmp_path / "ae.html"
    path.write_text("""<html><head><title>AE</title></head><body><h1>Safety</h1>
<p>The adverse events of the trial are listed in the table below for each arm of the trial.</p>
<table><thead><tr><th rowspan="2">Adverse event</th><th>Drug A</th><th>Placebo</th></tr></thead>
<tbody><tr><td>Nausea</td><td>31%</td><td>15%</td></tr><tr><td>Rash</td><td>3%</td><td>1%</td></tr></tbody></table>
</body></html>""", encoding="utf-8")
    assert "Adverse event\tDrug A\tPlacebo\nNausea\t31%\t15%\nRash\t3%\t1%" in load_document(path).text


def test_a_word_tables_merged_cells_head_and_fill_every_column_and_row_they_cover(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("Adverse events", 1)
    d.add_paragraph("The adverse events of the trial are listed in the table below for each arm.")
    t = d.add_table(rows=3, cols=5)
    t.cell(0, 1).merge(t.cell(0, 2)), t.cell(0, 3).merge(t.cell(0, 4)), t.cell(0, 0).merge(t.cell(1, 0))
    for (r, k), text in {(0, 0): "Adverse event", (0, 1): "Drug A", (0, 3): "Placebo", (1, 1): "Any grade",
                         (1, 2): "Grade ≥ 3", (1, 3): "Any grade", (1, 4): "Grade ≥ 3"}.items():
        t.cell(r, k).text = text
    for k, value in enumerate(["Nausea", "31%", "2%", "15%", "1%"]):
        t.cell(2, k).text = value
    d.add_paragraph("Regimens by population.")
    r = d.add_table(rows=4, cols=3)
    for k, text in enumerate(["Population", "Antibiotic", "Dose"]):
        r.cell(0, k).text = text
    r.cell(1, 0).merge(r.cell(2, 0)).text = "Non-pregnant women"
    r.cell(1, 1).text, r.cell(1, 2).text, r.cell(2, 1).text, r.cell(2, 2).text = "Drug A", "100 mg", "Drug C", "3 g once"
    r.cell(3, 0).text = "Men"
    r.cell(3, 1).merge(r.cell(3, 2)).text = "As above, for 7 days"
    # A list set out as a table, its last cell merged across: no header over a second one.
    lst = d.add_table(rows=3, cols=4)
    lst.cell(0, 2).merge(lst.cell(0, 3))
    for (i, k), text in {(0, 0): "Hydrocele", (0, 1): "Otorrhea", (0, 2): "Rectal mass", (1, 0): "Chalazion",
                         (1, 1): "Dysthymia", (1, 2): "Viremia", (2, 0): "Cachexia"}.items():
        lst.cell(i, k).text = text
    path = tmp_path / "spans.docx"
    d.save(path)
    doc = load_document(path)
    assert "Adverse event\tDrug A: Any grade\tDrug A: Grade ≥ 3\tPlacebo: Any grade\tPlacebo: Grade ≥ 3\nNausea" in doc.text
    assert "Non-pregnant women\tDrug C\t3 g once" in doc.text and "Men\tAs above, for 7 days" in doc.text
    assert "Hydrocele\tOtorrhea\tRectal mass\nChalazion" in doc.text


def test_an_html_table_footer_of_cells_is_its_last_row(tmp_path):
    path = tmp_path / "ae.html"
    path.write_text("""<html><head><title>Adverse events</title></head><body><h1>Safety</h1>
<p>Adverse events in the two arms of the trial are listed in the table below for each system organ class.</p>
<table><thead><tr><th>Event</th><th>Drug</th><th>Placebo</th></tr></thead>
<tbody><tr><td>Nausea</td><td>12 (10%)</td><td>5 (4%)</td></tr></tbody>
<tfoot><tr><td>Total with any event</td><td>20 (17%)</td><td>14 (12%)</td></tr></tfoot></table>
</body></html>""", encoding="utf-8")
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [[cell.header for cell in r.cells] for r in rows] == [["Event", "Drug", "Placebo"]] * 2
    assert "Total with any event" in rows[-1].text


def test_a_paragraph_marked_up_as_a_heading_is_text_and_a_short_heading_stays_a_heading(tmp_path):
    path = tmp_path / "leaflet.html"
    path.write_text("""<html><head><title>Leaflet</title></head><body><h1>Package leaflet</h1>
<h2>How to take this medicine</h2>
<h2>Take one tablet a day for the first 14 days, then one tablet twice a day. This lead-in period lowers the
risk of a rash, so do not start the twice-daily dose before your doctor tells you to.</h2>
<h2>The following patients are at increased risk of liver problems:</h2>
<p>Women and people with hepatitis B or C.</p></body></html>""", encoding="utf-8")
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    lead_in = next(c for c in chunks if "first 14 days" in c.text)
    assert lead_in.section == "How to take this medicine"
    assert any("increased risk of liver problems:" in c.text for c in chunks)  # a lead-in, said as text

def test_a_leaflets_items_marked_up_as_headings_are_one_list_under_their_frequency_band(tmp_path):
    # (An ePI's side effects, each an <h2>, with the next band's label run into the last item of the band before.)
    path = tmp_path / "leaflet.html"
    path.write_text("""<html><head><title>Leaflet</title></head><body><h1>Package leaflet</h1>
<h2>4. Possible side effects</h2>
<h2>Like all medicines, this medicine can cause side effects, although not everybody gets them. Other side
effects include the following: Common side effects (may affect up to 1 in 10 people)</h2>
<h2>diarrhoea, nausea</h2><h2>weight decrease, decreased appetite</h2>
<h2>headache Uncommon side effects (may affect up to 1 in 100 people)</h2>
<h2>trembling, dizziness</h2><h2>rash</h2>
<h2>5. How to store this medicine</h2><h2>teaser</h2><p>Keep it out of the sight and reach of children.</p>
</body></html>""", encoding="utf-8")
    doc = load_document(path)
    assert "weight decrease" in doc.text  # no item is lost as a heading over nothing
    common = doc.text.index("Common side effects (may affect up to 1 in 10 people)\n\n- diarrhoea, nausea\n"
                            "- weight decrease, decreased appetite\n- headache\n\nUncommon side effects")
    assert doc.text.index("- trembling, dizziness\n- rash") > common
    chunks, _ = chunk_document(doc)
    weight = next(c for c in chunks if "weight decrease" in c.text)
    assert weight.section.endswith("Possible side effects") and "1 in 10" in weight.lead
    assert next(c for c in chunks if "out of the sight" in c.text).section.endswith("teaser")  # it heads text


def test_an_item_marked_up_as_a_heading_before_a_band_label_or_a_deeper_heading_is_still_an_item(tmp_path):
    path = tmp_path / "leaflet.html"
    path.write_text("""<html><head><title>Leaflet</title></head><body><h1>Package leaflet</h1>
<h2>2. What you need to know</h2><h3>Do not take it</h3>
<h2>if you are allergic to it</h2><h2>if you have diabetes and take aliskiren</h2>
<h3>Warnings and precautions</h3><p>Talk to your doctor if you have liver disease.</p>
<h2>4. Possible side effects</h2><p>Very common (may affect more than 1 in 10 people)</p>
<h2>oedema (fluid retention)</h2><p>Common (may affect up to 1 in 10 people)</p><h2>headache</h2>
</body></html>""", encoding="utf-8")
    text = load_document(path).text
    assert "- if you have diabetes and take aliskiren\n\n### Warnings and precautions" in text
    assert "Very common (may affect more than 1 in 10 people)\n\n- oedema (fluid retention)\n\nCommon" in text


def _protocol_docx(path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Magnesium sulfate protocol", level=1)
    document.add_heading("Dosing", level=2)
    p = document.add_paragraph("Give a loading dose of 4 g when systolic blood pressure is ")
    p.add_run("\u2265 160 mmHg")
    p.add_run(" and keep the serum level ")
    sym_run = p.add_run()
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Symbol")
    sym.set(qn("w:char"), "F0A3")  # ≤ in the Symbol font, as Word stores it
    sym_run._r.append(sym)
    p.add_run(" 3.5 mmol/L ")
    for kind, text in (("begin", None), ("instr", " ADDIN EN.CITE <EndNote><Cite><Author>Smith</Author></Cite></EndNote> "),
                       ("separate", None), ("text", "(Smith 2020)"), ("end", None)):
        run = p.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.text = text
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    p.add_run(".")
    document.add_paragraph("Check these every hour:")
    document.add_paragraph("respiratory rate", style="List Bullet")
    document.add_paragraph("patellar reflexes", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("Serum level", "Action"), ("over 3.5 mmol/L", "reduce the infusion"),
                                ("over 5 mmol/L", "stop the infusion")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_docx_headings_tables_and_symbols_survive_and_field_codes_are_not_text(tmp_path):
    path = tmp_path / "protocol.docx"
    _protocol_docx(path)
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    assert_verbatim(doc, chunks)
    assert doc.format == "docx" and doc.title == "Magnesium sulfate protocol"
    assert "≥ 160 mmHg" in doc.text and "≤ 3.5 mmol/L" in doc.text and "(Smith 2020)" in doc.text
    assert "EndNote" not in doc.text and "ADDIN" not in doc.text
    dose = next(c for c in chunks if "loading dose" in c.text)
    assert dose.section == "Dosing"
    assert next(c for c in chunks if "patellar" in c.text).lead == "Check these every hour:"
    rows = [c for c in chunks if c.kind == "table_row"]
    assert [[cell.header for cell in r.cells] for r in rows] == [["Serum level", "Action"]] * 2


def test_markdown_lists_keep_their_lead_in_links_read_as_text_and_soft_breaks_join(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "# Anticoagulation note\n\n## Interactions\n\n"
        "Strong inhibitors raise exposure. These include:\n\n"
        "* [ketoconazole](https://example.org/keto)\n* [ritonavir](https://example.org/rit)\n\n"
        "The difference in bleeding was not significant (hazard ratio 1.02, p\n= 0.71) in the trial.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    chunks, _ = chunk_document(doc)
    assert_verbatim(doc, chunks)
    item = next(c for c in chunks if "ketoconazole" in c.text)
    assert item.lead == "These include:"
    assert "ketoconazole" in item.search_text and "example.org" not in item.search_text
    units = units_of(doc, chunks)
    assert "The difference in bleeding was not significant (hazard ratio 1.02, p = 0.71) in the trial." in units
    # The file's own text is what offsets point into.
    assert doc.text == path.read_text(encoding="utf-8")
    assert not any(re.search(r"p$", u) for u in units)


def test_table_rows_get_no_label_or_column_they_do_not_state():
    from app.ingest.layout import tsv_table

    rows = [["Rate", "Note", "", "Dose (milliunits/min)", ""],
            ["0.6 ml/h", "", "2", "", ""],
            ["", "increase every 30 minutes", "", "", ""],  # a fragment of a merged text cell
            ["1.2 ml/h", "", "4", "", ""]]
    block, n = tsv_table(rows)
    assert n == 3
    assert block.split("\n") == ["Rate\tNote\tDose (milliunits/min)", "0.6 ml/h\t\t2",
                                 "\tincrease every 30 minutes\t", "1.2 ml/h\t\t4"]
    # A merged label over a group of full rows is repeated on each.
    block, _ = tsv_table([["Dose", "Bag", "Volume"], ["Loading 200 mg", "250 mL", "40 mL"], ["", "100 mL", "40 mL"]])
    assert block.split("\n")[2] == "Loading 200 mg\t100 mL\t40 mL"


BULLETIN = """<html><head><title>Interaction bulletin: zelparin</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/bulletins">Bulletins</a></li></ul></nav>
<h1>Interaction Bulletin No. 12</h1>
<h2>Summary</h2>
<p>Zelparin is an oral anticoagulant metabolised by CYP3A4, so strong inhibitors of that enzyme raise its exposure.</p>
<p>The licensed dose of zelparin is a loading dose of 30 mg twice daily on days 1 to 3, then 15 mg once daily.</p>
<h2>Key messages</h2>
<ul><li>Do not combine zelparin with strong CYP3A4 inhibitors such as velotinib or korvastatin.</li>
<li>Check renal function before starting zelparin and every 6 months after that in older patients.</li></ul>
<h2>Interaction table</h2>
<table><thead><tr><th>Interacting drug</th><th>Effect</th><th>Recommendation</th></tr></thead><tbody>
<tr><td>Velotinib</td><td>Zelparin exposure increased about 3-fold; bleeding risk</td><td>Contraindicated. Stop velotinib or choose another anticoagulant.</td></tr>
<tr><td>Korvastatin</td><td>Zelparin exposure increased about 2-fold</td><td>Avoid. If unavoidable, halve the zelparin dose and monitor for bleeding.</td></tr>
<tr><td>Bexatinib</td><td>No clinically relevant change in zelparin or bexatinib exposure</td><td>No dose adjustment, as both drugs are cleared by other routes.</td></tr>
<tr><td>Antacids</td><td>Zelparin absorption reduced by about 20%, which is not clinically relevant</td><td>Take zelparin two hours before or after antacids, with water, as usual.</td></tr>
</tbody></table>
<h2>Related bulletins</h2>
<ul><li><a href="/b11">Bulletin 11: interactions of the newer oral anticoagulants with antifungal medicines</a></li>
<li><a href="/b10">Bulletin 10: what pharmacists should check when a patient on a statin starts an antibiotic</a></li></ul>
<footer><p>Issued by the Regional Medicines Information Service. All rights reserved.</p></footer>
</body></html>"""


def test_html_keeps_the_prose_beside_a_table_that_outscores_it(tmp_path):
    # readability scores one container best; here the table's body, which alone would be the page.
    doc, chunks = _read_html(tmp_path, "bulletin.html", BULLETIN)
    for content in ("loading dose of 30 mg twice daily", "Check renal function before starting zelparin",
                    "Contraindicated. Stop velotinib"):
        assert content in doc.text
    assert doc.text.index("loading dose") < doc.text.index("Key messages") < doc.text.index("Interaction table")
    assert next(c for c in chunks if "loading dose" in c.text).section == "Summary"  # the page's h1 is its title
    rows = [c for c in chunks if c.kind == "table_row"]
    assert len(rows) == 4 and [cell.header for cell in rows[0].cells] == ["Interacting drug", "Effect", "Recommendation"]
    for chrome in ("Bulletins", "Bulletin 11", "All rights reserved"):
        assert chrome not in doc.text


# A leaflet rendered one <div> of paragraphs per numbered section: readability keeps one section, and the
# others' short paragraphs (a frequency's heading, its one-word items) are no sentences of twenty words.
LEAFLET_HTML = """<html><head><title>Package leaflet: Zelotab 10 mg tablets</title></head><body>
<h1>Package leaflet: information for the patient</h1>
<h2>2. What you need to know before you take Zelotab</h2>
<div>{warnings}</div>
<h2>3. How to take Zelotab</h2>
<div><p>Always take this medicine exactly as your doctor or pharmacist has told you. Check with your doctor or
pharmacist if you are not sure about how much to take or when to take it.</p>
<p>The recommended dose is one tablet per day.</p>
<p>Swallow the tablet whole with some water, at about the same time every day, with or without food, and do not
chew or crush it before you swallow it.</p></div>
<h2>4. Possible side effects</h2>
<div><p>Like all medicines, this medicine can cause side effects, although not everybody gets them. Get urgent
medical attention if you get any of the following signs of an allergic reaction:</p>
<p>swelling of your lips, face or throat.</p>
<p>The following side effects have been reported with Zelotab and are listed below according to how often
they occur in the people who take it.</p>
<p>Very common side effects (may affect more than 1 in 10 people)</p>
<p>headache,</p>
<p>hot flush.</p>
<p>Common side effects (may affect up to 1 in 10 people):</p>
<p>night sweats,</p>
<p>joint pain.</p>
<p>Share this page</p>
<p>Read next: Zelotab is safe in pregnancy, new study says.</p>
<p>Jane, 54: I got terrible hair loss after two weeks on Zelotab.</p>
<p>If you get any side effects, talk to your doctor or pharmacist. This includes any possible side effects not
listed in this leaflet, and you can also report them directly via the national reporting system.</p></div>
</body></html>"""
# Section 2 is long enough that readability keeps it alone.
LEAFLET_HTML = LEAFLET_HTML.replace("{warnings}", "\n".join(
    f"<p>Talk to your doctor {when} if you have {condition}, because this medicine may, in some people, {effect}, "
    "particularly in the first year of treatment, and your doctor may then check you more often.</p>"
    for condition in ("had a blood clot", "liver disease", "kidney disease", "high blood pressure", "migraine with aura",
                      "depression", "diabetes", "epilepsy", "asthma", "lupus", "gallstones", "porphyria")
    for when, effect in (("before taking Zelotab", "make it worse"), ("while taking Zelotab", "raise the risk of it"),
                         ("before stopping Zelotab", "bring it back"))))


def test_an_html_leaflets_short_paragraphs_under_a_kept_heading_are_kept_and_the_pages_widgets_are_not(tmp_path):
    doc, _ = _read_html(tmp_path, "zelotab.html", LEAFLET_HTML)
    for short in ("The recommended dose is one tablet per day.", "swelling of your lips, face or throat.",
                  "Very common side effects (may affect more than 1 in 10 people)", "hot flush.", "night sweats,"):
        assert short in doc.text
    for widget in ("Share this page", "Read next", "hair loss"):  # a widget, a teaser, a reader's comment
        assert widget not in doc.text


# The same leaflet with its frequencies as lists: a line of many words introducing a list, and lists of
# one-word items, are the section's content; a "More news" label over a list of links is not.
LISTED_LEAFLET_HTML = LEAFLET_HTML.replace(LEAFLET_HTML[LEAFLET_HTML.index("<p>The following side effects"):
                                                        LEAFLET_HTML.index("<p>Share this page</p>")], """
<p>Side effects have been observed with the following frequencies in the people taking Zelotab in clinical trials: Common: may affect up to 1 in 10 people</p>
<ul><li>dizziness</li><li>hair thinning</li><li>rectal bleeding</li></ul>
<p>Uncommon: may affect up to 1 in 100 people</p>
<ul><li>mouth ulcer</li><li>restlessness</li></ul>
<p>My mother took Zelotab and her potassium went up to 7.2, she ended up in intensive care</p>
<ul><li>Reply</li><li>Report</li></ul>
<p>Was this page useful?</p>
<ul><li>Yes</li><li>No</li></ul>
<p>More news</p>
<ul><li><a href="/a">Zelotab maker reports record sales</a></li><li><a href="/b">New pill for migraine approved</a></li></ul>
""")


def test_an_html_leaflets_lists_and_the_line_opening_them_under_a_kept_heading_are_kept(tmp_path):
    doc, _ = _read_html(tmp_path, "zelotab-listed.html", LISTED_LEAFLET_HTML)
    for said in ("Common: may affect up to 1 in 10 people", "hair thinning", "rectal bleeding", "mouth ulcer"):
        assert said in doc.text
    for widget in ("More news", "record sales", "Share this page", "Read next", "intensive care", "Was this page useful"):
        assert widget not in doc.text
