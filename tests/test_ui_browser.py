"""The Gradio UI, driven in Debian chromium through Playwright, as a person would use it.

The served app gets its own corpus and index folders (upload and remove change them), built by
`cds serve` itself on start."""

import json
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import ROOT
from serving import serve_seed_copy, stop

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
ALECTINIB_Q = "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?"
NEW_DOC = """# Zorbatinib in ROS1-positive NSCLC: trial summary

## Efficacy

In the ZEPHYR-2 trial, the objective response rate with zorbatinib was 61.3% in ROS1-positive patients who had not received a prior tyrosine kinase inhibitor.

Median progression-free survival with zorbatinib was 19.4 months.

## Safety

The most common adverse event with zorbatinib was dizziness <script>window.__pwned = 1</script>, reported in 24% of patients.
"""
ZORBA_Q = "What was the objective response rate with zorbatinib in ZEPHYR-2?"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`cds serve` on its own corpus (the seed note) and index; yields (url, corpus_dir, index_dir)."""
    proc, url, corpus, index = serve_seed_copy(tmp_path_factory, "ui")
    yield url, corpus, index
    stop(proc)


@pytest.fixture(scope="module")
def server(served):
    return served[0]


@pytest.fixture()
def page(request):
    """A chromium page at 1366×900; parametrize indirectly with {"width", "height", "mobile"} for others
    (mobile: a touch screen that taps)."""
    opts = getattr(request, "param", None) or {}
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        mobile = bool(opts.get("mobile"))
        context = browser.new_context(viewport={"width": opts.get("width", 1366), "height": opts.get("height", 900)},
                                      accept_downloads=True, has_touch=mobile, is_mobile=mobile)
        pg = context.new_page()
        external: list[str] = []
        pg.on("request", lambda r: external.append(r.url)
              if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.cds_external, pg.cds_dialogs = external, dialogs
        yield pg
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()
        assert not external, f"assets fetched from outside: {external}"
        assert not dialogs, f"a script ran: {dialogs}"


# -- helpers ---------------------------------------------------------------------------------------
BOTS = "#chat .message.bot"


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)


def ask(page, question: str, key: bool = False) -> str:
    """Ask through the text box (Enter or the Ask button) and wait for the final answer's text (and for
    its follow-up questions to have been looked for: the page does not change after that)."""
    before = page.locator(BOTS).count()
    box = page.locator("#question textarea")
    box.fill(question)
    if key:
        box.press("Enter")
    else:
        page.locator("#ask").click()
    page.wait_for_function(
        """([sel, n]) => { const b = document.querySelectorAll(sel);
             if (b.length <= n) return false;
             return b[b.length - 1].hasAttribute('data-suggested')
                    && !document.querySelector('#sources').innerText.includes('Answering'); }""",
        arg=[BOTS, before], timeout=60_000)
    return page.locator(BOTS).last.inner_text()


def select_option(page, elem_id: str, label_part: str) -> None:
    page.locator(f"#{elem_id} input").first.click()
    page.get_by_role("option", name=label_part).first.click()
    page.keyboard.press("Escape")


def side_tab(page, name: str) -> None:
    page.locator("#side-tabs").get_by_role("tab", name=name).click()


# -- tests -----------------------------------------------------------------------------------------
def test_asking_streams_a_cited_answer_and_a_marker_opens_its_source(server, page):
    open_app(page, server)
    assert page.get_by_text("do not replace clinical judgement").first.is_visible()
    # Record every state of the streamed answer as the browser renders it.
    page.evaluate("""() => {
        document.querySelector('#question textarea').addEventListener('keydown', (e) => {
          if (e.key === 'Enter') { window.__sent = performance.now(); window.__first = null; window.__lengths = [];
                                   window.__before = document.querySelectorAll('#chat .message.bot').length; } },
          true);
        new MutationObserver(() => { const b = document.querySelectorAll('#chat .message.bot');
          if (window.__sent === undefined || b.length <= window.__before) return;  // the new answer only
          const t = b[b.length - 1].innerText.trim();
          window.__lengths.push(t.length);
          if (window.__first === null && /[A-Za-z]{3}/.test(t) && !t.includes('Loading'))
            window.__first = performance.now(); })
        .observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }""")
    text = ask(page, ALECTINIB_Q, key=True)  # Enter submits
    assert "78.6%" in text and "[1]" in text and "[2]" not in text  # one marker for the table row
    lengths = page.evaluate("window.__lengths")
    first_ms = page.evaluate("window.__first - window.__sent")
    # Again, warm (the page's first answer also loads the browser's Markdown renderer): a follow-up.
    assert "40.0%" in ask(page, "And with crizotinib?", key=True)
    warm_ms = page.evaluate("window.__first - window.__sent")
    print(f"\nbrowser: first answer text {first_ms:.0f} ms after Enter (first question of the page), "
          f"{warm_ms:.0f} ms (next question); rendered lengths while streaming: {lengths[:12]}"
          f"{' …' if len(lengths) > 12 else ''}")
    assert lengths and max(lengths) >= len("78.6%")
    # The sources panel lists the cited passages with the quotes highlighted.
    page.locator("#sources mark", has_text="40.0% (No Prior XRT)").wait_for(timeout=30_000)  # the latest answer's
    assert "Table 2" in page.locator("#sources").inner_text()
    # Clicking [1] opens that one source: title, section, position, the whole row with the parts read marked.
    page.locator("#chat a.cds-cite", has_text="[1]").first.click()
    opened = page.locator("#sources .cds-source.cds-open")
    opened.wait_for(timeout=30_000)
    assert "Source [1] of answer 1" in page.locator("#sources").inner_text()
    marks = opened.locator("mark").all_inner_texts()
    assert "78.6% (No Prior XRT)" in marks and "85.7% (Prior XRT)" not in marks, marks
    opened.locator("summary", has_text="Where in the document").click()  # offsets are behind a toggle
    info = opened.inner_text()
    assert "2544–2564" in info and "Section:" in info and "alectinib-cns-efficacy-nsclc.txt" in info
    # The source's own inconsistency travels with it: its header names another compound.
    panel = page.locator("#sources").inner_text()
    assert "Source caveats" in panel and "Allitinib" in panel and "alectinib" in panel
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)
    # Back to all the sources of that answer.
    page.locator("#sources a.cds-doc", has_text="All sources of answer 1").click()
    page.wait_for_function("document.querySelector('#sources').innerText.includes('Sources of answer 1:')",
                           timeout=30_000)
    # Keyboard: the [1] marker is reachable and Enter opens it again.
    page.locator("#chat a.cds-cite", has_text="[1]").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#sources').innerText.includes('Source [1] of answer 1')",
                           timeout=30_000)


def test_a_second_marker_clicked_while_the_first_opens_is_the_one_shown(server, page):
    open_app(page, server)
    ask(page, ALECTINIB_Q)
    ask(page, "And with crizotinib?")
    # [1] of answer 1, then [1] of answer 2 before the first has come back: the second is not dropped.
    page.evaluate("""() => { const m = document.querySelectorAll('#chat a.cds-cite');
                             m[0].click(); setTimeout(() => m[m.length - 1].click(), 40); }""")
    shown = "document.querySelector('#sources').innerText.includes('Source [1] of answer 2')"
    page.wait_for_function(shown, timeout=30_000)
    page.wait_for_timeout(1500)  # nothing still pending brings the first back over it
    assert page.evaluate(shown)


def test_a_follow_up_is_read_against_the_conversation(server, page):
    open_app(page, server)
    ask(page, ALECTINIB_Q)
    text = ask(page, "And with crizotinib?")
    assert "Interpreted as:" in text and "crizotinib" in text.lower() and "40.0%" in text


def test_an_unanswerable_question_is_shown_as_not_in_the_documents(server, page):
    open_app(page, server)
    text = ask(page, "What is the half-life of alectinib?")
    assert "Not in the indexed documents" in text and "do not cover" in text
    assert page.locator("#chat .cds-abstain-badge").count() == 1
    assert page.locator("#chat a.cds-cite").count() == 0
    sources = page.locator("#sources").inner_text()
    assert "Not in the indexed documents" in sources
    if page.locator("#sources .cds-related").count():
        assert "Related, not answering" in sources
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "abstention.png"), full_page=True)


def test_the_document_view_marks_every_passage_cited_in_the_conversation(server, page):
    open_app(page, server)
    ask(page, ALECTINIB_Q)
    ask(page, "And with crizotinib?")
    page.locator("#chat a.cds-cite").last.click()
    page.locator("#sources .cds-open a.cds-doc").click()
    doc = page.locator("#document")
    # Both answers cite the same row; its marks name both and are in focus for the [1] clicked.
    doc.locator("mark.cds-focus").first.wait_for(timeout=30_000)
    marks = doc.locator("mark").all_inner_texts()
    assert "78.6% (No Prior XRT)" in marks and "40.0% (No Prior XRT)" in marks
    assert "40.0% (No Prior XRT)" in doc.locator("mark.cds-focus").all_inner_texts()
    assert "Cited in answer 2 as [1]" in doc.locator("mark.cds-focus").first.get_attribute("title")
    assert "alectinib-cns-efficacy-nsclc.txt" in doc.inner_text()
    # Any indexed document can be opened from the list.
    side_tab(page, "Document")
    page.locator("#doc-open").click()
    doc.locator("mark").first.wait_for(timeout=30_000)


def test_user_text_is_shown_escaped_never_run(server, page):
    open_app(page, server)
    text = ask(page, "Does <img src=x onerror=alert(1)> <script>alert(2)</script> alectinib cause rash? "
                     "See http://evil.example/x and www.evil.example")
    chat = page.locator("#chat").inner_text()
    assert "<img src=x onerror=alert(1)>" in chat and "http://evil.example/x" in chat
    assert page.locator("#chat img[src='x']").count() == 0
    hrefs = page.locator("#chat a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(h.startswith("#") for h in hrefs), hrefs  # no live link from user text
    assert text
    # A question that cannot be asked gets a message, not a failure, and stays in the box.
    turns = page.locator("#chat .cds-turn").count()
    page.locator("#question textarea").fill("   ?!")
    page.locator("#ask").click()
    page.wait_for_function("document.querySelector('#ask-status').innerText.includes('no words')", timeout=30_000)
    assert page.locator("#chat .cds-turn").count() == turns
    assert page.locator("#question textarea").input_value() == "   ?!"


def test_settings_change_the_answer(server, page):
    open_app(page, server)
    assert "78.6%" in ask(page, ALECTINIB_Q)
    side_tab(page, "Settings")
    depth = page.locator("#top-k input[type='number']")
    depth.fill("1")
    depth.press("Enter")
    text = ask(page, ALECTINIB_Q)
    assert "Not in the indexed documents" in text  # one passage is not enough evidence for this question
    # The LLM choice is offered; with none configured the answer is extractive and says so.
    side_tab(page, "Settings")  # answering brings the Sources tab forward
    depth.fill("8")
    depth.press("Enter")
    page.locator("#mode").get_by_text("LLM").first.click()
    text = ask(page, ALECTINIB_Q)
    assert "78.6%" in text and "No LLM is configured" in text and "This answer is extractive" in text


def test_feedback_is_written_to_the_local_audit_log(served, page):
    url, _, index = served
    open_app(page, url)
    ask(page, ALECTINIB_Q)
    page.locator("#feedback-comment textarea").fill("Quote matches the table <b>exactly</b>")
    page.locator("#not-helpful").click()
    page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('not helpful')",
                           timeout=30_000)
    db = sqlite3.connect(index / "audit.sqlite3")
    row = db.execute("SELECT f.helpful, f.comment, q.question, q.answer, q.citations, q.settings FROM feedback f "
                     "JOIN questions q ON q.id = f.question_id ORDER BY f.id DESC LIMIT 1").fetchone()
    db.close()
    helpful, comment, question, answer, citations, settings = row
    assert helpful == 0 and comment == "Quote matches the table <b>exactly</b>"
    assert question == ALECTINIB_Q and "78.6%" in answer
    assert any(c["quote"][s - c["start"] : e - c["start"]] == "78.6% (No Prior XRT)"
               for c in json.loads(citations) for s, e in c["marks"])
    assert json.loads(settings)["top_k"] == 8


def test_the_conversation_exports_as_markdown_and_html(server, page):
    open_app(page, server)
    ask(page, ALECTINIB_Q)
    ask(page, "What is the half-life of alectinib?")
    page.locator("#export").click()
    links = page.locator("#export-files a")
    links.nth(1).wait_for(timeout=30_000)
    files = {}
    for i in range(links.count()):
        with page.expect_download() as info:
            links.nth(i).click()
        download = info.value
        files[Path(download.suggested_filename).suffix] = Path(download.path()).read_text(encoding="utf-8")
    md, page_html = files[".md"], files[".html"]
    assert ALECTINIB_Q in md and "78.6%" in md and "[1]" in md and "characters 2472–2605" in md
    assert "Not in the indexed documents" in md and "do not replace clinical judgement" in md
    assert "<mark>78.6% (No Prior XRT)</mark>" in page_html and "@media print" in page_html
    assert "<script" not in page_html.lower() and "http" not in page_html


def upload_through_ui(page, path) -> None:
    """Choose `path` in the Corpus tab, add it to the index and wait until the ingest says it is done."""
    side_tab(page, "Corpus")
    page.locator("#upload input[type='file']").set_input_files(str(path))
    page.locator("#upload").get_by_text(path.name.split()[0]).first.wait_for(timeout=30_000)
    page.locator("#add-docs").click()
    page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('Done')", timeout=120_000)


def test_upload_then_ask_restrict_and_remove(served, page, tmp_path):
    url, corpus, _ = served
    open_app(page, url)
    new = tmp_path / "Zorbatinib trial (summary).md"
    new.write_text(NEW_DOC, encoding="utf-8")
    upload_through_ui(page, new)
    saved = corpus / "Zorbatinib-trial-summary.md"
    assert saved.exists(), sorted(p.name for p in corpus.iterdir())
    assert "Zorbatinib-trial-summary.md" in page.locator("#corpus-about").inner_text()
    # A page opened afterwards lists it too.
    open_app(page, url)
    side_tab(page, "Corpus")
    page.wait_for_function("document.querySelector('#corpus-about').innerText.includes('Zorbatinib-trial-summary.md')",
                           timeout=30_000)
    # The new document answers at once, without a restart.
    text = ask(page, ZORBA_Q)
    assert "61.3%" in text
    page.locator("#chat a.cds-cite").last.click()
    assert "Zorbatinib-trial-summary.md" in page.locator("#sources .cds-open").text_content()  # under "Where"
    # Its text is escaped in the document view: the <script> in it is shown, not run.
    page.locator("#sources .cds-open a.cds-doc").click()
    page.locator("#document mark.cds-focus").wait_for(timeout=30_000)
    assert "<script>window.__pwned = 1</script>" in page.locator("#document").inner_text()
    assert page.evaluate("window.__pwned") is None
    # Restricting retrieval to the new document changes the answer to the seed note's question.
    side_tab(page, "Settings")
    select_option(page, "restrict", "Zorbatinib")
    assert "Not in the indexed documents" in ask(page, ALECTINIB_Q)
    # Remove it, once confirmed: its file and its passages go.
    side_tab(page, "Corpus")
    select_option(page, "remove-pick", "Zorbatinib")
    page.locator("#remove").click()
    page.locator("#remove-confirm").click()
    page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('Removed')", timeout=60_000)
    assert not saved.exists()
    assert "Zorbatinib" not in page.locator("#corpus-about").inner_text()
    side_tab(page, "Settings")
    assert "Not in the indexed documents" in ask(page, ZORBA_Q)


@pytest.mark.parametrize("width,height", [(1280, 720), (1920, 1080), (820, 1000)])
def test_the_layout_fits_laptops_projectors_and_narrow_windows(server, page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, server)
    ask(page, ALECTINIB_Q)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#chat .message.bot')).fontSize)")
    assert size >= (18 if width >= 1700 else 15)
    for sel in ("#ask", "#question textarea", "#chat a.cds-cite"):
        assert page.locator(sel).first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"layout-{width}x{height}.png"))


def test_the_api_answers_and_streams_through_gradio_client(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    history, box, sources = client.predict(ALECTINIB_Q, [], api_name="/ask")
    assert "78.6%" in str(history[-1]["content"]) and "78.6%" in sources and box == ""
    # Streamed: the answer grows through intermediate states to the final one.
    def text(output) -> str:
        content = output[0][-1]["content"]
        if isinstance(content, list):
            return " ".join(str(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content)
        return str(content)

    started = time.perf_counter()
    job = client.submit(ALECTINIB_Q, [], api_name="/ask")
    first = None
    while True:
        done = job.done()
        if first is None and any("TKI" in text(o) for o in job.outputs()):
            first = time.perf_counter() - started
        if done:
            break
        time.sleep(0.002)
    final = time.perf_counter() - started
    outputs = job.outputs()
    lengths = [len(text(o)) for o in outputs]
    print(f"\n/ask streamed {len(outputs)} states (lengths {lengths[:6]}…); first answer text after "
          f"{1000 * first:.0f} ms (gradio_client, polled); final after {1000 * final:.0f} ms")
    assert len(outputs) >= 3 and "78.6%" in text(outputs[-1])
    streamed = lengths[1:-1]
    assert streamed == sorted(streamed) and len(set(streamed)) > 2  # the text grows piece by piece
