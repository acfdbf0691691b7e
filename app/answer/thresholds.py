"""Thresholds and bands: the side of a threshold a number is put on ("at least 7", "below 30"), and the
bands of a lab value a passage states ("eGFR 30-59"), which tell evidence about other patients."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import Unit
from app.lexicon.medterms import (GRADED_SCALES, KIDNEY_MEASURES, LAB_NAMES, QUESTION_FORMS, SAYS_KIDNEY_FUNCTION, SYNONYM_GROUPS,
                                  THRESHOLD_WORDS, groups_with_role)
from app.text.lexical import FIGURE, concept_groups, normalize, tokenize


def _side_words(key: str) -> str:
    return "|".join((r"(?<![a-z])" if w[0].isalnum() else "") + re.escape(w) + (r"\b" if w[-1].isalnum() else "")
                    for w in sorted(THRESHOLD_WORDS[key], key=len, reverse=True))


_SIDE_BEFORE = {side: re.compile(r"(?:" + _side_words(f"{side}_before") + r")\s*$") for side in ("above", "below")}
# A unit may be per body surface: "30 mL/min/1.73 m2 or above", "30 mL/min per 1.73 m2 or above".
_BODY_SURFACE = r"(?:(?:/|\s*per\s*)1\.73\s?m[2²]?)?"
_SIDE_AFTER = {side: re.compile(r"(?:\s?[a-zµ%/]+){0,2}?" + _BODY_SURFACE + r"\s*(?:" + _side_words(f"{side}_after") + ")")
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
# "eGFR 42", "platelets of 120", "CrCl = 25", "ANC came back 700": a measurement and the patient's value
# (not a dose or a time).
_LAB_VALUE = re.compile(rf"(?<![\w+])({_LAB})\s*(?:(?:came|comes|come)\s+back(?:\s+at|\s+as)?|(?:dropped|fell|fallen|rose|risen)"
                        rf"\s+to|is\s+now|of|=|:|is|was|at|~)?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*(?:%|mg|mcg|µg|g\b(?!/)|kg|"
                        r"days?|weeks?|wks?|hours?|hrs?|years?|yrs?|yo\b|months?|mins?|minutes?))")
# A band of values: "30-59", "15 to 29", "<30", "≥ 90", "less than 30", "30 or above". A number ends
# where no digit follows (a full stop may).
_N = r"(\d+(?:\.\d+)?)(?!\d|\.\d)"
_RANGE = re.compile(r"(?<![\d.])" + _N + r"\s*(?:-|–|to)\s*" + _N)
# A lab value's unit between a number and "or above": "30 mL/min/1.73 m2 or above".
_LAB_UNIT = r"(?:\s*[a-zµ%/]+" + _BODY_SURFACE + ")?"
_UPPER = re.compile(r"(?:<|≤|=<|<=|\bless than|\bbelow|\bunder|\bup to)\s*" + _N + "|"
                    r"(?<![\d.^x×])" + _N + _LAB_UNIT + r"\s*(?:or|and)\s*(?:below|under|less|lower|fewer)\b", re.I)
_LOWER = re.compile(r"(?:>|≥|=>|>=|\bmore than|\bgreater than|\babove|\bover|\bat least)\s*" + _N + "|"
                    r"(?<![\d.^x×])" + _N + _LAB_UNIT + r"\s*(?:or|and)\s*(?:above|over|more|greater|higher)\b", re.I)
# A clause: what one set of bounds is said of ("CrCl > 30: usual dose; CrCl < 50: monitor" is two).
_CLAUSE = re.compile(r"[;:\n]|\.(?!\d)")
_HEADER_END = re.compile(r"^\s*(?:\([^)]{0,20}\)\s*)?:")


# An amount the question names, with its unit: "weighs 72 kg", "45kg", "a 500 mg dose" (not the
# numerator of a compound unit: "15 mg/kg").
MEASURED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*(mg|g|mcg|µg|ml|kg)\b(?!\s*/)", re.I)
# The unit after a number, not the numerator of a compound unit ("g/dL", "kg/m2").
_UNIT = r"\s*(?:{unit})\b(?!\s*/)"
# A band with its unit: "60 - 80 kg", "60 kg to 80 kg", "30 kg - < 60 kg", "40 kg up to 80 kg".
_BAND = r"(?<![\d.])" + _N + "(?:" + _UNIT + r")?\s*(?:-|–|to|up to)\s*(?:<|≤|less than|under|below)?\s*" + _N + _UNIT
# Open bands: "< 20 kg", "under 40 kg", "within 3 hours", "7 days or fewer"; "≥ 80 kg", "80 kg or more",
# "beyond 72 hours".
_BELOW = (r"(?:<|≤|\bless than|\bunder|\bbelow|\bup to|\bwithin|\bno more than|\bno later than)\s*" + _N + _UNIT + "|"
          r"(?<![\d.])" + _N + _UNIT + r"\s*(?:or|and)\s*(?:less|fewer|under|below|lower|lighter|sooner|earlier)\b")
_ABOVE = (r"(?:>|≥|\bmore than|\bgreater than|\bover|\babove|\bat least|\bbeyond|\blonger than|\blater than|\bafter)\s*"
          + _N + _UNIT + "|" r"(?<![\d.])" + _N + _UNIT + r"\s*(?:or|and)\s*(?:more|over|above|greater|heavier|higher|longer|later)\b")


def _joined(upper: list[float], lower: list[float]) -> list[tuple[float, float]]:
    """Open bounds said together: "<100 but >50", "≥ 40 kg and < 80 kg" is one band; "<30 or >60" two."""
    if upper and lower and max(lower) < min(upper):
        return [(max(lower), min(upper))]
    return [(float("-inf"), b) for b in upper] + [(a, float("inf")) for a in lower]


@lru_cache(maxsize=64)
def _unit_bands(unit: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """The closed, below and above band patterns of one unit, compiled once (coverage asks per unit)."""
    return tuple(re.compile(pattern.format(unit=unit), re.I) for pattern in (_BAND, _BELOW, _ABOVE))


def band_holds(value: float, unit: str, text: str) -> bool:
    """Whether the text states a band of `unit` (a regex) that holds the value: a table or list of
    bands states a weight or dose by its band ("30 kg - < 60 kg" for 45 kg), not by the number."""
    closed, below, above = _unit_bands(unit)
    if any(float(lo) <= value <= float(hi) for lo, hi in closed.findall(text)):
        return True
    for clause in _CLAUSE.split(closed.sub(" ", text)):  # a closed band's upper end is no open band of its own
        upper = [float(a or b) for a, b in below.findall(clause)]
        lower = [float(a or b) for a, b in above.findall(clause)]
        if any(lo <= value <= hi for lo, hi in _joined(upper, lower)):
            return True
    return False


def lab_values(question: str) -> dict[str, float]:
    """The measurements a question gives the patient's value of: {"egfr": 42.0} for "eGFR 42 - dose?"."""
    return {m.group(1): float(m.group(2)) for m in _LAB_VALUE.finditer(normalize(question))}


