"""Corpus management for the UI: add uploaded documents to settings.corpus_dir and the index, remove
them from both. The index changes incrementally, without a restart; the answerer's term weights are
dropped whenever the corpus changes so that they follow it."""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.index.locking import IngestLocked, locked
from app.ingest.loaders import SUPPORTED_SUFFIXES
from app.ingest.worker import isolated_loader

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")  # what the UI accepts (the loaders also read .htm/.markdown)


class UploadError(ValueError):
    """An upload refused before it reaches the corpus; the message is for the user."""


@dataclass
class AddResult:
    saved: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name as uploaded, reason)
    report: object | None = None  # IngestReport


def safe_name(name: str) -> str:
    """A file name that cannot leave corpus_dir: the last path component only, letters, digits, dot,
    dash and underscore, no leading dot, at most 120 characters."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().strip().rstrip(". ")  # "x.txt. "
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:100]
    if not stem:  # nothing survived ("漢字.md"): a name derived from the original keeps names apart
        stem = "document-" + hashlib.sha256(str(name).encode()).hexdigest()[:8]
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(name: str, path: Path, max_mb: float) -> str:
    """The sanitised name for an upload, or UploadError saying why it is refused."""
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(f"{name}: only {', '.join(UPLOAD_SUFFIXES)} files can be added (got {suffix or 'no extension'})")
    size = Path(path).stat().st_size
    if size > max_mb * 1024 * 1024:
        raise UploadError(f"{name}: {size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB upload limit")
    if size == 0:
        raise UploadError(f"{name}: the file is empty")
    head = Path(path).open("rb").read(2048)
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise UploadError(f"{name}: not a PDF file")
    elif suffix == ".docx":
        if not head.startswith(b"PK"):
            raise UploadError(f"{name}: not a Word .docx file")
    elif b"\x00" in head:
        raise UploadError(f"{name}: a {suffix} file must be text, this one is binary")
    return clean


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def free_name(corpus: Path, clean: str, taken: set[str]) -> str:
    """`clean`, or `stem-2.ext`, `stem-3.ext` … : the first name no file in the corpus (and no other
    upload of this batch) has, compared case-insensitively."""
    existing = {p.name.lower() for p in corpus.iterdir()} | taken
    stem, suffix = Path(clean).stem, Path(clean).suffix
    name, n = clean, 1
    while name.lower() in existing:
        n += 1
        name = f"{stem}-{n}{suffix}"
    return name


def add_documents(pipeline, uploads: list[tuple[str, Path]], on_event: Callable[[str], None] | None = None,
                  cancel: threading.Event | None = None) -> AddResult:
    """Check, save into corpus_dir and index the uploads. A document is never replaced: an upload whose
    name is taken by other content is saved under the next free name (`name-2.md`), one identical to
    the file of that name is left as it is. Parsing runs in the worker process (app/ingest/worker.py);
    setting `cancel` stops it. Whatever is refused, fails or is cancelled leaves nothing in the corpus."""
    settings = pipeline.settings
    emit = on_event or (lambda msg: None)
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    result = AddResult()
    if locked(pipeline.index.lock_path):  # refuse before anything is saved
        raise IngestLocked("another ingest is running; wait for it to finish and add the documents again")
    taken: set[str] = set()
    for name, path in uploads:
        try:
            clean = check_upload(name, Path(path), settings.max_upload_mb)
        except (UploadError, OSError) as exc:
            result.refused.append((name, str(exc)))
            emit(f"Refused {exc}")
            continue
        if (corpus / clean).is_file() and _same_bytes(corpus / clean, Path(path)):
            emit(f"{clean} is already in the corpus with the same content: left as it is")
            continue
        target = corpus / free_name(corpus, clean, taken)
        if not _inside(target, corpus) or target.is_symlink():  # defence in depth; safe_name already ensures it
            result.refused.append((name, "not a plain file name"))
            continue
        taken.add(target.name.lower())
        shutil.copyfile(path, target)
        result.saved.append(target.resolve())
        renamed = f" ({clean} is another document, kept as it is)" if target.name != clean else ""
        emit(f"Saved {target.name}{renamed}")
    if result.saved:
        emit(f"Indexing {len(result.saved)} document(s)…")
        try:
            result.report = pipeline.ingest(paths=result.saved, progress=False, on_event=emit,
                                             loader=isolated_loader(settings, cancel))
        finally:
            # A file that could not be read, was cancelled, or whose ingest failed outright does not stay
            # in the corpus folder unindexed.
            for target in list(result.saved):
                if pipeline.index.docstore.document(str(target)) is None:
                    target.unlink(missing_ok=True)
                    result.saved.remove(target)
        pipeline.index.precompute_unit_vectors(limit=5000)  # the new document's first question is fast too
    return result


class Cancels:
    """Per-session cancel events for uploads being indexed: the UI's Cancel button sets its session's."""

    def __init__(self):
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def new(self, session: str) -> threading.Event:
        with self._lock:
            self._events[session] = threading.Event()
            return self._events[session]

    def cancel(self, session: str) -> bool:
        with self._lock:
            event = self._events.get(session)
        if event is None or event.is_set():
            return False
        event.set()
        return True


def remove_document(pipeline, source: str, forget: Callable[[str, str], object] | None = None) -> str:
    """Delete the document's file from corpus_dir and its chunks from the index; returns a message.
    `forget(file name, sha256)` then deletes any copy left elsewhere (the server's private cache)."""
    corpus = Path(pipeline.settings.corpus_dir)
    known = {d.source: d for d in pipeline.index.docstore.documents()}
    if source not in known:
        raise UploadError("That document is not in the index.")
    path = Path(source)
    inside = _inside(path, corpus)
    if inside and path.exists():
        path.unlink()
    report = pipeline.index.remove(source)
    if report.changed:
        pipeline.invalidate("answerer")  # term weights follow the corpus (as Pipeline.ingest does)
    if forget is not None:
        forget(path.name, known[source].sha256)
    kept = "" if inside else " Its file is outside the corpus folder and was left in place."
    return f"Removed {known[source].title} ({path.name}): {report.chunks_deleted} passages left the index.{kept}"


def supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES
