"""Parsing in the worker process (app/ingest/worker.py): a decompression-bomb PDF built here is refused by
the byte budget, a long PDF by the page cap, a parse can be cancelled and is stopped past its time
budget, the worker survives all of it, and a flood of parser warnings is logged as a short summary."""

import logging
import threading

import pytest

from app.ingest.loaders import LoadError
from app.ingest.worker import ParseLimits, ParseWorker
from conftest import bomb_pdf, minimal_pdf, pages_pdf

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """~200 KB on disk; 30 pages sharing one content stream of 70 MB of drawing instructions."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    path.write_bytes(bomb_pdf())
    assert path.stat().st_size < 300_000
    return path


@pytest.fixture()
def worker():
    w = ParseWorker(ParseLimits())
    yield w
    w.close()


def good_pdf(tmp_path):
    path = tmp_path / "good.pdf"
    path.write_bytes(minimal_pdf("Zorbitinib was well tolerated"))
    return path


def test_a_decompression_bomb_is_refused_by_the_byte_budget_and_the_worker_lives_on(worker, bomb, tmp_path):
    with pytest.raises(LoadError, match="MB of page content once decompressed.*CDS_PARSE_MAX_MB"):
        worker.parse(bomb, 50 * 1024 * 1024)
    assert "well tolerated" in worker.parse(good_pdf(tmp_path), 50 * 1024 * 1024).text


def test_a_pdf_over_the_page_cap_is_refused_before_its_pages_are_read(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(pages_pdf(12, b"<< /Length 5 >>\nstream\nBT ET\nendstream"))
    w = ParseWorker(ParseLimits(max_pages=10))
    try:
        with pytest.raises(LoadError, match="12 pages, over the 10-page limit"):
            w.parse(path, 50 * 1024 * 1024)
    finally:
        w.close()


def test_a_parse_can_be_cancelled_and_the_next_one_starts_a_fresh_worker(bomb, tmp_path):
    w = ParseWorker(ParseLimits(max_bytes=10**12))  # no byte budget: this bomb would take minutes
    cancel = threading.Event()
    try:
        with pytest.raises(LoadError, match="cancelled"):
            w.parse(bomb, 50 * 1024 * 1024, cancel=cancel, on_started=cancel.set)  # cancelled once it began
        assert w._proc is None  # the child was killed, not left running
        assert "well tolerated" in w.parse(good_pdf(tmp_path), 50 * 1024 * 1024).text
    finally:
        w.close()


def test_a_parse_past_its_time_budget_is_stopped(bomb):
    w = ParseWorker(ParseLimits(max_bytes=10**12, seconds=1))  # the bomb needs minutes without the byte budget
    try:
        with pytest.raises(LoadError, match="took over 1 s to parse and was stopped"):
            w.parse(bomb, 50 * 1024 * 1024)
    finally:
        w.close()


def test_a_flood_of_parser_warnings_is_logged_as_a_summary(worker, tmp_path, caplog):
    path = tmp_path / "damaged.pdf"
    # Every cross-reference offset is wrong: pypdf warns twice per object (over 400 lines unsummarised).
    path.write_bytes(pages_pdf(200, b"<< /Length 5 >>\nstream\nBT ET\nendstream", xref_shift=3))
    with caplog.at_level(logging.WARNING, logger="app.ingest.worker"):
        with pytest.raises(LoadError, match="no extractable text"):
            worker.parse(path, 50 * 1024 * 1024)
    lines = [r.getMessage() for r in caplog.records if "damaged.pdf" in r.getMessage()]
    assert 1 <= len(lines) <= 6, lines
    assert any("Ignoring wrong pointing object" in line and "more like it" in line for line in lines), lines
