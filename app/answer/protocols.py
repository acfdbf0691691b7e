"""The small interfaces the pipeline wires together, so any answerer, writer or checker that has
these methods can be injected (the extractive answerer, an LLM generator, the verifier, test doubles)."""

from __future__ import annotations

from typing import Iterator, Protocol, Sequence

from app.records import Answer, Passage


class Answerer(Protocol):
    """Answers from retrieved passages without a language model; abstains when they do not answer."""

    def answer(self, question: str, passages: list[Passage], vector: Sequence[float] | None = None) -> Answer: ...

    def question_terms(self, question: str): ...


class Writer(Protocol):
    """Drafts an answer with a language model; raises GeneratorUnavailable when it cannot."""

    def stream_answer(self, question: str, passages: list[Passage], abstention: str) -> Iterator[str]: ...

    def condense(self, question: str, history: list[str]) -> str: ...


class Checker(Protocol):
    """Checks each sentence of a draft against the passages it cites (app.verify.verifier.Verifier)."""

    def check(self, sentences: list, evidence: dict) -> list: ...
