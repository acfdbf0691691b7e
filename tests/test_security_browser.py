"""Hostile text in documents and questions, through the real UI in Debian chromium: no script runs, no
dialog opens, no beacon is fetched, and the text is shown as text."""

import http.server
import os
import shutil
import threading

import pytest

from conftest import ROOT, SEED, bomb_pdf
from serving import start_serve_env, stop
from test_ui_browser import ARTIFACTS, ask, page, side_tab  # noqa: F401  (the page fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def beacon():
    """A local HTTP server that records every request: any hit means the page fetched a beacon."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def payloads(base: str, tag: str) -> str:
    """Markup that would run script, load a beacon or navigate if it were rendered rather than shown."""
    return (
        f'<script>window.__xss="{tag}-script"</script> '
        f'<img src=x onerror="window.__xss=\'{tag}-img\';alert(1)"> '
        f'<svg onload="window.__xss=\'{tag}-svg\'"></svg> '
        f'<a href="javascript:window.__xss=\'{tag}-href\'">open</a> '
        f"[click me](javascript:window.__xss='{tag}-md') "
        f"![beacon]({base}/beacon-{tag}-md) "
        f'<img src="{base}/beacon-{tag}-img"> '
        f'<iframe src="{base}/beacon-{tag}-iframe"></iframe> '
        f"<style>body{{background:url({base}/beacon-{tag}-css)}}</style>"
    )


@pytest.fixture(scope="module")
def hostile_dirs(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile-corpus"), tmp_path_factory.mktemp("hostile-index")


@pytest.fixture(scope="module")
def hostile_server(beacon, hostile_dirs):
    base, _ = beacon
    corpus, index = hostile_dirs
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "xylotinib.md").write_text(
        f"# Xylotinib note {payloads(base, 'title')}\n\n"
        f"## Efficacy {payloads(base, 'heading')}\n\n"
        f"Xylotinib reached an intracranial response rate of 55.5% in trial XS-1. {payloads(base, 'body')}\n\n"
        "## Table 1: Xylotinib outcomes\n\n"
        "| Outcome | Xylotinib |\n|---|---|\n"
        f"| Intracranial response {payloads(base, 'cell')} | 55.5% ![c]({base}/beacon-cell2) |\n",
        encoding="utf-8",
    )
    # No byte budget for parsing: the cancel test's bomb would then take minutes, unless cancelled.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CDS_CORPUS_DIR": str(corpus), "CDS_INDEX_DIR": str(index),
           "CDS_PARSE_MAX_MB": "1000000", "CDS_PARSE_TIMEOUT_SECONDS": "3600"}
    proc, url = start_serve_env(env, index / "serve.log")
    yield url
    stop(proc)


def assert_nothing_ran(page, hits, dialogs) -> None:
    page.wait_for_timeout(1500)  # time for any injected loader or handler to fire
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert hits == [], f"beacons fetched: {hits}"
    # No element carries an event handler, a javascript: link or a source on the beacon server.
    live = page.evaluate("""() => {
        const found = [];
        for (const el of document.querySelectorAll('#chat *, #sources *, .cds-sources *, .prose *')) {
            for (const a of el.attributes) {
                const v = (a.value || '').toLowerCase().trim();
                const loads = ['src', 'href', 'srcset', 'data', 'action', 'formaction', 'style', 'poster'];
                if (a.name.startsWith('on') ||
                    (loads.includes(a.name) && (v.startsWith('javascript:') || v.includes('beacon'))))
                    found.push(el.tagName + ' ' + a.name + '=' + a.value);
            }
            if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase())) found.push(el.tagName);
        }
        return found;
    }""")
    assert live == [], "\n".join(live)


def test_hostile_documents_and_questions_are_shown_as_text_and_nothing_runs(hostile_server, beacon, page):  # noqa: F811
    base, hits = beacon
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    side_tab(page, "Corpus")  # "About this corpus" lists the hostile title
    page.get_by_text("About this corpus").first.wait_for(timeout=30_000)
    assert_nothing_ran(page, hits, dialogs)

    question = f"What intracranial response rate did xylotinib reach in XS-1? {payloads(base, 'question')}"
    ask(page, question)
    page.wait_for_function("document.querySelector('#chat').innerText.includes('55.5%')", timeout=90_000)
    page.locator("#sources").get_by_text("55.5%").first.wait_for(timeout=30_000)
    assert_nothing_ran(page, hits, dialogs)

    chat = page.locator("#chat").inner_text()
    sources = page.locator("#sources").inner_text()
    # The markup is visible as the characters it was typed with.
    assert '<script>window.__xss="question-script"</script>' in chat
    assert "onerror=" in chat and f"![beacon]({base}/beacon-question-md)" in chat
    assert "<img src=x onerror=" in sources or "onerror" in sources
    assert "55.5%" in sources

    # The same text typed a second time (history now holds hostile messages) changes nothing.
    ask(page, "<img src=x onerror=alert(2)> [x](javascript:alert(3)) " + f"![b]({base}/beacon-again)")
    page.wait_for_function("document.querySelector('#chat').innerText.includes('alert(3)')", timeout=90_000)
    assert_nothing_ran(page, hits, dialogs)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_the_browser_keeps_no_run_history_of_questions(hostile_server, page):  # noqa: F811
    """Gradio's run history would keep every question and answer in localStorage and list them at
    /gradio_api/runs; it is off, so after a question nothing of it is stored in the browser."""
    page.goto(hostile_server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    question = "What intracranial response rate did xylotinib reach in XS-1?"
    ask(page, question)
    page.wait_for_function("document.querySelector('#chat').innerText.includes('55.5%')", timeout=90_000)
    stored = page.evaluate("""async () => {
        const dump = s => Object.keys(s).map(k => k + '=' + s.getItem(k)).join('\\n');
        const dbs = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
        return {local: dump(localStorage), session: dump(sessionStorage), idb: dbs.join(',')};
    }""")
    for where, text in stored.items():
        assert "xylotinib" not in text.lower() and "55.5" not in text, (where, text[:500])
    assert not page.locator("footer a[href*='runs']").count()  # no link to a run-history page
    assert page.request.get(hostile_server + "gradio_api/runs").status == 404
    assert page.request.get(hostile_server + "gradio_api/run-history/buckets").status == 404


def test_adding_a_slow_document_can_be_cancelled_and_leaves_nothing_behind(hostile_server, hostile_dirs, page,  # noqa: F811
                                                                           tmp_path):
    corpus, _ = hostile_dirs
    before = sorted(p.name for p in corpus.iterdir())
    bomb = tmp_path / "slow-report.pdf"
    bomb.write_bytes(bomb_pdf())
    page.goto(hostile_server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    side_tab(page, "Corpus")
    page.locator("#upload input[type='file']").set_input_files(str(bomb))
    page.locator("#upload").get_by_text("slow-report").first.wait_for(timeout=30_000)
    page.locator("#add-docs").click()
    page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('Indexing 1 document')",
                           timeout=60_000)
    page.locator("#cancel-add").click()
    page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('cancelled')",
                           timeout=60_000)
    page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('Done')", timeout=60_000)
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert "slow-report" not in page.locator("#corpus-about").inner_text()
