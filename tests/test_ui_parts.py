"""The UI's parts without a browser: rendering (escaping, notes), uploads, the audit log and export."""

import json
import sqlite3

import pytest

from app.interfaces.audit import AuditLog
from app.interfaces.corpus import UploadError, check_upload, remove_document, safe_name
from app.interfaces.export import to_html, to_markdown
from app.records import Answer, Citation, SentenceCheck
from app.interfaces.ui import citation_html, render_answer, sources_html

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _answer(**kw) -> Answer:
    cite = Citation(n=1, source="/corpus/a.txt", title=f"Title {EVIL}", section="Results > Table 1",
                    quote="42% <b>", start=10, end=17, score=0.9, chunk_id="c1",
                    context=f"before 42% <b> after {EVIL}", context_start=3)
    base = dict(question=f"What is it {EVIL}?", answer=f"It is 42% <b> [1]. {EVIL}", abstained=False,
                citations=[cite])
    base.update(kw)
    return Answer(**base)


@pytest.mark.unit
def test_answers_are_rendered_escaped_with_clickable_markers():
    out = render_answer(_answer(), turn=3)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "<a class='cds-cite' href='#cite-3-1'" in out
    panel = sources_html(_answer(), turn=3) + citation_html(_answer(), 3, 1)
    assert "<script" not in panel and "<img" not in panel and "<b>" not in panel
    assert "<mark>42% &lt;b&gt;</mark>" in panel and "characters 10–17" in panel


@pytest.mark.unit
def test_interpretation_removed_sentences_notice_and_caveats_are_visible():
    a = _answer(interpreted_as="What is it with crizotinib?",
                sentences=[SentenceCheck("It is 42% [1].", [1], True, 0.9),
                           SentenceCheck("It cures everything [1].", [1], False, 0.1, ["not in the passage"])],
                notice="No LLM is configured: answered extractively.", caveats=[f"Industry-sponsored {EVIL}"])
    out = render_answer(a, 1)
    assert "Interpreted as: What is it with crizotinib?" in out
    assert "1 sentence removed by the citation check" in out and "It cures everything" in out
    assert "not in the passage" in out and "No LLM is configured" in out
    panel = citation_html(a, 1, 1)
    assert "Source caveats" in panel and "Industry-sponsored &lt;script&gt;" in panel


@pytest.mark.unit
def test_abstentions_offer_related_passages_as_not_answering():
    rel = Citation(n=0, source="/corpus/a.txt", title="T", section="S", quote=f"near {EVIL}", start=0, end=5, score=0.2)
    a = Answer(question="q?", answer="The indexed documents do not cover this question.", abstained=True, related=[rel])
    assert "Not in the indexed documents" in render_answer(a, 1)
    panel = sources_html(a, 1)
    assert "Related, not answering" in panel and "<script" not in panel and "cds-related" in panel


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\evil.md", "evil.md"),
    (".hidden.md", "hidden.md"),
    ("Trial (2024) résumé.PDF", "Trial-2024-resume.pdf"),
    ("<script>.html", "script.html"),
    ("...", "document"),
])
@pytest.mark.unit
def test_upload_names_are_sanitised(name, expected):
    assert safe_name(name) == expected


@pytest.mark.unit
def test_uploads_are_checked_by_type_size_and_content(tmp_path):
    ok = tmp_path / "a.md"
    ok.write_text("# Title\n\nText.", encoding="utf-8")
    assert check_upload("../a.md", ok, max_mb=1) == "a.md"
    exe = tmp_path / "a.exe"
    exe.write_bytes(b"MZ\x00")
    with pytest.raises(UploadError, match="only"):
        check_upload("a.exe", exe, 1)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(UploadError, match="limit"):
        check_upload("big.txt", big, 1)
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(UploadError, match="not a PDF"):
        check_upload("fake.pdf", fake, 1)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(UploadError, match="binary"):
        check_upload("b.txt", binary, 1)


def test_removing_an_unknown_document_touches_nothing(pipeline, tmp_path):
    outside = tmp_path / "keep.txt"
    outside.write_text("keep me")
    with pytest.raises(UploadError):
        remove_document(pipeline, str(outside))
    assert outside.exists()


