"""The Gradio Blocks: a chat column beside a side panel (sources, document, corpus, settings), and the
wiring of their events to the handlers (handlers.py)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from app.interfaces.audit import AuditLog
from app.interfaces.corpus import UPLOAD_SUFFIXES
from app.interfaces.ui.assets import CSS, DISCLAIMER, HEAD, MONO_FONTS, SCROLL_TO_FOCUS, SYSTEM_FONTS
from app.interfaces.ui.handlers import ChatHandlers, CorpusHandlers, empty_conv, llm_configured
from app.interfaces.ui.render import _esc, corpus_overview, doc_choices, document_html, sources_html


def _chat_column(examples: list[str]) -> SimpleNamespace:
    c = SimpleNamespace()
    # No "share" button: it would post the conversation (maybe patient data) to Hugging Face.
    c.chatbot = gr.Chatbot(label="Conversation", height="58vh", elem_id="chat", buttons=["copy", "copy_all"],
                           placeholder="Answers appear here, each statement with its [n] source.")
    with gr.Row():
        c.box = gr.Textbox(placeholder="e.g. What was the IC-ORR with alectinib in the ALEX trial?",
                           show_label=False, scale=5, elem_id="question", max_lines=4,
                           autofocus=True, submit_btn=False)
        c.ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask", min_width=90)
    if examples:
        gr.Examples(examples=[[q] for q in examples], inputs=[c.box], label="Example questions from the corpus")
    with gr.Row(elem_id="feedback-row"):
        c.helpful = gr.Button("Helpful", size="sm", elem_id="helpful", min_width=90)
        c.unhelpful = gr.Button("Not helpful", size="sm", elem_id="not-helpful", min_width=90)
        c.comment = gr.Textbox(placeholder="Optional comment on the latest answer", show_label=False,
                               scale=3, elem_id="feedback-comment", max_lines=2)
    c.feedback_status = gr.Markdown("", elem_id="feedback-status")
    with gr.Row():
        c.export = gr.Button("Export conversation (Markdown + HTML)", size="sm", elem_id="export")
        c.clear = gr.Button("New conversation", size="sm", elem_id="clear")
    c.export_status = gr.Markdown("", elem_id="export-status")
    c.export_files = gr.File(label="Exported files", file_count="multiple", interactive=False,
                             elem_id="export-files", visible=False)
    return c


def _side_panel(pipeline, audit: AuditLog) -> SimpleNamespace:
    settings, s = pipeline.settings, SimpleNamespace()
    llm_ok = llm_configured(settings)
    mode_choices = [("Extractive: quotes the documents", "extractive"),
                    ("Configured LLM" if llm_ok else "LLM — not configured (falls back to extractive)", "llm")]
    default_mode = getattr(settings, "answer_mode", "extractive") if llm_ok else "extractive"
    with gr.Tabs(elem_id="side-tabs") as s.tabs:
        with gr.Tab("Sources", id="sources", elem_id="tab-sources"):
            s.sources = gr.HTML(sources_html(None), elem_id="sources", container=False)
        with gr.Tab("Document", id="document", elem_id="tab-document"):
            with gr.Row():
                s.doc_pick = gr.Dropdown(choices=doc_choices(pipeline), label="Indexed document",
                                         elem_id="doc-pick", scale=4)
                s.doc_open = gr.Button("Open", elem_id="doc-open", scale=1, min_width=80)
            s.document = gr.HTML(document_html(pipeline, "", []), elem_id="document")
        with gr.Tab("Corpus", id="corpus", elem_id="tab-corpus"):
            with gr.Accordion("About this corpus", open=True):
                s.about = gr.HTML(corpus_overview(pipeline), elem_id="corpus-about")
            s.upload = gr.File(label=f"Add documents ({', '.join(UPLOAD_SUFFIXES)}; up to "
                                     f"{settings.max_upload_mb:g} MB each)", file_count="multiple",
                               file_types=list(UPLOAD_SUFFIXES), elem_id="upload")
            s.add = gr.Button("Add to the index", variant="primary", elem_id="add-docs")
            s.ingest_status = gr.HTML("", elem_id="ingest-status")
            with gr.Row():
                s.remove_pick = gr.Dropdown(choices=doc_choices(pipeline), label="Remove a document",
                                            elem_id="remove-pick", scale=4)
                s.remove = gr.Button("Remove", variant="stop", elem_id="remove", scale=1, min_width=90)
        with gr.Tab("Settings", id="settings", elem_id="tab-settings"):
            s.mode = gr.Radio(mode_choices, value=default_mode, label="Answer mode", elem_id="mode")
            s.top_k = gr.Slider(1, 30, value=settings.top_k, step=1, label="Retrieval depth (passages "
                                "handed to the answerer)", elem_id="top-k")
            s.restrict = gr.Dropdown(choices=doc_choices(pipeline), value=[], multiselect=True,
                                     label="Only these documents (empty: all)", elem_id="restrict")
            gr.Markdown("Audit log: " + (f"on, in `{_esc(settings.audit_log)}` on this machine"
                                         if audit.enabled else "off") + ".")
    return s


def _wire(c, s, conv, chat: ChatHandlers, corpus: CorpusHandlers, demo: gr.Blocks) -> None:
    ins = [c.box, c.chatbot, s.mode, s.top_k, s.restrict, conv]
    outs = [c.chatbot, c.box, s.sources, conv]
    after = (lambda: (gr.Tabs(selected="sources"), ""), None, [s.tabs, c.feedback_status])
    c.ask.click(chat.respond, ins, outs, api_name="ask").then(*after, api_name=False)
    c.box.submit(chat.respond, ins, outs, api_name=False).then(*after, api_name=False)
    target = gr.Textbox(elem_id="cite-target", elem_classes=["cds-hidden"], show_label=False)
    target_btn = gr.Button("open", elem_id="cite-open", elem_classes=["cds-hidden"])
    target_btn.click(chat.open_target, [target, conv], [s.sources, s.document, s.tabs, s.doc_pick],
                     api_name=False).then(None, None, None, js=SCROLL_TO_FOCUS)
    s.doc_open.click(chat.open_document, [s.doc_pick, conv], [s.document], api_name=False)
    c.helpful.click(chat.feedback(True), [c.comment, conv], [c.feedback_status, c.comment], api_name=False)
    c.unhelpful.click(chat.feedback(False), [c.comment, conv], [c.feedback_status, c.comment], api_name=False)
    c.export.click(chat.export, [conv], [c.export_files, c.export_status], api_name=False)
    c.clear.click(chat.clear, None, [c.chatbot, c.box, s.sources, conv, c.feedback_status, c.export_files],
                  api_name=False)
    lists = [s.about, s.doc_pick, s.remove_pick, s.restrict]
    s.add.click(corpus.add, [s.upload], [s.ingest_status, *lists, s.upload], api_name=False)
    s.remove.click(corpus.remove, [s.remove_pick, s.restrict], [s.ingest_status, *lists], api_name=False)
    c.chatbot.clear(lambda: (empty_conv(), sources_html(None)), None, [conv, s.sources], api_name=False)
    # A page opened after documents were added or removed sees the corpus as it is now.
    demo.load(lambda: corpus.updates([]), None, lists, api_name=False)


def build_ui(pipeline, audit: AuditLog | None = None) -> gr.Blocks:
    audit = audit or AuditLog.from_settings(pipeline.settings)
    chat, corpus = ChatHandlers(pipeline, audit), CorpusHandlers(pipeline)
    examples = pipeline.example_questions(4)
    theme = gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS, text_size=gr.themes.sizes.text_lg)
    with gr.Blocks(title="Clinical evidence assistant") as demo:
        demo.cds_theme, demo.cds_css, demo.cds_head = theme, CSS, HEAD
        conv = gr.State(empty_conv())
        gr.Markdown("## Clinical evidence assistant\nAsk a clinical question; every statement in the answer "
                    "cites the passage of the indexed documents that supports it. Click a [n] to see it.")
        gr.HTML(f"<div id='disclaimer' role='note'>{_esc(DISCLAIMER)}</div>")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360):
                c = _chat_column(examples)
            with gr.Column(scale=2, min_width=320):
                s = _side_panel(pipeline, audit)
        _wire(c, s, conv, chat, corpus, demo)
        gr.HTML(f"<div role='note' style='font-size:.85rem;color:#52525b'>{_esc(DISCLAIMER)}</div>")
    return demo
