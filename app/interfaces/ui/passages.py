"""Document text as clean, safe HTML: Markdown emphasis, lists and tables rendered (not shown as `**`
and `|`), table rows laid out as header: value pairs, the document's own reference markers ("[4]")
set apart from the app's citations, and quoted spans marked.

Markdown is rendered by markdown-it-py with raw HTML, links and images turned off, so text from a
document can only ever become text. Quotes are marked by offsets: private-use characters are put in at
the quote's boundaries before rendering and turned into <mark> in each text run afterwards, so a mark
never crosses a tag."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from app.records import Chunk

OPEN, CLOSE = "\ue000", "\ue001"  # never in documents: the loaders keep only printable text
_MD = (MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
       .enable("table").disable(["link", "image", "autolink", "html_inline", "html_block", "reference"]))
# Headings inside a quoted passage are not headings of the page: shown as bold lines.
_MD.renderer.rules["heading_open"] = lambda *a: "<p class='cds-h'>"
_MD.renderer.rules["heading_close"] = lambda *a: "</p>\n"
DOC_REF = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")
_TAG = re.compile(r"(<[^>]*>)")
_PIPE = re.compile(r"\s+\|\s+")


def _doc_refs(text: str) -> str:
    """The document's own reference markers, in escaped text, as small grey superscripts."""
    return DOC_REF.sub(lambda m: f"<sup class='cds-docref'>ref {m.group(1)}</sup>", text)


def _finish(rendered: str, numbers: list[int]) -> str:
    """Rendered HTML with the private-use boundaries turned into balanced <mark>s (each followed by its
    citation number, when given), stray table pipes into separators, document references set apart."""
    out, marking, queue = [], False, list(numbers)
    for part in _TAG.split(rendered):
        if part.startswith("<"):
            out.append(part)
            continue
        part = _doc_refs(_PIPE.sub("<span class='cds-sep' aria-hidden='true'> · </span>", part))
        pieces = re.split(f"([{OPEN}{CLOSE}])", part)
        for piece in pieces:
            if piece == OPEN:
                marking = True
            elif piece == CLOSE:
                marking = False
                n = queue.pop(0) if queue else None
                if n:
                    out.append(f"<sup class='cds-citeref'>[{n}]</sup>")
            elif piece:
                out.append(f"<mark>{piece}</mark>" if marking else piece)
    return "".join(out)


def _with_boundaries(text: str, spans: list[tuple[int, int, int]]) -> tuple[str, list[int]]:
    """`text` with OPEN/CLOSE around each (start, end, n) span (relative offsets; overlaps skipped)."""
    text = text.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd")  # same length: offsets still hold
    out, pos, numbers = [], 0, []
    for s, e, n in sorted(spans):
        if s < pos or e > len(text) or s >= e:
            continue
        out += [text[pos:s], OPEN, text[s:e], CLOSE]
        numbers.append(n)
        pos = e
    out.append(text[pos:])
    return "".join(out), numbers


def render_block(text: str, spans: list[tuple[int, int, int]] = ()) -> str:
    """A passage as block HTML (paragraphs, lists, tables), the given spans marked."""
    marked, numbers = _with_boundaries(text, list(spans))
    return _finish(_MD.render(marked), numbers)


def render_inline(text: str, spans: list[tuple[int, int, int]] = ()) -> str:
    """A short span (a quote) as inline HTML: emphasis rendered, line breaks folded."""
    marked, numbers = _with_boundaries(" ".join(text.split()) if not spans else text, list(spans))
    return _finish(_MD.renderInline(marked), numbers)


def render_cells(chunk: Chunk, spans: list[tuple[int, int, int]] = ()) -> str:
    """A table row as header: value pairs (readable on a phone), the spans (absolute offsets) marked."""
    items = []
    for cell in chunk.cells:
        inside = [(s - cell.start, e - cell.start, n) for s, e, n in spans if cell.start <= s and e <= cell.end]
        value = chunk.text_at(cell.start, cell.end)
        items.append(f"<div><dt>{render_inline(cell.header)}</dt><dd>{render_inline(value, inside)}</dd></div>")
    return f"<dl class='cds-cells'>{''.join(items)}</dl>"


def render_passage(context: str, context_start: int, spans: list[tuple[int, int, int]],
                   chunk: Chunk | None = None) -> str:
    """The passage a citation quotes from, spans (absolute offsets) marked: a table row as its cells
    when the chunk is known and the passage is that row, else Markdown."""
    if chunk is not None and chunk.cells and chunk.kind == "table_row" and chunk.start == context_start:
        return render_cells(chunk, spans)
    return render_block(context, [(s - context_start, e - context_start, n) for s, e, n in spans])


def quote_html(quote: str, start: int, chunk: Chunk | None = None) -> str:
    """A quote on its own, inline; inside a table cell it is preceded by that column's header."""
    body = render_inline(quote)
    if chunk is not None and chunk.cells:
        cell = next((c for c in chunk.cells if c.start <= start < c.end), None)
        if cell is not None and cell.header and start >= cell.start and cell.header.strip():
            return f"<span class='cds-colhead'>{render_inline(cell.header)}:</span> {body}"
    return body


def plain(text: str) -> str:
    """Text for an attribute or a screen reader: escaped, no markup at all."""
    return html.escape(" ".join(str(text or "").split()), quote=True)