def readings_plainly(question: str) -> str:
    """The question with each lab reading written as the measurement and its value ("ANC came back 700" ->
    "ANC 700"): the words between say how the value was had, not what is asked."""
    return re.sub(_LAB_VALUE.pattern, lambda m: f"{m.group(1)} {m.group(2)}", question, flags=re.I)


def lab_readings(question: str) -> dict[str, tuple[float, str]]:
    """The patient's values as the question writes them, with their measurement: {"42": (42.0, "egfr")}."""
    return {m.group(2): (float(m.group(2)), m.group(1)) for m in _LAB_VALUE.finditer(normalize(question))}


@lru_cache(maxsize=128)
def _named(name: str) -> re.Pattern:
    """A measurement's name as a word of its own ("hb", not the "hb" of "hba1c"), or as the lexicon's
    other names for it: asked with "K+ 4.2", evidence speaks of "potassium below 3.5"."""
    names = {name} | {term for g in concept_groups(name) for term in SYNONYM_GROUPS[g]}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w+])(?:{alternatives})(?![\w+])")


def _bands(name: str, text: str, row: bool) -> list[tuple[float, float]]:
    """The bands of a measurement a text states: in a sentence those that follow its name, in a table
    row (whose name is in the header) all of them."""
    named = _named(name)
    # In a sentence, what follows the name up to the end of its clause or the name's next mention; a
    # row read as "CrCl (mL/min): 55 to 74" gives the name's value after its unit and colon.
    where = [text] if row else [named.split(_CLAUSE.split(_HEADER_END.sub(" ", text[m.end():m.end() + 40], count=1))[0])[0]
                                for m in named.finditer(text)]
    bands = []
    for w in where:
        bands += [(float(a), float(b)) for a, b in _RANGE.findall(w)]
        bands += _joined([float(a or b) for a, b in _UPPER.findall(w)], [float(a or b) for a, b in _LOWER.findall(w)])
    return bands


