"""The pipeline: models, index, retriever and answerer wired into one LCEL chain
(question -> retrieve -> answer). Interfaces (CLI, UI) call this module, never the reverse."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import replace
import time
import unicodedata
import functools
from typing import Iterator, Sequence

import numpy as np
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from app.answer.extractive import ABSTENTION, ExtractiveAnswerer, idf_from_lexical
from app.answer.caveats import content_caveats, document_caveats
from app.answer.conversation import is_follow_up, resolve as resolve_follow_up
from app.answer.generation import Generator, GeneratorUnavailable
from app.verify.verifier import MARKER, Composer, Evidence, Verifier, best_quote, split_sentences
from app.index.indexing import Index
from app.index.report import IngestReport
from app.index.model_ids import model_name
from app.index.models import embedding_model_path, load_cross_encoder, load_embeddings, reranker_model_path
from app.records import Answer, Chunk
from app.retrieve.retrieval import HybridRetriever, sigmoid
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


def built_once(build):
    """A lazily built part of the pipeline, built by one thread only (functools.cached_property has
    no lock from Python 3.12 on, and two UI requests would each load the models). Kept in the
    instance __dict__, so popping it there rebuilds it on next use."""
    name = build.__name__

    @functools.wraps(build)
    def get(self):
        try:
            return self.__dict__[name]
        except KeyError:
            pass
        with self._build_lock:
            if name not in self.__dict__:
                self.__dict__[name] = build(self)
            return self.__dict__[name]

    return property(get)


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = (settings or Settings()).resolved()
        self._caveats: dict[tuple[str, str], list[str]] = {}
        self._findings: dict[tuple[str, str], list] = {}
        self._precompute: threading.Thread | None = None
        self._build_lock = threading.RLock()

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

    @built_once
    def chain(self):
        """question -> embed -> retrieve: the passages (with their answer units) and the question vector."""
        def embed(inputs: dict) -> list[float]:
            t = time.perf_counter()
            vector = self.index.embeddings.embed_query(inputs["question"])
            inputs["timings"]["embed_ms"] = (time.perf_counter() - t) * 1000
            return vector

        def retrieve(inputs: dict) -> list:
            t = time.perf_counter()
            passages = self.retriever.search(
                inputs["question"], top_k=inputs.get("top_k"), sources=inputs.get("sources"),
                timings=inputs["timings"], vector=inputs["vector"],
            )
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
            # Term weights follow the corpus.
            self.__dict__.pop("answerer", None)
        return report

    def example_questions(self, n: int = 4) -> list[str]:
        """Questions drawn from the corpus (table rows, statements, headings) that the assistant answers."""
        from app.answer.suggestions import example_questions

        return example_questions(self, n)

    def follow_up_questions(self, answer: Answer, asked: Sequence[str] = (), n: int = 3) -> list[str]:
        """Questions the passages cited by `answer` (and their neighbours) answer, not yet asked."""
        from app.answer.suggestions import follow_up_questions

        return follow_up_questions(self, answer, asked, n)

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

    def stream(self, question: str, history: Sequence[str] | None = None, sources: list[str] | None = None,
               mode: str | None = None, top_k: int | None = None) -> Iterator[str | Answer]:
        """Like `ask`, streamed: yields pieces of answer text (only text that passed verification),
        then the final Answer, whose `answer` is exactly the pieces joined."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (history or []) if h]
        built_on = self.__dict__.get("_answerer_version")
        followed = self.index.follow_server()  # another replica's ingest on a shared Chroma server
        if followed or ("answerer" in self.__dict__ and built_on is not None and self.index.lexical().version != built_on):
            # Term weights follow the corpus, also when another process (cds ingest beside cds serve) changed it.
            self.__dict__.pop("answerer", None)
        timings: dict[str, float] = {}
        notice = ""
        generator = None
        if (mode or self.settings.answer_mode) == "llm":
            try:
                generator = self.generator
            except GeneratorUnavailable as exc:
                notice = f"{exc} This answer is extractive."
        interpreted = resolve_follow_up(question, history)
        if generator is not None and history and is_follow_up(question):
            try:
                condensed = clean_question(generator.condense(question, history), self.settings.max_question_chars)
                # A rewrite that grew into an answer or an essay is not a question: keep the offline one.
                if len(condensed) <= 3 * len(question) + 300:
                    interpreted = condensed
            except (GeneratorUnavailable, QuestionError) as exc:
                log.warning("condensing the follow-up failed, resolved offline: %s", type(exc).__name__)
        if not any(re.search(r"[^\W\d_]", t) for t in self.answerer.question_terms(interpreted).tokens):
            if re.search(r"[^\W\d_]", interpreted) and not re.search(r"[A-Za-z]", interpreted):
                raise QuestionError("Please ask in English: the indexed documents and their search are in English.")
            raise QuestionError("The question names nothing to look up. Please ask about a drug, trial, "
                                "outcome or other subject of the documents.")
        inputs = self.chain.invoke({"question": interpreted, "sources": sources, "timings": timings, "top_k": top_k})
        t = time.perf_counter()
        result = None
        if generator is not None:
            try:
                result = yield from self._generated(generator, interpreted, inputs)
            except GeneratorUnavailable as exc:
                notice = f"{exc} This answer is extractive."
        if result is None:
            result = self._extractive(interpreted, inputs)
            for piece in re.findall(r"\S+\s*", result.answer):
                yield piece
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        result.question, result.interpreted_as = question, interpreted
        result.notice = " ".join(x for x in (notice, result.notice) if x)
        result.caveats = self.caveats_for([c.source for c in result.citations], result.citations)
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        result.timings_ms = timings
        yield result

    # -- answering ------------------------------------------------------------------------------
    @built_once
    def generator(self) -> Generator:
        return Generator(self.settings)

    @built_once
    def verifier(self) -> Verifier:
        def embed(texts: list[str]) -> np.ndarray:
            return np.asarray(self.index.embeddings.embed_documents(texts), dtype=np.float32)

        return Verifier(threshold=self.settings.support_threshold, embed=embed)

    def _evidence(self, chunks: dict[int, Chunk], vectors: dict) -> dict[int, Evidence]:
        return {n: Evidence(c, vectors.get(c.id)) for n, c in chunks.items()}

    def _extractive(self, question: str, inputs: dict) -> Answer:
        """The extractive answer, its statements checked like any other answer's."""
        answer = self.answerer.answer(question, inputs["passages"], vector=inputs["vector"])
        if answer.abstained:
            return answer
        chunks = {p.chunk.id: p.chunk for p in inputs["passages"]}
        by_n = {c.n: c for c in answer.citations}
        composer = Composer(
            self.verifier, self._evidence({c.n: chunks[c.chunk_id] for c in answer.citations}, inputs["unit_vectors"]),
            cite=lambda finding, n: replace(by_n[n]), abstention=ABSTENTION,
        )
        composer.add(split_sentences(answer.answer))
        if not composer.kept:
            return replace(answer, answer=ABSTENTION, abstained=True, citations=[], sentences=composer.checks,
                           related=answer.citations[:3],
                           notice="The answer was withheld: its statements could not be verified against the passages.")
        return replace(answer, answer=composer.text, citations=composer.citations, sentences=composer.checks)

    def _generated(self, generator: Generator, question: str, inputs: dict):
        """Stream a generated answer, one verified sentence at a time. Returns the Answer, or raises
        GeneratorUnavailable before anything was shown (the caller then answers extractively)."""
        passages = inputs["passages"]
        if not passages:
            return None
        chunks = {i + 1: p.chunk for i, p in enumerate(passages)}
        composer = Composer(self.verifier, self._evidence(chunks, inputs["unit_vectors"]),
                            cite=lambda finding, n: best_quote(chunks[n], finding), abstention=ABSTENTION)
        buffer, shown, stopped = "", 0, ""
        tokens = generator.stream_answer(question, passages, ABSTENTION)
        try:
            for token in tokens:
                buffer += token
                # A sentence is complete only once the next one has begun with words: until then a
                # citation marker may still be arriving for it ("... 78.6%. [", "7", "]").
                if re.search(r"\[[^\]]*$", buffer):
                    continue
                sentences = split_sentences(buffer)
                if len(sentences) > 1 and re.search(r"[A-Za-z]{2}", MARKER.sub("", sentences[-1].text)):
                    buffer = buffer[buffer.rfind(sentences[-1].text):]  # keep its trailing space
                    for text in composer.add(sentences[:-1]):
                        yield (" " if shown else "") + text
                        shown += 1
        except GeneratorUnavailable as exc:
            if not shown and not composer.checks:
                raise
            stopped = f"{exc} The answer may be incomplete."
        for text in composer.add(split_sentences(buffer)):
            yield (" " if shown else "") + text
            shown += 1
        if not composer.kept:
            fallback = self.answerer.answer(question, passages, vector=inputs["vector"])
            removed = sum(not c.supported for c in composer.checks)
            yield ABSTENTION
            return Answer(
                question=question, answer=ABSTENTION, abstained=True, related=fallback.related or fallback.citations[:3],
                mode="llm", sentences=composer.checks,
                notice=(f"The generated answer was withheld: none of its {removed} sentence(s) could be verified "
                        "against the passages." if removed else stopped),
            )
        return Answer(question=question, answer=composer.text, abstained=False, citations=composer.citations,
                      mode="llm", sentences=composer.checks, notice=stopped)

    def caveats_for(self, sources: list[str], citations=()) -> list[str]:
        out: list[str] = []
        for source in dict.fromkeys(sources):
            out.extend(self.index_caveats(source))
            out.extend(content_caveats(self.index.docstore, source, [c for c in citations if c.source == source],
                                       self._findings))
        return out

    def index_caveats(self, source: str) -> list[str]:
        key = (source, self.index.docstore.version())
        if key not in self._caveats:
            store = self.index.docstore
            doc = store.document(source)
            chunks = list(store.chunks(store.chunk_ids(source)).values()) if doc is not None else []
            self._caveats[key] = document_caveats(doc, chunks) if doc is not None else []
        return self._caveats[key]
