"""The UI's corpus handlers: adding uploaded documents, removing one (after a confirmation), and what
follows the corpus — the document lists, "About this corpus", and the landing page with example
questions drawn from the documents (recomputed whenever the index changes)."""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

import gradio as gr

from app.answer.suggestions import example_questions
from app.interfaces.cache import PrivateCache
from app.interfaces.corpus import Cancels, UploadError, add_documents, remove_document
from app.interfaces.ui.pages import corpus_overview, doc_choices, landing_html
from app.interfaces.ui.render import esc, conversation_html
from app.interfaces.ui.state import conversation

log = logging.getLogger(__name__)

N_EXAMPLES = 4


def _pre(lines) -> str:
    return "<pre>" + esc("\n".join(lines) if isinstance(lines, list) else lines) + "</pre>"


class CorpusHandlers:
    """Adding and removing documents; the lists, overview and landing page follow the index."""

    def __init__(self, pipeline, cache: PrivateCache):
        self.pipeline, self.cache, self.cancels = pipeline, cache, Cancels()
        self._examples: tuple[str, list[str]] | None = None  # (index version, questions)
        self._lock = threading.Lock()

    def examples(self) -> list[str]:
        """Example questions for the corpus as it is now (computed once per index version)."""
        version = self.pipeline.index.docstore.version()
        with self._lock:
            if self._examples is None or self._examples[0] != version:
                try:
                    questions = example_questions(self.pipeline, N_EXAMPLES)
                except Exception:  # the landing page is still useful without examples
                    log.exception("example questions failed")
                    questions = []
                self._examples = (version, questions)
            return self._examples[1]

    def landing(self) -> str:
        return landing_html(self.pipeline, self.examples())

    def updates(self, conv_value=None, restricted=None) -> tuple:
        """The conversation (its landing page follows the corpus), the overview and every document list."""
        choices = doc_choices(self.pipeline)
        known = {source for _, source in choices}
        keep = [s for s in (restricted or []) if s in known]
        return (conversation_html(conversation(conv_value), self.landing()), corpus_overview(self.pipeline),
                gr.update(choices=choices), gr.update(choices=choices, value=None),
                gr.update(choices=choices, value=keep) if restricted is not None else gr.update(choices=choices))

    def add(self, files, conv_value, request: gr.Request):
        files = [f for f in (files or []) if f]
        cancel = self.cancels.new(getattr(request, "session_hash", "") or "")
        unchanged = tuple(gr.update() for _ in range(5))
        if not files:
            yield (_pre("Choose one or more files first."),) + unchanged + (gr.update(),)
            return
        events: queue.Queue = queue.Queue()
        result: dict = {}

        def work():
            try:
                result["r"] = add_documents(self.pipeline, [(Path(f).name, Path(f)) for f in files],
                                            on_event=events.put, cancel=cancel)
            except Exception as exc:  # IngestLocked and the like: say so
                log.exception("adding documents failed")
                result["error"] = str(exc)
            finally:
                self.cache.discard(files)  # the uploaded copies: in the corpus now, or refused
                events.put(None)

        threading.Thread(target=work, daemon=True).start()
        lines = [f"Received {len(files)} file(s)."]
        corpus_dir = str(self.pipeline.settings.corpus_dir) + "/"
        while (msg := events.get()) is not None:
            lines.append(msg.replace(corpus_dir, ""))
            yield (_pre(lines),) + unchanged + (gr.update(),)
        if "error" in result:
            lines.append(f"Failed: {result['error']}")
        elif result["r"].report is not None:
            r = result["r"]
            for path, why in r.report.failed:
                lines.append(f"Could not index {Path(path).name}: {why}")
            lines.append(f"Done: {len(r.saved)} document(s) added to the index "
                         f"({r.report.chunks_embedded} passages embedded in {r.report.seconds:.1f} s).")
        yield (_pre(lines),) + self.updates(conv_value) + (None,)

    def confirm_remove(self, source):
        """Step one of Remove: say what will go and ask; nothing is deleted yet."""
        doc = next((d for d in self.pipeline.index.docstore.documents() if d.source == source), None)
        if doc is None:
            return _pre("Choose a document to remove."), gr.update(visible=False), "", ""
        question = (f"<p role='alert'><strong>Remove “{esc(doc.title)}” ({esc(Path(doc.source).name)})?</strong> "
                    f"Its file is deleted from the corpus folder and its {doc.n_chunks} passages leave the index.</p>")
        return "", gr.update(visible=True), question, doc.source

    def remove(self, source, restricted, conv_value):
        """Step two, after "Yes, remove it": removes the document the confirmation named."""
        hide = gr.update(visible=False)
        if not source:
            return (_pre("Choose a document to remove."), hide) + tuple(gr.update() for _ in range(5))
        try:
            msg = remove_document(self.pipeline, source, forget=self.cache.forget_document)
        except (UploadError, OSError, RuntimeError) as exc:
            msg = f"Could not remove it: {exc}"
        return (_pre(msg), hide) + self.updates(conv_value, list(restricted or []))

    def cancel_add(self, request: gr.Request):
        if self.cancels.cancel(getattr(request, "session_hash", "") or ""):
            gr.Info("Cancelling: the documents being added are discarded.")

    @staticmethod
    def cancel_remove():
        return _pre("Nothing was removed."), gr.update(visible=False)
