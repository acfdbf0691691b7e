"""Indexing: the index on disk (docstore + Chroma + BM25) and the incremental ingest that keeps it
in step with the corpus.

Crash safety comes from the order of writes: vectors are added first, then the docstore commits the
document's new chunk list in one transaction, then stale vectors are deleted and the BM25 index is
rebuilt and swapped in atomically. A run killed at any point leaves the docstore consistent, the
retriever serves only chunks the docstore lists, and the next run finishes the work.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from app.ingest.chunking import chunk_document, sentence_units, unit_context
from app.text.lexical import LexicalIndex
from app.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, sha256_bytes
from app.ingest.untrusted import findings_to_json, inspect_document, report_lines
from app.ingest.worker import isolated_loader
from app.records import Chunk
from app.settings import Settings
from app.index.store import DocStore

log = logging.getLogger(__name__)

# Bump when chunking changes in a way that makes existing chunks stale.
CHUNKER_VERSION = "4"
COLLECTION = "chunks"


class IngestLocked(RuntimeError):
    pass


class IndexMismatch(RuntimeError):
    """The shared index was built with another embedding model or chunking than this replica's."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    kept_out: dict[str, int] = field(default_factory=dict)
    rebuilt: bool = False
    seconds: float = 0.0
    flagged: list[str] = field(default_factory=list)  # untrusted content found (app/ingest/untrusted.py)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged",
            f"{len(self.removed)} removed", f"{len(self.failed)} skipped",
        ]
        lines = [f"Ingest: {', '.join(parts)}; {self.chunks_embedded} chunks embedded in {self.seconds:.1f}s."]
        if any(self.kept_out.values()):
            lines.append("Kept out of answers: " + ", ".join(f"{n} {k} blocks" for k, n in self.kept_out.items() if n))
        lines += [f"Skipped {path}: {reason}" for path, reason in self.failed]
        lines += self.flagged
        return "\n".join(lines)


