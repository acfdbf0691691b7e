"""`cds serve`: optional login, and a warning when it listens beyond this machine without one."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from conftest import DATA, ROOT
from serving import free_port, start_serve, stop


@pytest.fixture(scope="module")
def authed(pipeline):
    env = {"CDS_AUTH_USERNAME": "clinician", "CDS_AUTH_PASSWORD": "s3cret-pass"}
    proc, url = start_serve(pipeline.settings, pipeline.settings.index_dir / "serve-auth.log", env)
    yield url
    stop(proc)


def _status(url: str, data: bytes | None = None) -> int:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        return urllib.request.urlopen(req, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_api_refuses_requests_without_login(authed):
    from gradio_client import Client

    body = json.dumps({"data": ["What IC-ORR did alectinib achieve?", []]}).encode()
    assert _status(authed + "gradio_api/call/ask", body) == 401
    assert _status(authed + "config") == 401
    with pytest.raises(Exception):
        Client(authed, verbose=False)
    with pytest.raises(Exception):
        Client(authed, auth=("clinician", "wrong"), verbose=False)


def test_login_then_the_api_answers(authed):
    from gradio_client import Client

    client = Client(authed, auth=("clinician", "s3cret-pass"), verbose=False)
    history, _, sources = client.predict(
        "What was the intracranial response rate with alectinib in TKI-naive ALEX patients without prior "
        "radiotherapy?", [], api_name="/ask")
    assert "78.6%" in str(history[-1]["content"]) and "78.6%" in sources


def test_warns_when_bound_beyond_loopback_without_login(pipeline):
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir), "CDS_PORT": str(free_port())}
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--host", "0.0.0.0"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()  # the warning comes before the models load
    finally:
        stop(proc)
    assert "WARNING" in first and "0.0.0.0" in first and "CDS_AUTH_USERNAME" in first


def test_bench_load_logs_in_to_a_running_server(authed, pipeline):
    env = {**os.environ, "CDS_INDEX_DIR": str(pipeline.settings.index_dir),
           "CDS_AUTH_USERNAME": "clinician", "CDS_AUTH_PASSWORD": "s3cret-pass"}
    done = subprocess.run([sys.executable, "-m", "app", "bench", "load", "--url", authed, "--clients", "2",
                           "--duration", "3", "--json", "--questions", str(DATA / "seed_dev_qa.jsonl")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["answers"] > 0 and report["errors"] == 0, report
