"""Gradio UI: a streamed, cited chat beside a side panel (sources, document view, corpus, settings).

- Answers stream in (Pipeline.stream); each `[n]` is a keyboard-reachable link that opens that passage
  in the side panel: title, section, the whole passage with the quote marked, its characters start–end
  and the source caveats. Sentences the citation check removed are listed under the answer, not hidden.
- Abstentions are shown as "not in the indexed documents", with the closest passages as "related, not
  answering". Follow-up questions are resolved against the conversation's earlier questions.
- The document view shows a whole indexed document with every passage cited in the conversation marked.
- Corpus management (upload, remove), settings (answer mode, depth, documents), feedback, the local audit
  log and export live in app/interfaces/corpus.py, app/interfaces/audit.py and app/interfaces/export.py.

Everything that came from a document or a user is HTML-escaped before it is shown. No asset is fetched
from outside: system fonts, no CDN.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import queue
import re
import tempfile
import threading
from pathlib import Path

import gradio as gr

from app.interfaces.audit import AuditLog
from app.interfaces.corpus import UPLOAD_SUFFIXES, UploadError, add_documents, remove_document
from app.interfaces.examples import example_questions
from app.interfaces.export import write_exports
from app.pipeline import Pipeline, QuestionError
from app.records import Answer
from app.interfaces.privacy import log_failure, log_question

log = logging.getLogger(__name__)

DISCLAIMER = (
    "Decision support only: answers are extracted from the indexed documents and must be checked against "
    "the cited sources. They do not replace clinical judgement."
)

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]

CSS = """
/* Projectors and large screens: every theme text size steps up (see also the end of this sheet). */
@media (min-width: 1700px) {
  .gradio-container {--text-xxs: 12px; --text-xs: 14px; --text-sm: 16px; --text-md: 19px; --text-lg: 22px;
                     --text-xl: 26px; --text-xxl: 30px}}
.gradio-container {max-width: 1800px !important}
#disclaimer {border-left: 4px solid #b45309; background: #fffbeb; color: #451a03; padding: 8px 12px;
             border-radius: 4px; font-size: 17px}
#chat .message {font-size: 17px; line-height: 1.5}
a.cds-cite, a.cds-doc {font-weight: 600; text-decoration: none; color: #1d4ed8; padding: 0 2px;
                        border-radius: 3px; cursor: pointer}
