import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sentence_transformers

import app  # noqa: F401  (no-telemetry environment)
from app.pipeline import Pipeline
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "alectinib-cns-efficacy-nsclc.txt"
DATA = Path(__file__).parent / "data"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (no PDF library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_from_objects(objects: list[bytes], xref_shift: int = 0) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 the catalog) with its cross-reference
    table; `xref_shift` moves every offset in that table, as a damaged file would."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % (o + xref_shift) for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pages_pdf(pages: int, content_stream: bytes, xref_shift: int = 0) -> bytes:
    """A PDF whose pages all draw the same content stream object (as the probe's bomb did)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages)).encode()
    content, font = 3 + pages, 4 + pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content, font)] * pages
    objects += [content_stream, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_from_objects(objects, xref_shift=xref_shift)


def bomb_pdf(pages: int = 30, megabytes: int = 70) -> bytes:
    """A decompression bomb: ~200 KB on disk, `pages` pages sharing one Flate content stream of
    `megabytes` MB of drawing instructions (extracting its text takes minutes)."""
    import zlib

    packed = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * (megabytes * 1_000_000 // 33), 9)
    return pages_pdf(pages, b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, corpus / SEED.name)
    return corpus


@pytest.fixture(scope="session")
def pipeline(seed_corpus, tmp_path_factory) -> Pipeline:
    """One real pipeline (real models, real Chroma) over the seed note, shared by the session."""
    settings = Settings(corpus_dir=seed_corpus, index_dir=tmp_path_factory.mktemp("index"))
    p = Pipeline(settings)
    p.ingest(progress=False)
    return p


TIERS = ("unit", "integration", "browser", "slow")


def pytest_collection_modifyitems(config, items):
    """A test says its tier with a marker; one that says none is an integration test (it may load the model
    or start processes). `make test-fast` runs `-m unit`."""
    for item in items:
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.integration)


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise RuntimeError(f"a unit test may not {what}; mark it integration")
    return refuse


@pytest.fixture(autouse=True)
def unit_tier_loads_no_model_and_starts_no_process(request, monkeypatch):
    """Keeps the unit tier honest: inside it, loading a model or starting a process fails the test.
    CDS_TIER_PROBE=1 applies the guard to every test (used to find which tests belong in the unit tier)."""
    if request.node.get_closest_marker("unit") or os.environ.get("CDS_TIER_PROBE") == "1":
        monkeypatch.setattr(subprocess.Popen, "__init__", _refuse("start a process"))
        monkeypatch.setattr(sentence_transformers.SentenceTransformer, "__init__", _refuse("load a model"))
        monkeypatch.setattr(sentence_transformers.CrossEncoder, "__init__", _refuse("load a model"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report to fixtures (browser tests screenshot on failure)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def one_document_pipeline(tmp_path_factory, name: str, text: str) -> Pipeline:
    """A real pipeline over a corpus of one document written by the test."""
    return documents_pipeline(tmp_path_factory, {name: text})


def documents_pipeline(tmp_path_factory, documents: dict[str, str]) -> Pipeline:
    """A real pipeline over a corpus of documents written by the test (file name -> text)."""
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in documents.items():
        (corpus / name).write_text(text, encoding="utf-8")
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index")))
    p.ingest(progress=False)
    return p


def answered(p: Pipeline, question: str) -> str:
    """The answer's text, which must not be an abstention."""
    a = p.ask(question)
    assert not a.abstained, f"{question!r} was declined"
    return a.answer


def sentence_unit(text: str, source: str = "doc.md", title: str = "Doc", section: str = ""):
    """One sentence as the answerer reads it: a prose chunk holding only that sentence."""
    from app.answer.units import Unit
    from app.records import Chunk, Passage

    chunk = Chunk(id="c", source=source, title=title, section=section, kind="prose", start=0, end=len(text), text=text,
                  search_text=text, content_hash="h")
    return Unit(Passage(chunk, 1.0), 0, len(text), "sentence", text)


def row_unit(cells: list[tuple[str, str]], source: str = "form.md", title: str = "Form", section: str = "Competency"):
    """A table row as the answerer reads it: (header, value) cells joined by tabs."""
    from app.answer.units import Unit
    from app.records import Cell, Chunk, Passage

    text, spans = "", []
    for header, value in cells:
        text += ("\t" if text else "")
        spans.append(Cell(header, len(text), len(text) + len(value)))
        text += value
    chunk = Chunk("c", source, title, section, "table_row", 0, len(text), text, text, "h", cells=tuple(spans))
    return Unit(Passage(chunk, 1.0), 0, len(text), "row", text)
