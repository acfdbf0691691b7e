"""The demo UI's HTML and its suggested questions, without a model or a browser: clean, escaped quotes
with marks that never cross a tag, support per statement, popovers and cards, the landing/pending
states, and questions phrased from table rows and statements."""

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from app.answer.suggestions import natural_case, from_heading, from_statement, from_table_row
from app.interfaces.ui.passages import render_block, render_cells, render_inline
from app.interfaces.ui.render import STRONG_SUPPORT, conversation_html, render_answer
from app.interfaces.ui.state import Conversation
from app.records import Answer, Cell, Chunk, Citation, SentenceCheck

pytestmark = pytest.mark.unit
EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


class Balance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    VOID = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()


def balanced(markup: str) -> bool:
    parser = Balance()
    parser.feed(markup)
    parser.close()
    return parser.stack == []


def row_chunk(text: str, headers: list[str], start: int = 100) -> Chunk:
    cells, pos = [], 0
    for header, value in zip(headers, text.split(" | ")):
        at = text.index(value, pos)
        cells.append(Cell(header=header, start=start + at, end=start + at + len(value)))
        pos = at + len(value)
    return Chunk(id="c1", source="/c/doc.md", title="Doc", section="Results > Table 1: Outcomes", kind="table_row",
                 start=start, end=start + len(text), text=text, search_text=text, content_hash="h", cells=tuple(cells))


def test_quotes_render_markdown_escape_html_and_mark_spans_without_crossing_tags():
    text = f"**Crizotinib-Resistant** (Pooled) [2] | 64.0% | {EVIL} [x](javascript:alert(3)) ![b](http://h/b.png)"
    s = text.index("Resistant")
    out = render_block(text, [(s, text.index("64.0%") + 5, 7)])
    assert "<strong>" in out and "**" not in out and " | " not in out
    tags = re.findall(r"<[^>]*>", out)
    assert not [t for t in tags if re.search(r"script|img|href|src|\son\w+=", t)], tags
    assert "&lt;script&gt;" in out and "javascript:alert(3)" in out  # shown as text
    assert "<sup class='cds-docref'>ref 2</sup>" in out and "<sup class='cds-citeref'>[7]</sup>" in out
    assert balanced(out)
    assert "".join(re.findall(r"<mark>(.*?)</mark>", out)).startswith("Resistant")


def test_a_table_row_is_shown_as_header_value_pairs_with_its_quote_marked():
    chunk = row_chunk("**TKI-Naïve** (ALEX) [4] | 85.7% (Prior XRT) 78.6% (No Prior XRT) | IRC-assessed",
                      ["Patient Population", "IC-ORR with Alectinib", "Study Details"])
    s = chunk.start + chunk.text.index("78.6%")
    out = render_cells(chunk, [(s, s + len("78.6% (No Prior XRT)"), 2)])
    assert out.startswith("<dl class='cds-cells'>") and "<dt>IC-ORR with Alectinib</dt>" in out
    assert "<mark>78.6% (No Prior XRT)</mark><sup class='cds-citeref'>[2]</sup>" in out
    assert "<strong>TKI-Naïve</strong>" in out and balanced(out)
    assert render_inline("a\n\n  b **c**") == "a b <strong>c</strong>"


def _answer() -> Answer:
    cites = [Citation(n=1, source="/c/doc.md", title=f"Doc {EVIL}", section="Results > Table 1", quote="42% <b>",
                      start=10, end=17, score=0.9, chunk_id="c1", context="x 42% <b> y", context_start=8),
             Citation(n=2, source="/c/doc.md", title="Doc", section="", quote="**9** months", start=30, end=42,
                      score=0.8, chunk_id="c2")]
    sentences = [SentenceCheck("It is 42% <b> [1].", [1], True, STRONG_SUPPORT + 0.1, numbers=1, numbers_supported=1),
                 SentenceCheck("It lasts 9 months [2].", [2], True, STRONG_SUPPORT - 0.1),
                 SentenceCheck("It cures all [1].", [], False, 0.1, ["not in the passage"])]
    return Answer(question=f"Q {EVIL}?", answer="It is 42% <b> [1]. It lasts 9 months [2].", abstained=False,
                  citations=cites, sentences=sentences)


def test_an_answer_shows_support_per_statement_popovers_cards_and_follow_ups():
    conv = Conversation(answers=[_answer()], follow_ups={1: ["What was the 'rate' <i>?"]})
    out = render_answer(conv.answers[0], 1, conv)
    assert "<script" not in out and "<img" not in out and "<b>" not in out and "<i>" not in out and balanced(out)
    assert re.findall(r"cds-support cds-(\w+)", out) == ["strong", "partial"]
    assert "1 sentence removed by the citation check" in out and "not in the passage" in out
    assert "aria-describedby='pop-1-1'" in out and "role='tooltip' id='pop-1-1'" in out
    assert out.count("<li class='cds-card'") == 2 and "<strong>9</strong> months" in out
    assert "<details><summary>Where in the document</summary>" in out and "characters 10–17" in out
    assert "data-q='What was the &#x27;rate&#x27; &lt;i&gt;?'" in out


def test_the_conversation_is_the_landing_page_until_something_is_asked():
    conv = Conversation()
    assert conversation_html(conv, "<p>landing</p>") == "<p>landing</p>"
    pending = conversation_html(conv, "<p>landing</p>", pending=(f"Q {EVIL}", "It is [1"))
    assert "aria-busy='true'" in pending and "landing" not in pending and "<script" not in pending
    assert "data-final" not in pending and balanced(pending)
    conv.answers.append(_answer())
    done = conversation_html(conv, "<p>landing</p>")
    assert "data-final='1'" in done and "data-suggested" not in done
    conv.follow_ups[1] = []
    assert "data-suggested='1'" in conversation_html(conv, "")


def test_questions_are_phrased_from_table_rows_and_reporting_statements():
    chunk = row_chunk("**Crizotinib-Resistant** (Pooled NP28673) [2] | 64.0% | N/A | Patients with measurable disease",
                      ["Patient Population", "IC-ORR with Alectinib", "IC-ORR with Crizotinib", "Study Details"])
    assert from_table_row(chunk) == [
        "What was the IC-ORR with alectinib in crizotinib-resistant (Pooled NP28673)?",
        "What were the study details in crizotinib-resistant (Pooled NP28673)?"]
    timed = row_chunk("ALEX Trial: PFS [4] | HR: 0.40", ["Study / Metric", "Alectinib"])
    assert from_table_row(timed) == ["What was the PFS with alectinib in ALEX trial?"]
    assert from_statement("In the ZEPHYR-2 trial, the objective response rate with zorbatinib was 61.3% in "
                          "ROS1-positive patients.") == \
        "In the ZEPHYR-2 trial, what was the objective response rate with zorbatinib?"
    assert from_statement("Median progression-free survival with zorbatinib was 19.4 months.") == \
        "What was the median progression-free survival with zorbatinib?"
    assert from_statement("This is important.") is None
    assert from_statement("Please check on the intranet that this printout is the latest version.") is None
    heading = row_chunk("x", ["a"])
    assert from_heading(replace(heading, kind="prose", section="Guideline > 1.0 Introduction")) is None
    assert from_heading(replace(heading, kind="prose", section="Reference ID: 4690158")) is None
    assert from_heading(replace(heading, kind="prose", section="Care > 3.2 Management of Anaemia")) == \
        "What do the documents say about management of anaemia?"
    assert natural_case("IC-ORR with Alectinib in Real-World TKI-Naïve", first=True) == \
        "IC-ORR with alectinib in real-world TKI-naïve"
