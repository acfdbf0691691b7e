"""A period in any unit: "1 yr" is stated by "week 52", "48h" by "2 days", "3 mo" by "13 weeks".

A question names a time point in the unit its asker thinks in; a trial report or label names it in
another. Coverage counts the question's number and unit as said when the text states the same period
in another unit; the same unit with another number is another period ("day 10" is not "day 11"). A
unit right after another period's number ("for 7 days 2 tablets") starts no period of its own."""

from __future__ import annotations

import re
from functools import lru_cache

from app.lexicon.medterms import PERIOD_TOLERANCE, PERIOD_UNITS

_NUMBER = r"(\d+(?:\.\d+)?)"
_AFTER = [re.compile(rf"(?<![\w.,]){_NUMBER}\s*-?\s*(?:{unit})\b", re.I) for unit, _, _ in PERIOD_UNITS]
_BEFORE = [re.compile(rf"(?<!\d)(?<!\d )\b(?:{unit})\s*{_NUMBER}(?!\d|\.\d)", re.I) if before else None for unit, _, before in PERIOD_UNITS]


@lru_cache(maxsize=4096)
def periods(text: str) -> tuple[tuple[str, float, int], ...]:
    """(what is written, its length in days, which unit) of each period a text states."""
    found = []
    for k, (_, days, _) in enumerate(PERIOD_UNITS):
        for pattern in (_AFTER[k], _BEFORE[k]):
            if pattern is not None:
                found += [(m.group(0), float(m.group(1)) * days, k) for m in pattern.finditer(text)]
    return tuple(found)


def period_held(days: float, unit: int, text: str, tolerance: float = PERIOD_TOLERANCE) -> bool:
    """Whether a text states a period of `days`: in another unit within the tolerance, or, for a clock
    time written joined ("1h post meal", "30min"), in the same unit written out ("1 hour after meals").
    Days, weeks, months and years keep needing their word: "3 mo" is often a time point, and "for 3
    months" a treatment's length."""
    return any(abs(d - days) <= tolerance * days if k != unit else (d == days and PERIOD_UNITS[k][1] < 1)
               for _, d, k in periods(text)) if days else False