class Index:
    """The built index under settings.index_dir."""

    EMBED_BATCH = 2048  # new chunks gathered across documents before one encoder pass

    def __init__(self, settings: Settings, embeddings, embedding_model: str):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.embeddings = embeddings
        self.embedding_model = embedding_model
        self.docstore = DocStore(self.dir / "docstore.sqlite3")
        self._ingesting = False
        self._reopen = threading.Lock()
        self._lexical: LexicalIndex | None = None
        # Server mode (a chroma_host): the Chroma server holds the corpus of record and the docstore
        # and BM25 index here are this replica's cache of it (see app/index/shared_index.py).
        self.shared = None
        if settings.chroma_host:
            from app.index.shared_index import SharedCorpus, make_client

            self.client = make_client(settings)
            self._vectors = self._vector_store()
            self._seen_version = self.docstore.version()
            self.shared = SharedCorpus(self.client, COLLECTION)
            self._sync_lock = threading.Lock()
            self._next_check = 0.0
            self._server_config = ""
            self.follow_server(force=True, check=False)
        else:
            self._open_vectors()

    def _open_vectors(self, fresh: bool = False) -> None:
        import chromadb
        from chromadb.api.shared_system_client import SharedSystemClient
        from chromadb.config import Settings as ChromaSettings

        path = str(self.dir / "chroma")
        if fresh:  # Chroma shares one client per path and process; a fresh one reads the files anew
            SharedSystemClient._identifier_to_system.pop(path, None)
        self._seen_version = self.docstore.version()
        self.client = chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))
        self._vectors = self._vector_store()

    def _vector_store(self):
        from langchain_chroma import Chroma

        # An explicit embedding function: Chroma's default would download a model.
        return Chroma(
            client=self.client,
            collection_name=COLLECTION,
            embedding_function=self.embeddings,
            collection_metadata={"hnsw:space": "cosine"},
        )

    def follow_server(self, force: bool = False, check: bool = True) -> bool:
        """Server mode: bring the local docstore and BM25 index up to the server's corpus version.
        Asks the server at most every chroma_sync_seconds (unless forced); True when the local corpus
        changed. With `check`, refuses to answer from an index built with another model or chunking."""
        if self.shared is None:
            return False
        now = time.monotonic()
        # Another thread already pulling: keep answering from the current cache meanwhile.
        if (force or now >= self._next_check) and self._sync_lock.acquire(blocking=force):
            try:
                self._next_check = now + self.settings.chroma_sync_seconds
                version, self._server_config, collection_id = self.shared.state()
                if collection_id != str(self._vectors._collection.id):  # rebuilt by the ingesting process
                    self._vectors = self._vector_store()
                changed = False
                if version != self.docstore.get_meta("server_version", "-"):
                    if self._server_config:
                        self.docstore.set_meta("config", self._server_config)
                    changed = self.shared.pull(self.docstore, version)
                    if changed or LexicalIndex.load(self.lexical_dir) is None:
                        self._lexical = self._rebuild_lexical()
                    log.info("Pulled corpus version %s from the Chroma server", version)
            finally:
                self._sync_lock.release()
        else:
            changed = False
        if check and self._server_config and self._server_config != self.config_signature():
            raise IndexMismatch(
                f"the index on the Chroma server was built with {self._server_config}; this replica is "
                f"configured for {self.config_signature()}. Use the same model and chunking, or re-ingest."
            )
        return changed

    @property
    def vectors(self):
        """The Chroma collection. Chroma keeps its vector index in memory per process, so a long-running
        reader (cds serve) would never see what an ingest in another process added: once such an ingest
        has finished (the docstore changed and the lock is free), the collection is reopened. (A Chroma
        server is always current: replicas follow it through follow_server.) While it
        runs, the vectors opened before it are served (the docstore filters what they no longer hold)."""
        if self.shared is None and not self._ingesting and self.docstore.version() != self._seen_version and not _locked(self.lock_path):
            with self._reopen:
                if self.docstore.version() != self._seen_version:
                    self._open_vectors(fresh=True)
        return self._vectors

    @property
    def lexical_dir(self) -> Path:
        return self.dir / "bm25"

    @property
    def lock_path(self) -> Path:
        return self.dir / "ingest.lock"

    def lexical(self) -> LexicalIndex:
        """The BM25 index, loaded once; reloaded when an ingest has saved a newer one, rebuilt only if it
        lags the docstore (a run that died)."""
        version = self.docstore.version()
        if self._lexical is not None and (self._lexical.version == version or _locked(self.lock_path)):
            # Current, or an ingest is running (it saves its BM25 when it ends): the one loaded is safe to
            # serve meanwhile, since the docstore filters the chunks it no longer lists.
            return self._lexical
        try:
            loaded = LexicalIndex.load(self.lexical_dir)
        except Exception:  # caught mid-swap by an ingest in another process
            loaded = None
        if loaded is None or loaded.version != version:
            try:
                # Only the lock holder writes bm25/: two writers would delete each other's files.
                with _IngestLock(self.lock_path):
                    loaded = self._rebuild_lexical()
            except IngestLocked:
                if loaded is None:
                    loaded = self._rebuild_lexical(save=False)
        self._lexical = loaded
        return self._lexical

    def _rebuild_lexical(self, save: bool = True) -> LexicalIndex:
        version = self.docstore.version()
        pairs = list(self.docstore.iter_search_texts())
        lexical = LexicalIndex.build([p[0] for p in pairs], [p[1] for p in pairs], version)
        if save:
            lexical.save(self.lexical_dir)
        return lexical

    def is_empty(self) -> bool:
        return self.docstore.count_chunks() == 0

    def is_stale(self) -> bool:
        """Built with another embedding model/backend or chunking: its vectors must not be mixed with new ones."""
        stored = self.docstore.get_meta("config")
        return bool(stored) and stored != self.config_signature() and not self.is_empty()

    def config_signature(self) -> str:
        return json.dumps(
            {
                "embedding_model": self.embedding_model,
                "chunker": CHUNKER_VERSION,
                "chunk_size": self.settings.chunk_size,
                "chunk_overlap": self.settings.chunk_overlap,
            },
            sort_keys=True,
        )

    # -- ingest --------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        progress: bool = True,
        on_event: Callable[[str], None] | None = None,
        loader: Callable[[Path, int], object] | None = None,
    ) -> IngestReport:
        """`loader` parses one file (path, max bytes) -> Document; by default PDF and HTML are parsed in a
        worker process within the settings' page, byte and time limits (app/ingest/worker.py)."""
        emit = on_event or (lambda msg: log.info(msg))
        loader = loader or isolated_loader(self.settings)
        with _IngestLock(self.lock_path), all_cores():
            self._ingesting = True
            try:
                # Server mode: start from the server's corpus, not from what this replica last saw.
                self.follow_server(force=True, check=False)
                return self._ingest(paths, rebuild, progress, emit, loader)
            finally:
                self._ingesting = False
                self._seen_version = self.docstore.version()  # this process's own writes are already visible

    def _ingest(self, paths, rebuild, progress, emit, loader) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        signature = self.config_signature()
        if not rebuild and self.is_stale():
            emit("The embedding model or chunking settings changed since the index was built: rebuilding.")
            rebuild = True
        if rebuild:
            self._clear()
            report.rebuilt = True
        self.docstore.set_meta("config", signature)

        roots = [Path(p) for p in (paths or [self.settings.corpus_dir])]
        files, report.failed = _discover(roots, self.settings.corpus_dir)
        known = {d.source: d for d in self.docstore.documents()}
        max_bytes = self.settings.max_file_mb * 1024 * 1024

        def skip(path: Path, source: str, reason: str) -> None:
            if source in known:
                reason += " (its previously indexed version is kept)"
            report.failed.append((str(path), reason))
            emit(f"Skipped {path}: {reason}")

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
                    skip(path, source, f"is {size / 1e6:.1f} MB, over the {self.settings.max_file_mb} MB limit "
                                       "(CDS_MAX_FILE_MB)")
                    continue
                digest = sha256_bytes(path.read_bytes())
            except FileNotFoundError:
                skip(path, source, "disappeared before it could be read")
                continue
            except OSError as exc:
                skip(path, source, f"cannot be read ({exc.strerror or exc})")
                continue
            hashed.append((path, source, digest))

        # Identical content is indexed once (the copy already indexed, else the first by name): a second
        # copy would only repeat the same passages and citations.
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
                    self._remove(source, report)
                continue
            indexed_copy[digest] = path
            to_index.append((path, source))

        # Files gone from a scanned folder lose their chunks.
        scanned_dirs = [r.resolve() for r in roots if r.is_dir()]
        for source in known:
            if source not in seen and any(_is_under(Path(source), d) for d in scanned_dirs):
                if not Path(source).exists():
                    self._remove(source, report)

        bar = None
        if progress and to_index:
            from tqdm import tqdm

            bar = tqdm(total=len(to_index), desc="Indexing", unit="file", leave=False)
        # Parsed documents wait here until enough new chunks are pending to fill the encoder's batches.
        pending: list[tuple[Path, str, object, list[Chunk], set[str]]] = []
        pending_new = 0

        def flush() -> None:
            nonlocal pending, pending_new
            new = [c for _, _, _, chunks, old in pending for c in chunks if c.id not in old]
            report.chunks_embedded += self._add_vectors(new, progress=False)
            # Vectors first, then each document's docstore commit: a crash in between leaves orphan
            # vectors that are never served and are collected on the next run.
            for path, source, doc, chunks, old_ids in pending:
                # A kept chunk (same id: same text at the same place) keeps its answer units and vectors.
                kept = sorted(old_ids & {c.id for c in chunks})
                kept_vectors = self.docstore.unit_vectors(kept)
                kept_records = self.docstore.chunks(list(kept_vectors))
                chunks = [kept_records.get(c.id, c) for c in chunks]
                self.docstore.replace_document(doc, chunks, kept_vectors)
                if self.shared:  # the document's commit point on the server
                    self._server_dirty()
                    self.shared.publish(doc, [c.id for c in chunks])
                stale = old_ids - {c.id for c in chunks}
                if stale:
                    self.vectors.delete(ids=sorted(stale))
                    report.chunks_deleted += len(stale)
                (report.updated if source in known else report.added).append(source)
                emit(f"Indexed {path} ({len(chunks)} chunks)")
                if bar:
                    bar.update(1)
            pending, pending_new = [], 0

        for path, source in to_index:
            try:
                doc = loader(path, max_bytes)
                chunks, kept_out = chunk_document(doc, self.settings.chunk_size, self.settings.chunk_overlap)
                self._inspect(path, doc, chunks, report, emit)
            except Exception as exc:
                if isinstance(exc, LoadError):
                    reason = str(exc)
                else:  # a parser failing on one odd file must not stop the run or lose the index
                    log.info("parsing %s failed", path, exc_info=True)
                    reason = f"could not be parsed ({exc.__class__.__name__})"
                skip(path, source, reason)
                if bar:
                    bar.update(1)
                continue
            for k, n in kept_out.items():
                report.kept_out[k] = report.kept_out.get(k, 0) + n
            if not chunks:
                report.failed.append((str(path), "has no indexable content"))
                if bar:
                    bar.update(1)
                continue
            old_ids = set(self.docstore.chunk_ids(source))
            pending.append((path, source, doc, chunks, old_ids))
            pending_new += sum(c.id not in old_ids for c in chunks)
            if pending_new >= self.EMBED_BATCH:
                flush()
        flush()
        if bar:
            bar.close()

        self._collect_orphans(report)
        if report.changed or LexicalIndex.load(self.lexical_dir) is None:
            self._lexical = self._rebuild_lexical()
        self._announce()
        report.seconds = time.perf_counter() - started
        return report

    def _inspect(self, path: Path, doc, chunks: list[Chunk], report: IngestReport, emit) -> None:
        """Instruction-like text and conflicting values in the document, kept (by content hash) for the
        caveats of answers citing it, and reported."""
        findings = inspect_document(doc, chunks)
        self.docstore.set_meta(f"findings:{doc.sha256}", findings_to_json(doc.sha256, findings))
        for line in report_lines(path.name, findings):
            report.flagged.append(line)
            emit(line)

    def _announce(self) -> None:
        if self.shared and self.docstore.get_meta("server_dirty") == "1":
            # Tell the replicas; this process's cache is already at the new state.
            self.docstore.set_meta("server_version", self.shared.commit(self.config_signature()))
            self.docstore.set_meta("server_dirty", "0")

    def _add_vectors(self, chunks: list[Chunk], progress: bool, batch: int = 512) -> int:
        if not chunks:
            return 0
        # Vectors left by a run that died before its docstore commit are reused, not re-embedded.
        present = set(self.vectors.get(ids=[c.id for c in chunks], include=[])["ids"])
        todo = [c for c in chunks if c.id not in present]
        iterator = range(0, len(todo), batch)
        if progress and len(todo) > batch:
            from tqdm import tqdm

            iterator = tqdm(iterator, desc="Embedding", unit="batch", leave=False)
        for i in iterator:
            part = todo[i : i + batch]
            metadatas = [c.metadata() for c in part]
            if self.shared:  # replicas rebuild their docstore from these records
                from app.index.shared_index import chunk_record

                metadatas = [{**m, "record": chunk_record(c)} for m, c in zip(metadatas, part)]
            self.vectors.add_texts(texts=[c.search_text for c in part], metadatas=metadatas, ids=[c.id for c in part])
        return len(todo)

    def with_units(self, chunks: list[Chunk]) -> tuple[dict[str, Chunk], dict[str, "np.ndarray"]]:
        """The chunks with their answer units (sentences of prose, the row of a table) and the units'
        vectors. Computed on first use and kept in the docstore: retrieval never needs them, so
        ingest stays at the encoder's pace."""
        ids = list(dict.fromkeys(c.id for c in chunks))
        stored = self.docstore.unit_vectors(ids)
        records = self.docstore.chunks([cid for cid in ids if cid in stored])
        missing = [c for c in {c.id: c for c in chunks}.values() if c.id not in stored]
        if missing:
            ready = [
                replace(c, units=tuple(sentence_units(c.text, c.start))) if c.kind == "prose" and not c.units else c
                for c in missing
            ]
            fresh = self._embed_units(ready)
            self.docstore.set_units(ready, fresh)
            stored.update(fresh)
            records.update({c.id: c for c in ready})
        return records, stored

    def precompute_unit_vectors(self, limit: int | None = 5000, batch: int = 256, stop=None) -> int:
        """Fill in missing unit vectors so first questions are as fast as the rest: all of them when
        at most `limit` are missing (None: no limit), in batches, until `stop()` says so."""
        ids = self.docstore.ids_without_units()
        if limit is not None and len(ids) > limit:
            return 0
        done = 0
        for i in range(0, len(ids), batch):
            if stop is not None and stop():
                break
            chunks = list(self.docstore.chunks(ids[i : i + batch]).values())
            done += len(self.with_units(chunks)[1])
        return done

    def _embed_units(self, chunks: list[Chunk]) -> dict[str, "np.ndarray"]:
        import numpy as np

        texts, owners = [], []
        for c in chunks:
            for s, e in c.units:
                texts.append(unit_context(c, s, e))
                owners.append(c.id)
        vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32) if texts else []
        out: dict[str, list] = {c.id: [] for c in chunks}
        for cid, v in zip(owners, vectors):
            out[cid].append(v)
        # A chunk with no quotable sentence keeps an empty matrix, so it is not recomputed every time.
        return {cid: np.stack(vs) if vs else np.zeros((0, 0), dtype=np.float32) for cid, vs in out.items()}

    def remove(self, source: str) -> IngestReport:
        """Take one document out of the index (docstore, vectors, BM25); its file is not touched."""
        report = IngestReport()
        with _IngestLock(self.lock_path):
            started = time.perf_counter()
            if self.docstore.document(source) is None:
                return report
            self._remove(source, report)
            self._lexical = self._rebuild_lexical()
            self._announce()
            self._seen_version = self.docstore.version()  # this process's own change needs no reopening
            report.seconds = time.perf_counter() - started
        return report

    def _remove(self, source: str, report: IngestReport) -> None:
        ids = self.docstore.chunk_ids(source)
        if self.shared:
            self._server_dirty()
            self.shared.unpublish(source)
        self.docstore.delete_document(source)
        if ids:
            self.vectors.delete(ids=ids)
        report.removed.append(source)
        report.chunks_deleted += len(ids)

    def _server_dirty(self) -> None:
        """Written before each change on the server and cleared once replicas are told, so a run that
        died in between still announces its changes at the end of the next run."""
        self.docstore.set_meta("server_dirty", "1")

    def _collect_orphans(self, report: IngestReport) -> None:
        """Delete vectors no docstore chunk owns (left by a run that died)."""
        vector_ids = set(self.vectors.get(include=[])["ids"])
        orphans = vector_ids - set(self.docstore.chunk_ids())
        if orphans:
            self.vectors.delete(ids=sorted(orphans))
            report.chunks_deleted += len(orphans)

    def _clear(self) -> None:
        for info in self.docstore.documents():
            self.docstore.delete_document(info.source)
        if self.shared:
            self._server_dirty()
            self.shared.clear()
        self.vectors.reset_collection()


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def _discover(roots: list[Path], corpus_dir: Path) -> tuple[list[Path], list[tuple[str, str]]]:
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
            if not _is_under(path, base):
                failed.append((str(path), "is a link to outside the corpus folder; refused"))
                continue
            if path.is_dir():
                continue  # a link to a folder inside the corpus: its files are scanned where they are
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                failed.append((str(path), f"has an unsupported type {path.suffix or '(none)'}"))
                continue
            files.append(path)
    return files, failed


class all_cores:
    """Batch encoding during ingest uses every core; query time goes back to its own setting."""

    def __enter__(self):
        import torch

        self.before = torch.get_num_threads()
        torch.set_num_threads(os.cpu_count() or 1)

    def __exit__(self, *_):
        import torch

        torch.set_num_threads(self.before)


def _locked(path: Path) -> bool:
    """Whether an ingest (in any process) holds the lock now."""
    try:
        with _IngestLock(path):
            return False
    except IngestLocked:
        return True


class _IngestLock:
    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise IngestLocked(
                f"another ingest is running on {self.path.parent}; wait for it to finish and try again"
            ) from None
        return self

    def __exit__(self, *_):
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
