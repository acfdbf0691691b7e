"""Side-effect frequencies in labels and leaflets are given as bands: a line such as "Very common: may
affect more than 1 in 10 people" heads a list of effects that do not repeat it. Asked how common an
effect is, the band over the line that names the effect states its rate."""

from __future__ import annotations

import re
from typing import Callable

from app.answer.titles import title_drugs
from app.answer.guards import headings
from app.answer.units import QuestionTerms, Unit
from app.ingest.chunking import unit_context
from app.lexicon.medterms import FREQUENCY_BAND, FREQUENCY_BAND_WORDS
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


def banded_line(terms: QuestionTerms, units: list[Unit], passages: list[Passage], off_question: Callable[[Unit], bool],
                coverage: Callable[[QuestionTerms, str], float], document: Callable[[str], str | None],
                settings) -> tuple[Unit | None, Unit | None]:
    """Asked how common an effect is: a line naming it and the band's label over it, scored as the two
    read together, since neither states both the effect and its rate. (None, None) when none holds."""
    for u in units[:8]:
        label = None if u.kind != "sentence" or off_question(u) else band_over(u, passages, document(u.chunk.source))
        if label is None or other_frequency(label.text, terms.text):
            continue
        # (A leaflet's lines rarely name its drug: the title's drugs are named by every line under it.)
        together = coverage(terms, f"{label.text} {u.context} {headings(u.chunk)} {title_drugs(u.chunk.title)}")
        w = settings.relevance_weight
        if w * max(u.relevance, label.relevance) + (1 - w) * together >= settings.abstain_threshold:
            return u, label
    return None, None


# The bands' names, longest first ("very common" before "common"); "not known" names no band a question asks for.
_BAND_WORD = "(" + "|".join(w.replace(" ", r"\s+") for w in sorted(FREQUENCY_BAND_WORDS, key=len, reverse=True) if w != "not known") + ")"
# "which side effects are rare?", "list the uncommon side effects": the effects of one band are asked.
_ASKS_BAND = re.compile(r"\b(?:which|what)\b[^?]*?\b(?:side[\s-]+effects?|adverse\s+(?:effects?|reactions?|events?)|reactions?)(?:\s+(?:of|with|from|on)\s+[\w-]+(?:\s+[\w-]+)?)?\s+(?:are|were|is)\s+"
                        + _BAND_WORD + r"\b|\b" + _BAND_WORD + r"\s+(?:side[\s-]+effects?|adverse\s+(?:effects?|reactions?|events?))", re.I)


def other_frequency(said: str, question: str) -> bool:
    """Asked for the effects of one band ("which side effects are rare?"), a text whose band is another
    ("Very common: may affect more than 1 in 10 people") lists other effects. "Common" asked takes the very
    common too, "rare" the very rare."""
    asked = _ASKS_BAND.search(question)
    if not asked:
        return False
    want = " ".join((asked.group(1) or asked.group(2)).lower().split())
    bands = {" ".join(b.lower().split()) for b in re.findall(r"\b" + _BAND_WORD + r"\b", said, re.I)}
    return bool(bands) and not any(b == want or b == f"very {want}" for b in bands)
