"""The UI's event handlers, as methods of small classes that hold the pipeline: asking (for the page and
for the `/ask` API), opening sources, feedback and export (ChatHandlers); adding and removing documents
and the corpus-dependent landing page (CorpusHandlers, corpus.py). Layout and wiring live in layout.py,
HTML in render.py and pages.py."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Callable, Iterator

import gradio as gr

from app.answer.suggestions import follow_up_questions
from app.interfaces.audit import AuditLog
from app.interfaces.cache import PrivateCache
from app.interfaces.export import write_exports
from app.interfaces.privacy import log_failure, log_question
from app.interfaces.security import RequestRefused, checked_request
from app.interfaces.ui.pages import doc_choices, document_html
from app.interfaces.ui.render import citation_html, conversation_html, sources_html
from app.interfaces.ui.state import Conversation, conversation
from app.pipeline import QuestionError, clean_question
from app.records import Answer

log = logging.getLogger(__name__)

ANSWERING = "<div class='cds-sources'><p><em>Answering…</em></p></div>"
FAILED = "Something went wrong while answering; see the server log."


def llm_configured(settings) -> bool:
    return bool(getattr(settings, "llm_provider", "") and getattr(settings, "llm_model", ""))


def status(message: str) -> str:
    return f"<p class='cds-status' role='alert'>{html.escape(message)}</p>" if message else ""


def _md_escape(text: str) -> str:
    """API chat messages are Markdown; neutralise anything that could become markup or a link."""
    text = html.escape(text or "", quote=False)
    for ch in "\\`*_{}<>#|!~[]()":
        text = text.replace(ch, "\\" + ch)
    # Clients turn bare URLs into links; an escaped colon or dot keeps a URL as plain text.
    return text.replace(":", "\\:").replace("www.", "www\\.")


@dataclass
class Event:
    """One step of answering: a longer piece of answer text, the final answer, or a refusal."""

    text: str = ""
    answer: Answer | None = None
    error: str = ""


class ChatHandlers:
    """Asking, suggesting follow-ups, opening a cited source or document, feedback, export, a new
    conversation. `landing` gives the landing page's HTML as the corpus is now."""

    def __init__(self, pipeline, audit: AuditLog, landing: Callable[[], str], cache: PrivateCache):
        self.pipeline, self.audit, self.landing, self.cache = pipeline, audit, landing, cache

    # -- asking ------------------------------------------------------------------------------------
    def _answer(self, message, conv: Conversation, run: dict, request) -> Iterator[Event]:
        """Answer `message` within `conv` (updated in place when an answer is final)."""
        session = getattr(request, "session_hash", "") or ""
        log_question(log, self.pipeline.settings, message)
        text = ""
        try:
            clean_question(message, self.pipeline.settings.max_question_chars)
            yield Event()
            stream = self.pipeline.stream(message, history=[a.interpreted_as or a.question for a in conv.answers],
                                          sources=run["sources"] or None, mode=run["mode"], top_k=run["top_k"])
            for piece in stream:
                if isinstance(piece, Answer):
                    break
                text += piece
                yield Event(text=text)
            else:
                raise RuntimeError("the pipeline's stream ended without an answer")
        except QuestionError as exc:
            self.audit.question(session, str(message or "")[:4000], None, run, error=str(exc))
            yield Event(error=str(exc))
            return
        except Exception as exc:  # keep the UI alive and say so, rather than a silent failure
            log_failure(log, self.pipeline.settings, "answering failed")
            self.audit.question(session, str(message or "")[:4000], None, run, error=f"internal error: {type(exc).__name__}")
            yield Event(error=FAILED)
            return
        store = self.pipeline.index.docstore
        conv.chunks.update(store.chunks([c.chunk_id for c in piece.citations if c.chunk_id]))
        conv.formats.update({d.source: d.format for d in store.documents()})
        conv.answers.append(piece)
        conv.audit_ids.append(self.audit.question(session, piece.question, piece, run))
        yield Event(answer=piece)

    @staticmethod
    def _run(mode, top_k, restrict) -> dict:
        return {"mode": mode or "extractive", "top_k": int(top_k) if top_k else None, "sources": list(restrict or [])}

    def respond(self, message, mode, top_k, restrict, conv_value, request: gr.Request):
        """The page's Ask: outputs the conversation, the question box, the sources panel, the state and
        a status line. A question that cannot be asked stays in the box and never enters the history."""
        conv = conversation(conv_value)
        shown = " ".join(str(message or "").split())[:2000]
        for event in self._answer(message, conv, self._run(mode, top_k, restrict), request):
            if event.error:  # the question goes back into the box (it may have been cleared while pending)
                yield conversation_html(conv, self.landing()), message, gr.update(), conv, status(event.error)
            elif event.answer is not None:
                turn = len(conv.answers)
                yield (conversation_html(conv, self.landing()), "", sources_html(event.answer, turn, conv), conv, "")
            else:
                yield conversation_html(conv, self.landing(), pending=(shown, event.text)), "", ANSWERING, conv, ""

    def respond_api(self, message, chat, mode, top_k, restrict, conv_value, request: gr.Request):
        """`/ask` for API clients: outputs the chat history (messages), the cleared box and the sources."""
        try:  # API clients: bounded history; documents checked against the corpus as it is now
            chat, restrict = checked_request(self.pipeline, chat, restrict)
        except RequestRefused as exc:
            raise gr.Error(str(exc)) from None
        conv, chat = conversation(conv_value), list(chat or [])
        asked = [{"role": "user", "content": _md_escape(" ".join(str(message or "").split())[:2000])}]
        for event in self._answer(message, conv, self._run(mode, top_k, restrict), request):
            if event.error:
                yield chat, message, f"<div class='cds-sources'>{status(event.error)}</div>", conv
            elif event.answer is not None:
                a = event.answer
                text = ("Not in the indexed documents: " if a.abstained else "") + a.answer
                chat = chat + asked + [{"role": "assistant", "content": _md_escape(text)}]
                yield chat, "", sources_html(a, len(conv.answers), conv), conv
            else:
                yield chat + asked + [{"role": "assistant", "content": _md_escape(event.text) or "…"}], "", ANSWERING, conv

    def suggest(self, conv_value):
        """Follow-up questions for the latest answer, drawn from its cited passages."""
        conv = conversation(conv_value)
        turn = len(conv.answers)
        if not turn or turn in conv.follow_ups:
            return gr.update(), conv
        try:
            conv.follow_ups[turn] = follow_up_questions(self.pipeline, conv.answers[-1], conv.asked())
        except Exception:  # suggestions are optional: the answer stands without them
            log_failure(log, self.pipeline.settings, "follow-up questions failed")
            conv.follow_ups[turn] = []
        return conversation_html(conv, self.landing()), conv

    # -- sources, documents ------------------------------------------------------------------------
    def open_target(self, target, conv_value):
        """A click on [n] (cite-T-N), on "whole document" (doc-T-N) or on "all sources" (all-T-0)."""
        conv = conversation(conv_value)
        answers = conv.answers
        m = re.fullmatch(r"(cite|doc|all)-(\d+)-(\d+)(?::\d+)?", (target or "").strip())
        if not m or not (1 <= int(m.group(2)) <= len(answers)):
            return gr.update(), gr.update(), gr.update(), gr.update()
        kind, turn, n = m.group(1), int(m.group(2)), int(m.group(3))
        answer = answers[turn - 1]
        if kind == "all":
            return sources_html(answer, turn, conv), gr.update(), gr.Tabs(selected="sources"), gr.update()
        if kind == "cite":
            return citation_html(answer, turn, n, conv), gr.update(), gr.Tabs(selected="sources"), gr.update()
        cite = next((c for c in answer.citations if c.n == n), None)
        if cite is None:
            return gr.update(), gr.update(), gr.update(), gr.update()
        return (gr.update(), document_html(self.pipeline, cite.source, answers, focus=(turn, n)),
                gr.Tabs(selected="document"), gr.update(value=cite.source, choices=doc_choices(self.pipeline)))

    def open_document(self, source, conv_value):
        return document_html(self.pipeline, source, conversation(conv_value).answers)

    # -- feedback, export, new conversation --------------------------------------------------------
    def feedback(self, helpful: bool):
        def record(comment, conv_value, request: gr.Request):
            conv = conversation(conv_value)
            if not conv.answers:
                return "Ask a question first; feedback applies to the latest answer.", comment
            session = getattr(request, "session_hash", "") or ""
            self.audit.feedback(session, conv.audit_ids[-1], helpful, comment or "")
            where = "recorded in the local audit log" if self.audit.enabled else "noted (the audit log is off)"
            word = "helpful" if helpful else "not helpful"
            return f"Thank you: answer {len(conv.answers)} marked {word}, {where}.", ""
        return record

    def export(self, conv_value):
        answers = conversation(conv_value).answers
        if not answers:
            return gr.update(value=None, visible=False), "Nothing to export yet: ask a question first."
        folder = self.cache.export_folder()
        files = [str(p) for p in write_exports(answers, folder)]
        return gr.update(value=files, visible=True), f"Exported {len(answers)} answer(s): download below."

    def clear(self):
        """A new conversation: the landing page, an empty box and panel, no export or feedback left over."""
        return (self.landing(), "", sources_html(None), Conversation(), "", gr.update(value=None, visible=False), "", "")
