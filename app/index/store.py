"""The docstore: documents (with the text all offsets point into) and their chunk records, in SQLite.

It is the index's source of truth: the vector store and the BM25 index hold only what the docstore
lists, and a chunk id found in either but missing here (a half-finished run) is never served.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.files import private_sqlite
from app.records import Cell, Chunk, Document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    indexed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    record TEXT NOT NULL,
    unit_vectors BLOB  -- float16 matrix, one row per unit, for answer-time relevance
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    title: str
    format: str
    sha256: str
    n_chunks: int
    indexed_at: float


def chunk_to_json(c: Chunk) -> str:
    return json.dumps(
        {
            "id": c.id, "source": c.source, "title": c.title, "section": c.section, "kind": c.kind,
            "start": c.start, "end": c.end, "text": c.text, "search_text": c.search_text,
            "content_hash": c.content_hash, "table": c.table, "lead": c.lead, "subject": c.subject,
            "units": [list(u) for u in c.units],
            "cells": [[cell.header, cell.start, cell.end] for cell in c.cells],
        },
        ensure_ascii=False,
    )


def chunk_from_json(s: str) -> Chunk:
    d = json.loads(s)
    d["cells"] = tuple(Cell(h, a, b) for h, a, b in d["cells"])
    d["units"] = tuple(tuple(u) for u in d.get("units", ()))
    return Chunk(**d)


class DocStore:
    def __init__(self, path: Path):
        # Document text is clinical content: the file (and its WAL) is readable by its owner only.
        private_sqlite(path)
        # Readers (UI threads) and one writer (ingest) share the file: WAL keeps reads going.
        self.conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(_SCHEMA)
        # One connection serves UI threads, ingest and the background unit-vector fill: transactions
        # on it must not interleave ("cannot start a transaction within a transaction").
        self._lock = threading.RLock()

    def close(self) -> None:
        self.conn.close()

    # -- reads -------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(
            "SELECT source, title, format, sha256, n_chunks, indexed_at FROM documents ORDER BY source"
        ).fetchall()
        return [DocumentInfo(*r) for r in rows]

    def document(self, source: str) -> Document | None:
        row = self.conn.execute(
            "SELECT source, title, text, sha256, format FROM documents WHERE source = ?", (source,)
        ).fetchone()
        return Document(*row) if row else None

    def chunks(self, ids: list[str]) -> dict[str, Chunk]:
        out: dict[str, Chunk] = {}
        for i in range(0, len(ids), 500):
            batch = ids[i : i + 500]
            marks = ",".join("?" * len(batch))
            for cid, rec in self.conn.execute(f"SELECT id, record FROM chunks WHERE id IN ({marks})", batch):
                out[cid] = chunk_from_json(rec)
        return out

    def chunk_ids(self, source: str | None = None) -> list[str]:
        if source is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM chunks ORDER BY source, ord")]
        return [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE source = ? ORDER BY ord", (source,))]

    def iter_search_texts(self):
        for cid, rec in self.conn.execute("SELECT id, record FROM chunks ORDER BY source, ord"):
            yield cid, json.loads(rec)["search_text"]

    def ids_without_units(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM chunks WHERE unit_vectors IS NULL ORDER BY source, ord")]

    def count_chunks(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    # -- writes (each one transaction) -------------------------------------------------------
    def unit_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(ids), 500):
            batch = ids[i : i + 500]
            marks = ",".join("?" * len(batch))
            for cid, blob, rec in self.conn.execute(
                f"SELECT id, unit_vectors, record FROM chunks WHERE id IN ({marks})", batch
            ):
                if blob is not None:
                    n = len(json.loads(rec)["units"])
                    flat = np.frombuffer(blob, dtype=np.float16)
                    out[cid] = flat.reshape(n, -1) if n else flat.reshape(0, 0)
        return out

    def set_units(self, chunks: list[Chunk], vectors: dict[str, np.ndarray]) -> None:
        """Store chunks' answer units (their records) with the units' vectors."""
        with self._tx():
            self.conn.executemany(
                "UPDATE chunks SET record = ?, unit_vectors = ? WHERE id = ?",
                [(chunk_to_json(c), vectors[c.id].astype(np.float16).tobytes(), c.id) for c in chunks],
            )

    def replace_document(self, doc: Document, chunks: list[Chunk], vectors: dict[str, np.ndarray]) -> None:
        with self._tx():
            self.conn.execute("DELETE FROM chunks WHERE source = ?", (doc.source,))
            self.conn.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.source, doc.title, doc.format, doc.sha256, doc.text, len(chunks), time.time()),
            )
            self.conn.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?)",
                [
                    (c.id, c.source, i, chunk_to_json(c),
                     vectors[c.id].astype(np.float16).tobytes() if c.id in vectors else None)
                    for i, c in enumerate(chunks)
                ],
            )
            self._bump_version()

    def delete_document(self, source: str) -> None:
        with self._tx():
            self.conn.execute("DELETE FROM chunks WHERE source = ?", (source,))
            self.conn.execute("DELETE FROM documents WHERE source = ?", (source,))
            self._bump_version()

    def set_meta(self, key: str, value: str) -> None:
        with self._tx():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def version(self) -> str:
        """Changes whenever the set of chunks changes; the BM25 index records the one it was built from."""
        return self.get_meta("version", "0")

    def _bump_version(self) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(int(self.version()) + 1),)
        )

    def _tx(self):
        conn, lock = self.conn, self._lock

        class _Tx:
            def __enter__(self):
                lock.acquire()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except BaseException:
                    lock.release()
                    raise

            def __exit__(self, exc_type, *_):
                try:
                    conn.execute("ROLLBACK" if exc_type else "COMMIT")
                finally:
                    lock.release()
                return False

        return _Tx()
