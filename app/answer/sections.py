"""What a passage's headings say it is, whatever it states: a document's record of its own changes
("Update information: <month year>: we amended the recommendation on <topic> ...") tells what was changed
and when, not what to do."""

from __future__ import annotations

from app.answer.units import Unit
from app.lexicon.medterms import ASKS_HISTORY, HISTORY_HEADINGS


def records_document_history(unit: Unit, question: str) -> bool:
    """A passage right under a heading of the document's history ("Update information", "Minor changes
    since publication"), the heading read whole, answers only a question about the document's changes or
    earlier advice. Only the innermost heading counts: a layout may put a document's content headings under a
    "Version history" box, and "Summary of changes from baseline" heads results, not history."""
    return bool(HISTORY_HEADINGS.search(unit.chunk.section.split(" > ")[-1])) and not ASKS_HISTORY.search(question)
