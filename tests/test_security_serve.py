"""Two `cds serve` instances on loopback, one with a login: uploads and exports stay in each instance's
private folder (0700) and are served only by it and only after login, the login page says nothing about
the corpus, failed logins back off, Gradio's run history does not exist, API histories are capped and
"only these documents" follows the corpus as it is now."""

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from conftest import ROOT, SEED
from serving import start_serve_env, stop

pytestmark = pytest.mark.integration

LOGIN = {"username": "clinician", "password": "correct horse"}


def _instance(tmp_path_factory, name: str, login: bool):
    root = tmp_path_factory.mktemp(name)
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CDS_CORPUS_DIR": str(corpus), "CDS_INDEX_DIR": str(index)}
    if login:
        env |= {"CDS_AUTH_USERNAME": LOGIN["username"], "CDS_AUTH_PASSWORD": LOGIN["password"]}
    proc, url = start_serve_env(env, root / "serve.log")
    return proc, url, corpus, index, env


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    a = _instance(tmp_path_factory, "with-login", login=True)
    try:
        b = _instance(tmp_path_factory, "without-login", login=False)
    except Exception:
        stop(a[0])
        raise
    yield a, b
    stop(a[0])
    stop(b[0])


@contextlib.contextmanager
def _logged_in(url: str):
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.post("/login", data=LOGIN).status_code == 200
        yield client


def test_the_login_page_says_nothing_about_the_corpus(instances):
    (_, url, corpus, index, _), _ = instances
    page = httpx.get(url, timeout=60)
    assert page.status_code == 200
    for leak in (SEED.name, str(corpus), str(index), "alectinib", "Alectinib", "ALEX"):
        assert leak not in page.text, leak
    for route in ("config", "gradio_api/info"):
        assert httpx.get(url + route, timeout=60).status_code in (401, 403), route
    # Logged in, the API info still lists no document paths (choices arrive with the page, per session).
    with _logged_in(url) as client:
        info = client.get("/gradio_api/info").text
    assert str(corpus) not in info and SEED.name not in info


def test_uploads_and_exports_are_private_to_their_instance(instances):
    (_, url_a, _, _, _), (_, url_b, _, _, _) = instances
    with _logged_in(url_a) as client:
        sent = client.post("/gradio_api/upload", files={"files": ("note.md", b"# Note\n\npatient details\n")})
        assert sent.status_code == 200
        path = Path(sent.json()[0])
        assert client.get(f"/gradio_api/file={path}").text == "# Note\n\npatient details\n"
    private = next(p for p in path.parents if p.name.startswith("cds-serve-"))
    assert not str(path).startswith("/tmp/gradio/")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700 and stat.S_IMODE(path.stat().st_mode) == 0o600
    # Not from the other instance, not without a login.
    assert httpx.get(f"{url_b}gradio_api/file={path}", timeout=60).status_code in (403, 404)
    assert httpx.get(f"{url_a}gradio_api/file={path}", timeout=60).status_code in (401, 403)


def test_the_run_history_does_not_exist(instances):
    (_, url_a, _, _, _), (_, url_b, _, _, _) = instances
    with _logged_in(url_a) as client:
        assert client.get("/gradio_api/runs").status_code == 404
        assert client.get("/gradio_api/run-history/buckets").status_code == 404
    assert httpx.get(url_b + "gradio_api/runs", timeout=60).status_code == 404


def test_api_histories_are_capped_and_restrict_follows_the_corpus(instances, tmp_path):
    from gradio_client import Client

    _, (_, url_b, corpus, index, env) = instances
    client = Client(url_b, verbose=False)
    turn, _, _ = client.predict("What is the half-life of alectinib?", [], api_name="/ask")  # a valid history
    huge = turn * 300
    with pytest.raises(Exception, match="600 messages; the limit is 200"):
        client.predict("What is the half-life of alectinib?", huge, api_name="/ask")
    with pytest.raises(Exception, match="Not an indexed document"):
        client.predict("What is the half-life of alectinib?", [], "extractive", 8, ["/etc/passwd"], api_name="/ask")
    # A document indexed after the server started can be chosen at once.
    new = corpus / "zorbatinib.md"
    new.write_text("# Zorbatinib note\n\n## Safety\n\nThe most common adverse event with zorbatinib was "
                   "dizziness, reported in 24% of patients.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "app", "ingest", "-q"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    history, _, _ = client.predict("What was the most common adverse event with zorbatinib?", [], "extractive", 8,
                                   [str(new.resolve())], api_name="/ask")
    assert "dizziness" in str(history[-1]["content"])
    history, _, _ = client.predict("What was the most common adverse event with zorbatinib?", [], "extractive", 8,
                                   ["zorbatinib.md"], api_name="/ask")  # a file name is enough when unique
    assert "dizziness" in str(history[-1]["content"])


def test_failed_logins_back_off(instances):
    """Last on the instance with a login: loopback is one client, and it is now in backoff."""
    (_, url, _, _, _), _ = instances
    with httpx.Client(base_url=url, timeout=60) as client:
        wrong = {**LOGIN, "password": "wrong"}
        assert [client.post("/login", data=wrong).status_code for _ in range(5)] == [400] * 5
        refused = client.post("/login", data=LOGIN)  # even the right password waits its turn
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "Too many failed logins" in refused.text


def test_the_private_folder_is_deleted_when_the_server_stops(tmp_path_factory):
    proc, url, _, _, _ = _instance(tmp_path_factory, "stopping", login=False)
    try:
        sent = httpx.post(url + "gradio_api/upload", files={"files": ("n.md", b"# N\n")}, timeout=60)
        private = next(p for p in Path(sent.json()[0]).parents if p.name.startswith("cds-serve-"))
        assert private.exists()
    finally:
        stop(proc)
    assert not private.exists()
