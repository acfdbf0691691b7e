"""A document's one indication: what a drug label, SmPC or leaflet says the drug treats, when it
says one thing. Its dosing section then rarely repeats it ("The recommended dosage is 6 mg once
daily" under "2.2 Recommended Dosage"), so "dose for <that condition>?" finds the condition only
here. A dose under a dosing heading may be another indication's, so anything that may list a second
one lends nothing: subsections, a bullet, a second paragraph, a second "indicated"/"used to", a second
"treatment of", or "and for". What a label limits ("Limitations of Use: not recommended with ...")
is no indication and is not lent."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

from app.lexicon.medterms import INDICATION_SECTIONS
from app.records import Chunk

# Longer than this, an indications section is rarely one indication.
MAX_CHARS = 600
_LIMITS = re.compile(r"\blimitations?\s+of\s+use\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*]|\(?[a-z0-9]\)|\d+\.)\s+\S|[•▪◦‣●]", re.M)
_STATES_USE = re.compile(r"\bindicated\b|\bused\s+(?:to|for|in|as)\b", re.I)
_PURPOSE = re.compile(r"\b(?:treatment|prevention|prophylaxis|management|relief|control|reduction)\s+of\b", re.I)
_SECOND = re.compile(r"\b(?:and|or|as well as)\s+(?:also\s+)?(?:for|in|to|as)\b|;", re.I)


def _names_one(text: str) -> bool:
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return (len(text) <= MAX_CHARS and len(paragraphs) == 1 and not _BULLET.search(text)
            and len(_STATES_USE.findall(text)) <= 1 and len(_PURPOSE.findall(text)) <= 1 and not _SECOND.search(text))


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
    texts = [_LIMITS.split(" ".join(c.text for c in sorted(under, key=lambda c: c.start)))[0].strip()
             for under in sections.values()]
    if not texts or not all(_names_one(t) for t in texts):
        return ""
    return max(texts, key=len)


def indication_reader(store) -> Callable[[str], str]:
    """Each document's one indication by source, read from the docstore's chunks once."""
    return lru_cache(maxsize=None)(lambda source: single_indication(store.chunks(store.chunk_ids(source)).values()))
