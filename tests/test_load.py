"""`cds bench load` drives a served UI through gradio_client (timings are reported, not asserted)."""

import json
import os
import subprocess
import sys

import pytest

from conftest import DATA, ROOT

pytestmark = pytest.mark.slow


def test_bench_load_against_a_served_app(pipeline):
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir)}
    done = subprocess.run([sys.executable, "-m", "app", "bench", "load", "--clients", "2", "--duration", "5", "--json",
                           "--questions", str(DATA / "seed_dev_qa.jsonl")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["clients"] == 2 and report["answers"] > 0 and report["errors"] == 0, report
    assert report["p50_ms"] > 0 and report["p95_ms"] >= report["p50_ms"]
    assert report["url"].startswith("http://127.0.0.1:")  # it started (and stopped) `cds serve` itself
