"""A document's one indication: what a drug label, SmPC or leaflet says the drug treats, when it
says one thing. Its dosing section then rarely repeats it ("The recommended dosage is 6 mg once
daily" under "2.2 Recommended Dosage"), so "dose for <that condition>?" finds the condition only
here. A document listing several indications (subsections, a bulleted list, more than one
"indicated") lends none: a dose under its dosing heading may be another indication's."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

from app.lexicon.medterms import INDICATION_SECTIONS
from app.records import Chunk

# Longer than this, an indications section is rarely one indication.
MAX_CHARS = 700
_BULLET = re.compile(r"^\s*(?:[-*•▪◦‣]|\(?[a-z0-9]\)|\d+\.)\s+\S", re.M)


def single_indication(chunks: Iterable[Chunk]) -> str:
    """The text of the document's indications section when it names one indication, else "". (A
    label may state it twice, in its highlights and in full: each statement must name one.)"""
    sections: dict[str, list[Chunk]] = {}
    for c in chunks:
        heads = c.section.split(" > ")
        at = [i for i, h in enumerate(heads) if INDICATION_SECTIONS.search(h)]
        if at and at[-1] < len(heads) - 1:
            return ""  # subsections: one per indication
        if at and c.kind == "prose":
            sections.setdefault(c.section, []).append(c)
    texts = [" ".join(c.text for c in sorted(under, key=lambda c: c.start)) for under in sections.values()]
    if not texts or any(len(t) > MAX_CHARS or len(_BULLET.findall(t)) > 1 or len(re.findall(r"\bindicated\b", t, re.I)) > 1
                        for t in texts):
        return ""
    return max(texts, key=len)


def indication_reader(store) -> Callable[[str], str]:
    """Each document's one indication by source, read from the docstore's chunks once."""
    return lru_cache(maxsize=None)(lambda source: single_indication(store.chunks(store.chunk_ids(source)).values()))