def label_holds(chunk, figures: list[float]) -> bool | None:
    """Whether a table row's label states a band ("15.1 to 20", "More than 25") that holds one of the
    figures; None when the label states no band."""
    if not chunk.cells:
        return None
    bands = _bands("", normalize(chunk.text_at(chunk.cells[0].start, chunk.cells[0].end)), row=True)
    return any(lo <= f <= hi for lo, hi in bands for f in figures) if bands else None


def label_figures(chunk, question: str) -> list[float]:
    """The question's figures a row's label column measures: one right after a word of the column's header
    ("trough 22" for "Trough (mg/L)", "CrCl of 60" for "CrCl (mL/min)"), or one written with a unit the
    label or header carries ("72 kg" for "60 to 90 kg"). A blood pressure or a white cell count beside
    them is not the column's."""
    if not chunk.cells:
        return []
    header = chunk.cells[0].header
    label = normalize(f"{header} {chunk.text_at(chunk.cells[0].start, chunk.cells[0].end)}")
    named, out = set(tokenize(header)), []
    for m in FIGURE.finditer(question):
        before = tokenize(re.sub(r"\b(?:of|is|was|at)\s*$|[=:~]\s*$", "", question[max(0, m.start() - 40):m.start()].rstrip()))
        unit = re.match(r"\s*([a-zµ/]+)", question[m.end():].lower())
        if before[-1:] and before[-1] in named or unit and re.search(rf"(?<![a-z]){re.escape(unit.group(1))}(?![a-z])", label):
            out.append(float(m.group(0)))
    return out


def other_band_row(unit: Unit, units: list[Unit], question: str) -> bool:
    """A table row labelled by a band that is not the patient's: one holding none of the question's figures
    its label column measures ("trough 22 - what to do?") when a sibling's band holds one; one whose
    opening bound is not the bound the question writes after the column's measure ("eos <150") when a
    sibling's is; or one answering for a subgroup the question does not name (`_unasked_band`)."""
    c = unit.chunk
    if unit.kind != "row":
        return False
    figures = label_figures(c, question)
    if figures:
        return label_holds(c, figures) is False and any(
            u.kind == "row" and u.chunk.id != c.id and c.shares_columns(u.chunk) and label_holds(u.chunk, figures) for u in units)
    asked = _asked_bounds(c, question)
    if asked and any(u.kind == "row" and c.shares_columns(u.chunk) and _bound(u.chunk) in asked for u in units):
        return _bound(c) not in asked
    return _unasked_band(c, question)


_BOUND = re.compile(r"[<>≤≥]=?\s*\d[\d.,]*")
# The words of a label that name no measure: its units ("30 kg", "150 cells/µL", "60 mL/min").
_UNIT_WORDS = frozenset(tokenize("kg g mg mcg ml l min mins minute minutes hour hours cells cell µl mm mmol umol µmol dl m2"))


def _bound(c) -> str:
    """A row label's opening bound ("<150", "≥300"), without spaces; "" for none."""
    m = _BOUND.match(c.text_at(c.cells[0].start, c.cells[0].end).strip()) if c.cells else None
    return re.sub(r"\s", "", m.group(0)) if m else ""


