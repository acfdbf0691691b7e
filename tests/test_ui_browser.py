"""The Gradio UI, driven in Debian chromium through Playwright, as a person would use it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(pipeline):
    port = free_port()
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir), "CDS_PORT": str(port)}
    log = open(pipeline.settings.index_dir / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 240
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail("cds serve exited:\n" + Path(log.name).read_text())
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("cds serve did not come up:\n" + Path(log.name).read_text())
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture()
def page(request):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        pg = browser.new_page(viewport={"width": 1366, "height": 900})
        yield pg
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()


def ask(page, question: str) -> None:
    box = page.locator("#question textarea")
    box.fill(question)
    page.locator("#ask").click()


def test_asking_in_the_browser_shows_a_cited_answer_and_its_source(server, page):
    page.goto(server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    assert page.get_by_text("do not replace clinical judgement").is_visible()
    ask(page, "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?")
    bot = page.locator("#chat .message.bot, #chat [data-testid='bot']").last
    bot.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelector('#chat').innerText.includes('78.6%')", timeout=60_000)
    chat = page.locator("#chat").inner_text()
    assert "78.6%" in chat and "[2]" in chat
    sources = page.locator("#sources")
    # The cited quote is highlighted inside its passage.
    sources.locator("mark", has_text="78.6% (No Prior XRT)").wait_for(timeout=30_000)
    text = sources.inner_text()
    assert "[2]" in text and "Table 2" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)


def test_an_unanswerable_question_is_shown_as_not_in_the_documents(server, page):
    page.goto(server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    ask(page, "What is the half-life of alectinib?")
    page.wait_for_function("document.querySelector('#chat').innerText.includes('do not cover')", timeout=60_000)
    assert "Not in the indexed documents" in page.locator("#sources").inner_text()
