"""Server mode: app replicas sharing one real `chroma run` server, each with its own local cache."""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.index.indexing import Index
from app.pipeline import Pipeline
from app.settings import Settings
from conftest import ROOT, SEED
from serving import free_port

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).with_name("chroma")
Q_SEED = ("What was the intracranial objective response rate with alectinib in TKI-naive ALEX patients "
          "without prior radiotherapy?")
Q_NEW = "What IC-ORR did lorlatinib reach in the CROWN trial?"
NEW_NOTE = "# Lorlatinib\n\n## Efficacy\n\nLorlatinib reached an IC-ORR of 82% in the CROWN trial.\n"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "chroma.log", "w")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("chroma run did not come up:\n" + (path / "chroma.log").read_text())
            time.sleep(0.5)
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def _replica(pipeline, corpus: Path, index_dir: Path, port: int) -> Pipeline:
    """An in-process replica that shares the session's loaded models."""
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=index_dir, chroma_host="127.0.0.1", chroma_port=port,
                          chroma_sync_seconds=0))
    p.__dict__["reranker"] = pipeline.reranker
    p.__dict__["index"] = Index(p.settings, pipeline.index.embeddings, pipeline.index.embedding_model)
    return p


def _ask_process(port: int, index_dir: Path, corpus: Path, question: str) -> subprocess.Popen:
    env = {**os.environ, "CDS_CHROMA_HOST": "127.0.0.1", "CDS_CHROMA_PORT": str(port),
           "CDS_INDEX_DIR": str(index_dir), "CDS_CORPUS_DIR": str(corpus)}
    return subprocess.Popen([sys.executable, "-m", "app", "ask", "--json", question], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _answer(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.splitlines()[-1])


def test_replicas_share_one_chroma_server(chroma_server, pipeline, tmp_path):
    port = chroma_server
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    empty = tmp_path / "no-corpus"  # replicas have no documents of their own: all comes from the server
    empty.mkdir()

    writer = _replica(pipeline, corpus, tmp_path / "writer", port)
    report = writer.ingest(progress=False)
    assert report.added and report.chunks_embedded > 0
    # Nothing was written to a local Chroma: the vectors are on the server.
    assert not (tmp_path / "writer" / "chroma").exists()
    answer = writer.ask(Q_SEED)
    assert "78.6%" in answer.answer and answer.citations

    # Two separate app processes, each with its own (empty) local cache, answer from the server.
    a, b = (_ask_process(port, tmp_path / name, empty, Q_SEED) for name in ("replica-a", "replica-b"))
    for proc in (a, b):
        got = _answer(proc)
        assert "78.6%" in got["answer"] and got["citations"]
        assert all(c["source"] == str((corpus / SEED.name).resolve()) for c in got["citations"])

    # A new document ingested by one process...
    note = tmp_path / "lorlatinib.md"
    note.write_text(NEW_NOTE, encoding="utf-8")
    env = {**os.environ, "CDS_CHROMA_HOST": "127.0.0.1", "CDS_CHROMA_PORT": str(port),
           "CDS_INDEX_DIR": str(tmp_path / "replica-a"), "CDS_CORPUS_DIR": str(empty)}
    done = subprocess.run([sys.executable, "-m", "app", "ingest", "--quiet", str(note)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout

    # ...is answered by a running replica (it notices the new corpus version before answering)...
    got = writer.ask(Q_NEW)
    assert "82%" in got.answer and got.citations[0].source == str(note.resolve())
    # ...and by the other process, whose cache was behind.
    got = _answer(_ask_process(port, tmp_path / "replica-b", empty, Q_NEW))
    assert "82%" in got["answer"] and got["citations"]
    # The seed document is still there for everyone.
    assert "78.6%" in writer.ask(Q_SEED).answer


def test_a_running_replica_follows_a_rebuild(chroma_server, pipeline, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    writer = _replica(pipeline, corpus, tmp_path / "writer", chroma_server)
    writer.ingest(progress=False)
    reader = _replica(pipeline, tmp_path, tmp_path / "reader", chroma_server)
    assert "78.6%" in reader.ask(Q_SEED).answer
    before = str(reader.index.vectors._collection.id)

    # --rebuild drops and recreates the server's collections; the reader rebinds and pulls again.
    report = writer.ingest(rebuild=True, progress=False)
    assert report.rebuilt and report.added == [str((corpus / SEED.name).resolve())]
    answer = reader.ask(Q_SEED)
    assert "78.6%" in answer.answer and answer.citations
    assert str(reader.index.vectors._collection.id) != before
    assert set(reader.index.docstore.chunk_ids()) == set(writer.index.docstore.chunk_ids())


def test_a_replica_with_other_chunking_refuses_to_answer(chroma_server, pipeline, tmp_path):
    from app.index.indexing import IndexMismatch

    p = Pipeline(Settings(corpus_dir=tmp_path, index_dir=tmp_path / "odd", chroma_host="127.0.0.1",
                          chroma_port=chroma_server, chunk_size=500))
    p.__dict__["index"] = Index(p.settings, pipeline.index.embeddings, pipeline.index.embedding_model)
    with pytest.raises(IndexMismatch, match="chunk_size"):
        p.ask(Q_SEED)


def test_unreachable_server_is_reported_plainly(tmp_path):
    env = {**os.environ, "CDS_CHROMA_HOST": "127.0.0.1", "CDS_CHROMA_PORT": str(free_port()),
           "CDS_INDEX_DIR": str(tmp_path / "index")}
    done = subprocess.run([sys.executable, "-m", "app", "ask", "anything"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "cannot reach the Chroma server" in done.stderr
