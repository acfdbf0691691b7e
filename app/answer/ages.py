"""Whose age a question asks about and which ages evidence speaks of: a child's age asks evidence about
children of that age ("can I give it to a 16 yo?"), an adult's age or a band asks evidence whose own band
holds it, a nursing baby's age asks nothing of children's doses."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.guards import headings
from app.answer.units import Unit
from app.lexicon.medterms import (AGE_BOUNDS, ASKED_AGE, MINOR_UNDER, NURSED_AFTER, NURSED_BABY_GIVEN, NURSED_BEFORE, NURSING_MOTHER_TAKES,
                                  SPEAKS_OF_ADULTS, SPEAKS_OF_CHILDREN, SPOKEN_AGE, is_drug_name)
from app.text.lexical import tokenize


def asks_about_minor(question: str) -> float | None:
    """The age in years of a patient under adulthood the question names ("a 16 yo", "aged 3 months")."""
    return age if (age := asked_age(question)) is not None and age < MINOR_UNDER else None


@lru_cache(maxsize=256)  # asked of every candidate unit of one question (misses_age)
def asked_age(question: str) -> float | None:
    """The age in years of the patient the question names ("a 70 year old", "a 16 yo", "aged 3 months")."""
    for m in ASKED_AGE.finditer(question):
        if not _nursling(question, m):  # (the baby a mother breastfeeds while she takes the medicine: she is the patient)
            return _age(m)
    return None


def _age(m: re.Match) -> float:
    years, months, age, unit, noted = m.groups()
    return _years(years or age or noted, months or unit or "")


# A baby breastfed is under two years old.
NURSLING_UNDER = 2.0


def without_nurslings(question: str) -> str:
    """The question with the ages of babies their mother nurses blanked out: "a mum who is nursing her 4
    month old" narrows to nursing mothers, not to 4-month-olds."""
    for m in reversed([m for m in ASKED_AGE.finditer(question) if _nursling(question, m)]):
        question = question[: m.start()] + " " * (m.end() - m.start()) + question[m.end():]
    return question


def _nursling(question: str, m: re.Match) -> bool:
    """An age that is the nursed baby's, not the patient's: under two, said of the baby the mother nurses
    while she takes the medicine, and the baby given none."""
    return (_age(m) < NURSLING_UNDER and bool(NURSED_BEFORE.search(question[:m.start()]) or NURSED_AFTER.match(question[m.end():]))
            and bool(NURSING_MOTHER_TAKES.search(question)) and not NURSED_BABY_GIVEN.search(question))


def age_bounds(text: str) -> list[tuple[float, float]]:
    """The age ranges a text states: "aged 18 years and over" (18, inf), "under 12 years" (0, 12)."""
    out = [(float(a or b), float("inf")) for a, b in AGE_BOUNDS["at_least"].findall(text)]
    out += [(0.0, float(n) - 1e-6) for n in AGE_BOUNDS["under"].findall(text)]
    out += [(float(a or c or 0), float(b or d)) for a, b, c, d in AGE_BOUNDS["between"].findall(text)]
    # An age band in months, weeks or days ("Age band: 1 to 2 months", "age 2 months-11 years"): the lower
    # bound takes the upper's unit when it has none; with a unit of its own it is a band anywhere.
    out += [(_years(lo, lo_unit or hi_unit), _years(hi, hi_unit)) for lo, lo_unit, hi, hi_unit in AGE_BOUNDS["age_span"].findall(text)
            if not (lo_unit or hi_unit).lower().startswith("y")]
    out += [(_years(lo, lo_unit), _years(hi, hi_unit)) for lo, lo_unit, hi, hi_unit in AGE_BOUNDS["unit_span"].findall(text)]
    return list(dict.fromkeys(out))  # (a band both patterns read is one)


def _years(n: str, unit: str) -> float:
    return float(n) / {"m": 12, "w": 52, "d": 365}.get(unit[:1].lower(), 1)


def misses_age(unit: Unit, age: float | None, question: str = "") -> bool:
    """Asked about a child by age ("can I give it to a 16 yo?"), evidence that never speaks of children
    or of an age answers for adults, not this patient, and evidence bounding the age it speaks of
    ("adults aged 18 years and over") answers for others if the child is outside every bound. An adult's age asks only that the
    evidence's own band hold it ("5 to 11 years" is no 40-year-old's); a band asked, by a band overlapping it."""
    own, asked = age_bounds(unit.text), age_bounds(question) if asked_age(question) is not None else []
    if asked:  # ("aged 6 months to 5 years": the band, not its first number)
        bounds = own or age_bounds(f"{unit.context} {headings(unit.chunk)}")
        return bool(bounds) and not any(max(a, c) < min(b, d) for a, b in asked for c, d in bounds)
    if age is None:
        adult = asked_age(question)
        return adult is not None and bool(own) and not any(lo <= adult <= hi for lo, hi in own)
    where = f"{unit.context} {headings(unit.chunk)}"
    if not SPOKEN_AGE.search(where):
        return True
    # (A row's or sentence's own band decides over its section's: "6 months to 5 years" under "children aged 5 to 11".)
    bounds = own or age_bounds(where)
    return bool(bounds) and not any(lo <= age <= hi for lo, hi in bounds)


_WITHHELD = re.compile(r"\b(?:(?:do not|don't|must not|should not|never)\s+(?:give|use|take|prescribe|administer)|(?:must|should)\s+not\s+be\s+"
                       r"(?:given|used|taken)|not to be (?:given|used|taken)|(?:is|are) not recommended|not for use|contraindicated|"
                       r"(?:has|have) not been established|avoid (?:use|using|giving|taking))\b", re.I)


def age_limit_lent(unit: Unit, age: float | None, question: str, names: frozenset[str]) -> str:
    """Asked about a minor, a statement withholding the medicine from children of an age band holding the
    minor's ("Do not give this medicine to children and adolescents under 18 years") answers whatever else the question says of them (their
    condition, the dose): the question's words but its medicines and `names` (a product no lexicon knows)
    are lent to it, "" to any other unit. Which medicine it is about its own words and headings must say."""
    if (age is None or not SPEAKS_OF_CHILDREN.search(unit.text) or not _WITHHELD.search(unit.text)
            or not any(lo <= age <= hi for lo, hi in age_bounds(unit.text))):
        return ""
    return " ".join(w for w in question.split()
                    if not is_drug_name(w.strip(".,;:?!()").lower()) and not set(tokenize(w)) & names)


@lru_cache(maxsize=256)  # asked of every candidate unit of one question
def asks_about_adults(question: str) -> bool:
    """The question is about adults ("adult dose?", "in adults") and names no child or minor's age."""
    return (bool(SPEAKS_OF_ADULTS.search(question)) and not SPEAKS_OF_CHILDREN.search(question)
            and asks_about_minor(question) is None)


def only_about_children(unit: Unit, adults_asked: bool) -> bool:
    """Asked about adults, evidence that speaks of children ("children under 12", "paediatric population")
    and never of adults answers for other patients, unless an age bound it states reaches adulthood. (Bounds
    in years without a word for children may be a course, "for 1 to 2 years", not an age.)"""
    if not adults_asked:
        return False
    where = f"{unit.context} {headings(unit.chunk)}"
    # "Adults: 500 mg. Children 6 to 11 years: 250 mg" speaks of adults too.
    if SPEAKS_OF_ADULTS.search(where) or not SPEAKS_OF_CHILDREN.search(where):
        return False
    return all(hi < MINOR_UNDER for _, hi in age_bounds(where))
