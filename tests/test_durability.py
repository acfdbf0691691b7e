"""Durability with real processes: `python -m app ingest` killed with SIGKILL mid-run leaves an index that
still answers and that the next run completes; a second ingest is refused while one runs; the served UI
keeps answering while another process ingests."""

import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from serving import start_serve_env

from app.index.indexing import Index
from app.pipeline import Pipeline
from app.settings import Settings
from conftest import ROOT, SEED

pytestmark = pytest.mark.slow

SEED_QUESTION = "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?"
N_FILES = 40


def make_corpus(folder: Path, n: int = N_FILES, paragraphs: int = 12) -> list[Path]:
    """n study notes of ~12 chunks each: ingesting them takes ~20 s here, long enough to kill midway."""
    rng = random.Random(7)
    words = ("patients cohort received daily dose median follow-up months progression-free survival hazard ratio "
             "confidence interval adverse events grade nausea fatigue rash hepatotoxicity discontinuation baseline "
             "brain metastases radiotherapy intracranial response duration measurable lesions assessment").split()
    paths = []
    for i in range(n):
        lines = [f"# Study KX-{i:03d}: zorbatinib-{i} in advanced disease", ""]
        for s in range(paragraphs):
            lines += [f"## Section {s + 1}", ""]
            sents = [f"Zorbatinib-{i} reached a response rate of {i % 90 + 5}.{s}% in trial KX-{i:03d} part {s}."]
            sents += [" ".join(rng.choice(words) for _ in range(14)).capitalize() + "." for _ in range(6)]
            lines += [" ".join(sents), ""]
        path = folder / f"study-{i:03d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def env_for(corpus: Path, index: Path, **extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "CDS_CORPUS_DIR": str(corpus), "CDS_INDEX_DIR": str(index),
            **{k: str(v) for k, v in extra.items()}}


