"""Hybrid retrieval: dense (Chroma) + lexical (BM25) fused by reciprocal rank, then a cross-encoder
rerank when one is installed. Exposed as a LangChain retriever."""

from __future__ import annotations

import math
import time
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from app.lexicon.medterms import ASKS_DOSING, DOSING_SECTIONS, STUDY_SECTIONS
from app.records import Passage
from app.text.lexical import with_long_forms

# How far ahead of its next hit (BM25 score ratio) BM25's best must be to reach the answerer whatever
# its fused rank.
LEXICAL_LEAD = 2.0
# The least share of BM25's best score a passage under a dosing heading needs to reach the answerer,
# and how many such passages may: a label's dosing section is split by population and situation
# (usual dose, renal adjustment, missed doses), and its summary repeats the usual dose. With BM25's
# far-ahead best, three of the top k places may be taken this way.
DOSING_SHARE = 0.5
DOSING_ADMITTED = 2

Mode = Literal["hybrid", "dense", "lexical"]


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def rrf(rankings: list[tuple[list[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion of several ranked id lists."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, cid in enumerate(ids, start=1):
            fused[cid] = fused.get(cid, 0.0) + weight / (k + rank)
    return fused


class HybridRetriever(BaseRetriever):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # app.index.indexing.Index
    reranker: Any = None  # sentence_transformers.CrossEncoder or None
    settings: Any
    mode: Mode = "hybrid"
    use_reranker: bool = True

    def rerank(self, query: str, passages: list[Passage]) -> list[Passage]:
        if not passages or self.reranker is None:
            return passages
        logits = self.reranker.predict(
            [(query, p.chunk.search_text) for p in passages], batch_size=32, show_progress_bar=False
        )
        for p, logit in zip(passages, logits):
            p.rerank = sigmoid(float(logit))
            p.score = p.rerank
        return sorted(passages, key=lambda p: p.score, reverse=True)

    def search(self, query: str, top_k: int | None = None, mode: Mode | None = None,
               rerank: bool | None = None, sources: list[str] | None = None,
               timings: dict[str, float] | None = None, vector: list[float] | None = None,
               other_document: bool = False) -> list[Passage]:
        """Top passages for a query; stage timings are added to `timings` when given. With `other_document`,
        BM25's best hit follows them when it is from a document none of them is from."""
        s = self.settings
        mode = mode or self.mode
        rerank = self.use_reranker if rerank is None else rerank
        top_k = top_k or s.top_k
        timings = {} if timings is None else timings
        rankings: list[tuple[list[str], float]] = []
        dense_ids: list[str] = []
        lexical_ids: list[str] = []
        lexical_hits: list[tuple[str, float]] = []

        if mode in ("hybrid", "dense"):
            # With clinical expansion the encoder reads shorthand spelled out ("N&V (nausea and
            # vomiting)"), as BM25 reads its synonyms; the caller's vector is of the question as asked.
            spelled = with_long_forms(query) if s.query_expansion else query
            if vector is None or spelled != query:
                t = time.perf_counter()
                vector = self.index.embeddings.embed_query(spelled)
                timings["embed_ms"] = timings.get("embed_ms", 0.0) + (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            dense_ids = self.index.dense(vector, s.dense_k, sources)
            timings["dense_ms"] = (time.perf_counter() - t) * 1000
            rankings.append((dense_ids, s.dense_weight))
        if mode in ("hybrid", "lexical"):
            t = time.perf_counter()
            # Over-fetch when restricted to some documents: the filter applies after scoring.
            lexical_hits = self.index.lexical().search(query, s.lexical_k * (4 if sources else 1), expand=s.query_expansion)
            lexical_ids = [cid for cid, _ in lexical_hits]
            timings["lexical_ms"] = (time.perf_counter() - t) * 1000
            rankings.append((lexical_ids, s.lexical_weight))

        fused = rrf(rankings, s.rrf_k)
        order = sorted(fused, key=fused.get, reverse=True)
        # BM25's best hit, when it is far ahead of its next (a rare term only it holds), reaches the
        # answerer: fusion by rank alone can push it below passages both lists rank middling.
        admitted = []
        if len(lexical_hits) > 1 and lexical_hits[0][1] >= LEXICAL_LEAD * lexical_hits[1][1]:
            admitted.append(lexical_ids[0])
        # Asked what dose to give, BM25's best passages under a dosing heading (scoring at least half its
        # best hit) reach the answerer too: a label's dosing section shares little with "<drug> dose
        # for <condition>?" but the drug, which every section names, and the encoder ranks the sections
        # on the condition (its trials) first. A study or pharmacokinetics section's doses are what its
        # subjects received (the answerer's study-dosing guard reads them so), not a recommendation,
        # even where a table's column headers ("single 1,000 mg dose") were read into its heading.
        if lexical_hits and ASKS_DOSING.search(query):
            heads = self.index.docstore.chunks(lexical_ids)
            admitted += [cid for cid, score in lexical_hits if score >= DOSING_SHARE * lexical_hits[0][1] and cid in heads
                         and DOSING_SECTIONS.search(heads[cid].section or heads[cid].heading)  # (a dosing section's subsections too)
                         and not STUDY_SECTIONS.search(heads[cid].section)][:DOSING_ADMITTED]
        late = [cid for cid in dict.fromkeys(admitted) if cid in order[top_k:]]
        # They take the last places of the top k, never more than half of them: a short list ("top 3")
        # keeps the fused ranking's best.
        late = late[: top_k - (top_k + 1) // 2]
        if late:
            head, keep = [cid for cid in order if cid not in late], top_k - len(late)
            order = head[:keep] + late + head[keep:]
        depth = max(s.rerank_k, top_k) if (rerank and self.reranker is not None) else top_k
        # Only chunks the docstore lists are served (vectors of a half-finished ingest are not).
        chunks = self.index.docstore.chunks(order[: depth * 2 + 10])
        passages = []
        for cid in order:
            chunk = chunks.get(cid)
            if chunk is None or (sources and chunk.source not in sources):
                continue
            passages.append(
                Passage(
                    chunk=chunk, score=fused[cid], fused=fused[cid],
                    dense_rank=dense_ids.index(cid) + 1 if cid in dense_ids else None,
                    lexical_rank=lexical_ids.index(cid) + 1 if cid in lexical_ids else None,
                )
            )
            if len(passages) >= depth:
                break
        if rerank and self.reranker is not None:
            # The cross-encoder rescores the head of the fused list; the tail keeps its fused order.
            t = time.perf_counter()
            passages = self.rerank(query, passages[: s.rerank_k]) + passages[s.rerank_k :]
            timings["rerank_ms"] = (time.perf_counter() - t) * 1000
        return passages[:top_k] + (self._other_document(passages[:top_k], lexical_ids, fused, dense_ids, sources) if other_document else [])

    def _other_document(self, passages: list[Passage], lexical_ids: list[str], fused, dense_ids, sources) -> list[Passage]:
        """BM25's best hit, when it is from a document none of the top k is from: a document whose
        title every passage carries ("... in <condition>") can fill the encoder's list with passages on
        nothing asked, ahead of the one document that says the question's rarer words."""
        # (Asked of some documents only, the top k already come from them.)
        best = lexical_ids[0] if lexical_ids and not sources and passages else None
        if best is None or any(p.chunk.id == best for p in passages):
            return []
        chunk = self.index.docstore.chunks([best]).get(best)
        if chunk is None or chunk.source in {p.chunk.source for p in passages}:
            return []
        # It ranks after them, on their scale (the reranker's, when one ran).
        return [Passage(chunk=chunk, score=passages[-1].score, fused=fused.get(best, 0.0), lexical_rank=1,
                        dense_rank=dense_ids.index(best) + 1 if best in dense_ids else None)]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [
            LCDocument(id=p.chunk.id, page_content=p.chunk.text, metadata={**p.chunk.metadata(), "passage": p})
            for p in self.search(query)
        ]