def _asked_bounds(c, question: str) -> set[str]:
    """The bounds the question writes right after a word of the row's label column header ("eos <150" for
    "Baseline blood eosinophils", by the word's start; "CrCl <30" for "Creatinine clearance", by synonym),
    without spaces."""
    header = c.cells[0].header if c.cells else ""
    named, groups = [t for t in tokenize(header) if t.isalpha()], set(concept_groups(header))
    out = set()
    for m in _BOUND.finditer(question):
        before = question[max(0, m.start() - 30):m.start()]
        last = re.findall(r"[a-z]+", before.lower())[-1:]
        if last and (any(len(last[0]) >= 3 and (h.startswith(last[0]) or last[0].startswith(h) and len(last[0]) <= len(h) + 2) for h in named)
                     or groups & set(concept_groups(" ".join(before.split()[-3:])))):
            out.add(re.sub(r"\s", "", m.group(0)))
    return out


def _unasked_band(c, question: str) -> bool:
    """A row whose label is a band ("<150 cells/µL") answers for one subgroup: a question naming neither its
    measure (its column's header, its label's words but units) nor a maximum asks of all patients. (The
    top band's dose is the most any patient gets: "max loading dose?" is asked of it.)"""
    label = c.text_at(c.cells[0].start, c.cells[0].end) if c.cells else ""
    if not re.match(r"\s*(?:[<>≤≥]|\d)", label) or label_holds(c, []) is None or _ASKS_MAX.search(question):
        return False
    named = f"{c.cells[0].header} {label}"
    return not ({t for t in tokenize(named) if t.isalpha() and t not in _UNIT_WORDS} & set(tokenize(question))
                or set(concept_groups(named)) & set(concept_groups(question)))


_ASKS_MAX = re.compile(r"\b(?:max|maximum|highest|ceiling)\b", re.I)


def reading_held(value: float, name: str, text: str) -> bool:
    """Whether a text states a band of the measurement that holds the patient's value: "BMI 35 or
    more" states a BMI of 38, as "eGFR 30-59" states an eGFR of 42."""
    return any(lo <= value <= hi for lo, hi in _bands(name, normalize(text), row=False))


def names_band(name: str, text: str) -> bool:
    """Whether a text (a column's header) states a band of the measurement: "CrCl 15-29 mL/min"."""
    return bool(_bands(name, normalize(text), row=False))


def other_band(unit: Unit, asked: dict[str, float]) -> bool:
    """Asked about eGFR 42, evidence stating bands of eGFR none of which holds 42 ("mild renal impairment
    (eGFR 60-89)", a table row "15 - 29 mL/minute") is about other patients. A sentence's bands count
    where they follow the measurement's name; a table row is all one band, its name in the header."""
    text = normalize(unit.text)
    for name, value in asked.items():
        row = unit.kind == "row"
        if row and not _named(name).search(normalize(unit.context)):
            continue
        bands = _bands(name, text, row)
        if bands and not any(lo <= value <= hi for lo, hi in bands):
            return True
    return False


# A kidney-function value or threshold the question gives: "eGFR<60", "CrCl 20", "creatinine clearance
# under 30" (not a dose: "creatinine 2 mg" is no clearance). Other labs are named in evidence by the
# conditions they define ("hyperkalaemia" for "potassium 6.8", "thrombocytopenia" for "platelets 20"),
# which no word list here pairs with them, so they are not checked.
_KIDNEY_GIVEN = re.compile(rf"(?<![\w+])({'|'.join(map(re.escape, KIDNEY_MEASURES))})\s*(?:of|=|:|is|was|at|~|<|>|≤|≥|<=|>=|"
                           r"below|under|above|over|less than|more than|greater than)?\s*\d+(?:\.\d+)?(?![\d.]|\s*(?:%|mg|mcg|g\b))",
                           re.I)


def misses_measurement(question: str, where: str) -> bool:
    """Asked with a patient's kidney function ("risk with eGFR < 60?", "dose in AF with CrCl 20"),
    evidence that names no kidney function at all (`where`: the unit with its headings) is the overall
    result or the usual dose, not the asked patients'."""
    return bool(_KIDNEY_GIVEN.search(normalize(question))) and not SAYS_KIDNEY_FUNCTION.search(where)


