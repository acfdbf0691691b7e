"""Files that hold clinical content (the docstore, the audit log, exports) are readable by their owner
only: created 0600, and an existing one found with wider permissions is narrowed. SQLite creates its
-wal and -shm files with the permissions of the database file, so creating that file 0600 first covers
them too (and existing ones are narrowed here)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def private_file(path: Path) -> Path:
    """Make sure `path` exists and only its owner can read or write it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)
    return path


def private_sqlite(path: Path) -> Path:
    """A SQLite database file (and any -wal/-shm/-journal beside it) readable by its owner only."""
    private_file(path)
    for suffix in SQLITE_SIDECARS:
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.chmod(side, PRIVATE_FILE)
    return Path(path)


def write_private_text(path: Path, text: str) -> Path:
    """Write text to a new or existing file that only its owner can read."""
    path = Path(path)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path
