"""What `cds serve` does to keep a shared workstation from leaking: the browser keeps no run history,
failed logins are slowed down per client, API clients cannot send unbounded chat histories, and the
"only these documents" option is checked against the corpus as it is now (not as it was at start).

The UI calls these; they hold no Gradio layout, so a rewritten UI keeps them."""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable

# Footer links kept: the API page and the settings page. Not "runs" (run history is off) and not
# "gradio" (a link to the internet from a page meant to be used offline).
FOOTER_LINKS = ["api", "settings"]


class RequestRefused(ValueError):
    """A request the server will not handle as sent; the message says why and what to do."""


def launch_options(settings) -> dict:
    """Keyword arguments for Blocks.launch that close what an independent probe found open:

    - run_history=False: Gradio would otherwise keep every question and answer in the browser's
      localStorage, list them at /gradio_api/runs and offer to copy them to a remote bucket; with it
      off, nothing is recorded, those routes do not exist, and runs saved earlier by this app are
      deleted from the browser;
    - failed logins slowed down per client (LoginThrottle);
    - the corpus and index folders never served as files, whatever else is allowed.
    The private cache folder (uploads, exports) is set up by app/interfaces/cache.py."""
    from starlette.middleware import Middleware

    return {
        "run_history": False,
        "footer_links": FOOTER_LINKS,
        "app_kwargs": {"middleware": [Middleware(LoginThrottle, free_attempts=settings.login_free_attempts)]},
        "blocked_paths": [str(settings.corpus_dir), str(settings.index_dir)],
    }


class LoginThrottle:
    """ASGI middleware: after `free_attempts` failed logins from one client address, each further
    attempt must wait twice as long as the one before (1 s, 2 s, 4 s … up to `max_delay`); attempts
    during the wait get 429 with Retry-After, even with the right password, so guessing gets no
    faster by trying harder. A successful login clears the count. Clients behind one proxy share an
    address and so share the count."""

    def __init__(self, app, free_attempts: int = 5, base_delay: float = 1.0, max_delay: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000):
        self.app = app
        self.free_attempts, self.base_delay, self.max_delay = free_attempts, base_delay, max_delay
        self.clock, self.max_clients = clock, max_clients
        self._state: OrderedDict[str, tuple[int, float]] = OrderedDict()  # client -> (failures, not before)
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        with self._lock:
            _, not_before = self._state.get(client, (0, 0.0))
        return max(0.0, not_before - self.clock())

    def record(self, client: str, success: bool) -> None:
        with self._lock:
            if success:
                self._state.pop(client, None)
                return
            failures = self._state.pop(client, (0, 0.0))[0] + 1
            extra = failures - self.free_attempts  # from the free_attempts-th failure on, waits double
            delay = 0.0 if extra < 0 else min(self.max_delay, self.base_delay * 2 ** extra)
            self._state[client] = (failures, self.clock() + delay)
            while len(self._state) > self.max_clients:  # bounded memory under a spray of addresses
                self._state.popitem(last=False)

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "POST" or \
                not scope.get("path", "").rstrip("/").endswith("/login"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown",))[0]
        wait = self.retry_after(client)
        if wait > 0:
            body = json.dumps({"detail": f"Too many failed logins from this address: try again in "
                                         f"{math.ceil(wait)} s."}).encode()
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"retry-after", str(math.ceil(wait)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        status: dict = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code") == 200:
            self.record(client, success=True)
        elif status.get("code") in (400, 401, 403):
            self.record(client, success=False)


def check_history(chat, max_messages: int, max_chars: int) -> list:
    """The chat history a client sent, if it is within the caps; RequestRefused otherwise. The UI sends
    back what the server gave it, so only a client building its own history can reach them."""
    if chat is None:
        return []
    if not isinstance(chat, list):
        raise RequestRefused("The chat history must be a list of messages.")
    if len(chat) > max_messages:
        raise RequestRefused(f"The chat history sent has {len(chat):,} messages; the limit is {max_messages:,} "
                             f"({max_messages // 2:,} questions). Start a new conversation.")
    size = len(json.dumps(chat, ensure_ascii=False, default=str))
    if size > max_chars:
        raise RequestRefused(f"The chat history sent is {size:,} characters long; the limit is {max_chars:,}. "
                             "Start a new conversation.")
    return list(chat)


def resolve_restrict(values, sources: list[str]) -> list[str]:
    """The indexed sources that "only these documents" names: full source paths or file names, checked
    against the documents indexed now (documents added after the server started included)."""
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    by_name: dict[str, list[str]] = {}
    for s in sources:
        by_name.setdefault(Path(s).name, []).append(s)
    known, out, unknown = set(sources), [], []
    for v in values:
        v = str(v)
        if v in known:
            out.append(v)
        elif len(by_name.get(Path(v).name, [])) == 1 and Path(v).name == v:
            out.append(by_name[v][0])
        else:
            unknown.append(v)
    if unknown:
        names = ", ".join(sorted(Path(s).name for s in sources)) or "none"
        raise RequestRefused(f"Not an indexed document: {', '.join(unknown)}. Indexed documents (file names): {names}.")
    return list(dict.fromkeys(out))


def checked_request(pipeline, chat, restrict) -> tuple[list, list[str]]:
    """The chat history and "only these documents" of an /ask request, checked (RequestRefused)."""
    s = pipeline.settings
    chat = check_history(chat, s.max_history_messages, s.max_history_chars)
    return chat, resolve_restrict(restrict, [d.source for d in pipeline.index.docstore.documents()])


def prepare_serving(settings):
    """Before the UI is built: files this process creates from now on are its owner's only (umask 077:
    Gradio's copies of uploads and exports, uploaded documents), and Gradio keeps its files in this
    server's own private folder, swept on schedule (app/interfaces/cache.py). Returns that folder."""
    import os
    import signal
    import sys

    from app.interfaces.cache import PrivateCache

    os.umask(0o077)
    # A plain `kill` (SIGTERM) ends the server like Ctrl-C does, so the private folder is deleted on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cache = PrivateCache(settings.export_ttl_seconds)
    cache.activate()
    cache.start(settings.cache_sweep_seconds)
    return cache
