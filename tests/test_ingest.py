"""Incremental, idempotent ingestion into the real index (Chroma + docstore + BM25)."""

import shutil
from pathlib import Path

import pytest

from app.index.locking import IngestLock, IngestLocked
from app.pipeline import Pipeline
from app.settings import Settings
from conftest import SEED


@pytest.fixture()
def fresh(tmp_path, pipeline):
    """A pipeline over its own corpus and index, sharing the session's loaded models."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    p.__dict__["reranker"] = pipeline.reranker
    path = pipeline.index  # models load once per session
    from app.index.indexing import Index

    p.__dict__["index"] = Index(p.settings, path.embeddings, path.embedding_model)
    return p, corpus


def vector_ids(p):
    return set(p.index.vectors.get(include=[])["ids"])


def test_reingesting_an_unchanged_corpus_embeds_nothing_and_adds_no_duplicate(fresh):
    p, _ = fresh
    first = p.ingest(progress=False)
    assert first.added and first.chunks_embedded > 0
    ids = vector_ids(p)
    assert ids == set(p.index.docstore.chunk_ids())
    second = p.ingest(progress=False)
    assert second.chunks_embedded == 0 and not second.changed
    assert len(second.unchanged) == 1
    assert vector_ids(p) == ids


def test_changed_file_replaces_its_chunks_and_removed_file_loses_them(fresh):
    p, corpus = fresh
    p.ingest(progress=False)
    note = corpus / "lorlatinib.md"
    note.write_text("# Lorlatinib\n\n## Efficacy\n\nLorlatinib reached an IC-ORR of 82% in the CROWN trial.\n", encoding="utf-8")
    p.ingest(progress=False)
    before = set(p.index.docstore.chunk_ids(str(note.resolve())))
    assert before and before <= vector_ids(p)

    note.write_text("# Lorlatinib\n\n## Efficacy\n\nLorlatinib reached an IC-ORR of 71% in the CROWN trial.\n", encoding="utf-8")
    report = p.ingest(progress=False)
    after = set(p.index.docstore.chunk_ids(str(note.resolve())))
    assert report.updated == [str(note.resolve())]
    assert after and not (after & before) and not (before & vector_ids(p))
    assert "71%" in p.ask("What IC-ORR did lorlatinib reach in CROWN?").answer

    note.unlink()
    report = p.ingest(progress=False)
    assert report.removed == [str(note.resolve())]
    assert not p.index.docstore.chunk_ids(str(note.resolve())) and not (after & vector_ids(p))
    assert vector_ids(p) == set(p.index.docstore.chunk_ids())


def test_bad_files_are_skipped_by_name_and_the_rest_indexed(fresh):
    p, corpus = fresh
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\xff" * 100)
    (corpus / "latin1.txt").write_bytes("Crizotinib résumé".encode("latin-1"))
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")  # a truncated Word file
    (corpus / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    messages = []
    report = p.ingest(progress=False, on_event=messages.append)
    skipped = {Path(path).name: reason for path, reason in report.failed}
    assert set(skipped) == {"empty.txt", "binary.txt", "latin1.txt", "notes.docx", "sheet.xlsx"}
    assert "empty" in skipped["empty.txt"] and "UTF-8" in skipped["latin1.txt"]
    assert "not a readable Word document" in skipped["notes.docx"] and "unsupported" in skipped["sheet.xlsx"]
    assert [Path(s).name for s in report.added] == [SEED.name]
    assert any("latin1.txt" in m for m in messages)
    assert "Skipped" in report.summary() and "latin1.txt" in report.summary()


def test_a_file_that_becomes_unreadable_keeps_its_indexed_version(fresh):
    p, corpus = fresh
    p.ingest(progress=False)
    ids = set(p.index.docstore.chunk_ids())
    (corpus / SEED.name).write_bytes(b"\xff\xfe broken now")
    report = p.ingest(progress=False)
    assert report.failed and "kept" in report.failed[0][1]
    assert set(p.index.docstore.chunk_ids()) == ids


def test_a_second_concurrent_ingest_is_refused_with_a_clear_message(fresh):
    p, _ = fresh
    with IngestLock(p.index.dir / "ingest.lock"):
        with pytest.raises(IngestLocked, match="another ingest is running"):
            p.ingest(progress=False)


def test_bm25_index_is_loaded_once_not_rebuilt_per_query(fresh, monkeypatch):
    p, _ = fresh
    p.ingest(progress=False)
    p.ask("What is the CAS number?")
    from app.text import lexical

    def fail(*args, **kwargs):
        raise AssertionError("BM25 rebuilt")

    monkeypatch.setattr(lexical.LexicalIndex, "build", fail)
    monkeypatch.setattr(lexical.LexicalIndex, "load", fail)
    for q in ("What is the CAS number?", "What is the catalogue number?", "NCT02075840"):
        p.ask(q)


def test_vectors_of_a_run_that_died_before_its_commit_are_never_served(fresh):
    p, _ = fresh
    p.ingest(progress=False)
    # Simulate a crash between the vector write and the docstore commit.
    p.index.vectors.add_texts(["Orphaned alectinib text about IC-ORR 99.9%"], metadatas=[{"source": "x"}], ids=["orphan"])
    passages = p.retriever.search("Orphaned alectinib text about IC-ORR 99.9%")
    assert all(x.chunk.id != "orphan" for x in passages)
    p.ingest(progress=False)  # the next run cleans up
    assert "orphan" not in vector_ids(p)


def test_answer_unit_vectors_are_filled_in_the_background(fresh):
    p, _ = fresh
    p.ingest(progress=False)
    assert p.index.docstore.ids_without_units()  # ingest leaves them for later, to stay at encoder pace
    p.precompute_in_background().join(timeout=300)
    assert p.index.docstore.ids_without_units() == []
    assert not p.ask("What is the CAS number?").abstained
