"""Corpus management for the UI: add uploaded documents to settings.corpus_dir and the index, remove
them from both. The index changes incrementally, without a restart; the answerer's term weights are
dropped whenever the corpus changes so that they follow it."""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from app.ingest.loaders import SUPPORTED_SUFFIXES

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".pdf")  # what the UI accepts (the loaders also read .htm/.markdown)


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
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_.")[:100] or "document"
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
    elif b"\x00" in head:
        raise UploadError(f"{name}: a {suffix} file must be text, this one is binary")
    return clean


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def add_documents(pipeline, uploads: list[tuple[str, Path]], on_event: Callable[[str], None] | None = None) -> AddResult:
    """Check, save into corpus_dir (a same-named document is replaced) and index the uploads."""
    settings = pipeline.settings
    emit = on_event or (lambda msg: None)
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    result = AddResult()
    for name, path in uploads:
        try:
            clean = check_upload(name, Path(path), settings.max_upload_mb)
        except (UploadError, OSError) as exc:
            result.refused.append((name, str(exc)))
            emit(f"Refused {exc}")
            continue
        target = corpus / clean
        if not _inside(target, corpus) or target.is_symlink():  # defence in depth; safe_name already ensures it
            result.refused.append((name, "not a plain file name"))
            continue
        shutil.copyfile(path, target)
        result.saved.append(target.resolve())
        emit(f"Saved {clean}")
    if result.saved:
        emit(f"Indexing {len(result.saved)} document(s)…")
        result.report = pipeline.ingest(paths=result.saved, progress=False, on_event=emit)
        # A file the loaders could not read is not left in the corpus folder.
        failed = {str(Path(p).resolve()) for p, _ in result.report.failed}
        for target in list(result.saved):
            if str(target) in failed and pipeline.index.docstore.document(str(target)) is None:
                target.unlink(missing_ok=True)
                result.saved.remove(target)
        pipeline.index.precompute_unit_vectors(limit=5000)  # the new document's first question is fast too
    return result


def remove_document(pipeline, source: str) -> str:
    """Delete the document's file from corpus_dir and its chunks from the index; returns a message."""
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
    kept = "" if inside else " Its file is outside the corpus folder and was left in place."
    return f"Removed {known[source].title} ({path.name}): {report.chunks_deleted} passages left the index.{kept}"


def supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES
