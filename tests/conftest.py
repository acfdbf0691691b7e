import shutil
from pathlib import Path

import pytest

import app  # noqa: F401  (no-telemetry environment)
from app.pipeline import Pipeline
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "alectinib-cns-efficacy-nsclc.txt"
DATA = Path(__file__).parent / "data"


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report to fixtures (browser tests screenshot on failure)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
