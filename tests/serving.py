"""Starting real `cds serve` processes for tests (with the helpers `cds bench load` uses)."""

import os
import subprocess
import sys
from pathlib import Path

from app.bench.load import free_port, stop, wait_until_up  # noqa: F401  (re-exported for tests)
from conftest import ROOT


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
    try:
        wait_until_up(url, proc, timeout=300)
    except RuntimeError as exc:
        stop(proc)
        raise RuntimeError(f"{exc}:\n{log_path.read_text()}") from None
    return proc, url


def serve_seed_copy(tmp_path_factory, name: str):
    """`cds serve` on its own copy of the seed note and its own index (tests that upload and remove change
    them); returns (process, url, corpus_dir, index_dir)."""
    import shutil

    from conftest import SEED

    corpus = tmp_path_factory.mktemp(f"{name}-corpus")
    index = tmp_path_factory.mktemp(f"{name}-index")
    shutil.copy(SEED, corpus / SEED.name)
    env = {**os.environ, "CDS_CORPUS_DIR": str(corpus), "CDS_INDEX_DIR": str(index),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc, url = start_serve_env(env, index / "serve.log")
    return proc, url, corpus, index
