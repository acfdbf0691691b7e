"""The UI's event handlers, as methods of two small classes that hold the pipeline: the chat (asking,
opening sources, feedback, export) and the corpus (adding and removing documents). Layout and wiring
live in layout.py, HTML in render.py."""

from __future__ import annotations

import logging
import queue
import re
import tempfile
import threading
from pathlib import Path

import gradio as gr

from app.interfaces.audit import AuditLog
from app.interfaces.corpus import UploadError, add_documents, remove_document
from app.interfaces.export import write_exports
from app.interfaces.privacy import log_failure, log_question
from app.interfaces.ui.render import (
    _esc, _linked, _md_escape, citation_html, corpus_overview, doc_choices, document_html, render_answer, sources_html,
)
from app.pipeline import QuestionError
from app.records import Answer

log = logging.getLogger(__name__)

ANSWERING = "<div class='cds-sources'><em>Answering…</em></div>"


def empty_conv() -> dict:
    return {"answers": [], "audit_ids": []}


def llm_configured(settings) -> bool:
    return bool(getattr(settings, "llm_provider", "") and getattr(settings, "llm_model", ""))


class ChatHandlers:
    """Asking, opening a cited source or document, feedback, export and a new conversation."""

    def __init__(self, pipeline, audit: AuditLog):
        self.pipeline, self.audit = pipeline, audit
        self.export_root = Path(tempfile.mkdtemp(prefix="cds-export-"))

    def respond(self, message, chat, mode, top_k, restrict, conv, request: gr.Request):
        pipeline, audit = self.pipeline, self.audit
        chat, conv = list(chat or []), conv or empty_conv()
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
            yield chat, "", ANSWERING, conv
            text = ""
            for piece in stream:
                if isinstance(piece, Answer):
                    answer = piece
                    break
                text += piece
                chat[-1] = {"role": "assistant", "content": _linked(text, turn) + " ▍"}
                yield chat, "", ANSWERING, conv
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

    def open_target(self, target, conv):
        """A click on [n] (cite-T-N), on "whole document" (doc-T-N) or on "all sources" (all-T-0)."""
        answers = (conv or empty_conv())["answers"]
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
        return (gr.update(), document_html(self.pipeline, cite.source, answers, focus=(turn, n)),
                gr.Tabs(selected="document"), gr.update(value=cite.source, choices=doc_choices(self.pipeline)))

    def open_document(self, source, conv):
        return document_html(self.pipeline, source, (conv or empty_conv())["answers"])

    def feedback(self, helpful: bool):
        def record(comment, conv, request: gr.Request):
            conv = conv or empty_conv()
            if not conv["answers"]:
                return "Ask a question first; feedback applies to the latest answer.", comment
            session = getattr(request, "session_hash", "") or ""
            self.audit.feedback(session, conv["audit_ids"][-1], helpful, comment or "")
            where = "recorded in the local audit log" if self.audit.enabled else "noted (the audit log is off)"
            word = "helpful" if helpful else "not helpful"
            return f"Thank you: answer {len(conv['answers'])} marked {word}, {where}.", ""
        return record

    def export(self, conv):
        answers = (conv or empty_conv())["answers"]
        if not answers:
            return gr.update(value=None, visible=False), "Nothing to export yet: ask a question first."
        folder = Path(tempfile.mkdtemp(dir=self.export_root))
        files = [str(p) for p in write_exports(answers, folder)]
        return gr.update(value=files, visible=True), f"Exported {len(answers)} answer(s): download below."

    @staticmethod
    def clear():
        return [], "", sources_html(None), empty_conv(), "", gr.update(value=None, visible=False)


class CorpusHandlers:
    """Adding uploaded documents to the corpus and index, and removing them; the lists follow."""

    def __init__(self, pipeline):
        self.pipeline = pipeline

    def updates(self, restricted=None):
        """The corpus overview and every document list, as the index is now."""
        choices = doc_choices(self.pipeline)
        known = {source for _, source in choices}
        keep = [s for s in (restricted or []) if s in known]
        return (corpus_overview(self.pipeline), gr.update(choices=choices), gr.update(choices=choices, value=None),
                gr.update(choices=choices, value=keep) if restricted is not None else gr.update(choices=choices))

    def add(self, files):
        files = [f for f in (files or []) if f]
        unchanged = tuple(gr.update() for _ in range(4))
        if not files:
            yield ("<pre>Choose one or more files first.</pre>",) + unchanged + (gr.update(),)
            return
        events: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                result["r"] = add_documents(self.pipeline, [(Path(f).name, Path(f)) for f in files], on_event=events.put)
            except Exception as exc:  # IngestLocked and the like: say so
                log.exception("adding documents failed")
                result["error"] = str(exc)
            finally:
                events.put(None)

        threading.Thread(target=work, daemon=True).start()
        lines = [f"Received {len(files)} file(s)."]
        corpus_dir = str(self.pipeline.settings.corpus_dir) + "/"
        while True:
            msg = events.get()
            if msg is None:
                break
            lines.append(msg.replace(corpus_dir, ""))
            yield ("<pre>" + _esc("\n".join(lines)) + "</pre>",) + unchanged + (gr.update(),)
        if "error" in result:
            lines.append(f"Failed: {result['error']}")
        elif result["r"].report is not None:
            r = result["r"]
            for path, why in r.report.failed:
                lines.append(f"Could not index {Path(path).name}: {why}")
            lines.append(f"Done: {len(r.saved)} document(s) added to the index "
                         f"({r.report.chunks_embedded} passages embedded in {r.report.seconds:.1f} s).")
        yield ("<pre>" + _esc("\n".join(lines)) + "</pre>",) + self.updates() + (None,)

    def remove(self, source, restricted):
        if not source:
            return ("<pre>Choose a document to remove.</pre>",) + tuple(gr.update() for _ in range(4))
        try:
            msg = remove_document(self.pipeline, source)
        except (UploadError, OSError, RuntimeError) as exc:
            msg = f"Could not remove it: {exc}"
        return ("<pre>" + _esc(msg) + "</pre>",) + self.updates(list(restricted or []))
