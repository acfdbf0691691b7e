"""What a passage's headings say it is, whatever it states: a document's record of its own changes
("Update information: <month year>: the previous advice was <X>; this was changed to <Y>") tells what
was advised before, which is no answer to what to do now."""

from __future__ import annotations

from app.answer.units import Unit
from app.lexicon.medterms import ASKS_HISTORY, HISTORY_HEADINGS, STATES_EARLIER


def records_document_history(unit: Unit, question: str) -> bool:
    """A sentence right under a heading of the document's history ("Update information", "Minor changes
    since publication") that states earlier advice ("the previous advice was ...", "changed from <X> to
    <Y>") answers only a question about the document's changes or earlier advice; one stating the advice as
    it now stands answers as any other. Only the innermost heading counts: a layout may put content headings
    under a "Version history" box, and "Summary of changes from baseline" heads results, not history."""
    return (bool(HISTORY_HEADINGS.search(unit.chunk.heading)) and bool(STATES_EARLIER.search(unit.text))
            and not ASKS_HISTORY.search(question))
