"""Hybrid retrieval fuses the dense and BM25 rankings by rank; a passage BM25 puts far ahead of
everything else still reaches the answerer, and so do BM25's best two passages under a dosing heading
(not a study's) when the question asks what dose to give."""

from types import SimpleNamespace

import pytest

from app.records import Chunk
from app.retrieve.retrieval import HybridRetriever
from app.settings import Settings

pytestmark = pytest.mark.unit


_SECTIONS = {
    "rare": "2 Dosage and administration > 2.1 Recommended dosage",
    "dosing": "2 Dosage and administration > 2.1 Recommended dosage",
    "missed": "2 Dosage and administration > 2.3 Missed doses",
    "usual": "2 Dosage and administration > 2.1 Recommended dosage",
    "hepatic": "2 Dosage and administration > 2.4 Hepatic impairment",
    # A table's column headers read into its heading name a dose; the section is a pharmacokinetic study.
    "pk table": "12 Clinical pharmacology > 12.3 Pharmacokinetics > Table 4. Exposure Single 100 mg Dose Single 200 mg Dose",
}


def _chunk(cid: str) -> Chunk:
    section = _SECTIONS.get(cid, "14 Clinical studies")
    return Chunk(id=cid, source="doc.txt", title="", section=section, kind="prose", start=0, end=1, text=cid,
                 search_text=cid, content_hash=cid)


class _Index:
    """Dense ranks d0..d9 first and the BM25 favourite last; BM25 ranks it first, by `lead` times its next."""

    def __init__(self, lead: float):
        self.dense_ids = [f"d{i}" for i in range(10)] + ["rare"]
        self.lexical_hits = [("rare", 8.0)] + [(f"d{i}", 8.0 / lead - 0.1 * i) for i in range(9, -1, -1)]
        self.embeddings = SimpleNamespace(embed_query=lambda text: [0.0])
        self.docstore = SimpleNamespace(chunks=lambda ids: {cid: _chunk(cid) for cid in ids})

    def dense(self, vector, k, sources):
        return self.dense_ids[:k]

    def lexical(self):
        return SimpleNamespace(search=lambda query, k, expand: self.lexical_hits[:k])


def _search(lead: float, query: str = "a rare term") -> list[str]:
    settings = Settings(top_k=4, query_expansion=False)
    retriever = HybridRetriever(index=_Index(lead), reranker=None, settings=settings)
    return [p.chunk.id for p in retriever.search(query, vector=[0.0])]


def test_a_passage_bm25_finds_far_ahead_of_the_rest_is_handed_to_the_answerer():
    assert "rare" in _search(lead=2.5)


def test_a_bm25_favourite_only_narrowly_ahead_keeps_its_fused_rank():
    assert "rare" not in _search(lead=1.1)


def test_asked_for_a_dose_bm25s_best_passage_under_a_dosing_heading_reaches_the_answerer():
    assert "rare" in _search(lead=1.1, query="drugA dose for condition B?")
    assert "rare" not in _search(lead=1.1, query="drugA efficacy in condition B?")


class _DosingIndex(_Index):
    """BM25 ranks a far-ahead passage first and the one under a dosing heading third; dense ranks neither."""

    def __init__(self, dosing_score: float):
        super().__init__(lead=2.5)
        self.dense_ids = [f"d{i}" for i in range(10)]
        self.lexical_hits = [("lead", 8.0), ("d9", 3.0), ("dosing", dosing_score)] + [(f"d{i}", 1.0) for i in range(9)]


def test_a_dosing_passage_joins_the_far_ahead_one_without_pushing_it_out_and_needs_half_the_best_score():
    settings = Settings(top_k=4, query_expansion=False)
    found = lambda score: [p.chunk.id for p in HybridRetriever(  # noqa: E731
        index=_DosingIndex(score), reranker=None, settings=settings).search("drugA dose for condition B?", vector=[0.0])]
    assert {"lead", "dosing"} <= set(found(4.0))
    assert "dosing" not in found(3.0) and "lead" in found(3.0)



class _LabelIndex(_Index):
    """A label's sections as BM25 ranks them for "<drug> dose for <condition>": a pharmacokinetic table whose
    heading names doses first, then a missed-dose section, the usual dose and a hepatic adjustment; dense
    ranks none of them."""

    def __init__(self):
        super().__init__(lead=1.0)
        self.dense_ids = [f"d{i}" for i in range(10)]
        self.lexical_hits = ([("pk table", 8.0), ("missed", 7.5), ("usual", 7.0), ("hepatic", 6.95)]
                             + [(f"d{i}", 6.9 - 0.1 * i) for i in range(10)])


def test_asked_for_a_dose_the_two_best_dosing_passages_reach_the_answerer_and_a_study_table_is_not_one():
    settings = Settings(top_k=6, query_expansion=False)
    found = [p.chunk.id for p in HybridRetriever(index=_LabelIndex(), reranker=None, settings=settings)
             .search("drugA dose for condition B?", vector=[0.0])]
    assert {"missed", "usual"} <= set(found)
    assert "pk table" not in found and "hepatic" not in found  # two at most: the rest keep their fused places


def test_admitted_passages_take_no_more_than_half_of_a_short_list():
    settings = Settings(top_k=3, query_expansion=False)
    found = [p.chunk.id for p in HybridRetriever(index=_LabelIndex(), reranker=None, settings=settings)
             .search("drugA dose for condition B?", vector=[0.0])]
    assert found[:2] == ["d0", "d1"] and found[2] == "missed"
