"""One ingest at a time per index folder (an advisory file lock any process can test), and all cores
for the encoder while an ingest runs."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class IngestLocked(RuntimeError):
    pass


class IngestLock:
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


def locked(path: Path) -> bool:
    """Whether an ingest (in any process) holds the lock now."""
    try:
        with IngestLock(path):
            return False
    except IngestLocked:
        return True


class all_cores:
    """Batch encoding during ingest uses every core; query time goes back to its own setting."""

    def __enter__(self):
        import torch

        self.before = torch.get_num_threads()
        torch.set_num_threads(os.cpu_count() or 1)

    def __exit__(self, *_):
        import torch

        torch.set_num_threads(self.before)
