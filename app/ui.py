"""Gradio chat UI: answers with [n] markers, the cited sources under them, example questions drawn
from the corpus and a visible decision-support disclaimer. Everything from documents or users is
escaped before it is shown."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import gradio as gr

from app.pipeline import Pipeline, QuestionError
from app.privacy import log_failure, log_question

log = logging.getLogger(__name__)

DISCLAIMER = (
    "Decision support only: answers are extracted from the indexed documents and must be checked against "
    "the cited sources. They do not replace clinical judgement."
)

CSS = """
#disclaimer {border-left: 4px solid #b45309; background: #fffbeb; color: #451a03; padding: 8px 12px;
             border-radius: 4px; font-size: 0.95rem}
.cds-sources {font-size: 0.95rem}
.cds-source {border: 1px solid #d4d4d8; border-radius: 6px; padding: 8px 10px; margin: 6px 0}
.cds-source .where {color: #3f3f46; font-size: 0.85rem}
.cds-source blockquote {margin: 6px 0 0 0; padding-left: 10px; border-left: 3px solid #2563eb;
                        white-space: pre-wrap}
.cds-source mark {background: #fde68a; color: inherit; padding: 0 1px}
.cds-abstain {border: 1px dashed #a1a1aa; border-radius: 6px; padding: 8px 10px; color: #3f3f46}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def highlighted(citations) -> str:
    """The passage the citations quote from, escaped, with each quote marked and numbered
    (long passages are windowed around the quotes)."""
    first = citations[0]
    if not first.context:
        return " ".join(f"<mark>{_esc(c.quote)}</mark><sup>[{c.n}]</sup>" for c in citations)
    text, base = first.context, first.context_start
    spans = sorted({(c.start - base, c.end - base, c.n) for c in citations})
    lo = max(0, spans[0][0] - 300)
    hi = min(len(text), max(e for _, e, _ in spans) + 300)
    out, pos = ["…" if lo else ""], lo
    for s, e, n in spans:
        if s < pos:  # overlapping quotes: mark the first only
            continue
        out.append(_esc(text[pos:s]) + f"<mark>{_esc(text[s:e])}</mark><sup>[{n}]</sup>")
        pos = e
    out.append(_esc(text[pos:hi]) + ("…" if hi < len(text) else ""))
    return "".join(out)


def sources_html(answer) -> str:
    if answer is None:
        return "<div class='cds-sources'><em>Cited sources appear here.</em></div>"
    parts = ["<div class='cds-sources'>"]
    if answer.abstained:
        parts.append("<div class='cds-abstain'><strong>Not in the indexed documents.</strong> "
                     "Nothing retrieved answers this question, so no source is cited.</div>")
        if answer.related:
            parts.append("<p><em>Related passages (not answering):</em></p>")
            for c in answer.related:
                parts.append(
                    f"<div class='cds-source'><div class='where'>{_esc(c.title)} — {_esc(c.section or 'opening')}</div>"
                    f"<blockquote>{_esc(c.quote)}</blockquote></div>"
                )
    else:
        # Citations quoting the same passage (cells of one table row) share one card.
        groups: dict[str, list] = {}
        for c in answer.citations:
            groups.setdefault(c.chunk_id or f"{c.source}:{c.start}", []).append(c)
        for cites in groups.values():
            c = cites[0]
            numbers = " ".join(f"[{x.n}]" for x in cites)
            chars = ", ".join(f"{x.start}–{x.end}" for x in cites)
            parts.append(
                f"<div class='cds-source' id='source-{c.n}'><strong>{numbers}</strong> {_esc(c.title)}"
                f"<div class='where'>Section: {_esc(c.section or 'opening')} · {_esc(Path(c.source).name)}, "
                f"characters {chars}</div><blockquote>{highlighted(cites)}</blockquote></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def _md_escape(text: str) -> str:
    """Answer text is shown as Markdown; neutralise anything that could become markup or a link."""
    text = html.escape(text, quote=False)
    for ch in "\\`*_{}<>#|!~":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("[", "\\[").replace("]", "\\]").replace("(", "\\(").replace(")", "\\)")
    # The chat turns bare URLs into links (linkify); an escaped colon or dot keeps a URL from documents
    # or questions as plain text, shown exactly as written.
    return text.replace(":", "\\:").replace("www.", "www\\.")


def corpus_overview(pipeline: Pipeline) -> str:
    import datetime as dt

    docs = pipeline.index.docstore.documents()
    if not docs:
        return "No documents are indexed yet."
    rows = ["| Document | File | Chunks | Indexed |", "|---|---|---|---|"]
    for d in docs:
        when = dt.datetime.fromtimestamp(d.indexed_at).strftime("%Y-%m-%d %H:%M")
        rows.append(f"| {_md_escape(d.title)} | {_md_escape(Path(d.source).name)} | {d.n_chunks} | {when} |")
    return "\n".join(rows)


def build_ui(pipeline: Pipeline) -> gr.Blocks:
    examples = pipeline.example_questions(4)

    def respond(message: str, history: list):
        history = list(history or [])
        log_question(log, pipeline.settings, message)
        try:
            answer = pipeline.ask(message)
        except QuestionError as exc:
            history += [{"role": "user", "content": _md_escape(message or "")},
                        {"role": "assistant", "content": f"⚠️ {_md_escape(str(exc))}"}]
            return history, "", sources_html(None)
        except Exception:  # keep the UI alive and say so, rather than a silent failure
            log_failure(log, pipeline.settings, "answering failed")
            history += [{"role": "user", "content": _md_escape(message)},
                        {"role": "assistant", "content": "⚠️ Something went wrong while answering; see the server log."}]
            return history, "", sources_html(None)
        shown = _md_escape(answer.answer)
        if answer.abstained:
            shown = f"**Not in the indexed documents.** {shown}"
        history += [{"role": "user", "content": _md_escape(answer.question)},
                    {"role": "assistant", "content": shown}]
        return history, "", sources_html(answer)

    with gr.Blocks(title="Clinical evidence assistant") as demo:
        gr.Markdown("## Clinical evidence assistant\nAsk a clinical question; every statement in the answer "
                    "cites the passage of the indexed documents that supports it.")
        gr.HTML(f"<div id='disclaimer' role='note'>{_esc(DISCLAIMER)}</div>")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", height=380, elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(placeholder="e.g. What was the IC-ORR with alectinib in the ALEX trial?",
                                     show_label=False, scale=5, elem_id="question", max_lines=4)
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                if examples:
                    gr.Examples(examples=[[q] for q in examples], inputs=[box], label="Example questions from the corpus")
            with gr.Column(scale=2):
                gr.Markdown("### Cited sources")
                sources = gr.HTML(sources_html(None), elem_id="sources")
                with gr.Accordion("About this corpus", open=False):
                    gr.Markdown(corpus_overview(pipeline))
        ask.click(respond, [box, chatbot], [chatbot, box, sources], api_name="ask")
        box.submit(respond, [box, chatbot], [chatbot, box, sources], api_name=False)
    return demo


def serve(pipeline: Pipeline) -> None:
    s = pipeline.settings
    pipeline.warm_up()
    demo = build_ui(pipeline)
    if s.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("Serving on %s: anyone who can reach this address can use the assistant.", s.host)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=s.host, server_port=s.port, share=False, show_error=False, css=CSS,
        theme=gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"]),
    )