_THRESHOLD_ASKED = re.compile(QUESTION_FORMS["#threshold"][0], re.I)
_MEASURE_NAMES = frozenset(name for name in LAB_NAMES if set(concept_groups(name)) & groups_with_role("measure"))
_LAB_NAMED = re.compile(rf"(?<![\w+])({_LAB})(?![\w+])", re.I)


def misses_thresholds_measure(unit: Unit, question: str) -> bool:
    """Asked for a threshold of a measurement ("is my potassium too high to take it?", "eGFR cut-off"),
    evidence naming no form of it gives another measurement's threshold (a blood pressure limit)."""
    if not _THRESHOLD_ASKED.search(question):
        return False
    where = normalize(f"{unit.context} {unit.chunk.section}")
    # (Kidney function is said in several measures: an "eGFR cut-off" is stated as a creatinine clearance. A
    # name the lexicon also gives a measure of effect, "HR", may be the hazard ratio asked.)
    names = {m.group(1).lower() for m in _LAB_NAMED.finditer(question)} - _MEASURE_NAMES
    # (A name inside another's says it: "BP" in "SBP", "GFR" in "eGFR".)
    return any(not (SAYS_KIDNEY_FUNCTION.search(where) if name in KIDNEY_MEASURES else
                    _named(name).search(where) or re.search(rf"{re.escape(name)}(?![\w+])", where)) for name in names)


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


# A grade on a scale the lexicon lists: "Child-Pugh C", "NYHA class III", "CKD stage 4", "grade 3
# neutropenia", "grades 3-4", "Child-Pugh B or C". Letter grades are capitals in evidence ("at this stage a
# dose" states none); a question is read in capitals, as clinicians type it in either case.
_GRADE = r"(?:[A-D]|[0-5][abAB]?|IV|V|I{1,3})"
_GRADED = re.compile(rf"\b(?i:({'|'.join(map(re.escape, GRADED_SCALES))}))(?i:s)?(?:\s+(?i:class|grade|stage|category))?"
                     rf"\s*[-:]?\s*(≥|>=|>)?\s*({_GRADE}(?:\s*(?i:,|or|and|-|–|to|/)\s*{_GRADE})*)\b"
                     r"(\s+(?i:or|and)\s+(?i:higher|above|over|more|worse|greater))?")
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}


def _grade_set(listed: str) -> set[str]:
    """"3-4" -> {"3", "4"}; "B or C" -> {"B", "C"}; "III" -> {"3"}; a range runs through what lies between."""
    parts = [_ROMAN.get(p, p.upper()) for p in re.findall(_GRADE, listed)]
    out = set(parts)
    if re.search(r"[-–]|\bto\b", listed) and len(parts) == 2:
        lo, hi = parts
        if lo[:1].isdigit() and hi[:1].isdigit():
            out |= {str(n) for n in range(int(lo[0]), int(hi[0]) + 1)}
        elif lo.isalpha() and hi.isalpha():
            out |= {chr(c) for c in range(ord(lo), ord(hi) + 1)}
    return out


def grades(text: str) -> dict[str, set[str]]:
    """The grades a text states, by scale."""
    out: dict[str, set[str]] = {}
    for m in _GRADED.finditer(text):
        scale, listed = m.group(1).lower().replace(" ", "-"), _grade_set(m.group(3))
        if scale == "grade" and any(not g.isdigit() for g in listed):
            continue  # "Grade 1B", "Grade A": a level of evidence, not a grade of severity
        if m.group(2) or m.group(4):  # "grade ≥3", "grade 3 or higher": up to the top of the scale
            listed |= {str(n) for g in listed if g.isdigit() for n in range(int(g), 6)}
        out.setdefault(scale, set()).update(listed)
    return out


def other_grade(unit: Unit, asked: dict[str, set[str]]) -> bool:
    """Asked about Child-Pugh C, evidence naming only other grades of that scale ("Child-Pugh B: weekly
    LFTs") is about other patients."""
    if not asked:
        return False
    stated = grades(f"{unit.context} {unit.chunk.lead}")
    whole = lambda values: values | {v[0] for v in values if v[:1].isdigit()}  # noqa: E731  (stage 3b is of stage 3)
    return any(scale in stated and not (whole(values) & whole(stated[scale])) for scale, values in asked.items())
