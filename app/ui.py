"""Gradio chat UI: answers with [n] markers, the cited sources under them, example questions drawn
from the corpus and a visible decision-support disclaimer. Everything from documents or users is
escaped before it is shown."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import gradio as gr

from app.pipeline import Pipeline, QuestionError

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


def highlighted(c) -> str:
    """The passage around a quote, escaped, with the quote marked (long passages are windowed)."""
    if not c.context:
        return f"<mark>{_esc(c.quote)}</mark>"
    a, b = c.start - c.context_start, c.end - c.context_start
    lo, hi = max(0, a - 300), min(len(c.context), b + 300)
    before = ("…" if lo else "") + c.context[lo:a]
    after = c.context[b:hi] + ("…" if hi < len(c.context) else "")
    return f"{_esc(before)}<mark>{_esc(c.context[a:b])}</mark>{_esc(after)}"


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
        for c in answer.citations:
            parts.append(
                f"<div class='cds-source' id='source-{c.n}'><strong>[{c.n}]</strong> {_esc(c.title)}"
                f"<div class='where'>Section: {_esc(c.section or 'opening')} · {_esc(Path(c.source).name)}, "
                f"characters {c.start}–{c.end}</div><blockquote>{highlighted(c)}</blockquote></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def _md_escape(text: str) -> str:
    """Answer text is shown as Markdown; neutralise anything that could become markup or a link."""
    text = html.escape(text, quote=False)
    for ch in "\\`*_{}<>#|!":
        text = text.replace(ch, "\\" + ch)
    return text.replace("[", "\\[").replace("]", "\\]").replace("(", "\\(").replace(")", "\\)")


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
        try:
            answer = pipeline.ask(message)
        except QuestionError as exc:
            history += [{"role": "user", "content": _md_escape(message or "")},
                        {"role": "assistant", "content": f"⚠️ {_md_escape(str(exc))}"}]
            return history, "", sources_html(None)
        except Exception:  # keep the UI alive and say so, rather than a silent failure
            log.exception("answering failed")
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
