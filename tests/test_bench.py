"""The retrieval benchmark harness on a tiny BEIR-layout fixture whose metrics are known by
construction: three queries are verbatim copies of their relevant document (rank 1 for every
retriever), the fourth names a document that is not in the corpus (never found). So every metric
is exactly 3/4 for every configuration."""

import json
import subprocess
import sys

import pytest

from app.bench.retrieval import METRICS, load_beir, run_retrieval_bench, write_report
from conftest import DATA, ROOT

TINY = DATA / "tiny_beir"


@pytest.mark.unit
def test_beir_loader_reads_corpus_queries_and_qrels():
    data = load_beir(TINY, "test")
    assert len(data.corpus) == 5
    assert set(data.queries) == {"q1", "q2", "q3", "q4"}  # q5 has no judgement
    assert data.qrels["q2"] == {"d3": 1}


@pytest.mark.unit
def test_missing_split_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="qrels"):
        load_beir(TINY, "nope")


@pytest.mark.unit
def test_load_bench_names_a_missing_question_set(tmp_path, capsys):
    from app.interfaces.cli import main

    assert main(["bench", "load", "--questions", str(tmp_path / "none.jsonl")]) == 2
    assert "no question set at" in capsys.readouterr().err


@pytest.fixture(scope="module")
def report(pipeline, tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    return run_retrieval_bench(TINY, "test", work, pipeline.settings, progress=False), work


def test_every_configuration_scores_exactly_three_quarters(report):
    rep, _ = report
    assert rep.documents == 5 and rep.queries == 4
    names = [c.name for c in rep.configs]
    assert names == ["bm25", "dense", "hybrid", "hybrid+rerank", "bm25 -expansion", "hybrid -expansion"]
    for c in rep.configs:
        if not c.available:
            assert "cross-encoder" in c.note
            continue
        for m in METRICS:
            assert c.metrics[m] == pytest.approx(0.75), (c.name, m)
        assert 0 < c.latency_ms_p50 <= c.latency_ms_p95


def test_report_files_and_throughput_figures(report, tmp_path):
    rep, _ = report
    assert rep.ingest_docs_per_s > 0 and rep.encoder_docs_per_s > 0
    md, png = write_report(rep, tmp_path)
    assert "| bm25 |" in md.read_text() and png.read_bytes().startswith(b"\x89PNG")
    assert json.loads((tmp_path / "retrieval.json").read_text())["queries"] == 4


def test_rerunning_the_benchmark_reuses_its_index(report, pipeline):
    rep, work = report
    again = run_retrieval_bench(TINY, "test", work, pipeline.settings, progress=False)
    assert [c.metrics for c in again.configs] == [c.metrics for c in rep.configs]


def test_cli_bench_json(pipeline, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "app", "bench", "retrieval", str(TINY), "--split", "test", "--json",
         "--work", str(tmp_path / "w"), "--report", str(tmp_path / "r")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["configs"][0]["name"] == "bm25" and data["configs"][0]["metrics"]["recall@1"] == pytest.approx(0.75)
    assert (tmp_path / "r" / "retrieval.png").exists()


def test_scale_bench_grows_a_varied_corpus_and_reports_each_size(tmp_path):
    from app.bench.retrieval import render_scale, run_scale_bench

    rows = run_scale_bench(TINY, "test", [12], tmp_path, n_queries=3)
    (row,) = rows
    assert row["documents"] == 5 and row["chunks"] >= 5  # 12 / 2.3 chunks per abstract
    assert row["ingest_docs_per_s"] > 0 and row["index_mb"] > 0 and row["peak_rss_mb"] > 100
    assert 0 < row["ask_ms_p50"] <= row["ask_ms_p95"] and row["queries"] == 3
    assert "ask p95 ms" in render_scale(rows)
    # Repetitions beyond the source corpus are varied, not copies.
    from app.bench.retrieval import variant

    assert variant("One. Two. Three.", 1) != variant("One. Two. Three.", 2) != "One. Two. Three."
