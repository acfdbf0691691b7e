"""Word (.docx) -> the plain text the index keeps, through python-docx (MIT).

Body paragraphs and tables in document order: heading styles become "#" lines, list paragraphs "- "
items, tables tab-separated rows under their header row. The text of a run is its visible text only:
field instructions (a reference manager's embedded citation data, TOC and page fields) and deleted
tracked changes are not text; symbols set in the Symbol font (≥ ≤ µ ± °) are mapped to Unicode.
"""

from __future__ import annotations

import io
import re

from app.ingest.layout import ExtractedText, tsv_table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The Symbol font's code points (as Word stores them, F000 + code) for the signs clinical text uses.
_SYMBOL_FONT = {
    0xB3: "≥", 0xA3: "≤", 0x6D: "µ", 0xB1: "±", 0xB0: "°", 0xB4: "×", 0xB8: "÷", 0xAE: "→", 0xAC: "←",
    0xA5: "∞", 0x61: "α", 0x62: "β", 0x67: "γ", 0x64: "δ", 0x44: "Δ", 0xB9: "≠", 0xBB: "≈", 0xB7: "•",
    0x2D: "−", 0x2B: "+", 0x3D: "=", 0x3C: "<", 0x3E: ">", 0xD6: "√", 0xE2: "®", 0xD3: "©", 0xD4: "™",
}
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.I)


def _run_text(el) -> str:
    """The visible text under one paragraph element, field instructions and deletions left out."""
    out = []
    for node in el.iter():
        tag = node.tag
        if tag == _W + "t":
            out.append(node.text or "")
        elif tag in {_W + "tab", _W + "br", _W + "cr"}:
            out.append(" ")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            code = int(node.get(_W + "char", "0"), 16)
            out.append(_SYMBOL_FONT.get(code & 0xFF, "") if code >= 0xF000 or code < 0x100 else chr(code))
    return "".join(out)


def _paragraph(p, body) -> tuple[str, int, bool]:
    """(text, heading level or 0, is a list item)."""
    from docx.text.paragraph import Paragraph

    para = Paragraph(p, body)  # the body gives it the document's styles
    text = " ".join(_run_text(p).split())
    style = ""
    try:
        style = para.style.name if para.style is not None else ""
    except (KeyError, AttributeError, ValueError):  # a style the file names but does not define
        style = ""
    level = 1 if style.lower() == "title" else 0
    m = _HEADING_STYLE.match(style)
    if m:
        level = int(m.group(1))
    numbered = p.find(f"{_W}pPr/{_W}numPr") is not None
    return text, level, numbered or "list" in style.lower()


def _table(tbl) -> tuple[list[list[str]], int]:
    """The table's rows, each cell in its column, and how many rows its header takes. A cell merged
    down ("Women" over three regimens) is every cell it covers; one merged across heads each column in
    a header row and fills the first in a data row. The header is the rows marked to repeat on each
    page, else the first, or the first two when each cell of the first merged across stands over
    cells of its own in the second ("Drug" over "any grade" and "grade ≥ 3")."""
    rows: list[list[str]] = []
    heads, spans = 0, []  # (first column, columns) of each cell of the first row merged across
    for n, tr in enumerate(tbl.findall(_W + "tr")):
        marked = tr.find(f"{_W}trPr/{_W}tblHeader")
        repeated = marked is not None and marked.get(_W + "val", "true").lower() not in ("0", "false", "off")
        if repeated and heads == n:
            heads += 1
        cells: list[str] = []
        for tc in tr.findall(_W + "tc"):
            # A nested table's text stays in its cell.
            text = " ".join(" ".join(_run_text(p).split()) for p in tc.iter(_W + "p")).strip()
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue" and rows:
                above = rows[-1]
                text = above[len(cells)] if len(cells) < len(above) else text
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            width = max(1, min(int(span.get(_W + "val", "1")) if span is not None and span.get(_W + "val", "").isdigit() else 1, 100))
            if n == 0 and width > 1:
                spans.append((len(cells), width))
            cells += [text] + [text if repeated else ""] * (width - 1)
        rows.append(cells)
    # (Beside the merged cells the second row is empty or goes on the first's merged-down cells.)
    inside = {k for s, w in spans for k in range(s, s + w)}
    over = bool(spans) and heads <= 1 and len(rows) > 2 and len(rows[1]) == len(rows[0]) and all(
        all(rows[1][s:s + w]) and len(set(rows[1][s:s + w])) == w for s, w in spans) and all(
        rows[1][k] in ("", rows[0][k]) for k in range(len(rows[0])) if k not in inside)
    for s, w in spans if over else []:
        rows[0][s + 1:s + w] = [rows[0][s]] * (w - 1)
    return rows, 2 if over else heads or 1


def extract_docx(data: bytes, fallback: str) -> ExtractedText:
    import docx

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    table_rows = 0
    title = (document.core_properties.title or "").strip()
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            text, level, item = _paragraph(child, document._body)
            if not text:
                continue
            if level:
                blocks.append("#" * level + " " + text)
                title = title or text
            elif item and blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n- " + text
            else:
                blocks.append(("- " if item else "") + text)
        elif child.tag == _W + "tbl":
            rows, heads = _table(child)
            block, n = tsv_table(rows, header_rows=heads)
            if n:
                blocks.append(block)
                table_rows += n
            else:  # a one-row or one-cell table is a framed paragraph
                blocks += [" ".join(dict.fromkeys(r)) for r in rows if any(r)]
    return ExtractedText("\n\n".join(blocks), title=title or fallback, table_rows=table_rows)
