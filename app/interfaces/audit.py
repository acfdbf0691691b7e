"""The audit log: every question asked in the UI, its answer, citations and settings, and any feedback,
appended to a local SQLite file (settings.audit_log; off with CDS_AUDIT_ENABLED=false).

Questions may contain patient data: the file stays on this machine, next to the index, and nothing in
it is sent anywhere."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from app.files import private_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    session TEXT NOT NULL,
    question TEXT NOT NULL,
    interpreted_as TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    mode TEXT NOT NULL,
    citations TEXT NOT NULL,  -- JSON list: n, source, title, section, quote, start, end, score
    settings TEXT NOT NULL,   -- JSON: mode asked for, top_k, sources
    notice TEXT NOT NULL,
    error TEXT NOT NULL,      -- why the question could not be answered, if it could not
    timings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    session TEXT NOT NULL,
    question_id INTEGER REFERENCES questions(id),
    helpful INTEGER NOT NULL,  -- 1 helpful, 0 not helpful
    comment TEXT NOT NULL
);
"""


class AuditLog:
    def __init__(self, path: Path | None, enabled: bool = True):
        self.enabled = bool(enabled and path)
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._conn = None
        if self.enabled:
            private_sqlite(self.path)  # questions may hold patient data: owner-only, WAL included
            self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30, isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.executescript(_SCHEMA)

    @classmethod
    def from_settings(cls, settings) -> "AuditLog":
        path = getattr(settings, "audit_log", None) or Path(settings.index_dir).resolve() / "audit.sqlite3"
        return cls(path, getattr(settings, "audit_enabled", True))

    def question(self, session: str, question: str, answer=None, settings: dict | None = None,
                 error: str = "") -> int | None:
        """Record one question and its answer (or the error it got); returns the row id."""
        if not self.enabled:
            return None
        cites = [] if answer is None else [
            {"n": c.n, "source": c.source, "title": c.title, "section": c.section, "quote": c.quote,
             "start": c.start, "end": c.end, "score": round(float(c.score), 4), "marks": [list(m) for m in c.marks]}
            for c in answer.citations]
        row = (
            time.time(), session or "", question or "",
            (answer.interpreted_as or answer.question) if answer else "",
            answer.answer if answer else "", int(bool(answer and answer.abstained)),
            answer.mode if answer else "", json.dumps(cites, ensure_ascii=False),
            json.dumps(settings or {}, ensure_ascii=False), answer.notice if answer else "", error,
            json.dumps({k: round(v, 1) for k, v in (answer.timings_ms if answer else {}).items()}),
        )
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO questions (ts, session, question, interpreted_as, answer, abstained, mode, citations,"
                " settings, notice, error, timings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            return cur.lastrowid

    def feedback(self, session: str, question_id: int | None, helpful: bool, comment: str = "") -> int | None:
        if not self.enabled:
            return None
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO feedback (ts, session, question_id, helpful, comment) VALUES (?, ?, ?, ?, ?)",
                (time.time(), session or "", question_id, int(bool(helpful)), (comment or "").strip()[:4000]))
            return cur.lastrowid

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
