"""HTML for the conversation and the sources panel.

Each answer is shown sentence by sentence with the verifier's support for it ("strong / partial
support"); each `[n]` is a link whose popover (hover or keyboard focus) quotes the passage with its
document and section, and whose click pins it in the sources panel. Source cards (title, kind, section,
the quote) follow the answer; offsets and file names sit behind a details toggle. Everything that came
from a document or a user is HTML-escaped (passages.py renders document text)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from app.interfaces.ui.passages import plain, quote_html, render_inline, render_passage
from app.interfaces.ui.state import Conversation
from app.records import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")
# A kept sentence's support (0..1, the verifier's) at or above this reads "strong support"; below it
# (but above the verifier's own threshold, or it would have been removed) "partial support".
STRONG_SUPPORT = 0.75
FORMATS = {"pdf": "PDF", "md": "Markdown", "txt": "Text", "html": "Web page"}
KINDS = {"table_row": "table row", "metadata": "document details", "prose": "text"}


def esc(text) -> str:
    return html.escape(str(text if text is not None else ""), quote=True)


def _linked(text: str, turn: int, conv: Conversation | None = None, cites: dict | None = None) -> str:
    """Answer text, escaped and its Markdown emphasis rendered, each [n] a link to source n of this
    answer; with the citations known, each link carries a popover quoting its passage."""
    out, pos = [], 0
    for m in MARKER.finditer(text):
        out.append(render_inline(text[pos:m.start()]))
        n = int(m.group(1))
        c = (cites or {}).get(n)
        out.append(_cite_link(turn, n, c, conv) if c else
                   f"<a class='cds-cite' href='#cite-{turn}-{n}' aria-label='Source {n}'>[{n}]</a>")
        pos = m.end()
    out.append(render_inline(text[pos:]))
    return "".join(out)


def _chunk(c: Citation, conv: Conversation | None):
    """The cited passage, when the conversation kept it (for its kind and table cells)."""
    return conv.chunks.get(c.chunk_id) if conv else None


def _shown(c: Citation, conv: Conversation | None) -> tuple[str, str, str]:
    """What a popover and a source card show of a citation, as HTML: its document's title, where in
    the document it is, and the quote (with its column header in a table row)."""
    chunk = _chunk(c, conv)
    if c.marks:  # a row read in parts: the parts, each with its column's header
        quote = " … ".join(quote_html(c.quote[s - c.start : e - c.start], s, chunk) for s, e in c.marks)
    else:
        quote = quote_html(c.quote, c.start, chunk)
    return esc(c.title), esc(_section(c)), quote


def _kind(c: Citation, conv: Conversation | None) -> str:
    chunk = _chunk(c, conv)
    fmt = (conv.formats.get(c.source) if conv else None) or Path(c.source).suffix.lstrip(".").lower()
    return " · ".join(x for x in (FORMATS.get(fmt, fmt.upper()), KINDS.get(chunk.kind) if chunk else "") if x)


def _cite_link(turn: int, n: int, c: Citation, conv: Conversation | None) -> str:
    pop = f"pop-{turn}-{n}"
    title, where, quote = _shown(c, conv)
    return (f"<span class='cds-cite-wrap'><a class='cds-cite' href='#cite-{turn}-{n}' id='cite-{turn}-{n}' "
            f"aria-label='Source {n}: {plain(c.title)}' aria-describedby='{pop}'>[{n}]</a>"
            f"<span class='cds-pop' role='tooltip' id='{pop}'><span class='cds-pop-title'>{title}</span>"
            f"<span class='cds-pop-where'>{where}</span><span class='cds-pop-quote'>{quote}</span>"
            f"<span class='cds-pop-hint'>Click to pin it in the sources panel</span></span></span>")


def _section(c) -> str:
    return (c.section or "Opening of the document").replace(" > ", " › ")


def _support(s) -> str:
    strong = s.support >= STRONG_SUPPORT
    word = "strong support" if strong else "partial support"
    numbers = (f"; {s.numbers_supported} of {s.numbers} numbers found in the cited passage" if s.numbers else "")
    return (f" <span class='cds-support {'cds-strong' if strong else 'cds-partial'}'>"
            f"<span class='cds-sr'>Verifier: </span>{word}<span class='cds-sr'> (score {s.support:.2f}{numbers})</span>"
            f"</span>")


def _sentences(answer: Answer, turn: int, conv: Conversation | None) -> str:
    """The answer's sentences, each with its support; the whole text when they do not add up to it."""
    cites = {c.n: c for c in answer.citations}
    kept = [s for s in answer.sentences or [] if s.supported]
    if not kept or " ".join(s.text for s in kept) != answer.answer:
        return f"<p class='cds-answer-text'>{_linked(answer.answer, turn, conv, cites)}</p>"
    return ("<p class='cds-answer-text'>" + " ".join(f"<span class='cds-sentence'>{_linked(s.text, turn, conv, cites)}"
                                                     f"{_support(s)}</span>" for s in kept) + "</p>")


