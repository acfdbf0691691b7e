"""A value a claim gives must be stated as what the claim says it is.

A percentage must be one its source states: "86%" read from "86 (14.5%)", from an "n (%)" column's
count or from "86 patients" is a count given the wrong unit.

A source number is a count where its own words say so: the first of "86 (14.5%)" (and of "86 (14.5)"
under an "n (%)" header), "n=86", "86 patients". It is a percentage where they say that: "14.5%",
"14.5 per cent", the value in brackets after a count, any number in a column whose header is a
percentage ("Incidence (%)"). A number neither way is left alone, so a claim is only rejected for a
value the source gives as a count and nowhere as a percentage.

A dosing interval must be one its source states, in any of its spellings ("twice daily", "bd",
"every 12 hours", "q12h"): "500 mg twice daily" cited to "500 mg once daily" keeps the number and
changes the dose.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.lexicon.medterms import DOSING_INTERVALS
from app.records import Chunk
from app.verify.claims import canonical

# (Thousands are grouped in threes, so a run of "1,1,1,..." is read in one pass, not re-tried at each digit.)
_NUM = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_ANY_NUM = re.compile(_NUM)
_PERCENT = re.compile(_NUM + r"\s*(?:%|per\s?cent\b|percent\b|percentage points?\b)", re.I)
# "86 (14.5%)", "86 (14.5)", "86/590 (14.5%)": a count with its percentage in brackets.
_COUNT_WITH_SHARE = re.compile(_NUM + r"(?:\s*/\s*\d[\d,]*)?\s*\(\s*" + _NUM + r"\s*(%?)\s*\)")
_N_EQUALS = re.compile(r"\b[nN]\s*=\s*" + _NUM)
_PEOPLE = re.compile(_NUM + r"\s+(?:patients|participants|subjects|people|persons|women|men|children|"
                     r"infants|babies|adults|cases|pts)\b", re.I)
# A column of counts with their shares ("n (%)", "No. (%)", "n/N (%)"), of shares with their counts
# ("% (n)"), or of shares alone ("%", "Incidence (%)"; a strength such as "5% cream" says nothing).
_COUNT_HEADER = re.compile(r"\b(?:n|no|number|patients|participants|subjects)\.?(?:\s*/\s*N)?\s*\(\s*%\s*\)", re.I)
_SHARE_HEADER = re.compile(r"%\s*\(\s*(?:n|no)\.?\s*\)", re.I)


def _values(pattern: re.Pattern, text: str, group: int = 1) -> set[str]:
    return {v for m in pattern.finditer(text) if (v := canonical(m.group(group))) is not None}


def _read(text: str, header: str) -> tuple[set[str], set[str]]:
    """(counts, percentages) a stretch of text states, under a column `header` ("" for prose)."""
    counts, shares = _values(_N_EQUALS, text) | _values(_PEOPLE, text), _values(_PERCENT, text)
    count_first, share_first = bool(_COUNT_HEADER.search(header)), bool(_SHARE_HEADER.search(header))
    if not (count_first or share_first) and "%" in _PERCENT.sub(" ", header):
        return counts, shares | _values(_ANY_NUM, text)  # a column of percentages
    for m in _COUNT_WITH_SHARE.finditer(text):
        if m.group(3) or count_first or share_first:
            count, share = (m.group(2), m.group(1)) if share_first and not m.group(3) else (m.group(1), m.group(2))
            counts |= {v for v in [canonical(count)] if v}
            shares |= {v for v in [canonical(share)] if v}
    return counts, shares


def _source(chunk: Chunk) -> tuple[set[str], set[str]]:
    # Headings, a table's title and its column headers state percentages too ("5% cream", "≥50% reduction").
    said = " ".join(x for x in [chunk.title, chunk.section, chunk.table, chunk.lead, chunk.text] if x)
    counts, shares = _read(said, "")
    shares |= _values(_PERCENT, " ".join(cell.header for cell in chunk.cells))
    for cell in chunk.cells:
        c, s = _read(chunk.text_at(cell.start, cell.end), cell.header)
        counts, shares = counts | c, shares | s
    return counts, shares


def _percent_issues(claim: str, chunks: list[Chunk]) -> list[str]:
    asked = _values(_PERCENT, claim)
    if not asked:
        return []
    counts, shares = set(), set()
    for chunk in chunks:
        c, s = _source(chunk)
        counts, shares = counts | c, shares | s
    return [f"{v}% is a count in the cited passage, not a percentage" for v in sorted(asked & counts - shares)]


@lru_cache(maxsize=64)
def _interval(hours: str) -> re.Pattern:
    """An interval of `hours`, by its words ("twice daily", "bd") or its number of hours ("every 12 hours",
    "q12h", "12-hourly"); any number of hours, for a question may ask about one the lexicon has no words for."""
    return re.compile("|".join(DOSING_INTERVALS.get(hours, []) + [
        rf"\bevery\s*{hours}\s*(?:hours?|hrs?|h)\b", rf"\bq\s?{hours}\s?h(?:rs?|ours?)?\b", rf"(?<![\d.]){hours}\s?(?:hourly|hrly)\b"]), re.I)


def _spaced(text: str) -> str:
    """A line break, a run of spaces or a dash between words as one space: "twice\ndaily", "three‑times‑daily"."""
    return " ".join(re.sub(r"[-\u2010-\u2015]", " ", text).split())


def states_interval(text: str, hours: str) -> bool:
    """Whether a text states a dosing interval of `hours` hours, in any of its spellings."""
    return bool(_interval(hours).search(_spaced(text)))


def intervals(text: str) -> set[str]:
    """The dosing intervals (in hours) the lexicon has words for that a text states."""
    text = _spaced(text)
    return {hours for hours in DOSING_INTERVALS if _interval(hours).search(text)}


def measure_issues(claim: str, chunks: list[Chunk]) -> list[str]:
    """Why a value of the claim is not stated as what the claim says it is ("86% is a count there")."""
    issues = _percent_issues(claim, chunks)
    given = intervals(claim)
    if given:
        # (A table states an arm's interval in its column header: "<drug> 5 mg twice daily (N=590)". A title
        # or heading does not: "Daily Practice Guidelines".)
        stated = set().union(*(intervals(" ".join([x for x in (c.table, c.lead, c.text) if x] + [x.header for x in c.cells]))
                               for c in chunks))
        issues += [f"the cited passage does not give it every {h} hours" for h in sorted(given - stated, key=int)]
    return issues
