"""Guards on the values a question names: a time point or an amount ("week 104", "10 mg"), a dosing
interval ("q8h"), a limit, a year (ages: ages.py). Evidence that states none of them, or other ones, answers
for another time, dose, patient or study."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from app.answer.guards import headings
from app.answer.periods import period_held, periods
from app.answer.thresholds import MEASURED, band_holds
from app.answer.units import Unit
from app.lexicon.medterms import ASKED_AGE, DOSE_AMOUNT, LIMIT_WORDS, PERIOD_GUARD_TOLERANCE, UPPER_LIMIT_WORDS, YEAR, is_drug_name
from app.verify.measures import states_interval

# A time point or an amount the question names: "week 104", "day 15", "10 mg", "5-day", "24 hours".
_TIME_POINT = re.compile(r"\b(?:day|week|wk|month|year|cycle|visit|dose)s?\s*(\d+(?:\.\d+)?)\b", re.I)
# A time that has passed, by its unit; and a limit on one ("within 3 hours", "more than 12 hours").
_TIME_UNITS = (r"min(?:ute)?s?", r"h(?:ou)?rs?|hours?|h", r"days?", r"w(?:ee)?ks?")
_ELAPSED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*(min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|w(?:ee)?ks?)\b"
                      r"(?=\s+(?:after|since|ago|late|before|post|from|into)\b)", re.I)
_LIMIT = (r"\b(?:within|up to|less than|more than|under|over|beyond|after|at least|no later than|no more than|"
          r"longer than|later than|<|>|≤|≥)\s*(?<![\d.])\d+(?:\.\d+)?\s*-?\s*(?:{unit})\b")
# A time still to run ("my next one is due in 4 hours"): evidence states it by a limit too ("less than 6 hours before").
_DUE_IN = re.compile(r"\b(?:due|comes?|needed)\s+(?:in|within)\s+(\d+(?:\.\d+)?)\s*-?\s*(min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|w(?:ee)?ks?)\b", re.I)
# (A clearance's "mL/min" is no volume: "CrCl 20 mL/min" is a reading, held by a band.)
_AMOUNT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*(?:mg|g|mcg|µg|ml|kg|days?|weeks?|wks?|months?|years?|yrs?|hours?|hrs?)\b(?!\s*/\s*min)", re.I)


# A strength the question names with its form or unit ("2.5 tabs", "the 10mg tablets").
_STRENGTH = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:mg|mcg|µg|g)?\s*(?:tabs?|tablets?|caps?|capsules?)\b|"
                       r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:mg|mcg|µg)\b", re.I)


# A number, its thousands written with commas or not ("1,000 mg", "1000 mg").
_NUMBER = r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
# A presentation the question names by its strength: "the 1 g vial", "500 mg tablets", "a 10 mg ampoule".
_PRESENTATION = re.compile(_NUMBER + r"\s*-?\s*(mg|g|mcg|µg|ml)\s+(?:vials?|tabs?|tablets?|caps?|capsules?|"
                           r"amps?|ampoules?|ampules?|bags?|sachets?|patch(?:es)?|pens?|syringes?|bottles?)\b", re.I)


# Making up a preparation: what the strength of its vial or ampoule decides.
_PREPARING = re.compile(r"\b(?:reconstitut\w*|dilut\w*|diluent|make\s+up|made\s+up|mak\w*\s+up|mix\w*|draw\w*\s+up|volume)\b", re.I)


def strengths_to_make_up(question: str) -> set[tuple[float, str]]:
    """The strengths (value, unit) of the presentations a question asks how to make up ("how much diluent
    for the 1 g vial?"), once per question; none when it asks nothing of making one up."""
    if not _PREPARING.search(question):
        return set()
    return {(float(v.replace(",", "")), m.lower()) for v, m in _PRESENTATION.findall(question)}


def other_strength(unit: Unit, strengths: set[tuple[float, str]]) -> bool:
    """Asked how to make up a presentation of one of `strengths`, a sentence stating amounts in its unit,
    none of them the strength asked ("for the 2 g dose, reconstitute two vials"), is about another
    presentation or dose."""
    for value, measure in strengths:
        stated = [float(n.replace(",", "")) for n in re.findall(rf"{_NUMBER}\s*-?\s*{re.escape(measure)}\b(?!\s*/|\s+per\b)", unit.text, re.I)]
        if stated and value not in stated:
            return True
    return False


def without_stated_numbers(question: str, evidence: str) -> str:
    """The evidence without the numbers a wh-question itself states, which are not the value it asks for:
    one the evidence repeats with the question's word ("type 1 diabetes", "week 24"), and a strength the
    question names ("2.5 tabs" for the evidence's "2.5 mg tablets"). "20 mg/kg" still answers "a 20 kg child"."""
    said = evidence
    for before, number, after in re.findall(r"([A-Za-z]+)?\s*(?<![\w.])(\d+(?:\.\d+)?)(?![\w.]*\d)\s*([A-Za-z]+)?", question):
        for word, pattern in ((before, rf"\b{before}\s*{re.escape(number)}(?![\w.]*\d)"),
                              (after, rf"(?<![\w.]){re.escape(number)}\s*{after}\b")):
            if word:
                said = re.sub(pattern, " ", said, flags=re.I)
    for m in _STRENGTH.finditer(question):
        said = re.sub(rf"(?<![\w.]){re.escape(m.group(1) or m.group(2))}\s*(?:mg|mcg|µg|g)\b(?!\s*/)", " ", said, flags=re.I)
    return said


# The dose of the medicine a patient is switched from ("switching from <drug> 10mg to <drug>"): what they
# take now, not an amount the answer must state. (A step of titration, "from 5 mg to 10 mg", is asked.)
_SWITCHED_FROM = re.compile(r"\b(?:switch|chang|mov|convert|transfer)\w*\b[^.?]{0,25}?\bfrom\s+(?:[\w-]+\s+){0,2}?\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g)\b"
                           r"(?:\s+[\w-]+){0,3}?(?=\s+(?:to|onto)\s+(?!\d))"
                           # ("Pt on <drug> 20 mg switching to <drug>": the same, said before the switch.)
                           r"|\bon\s+(?:[\w-]+\s+){0,2}?\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g)\b(?=[^.?]{0,30}?\b(?:switch|chang|mov|convert|transfer)\w*\s+(?:\w+\s+){0,2}?(?:to|onto)\s+(?!\d|(?:the|a)\s+\d))", re.I)

# "Can he go back on his 4 mg?", "restart her usual 10 mg": the dose the patient was on; the evidence says what to restart at.
_RESUMED = re.compile(r"\b(?:back\s+on(?:to)?|restart\w*|resum\w*|go(?:ing)?\s+back\s+to)\s+(?:his|her|my|their|your|the\s+same|the\s+usual|the\s+full)\s+"
                      r"(?:usual\s+|full\s+|old\s+|previous\s+)?\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|units?)\b", re.I)


def times_and_amounts(question: str) -> set[str]:
    # A patient's age is who is asked about, not an amount the passage must repeat (misses_age checks it).
    question = _RESUMED.sub(" ", _SWITCHED_FROM.sub(" ", ASKED_AGE.sub(" ", question)))
    return {m.group(1) for pattern in (_TIME_POINT, _AMOUNT) for m in pattern.finditer(question)}


# A dosing interval in prescription shorthand: "q8h", "q 12 h", "q6hourly".
_INTERVAL = re.compile(r"\bq\s?(\d+)\s?(?:h|hr|hrs|hourly)\b", re.I)


def dosing_intervals(question: str) -> set[str]:
    """The dosing intervals, in hours, a question states in shorthand ("400 mg IV q8h" -> {"8"})."""
    return {m.group(1) for m in _INTERVAL.finditer(question)}


def misses_interval(unit: Unit, hours: set[str]) -> bool:
    """Asked about a dose given every 8 hours, a unit stating the same drug every 12 hours answers for
    another regimen: the unit itself (not its neighbours) must state each interval, in hours or in
    the words for it ("three times daily", "tds")."""
    if not hours:
        return False
    text = f"{unit.text} {headings(unit.chunk)}"
    return any(not states_interval(text, h) for h in hours)


_UPPER = "|".join(map(re.escape, UPPER_LIMIT_WORDS))  # the lexicon's words for an upper limit: "max", "maximum", ...
# A question asking for an upper limit of what is taken or given: "max dose", "max tablets a day", "the most
# I can take", "..., whats the max?" (not a drug's peak level, "maximum plasma concentration", nor "max FEV1
# improvement", "maximal resection", "maximum follow-up").
ASKS_MAXIMUM = re.compile(rf"^(?=.*(?<![cC]\s)(?<![cC])\b(?:{_UPPER})\b(?:\s+(?:daily\s+|total\s+|single\s+|recommended\s+)?(?:dose|doses|"
                          r"dosage|amount|number|tablets?|tabs?|capsules?|caps|puffs?|sprays?|inhalations?|units?|mg|ml|rate|volume|quantity|qty)\b"
                          r"|(?:\s+[\w-]+){0,2}\s+(?:per|a|in\s+(?:a|one|24))\s+(?:day|24)|\s*\??\s*$))|\bthe most\s+(?:[\w-]+\s+){0,3}?(?:i|you|we|"
                          r"he|she|they|one|someone|a patient|pts?|patients?)\s+(?:can|could|should|may|might|is allowed to|are allowed to)\s+"
                          r"(?:take|use|have|give|be given|inhale)\b", re.I)
_STATES_LIMIT = re.compile(rf"\b(?:{_UPPER})\b", re.I)


def misses_limit(unit: Unit, question: str, units: list[Unit] = (), keep: Callable[[Unit], bool] = lambda u: True) -> bool:
    """Asked for a maximum, evidence stating no limit ("2 puffs once a day", "It is used in children 6 years
    and older") gives a usual amount, not the most allowed: a limit is said as one ("up to", "not more than",
    "maximum") in the unit or its headings, or by a sentence going on with it (`limit_after`) that answers too (`keep`)."""
    if not ASKS_MAXIMUM.search(question):
        return False
    return not (_states_limit(unit) or (said := limit_after(unit, units)) is not None and keep(said))


def _states_limit(unit: Unit) -> bool:
    return _says_limit(f"{unit.context} {headings(unit.chunk)}")


def _says_limit(text: str) -> bool:
    return bool(LIMIT_WORDS["max"].search(text) or _STATES_LIMIT.search(text))


def limit_after(unit: Unit, units: list[Unit]) -> Unit | None:
    """The sentence of the unit's paragraph, one of the next two, that states the limit the unit does not, as an
    amount, of the same patients:
    "At first, 1 tablet 3 times a day. Your doctor may adjust your dose. However, the dose is usually not
    more than 8 tablets per day." (A new paragraph or list item speaks of another form or patient.)"""
    if unit.kind != "sentence" or _states_limit(unit):
        return None
    after = sorted((u for u in units if u.kind == "sentence" and u.chunk.id == unit.chunk.id and u.start >= unit.end), key=lambda u: u.start)
    end = unit.end
    for u in after[:2]:
        if "\n" in unit.chunk.text_at(end, u.start) or u.start - end > 3:
            return None
        if _says_limit(u.text) and DOSE_AMOUNT.search(u.text) and not _OTHER_CASE.match(u.text):
            return u
        end = u.end
    return None


# A sentence opening with whom or what else it is about ("Children 6 to 12 years: up to 2 tablets", "In severe
# renal impairment, no more than ...", "The highest dose studied ...") states another case's limit.
_OTHER_CASE = re.compile(r"\W*(?:in|for|if|when|with)\b|\W*(?:[\w-]+\s+){0,3}?(?:[\w-]+\s*:|children|adolescents|infants|elderly|older|"
                         r"patients|people|adults|studied|trials?)", re.I)


def limit_joined(best: Unit, units: list[Unit], question: str) -> list[Unit]:
    """Asked for a maximum, the sentence after the best one that states it (`limit_after`), to join the answer."""
    return [said] if ASKS_MAXIMUM.search(question) and (said := limit_after(best, units)) else []


# A medicine withheld from some children: "do not give", "is not recommended", "must not be used", "contraindicated".
def banded_amounts(question: str) -> dict[str, str]:
    """A weight, dose or volume the question names ("weighs 72 kg") -> its unit: a table of bands
    states it by the band of that unit holding it ("60 - 80 kg"), not by the number itself. A time
    that has passed ("vomited 2 hrs after the dose") -> the pattern of its unit: evidence states it by
    a limit on that unit ("within 3 hours"), as is one still to run ("due in 4 hours")."""
    question = ASKED_AGE.sub(" ", question)
    amounts = {m.group(1): m.group(2).lower() for m in MEASURED.finditer(question)}
    for value, unit in times_past_or_due(question).items():
        amounts.setdefault(value, unit)
    return amounts


def times_past_or_due(question: str) -> dict[str, str]:
    """A time that has passed ("missed it 5 days ago") or is still to run ("due in 4 hours") -> the pattern
    of its unit."""
    return {m.group(1): next(unit for unit in _TIME_UNITS if re.fullmatch(unit, m.group(2), re.I))
            for m in [*_ELAPSED.finditer(question), *_DUE_IN.finditer(question)]}


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
_COUNTED = {"dose": "dose", "injection": "dose", "infusion": "dose", "vaccination": "dose", "cycle": "cycle",
            "course": "course", "line": "line"}
# ("the first two doses" are doses 1 and 2; "dose 2 tablets" is an amount.)
_NTH = re.compile(rf"\b({'|'.join(_ORDINALS)})(?![\s-]+(?:two|three|four|five|few|\d))[\s-]+(?:[\w-]+\s+){{0,2}}?({'|'.join(_COUNTED)})s?\b"
                  rf"|\b({'|'.join(_COUNTED)})\s+([1-5])\b(?!\s*(?:mg|g|ml|mcg|units?|%|/|tablets?|capsules?|puffs?|drops?|"
                  rf"times|daily|days?|weeks?|hours?|x\b))", re.I)


@lru_cache(maxsize=1024)  # the question's once, not once per candidate unit
def _nths(text: str) -> frozenset[tuple[str, int]]:
    """The numbered doses, cycles, courses and lines a text names: "the 2nd <vaccine> dose", "dose 2", "first-line"."""
    out = set()
    for m in _NTH.finditer(text):
        word, noun = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.add((_COUNTED[noun.lower()], _ORDINALS.get(word.lower()) or int(word)))
        # "1st or 2nd line": the ordinals a choice names before the noun count each.
        for other in _ORDINAL_CHOICE.findall(text[m.start(1):m.end()] if m.group(1) else ""):
            out.add((_COUNTED[noun.lower()], _ORDINALS[other.lower()]))
    return frozenset(out)


_ORDINAL_CHOICE = re.compile(rf"\b(?:or|and|to|vs\.?|versus|/)\s*({'|'.join(_ORDINALS)})\b", re.I)


def other_ordinal(unit: Unit, question: str) -> bool:
    """Asked about the second dose (cycle, course, line), evidence about the first or third, and not
    the second, answers another question."""
    asked = _nths(question)
    if not asked:
        return False
    said = _nths(f"{unit.context} {headings(unit.chunk)}")
    nouns = {noun for noun, _ in asked}
    return any(noun in nouns for noun, _ in said) and not asked & said


@lru_cache(maxsize=1024)
def _time_points(text: str) -> frozenset[tuple[float, int, str]]:
    """The time points a text names ("week 12", "wk 4", "at 12 weeks"), with the number as written; not
    lengths ("for 12 weeks") nor a point that bounds a period ("from week 20", "after 12 weeks")."""
    return frozenset((days, k, re.findall(r"\d+(?:\.\d+)?", said)[0]) for said, days, k in periods(text)
                     if not re.search(rf"\b(?:from|after|before|since|until|till|beyond|within|over|for|by)\s+(?:\w+\s+)?{re.escape(said)}", text, re.I)
                     and (said[0].isalpha() or re.search(rf"\bat\s+{re.escape(said)}", text, re.I)))


def other_time_point(sentence: str, question: str) -> bool:
    """A sentence naming another time point of the asked kind ("at week 4", asked "at wk 12") and never the
    asked number ("weeks 4 and 12", "the 12-week visit" name it) reports that one, though its passage may
    name the asked one in another sentence. Asked of two ("the day 1 and day 8 doses"), a sentence naming
    either speaks of one asked."""
    asked = _time_points(question)  # (read once per question: this runs for every candidate sentence)
    told = {k for _, k, _ in _time_points(sentence)} if asked else set()
    names = lambda number: re.search(rf"(?<!\d)(?<!\d\.){re.escape(number)}(?!\.?\d)", sentence)  # noqa: E731
    return any(not any(names(n) for _, k, n in asked if k == unit) for unit in told & {k for _, k, _ in asked})


# "<brand> 10mg", "<drug> 250 mg tablets": a strength beside the medicine's name, which says which product is meant.
_NAMED_STRENGTH = re.compile(r"\b([A-Za-z][\w-]{2,})\s*(\d+(?:\.\d+)?)\s*-?\s*(mg|g|mcg|µg|ml)\b", re.I)


@lru_cache(maxsize=256)
def _names_product(document: str, name: str, value: str, measure: str) -> bool:
    return bool(re.search(rf"\b{re.escape(name)}\s*{re.escape(value)}\s*-?\s*{re.escape(measure)}\b", document, re.I))


def products_named(question: str, document: Callable[[], str | None]) -> set[str]:
    """The strengths the question names beside a medicine ("<brand> 10mg") that the document, anywhere, names beside
    the same medicine: its product, which it states once or twice (a title, the pack contents), not in each sentence.
    `document` reads the document's text, only when the question names such a strength."""
    named = [(name, value, measure) for name, value, measure in _NAMED_STRENGTH.findall(question) if is_drug_name(name)]
    text = document() if named else None
    return {value for name, value, measure in named if text and _names_product(text, name, value, measure)}


# The points of time or of a course a number or an ordinal may count: "day 1", "your first day".
_POINT = r"(?:day|week|month|year|cycle|dose|injection|infusion|visit|trimester)s?"


def _ordinal_said(number: str, question: str, where: str) -> bool:
    """A time point asked by its number ("on day 1") said by its ordinal ("on your first day")."""
    words = [w for w, n in _ORDINALS.items() if str(n) == number]
    asked = re.search(rf"\b({_POINT})\s*{number}\b", question, re.I) if words else None
    # (Of the same thing: "cycle 2" is not said by "the second dose".)
    noun = asked.group(1).lower().rstrip("s") if asked else ""
    return bool(asked) and bool(re.search(rf"\b(?:{'|'.join(words)})\s+{noun}s?\b", where, re.I))


def misses_time_or_amount(unit: Unit, asked: set[str], banded: dict[str, str] | None = None, question: str = "",
                          document: Callable[[], str | None] = lambda: None) -> bool:
    """Evidence whose passage and headings never state a time point or amount the question names
    answers another question ("HbA1c change at week 104?" is not answered by the week-56 result), nor
    evidence about another dose of a series (the first, asked about the second).
    An amount in `banded` is stated by a range holding it; a time point is not ("weeks 0-104"). A
    period of the question is stated in any unit ("more than 1 week" by "more than 7 days"), unless its number is a dose too.
    A strength beside the medicine's name is stated by the `document` (read on demand) naming its product so (products_named)."""
    if other_ordinal(unit, question) or unit.kind == "sentence" and other_time_point(unit.text, question):
        return True
    if not asked:
        return False
    c = unit.chunk
    where = f"{c.text} {c.title} {headings(c)}"
    missing = asked - set(re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])", where))
    missing -= products_named(question, document) if missing else set()
    missing -= {n for n in missing if _ordinal_said(n, question, where)}
    missing -= {n for said, days, k in periods(question) for n in re.findall(r"\d+(?:\.\d+)?", said)[:1]
                if len(re.findall(rf"(?<![\d.]){re.escape(n)}(?!\.?\d)", question)) == 1 and period_held(days, k, where, PERIOD_GUARD_TOLERANCE)}
    for value in missing & set(banded or {}):
        # The band must be the unit's own (the next sentence's band holds the weight, not this one's)
        # and of the asked unit (a band in pounds, or a platelet range, says nothing of kilograms).
        measure = banded[value] if banded[value] in _TIME_UNITS else re.escape(banded[value])
        # ("within 3 hours" holds 2 hours; "more than 7 days" does not hold 5, and says what to do in the
        # other case when another sentence of the passage says what to do at 5. A limit the passage gives
        # alone, "repeat if you vomit within 3 hours", says what to do at 4 hours too.)
        if band_holds(float(value), measure, unit.text):
            missing = missing - {value}
        elif (measure in _TIME_UNITS and re.search(_LIMIT.format(unit=measure), unit.text, re.I)
              and not band_holds(float(value), measure, c.text)):
            missing = missing - {value}
    return bool(missing)


_CITATION = re.compile(r"\[[^\]]*\]|\([^()]*(?:et al|[A-Z][a-z]+,?\s+(?:19|20)\d\d)[^()]*\)")
_PERIOD = re.compile(r"\b(?:from|between|since|until|till|through|to|and|during)\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\s+(?:to|and|until|through)\b", re.I)


def names_other_year(unit: Unit, asked: set[str]) -> bool:
    """Asked about the 2021 registry, evidence that names only other years ("(2019 cohort)")
    is about another study or edition; evidence naming no year may still be about the asked one."""
    if not asked:
        return False
    # A reference's year ("[12, Smith 2019]", "(Smith et al., 2019)") dates a source, a period's
    # ("from 2015 to 2019") when patients were seen: neither names the study the passage is about.
    text = _PERIOD.sub(" ", _CITATION.sub(" ", unit.text))
    said = set(YEAR.findall(text))
    return bool(said) and not said & asked
