"""PDF -> the plain text the index keeps, laid out the way a reader sees the page.

Parser: pypdfium2 (PDFium, Apache-2.0/BSD) for text in content-stream reading order (columns stay
whole, PDFium marks the soft hyphens of line-end hyphenation) with each line's font size, weight and
position; pdfplumber (MIT) for ruled tables, asked only about pages that draw lines. The comparison
that chose them is in docs/ingest.md.

The result is the markdown-like text the chunker reads: headings as "#" lines (level by font size and
numbering), paragraphs reflowed across hard line breaks and page breaks, list items on lines of their
own under one block, tables as a caption block and tab-separated rows under their header row.
Running headers, footers and page numbers (lines in the page's top or bottom band that repeat, digits
aside, on many pages) are left out and counted.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from app.ingest.layout import ExtractedText, Line, TextBuilder, heading_levels

_LEADING_CONTROL = re.compile(r"^\s*[\x00-\x08\x0b-\x1f]\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
BAND = 0.1  # share of the page height at top and bottom where running headers/footers live


class PdfError(Exception):
    """A PDF that cannot be read; the message says why, for the user."""


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise PdfError("is an encrypted PDF that needs a password") from None
        raise PdfError(f"is not a readable PDF ({exc})") from None


_BOLD_FONT = re.compile(rb"bold|black|heavy|semibold|demi|[-.,_+](?:B|BI|Bd|Bol|SB)$", re.I)


def _style(tp, i: int) -> tuple[float, bytes]:
    """Font size in points as printed (the font size times the text matrix's scale) and font name."""
    import ctypes

    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(tp.raw, i, ctypes.byref(m))
    size = raw.FPDFText_GetFontSize(tp.raw, i) * abs(m.a * m.d - m.b * m.c) ** 0.5
    buf = ctypes.create_string_buffer(96)
    raw.FPDFText_GetFontInfo(tp.raw, i, buf, 96, None)
    return (round(size, 1) if size >= 2 else 0.0), buf.value


def _page_lines(page, number: int) -> tuple[list[Line], bool]:
    """The page's lines in reading order, with style and position; and whether it draws lines
    (ruled tables)."""
    import pypdfium2.raw as raw

    height = page.get_size()[1]
    tp = page.get_textpage()
    text = tp.get_text_range()
    n = tp.count_chars()
    lines: list[Line] = []
    pos = 0
    for raw_line in re.split(r"(\r\n|\n|\r)", text)[::2]:
        start, pos = pos, pos + len(raw_line)
        # skip the separator that followed this line
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < len(text) and text[pos] in "\r\n":
            pos += 1
        body = raw_line.replace("\ufffe", "").replace("\x02", "").replace("\u00ad", "")
        # A glyph without a Unicode mapping comes back as a control character: at a line's start it is
        # the list bullet; elsewhere it is no text.
        body = _CONTROL.sub("", _LEADING_CONTROL.sub("• ", body))
        if not body.strip() or start >= n:
            continue
        idx = [start + k for k, ch in enumerate(raw_line) if not ch.isspace() and start + k < n]
        if not idx:
            continue
        boxes = [tp.get_charbox(i, loose=True) for i in (idx[0], idx[len(idx) // 2], idx[-1])]
        # The style of the line's first letter: a superscript or symbol mid-line must not decide it.
        first = next((i for i in idx if text[i].isalpha()), idx[len(idx) // 2])
        size, font = _style(tp, first)
        size = size or round(max(b[3] - b[1] for b in boxes), 1)
        bold = raw.FPDFText_GetFontWeight(tp.raw, first) >= 600 or bool(_BOLD_FONT.search(font))
        top = height - max(b[3] for b in boxes)
        bottom = height - min(b[1] for b in boxes)
        lines.append(Line(text=" ".join(body.split()) if "\t" not in body else body.strip(), page=number,
                          size=size, bold=bold, left=boxes[0][0], top=top, bottom=bottom, page_height=height,
                          soft_hyphen=raw_line.rstrip().endswith(("\ufffe", "\x02", "\u00ad")), right=boxes[2][2]))
    paths = sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2))
    tp.close()
    return lines, paths >= 4


def _tables(data: bytes, pages: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], list[list[str]]]]]:
    """Ruled tables per page: (bbox as x0, top, x1, bottom from the page top, rows of cell text)."""
    if not pages:
        return {}
    import pdfplumber

    found: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(data), pages=[p + 1 for p in pages]) as pdf:
        for number, page in zip(pages, pdf.pages):
            for table in page.find_tables():
                rows = [[" ".join((c or "").split()) for c in row] for row in table.extract(x_tolerance=1.5)]
                rows = [r for r in rows if any(r)]
                width = max((sum(1 for c in r if c) for r in rows), default=0)
                # A one-column "table" is a framed box of prose (a flowchart step, a note): read as text.
                if len(rows) >= 2 and width >= 2:
                    found.setdefault(number, []).append((table.bbox, rows))
            page.close()
    return found