a.cds-cite:hover, a.cds-doc:hover {background: #dbeafe}
a.cds-cite:focus-visible, a.cds-doc:focus-visible, button:focus-visible {outline: 3px solid #f59e0b;
                                                                         outline-offset: 1px}
.cds-interp {color: #52525b; font-style: italic}
.cds-note {display: inline-block; font-size: 0.9em; color: #7c2d12; background: #fff7ed;
           border: 1px solid #fed7aa; border-radius: 4px; padding: 2px 6px}
.cds-abstain-badge {display: inline-block; font-weight: 700; color: #3f3f46; background: #f4f4f5;
                    border: 1px dashed #71717a; border-radius: 4px; padding: 1px 6px}
.cds-sources, .cds-document, .cds-corpus {font-size: 16px}
.cds-source {border: 1px solid #d4d4d8; border-radius: 6px; padding: 8px 10px; margin: 6px 0}
.cds-source.cds-open {border: 2px solid #2563eb}
.cds-source .where {color: #3f3f46; font-size: 0.9em}
.cds-source blockquote {margin: 6px 0 0 0; padding-left: 10px; border-left: 3px solid #2563eb;
                        white-space: pre-wrap}
.cds-source.cds-related blockquote {border-left-color: #a1a1aa}
.cds-sources mark, .cds-document mark {background: #fde68a; color: inherit; padding: 0 1px}
.cds-document mark.cds-focus {background: #f59e0b; outline: 2px solid #b45309}
.cds-abstain {border: 1px dashed #a1a1aa; border-radius: 6px; padding: 8px 10px; color: #3f3f46;
              background: #fafafa}
.cds-caveats {color: #7c2d12; font-size: 0.9em}
.cds-document .cds-doctext {white-space: pre-wrap; max-height: 65vh; overflow: auto; border: 1px solid #e4e4e7;
                            padding: 8px; border-radius: 6px; font-size: 0.95em}
.cds-corpus table {border-collapse: collapse; width: 100%} .cds-corpus td, .cds-corpus th {border-bottom:
  1px solid #e4e4e7; padding: 3px 6px; text-align: left}
#ingest-status pre {white-space: pre-wrap; font-size: 0.9em}
.cds-hidden {display: none !important}
@media (min-width: 1700px) {#chat .message {font-size: 21px} .cds-sources, .cds-document, .cds-corpus {font-size: 19px}
  #disclaimer {font-size: 19px}}
"""

# Clicking (or pressing Enter on) a [n] marker or a "whole document" link hands its target to the server
# through a hidden textbox and button; everything shown comes back from the server, escaped.
HEAD = """<script>
document.addEventListener('click', function (e) {
  var a = e.target && e.target.closest && e.target.closest('a.cds-cite, a.cds-doc');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  var box = document.querySelector('#cite-target textarea, #cite-target input');
  var btn = document.querySelector('#cite-open');
  if (!box || !btn) return;
  box.value = (a.getAttribute('href') || '').slice(1) + ':' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  setTimeout(function () { btn.click(); }, 0);
}, true);
</script>"""

SCROLL_TO_FOCUS = """() => { setTimeout(() => { const m = document.querySelector('#document mark.cds-focus');
  if (m) m.scrollIntoView({block: 'center'}); }, 50); }"""

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


def document_html(pipeline: Pipeline, source: str, answers: list, focus: tuple[int, int] | None = None) -> str:
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


def corpus_overview(pipeline: Pipeline) -> str:
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


def _doc_choices(pipeline: Pipeline) -> list[tuple[str, str]]:
    return [(f"{d.title} ({Path(d.source).name})", d.source) for d in pipeline.index.docstore.documents()]


def _llm_configured(settings) -> bool:
    return bool(getattr(settings, "llm_provider", "") and getattr(settings, "llm_model", ""))


def _empty_conv() -> dict:
    return {"answers": [], "audit_ids": []}


def build_ui(pipeline: Pipeline, audit: AuditLog | None = None) -> gr.Blocks:
    settings = pipeline.settings
    audit = audit or AuditLog.from_settings(settings)
    examples = example_questions(pipeline, 4)
    export_root = Path(tempfile.mkdtemp(prefix="cds-export-"))
    llm_ok = _llm_configured(settings)
    mode_choices = [("Extractive: quotes the documents", "extractive"),
                    ("Configured LLM" if llm_ok else "LLM — not configured (falls back to extractive)", "llm")]
    default_mode = getattr(settings, "answer_mode", "extractive") if llm_ok else "extractive"

    def respond(message, chat, mode, top_k, restrict, conv, request: gr.Request):
        chat, conv = list(chat or []), conv or _empty_conv()
        answers = conv["answers"]
        session = getattr(request, "session_hash", "") or ""
        run = {"mode": mode or "extractive", "top_k": int(top_k) if top_k else None, "sources": list(restrict or [])}
        turn = len(answers) + 1
        shown = " ".join(str(message or "").split())
        shown = shown if len(shown) <= 2000 else shown[:2000] + " …"
        chat.append({"role": "user", "content": _md_escape(shown)})
        chat.append({"role": "assistant", "content": "…"})
        answer = None
        log_question(log, pipeline.settings, message)
        try:
            stream = pipeline.stream(message, history=[a.interpreted_as or a.question for a in answers],
                                     sources=run["sources"] or None, mode=run["mode"], top_k=run["top_k"])
            yield chat, "", "<div class='cds-sources'><em>Answering…</em></div>", conv
            text = ""
            for piece in stream:
                if isinstance(piece, Answer):
                    answer = piece
                    break
                text += piece
                chat[-1] = {"role": "assistant", "content": _linked(text, turn) + " ▍"}
                yield chat, "", "<div class='cds-sources'><em>Answering…</em></div>", conv
            if answer is None:
                raise RuntimeError("the pipeline's stream ended without an answer")
        except QuestionError as exc:
            audit.question(session, str(message or "")[:4000], None, run, error=str(exc))
            chat[-1] = {"role": "assistant", "content": f"⚠️ {_md_escape(str(exc))}"}
            yield chat, "", sources_html(None), conv
            return
        except Exception as exc:  # keep the UI alive and say so, rather than a silent failure
            log_failure(log, pipeline.settings, "answering failed")
            audit.question(session, str(message or "")[:4000], None, run, error=f"internal error: {type(exc).__name__}")
            chat[-1] = {"role": "assistant", "content": "⚠️ Something went wrong while answering; see the server log."}
            yield chat, "", sources_html(None), conv
            return
        conv = {"answers": answers + [answer],
                "audit_ids": conv["audit_ids"] + [audit.question(session, answer.question, answer, run)]}
        chat[-1] = {"role": "assistant", "content": render_answer(answer, turn)}
        yield chat, "", sources_html(answer, turn), conv

    def open_target(target, conv):
        """A click on [n] (cite-T-N) or on "whole document" (doc-T-N)."""
        answers = (conv or _empty_conv())["answers"]
        m = re.fullmatch(r"(cite|doc|all)-(\d+)-(\d+)(?::\d+)?", (target or "").strip())
        if not m or not (1 <= int(m.group(2)) <= len(answers)):
            return gr.update(), gr.update(), gr.update(), gr.update()
        kind, turn, n = m.group(1), int(m.group(2)), int(m.group(3))
        answer = answers[turn - 1]
        if kind == "all":
            return sources_html(answer, turn), gr.update(), gr.Tabs(selected="sources"), gr.update()
        if kind == "cite":
            return citation_html(answer, turn, n), gr.update(), gr.Tabs(selected="sources"), gr.update()
        cite = next((c for c in answer.citations if c.n == n), None)
        if cite is None:
            return gr.update(), gr.update(), gr.update(), gr.update()
        return (gr.update(), document_html(pipeline, cite.source, answers, focus=(turn, n)),
                gr.Tabs(selected="document"), gr.update(value=cite.source, choices=_doc_choices(pipeline)))

    def open_document(source, conv):
        return document_html(pipeline, source, (conv or _empty_conv())["answers"])

    def feedback(helpful: bool):
        def record(comment, conv, request: gr.Request):
            conv = conv or _empty_conv()
            if not conv["answers"]:
                return "Ask a question first; feedback applies to the latest answer.", comment
            session = getattr(request, "session_hash", "") or ""
            audit.feedback(session, conv["audit_ids"][-1], helpful, comment or "")
            where = "recorded in the local audit log" if audit.enabled else "noted (the audit log is off)"
            word = "helpful" if helpful else "not helpful"
            return f"Thank you: answer {len(conv['answers'])} marked {word}, {where}.", ""
        return record

    def export(conv):
        answers = (conv or _empty_conv())["answers"]
        if not answers:
            return gr.update(value=None, visible=False), "Nothing to export yet: ask a question first."
        folder = Path(tempfile.mkdtemp(dir=export_root))
        files = [str(p) for p in write_exports(answers, folder)]
        return gr.update(value=files, visible=True), f"Exported {len(answers)} answer(s): download below."

    def corpus_updates(restricted=None):
        choices = _doc_choices(pipeline)
        known = {source for _, source in choices}
        keep = [s for s in (restricted or []) if s in known]
        return (corpus_overview(pipeline), gr.update(choices=choices), gr.update(choices=choices, value=None),
                gr.update(choices=choices, value=keep) if restricted is not None else gr.update(choices=choices))

    def add(files):
        files = [f for f in (files or []) if f]
        if not files:
            yield ("<pre>Choose one or more files first.</pre>",) + tuple(gr.update() for _ in range(4)) + (gr.update(),)
            return
        events: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                result["r"] = add_documents(pipeline, [(Path(f).name, Path(f)) for f in files], on_event=events.put)
            except Exception as exc:  # IngestLocked and the like: say so
                log.exception("adding documents failed")
                result["error"] = str(exc)
            finally:
                events.put(None)

        threading.Thread(target=work, daemon=True).start()
        lines = [f"Received {len(files)} file(s)."]
        while True:
            msg = events.get()
            if msg is None:
                break
            lines.append(msg.replace(str(settings.corpus_dir) + "/", ""))
            yield ("<pre>" + _esc("\n".join(lines)) + "</pre>",) + tuple(gr.update() for _ in range(4)) + (gr.update(),)
        if "error" in result:
            lines.append(f"Failed: {result['error']}")
        elif result["r"].report is not None:
            r = result["r"]
            for path, why in r.report.failed:
                lines.append(f"Could not index {Path(path).name}: {why}")
            lines.append(f"Done: {len(r.saved)} document(s) added to the index "
                         f"({r.report.chunks_embedded} passages embedded in {r.report.seconds:.1f} s).")
        yield ("<pre>" + _esc("\n".join(lines)) + "</pre>",) + corpus_updates() + (None,)

    def remove(source, restricted):
        if not source:
            return ("<pre>Choose a document to remove.</pre>",) + tuple(gr.update() for _ in range(4))
        try:
            msg = remove_document(pipeline, source)
        except (UploadError, OSError, RuntimeError) as exc:
            msg = f"Could not remove it: {exc}"
        return ("<pre>" + _esc(msg) + "</pre>",) + corpus_updates(list(restricted or []))

    def clear():
        return [], "", sources_html(None), _empty_conv(), "", gr.update(value=None, visible=False)

    theme = gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS, text_size=gr.themes.sizes.text_lg)
    with gr.Blocks(title="Clinical evidence assistant") as demo:
        demo.cds_theme, demo.cds_css, demo.cds_head = theme, CSS, HEAD
        conv = gr.State(_empty_conv())
        gr.Markdown("## Clinical evidence assistant\nAsk a clinical question; every statement in the answer "
                    "cites the passage of the indexed documents that supports it. Click a [n] to see it.")
        gr.HTML(f"<div id='disclaimer' role='note'>{_esc(DISCLAIMER)}</div>")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360):
                # No "share" button: it would post the conversation (maybe patient data) to Hugging Face.
                chatbot = gr.Chatbot(label="Conversation", height="58vh", elem_id="chat", buttons=["copy", "copy_all"],
                                     placeholder="Answers appear here, each statement with its [n] source.")
                with gr.Row():
                    box = gr.Textbox(placeholder="Ask a clinical question about the indexed documents",
                                     show_label=False, scale=5, elem_id="question", max_lines=4,
                                     autofocus=True, submit_btn=False)
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask", min_width=90)
                if examples:
                    gr.Examples(examples=[[q] for q in examples], inputs=[box], label="Example questions from the corpus")
                with gr.Row(elem_id="feedback-row"):
                    helpful = gr.Button("Helpful", size="sm", elem_id="helpful", min_width=90)
                    unhelpful = gr.Button("Not helpful", size="sm", elem_id="not-helpful", min_width=90)
                    comment = gr.Textbox(placeholder="Optional comment on the latest answer", show_label=False,
                                         scale=3, elem_id="feedback-comment", max_lines=2)
                feedback_status = gr.Markdown("", elem_id="feedback-status")
                with gr.Row():
                    export_btn = gr.Button("Export conversation (Markdown + HTML)", size="sm", elem_id="export")
                    clear_btn = gr.Button("New conversation", size="sm", elem_id="clear")
                export_status = gr.Markdown("", elem_id="export-status")
                export_files = gr.File(label="Exported files", file_count="multiple", interactive=False,
                                       elem_id="export-files", visible=False)
            with gr.Column(scale=2, min_width=320):
                with gr.Tabs(elem_id="side-tabs") as tabs:
                    with gr.Tab("Sources", id="sources", elem_id="tab-sources"):
                        sources = gr.HTML(sources_html(None), elem_id="sources", container=False)
                    with gr.Tab("Document", id="document", elem_id="tab-document"):
                        with gr.Row():
                            doc_pick = gr.Dropdown(choices=_doc_choices(pipeline), label="Indexed document",
                                                   elem_id="doc-pick", scale=4)
                            doc_open = gr.Button("Open", elem_id="doc-open", scale=1, min_width=80)
                        document = gr.HTML(document_html(pipeline, "", []), elem_id="document")
                    with gr.Tab("Corpus", id="corpus", elem_id="tab-corpus"):
                        with gr.Accordion("About this corpus", open=True):
                            about = gr.HTML(corpus_overview(pipeline), elem_id="corpus-about")
                        upload = gr.File(label=f"Add documents ({', '.join(UPLOAD_SUFFIXES)}; up to "
                                               f"{settings.max_upload_mb:g} MB each)", file_count="multiple",
                                         file_types=list(UPLOAD_SUFFIXES), elem_id="upload")
                        add_btn = gr.Button("Add to the index", variant="primary", elem_id="add-docs")
                        ingest_status = gr.HTML("", elem_id="ingest-status")
                        with gr.Row():
                            remove_pick = gr.Dropdown(choices=_doc_choices(pipeline), label="Remove a document",
                                                      elem_id="remove-pick", scale=4)
                            remove_btn = gr.Button("Remove", variant="stop", elem_id="remove", scale=1, min_width=90)
                    with gr.Tab("Settings", id="settings", elem_id="tab-settings"):
                        mode = gr.Radio(mode_choices, value=default_mode, label="Answer mode", elem_id="mode")
                        top_k = gr.Slider(1, 30, value=settings.top_k, step=1, label="Retrieval depth (passages "
                                          "handed to the answerer)", elem_id="top-k")
                        restrict = gr.Dropdown(choices=_doc_choices(pipeline), value=[], multiselect=True,
                                               label="Only these documents (empty: all)", elem_id="restrict")
                        gr.Markdown(
                            "Audit log: " + (f"on, in `{_esc(settings.audit_log)}` on this machine"
                                             if audit.enabled else "off") + ".")
        target = gr.Textbox(elem_id="cite-target", elem_classes=["cds-hidden"], show_label=False)
        target_btn = gr.Button("open", elem_id="cite-open", elem_classes=["cds-hidden"])
        gr.HTML(f"<div role='note' style='font-size:.85rem;color:#52525b'>{_esc(DISCLAIMER)}</div>")

        ins = [box, chatbot, mode, top_k, restrict, conv]
        outs = [chatbot, box, sources, conv]
        ask.click(respond, ins, outs, api_name="ask").then(
            lambda: (gr.Tabs(selected="sources"), ""), None, [tabs, feedback_status], api_name=False)
        box.submit(respond, ins, outs, api_name=False).then(
            lambda: (gr.Tabs(selected="sources"), ""), None, [tabs, feedback_status], api_name=False)
        target_btn.click(open_target, [target, conv], [sources, document, tabs, doc_pick], api_name=False).then(
            None, None, None, js=SCROLL_TO_FOCUS)
        doc_open.click(open_document, [doc_pick, conv], [document], api_name=False)
        helpful.click(feedback(True), [comment, conv], [feedback_status, comment], api_name=False)
        unhelpful.click(feedback(False), [comment, conv], [feedback_status, comment], api_name=False)
        export_btn.click(export, [conv], [export_files, export_status], api_name=False)
        clear_btn.click(clear, None, [chatbot, box, sources, conv, feedback_status, export_files], api_name=False)
        add_btn.click(add, [upload], [ingest_status, about, doc_pick, remove_pick, restrict, upload], api_name=False)
        chatbot.clear(lambda: (_empty_conv(), sources_html(None)), None, [conv, sources], api_name=False)
        # A page opened after documents were added or removed sees the corpus as it is now.
        demo.load(lambda: corpus_updates([]), None, [about, doc_pick, remove_pick, restrict], api_name=False)
        remove_btn.click(remove, [remove_pick, restrict], [ingest_status, about, doc_pick, remove_pick, restrict], api_name=False)
    return demo


def serve(pipeline: Pipeline) -> None:
    import ipaddress
    import sys

    s = pipeline.settings
    auth = (s.auth_username, s.auth_password.get_secret_value()) if s.auth_username else None
    try:
        loopback = s.host == "localhost" or ipaddress.ip_address(s.host).is_loopback
    except ValueError:  # a host name other than localhost may resolve to any interface
        loopback = False
    if not loopback and auth is None:
        # Said before the models load, on stderr, so it is seen even when logging is quiet.
        print(f"WARNING: serving on {s.host} without a login: anyone who can reach this address can use "
              "the assistant. Set CDS_AUTH_USERNAME and CDS_AUTH_PASSWORD, or bind 127.0.0.1.",
              file=sys.stderr, flush=True)
    pipeline.warm_up(background=True)
    demo = build_ui(pipeline)
    # A bounded queue: at most queue_concurrency answers run at once (more would only share the same
    # cores), the rest wait their turn; past max_queue_size a client gets a clear "busy" error.
    demo.queue(default_concurrency_limit=s.queue_concurrency, max_size=s.max_queue_size).launch(
        server_name=s.host, server_port=s.port, share=False, show_error=False, auth=auth,
        css=demo.cds_css, head=demo.cds_head, theme=demo.cds_theme,
        max_file_size=int(s.max_upload_mb * 1024 * 1024),
    )
