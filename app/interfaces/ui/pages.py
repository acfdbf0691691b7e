"""HTML for whole documents and the corpus: the document view, "About this corpus" and the landing
page (what is indexed, what the assistant can and cannot do, example questions)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path

from app.interfaces.ui.render import FORMATS, esc
from app.interfaces.ui.passages import plain

log = logging.getLogger(__name__)

MAX_DOC_CHARS = 300_000  # the document view shows at most this much text at once
LANDING_DOCS = 8
NOUNS = {"pdf": "PDF", "md": "Markdown file", "txt": "text file", "html": "web page"}  # documents listed on the landing page; the Corpus tab lists them all

CAN = ["answers from the indexed documents only, quoting them: every statement carries a [n] that opens the "
       "exact passage behind it",
       "says so when the documents do not cover a question, and shows the closest passages",
       "reads a follow-up (“And in the other group?”) against the earlier questions of the conversation"]
CANNOT = ["use knowledge from outside these documents, or know anything newer than them",
          "give advice about a particular patient, or replace clinical judgement",
          "summarise or reason beyond what a passage states: check every answer against its sources"]


@functools.lru_cache(maxsize=512)
def _pdf_pages(path: str, sha256: str) -> int | None:
    """Pages of a PDF file (cached by content), or None when it cannot be read here."""
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:  # a moved or unreadable file: its page count is simply not shown
        log.debug("page count unavailable for %s", path)
        return None


def _size(d) -> str:
    pages = _pdf_pages(d.source, d.sha256) if d.format == "pdf" and Path(d.source).exists() else None
    return f"{pages} page{'s' if pages != 1 else ''}" if pages else f"{d.n_chunks} passage{'s' if d.n_chunks != 1 else ''}"


def _when(ts: float) -> str:
    return f"{dt.datetime.fromtimestamp(ts):%Y-%m-%d %H:%M}"


def corpus_overview(pipeline) -> str:
    docs = pipeline.index.docstore.documents()
    if not docs:
        return "<div class='cds-corpus'><p><em>No documents are indexed yet.</em></p></div>"
    # Two columns, the details under the title: the side panel is narrow, and a wider table would
    # wrap titles word by word or clip its last column.
    rows = "".join(
        f"<tr><td class='cds-title'>{esc(d.title)}<div class='where'>{esc(Path(d.source).name)} · "
        f"{esc(FORMATS.get(d.format, d.format))} · {esc(_size(d))}</div></td>"
        f"<td class='cds-nowrap'>{_when(d.indexed_at).replace(' ', '<br>')}</td></tr>" for d in docs)
    latest = max(d.indexed_at for d in docs)
    return (f"<div class='cds-corpus'><p>{len(docs)} document(s), {sum(d.n_chunks for d in docs)} passages; "
            f"index last updated {_when(latest)}.</p><div class='cds-table-wrap' tabindex='0' role='region' "
            f"aria-label='Indexed documents'><table><thead><tr><th scope='col'>Document</th>"
            f"<th scope='col'>Indexed</th></tr></thead><tbody>{rows}</tbody></table></div></div>")


def landing_html(pipeline, examples: list[str]) -> str:
    """What a first-time user needs: what is indexed, what the assistant can and cannot do, and
    example questions (drawn from the documents) that ask when clicked."""
    docs = sorted(pipeline.index.docstore.documents(), key=lambda d: -d.indexed_at)
    if docs:
        kinds: dict[str, int] = {}
        for d in docs:
            kinds[d.format] = kinds.get(d.format, 0) + 1
        kind_text = ", ".join(f"{n} {NOUNS.get(k, k)}{'s' if n != 1 else ''}"
                              for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
        items = "".join(f"<li><span class='cds-card-title'>{esc(d.title)}</span> <span class='cds-kind'>"
                        f"{esc(FORMATS.get(d.format, d.format))} · {esc(_size(d))} · indexed {_when(d.indexed_at)}"
                        f"</span></li>" for d in docs[:LANDING_DOCS])
        more = (f"<p class='where'>… and {len(docs) - LANDING_DOCS} more: see the Corpus tab.</p>"
                if len(docs) > LANDING_DOCS else "")
        indexed = (f"<p>{len(docs)} document{'s' if len(docs) != 1 else ''} ({esc(kind_text)}), "
                   f"{sum(d.n_chunks for d in docs)} passages, last indexed {_when(docs[0].indexed_at)}.</p>"
                   f"<ul class='cds-doclist'>{items}</ul>{more}")
    else:
        indexed = "<p>No documents are indexed yet: add some in the Corpus tab.</p>"
    ex = "".join(f"<li><button type='button' class='cds-ask' data-q='{plain(q)}'>{esc(q)}</button></li>"
                 for q in examples)
    ex_block = (f"<h2 id='landing-try'>Try a question</h2><p class='where'>Drawn from the indexed documents; "
                f"click one to ask it.</p><ul class='cds-examples' aria-labelledby='landing-try'>{ex}</ul>"
                if examples else "")
    return (f"<div class='cds-landing'><section aria-labelledby='landing-what'><h2 id='landing-what'>What is "
            f"indexed</h2>{indexed}</section><section aria-labelledby='landing-can' class='cds-cancan'>"
            f"<h2 id='landing-can'>What the assistant can and cannot do</h2><div class='cds-columns'><div><h3>It "
            f"can</h3><ul>{''.join(f'<li>{esc(x)}</li>' for x in CAN)}</ul></div><div><h3>It cannot</h3><ul>"
            f"{''.join(f'<li>{esc(x)}</li>' for x in CANNOT)}</ul></div></div></section>"
            f"<section>{ex_block}</section></div>")


def document_html(pipeline, source: str, answers: list, focus: tuple[int, int] | None = None) -> str:
    """A whole indexed document, escaped, with every passage cited in this conversation marked."""
    if not source:
        return "<div class='cds-document'><em>Choose a document to read it here.</em></div>"
    doc = pipeline.index.docstore.document(source)
    if doc is None:
        return "<div class='cds-document'><em>That document is no longer in the index.</em></div>"
    spans = []
    for t, a in enumerate(answers, 1):
        for c in a.citations:
            if c.source == source and 0 <= c.start < c.end <= len(doc.text):
                spans.extend((s, e, t, c.n) for s, e in c.spans)
    spans.sort()
    # A very long document is shown around the passage in focus (or the first cited one), not whole.
    lo, hi = 0, len(doc.text)
    if hi > MAX_DOC_CHARS:
        anchor = next((s for s, e, t, n in spans if (t, n) == focus), spans[0][0] if spans else 0)
        lo = max(0, anchor - MAX_DOC_CHARS // 2)
        hi = min(len(doc.text), lo + MAX_DOC_CHARS)
    # A span cited by several answers (a table row asked about twice) is one mark naming each of them.
    cites: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for s, e, t, n in spans:
        cites.setdefault((s, e), []).append((t, n))
    out, pos = [], lo
    for (s, e), by in cites.items():
        if s < pos or e > hi:
            continue
        cls = " class='cds-focus'" if focus in by else ""
        title = "; ".join(f"Cited in answer {t} as [{n}]" for t, n in by)
        out.append(esc(doc.text[pos:s]) + f"<mark{cls} title='{title}'>{esc(doc.text[s:e])}</mark>"
                   f"<sup>{' '.join(f'{t}.[{n}]' for t, n in by)}</sup>")
        pos = e
    out.append(esc(doc.text[pos:hi]))
    cited = len({(s, e) for s, e, _, _ in spans})
    window = (f" · showing characters {lo:,}–{hi:,} of this long document"
              if (lo, hi) != (0, len(doc.text)) else "")
    return (f"<div class='cds-document'><h3>{esc(doc.title)}</h3><p class='where'>{esc(Path(doc.source).name)} · "
            f"{esc(doc.format)} · {len(doc.text):,} characters · {cited} passage(s) cited in this conversation "
            f"are marked{window}</p><div class='cds-doctext' tabindex='0'>{''.join(out)}</div></div>")




def doc_choices(pipeline) -> list[tuple[str, str]]:
    return [(f"{d.title} ({Path(d.source).name})", d.source) for d in pipeline.index.docstore.documents()]
