"""Parsing untrusted PDF and HTML files in a separate worker process, within limits.

A 73 KB PDF whose 30 pages share one 70 MB compressed content stream took 165 s to parse in the
serving process: it slowed every answer, held the ingest lock (refusing other uploads) and could not be
stopped. Here the parser runs in a child process (spawned, lower priority) that can be killed, under:

- a page cap (parse_max_pages): a PDF with more pages is refused before any page is read;
- a byte budget (parse_max_mb): the decompressed content streams of all pages together (a stream shared
  by many pages counts once per page, as extracting each page parses it again), and the text extracted,
  may not exceed it; pypdf's own per-stream decompression limit is lowered to it as well;
- a time budget (parse_timeout_seconds): past it the child is killed and the file refused;
- cancellation: setting the `cancel` event kills the child at once.

Repeated parser warnings (a malformed PDF can make pypdf log the same warning thousands of times) are
counted in the child and logged once each with their count. Plain text (.txt, .md) is decoded in the
calling process: its cost is bounded by its size, which is checked before reading.

Hook into ingest: Index.ingest(..., loader=...) takes any callable (path, max_bytes) -> Document; by
default it is `load_isolated` with the settings' limits (see IsolatedLoader).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document
from app.records import Document

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2  # how often a waiting caller checks its cancel event


@dataclass(frozen=True)
class ParseLimits:
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    seconds: float = 120.0

    @classmethod
    def from_settings(cls, settings) -> "ParseLimits":
        return cls(max_pages=settings.parse_max_pages, max_bytes=int(settings.parse_max_mb * 1024 * 1024),
                   seconds=settings.parse_timeout_seconds)


class _Warnings(logging.Handler):
    """Counts log records and warnings by kind (their message with numbers blanked: "Ignoring wrong
    pointing object 5 0" and "… object 6 0" are one kind) instead of printing each one; the first
    message of each kind is kept as its example."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.counts: Counter = Counter()
        self.example: dict[str, str] = {}

    def add(self, message: str) -> None:
        kind = re.sub(r"\d+", "#", message)
        self.example.setdefault(kind, message[:200])
        self.counts[kind] += 1

    def emit(self, record):
        self.add(f"{record.name}: {record.getMessage()}")

    def summary(self) -> list[tuple[str, int]]:
        return [(self.example[k], n) for k, n in self.counts.most_common()]


def _check_pdf_budget(data: bytes, limits: ParseLimits) -> None:
    """Refuse a PDF over the page cap or whose pages' content streams exceed the byte budget, before
    any text is extracted (extraction is what takes minutes)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return  # the loader decrypts (or reports) it; the limits still bound its extraction
        pages = len(reader.pages)
    except LimitReachedError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return  # a damaged PDF: the loader says what is wrong with it
    if pages > limits.max_pages:
        raise LoadError(f"has {pages:,} pages, over the {limits.max_pages:,}-page limit (CDS_PARSE_MAX_PAGES)")
    total = 0
    for page in reader.pages:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = contents if isinstance(contents, list) else [contents] if contents is not None else []
        for stream in streams:
            total += len(stream.get_object().get_data())
            if total > limits.max_bytes:
                raise LoadError(
                    f"holds over {limits.max_bytes / 1e6:.0f} MB of page content once decompressed (a "
                    f"{len(data) / 1e3:.0f} KB file; a decompression bomb?), over the parse budget (CDS_PARSE_MAX_MB)")


def _parse(path: str, max_bytes: int, limits: ParseLimits) -> tuple[Document | None, str, list[tuple[str, int]]]:
    """In the child: (document, error, [(warning, count)])."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    counter = _Warnings()
    pypdf_log = logging.getLogger("pypdf")
    pypdf_log.setLevel(logging.WARNING)  # its own level: not whatever the root logger's is
    for earlier in [h for h in pypdf_log.handlers if isinstance(h, _Warnings)]:
        pypdf_log.removeHandler(earlier)  # the previous file's count
    pypdf_log.addHandler(counter)
    pypdf_log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught, apply_configuration(
                zlib_maximum_output_length=limits.max_bytes,
                stream_decoding_work_maximum_length=limits.max_bytes):
            warnings.simplefilter("always")
            p = Path(path)
            if p.suffix.lower() == ".pdf":
                _check_pdf_budget(p.read_bytes(), limits)
            doc = load_document(p, max_bytes)
            if len(doc.text) > limits.max_bytes:
                raise LoadError(f"yields over {limits.max_bytes / 1e6:.0f} MB of text, over the parse budget "
                                "(CDS_PARSE_MAX_MB)")
        for w in caught:
            counter.add(f"{w.category.__name__}: {w.message}")
        return doc, "", counter.summary()
    except LoadError as exc:
        return None, str(exc), counter.summary()
    except LimitReachedError as exc:  # pypdf's own decompression limits, lowered to the budget above
        return None, (f"needs more than the {limits.max_bytes / 1e6:.0f} MB parse budget (CDS_PARSE_MAX_MB) once "
                      f"decompressed (a decompression bomb?): {exc}"), counter.summary()
    except MemoryError:
        return None, "needs more memory than parsing may use", counter.summary()
    except Exception as exc:  # a parser failing on one odd file: reported for that file only
        return None, f"could not be parsed ({exc.__class__.__name__})", counter.summary()


def _serve(conn) -> None:
    """The child's loop: one request (path, max_bytes, limits) at a time."""
    try:
        os.nice(10)  # answers in the serving process come first
    except OSError:
        pass
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        conn.send(("started",))
        conn.send(("done",) + _parse(*request))


class ParseWorker:
    """One worker process, started on first use and reused; replaced after it was killed."""

    def __init__(self, limits: ParseLimits):
        self.limits = limits
        self._proc = None
        self._conn = None
        self._lock = threading.Lock()  # one parse at a time per worker

    def _ensure(self):
        if self._proc is None or not self._proc.is_alive():
            ctx = multiprocessing.get_context("spawn")  # no copy of the parent's threads or models
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child,), name="cds-parse", daemon=True)
            self._proc.start()
            child.close()
            self._conn = parent

    def kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._proc = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._proc is not None and self._proc.is_alive():
                try:
                    self._conn.send(None)
                    self._proc.join(5)
                except (OSError, EOFError):
                    pass
            self.kill()

    def parse(self, path: Path, max_bytes: int, cancel: threading.Event | None = None,
              on_started=None) -> Document:
        """The parsed document, or LoadError (over a limit, cancelled, timed out, unreadable)."""
        import time

        with self._lock:
            self._ensure()
            self._conn.send((str(path), max_bytes, self.limits))
            deadline = None
            while True:
                if cancel is not None and cancel.is_set():
                    self.kill()
                    raise LoadError("parsing was cancelled")
                if deadline is not None and time.monotonic() > deadline:
                    self.kill()
                    raise LoadError(f"took over {self.limits.seconds:g} s to parse and was stopped "
                                    "(CDS_PARSE_TIMEOUT_SECONDS)")
                try:
                    ready = self._conn.poll(POLL_SECONDS)
                    message = self._conn.recv() if ready else None
                except (EOFError, OSError):
                    self.kill()
                    raise LoadError("made the parser fail (its worker process died)") from None
                if message is None:
                    continue
                if message[0] == "started":
                    deadline = time.monotonic() + self.limits.seconds
                    if on_started is not None:
                        on_started()
                    continue
                _, doc, error, counts = message
                _log_summary(path, counts)
                if error:
                    raise LoadError(error)
                return doc


