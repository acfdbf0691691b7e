"""Starting real `cds serve` processes for tests."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(settings, log_path: Path, extra_env: dict | None = None, args: tuple = ()):
    """`cds serve` over the given settings' corpus and index on a free port; returns (process, url)
    once the UI answers HTTP (a login page counts)."""
    env = {**os.environ, "CDS_CORPUS_DIR": str(settings.corpus_dir), "CDS_INDEX_DIR": str(settings.index_dir),
           **(extra_env or {})}
    return start_serve_env(env, log_path, args)


def start_serve_env(env: dict, log_path: Path, args: tuple = ()):
    """`cds serve` with exactly this environment (plus a free CDS_PORT); returns (process, url) once up."""
    port = free_port()
    env = {**env, "CDS_PORT": str(port)}
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", *args], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("cds serve exited:\n" + log_path.read_text())
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except urllib.error.HTTPError:
            return proc, url  # up, and asking for a login
        except OSError:
            time.sleep(1)
    stop(proc)
    raise RuntimeError("cds serve did not come up:\n" + log_path.read_text())


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
