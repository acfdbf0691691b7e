"""What to use instead, read with the sentence ruling a use out. A leaflet says who must not have a form of
the medicine and, in the next sentence, what those patients have instead ("<Brand> tablets are not meant
for children under 40 kg. For these patients, <Brand> granules are available."). Asked whether a child
can have the tablets, the refusal alone says no without saying what can be given."""

from __future__ import annotations

import re

from app.answer.coverage import TermCoverage
from app.answer.joins import Fits
from app.answer.units import QuestionTerms, Unit, goes_on, medicines_named, names_other_medicine, overlaps, sentences_after
from app.ingest.units import LIST_ITEM, clean_statement

# A sentence ruling a use out, for some patients or in some situation.
_RULES_OUT = re.compile(r"\b(?:(?:is|are|should|must|can|may)\s+not\s+(?:be\s+)?(?:meant|intended|suitable|recommended|used|given|"
                        r"taken|suited|indicated|appropriate)|(?:cannot|can't|mustn't|shouldn't)\s+(?:be\s+)?(?:used|given|taken)"
                        r"|not\s+(?:for\s+use|to\s+be\s+used)|contra-?indicated|do\s+not\s+(?:use|give|take))\b", re.I)
# The next sentence pointing back to those patients with what to do instead: not one naming other patients
# of its own ("In those with CrCl 30 to 50 mL/min, reduce ..."), nor "For this reason" or "In this study".
_INSTEAD = re.compile(r"^\W*(?:(?:for|in)\s+(?:these|such|those)\s+(?:patients|children|people|adults|women|infants|babies|cases|groups?)\b"
                      r"(?!\s+(?:with|who|whose|aged|weighing|of|over|under|below|above|from|on|taking|receiving)\b)"
                      r"|(?:for|in)\s+(?:them|this\s+(?:group|population|case))\b|instead\b|alternatively\b|(?:an?|the)\s+alternative\b"
                      r"|(?:they|these\s+patients|such\s+patients)\s+(?:should|can|may)\s+(?:instead\s+)?(?:use|be\s+given|take|have|receive)\b)", re.I)


def alternative_offered(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                        threshold: float, fits: Fits) -> list[Unit]:
    """Answered with a sentence ruling a use out, the next sentence of its paragraph or list item, when it
    points back to those patients with what they have instead."""
    if not taken or taken[0].kind != "sentence" or not _RULES_OUT.search(clean_statement(taken[0].text)):
        return []
    best = taken[0]
    nxt = next(iter(sentences_after(best, units)), None)
    if nxt is None or not goes_on(best.chunk, best.end, nxt.start) or LIST_ITEM.match(nxt.text):
        return []
    if not _INSTEAD.match(clean_statement(nxt.text)) or any(nxt is t or overlaps(nxt, t) for t in taken):
        return []
    # (It points back to the patients the one before names, so it is read with it, not judged alone on the
    # question: "For these patients, granules are available" states neither the child's weight nor tablets.
    # A medicine neither the refusal nor the question names is another matter.)
    return [] if names_other_medicine(nxt.text, medicines_named(best, terms.text)) else [nxt]