def _notes(answer: Answer) -> str:
    parts = []
    removed = [s for s in answer.sentences or [] if not s.supported]
    if removed:
        items = "; ".join(f"“{esc(MARKER.sub('', s.text).strip())}” "
                          f"({esc('; '.join(s.issues) or 'not supported by its citation')})" for s in removed)
        word = "sentence" if len(removed) == 1 else "sentences"
        parts.append(f"<p class='cds-note'>{len(removed)} {word} removed by the citation check: {items}</p>")
    if answer.notice:
        parts.append(f"<p class='cds-note'>{esc(answer.notice)}</p>")
    return "".join(parts)


def _card(c: Citation, turn: int, conv: Conversation | None) -> str:
    title, where, quote = _shown(c, conv)
    return (f"<li class='cds-card' id='card-{turn}-{c.n}' tabindex='-1'>"
            f"<div class='cds-card-head'><span class='cds-card-n'>[{c.n}]</span> "
            f"<span class='cds-card-title'>{title}</span> <span class='cds-kind'>{esc(_kind(c, conv))}</span></div>"
            f"<div class='where'>{where}</div><blockquote>{quote}</blockquote>"
            f"<details><summary>Where in the document</summary><p class='where'>{esc(Path(c.source).name)}, "
            f"characters {c.start}–{c.end} · <a class='cds-doc' href='#doc-{turn}-{c.n}'>Show in the whole "
            f"document</a></p></details></li>")


def _follow_ups(questions: list[str], turn: int) -> str:
    if not questions:
        return ""
    items = "".join(f"<li><button type='button' class='cds-ask' data-q='{plain(q)}'>{esc(q)}</button></li>"
                    for q in questions)
    return (f"<nav class='cds-followups' aria-label='Suggested follow-up questions for answer {turn}'>"
            f"<p class='where'>Ask next, from the cited passages:</p><ul>{items}</ul></nav>")


def render_answer(answer: Answer, turn: int, conv: Conversation | None = None) -> str:
    """The assistant's message for one answer: the text with its support and citations, notes, source
    cards, follow-up questions."""
    parts = []
    if answer.interpreted_as and answer.interpreted_as != answer.question:
        parts.append(f"<p class='cds-interp'>Interpreted as: {esc(answer.interpreted_as)}</p>")
    if answer.abstained:
        related = (" The closest passages are in the sources panel, marked “related, not answering”."
                   if answer.related else "")
        parts.append(f"<p class='cds-answer-text'><span class='cds-abstain-badge'>Not in the indexed documents</span> "
                     f"{esc(answer.answer)}<span class='cds-interp'>{related}</span></p>")
    else:
        parts.append(_sentences(answer, turn, conv))
    parts.append(_notes(answer))
    if answer.citations and not answer.abstained:
        cards = "".join(_card(c, turn, conv) for c in answer.citations)
        parts.append(f"<section class='cds-cards' aria-label='Sources of answer {turn}'><ol>{cards}</ol></section>")
    parts.append(_follow_ups(conv.follow_ups.get(turn, []) if conv else [], turn))
    return "".join(parts)


def _turn(turn: int, question: str, body: str, final: bool, suggested: bool = False) -> str:
    # data-final: the answer is complete; data-suggested: its follow-up questions were looked for.
    state = (" data-final='1'" + (" data-suggested='1'" if suggested else "")) if final else " aria-busy='true'"
    return (f"<article class='cds-turn' aria-labelledby='q-{turn}'><div class='message user'>"
            f"<h2 class='cds-q' id='q-{turn}'><span class='cds-sr'>Question {turn}: </span>{esc(question)}</h2></div>"
            f"<div class='message bot' id='answer-{turn}'{state}>{body}</div></article>")


