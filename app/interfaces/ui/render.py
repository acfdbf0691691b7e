"""HTML for the UI: answers, their sources, the document view and the corpus overview.

Everything that came from a document or a user is HTML-escaped here, before it is shown."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from app.records import Answer

MARKER = re.compile(r"\[(\d+)\]")
MAX_DOC_CHARS = 300_000  # the document view shows at most this much text at once


def _esc(text) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _md_escape(text: str) -> str:
    """Chat messages are Markdown; neutralise anything that could become markup or a link."""
    text = html.escape(text or "", quote=False)
    for ch in "\\`*_{}<>#|!~":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("[", "\\[").replace("]", "\\]").replace("(", "\\(").replace(")", "\\)")
    # The chat turns bare URLs into links (linkify); an escaped colon or dot keeps a URL from documents
    # or questions as plain text, shown exactly as written.
    return text.replace(":", "\\:").replace("www.", "www\\.")


def _linked(text: str, turn: int) -> str:
    """Answer text, escaped, with each [n] turned into a link that opens source n of this answer."""
    out, pos = [], 0
    for m in MARKER.finditer(text):
        out.append(_md_escape(text[pos:m.start()]))
        n = int(m.group(1))
        out.append(f"<a class='cds-cite' href='#cite-{turn}-{n}' title='Open source {n}' "
                   f"aria-label='Open source {n}'>[{n}]</a>")
        pos = m.end()
    out.append(_md_escape(text[pos:]))
    return "".join(out)


def render_answer(answer: Answer, turn: int) -> str:
    """The assistant's chat message for one answer (Markdown with escaped text and inline HTML only)."""
    parts = []
    if answer.interpreted_as and answer.interpreted_as != answer.question:
        parts.append(f"<span class='cds-interp'>Interpreted as: {_md_escape(answer.interpreted_as)}</span>")
    if answer.abstained:
        parts.append("<span class='cds-abstain-badge'>Not in the indexed documents</span> " + _md_escape(answer.answer))
        if answer.related:
            parts.append("<span class='cds-interp'>The closest passages are in the side panel, marked "
                         "“related, not answering”.</span>")
    else:
        parts.append(_linked(answer.answer, turn))
    removed = [s for s in answer.sentences or [] if not s.supported]
    if removed:
        items = "; ".join(
            f"“{_md_escape(MARKER.sub('', s.text).strip())}” ({_md_escape('; '.join(s.issues) or 'not supported by its citation')})"
            for s in removed)
        word = "sentence" if len(removed) == 1 else "sentences"
        parts.append(f"<span class='cds-note'>{len(removed)} {word} removed by the citation check: {items}</span>")
    if answer.notice:
        parts.append(f"<span class='cds-note'>{_md_escape(answer.notice)}</span>")
    return "\n\n".join(parts)


def _passage(c, marks: list) -> str:
    """The passage a citation quotes from, escaped, with the given citations' quotes marked."""
    if not c.context:
        return " ".join(f"<mark>{_esc(x.quote)}</mark><sup>[{x.n}]</sup>" for x in marks)
    text, base = c.context, c.context_start
    spans = sorted({(x.start - base, x.end - base, x.n) for x in marks if 0 <= x.start - base <= len(text)})
    out, pos = [], 0
    for s, e, n in spans:
        if s < pos:  # overlapping quotes: mark the first only
            continue
        out.append(_esc(text[pos:s]) + f"<mark>{_esc(text[s:e])}</mark><sup>[{n}]</sup>")
        pos = e
    out.append(_esc(text[pos:]))
    return "".join(out)


def highlighted(citations) -> str:  # kept for callers of the earlier UI
    return _passage(citations[0], citations)


def _caveats(answer) -> str:
    if not answer.caveats:
        return ""
    items = "".join(f"<li>{_esc(c)}</li>" for c in answer.caveats)
    return f"<div class='cds-caveats'><strong>Source caveats</strong><ul>{items}</ul></div>"


def _card(cites, turn: int, answer, opened: bool = False) -> str:
    c = cites[0]
    numbers = " ".join(f"[{x.n}]" for x in cites)
    chars = ", ".join(f"{x.start}–{x.end}" for x in cites)
    cls = "cds-source cds-open" if opened else "cds-source"
    return (
        f"<div class='{cls}' id='source-{turn}-{c.n}'><strong>{numbers}</strong> {_esc(c.title)}"
        f"<div class='where'>Section: {_esc(c.section or 'opening')} · {_esc(Path(c.source).name)}, "
        f"characters {chars}</div><blockquote>{_passage(c, cites)}</blockquote>"
        f"<div class='where'><a class='cds-doc' href='#doc-{turn}-{c.n}'>Show in the whole document</a></div></div>"
    )


