"""At run time nothing leaves the machine, and questions stay out of the logs.

`cds ingest`, `cds ask` and `cds serve` run as real processes with a Python audit hook (a sitecustomize
on PYTHONPATH) that records every socket connection and name lookup and refuses any that is not
loopback; a question is asked through the served UI's HTTP API."""

import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from serving import start_serve_env, stop
from test_durability import ask_http

SITECUSTOMIZE = textwrap.dedent('''
    import json, os, socket, sys

    _LOG = os.environ["CDS_TEST_NET_LOG"]
    _LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None}

    def _local(host):
        if isinstance(host, bytes):
            host = host.decode()
        return host in _LOCAL_NAMES or (isinstance(host, str) and host.startswith("127."))

    def _record(event, target, refused):
        with open(_LOG, "a") as f:
            f.write(json.dumps({"pid": os.getpid(), "event": event, "target": repr(target), "refused": refused}) + "\\n")

    def _hook(event, args):
        if event == "socket.connect":
            sock, address = args
            if sock.family == socket.AF_UNIX:
                return
            host = address[0] if isinstance(address, tuple) else address
        elif event == "socket.getaddrinfo":
            host = args[0]
        elif event == "socket.sendto":
            sock, address = args
            host = address[0] if isinstance(address, tuple) else address
        else:
            return
        refused = not _local(host)
        _record(event, host if event != "socket.connect" else address, refused)
        if refused:
            raise ConnectionRefusedError(f"outbound network refused by the test: {event} {host!r}")

    sys.addaudithook(_hook)
    _record("start", sys.argv, False)  # proves the hook is installed in this process
''')

QUESTION = "What was the IC-ORR with alectinib for patient Zebulon Quixotically-Marchbanks in ALEX?"
MARKER = "Quixotically-Marchbanks"


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """Environment for processes whose every non-loopback connection is refused and recorded."""
    base = tmp_path_factory.mktemp("offline")
    hook_dir, corpus, index = base / "hook", base / "corpus", base / "index"
    for d in (hook_dir, corpus):
        d.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE)
    shutil.copy(SEED, corpus / SEED.name)
    net_log = base / "net.jsonl"
    env = {**os.environ, "PYTHONPATH": f"{hook_dir}{os.pathsep}{ROOT}", "CDS_TEST_NET_LOG": str(net_log),
           "CDS_CORPUS_DIR": str(corpus), "CDS_INDEX_DIR": str(index)}
    # The network variables the app sets itself are removed, so the test sees what the app does alone.
    for name in ("GRADIO_ANALYTICS_ENABLED", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY",
                 "ANONYMIZED_TELEMETRY"):
        env.pop(name, None)
    return env, net_log, base


def attempts(net_log: Path) -> list[dict]:
    if not net_log.exists():
        return []
    return [json.loads(line) for line in net_log.read_text().splitlines()]


def run_cds(env, *args, timeout=600):
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def served(guarded):
    """Ingest, then serve, both guarded; one question asked over HTTP."""
    env, net_log, base = guarded
    done = run_cds(env, "ingest", "-v")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 added" in done.stdout
    log_path = base / "serve.log"
    proc, url = start_serve_env(env, log_path, args=("-v",))
    page = urllib.request.urlopen(url, timeout=10).read().decode()
    seed_reply = ask_http(url, "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?")
    marker_reply = ask_http(url, QUESTION)
    stop(proc)  # the server has exited, so its log is complete before any test reads it
    yield {"page": page, "reply": seed_reply, "marker_reply": marker_reply, "log": log_path, "ingest": done}


def test_the_audit_hook_really_refuses_outbound_connections(guarded):
    env, net_log, base = guarded
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"],
        env={**env, "CDS_TEST_NET_LOG": str(base / "probe.jsonl")}, capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0 and "refused by the test" in probe.stderr
    assert [a["refused"] for a in attempts(base / "probe.jsonl") if a["event"] != "start"] == [True]


def test_ingest_ask_and_serve_work_with_no_outbound_connection(guarded, served):
    env, net_log, _ = guarded
    asked = run_cds(env, "ask", "--json", "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout.splitlines()[-1])
    assert "78.6%" in answer["answer"] and answer["citations"]

    assert "Clinical evidence assistant" in served["page"]
    assert "78.6%" in served["reply"]

    tried = attempts(net_log)
    started = [a["target"] for a in tried if a["event"] == "start"]
    for command in ("'ingest'", "'ask'", "'serve'"):
        assert any(command in argv for argv in started), f"the hook did not run in cds {command}: {started}"
    outbound = [a for a in tried if a["refused"]]
    loopback = [a for a in tried if a["event"] != "start" and not a["refused"]]
    print(f"{len(loopback)} loopback socket events; outbound attempts: {outbound}")
    assert outbound == [], outbound


def test_questions_stay_out_of_logs_unless_enabled(guarded, served):
    env, _, _ = guarded
    quiet = run_cds(env, "ask", "-v", QUESTION)
    assert quiet.returncode == 0, quiet.stderr
    assert MARKER in quiet.stdout  # the answer itself echoes the question to the user
    assert MARKER not in quiet.stderr
    assert "Traceback" not in quiet.stderr

    serve_log = served["log"].read_text()
    assert served["marker_reply"]  # it was asked and answered
    assert MARKER not in serve_log, serve_log[-2000:]

    # Control: with CDS_LOG_QUESTIONS on, the same run does log it (so the check above can fail).
    loud = run_cds({**env, "CDS_LOG_QUESTIONS": "1"}, "ask", "-v", QUESTION)
    assert loud.returncode == 0 and MARKER in loud.stderr


@pytest.mark.unit
def test_a_failure_while_answering_is_logged_without_its_message(caplog):
    from app.interfaces.privacy import log_failure
    from app.settings import Settings

    log = logging.getLogger("app.test")

    def answer(question):
        raise ValueError(f"could not parse {question!r}")

    for enabled in (False, True):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            try:
                answer(QUESTION)
            except ValueError:
                log_failure(log, Settings(log_questions=enabled), "answering failed")
        assert "ValueError" in caplog.text and "answering failed" in caplog.text
        assert "def answer" in caplog.text or "raise ValueError" in caplog.text  # where it happened
        assert (MARKER in caplog.text) is enabled
