"""The Gradio Blocks: a chat column (the landing page, then the conversation; the question box; feedback
and export) beside a side panel (sources, document, corpus, settings), and the wiring of their events
to the handlers (handlers.py, documents.py)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from app.interfaces.audit import AuditLog
from app.interfaces.cache import PrivateCache
from app.interfaces.corpus import UPLOAD_SUFFIXES
from app.interfaces.ui.assets import CSS, DISCLAIMER, HEAD, MONO_FONTS, SCROLL_TO_FOCUS, SYSTEM_FONTS
from app.interfaces.ui.documents import CorpusHandlers
from app.interfaces.ui.handlers import ChatHandlers, llm_configured
from app.interfaces.ui.pages import corpus_overview, document_html
from app.interfaces.ui.render import esc, sources_html
from app.interfaces.ui.state import Conversation

INTRO = ("<header class='cds-header'><h1>Clinical evidence assistant</h1><p>Ask a clinical question; every "
         "statement in the answer cites the passage of the indexed documents that supports it. Point at or tab "
         "to a [n] to preview its passage; click it to pin it in the sources panel.</p></header>")

# Events that update the page show no progress overlay: the page is never dimmed while it updates (the
# answer streams in, and the status lines say what is happening).
QUIET = {"api_name": False, "show_progress": "hidden"}

# The default theme's orange and red buttons and tabs give white text 2.8:1; these give at least 4.5:1.
THEME_COLOURS = dict(
    button_primary_background_fill="#1d4ed8", button_primary_background_fill_hover="#1e40af",
    button_primary_text_color="#ffffff", button_cancel_background_fill="#b91c1c",
    button_cancel_background_fill_hover="#991b1b", button_cancel_text_color="#ffffff", color_accent="#1d4ed8",
    color_accent_soft="#dbeafe", body_text_color_subdued="#52525b", input_placeholder_color="#52525b",
)


def _chat_column(landing: str) -> SimpleNamespace:
    c = SimpleNamespace()
    c.chat = gr.HTML(landing, elem_id="chat")
    # The `/ask` API's chat history (inputs and outputs of API clients); the page shows `chat` instead.
    c.api_chat = gr.Chatbot(visible=False, elem_id="api-chat")
    with gr.Row(elem_id="ask-row"):
        c.box = gr.Textbox(label="Your clinical question", placeholder="Type a question about the indexed documents",
                           scale=5, elem_id="question", max_lines=4, submit_btn=False)
        c.ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask", min_width=90)
    c.status = gr.HTML("", elem_id="ask-status")
    with gr.Row(elem_id="feedback-row"):
        c.helpful = gr.Button("Helpful", size="sm", elem_id="helpful", min_width=90)
        c.unhelpful = gr.Button("Not helpful", size="sm", elem_id="not-helpful", min_width=90)
        c.comment = gr.Textbox(label="Comment on the latest answer (optional)", scale=3, elem_id="feedback-comment",
                               max_lines=2)
    c.feedback_status = gr.Markdown("", elem_id="feedback-status")
    with gr.Row():
        c.export = gr.Button("Export conversation (Markdown + HTML)", size="sm", elem_id="export")
        c.clear = gr.Button("New conversation", size="sm", elem_id="clear")
    c.export_status = gr.Markdown("", elem_id="export-status")
    c.export_files = gr.File(label="Exported files", file_count="multiple", interactive=False,
                             elem_id="export-files", visible=False)
    return c


def _corpus_tab(pipeline, s: SimpleNamespace) -> None:
    with gr.Accordion("About this corpus", open=True):
        s.about = gr.HTML(corpus_overview(pipeline), elem_id="corpus-about")
    s.upload = gr.File(label=f"Add documents ({', '.join(UPLOAD_SUFFIXES)}; up to "
                             f"{pipeline.settings.max_upload_mb:g} MB each)", file_count="multiple",
                       file_types=list(UPLOAD_SUFFIXES), elem_id="upload")
    with gr.Row():
        s.add = gr.Button("Add to the index", variant="primary", elem_id="add-docs")
        s.cancel_add = gr.Button("Cancel adding", elem_id="cancel-add", min_width=90)
    s.ingest_status = gr.HTML("", elem_id="ingest-status")
    with gr.Row():
        s.remove_pick = gr.Dropdown(choices=[], label="Remove a document",
                                    elem_id="remove-pick", scale=4)
        s.remove = gr.Button("Remove…", variant="stop", elem_id="remove", scale=1, min_width=90)
    with gr.Group(visible=False, elem_id="remove-confirm-box") as s.confirm_box:
        s.confirm_text = gr.HTML("", elem_id="remove-question")
        with gr.Row():
            s.confirm = gr.Button("Yes, remove it", variant="stop", elem_id="remove-confirm", min_width=90)
            s.cancel = gr.Button("Cancel", elem_id="remove-cancel", min_width=90)


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
                s.doc_pick = gr.Dropdown(choices=[], label="Indexed document",
                                         elem_id="doc-pick", scale=4)
                s.doc_open = gr.Button("Open", elem_id="doc-open", scale=1, min_width=80)
            s.document = gr.HTML(document_html(pipeline, "", []), elem_id="document")
        with gr.Tab("Corpus", id="corpus", elem_id="tab-corpus"):
            _corpus_tab(pipeline, s)
        with gr.Tab("Settings", id="settings", elem_id="tab-settings"):
            s.mode = gr.Radio(mode_choices, value=default_mode, label="Answer mode", elem_id="mode")
            s.top_k = gr.Slider(1, 30, value=settings.top_k, step=1, label="Retrieval depth (passages "
                                "handed to the answerer)", elem_id="top-k")
            # Filled per session; API clients may name any document indexed now (checked per request).
            s.restrict = gr.Dropdown(choices=[], value=[], multiselect=True, allow_custom_value=True,
                                     label="Only these documents (empty: all)", elem_id="restrict")
            gr.Markdown("Audit log: " + (f"on, in `{esc(settings.audit_log)}` on this machine"
                                         if audit.enabled else "off") + ".")
    return s


def _wire_chat(c, s, conv, chat: ChatHandlers) -> None:
    ins = [c.box, s.mode, s.top_k, s.restrict, conv]
    outs = [c.chat, c.box, s.sources, conv, c.status]
    for trigger in (c.ask.click, c.box.submit):
        trigger(chat.respond, ins, outs, **QUIET).then(
            lambda: (gr.Tabs(selected="sources"), ""), None, [s.tabs, c.feedback_status], **QUIET).then(
            chat.suggest, [conv], [c.chat, conv], **QUIET)
    # The API endpoint keeps its name and inputs: question, chat history, mode, depth, documents.
    api_ask = gr.Button("ask", visible=False, elem_id="api-ask")
    api_ask.click(chat.respond_api, [c.box, c.api_chat, s.mode, s.top_k, s.restrict, conv],
                  [c.api_chat, c.box, s.sources, conv], api_name="ask")
    target = gr.Textbox(label="Source to open", elem_id="cite-target", elem_classes=["cds-hidden"])
    target_btn = gr.Button("open", elem_id="cite-open", elem_classes=["cds-hidden"])
    # A click on another link while one is opening must not be dropped (Gradio's default for a
    # button ignores clicks while its event runs): the last link clicked is the one shown.
    target_btn.click(chat.open_target, [target, conv], [s.sources, s.document, s.tabs, s.doc_pick],
                     trigger_mode="always_last", **QUIET).then(None, None, None, js=SCROLL_TO_FOCUS)
    s.doc_open.click(chat.open_document, [s.doc_pick, conv], [s.document], api_name=False)
    c.helpful.click(chat.feedback(True), [c.comment, conv], [c.feedback_status, c.comment], api_name=False)
    c.unhelpful.click(chat.feedback(False), [c.comment, conv], [c.feedback_status, c.comment], api_name=False)
    c.export.click(chat.export, [conv], [c.export_files, c.export_status], api_name=False)
    c.clear.click(chat.clear, None, [c.chat, c.box, s.sources, conv, c.feedback_status, c.export_files,
                                     c.export_status, c.status], api_name=False)


def _wire_corpus(c, s, conv, corpus: CorpusHandlers, demo: gr.Blocks) -> None:
    lists = [c.chat, s.about, s.doc_pick, s.remove_pick, s.restrict]
    s.add.click(corpus.add, [s.upload, conv], [s.ingest_status, *lists, s.upload], **QUIET)
    s.cancel_add.click(corpus.cancel_add, None, None, api_name=False)
    # The confirmation names one document, and "Yes" removes that one (kept in `named`), whatever the list
    # shows by then.
    named = gr.State("")
    s.remove.click(corpus.confirm_remove, [s.remove_pick], [s.ingest_status, s.confirm_box, s.confirm_text, named],
                   api_name=False)
    s.confirm.click(corpus.remove, [named, s.restrict, conv], [s.ingest_status, s.confirm_box, *lists], **QUIET)
    s.cancel.click(corpus.cancel_remove, None, [s.ingest_status, s.confirm_box], api_name=False)
    # A page opened after documents were added or removed sees the corpus (and its examples) as it is now.
    demo.load(lambda conv_value: corpus.updates(conv_value, []), [conv], lists, **QUIET)


def build_ui(pipeline, audit: AuditLog | None = None, cache: PrivateCache | None = None) -> gr.Blocks:
    audit = audit or AuditLog.from_settings(pipeline.settings)
    cache = cache or PrivateCache(pipeline.settings.export_ttl_seconds)  # owner-only, deleted after a while
    corpus = CorpusHandlers(pipeline, cache)
    chat = ChatHandlers(pipeline, audit, corpus.landing, cache)
    theme = gr.themes.Default(primary_hue=gr.themes.colors.blue, font=SYSTEM_FONTS, font_mono=MONO_FONTS,
                              text_size=gr.themes.sizes.text_lg).set(**THEME_COLOURS)
    with gr.Blocks(title="Clinical evidence assistant") as demo:
        demo.cds_theme, demo.cds_css, demo.cds_head = theme, CSS, HEAD
        conv = gr.State(Conversation())
        gr.HTML(INTRO)
        gr.HTML(f"<div id='disclaimer' role='note'>{esc(DISCLAIMER)}</div>")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360):
                c = _chat_column(corpus.landing())
            with gr.Column(scale=2, min_width=320, elem_id="side-col"):
                s = _side_panel(pipeline, audit)
        _wire_chat(c, s, conv, chat)
        _wire_corpus(c, s, conv, corpus, demo)
        gr.HTML(f"<p class='cds-footnote' role='note'>{esc(DISCLAIMER)}</p>")
    return demo
