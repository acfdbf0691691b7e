"""The pipeline: models, index, retriever and answerer wired into one LCEL chain
(question -> retrieve -> answer). Interfaces (CLI, UI) call this module, never the reverse."""

from __future__ import annotations

import logging
from dataclasses import replace
import time
import unicodedata
from functools import cached_property

import numpy as np
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from app.answering import ExtractiveAnswerer, idf_from_lexical
from app.indexing import Index, IngestReport
from app.models import embedding_model_path, load_cross_encoder, load_embeddings, model_name, reranker_model_path
from app.records import Answer
from app.retrieval import HybridRetriever, sigmoid
from app.settings import Settings

log = logging.getLogger(__name__)


class QuestionError(ValueError):
    """A question that cannot be asked as typed; the message tells the user what to do."""


def clean_question(question: str, max_chars: int) -> str:
    if question is None:
        raise QuestionError("Please type a question.")
    # Control characters (other than whitespace) carry nothing a reader can see.
    question = "".join(ch if ch.isprintable() or ch in "\t\n" else " " for ch in str(question))
    question = unicodedata.normalize("NFC", " ".join(question.split()))
    if not question:
        raise QuestionError("Please type a question.")
    if len(question) > max_chars:
        raise QuestionError(
            f"The question is {len(question):,} characters long; the limit is {max_chars:,}. "
            "Please shorten it to the clinical question itself."
        )
    if not any(ch.isalnum() for ch in question):
        raise QuestionError("The question has no words in it. Please type a question.")
    return question


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = (settings or Settings()).resolved()

    # -- lazily built parts ---------------------------------------------------------------------
    @cached_property
    def index(self) -> Index:
        import torch

        torch.set_num_threads(self.settings.query_threads)
        path = embedding_model_path(self.settings)
        return Index(self.settings, load_embeddings(path), model_name(path))

    @cached_property
    def reranker(self):
        path = reranker_model_path(self.settings)
        return load_cross_encoder(path) if path else None

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(index=self.index, reranker=self.reranker, settings=self.settings)

    @cached_property
    def answerer(self) -> ExtractiveAnswerer:
        lexical = self.index.lexical()
        self._answerer_version = lexical.version
        return ExtractiveAnswerer(self.settings, self._relevance, idf=idf_from_lexical(lexical))

    def _relevance(self, question: str, units, vector=None) -> list[float]:
        """Question-unit relevance in 0..1: the cross-encoder when installed, else the cosine
        similarity between the question and the unit vectors stored at ingest."""
        if not units:
            return []
        if self.reranker is not None:
            logits = self.reranker.predict(
                [(question, u.context) for u in units], batch_size=32, show_progress_bar=False
            )
            return [sigmoid(float(x)) for x in logits]
        q = np.asarray(vector if vector is not None else self.index.embeddings.embed_query(question), dtype=np.float32)
        _, stored = self.index.with_units([u.chunk for u in units])
        return [
            max(0.0, float(q @ stored[u.chunk.id][u.chunk.units.index((u.start, u.end))].astype(np.float32)))
            for u in units
        ]

    @cached_property
    def chain(self):
        def embed(inputs: dict) -> list[float]:
            t = time.perf_counter()
            vector = self.index.embeddings.embed_query(inputs["question"])
            inputs["timings"]["embed_ms"] = (time.perf_counter() - t) * 1000
            return vector

        def retrieve(inputs: dict) -> list:
            t = time.perf_counter()
            passages = self.retriever.search(
                inputs["question"], sources=inputs.get("sources"), timings=inputs["timings"], vector=inputs["vector"]
            )
            inputs["timings"]["retrieve_ms"] = (time.perf_counter() - t) * 1000
            return passages

        def answer(inputs: dict) -> Answer:
            t = time.perf_counter()
            passages = inputs["passages"]
            records, _ = self.index.with_units([p.chunk for p in passages])
            passages = [replace(p, chunk=records[p.chunk.id]) for p in passages if p.chunk.id in records]
            result = self.answerer.answer(inputs["question"], passages, vector=inputs["vector"])
            inputs["timings"]["answer_ms"] = (time.perf_counter() - t) * 1000
            result.timings_ms = inputs["timings"]
            return result

        return (
            RunnablePassthrough.assign(vector=RunnableLambda(embed))
            | RunnablePassthrough.assign(passages=RunnableLambda(retrieve))
            | RunnableLambda(answer)
        )

    # -- operations -----------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load every model and index now, so the first question is as fast as the rest."""
        self.ensure_indexed()
        self.index.precompute_unit_vectors()
        _ = self.chain, self.answerer
        self.ask("warm-up question about the indexed documents")

    def ensure_indexed(self, on_event=None) -> IngestReport | None:
        """Index the corpus if the index is empty (a first run)."""
        if self.index.is_empty():
            return self.ingest(on_event=on_event, progress=False)
        return None

    def ingest(self, paths=None, rebuild: bool = False, progress: bool = True, on_event=None) -> IngestReport:
        report = self.index.ingest(paths=paths, rebuild=rebuild, progress=progress, on_event=on_event)
        if report.changed:
            # Term weights follow the corpus.
            self.__dict__.pop("answerer", None)
        return report

    def example_questions(self, n: int = 4) -> list[str]:
        """Questions drawn from the corpus (table rows, section headings) that the assistant answers."""
        from app.chunking import clean_statement

        docstore = self.index.docstore
        ids = docstore.chunk_ids()
        chunks = docstore.chunks(ids[:2000])
        from_tables, from_sections = [], []
        for cid in ids[:2000]:
            c = chunks[cid]
            if c.kind == "table_row" and len(c.cells) >= 2:
                label = clean_statement(c.text[c.cells[0].start - c.start : c.cells[0].end - c.start])
                from_tables.append((c.section, f"What was reported for {label}?"))
            elif c.kind == "prose" and c.section:
                heading = c.section.split(" > ")[-1]
                if not heading.lower().startswith("table"):
                    from_sections.append(f"What does the document say about {heading}?")
        # One row per table, one question per section, alternating.
        per_table = list({section: q for section, q in reversed(from_tables)}.values())[::-1]
        candidates = []
        for pair in zip(per_table, dict.fromkeys(from_sections)):
            candidates.extend(pair)
        chosen = []
        for q in dict.fromkeys(candidates):
            if len(chosen) >= n:
                break
            try:
                if not self.ask(q).abstained:
                    chosen.append(q)
            except Exception:  # an example is optional; never block the UI on one
                log.exception("example question failed: %s", q)
        return chosen

    def ask(self, question: str, sources: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        built_on = self.__dict__.get("_answerer_version")
        if "answerer" in self.__dict__ and built_on is not None and self.index.lexical().version != built_on:
            # Term weights follow the corpus, also when another process (cds ingest beside cds serve) changed it.
            self.__dict__.pop("answerer", None)
        timings: dict[str, float] = {}
        result = self.chain.invoke({"question": question, "sources": sources, "timings": timings})
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        return result
