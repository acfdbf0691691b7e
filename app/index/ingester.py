"""One ingest run: which files changed, parsing them, and committing each document in the crash-safe
order (vectors first, then the docstore's transaction, then stale vectors deleted; see indexing.py)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from app.index.report import FileReport, IngestReport
from app.ingest.chunking import chunk_document
from app.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, sha256_bytes
from app.ingest.untrusted import findings_to_json, inspect_document, report_lines
from app.records import Chunk, Document

if TYPE_CHECKING:
    from app.index.indexing import Index

log = logging.getLogger(__name__)


class Ingester:
    EMBED_BATCH = 2048  # new chunks gathered across documents before one encoder pass

    def __init__(self, index: "Index", progress: bool, emit: Callable[[str], None],
                 loader: Callable[[Path, int], Document]):
        self.index = index
        self.loader = loader
        self.docstore = index.docstore
        self.settings = index.settings
        self.progress = progress
        self.emit = emit
        self.report = IngestReport()
        self.known: dict = {}
        self.bar = None
        # Parsed documents wait here until enough new chunks are pending to fill the encoder's batches.
        self.pending: list[tuple[Path, str, Document, list[Chunk], set[str], dict[str, int]]] = []
        self.pending_new = 0

    def run(self, paths: list[Path] | None, rebuild: bool) -> IngestReport:
        started = time.perf_counter()
        report, index = self.report, self.index
        if not rebuild and index.is_stale():
            self.emit("The embedding model or chunking settings changed since the index was built: rebuilding.")
            rebuild = True
        if rebuild:
            index.clear()
            report.rebuilt = True
        self.docstore.set_meta("config", index.config_signature())

        roots = [Path(p) for p in (paths or [self.settings.corpus_dir])]
        files, report.failed = discover(roots)
        self.known = {d.source: d for d in self.docstore.documents()}
        seen, hashed = self._hash(files)
        to_index = self._plan(hashed)
        # Files gone from a scanned folder lose their chunks.
        scanned_dirs = [r.resolve() for r in roots if r.is_dir()]
        for source in self.known:
            if source not in seen and any(is_under(Path(source), d) for d in scanned_dirs):
                if not Path(source).exists():
                    index.remove_source(source, report)

        if self.progress and to_index:
            from tqdm import tqdm

            self.bar = tqdm(total=len(to_index), desc="Indexing", unit="file", leave=False)
        for path, source in to_index:
            self._parse(path, source)
        self._flush()
        if self.bar:
            self.bar.close()

        index.collect_orphans(report)
        if report.changed or not index.lexical_saved():
            index.rebuild_lexical()
        index.announce()
        report.seconds = time.perf_counter() - started
        return report

    def _skip(self, path: Path, source: str, reason: str) -> None:
        if source in self.known:
            reason += " (its previously indexed version is kept)"
        self.report.failed.append((str(path), reason))
        self.emit(f"Skipped {path}: {reason}")

    def _hash(self, files: list[Path]) -> tuple[set[str], list[tuple[Path, str, str]]]:
        max_bytes = self.settings.max_file_mb * 1024 * 1024
        seen: set[str] = set()
        hashed: list[tuple[Path, str, str]] = []
        for path in files:
            source = str(path.resolve())
            if source in seen:
                continue  # a link to a file inside the corpus, listed under its own name too
            seen.add(source)
            try:
                # Size first: an oversized file is never read into memory.
                size = path.stat().st_size
                if size > max_bytes:
                    self._skip(path, source, f"is {size / 1e6:.1f} MB, over the {self.settings.max_file_mb} MB "
                                             "limit (CDS_MAX_FILE_MB)")
                    continue
                digest = sha256_bytes(path.read_bytes())
            except FileNotFoundError:
                self._skip(path, source, "disappeared before it could be read")
                continue
            except OSError as exc:
                self._skip(path, source, f"cannot be read ({exc.strerror or exc})")
                continue
            hashed.append((path, source, digest))
        return seen, hashed

    def _plan(self, hashed: list[tuple[Path, str, str]]) -> list[tuple[Path, str]]:
        """Files whose content is new. Identical content is indexed once (the copy already indexed, else
        the first by name): a second copy would only repeat the same passages and citations."""
        known, report = self.known, self.report
        indexed_copy: dict[str, Path] = {}
        for path, source, digest in hashed:
            if source in known and known[source].sha256 == digest:
                report.unchanged.append(source)
                indexed_copy.setdefault(digest, path)
        to_index: list[tuple[Path, str]] = []
        for path, source, digest in hashed:
            if source in known and known[source].sha256 == digest:
                continue
            if digest in indexed_copy:
                report.failed.append((str(path), f"has the same content as {indexed_copy[digest].name}, "
                                                 "which is indexed"))
                if source in known:  # its older, different content no longer exists
                    self.index.remove_source(source, report)
                continue
            indexed_copy[digest] = path
            to_index.append((path, source))
        return to_index

    def _parse(self, path: Path, source: str) -> None:
        try:
            doc = self.loader(path, self.settings.max_file_mb * 1024 * 1024)
            chunks, kept_out = chunk_document(doc, self.settings.chunk_size, self.settings.chunk_overlap)
            self._inspect(path, doc, chunks)
        except Exception as exc:
            if isinstance(exc, LoadError):
                reason = str(exc)
            else:  # a parser failing on one odd file must not stop the run or lose the index
                log.info("parsing %s failed", path, exc_info=True)
                reason = f"could not be parsed ({exc.__class__.__name__})"
            self._skip(path, source, reason)
            self._tick()
            return
        kept = dict(doc.kept_out)
        for k, n in kept_out.items():
            kept[k] = kept.get(k, 0) + n
        if not chunks:
            self.report.failed.append((str(path), "has no indexable content"))
            self._tick()
            return
        # Reported so that an observer (the kill-and-resume test, a log reader) knows how far the run is.
        log.info("Parsed %s (%d chunks)", path, len(chunks))
        old_ids = set(self.docstore.chunk_ids(source))
        self.pending.append((path, source, doc, chunks, old_ids, kept))
        self.pending_new += sum(c.id not in old_ids for c in chunks)
        if self.pending_new >= self.EMBED_BATCH:
            self._flush()

    def _inspect(self, path: Path, doc: Document, chunks: list[Chunk]) -> None:
        """Instruction-like text and conflicting values in the document, kept (by content hash) for the
        caveats of answers citing it, and reported."""
        findings = inspect_document(doc, chunks)
        self.docstore.set_meta(f"findings:{doc.sha256}", findings_to_json(doc.sha256, findings))
        for line in report_lines(path.name, findings):
            self.report.flagged.append(line)
            self.emit(line)

    def _tick(self) -> None:
        if self.bar:
            self.bar.update(1)

    def _flush(self) -> None:
        report, index = self.report, self.index
        new = [c for _, _, _, chunks, old, _ in self.pending for c in chunks if c.id not in old]
        if new:
            log.info("Embedding %d chunks of %d documents", len(new), len(self.pending))
        report.chunks_embedded += index.add_vectors(new)
        # Vectors first, then each document's docstore commit: a crash in between leaves orphan
        # vectors that are never served and are collected on the next run.
        for path, source, doc, chunks, old_ids, kept in self.pending:
            # A kept chunk (same id: same text at the same place) keeps its answer units and vectors.
            kept_ids = sorted(old_ids & {c.id for c in chunks})
            kept_vectors = self.docstore.unit_vectors(kept_ids)
            kept_records = self.docstore.chunks(list(kept_vectors))
            chunks = [kept_records.get(c.id, c) for c in chunks]
            self.docstore.replace_document(doc, chunks, kept_vectors)
            if index.shared:  # the document's commit point on the server
                index.server_dirty()
                index.shared.publish(doc, [c.id for c in chunks])
            stale = old_ids - {c.id for c in chunks}
            if stale:
                index.vectors.delete(ids=sorted(stale))
                report.chunks_deleted += len(stale)
            status = "updated" if source in self.known else "added"
            getattr(report, status).append(source)
            report.add_file(FileReport(
                source=source, format=doc.format, status=status, pages=doc.pages, chunks=len(chunks),
                table_rows=sum(c.kind == "table_row" for c in chunks), kept_out=kept, warnings=list(doc.warnings),
            ))
            self.emit(f"Indexed {path} ({len(chunks)} chunks)")
            self._tick()
        self.pending, self.pending_new = [], 0


def is_under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def discover(roots: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files under the given paths; everything passed over is reported with its reason."""
    files: list[Path] = []
    failed: list[tuple[str, str]] = []
    for root in roots:
        if not root.exists():
            failed.append((str(root), "does not exist"))
            continue
        # Links to folders are listed too (rglob does not enter them), so one leading outside is reported.
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_symlink() or not p.is_dir())
        base = root.resolve() if root.is_dir() else root.resolve().parent
        for path in candidates:
            rel_parts = path.relative_to(root).parts if root.is_dir() else ()
            if any(part.startswith(".") for part in rel_parts):
                continue  # hidden files and folders (.DS_Store, .git)
            # Checked on the resolved path: a link to a folder leads outside as surely as a link to a file.
            if not is_under(path, base):
                failed.append((str(path), "is a link to outside the corpus folder; refused"))
                continue
            if path.is_dir():
                continue  # a link to a folder inside the corpus: its files are scanned where they are
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                failed.append((str(path), f"has an unsupported type {path.suffix or '(none)'}"))
                continue
            files.append(path)
    return files, failed