def _log_summary(path: Path, counts: list[tuple[str, int]]) -> None:
    """One line per kind of warning (most frequent first, at most five), with its count."""
    for message, n in counts[:5]:
        log.warning("parsing %s: %s%s", Path(path).name, message, f" (and {n - 1:,} more like it)" if n > 1 else "")
    if len(counts) > 5:
        log.warning("parsing %s: %d other kinds of warning (%s in all)", Path(path).name, len(counts) - 5,
                    f"{sum(n for _, n in counts[5:]):,}")


class IsolatedLoader:
    """The loader ingest uses: PDF and HTML in the worker process, text in this one. `cancel`, when
    given, is an event that stops the current and every later parse of this loader."""

    ISOLATED = {"pdf", "html", "docx"}  # the formats whose parsers decompress or build large trees

    def __init__(self, worker: ParseWorker, cancel: threading.Event | None = None):
        self.worker, self.cancel = worker, cancel

    def __call__(self, path: Path, max_bytes: int) -> Document:
        if self.cancel is not None and self.cancel.is_set():
            raise LoadError("parsing was cancelled")
        if SUPPORTED_SUFFIXES.get(Path(path).suffix.lower()) in self.ISOLATED:
            return self.worker.parse(Path(path), max_bytes, cancel=self.cancel)
        return load_document(Path(path), max_bytes)


_workers: dict[ParseLimits, ParseWorker] = {}
_workers_lock = threading.Lock()


def shared_worker(limits: ParseLimits) -> ParseWorker:
    """One worker per process and set of limits, started on first use."""
    with _workers_lock:
        if limits not in _workers:
            _workers[limits] = ParseWorker(limits)
        return _workers[limits]


def isolated_loader(settings, cancel: threading.Event | None = None) -> IsolatedLoader:
    return IsolatedLoader(shared_worker(ParseLimits.from_settings(settings)), cancel)
