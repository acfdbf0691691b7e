"""Gradio UI: a streamed, cited chat beside a side panel (sources, document view, corpus, settings).

- A landing page says what is indexed, what the assistant can and cannot do, and offers example
  questions drawn from the documents. Answers stream in (Pipeline.stream), each sentence with its
  support; each `[n]` previews its passage in a popover and pins it in the sources panel; source
  cards follow each answer, and follow-up questions drawn from the cited passages. Sentences the citation check removed are listed
  under the answer, not hidden. Abstentions are shown as "not in the indexed documents", with the
  closest passages as "related, not answering". Follow-up questions are resolved against the
  conversation's earlier questions.
- Corpus management (upload, remove), settings (answer mode, depth, documents), feedback, the local audit
  log and export live in app/interfaces/corpus.py, app/interfaces/audit.py and app/interfaces/export.py.

Modules: layout.py (the Blocks and their wiring), handlers.py and documents.py (event handlers),
state.py (the per-session conversation), render.py, pages.py and passages.py (HTML, all text escaped),
assets.py (style sheet and page script); example and follow-up questions come from
app/answer/suggestions.py. No asset is fetched from outside.
"""

from __future__ import annotations

from app.interfaces.ui.layout import build_ui
from app.interfaces.ui.pages import MAX_DOC_CHARS, corpus_overview, document_html, landing_html  # noqa: F401
from app.interfaces.ui.render import citation_html, conversation_html, render_answer, sources_html  # noqa: F401

__all__ = ["build_ui", "serve"]


def serve(pipeline) -> None:
    import ipaddress
    import sys

    from app.interfaces.security import launch_options, prepare_serving

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
    cache = prepare_serving(s)  # before the UI is built: Gradio reads its folder then
    demo = build_ui(pipeline, cache=cache)
    demo.delete_cache = (int(s.cache_sweep_seconds), int(s.export_ttl_seconds))
    # A bounded queue: at most queue_concurrency answers run at once (more would only share the same
    # cores), the rest wait their turn; past max_queue_size a client gets a clear "busy" error.
    demo.queue(default_concurrency_limit=s.queue_concurrency, max_size=s.max_queue_size).launch(
        server_name=s.host, server_port=s.port, share=False, show_error=False, auth=auth,
        css=demo.cds_css, head=demo.cds_head, theme=demo.cds_theme,
        max_file_size=int(s.max_upload_mb * 1024 * 1024), **launch_options(s),
    )
