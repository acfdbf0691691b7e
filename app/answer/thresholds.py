"""Thresholds and bands: the side of a threshold a number is put on ("at least 7", "below 30"), and the
bands of a lab value a passage states ("eGFR 30-59"), which tell evidence about other patients."""

from __future__ import annotations

import re

from app.answer.units import Unit
from app.lexicon.medterms import LAB_NAMES, THRESHOLD_WORDS
from app.text.lexical import normalize


def _side_words(key: str) -> str:
    return "|".join((r"(?<![a-z])" if w[0].isalnum() else "") + re.escape(w) + (r"\b" if w[-1].isalnum() else "")
                    for w in sorted(THRESHOLD_WORDS[key], key=len, reverse=True))


_SIDE_BEFORE = {side: re.compile(r"(?:" + _side_words(f"{side}_before") + r")\s*$") for side in ("above", "below")}
_SIDE_AFTER = {side: re.compile(r"(?:\s?[a-zµ%/]+){0,2}?\s*(?:" + _side_words(f"{side}_after") + ")")
               for side in ("above", "below")}
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")


# "Start treatment before the count drops below 200": what holds until a value crosses a threshold
# holds on the side it comes from.
_UNTIL_CROSSED = re.compile(r"\b(?:before|until|till)\b[^.;]{0,40}?\b(?:drops?|dropped|falls?|fell|goes|went|declines?|"
                            r"decreases?|rises?|rose|increases?|climbs?)\s+(?:below|under|above|over|beyond)\s*$")


def threshold_sides(text: str) -> list[tuple[float, str]]:
    """Each number of a text with the side of a threshold it is put on: "above" ("≥7.0", "7 or more"),
    "below" ("under 7", "no more than 7") or "" (a bare value, or one glued to a name: "<gene>2+")."""
    norm = normalize(text)
    out = []
    for m in _NUMBER.finditer(norm):
        before, after = norm[max(0, m.start() - 30):m.start()], norm[m.end():m.end() + 30]
        side = ""
        if not (m.start() and norm[m.start() - 1].isalpha()):
            # The longest phrase wins: "no more than 7" is below, though "more than 7" is above.
            found = [(mm.start(), sd) for sd in ("above", "below") if (mm := _SIDE_BEFORE[sd].search(before))]
            if found:
                side = min(found)[1]
            else:
                side = next((sd for sd in ("above", "below") if _SIDE_AFTER[sd].match(after)), "")
            if side and _UNTIL_CROSSED.search(norm[max(0, m.start() - 60):m.start()]):
                side = "above" if side == "below" else "below"  # the state before crossing is the other side
        out.append((float(m.group(0)), side))
    return out


_LAB = "|".join(re.escape(name) for name in LAB_NAMES)
# "eGFR 42", "platelets of 120", "CrCl = 25": a measurement and the patient's value (not a dose or a time).
_LAB_VALUE = re.compile(rf"(?<![\w+])({_LAB})\s*(?:of|=|:|is|was|at|~)?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*(?:%|mg|mcg|µg|g\b(?!/)|kg|"
                        r"days?|weeks?|wks?|hours?|hrs?|years?|yrs?|yo\b|months?|mins?|minutes?))")
# A band of values: "30-59", "15 to 29", "<30", "≥ 90", "less than 30", "30 or above".
_RANGE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)(?![\d.])")
_UPPER = re.compile(r"(?:<|≤|=<|<=|less than|below|under|up to)\s*(\d+(?:\.\d+)?)(?![\d.])")
_LOWER = re.compile(r"(?:>|≥|=>|>=|more than|greater than|above|over|at least)\s*(\d+(?:\.\d+)?)(?![\d.])|"
                    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:or|and)\s*(?:above|over|more|greater|higher)\b")


def lab_values(question: str) -> dict[str, float]:
    """The measurements a question gives the patient's value of: {"egfr": 42.0} for "eGFR 42 - dose?"."""
    return {m.group(1): float(m.group(2)) for m in _LAB_VALUE.finditer(normalize(question))}


def other_band(unit: Unit, asked: dict[str, float]) -> bool:
    """Asked about eGFR 42, evidence stating bands of eGFR none of which holds 42 ("mild renal impairment
    (eGFR 60-89)", a table row "15 - 29 mL/minute") is about other patients. A sentence's bands count
    where they follow the measurement's name; a table row is all one band, its name in the header."""
    text = normalize(unit.text)
    for name, value in asked.items():
        if unit.kind == "row":
            where = [text] if re.search(rf"(?<![\w+]){re.escape(name)}\b", normalize(unit.context)) else []
        else:
            where = [text[m.end():m.end() + 40] for m in re.finditer(rf"(?<![\w+]){re.escape(name)}\b", text)]
        bands = [(float(a), float(b)) for w in where for a, b in _RANGE.findall(w)]
        bands += [(float("-inf"), float(b)) for w in where for b in _UPPER.findall(w)]
        bands += [(float(a or b), float("inf")) for w in where for a, b in _LOWER.findall(w)]
        if bands and not any(lo <= value <= hi for lo, hi in bands):
            return True
    return False


def other_side_of_threshold(unit: Unit, asked: set[tuple[float, str]]) -> bool:
    """Evidence that states the question's threshold only on its other side ("below 7" for "≥7.0")
    answers the opposite case."""
    if not asked:
        return False
    stated = threshold_sides(f"{unit.chunk.lead} {unit.text}")
    for value, side in asked:
        sides = {sd for v, sd in stated if v == value}
        if sides and side not in sides and "" not in sides:
            return True
    return False