def _in_box(line: Line, box) -> bool:
    x0, top, x1, bottom = box
    mid = (line.top + line.bottom) / 2
    return top - 1 <= mid <= bottom + 1 and x0 - 2 <= line.left <= x1


def extract_pdf(data: bytes) -> ExtractedText:
    doc = _open(data)
    try:
        pages: list[list[Line]] = []
        ruled: list[int] = []
        warnings: list[str] = []
        for number in range(len(doc)):
            page = doc[number]
            lines, draws = _page_lines(page, number)
            page.close()
            pages.append(lines)
            if draws and lines:
                ruled.append(number)
            if not lines:
                warnings.append(f"page {number + 1}: no extractable text — scanned? (needs OCR)")
        n_pages = len(doc)
    finally:
        doc.close()
    if not any(pages):
        raise PdfError("has no extractable text: a scanned PDF without a text layer needs OCR first")
    try:
        tables = _tables(data, ruled)
    except Exception as exc:  # a table finder failing on one odd page must not lose the text
        warnings.append(f"tables could not be read ({exc.__class__.__name__}); their text is kept as prose")
        tables = {}

    kept_out: Counter = Counter()
    repeated = _running_lines(pages)
    body_size = _body_size(pages)
    levels = heading_levels(pages, body_size)
    builder = TextBuilder(body_size, levels)
    table_rows = 0
    for number, lines in enumerate(pages):
        boxes = tables.get(number, [])
        placed: set[int] = set()
        for line in lines:
            if line.place in repeated or line.in_band(BAND) and line.key in repeated:
                kept_out["running header/footer"] += 1
                continue
            inside = next((k for k, (box, _) in enumerate(boxes) if _in_box(line, box)), None)
            if inside is not None:
                if inside not in placed:
                    placed.add(inside)
                    table_rows += builder.table(boxes[inside][1])
                continue
            builder.line(line)
        for k, (_, rows) in enumerate(boxes):
            if k not in placed:
                table_rows += builder.table(rows)
    return ExtractedText(builder.text(), pages=n_pages, table_rows=table_rows, kept_out=dict(kept_out), warnings=warnings)


def _running_lines(pages: list[list[Line]]) -> set[str]:
    """Running headers, footers and page numbers ("Page 3 of 14", "Reference ID: 4029651"): lines that,
    digits aside, recur on many pages in the top or bottom band, or at the very same place."""
    if len(pages) < 3:
        return set()
    seen: Counter = Counter()
    for lines in pages:
        seen.update({ln.key for ln in lines if ln.in_band(BAND)} | {ln.place for ln in lines})
    need = max(3, int(0.4 * len(pages)))
    return {key for key, n in seen.items() if n >= need} | {""}


def _body_size(pages: list[list[Line]]) -> float:
    sizes: Counter = Counter()
    for lines in pages:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0
