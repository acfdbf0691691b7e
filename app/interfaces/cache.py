"""The server's private temporary folder: where Gradio keeps uploads and the copies of files it serves
(exports), and where exports are written.

Gradio's default, /tmp/gradio, is shared by every Gradio server on the machine, its files are 0644 and
never deleted: an export made on a server with a login could be downloaded, without one, from any other
instance, and a removed document's upload stayed downloadable. Here each `cds serve` gets its own folder
(0700, so no other user can enter it; files are served only by the instance that owns the folder):

- an upload is deleted as soon as it has been copied into the corpus (or refused);
- every file in the folder (exports, Gradio's copies) is deleted once older than export_ttl_seconds,
  checked every cache_sweep_seconds;
- removing a document deletes any copy of it still in the folder;
- the folder is deleted when the server exits.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from app.files import PRIVATE_DIR

log = logging.getLogger(__name__)


class PrivateCache:
    def __init__(self, ttl_seconds: float, parent: str | None = None):
        # mkdtemp creates the folder 0700: other users cannot list or open anything in it.
        self.root = Path(tempfile.mkdtemp(prefix="cds-serve-", dir=parent)).resolve()
        self.exports = self.root / "exports"
        self.exports.mkdir(mode=PRIVATE_DIR)
        self.ttl = float(ttl_seconds)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        atexit.register(self.close)

    def activate(self) -> None:
        """Point Gradio at this folder. Read by Gradio when a Blocks (and each component) is created, so
        this must run before the UI is built."""
        os.environ["GRADIO_TEMP_DIR"] = str(self.root)

    def export_folder(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.exports))

    def contains(self, path) -> bool:
        try:
            Path(path).resolve().relative_to(self.root)
            return True
        except (ValueError, OSError):
            return False

    def sweep(self, now: float | None = None) -> list[Path]:
        """Delete every file older than the lifetime, then the folders left empty; returns what went."""
        cutoff = (time.time() if now is None else now) - self.ttl
        gone = []
        for path in sorted(self.root.rglob("*"), reverse=True):  # files before the folders holding them
            try:
                if path.is_file() or path.is_symlink():
                    st = path.lstat()
                    # ctime too: a copy that kept its source's old mtime is as new as its copying.
                    if max(st.st_mtime, st.st_ctime) < cutoff:
                        path.unlink()
                        gone.append(path)
                elif path.is_dir() and path != self.exports and not any(path.iterdir()):
                    path.rmdir()
            except FileNotFoundError:
                continue
        return gone

    def discard(self, paths) -> None:
        """Delete uploads once they are in the corpus or refused (only files inside this folder)."""
        for p in paths:
            p = Path(p)
            if self.contains(p) and p.is_file():
                p.unlink(missing_ok=True)
                if p.parent != self.root and not any(p.parent.iterdir()):
                    p.parent.rmdir()

    def forget_document(self, name: str, sha256: str = "") -> list[Path]:
        """Delete any copy of a removed document still in the folder: same file name or same content."""
        gone = []
        for path in self.root.rglob("*"):
            if not path.is_file():
                continue
            same = path.name == name or (sha256 and hashlib.sha256(path.read_bytes()).hexdigest() == sha256)
            if same:
                path.unlink(missing_ok=True)
                gone.append(path)
        return gone

    def start(self, every_seconds: float) -> None:
        """Sweep in a background thread every `every_seconds` until close()."""
        def run():
            while not self._stop.wait(every_seconds):
                try:
                    self.sweep()
                except OSError:  # a file in use or vanished; the next sweep retries
                    log.warning("sweeping the private cache folder failed", exc_info=True)

        self._thread = threading.Thread(target=run, name="cache-sweep", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        shutil.rmtree(self.root, ignore_errors=True)