def start_ingest(env: dict, *args: str) -> tuple[subprocess.Popen, list[str]]:
    """A real `python -m app ingest -v`; its output is collected as it comes (raw reads: the progress
    bar ends its updates with a bare carriage return, which a line reader would hold back)."""
    proc = subprocess.Popen([sys.executable, "-m", "app", "ingest", "-v", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []

    def read() -> None:
        while data := os.read(proc.stdout.fileno(), 65536):
            lines.append(data.decode(errors="replace"))

    threading.Thread(target=read, daemon=True).start()
    return proc, lines


def lock_held(index: Path) -> bool:
    fd = os.open(index / "ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def wait_for(condition, timeout: float, what: str, proc: subprocess.Popen | None = None, lines=()) -> None:
    deadline = time.time() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process ended first (exit {proc.returncode}):\n" + "".join(lines)[-3000:])
        if time.time() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n" + "".join(lines)[-3000:])
        time.sleep(0.05)


def open_pipeline(corpus: Path, index: Path, models: Pipeline) -> Pipeline:
    """A pipeline reading the index as another process left it (Chroma's per-path cache dropped)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=index))
    p.__dict__["reranker"] = models.reranker
    p.__dict__["index"] = Index(p.settings, models.index.embeddings, models.index.embedding_model)
    return p


def check_consistent(p: Pipeline, complete: bool) -> set[str]:
    """Every chunk the docstore lists has its vector; each document's chunk count matches its rows;
    SQLite is intact. A complete index also has no orphan vectors and a current BM25 on disk."""
    from app.text.lexical import TOKENIZER_VERSION, LexicalIndex

    ds = p.index.docstore
    assert ds.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = set(ds.chunk_ids())
    vectors = set(p.index.vectors.get(include=[])["ids"])
    assert ids <= vectors, f"{len(ids - vectors)} docstore chunks have no vector"
    for d in ds.documents():
        assert len(ds.chunk_ids(d.source)) == d.n_chunks, d.source
    if complete:
        assert ids == vectors
        saved = LexicalIndex.load(p.index.lexical_dir)
        assert saved is not None and saved.version == f"{ds.version()}/t{TOKENIZER_VERSION}" and set(saved.ids) == ids
    assert set(p.index.lexical().ids) == ids
    return ids


def answers_the_seed_question(p: Pipeline) -> None:
    answer = p.ask(SEED_QUESTION)
    assert "78.6%" in answer.answer and answer.citations and not answer.abstained
    text = p.index.docstore.document(answer.citations[0].source).text
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)


@pytest.fixture()
def seeded(tmp_path):
    """A corpus whose seed note is indexed by a real `cds ingest`; 40 more notes waiting to be indexed."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    env = env_for(corpus, index)
    done = subprocess.run([sys.executable, "-m", "app", "ingest", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    make_corpus(corpus)
    return corpus, index, env


def test_ingest_killed_midway_keeps_the_index_answering_and_the_next_run_completes(seeded, pipeline):
    corpus, index, env = seeded
    p = open_pipeline(corpus, index, pipeline)
    seed_ids = check_consistent(p, complete=True)
    seed_source = str((corpus / SEED.name).resolve())
    del p

    kill_points = {
        # Each point is a state the process itself reports (with -v): "Parsed <file>" after a file is
        # parsed and chunked, "Embedding N chunks" as the encoder starts, "Indexed <file>" at a commit.
        "after the first file is parsed": lambda lines: "Parsed " in "".join(lines),
        "as embedding starts": lambda lines: "Embedding " in "".join(lines),
        "at the first committed document": lambda lines: "Indexed " in "".join(lines),
    }
    outcomes = {}
    for name, ready in kill_points.items():
        proc, lines = start_ingest(env)
        wait_for(lambda: lock_held(index), 120, f"ingest to start ({name})", proc, lines)
        wait_for(lambda: ready(lines), 120, f"kill point {name}", proc, lines)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL, f"ingest finished before the kill point {name}"
        assert not lock_held(index)  # the kernel releases a dead process's lock

        p = open_pipeline(corpus, index, pipeline)
        ids = check_consistent(p, complete=False)
        assert set(p.index.docstore.chunk_ids(seed_source)) == seed_ids  # nothing indexed before is lost
        answers_the_seed_question(p)
        outcomes[name] = len(p.index.docstore.documents())
        del p
    print("documents in the index after each kill:", outcomes)
    assert any(n < N_FILES + 1 for n in outcomes.values()), "no kill landed before the run's end"

    done = subprocess.run([sys.executable, "-m", "app", "ingest", "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 skipped" in done.stdout
    p = open_pipeline(corpus, index, pipeline)
    ids = check_consistent(p, complete=True)
    docs = p.index.docstore.documents()
    assert len(docs) == N_FILES + 1 and all(d.n_chunks > 0 for d in docs)
    assert seed_ids <= ids
    answers_the_seed_question(p)
    answer = p.ask("What response rate did zorbatinib-17 reach in trial KX-017?")
    assert not answer.abstained and any(Path(c.source).name == "study-017.md" for c in answer.citations)

    # And a run after that has nothing left to do.
    again = subprocess.run([sys.executable, "-m", "app", "ingest", "-q"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and f"{N_FILES + 1} unchanged" in again.stdout and "0 chunks embedded" in again.stdout


def test_a_second_ingest_is_refused_with_a_clear_message_while_the_first_runs(seeded):
    corpus, index, env = seeded
    refused_while_ingesting(env, index, "ingest")


def test_a_question_on_an_index_still_being_built_gets_a_clear_message(tmp_path):
    """`ask` on an empty index indexes the corpus first; another process already doing so is said, not a traceback."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    make_corpus(corpus)
    refused_while_ingesting(env_for(corpus, index), index, "ask", "What was the median follow-up?")


def refused_while_ingesting(env: dict, index: Path, *command: str) -> None:
    """`cds <command>` run while an ingest holds the index's lock exits 3 with the lock's message."""
    first, lines = start_ingest(env)
    try:
        wait_for(lambda: index.is_dir() and lock_held(index), 120, "the first ingest to start", first, lines)
        second = subprocess.run([sys.executable, "-m", "app", *command], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert first.poll() is None, "the first ingest ended before the second command was refused"
        assert second.returncode == 3, second.stdout + second.stderr
        assert "another ingest is running" in second.stderr and "Traceback" not in second.stderr
    finally:
        first.wait(timeout=600)
    assert first.returncode == 0, "".join(lines)[-3000:]


def start_server(env: dict, log_path: Path) -> tuple[subprocess.Popen, str]:
    return start_serve_env(env, log_path)


def ask_http(url: str, question: str, timeout: float = 60) -> str:
    """One question through Gradio's HTTP API (the `ask` endpoint the page's button calls); the chat's last
    message comes back."""
    # Raw HTTP sends every input: question, chat so far, answer mode, depth, documents, conversation state.
    payload = {"data": [question, [], "extractive", 8, [], None]}
    req = urllib.request.Request(url + "gradio_api/call/ask", data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    event_id = json.load(urllib.request.urlopen(req, timeout=timeout))["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event_id}", timeout=timeout) as resp:
        body = resp.read().decode()
    assert "event: complete" in body, body[:2000]
    data = json.loads(body.split("event: complete", 1)[1].split("data:", 1)[1].strip().splitlines()[0])
    history = data[0]
    return history[-1]["content"] if isinstance(history[-1]["content"], str) else json.dumps(history[-1]["content"])


def test_the_ui_keeps_answering_while_another_process_ingests(seeded):
    corpus, index, env = seeded
    server, url = start_server(env, index.parent / "serve.log")
    try:
        assert "78.6%" in ask_http(url, SEED_QUESTION)
        ingest, lines = start_ingest(env)
        wait_for(lambda: lock_held(index), 120, "the ingest to start", ingest, lines)
        answered_during = 0
        while ingest.poll() is None:
            reply = ask_http(url, SEED_QUESTION)
            if lock_held(index):
                answered_during += 1
                assert "78.6%" in reply, reply
        assert ingest.returncode == 0, "".join(lines)[-3000:]
        assert answered_during >= 3, f"only {answered_during} answers arrived while the ingest ran"
        # After the ingest the server still answers, and answers from the documents it added.
        assert "78.6%" in ask_http(url, SEED_QUESTION)
        new = ask_http(url, "What response rate did zorbatinib-17 reach in trial KX-017?")
        print("answered during ingest:", answered_during, "| new document after ingest:", new[:200])
        assert "22." in new, new
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in (index.parent / "serve.log").read_text()
