"""Answers that reach the reader only sentence by sentence verified: the extractive answer checked as a
whole, and an LLM's draft checked as it streams (a sentence is released once the next has begun)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, Iterator

from app.answer.extractive import ABSTENTION
from app.answer.generation import GeneratorUnavailable
from app.answer.protocols import Checker, Writer
from app.records import Answer, Chunk
from app.verify.quotes import best_quote
from app.verify.verifier import MARKER, Composer, Evidence, cited_statements, split_sentences


def evidence(chunks: dict[int, Chunk], vectors: dict) -> dict[int, Evidence]:
    return {n: Evidence(c, vectors.get(c.id)) for n, c in chunks.items()}


def checked_extractive(answer: Answer, inputs: dict, checker: Checker) -> Answer:
    """The extractive answer, its statements checked like any other answer's."""
    if answer.abstained:
        return answer
    chunks = {p.chunk.id: p.chunk for p in inputs["passages"]}
    by_n = {c.n: c for c in answer.citations}
    composer = Composer(
        checker, evidence({c.n: chunks[c.chunk_id] for c in answer.citations}, inputs["unit_vectors"]),
        cite=lambda finding, n: replace(by_n[n]), abstention=ABSTENTION,
    )
    composer.add(cited_statements(answer.answer))
    if not composer.kept:
        return replace(answer, answer=ABSTENTION, abstained=True, citations=[], sentences=composer.checks,
                       related=answer.related or answer.citations[:3],
                       notice="The answer was withheld: its statements could not be verified against the passages.")
    return replace(answer, answer=composer.text, citations=composer.citations, sentences=composer.checks)


class SentenceBuffer:
    """Tokens in, complete sentences out. A sentence is complete only once the next one has begun with
    words: until then a citation marker may still be arriving for it ("... 62.5%. [", "7", "]")."""

    def __init__(self) -> None:
        self.text = ""

    def feed(self, token: str) -> list:
        self.text += token
        if re.search(r"\[[^\]]*$", self.text):
            return []
        sentences = split_sentences(self.text)
        if len(sentences) > 1 and re.search(r"[A-Za-z]{2}", MARKER.sub("", sentences[-1].text)):
            self.text = self.text[self.text.rfind(sentences[-1].text):]  # keep its trailing space
            return sentences[:-1]
        return []

    def rest(self) -> list:
        return split_sentences(self.text)


def stream_generated(writer: Writer, checker: Checker, question: str, inputs: dict,
                     fallback: Callable[[], Answer]) -> Iterator[str]:
    """Stream a generated answer, one verified sentence at a time; returns (as the generator's value)
    the Answer, or None without passages. Raises GeneratorUnavailable before anything was shown (the
    caller then answers extractively). `fallback` gives the extractive answer's related passages
    when nothing generated survives."""
    passages = inputs["passages"]
    if not passages:
        return None
    chunks = {i + 1: p.chunk for i, p in enumerate(passages)}
    composer = Composer(checker, evidence(chunks, inputs["unit_vectors"]),
                        cite=lambda finding, n: best_quote(chunks[n], finding), abstention=ABSTENTION)
    buffer, shown, stopped = SentenceBuffer(), 0, ""
    try:
        for token in writer.stream_answer(question, passages, ABSTENTION):
            complete = buffer.feed(token)
            for text in composer.add(complete) if complete else ():
                yield (" " if shown else "") + text
                shown += 1
    except GeneratorUnavailable as exc:
        if not shown and not composer.checks:
            raise
        stopped = f"{exc} The answer may be incomplete."
    for text in composer.add(buffer.rest()):
        yield (" " if shown else "") + text
        shown += 1
    if not composer.kept:
        related = fallback()
        removed = sum(not c.supported for c in composer.checks)
        yield ABSTENTION
        return Answer(
            question=question, answer=ABSTENTION, abstained=True, related=related.related or related.citations[:3],
            mode="llm", sentences=composer.checks,
            notice=(f"The generated answer was withheld: none of its {removed} sentence(s) could be verified "
                    "against the passages." if removed else stopped),
        )
    return Answer(question=question, answer=composer.text, abstained=False, citations=composer.citations,
                  mode="llm", sentences=composer.checks, notice=stopped)