def sources_html(answer, turn: int = 0) -> str:
    if answer is None:
        return "<div class='cds-sources'><em>Cited sources appear here. Click a [n] marker to open one.</em></div>"
    parts = ["<div class='cds-sources' aria-live='polite'>"]
    if answer.abstained:
        parts.append("<div class='cds-abstain' role='status'><strong>Not in the indexed documents.</strong> "
                     "Nothing retrieved answers this question, so no source is cited.</div>")
        if answer.related:
            parts.append("<p><em>Related, not answering — the closest passages:</em></p>")
            for c in answer.related:
                parts.append(
                    f"<div class='cds-source cds-related'><div class='where'>{_esc(c.title)} — "
                    f"{_esc(c.section or 'opening')} · {_esc(Path(c.source).name)}, characters {c.start}–{c.end}"
                    f"</div><blockquote>{_esc(c.quote)}</blockquote></div>")
    else:
        if turn:
            parts.append(f"<p class='where'>Sources of answer {turn}:</p>")
        # Citations quoting the same passage (cells of one table row) share one card.
        groups: dict[str, list] = {}
        for c in answer.citations:
            groups.setdefault(c.chunk_id or f"{c.source}:{c.start}", []).append(c)
        for cites in groups.values():
            parts.append(_card(cites, turn, answer))
        parts.append(_caveats(answer))
    parts.append("</div>")
    return "".join(parts)


def citation_html(answer, turn: int, n: int) -> str:
    """The side panel for one [n] of one answer: its passage with the quote marked, where it is, caveats."""
    cite = next((c for c in answer.citations if c.n == n), None)
    if cite is None:
        return f"<div class='cds-sources'><em>Answer {turn} has no source [{n}].</em></div>"
    return (f"<div class='cds-sources'><p class='where'>Source [{n}] of answer {turn}: "
            f"“{_esc(answer.question)}”</p>{_card([cite], turn, answer, opened=True)}{_caveats(answer)}"
            f"<p class='where'><a class='cds-doc' href='#all-{turn}-0'>All sources of answer {turn}</a></p></div>")


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
                spans.append((c.start, c.end, t, c.n))
    spans.sort()
    # A very long document is shown around the passage in focus (or the first cited one), not whole.
    lo, hi = 0, len(doc.text)
    if hi > MAX_DOC_CHARS:
        anchor = next((s for s, e, t, n in spans if (t, n) == focus), spans[0][0] if spans else 0)
        lo = max(0, anchor - MAX_DOC_CHARS // 2)
        hi = min(len(doc.text), lo + MAX_DOC_CHARS)
    out, pos = [], lo
    for s, e, t, n in spans:
        if s < pos or e > hi:
            continue
        cls = " class='cds-focus'" if focus == (t, n) else ""
        out.append(_esc(doc.text[pos:s]) + f"<mark{cls} title='Cited in answer {t} as [{n}]'>{_esc(doc.text[s:e])}</mark>"
                   f"<sup>{t}.[{n}]</sup>")
        pos = e
    out.append(_esc(doc.text[pos:hi]))
    cited = len({(s, e) for s, e, _, _ in spans})
    window = (f" · showing characters {lo:,}–{hi:,} of this long document"
              if (lo, hi) != (0, len(doc.text)) else "")
    return (f"<div class='cds-document'><h3>{_esc(doc.title)}</h3><p class='where'>{_esc(Path(doc.source).name)} · "
            f"{_esc(doc.format)} · {len(doc.text):,} characters · {cited} passage(s) cited in this conversation "
            f"are marked{window}</p><div class='cds-doctext' tabindex='0'>{''.join(out)}</div></div>")


def corpus_overview(pipeline) -> str:
    docs = pipeline.index.docstore.documents()
    if not docs:
        return "<div class='cds-corpus'><em>No documents are indexed yet.</em></div>"
    rows = "".join(
        f"<tr><td>{_esc(d.title)}</td><td>{_esc(Path(d.source).name)}</td><td>{_esc(d.format)}</td>"
        f"<td>{d.n_chunks}</td><td>{dt.datetime.fromtimestamp(d.indexed_at):%Y-%m-%d %H:%M}</td></tr>" for d in docs)
    latest = dt.datetime.fromtimestamp(max(d.indexed_at for d in docs))
    return (f"<div class='cds-corpus'><p>{len(docs)} document(s), {sum(d.n_chunks for d in docs)} passages; "
            f"index last updated {latest:%Y-%m-%d %H:%M}.</p><table><thead><tr><th>Document</th><th>File</th>"
            f"<th>Format</th><th>Passages</th><th>Indexed</th></tr></thead><tbody>{rows}</tbody></table></div>")


def doc_choices(pipeline) -> list[tuple[str, str]]:
    return [(f"{d.title} ({Path(d.source).name})", d.source) for d in pipeline.index.docstore.documents()]
