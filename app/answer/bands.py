"""Side-effect frequencies in labels and leaflets are given as bands: a line such as "Very common: may
affect more than 1 in 10 people" heads a list of effects that do not repeat it. Asked how common an
effect is, the band over the line that names the effect states its rate."""

from __future__ import annotations

import re

from app.answer.units import Unit
from app.ingest.chunking import unit_context
from app.lexicon.medterms import FREQUENCY_BAND
from app.records import Passage

# How far into the document (characters) a band's list may run from its label to the line asked about.
REACH = 600
# A band's label is a short line of its own, not a sentence that mentions a frequency.
_LABEL = re.compile(r"^[\W_]*(?:" + FREQUENCY_BAND.pattern + r")[^\n]{0,80}$", re.I)


def band_over(unit: Unit, passages: list[Passage], document: str | None) -> Unit | None:
    """The label of the band `unit` is listed under: the last band before it in its document, within
    reach, when that band is a line of its own inside a retrieved passage (so it can be quoted). A line
    that states a band itself, or a document whose text is unknown, has none."""
    if document is None or FREQUENCY_BAND.search(unit.text):
        return None
    reach = max(0, unit.start - REACH)
    bands = list(FREQUENCY_BAND.finditer(document, reach, unit.start))
    if not bands:
        return None
    start = document.rfind("\n", 0, bands[-1].start()) + 1
    end = document.find("\n", bands[-1].start())
    end = unit.start if end < 0 or end > unit.start else end
    line = document[start:end]
    if not _LABEL.match(line.strip()):
        return None
    start += len(line) - len(line.lstrip())
    end -= len(line) - len(line.rstrip())
    for p in passages:
        c = p.chunk
        if c.source == unit.chunk.source and c.start <= start and end <= c.end:
            return Unit(p, start, end, "sentence", unit_context(c, start, end), unit.defined)
    return None
