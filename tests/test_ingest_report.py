"""The ingest report per file (`cds ingest --json`), `cds bench ingest`, and `cds eval --corpus DIR`
indexing DIR into its own content-keyed index without touching the main one."""

import json
import shutil

import pytest

from app.bench.ingest import by_format, run_ingest_bench
from app.interfaces.cli import corpus_key, main
from conftest import DATA, SEED


def _two_page_pdf(path, scanned_second_page=True):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "Give 5000 units of heparin twice daily by subcutaneous injection.")
    c.showPage()
    if scanned_second_page:
        c.rect(100, 100, 300, 500, fill=1)
    else:
        c.drawString(72, 700, "Check the platelet count on day five of treatment.")
    c.showPage()
    c.save()


@pytest.mark.unit
def test_bench_ingest_counts_pages_chunks_and_rows_per_format(tmp_path):
    _two_page_pdf(tmp_path / "a.pdf")
    (tmp_path / "b.md").write_text("# Note\n\n| Drug | Dose |\n|---|---|\n| heparin | 5000 units |\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("", encoding="utf-8")
    rows = {r.name: r for r in run_ingest_bench(tmp_path)}
    assert rows["a.pdf"].pages == 2 and rows["a.pdf"].chunks == 1
    assert rows["b.md"].table_rows == 1 and rows["c.txt"].error == "is empty"
    formats = by_format(list(rows.values()))
    assert formats["pdf"]["pages"] == 2 and formats["md"]["chunks"] == 1


@pytest.mark.unit
def test_corpus_key_follows_content_not_timestamps(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    first = corpus_key(tmp_path)
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    assert corpus_key(tmp_path) == first
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert corpus_key(tmp_path) != first


@pytest.mark.integration
def test_ingest_json_reports_each_file_and_eval_corpus_uses_its_own_index(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    _two_page_pdf(corpus / "heparin.pdf")
    index = tmp_path / "index"
    assert main(["ingest", "--json", "-q", "--corpus-dir", str(corpus), "--index-dir", str(index)]) == 0
    report = json.loads(capsys.readouterr().out)
    files = {f["source"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert files["heparin.pdf"]["pages"] == 2 and files["heparin.pdf"]["chunks"] == 1
    assert files["heparin.pdf"]["warnings"] == ["page 2: no extractable text — scanned? (needs OCR)"]
    assert files[SEED.name]["table_rows"] > 0 and files[SEED.name]["kept_out"]["references"] >= 1

    main_index = tmp_path / "main-index"
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join((DATA / "seed_dev_qa.jsonl").read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    args = ["eval", str(qa), "--json", "--corpus", str(corpus), "--index-dir", str(main_index)]
    assert main(args) == 0
    first = capsys.readouterr()
    assert json.loads(first.out)["metrics"]["questions"] == 2 and "indexing" in first.err
    own = main_index / "eval" / corpus_key(corpus)
    assert (own / "docstore.sqlite3").exists()
    assert sorted(p.name for p in main_index.iterdir()) == ["eval"]  # the main index is not built
    assert main(args) == 0
    assert "indexing" not in capsys.readouterr().err  # the same content reuses its index
