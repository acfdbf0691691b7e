"""What a passage's headings say it is, whatever it states: a document's record of its own changes
("Update information: we amended the recommendations on referral ...") tells what was changed and
when, not what to do."""

from __future__ import annotations

from app.answer.units import Unit
from app.lexicon.medterms import ASKS_HISTORY, HISTORY_HEADINGS


def records_document_history(unit: Unit, question: str) -> bool:
    """A passage under a heading of the document's history ("Update information", "Minor changes since
    publication") answers only a question about the document's changes."""
    return bool(HISTORY_HEADINGS.search(unit.chunk.section)) and not ASKS_HISTORY.search(question)