def conversation_html(conv: Conversation, landing: str, pending: tuple[str, str] | None = None) -> str:
    """The conversation so far (or the landing page when there is none), and a question being answered."""
    if not conv.answers and pending is None:
        return landing
    turns = [_turn(t, a.question, render_answer(a, t, conv), True, t in conv.follow_ups)
             for t, a in enumerate(conv.answers, 1)]
    if pending is not None:
        question, text = pending
        turn = len(conv.answers) + 1
        body = f"<p class='cds-answer-text'>{_linked(text, turn)} ▍</p>" if text else "<p class='cds-answer-text'>…</p>"
        turns.append(_turn(turn, question, body, False))
    return f"<div class='cds-conv'>{''.join(turns)}</div>"


# -- the sources panel -------------------------------------------------------------------------------
def _panel_card(cites: list[Citation], turn: int, conv: Conversation | None, opened: bool = False) -> str:
    c = cites[0]
    chunk = _chunk(c, conv)
    numbers = " ".join(f"[{x.n}]" for x in cites)
    chars = ", ".join(f"{s}–{e}" for x in cites for s, e in x.spans)
    passage = (render_passage(c.context, c.context_start, [(s, e, x.n) for x in cites for s, e in x.spans], chunk)
               if c.context else " ".join(f"<mark>{render_inline(x.quote)}</mark>" for x in cites))
    return (f"<div class='cds-source{' cds-open' if opened else ''}' id='source-{turn}-{c.n}'>"
            f"<div class='cds-card-head'><strong>{numbers}</strong> {esc(c.title)} "
            f"<span class='cds-kind'>{esc(_kind(c, conv))}</span></div>"
            f"<div class='where'>Section: {esc(_section(c))}</div><blockquote>{passage}</blockquote>"
            f"<details><summary>Where in the document</summary><p class='where'>{esc(Path(c.source).name)}, "
            f"characters {chars}</p></details>"
            f"<p class='where'><a class='cds-doc' href='#doc-{turn}-{c.n}'>Show in the whole document</a></p></div>")


def _caveats(answer) -> str:
    if not answer.caveats:
        return ""
    items = "".join(f"<li>{esc(c)}</li>" for c in answer.caveats)
    return f"<div class='cds-caveats'><strong>Source caveats</strong><ul>{items}</ul></div>"


def sources_html(answer, turn: int = 0, conv: Conversation | None = None) -> str:
    if answer is None:
        return "<div class='cds-sources'><p><em>Cited sources appear here. Click a [n] marker to pin one.</em></p></div>"
    parts = ["<div class='cds-sources'>"]
    if answer.abstained:
        parts.append("<div class='cds-abstain' role='status'><strong>Not in the indexed documents.</strong> "
                     "Nothing retrieved answers this question, so no source is cited.</div>")
        if answer.related:
            parts.append("<p><em>Related, not answering — the closest passages:</em></p>")
            for c in answer.related:
                parts.append(f"<div class='cds-source cds-related'><div class='where'>{esc(c.title)} — "
                             f"{esc(_section(c))}</div><blockquote>{render_inline(c.quote)}</blockquote>"
                             f"<details><summary>Where in the document</summary><p class='where'>"
                             f"{esc(Path(c.source).name)}, characters {c.start}–{c.end}</p></details></div>")
    else:
        if turn:
            parts.append(f"<p class='where'>Sources of answer {turn}:</p>")
        # Citations quoting the same passage (cells of one table row) share one card.
        groups: dict[str, list] = {}
        for c in answer.citations:
            groups.setdefault(c.chunk_id or f"{c.source}:{c.start}", []).append(c)
        parts.extend(_panel_card(cites, turn, conv) for cites in groups.values())
        parts.append(_caveats(answer))
    parts.append("</div>")
    return "".join(parts)


def citation_html(answer, turn: int, n: int, conv: Conversation | None = None) -> str:
    """The sources panel pinned to one [n] of one answer: its passage with the quote marked, caveats."""
    cite = next((c for c in answer.citations if c.n == n), None)
    if cite is None:
        return f"<div class='cds-sources'><p><em>Answer {turn} has no source [{n}].</em></p></div>"
    return (f"<div class='cds-sources'><p class='where'>Source [{n}] of answer {turn}: "
            f"“{esc(answer.question)}”</p>{_panel_card([cite], turn, conv, opened=True)}{_caveats(answer)}"
            f"<p class='where'><a class='cds-doc' href='#all-{turn}-0'>All sources of answer {turn}</a></p></div>")