@pytest.mark.unit
def test_the_audit_log_records_questions_settings_and_feedback(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3")
    qid = log.question("s1", "What is it?", _answer(), {"mode": "extractive", "top_k": 4, "sources": []})
    log.feedback("s1", qid, helpful=True, comment="good")
    log.question("s1", "", None, {}, error="Please type a question.")
    db = sqlite3.connect(tmp_path / "audit.sqlite3")
    q = db.execute("SELECT question, abstained, citations, settings FROM questions WHERE id = ?", (qid,)).fetchone()
    assert q[0] == "What is it?" and q[1] == 0 and json.loads(q[2])[0]["quote"] == "42% <b>"
    assert json.loads(q[3])["top_k"] == 4
    assert db.execute("SELECT question_id, helpful, comment FROM feedback").fetchall() == [(qid, 1, "good")]
    assert db.execute("SELECT error FROM questions WHERE error != ''").fetchone()[0] == "Please type a question."
    off = AuditLog(tmp_path / "off.sqlite3", enabled=False)
    assert off.question("s", "q", _answer(), {}) is None and not (tmp_path / "off.sqlite3").exists()


@pytest.mark.unit
def test_exports_carry_citations_and_are_escaped():
    answers = [_answer(), Answer(question="Half-life?", answer="The indexed documents do not cover this question.",
                                 abstained=True)]
    md = to_markdown(answers)
    assert "[1]" in md and "characters 10–17" in md and "Not in the indexed documents" in md
    assert "<script" not in md and "<img" not in md
    page = to_html(answers)
    assert "<script" not in page.lower().replace("&lt;script", "") and "<img" not in page
    assert "<mark>42% &lt;b&gt;</mark>" in page and "@media print" in page


def test_adding_and_removing_documents_updates_the_index_in_place(tmp_path):
    """A pipeline of its own (the session's is shared): add an upload, answer from it, remove it."""
    import shutil

    from app.interfaces.corpus import add_documents
    from app.pipeline import Pipeline
    from app.settings import Settings
    from conftest import SEED

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    p.ingest(progress=False)
    question = "What was the most common adverse event with zorbatinib?"
    assert p.ask(question).abstained
    upload = tmp_path / "upload" / "Zorba <evil>.md"
    upload.parent.mkdir()
    upload.write_text("# Zorbatinib summary\n\n## Safety\n\nThe most common adverse event with zorbatinib was "
                      "dizziness, reported in 24% of patients.\n", encoding="utf-8")
    empty_html = tmp_path / "upload" / "empty.html"
    empty_html.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    events = []
    result = add_documents(p, [(upload.name, upload), ("../../escape.txt.exe", upload), (empty_html.name, empty_html)],
                           on_event=events.append)
    saved = corpus / "Zorba-evil.md"
    assert result.saved == [saved.resolve()] and saved.exists()
    assert [name for name, _ in result.refused] == ["../../escape.txt.exe"]
    assert not (corpus / "empty.html").exists()  # could not be indexed: not left in the corpus folder
    assert any(e.startswith("Indexed") for e in events)
    answer = p.ask(question)
    assert not answer.abstained and "dizziness" in answer.answer
    assert answer.citations[0].source == str(saved.resolve())

    message = remove_document(p, str(saved.resolve()))
    assert "Removed" in message and not saved.exists()
    assert p.index.docstore.document(str(saved.resolve())) is None
    assert "answerer" not in p.__dict__  # term weights are recomputed for the smaller corpus
    assert p.ask(question).abstained
    assert {d.source for d in p.index.docstore.documents()} == {str((corpus / SEED.name).resolve())}


@pytest.mark.unit
def test_the_document_view_escapes_and_marks_cited_passages():
    from types import SimpleNamespace

    from app.interfaces import ui
    from app.records import Document

    text = "intro " + EVIL + " the rate was 42% here. " + "filler " * 10
    start = text.index("42%")
    doc = Document(source="/c/a.txt", title=f"T {EVIL}", text=text, sha256="x", format="txt")
    fake = SimpleNamespace(index=SimpleNamespace(docstore=SimpleNamespace(document=lambda s: doc if s == doc.source else None)))
    cite = Citation(n=2, source=doc.source, title="T", section="S", quote="42%", start=start, end=start + 3, score=1)
    out = ui.document_html(fake, doc.source, [Answer(question="q", answer="a [2]", abstained=False, citations=[cite])],
                           focus=(1, 2))
    assert "<script" not in out and "<img" not in out
    assert "<mark class='cds-focus' title='Cited in answer 1 as [2]'>42%</mark>" in out
    long_doc = Document(source="/c/a.txt", title="T", text="x" * (ui.MAX_DOC_CHARS + 5000) + text, sha256="x", format="txt")
    fake.index.docstore.document = lambda s: long_doc
    cite2 = Citation(n=1, source=long_doc.source, title="T", section="S", quote="42%",
                     start=ui.MAX_DOC_CHARS + 5000 + start, end=ui.MAX_DOC_CHARS + 5003 + start, score=1)
    out = ui.document_html(fake, long_doc.source, [Answer(question="q", answer="a", abstained=False, citations=[cite2])],
                           focus=(1, 1))
    assert "showing characters" in out and "cds-focus" in out and len(out) < ui.MAX_DOC_CHARS + 5000
