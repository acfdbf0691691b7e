"""What a question must be before it is answered: printable, short enough, with a subject in English."""

from __future__ import annotations

import re
import unicodedata
from typing import Callable


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


def require_subject(question: str, subject_tokens: Callable[[str], list[str]]) -> None:
    """A question must name something to look up (a word beyond "what was it?"), in the documents'
    language: letters outside the Latin script with no Latin word mean another language."""
    if any(re.search(r"[^\W\d_]", t) for t in subject_tokens(question)):
        return
    if re.search(r"[^\W\d_]", question) and not re.search(r"[A-Za-z]", question):
        raise QuestionError("Please ask in English: the indexed documents and their search are in English.")
    raise QuestionError("The question names nothing to look up. Please ask about a drug, trial, "
                        "outcome or other subject of the documents.")
