"""The pipeline: models, index, retriever and answerer wired into one LCEL chain
(question -> retrieve -> answer). Interfaces (CLI, UI) call this module, never the reverse.

Each part has one job and lives in its own module: question checks (app.questions), relevance
(app.answer.relevance), verified answering and LLM sentence streaming (app.answer.verified), document
caveats (app.answer.caveats), example and follow-up questions (app.answer.suggestions, called by the UI with the pipeline). The answerer, writer (LLM)
and checker (verifier) are injected behind small interfaces (app.answer.protocols), built from the
settings when not given."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from app.answer.answerability import AnswerabilityModel
from app.answer.caveats import CaveatCache
from app.answer.conversation import is_follow_up, resolve as resolve_follow_up
from app.answer.extractive import ExtractiveAnswerer, idf_from_lexical
from app.answer.generation import Generator, GeneratorUnavailable
from app.answer.indication import indication_reader
from app.answer.protocols import Answerer, Checker, Writer
from app.answer.relevance import StoredVectorRelevance
from app.answer.verified import checked_extractive, stream_generated
from app.index.indexing import Index
from app.index.model_ids import model_name
from app.index.models import embedding_model_path, load_cross_encoder, load_embeddings, reranker_model_path
from app.index.report import IngestReport
from app.lazy import LazyParts, built_once
from app.questions import QuestionError, clean_question, require_subject
from app.records import Answer
from app.retrieve.retrieval import HybridRetriever
from app.retrieve.references import reference_passages
from app.retrieve.spelling import spelling_passages
from app.retrieve.tables import table_passages
from app.settings import Settings
from app.text.asks import without_asides
from app.text.contractions import uncontracted
from app.text.forms import form_query
from app.text.labelled import labelled_ask
from app.text.posts import read_post
from app.text.shorthand import spelled_drugs
from app.text.spoken import spoken_numbers
from app.text.typos import corrected_typos
from app.verify.verifier import Verifier

__all__ = ["Pipeline", "QuestionError", "clean_question"]

log = logging.getLogger(__name__)


class Pipeline(LazyParts):
    def __init__(self, settings: Settings | None = None, *, answerer: Answerer | None = None,
                 checker: Checker | None = None, writer: Writer | None = None):
        super().__init__()
        self.settings = (settings or Settings()).resolved()
        self._precompute: threading.Thread | None = None
        self._answerer_version: str | None = None
        self._caveats = CaveatCache(lambda: self.index.docstore)
        for name, part in (("answerer", answerer), ("verifier", checker), ("generator", writer)):
            if part is not None:
                self.__dict__[name] = part

    # -- lazily built parts ---------------------------------------------------------------------
    @built_once
    def index(self) -> Index:
        import torch

        torch.set_num_threads(self.settings.query_threads)
        path = embedding_model_path(self.settings)
        backend = self.settings.embedding_backend
        embeddings = load_embeddings(path, backend=backend, cache_dir=self.settings.index_dir / "encoders")
        return Index(self.settings, embeddings, model_name(path, backend))

    @built_once
    def reranker(self):
        path = reranker_model_path(self.settings)
        return load_cross_encoder(path) if path else None

    @built_once
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(index=self.index, reranker=self.reranker, settings=self.settings)

    @built_once
    def answerer(self) -> Answerer:
        lexical = self.index.lexical()
        self._answerer_version = lexical.version
        return ExtractiveAnswerer(self.settings, StoredVectorRelevance(self.index, self.reranker),
                                  idf=idf_from_lexical(lexical), model=self.answerability_model,
                                  document=_document_reader(self.index),
                                  indication=indication_reader(self.index.docstore))

    @built_once
    def answerability_model(self) -> AnswerabilityModel | None:
        choice = self.settings.answerability_model
        if choice.lower() == "none":
            return None
        return AnswerabilityModel.load(Path(choice)) if choice else AnswerabilityModel.load()

    @built_once
    def generator(self) -> Writer:
        return Generator(self.settings)

    @built_once
    def verifier(self) -> Checker:
        def embed(texts: list[str]) -> np.ndarray:
            return np.asarray(self.index.embeddings.embed_documents(texts), dtype=np.float32)

        return Verifier(threshold=self.settings.support_threshold, embed=embed)

    @built_once
    def chain(self):
        """question -> embed -> retrieve: the passages (with their answer units) and the question vector."""
        def embed(inputs: dict) -> list[float]:
            t = time.perf_counter()
            vector = self.index.embeddings.embed_query(inputs["question"])
            inputs["timings"]["embed_ms"] = (time.perf_counter() - t) * 1000
            return vector

        def retrieve(inputs: dict) -> list:
            t, question, store = time.perf_counter(), inputs["question"], self.index.docstore
            passages = self.retriever.search(question, top_k=inputs.get("top_k"), sources=inputs.get("sources"),
                                             timings=inputs["timings"], vector=inputs["vector"], other_document=True)
            passages = list({p.chunk.id: p for p in [*passages, *_looked_up(question, passages, store)]}.values())
            inputs["timings"]["retrieve_ms"] = (time.perf_counter() - t) * 1000
            return passages

        def with_units(inputs: dict) -> dict:
            # The answer units (statements) of each passage and their vectors, for answering and checking.
            records, vectors = self.index.with_units([p.chunk for p in inputs["passages"]])
            passages = [replace(p, chunk=records[p.chunk.id]) for p in inputs["passages"] if p.chunk.id in records]
            return {**inputs, "passages": passages, "unit_vectors": vectors}

        return (
            RunnablePassthrough.assign(vector=RunnableLambda(embed))
            | RunnablePassthrough.assign(passages=RunnableLambda(retrieve))
            | RunnableLambda(with_units)
        )

    def _follow_corpus(self) -> None:
        """Term weights follow the corpus, also when another process (cds ingest beside cds serve, or
        another replica's ingest on a shared Chroma server) changed it."""
        followed = self.index.follow_server()
        built_on = self._answerer_version
        if followed or (self.is_built("answerer") and built_on is not None and self.index.lexical().version != built_on):
            self.invalidate("answerer")

    # -- operations -----------------------------------------------------------------------------
    def warm_up(self, background: bool = False) -> None:
        """Load every model and index now, so the first question is as fast as the rest. A small
        corpus gets its answer-unit vectors now; with `background`, a large one gets them in a
        background thread while questions are answered (until then they are computed on first use)."""
        self.ensure_indexed()
        self.index.precompute_unit_vectors(limit=500)
        _ = self.chain, self.answerer, self.verifier
        self.ask("warm-up question about the indexed documents", mode="extractive")
        if background:
            self.precompute_in_background()

    def precompute_in_background(self) -> threading.Thread:
        if self._precompute is None or not self._precompute.is_alive():
            def run():
                try:
                    n = self.index.precompute_unit_vectors(limit=None)
                    log.info("answer-unit vectors ready for %d passages", n)
                except Exception:  # the lazy path still works; say so rather than die silently
                    log.exception("background unit-vector computation failed; they are computed on first use")

            self._precompute = threading.Thread(target=run, name="unit-vectors", daemon=True)
            self._precompute.start()
        return self._precompute

    def ensure_indexed(self, on_event=None) -> IngestReport | None:
        """Index the corpus if the index is empty (a first run)."""
        if self.index.is_empty():
            return self.ingest(on_event=on_event, progress=False)
        return None

    def ingest(self, paths=None, rebuild: bool = False, progress: bool = True, on_event=None,
               loader=None) -> IngestReport:
        report = self.index.ingest(paths=paths, rebuild=rebuild, progress=progress, on_event=on_event, loader=loader)
        if report.changed:
            self.invalidate("answerer")  # term weights follow the corpus
        return report

    def ask(self, question: str, history: Sequence[str] | None = None, sources: list[str] | None = None,
            mode: str | None = None, top_k: int | None = None) -> Answer:
        """The answer to `question`. `history` holds the earlier questions of the conversation as they
        were interpreted (Answer.interpreted_as), oldest first; `sources` restricts retrieval to
        those documents; `mode` is "extractive" or "llm" (default from settings)."""
        answer = None
        for event in self.stream(question, history=history, sources=sources, mode=mode, top_k=top_k):
            if isinstance(event, Answer):
                answer = event
        return answer

    def _writer(self, mode: str | None) -> tuple[Writer | None, str]:
        if (mode or self.settings.answer_mode) != "llm":
            return None, ""
        try:
            return self.generator, ""
        except GeneratorUnavailable as exc:
            return None, f"{exc} This answer is extractive."

    def _interpret(self, question: str, history: list[str], writer: Writer | None) -> str:
        """The stand-alone question a follow-up stands for: condensed by the LLM when there is one,
        else resolved offline."""
        interpreted = resolve_follow_up(question, history)
        if writer is not None and history and is_follow_up(question):
            try:
                condensed = clean_question(writer.condense(question, history), self.settings.max_question_chars)
                # A rewrite that grew into an answer or an essay is not a question: keep the offline one.
                if len(condensed) <= 3 * len(question) + 300:
                    interpreted = condensed
            except (GeneratorUnavailable, QuestionError) as exc:
                log.warning("condensing the follow-up failed, resolved offline: %s", type(exc).__name__)
        return read_as_meant(self.index.lexical(), interpreted)

    def stream(self, question: str, history: Sequence[str] | None = None, sources: list[str] | None = None,
               mode: str | None = None, top_k: int | None = None) -> Iterator[str | Answer]:
        """Like `ask`, streamed: yields pieces of answer text (only text that passed verification),
        then the final Answer, whose `answer` is exactly the pieces joined."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (history or []) if h]
        self._follow_corpus()
        timings: dict[str, float] = {}
        writer, notice = self._writer(mode)
        interpreted = self._interpret(question, history, writer)
        require_subject(interpreted, lambda q: self.answerer.terms.question_terms(q).tokens)
        inputs = self.chain.invoke({"question": interpreted, "sources": sources, "timings": timings, "top_k": top_k})
        t = time.perf_counter()
        result = None
        if writer is not None:
            try:
                result = yield from stream_generated(
                    writer, self.verifier, interpreted, inputs,
                    fallback=lambda: self.answerer.answer(interpreted, inputs["passages"], vector=inputs["vector"]))
            except GeneratorUnavailable as exc:
                notice = f"{exc} This answer is extractive."
        if result is None:
            draft = self.answerer.answer(interpreted, inputs["passages"], vector=inputs["vector"])
            result = checked_extractive(draft, inputs, self.verifier)
            yield from _pieces(result.answer)
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        result.question, result.interpreted_as = question, interpreted
        result.notice = " ".join(x for x in (notice, result.notice) if x)
        result.caveats = self._caveats.for_sources([c.source for c in result.citations], result.citations)
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        result.timings_ms = timings
        yield result


def _document_reader(index) -> Callable[[str], str | None]:
    """An indexed document's text by source, read once per answerer: guards read a candidate's document for
    each of an answer's candidates, and the answerer is built anew when the index changes."""
    return lru_cache(maxsize=32)(lambda source: getattr(index.docstore.document(source), "text", None))


def read_as_meant(lexical, question: str) -> str:
    """The question as its words are meant, read against the corpus vocabulary and shown so: "hadnt" ->
    "had not", a drug's shorthand -> the drug, "guidline" -> "guideline", a dictated "zero point one six"
    -> "0.16", a message's sentences around the ask that say nothing clinical ("the fridge is broken") left out,
    as are a form's fields saying who asks and how urgently ("Enquirer: ...", "Urgency: routine"), what a
    message pasted before its labelled ask ("... Q: <ask>", a handover's "R: <ask>") but the patient's facts, and a post's
    hashtags the documents never use ("#MedTwitter")."""
    return without_asides(corrected_typos(lexical, spelled_drugs(lexical, uncontracted(spoken_numbers(form_query(labelled_ask(read_post(question, lexical.doc_freqs)), lexical.doc_freqs))))), lexical.doc_freqs)


def _pieces(text: str) -> Iterator[str]:
    """An answer composed at once, streamed word by word like a generated one."""
    return iter(re.findall(r"\S+\s*", text))


def _looked_up(question: str, passages: list, store) -> list:
    """Passages a question asks for that retrieval by similarity misses: where the document spells out
    an abbreviation asked about, a table's other rows, a numbered reference's entry."""
    return [p for find in (spelling_passages, table_passages, reference_passages) for p in find(question, passages, store)]
