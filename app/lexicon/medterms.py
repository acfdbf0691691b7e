"""Clinical vocabulary, loaded at run time from data files beside this module.

The code that answers and verifies holds mechanisms only; what it knows about clinical language is
data here: synonym groups and abbreviations (`data/synonyms.json`, each group's first phrase is its
name, `roles` say whether it is an endpoint, an outcome measure a follow-up may swap, a concept that
narrows a question to one population/endpoint, patients whose kidney or liver function a label doses
apart, or patients a whole document may be about, children, pregnancy, older people), drug names (`data/drugs.json`: brands, INN stems;
`data/drug_words.txt`: the drug-named-entity-recognition package's one-word names, `data/drug_generics.tsv`:
the generic each of its brands and variant spellings resolves to), and question/evidence patterns
(`data/patterns.json`). Phrases are plain lower case, matched after app.text.lexical.normalize.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def _read(name: str) -> str:
    path = DATA_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:  # a broken install must say which file
        raise RuntimeError(f"clinical lexicon file {path} is missing or unreadable: {exc}") from exc


def _load(name: str):
    try:
        return json.loads(_read(name))
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"clinical lexicon file {DATA_DIR / name} is not valid JSON: {exc}") from exc


_SYNONYMS = _load("synonyms.json")
_DRUGS = _load("drugs.json")
_PATTERNS = _load("patterns.json")

SYNONYM_GROUPS: list[list[str]] = [list(g["terms"]) for g in _SYNONYMS]


def groups_with_role(role: str) -> set[int]:
    """Indices of the synonym groups marked with `role` (endpoint | measure | narrows | population | patients)."""
    return {i for i, g in enumerate(_SYNONYMS) if role in g.get("roles", ())}


# Brand names and development codes -> generic name.
DRUG_NAMES: dict[str, str] = dict(_DRUGS["brands"])
_STEMS = tuple(_DRUGS["stems"])
_NOT_DRUGS = frozenset(_DRUGS["not_drugs"])

NEGATIONS = frozenset(_PATTERNS["negations"])
NEGATED_PHRASES: str = _PATTERNS["negated_phrases"]
# Words that exclude a population ("patients not requiring ventilation"), not a pair naming both sides.
POPULATION_NEGATIONS: str = _PATTERNS["population_negations"]
UNEXPOSED: str = _PATTERNS["unexposed"]  # "TKI-naive", "untreated": the patients who never had it
NOT_REPORTED = frozenset(_PATTERNS["not_reported"])
UNESTABLISHED = re.compile(_PATTERNS["unestablished"]["states"], re.I)
MEDICINE_CLASS = re.compile(_PATTERNS["medicine_classes"]["pattern"], re.I)
# A patient noted by age and sex ("55M, ..."), as a question opens: the first group of its own alternative.
AGE_NOTED: str = _PATTERNS["ages"]["noted"]
ASKED_AGE = re.compile(rf'{_PATTERNS["ages"]["asked"]}|^\s*{AGE_NOTED}', re.I)
# A nursing baby's age, said before ("breastfeeding my 4 month old") or after it ("... old is breastfed"), where
# the mother takes the medicine and the baby is given none.
NURSED_BEFORE = re.compile(_PATTERNS["ages"]["nursed"]["before"], re.I)
NURSED_AFTER = re.compile(_PATTERNS["ages"]["nursed"]["after"], re.I)
NURSING_MOTHER_TAKES = re.compile(_PATTERNS["ages"]["nursed"]["mother"], re.I)
NURSED_BABY_GIVEN = re.compile(_PATTERNS["ages"]["nursed"]["baby"], re.I)
SPEAKS_OF_ANIMALS = re.compile(_PATTERNS["animals"]["speaks"], re.I)
SPEAKS_OF_PEOPLE = re.compile(_PATTERNS["animals"]["people"], re.I)
# The frequency bands' names, in the lexicon's order ("very common" ... "not known"), and a band's label.
FREQUENCY_BAND_WORDS: tuple[str, ...] = tuple(_PATTERNS["frequency_bands"]["words"])
FREQUENCY_BAND = re.compile(_PATTERNS["frequency_bands"]["band"].replace("{words}", "|".join(FREQUENCY_BAND_WORDS)), re.I)
CONTRASTS = tuple((re.compile(a, re.I), re.compile(b, re.I)) for a, b in _PATTERNS["contrasts"]["pairs"])
DOSING_INTERVALS: dict[str, list[str]] = {h: ws for h, ws in _PATTERNS["dosing_intervals"].items() if h[0].isdigit()}
# Units a period is written in: (unit pattern, days, also written before its number), and how near two periods are the same.
PERIOD_UNITS: list[tuple[str, float, bool]] = [tuple(u) for u in _PATTERNS["periods"]["units"]]
PERIOD_TOLERANCE: float = _PATTERNS["periods"]["tolerance"]
PERIOD_GUARD_TOLERANCE: float = _PATTERNS["periods"]["guard_tolerance"]
ORDINAL_WORDS: dict[str, int] = _PATTERNS["ordinals"]["words"]
ORDINAL_NOUNS: tuple[str, ...] = tuple(_PATTERNS["ordinals"]["nouns"])
ORDINALS_IN_TIME: frozenset[str] = frozenset(_PATTERNS["ordinals"]["in_time"])
SPOKEN_AGE = re.compile(_PATTERNS["ages"]["spoken"], re.I)
MINOR_UNDER: int = _PATTERNS["ages"]["minor_under"]
SPEAKS_OF_ADULTS = re.compile(_PATTERNS["ages"]["adults"], re.I)
SPEAKS_OF_CHILDREN = re.compile(_PATTERNS["ages"]["children"], re.I)
AGE_BOUNDS = {kind: re.compile(pattern, re.I) for kind, pattern in _PATTERNS["ages"]["bounds"].items()}
BRITISH_SPELLING_RULES = tuple((re.compile(a), b) for a, b in _PATTERNS["british_spellings"]["rules"])
DOCUMENT_WORDS = frozenset(_PATTERNS["document_words"]["words"])
VALUE_ATTRIBUTES = frozenset(_PATTERNS["value_attributes"]["words"])
# Words asking for a limit -> how a document states one without the word ("not exceeding", "at least").
LIMIT_WORDS: dict[str, re.Pattern] = {w: re.compile(v["said"], re.I) for k, v in _PATTERNS["limit_words"].items()
                                      if not k.startswith("_") for w in v["words"]}
UPPER_LIMIT_WORDS: tuple[str, ...] = tuple(_PATTERNS["limit_words"]["upper"]["words"])  # "max", "maximum", ...
GRADED_SCALES: list[str] = _PATTERNS["graded_scales"]["names"]
STATES_PURPOSE = re.compile(_PATTERNS["purpose"]["states"], re.I)
ASKS_PURPOSE = re.compile(_PATTERNS["purpose"]["asks"], re.I)
AIM_HEADING = re.compile(_PATTERNS["purpose"]["heading"], re.I)
STATES_AIM = re.compile(_PATTERNS["purpose"]["infinitive"], re.I)
STATES_STUDIED = re.compile(_PATTERNS["purpose"]["studied"], re.I)
ASKS_ORGAN_FUNCTION = re.compile(_PATTERNS["organ_function"]["asks"], re.I)
KIDNEY_MEASURES: list[str] = _PATTERNS["organ_function"]["kidney_measures"]
SAYS_KIDNEY_FUNCTION = re.compile(_PATTERNS["organ_function"]["kidney_said"], re.I)
SEXES = {sex: re.compile(_PATTERNS["sexes"][sex], re.I) for sex in ("female", "male")}
SEX_PRONOUNS = {sex: re.compile(_PATTERNS["sexes"][f"{sex}_pronouns"], re.I) for sex in ("female", "male")}
PARTNER = _PATTERNS["sexes"]["partner"]
STATES_METHOD = re.compile(_PATTERNS["method"]["states"], re.I)
STATES_RESULT = re.compile(_PATTERNS["method"]["result"], re.I)
ASKS_METHOD = re.compile(_PATTERNS["method"]["asks"], re.I)
STATES_PLAN = re.compile(_PATTERNS["method"]["planned"], re.I)
ASKS_PLAN = re.compile(_PATTERNS["method"]["asks_planned"], re.I)
LISTS_MEASURES = re.compile(_PATTERNS["method"]["lists"], re.I)
ASKS_MEASURES = re.compile(_PATTERNS["method"]["asks_listed"], re.I)
RESEARCH_SECTIONS = re.compile(_PATTERNS["research"]["sections"], re.I)
ASKS_RESEARCH = re.compile(_PATTERNS["research"]["asks"], re.I)
STATES_ELIGIBILITY, ASKS_ELIGIBILITY, ELIGIBILITY_SECTIONS = (re.compile(_PATTERNS["eligibility"][k], re.I) for k in ("states", "asks", "sections"))
OTHER_RESEARCH, OTHER_RESEARCH_SECTIONS, ASKS_OTHER_RESEARCH, OWN_RESEARCH = (re.compile(_PATTERNS["other_research"][k], re.I)
                                                                        for k in ("states", "sections", "asks", "own"))
STUDY_SECTIONS = re.compile(_PATTERNS["study_exposure"]["sections"], re.I)
STUDY_SUBJECTS = re.compile(_PATTERNS["study_exposure"]["subjects"], re.I)
STUDY_TITLES = re.compile(_PATTERNS["study_exposure"]["titles"], re.I)
STATES_RECOMMENDATION = re.compile(_PATTERNS["study_exposure"]["recommends"], re.I)
ASKS_DOSING = re.compile(_PATTERNS["study_exposure"]["dosing"], re.I)
DOSING_SECTIONS = re.compile(_PATTERNS["study_exposure"]["dosing_sections"], re.I)
SCHEDULE_COLUMNS = re.compile(_PATTERNS["study_exposure"]["schedule_columns"], re.I)
INDICATION_SECTIONS = re.compile(_PATTERNS["study_exposure"]["indication_sections"], re.I)
CHANGES_DRUG = re.compile(_PATTERNS["study_exposure"]["changes_drug"], re.I)
ASKS_STUDY = re.compile(_PATTERNS["study_exposure"]["asks"], re.I)
LAB_NAMES: tuple[str, ...] = tuple(sorted(_PATTERNS["lab_values"]["names"], key=len, reverse=True))
ASKS_DEFINITION = re.compile(_PATTERNS["definition"]["asks"], re.I)
YEAR = re.compile(_PATTERNS["year"]["pattern"], re.I)
ASKS_EXPANSION = tuple(re.compile(pattern, re.I) for pattern in _PATTERNS["expansion"]["asks"])
DEFINITION_CUES = tuple(_PATTERNS["definition"]["cues"].split())
DEFINITION_NEXT = frozenset(_PATTERNS["definition"]["right_after"].split())
_COUNTRIES = "|".join(_PATTERNS["countries"])
_FRAGMENTS = {"countries": _COUNTRIES, **_PATTERNS.get("fragments", {})}
_FOOTNOTE = re.compile(_PATTERNS["header_footnote"]["marker"])
_NUMBERED_WORDS = frozenset(_PATTERNS["header_footnote"]["numbered_words"])


# A cross-reference to another section at a header's end: "(see 3.5)", "(section 4.4)", "(§ 4.4)" (a bare
# "(2.5)" may be a value: "Target INR (2.5)").
_SECTION_REFERENCE = re.compile(r"\s*\((?:see\s+(?:section\s+)?|section\s+|§\s*)\d+(?:\.\d+)*\)\s*$", re.I)


def without_footnote_marker(header: str) -> str:
    """A column header without the footnote marker or cross-reference it ends with ("Usual Durations 1" ->
    "Usual Durations", "Total Duration †" -> "Total Duration", "Time at increased risk (see 3.5)" -> "Time at
    increased risk"); "Day 1", "PHQ 9" and "under 5" keep their number."""
    header = _SECTION_REFERENCE.sub("", header)
    m = _FOOTNOTE.search(header)
    if not m:
        return header
    words = header[: m.start()].split()
    if m.group(1) and (not words or words[-1].casefold() in _NUMBERED_WORDS or words[-1].isupper()):
        return header
    return header[: m.start()]


def _expand(pattern: str) -> str:
    """A pattern with its {fragment} names replaced ("{measured_value}": a number with a unit or comparator),
    and those a fragment names in turn ("{rate}" holds "{share}")."""
    for name, fragment in _FRAGMENTS.items():
        if "{" + name + "}" in pattern:
            pattern = pattern.replace("{" + name + "}", _expand(fragment))
    return pattern


ANSWER_TYPES: dict[str, str] = {k: _expand(v) for k, v in _PATTERNS["answer_types"].items()}
ASKED_KINDS: dict[str, str] = {k: _expand(v) for k, v in _PATTERNS["asked_kinds"].items() if not k.startswith("_")}
MEASURES: dict[str, tuple[str, str]] = {k: (v[0], _expand(v[1])) for k, v in _PATTERNS["measures"].items()}
LOOSE_MEASURES = frozenset(_PATTERNS["loose_measures"]["names"])
LIMIT_MEASURES = frozenset(_PATTERNS["limit_measures"]["names"])
WH_MEASURES = frozenset(_PATTERNS["wh_measures"]["names"])
# A column header naming an arm of a comparison (besides a drug or a dose).
ARM_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, _PATTERNS["arms"]["words"])) + r")s?\b", re.I)
DOSE_AMOUNT = re.compile(_expand("{dose_amount}"), re.I)
# The forms a medicine is given in ("tablet", "liquid"), each by the words naming it.
DOSAGE_FORMS: dict[str, re.Pattern] = {k: re.compile(v, re.I) for k, v in _PATTERNS["dosage_forms"].items()
                                        if not k.startswith("_") and k not in ("compatible", "refused")}
COMPATIBLE_FORMS = frozenset(frozenset(pair) for pair in _PATTERNS["dosage_forms"]["compatible"])
REFUSED_FORM = re.compile(_PATTERNS["dosage_forms"]["refused"], re.I)  # "can't swallow tablets": not the form asked
# A form of the drug a column names beside it ("<drug> PF", "<drug> extended-release"); abbreviations in capitals.
# ("ER+" and "ER-" are a receptor's status, subgroups of one arm, not a form.)
FORMULATIONS = re.compile(r"(?<![\w+-])(?:" + "|".join(map(re.escape, _PATTERNS["arms"]["formulation_abbreviations"])) + r")(?![\w+/-])"
                          r"|(?i:\b(?:" + "|".join(map(re.escape, _PATTERNS["arms"]["formulations"])) + r")s?\b)")
# What the asker makes of the answer ("my slides", "the journal", "reviewer 2"): why they ask, not what.
ASKER_WORK = re.compile(r"\b" + _expand("{asker_work}") + r"\b", re.I)
THRESHOLD_WORDS: dict[str, list[str]] = {k: v for k, v in _PATTERNS["thresholds"].items() if not k.startswith("_")}
# "in each cohort", "the two cohorts": every group's value is asked.
EACH_GROUP = re.compile(_PATTERNS["each_group"]["pattern"], re.I)
EACH_GROUP_COMPARATIVES = _PATTERNS["each_group"]["comparatives"]
# A document's record of its own changes ("Update information"), and a question asking about them.
HISTORY_HEADINGS = re.compile(_PATTERNS["document_history"]["headings"], re.I)
ASKS_HISTORY = re.compile(_PATTERNS["document_history"]["asks"], re.I)
STATES_EARLIER = re.compile(_PATTERNS["document_history"]["earlier"], re.I)
# What the asker does with the answer ("for my slide", "a colleague asked me"): no terms of the question.
FRAMES = re.compile("|".join(map(_expand, _PATTERNS["frames"]["patterns"])), re.I)
FORM_LABELS = {kind: tuple(_PATTERNS["form_fields"][kind]) for kind in ("asks", "admin", "why", "title")}
ASK_LABELS: tuple[str, ...] = tuple(_PATTERNS["labelled_asks"]["labels"])
KEPT_BEFORE_ASK = re.compile(_PATTERNS["labelled_asks"]["keeps"], re.I)
CHILD_AGE_TOLD = re.compile(_PATTERNS["labelled_asks"]["child"], re.I)
# Ways of asking that name a kind of answer ("how well does ... work" asks for a result): marker ->
# (question pattern, the question words it consumes).
QUESTION_FORMS: dict[str, tuple[str, str]] = {k: (v["asks"], v["consumes"])
                                              for k, v in _PATTERNS["question_forms"].items() if not k.startswith("_")}


# One-word drug names (drug-named-entity-recognition's dictionary, see scripts/build_drug_words.py).
DRUG_WORDS = frozenset(w for w in _read("drug_words.txt").splitlines() if w and not w.startswith("#")) | frozenset(
    _DRUGS.get("extra", ()))


@lru_cache(maxsize=65536)
def is_drug_name(word: str) -> bool:
    """A single lower-case word that names a drug: a known brand/code, an INN stem ("-gliptin",
    "-xaban", "-tinib", ...) or an entry of the drug dictionary."""
    word = word.lower()
    if word in DRUG_NAMES:
        return True
    if len(word) < 5 or word in _NOT_DRUGS or not word.isalpha():
        return False
    if word.endswith(_STEMS):
        return True
    return word in DRUG_WORDS


# Brand or variant spelling -> generic, for drug identity only (a question about the generic is answered
# by a label that names the brand); tokens for search keep DRUG_NAMES alone, so built indexes stay valid.
# A US biologic's name carries a four-letter suffix ("drugmab-abcd"), which the rest of the world and most
# documents leave off: the generic is the name without it.
_US_SUFFIX = re.compile(r"^([a-z]{5,})-[a-z]{4}$")


def _without_us_suffix(generic: str) -> str:
    bare = _US_SUFFIX.match(generic)
    return bare.group(1) if bare and is_drug_name(bare.group(1)) else generic


GENERICS: dict[str, str] = {
    brand: _without_us_suffix(generic) for brand, generic in (
        line.split("\t", 1) for line in _read("drug_generics.tsv").splitlines() if line and not line.startswith("#"))}


SALTS = frozenset(_PATTERNS["salts"]["words"])


@lru_cache(maxsize=65536)
def generic_name(word: str) -> str:
    """The drug a word names: a brand's generic, and a salt or ester by its drug ("<drug> mesylate",
    "<drug> sodium" -> "<drug>"), since a label's brand maps to the salt while a question names the
    drug. Only a drug's name before a salt word the lexicon lists is cut ("sodium chloride" stays whole:
    "sodium" names no drug of its own)."""
    word = word.lower()
    # (A shorthand names the word documents use, "abx" -> "antibiotics", which names its class.)
    name = DRUG_NAMES.get(word, word)
    name = GENERICS.get(name, name)
    parts = name.split()
    if len(parts) == 2 and parts[1] in SALTS and is_drug_name(parts[0]):
        return parts[0]
    return name


_CLASS_STEMS: dict[str, tuple[str, ...]] = {stem: tuple(names) for stem, names in _DRUGS["class_stems"]["stems"].items()}
CLASS_NAMES = frozenset(name for names in _CLASS_STEMS.values() for name in names)


@lru_cache(maxsize=4096)
def classes_of(drug: str) -> tuple[str, ...]:
    """The names documents give the class a drug's INN stem marks ("-pril": "ace inhibitor", ...); none for
    a word that is no drug name or has no such stem. The longest stem the word ends with decides."""
    word = drug.lower()
    stem = max((s for s in _CLASS_STEMS if word.endswith(s) and len(word) > len(s) + 2), key=len, default="")
    return _CLASS_STEMS[stem] if stem and is_drug_name(word) else ()


@lru_cache(maxsize=256)
def _class_named(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(name)}(?:s|es)?(?!\w)", re.I)


def says_class(text: str, names) -> bool:
    """The text writes one of these class names, singular or plural ("ACE inhibitors"), as words of their own."""
    return any(_class_named(name).search(text) for name in names)


def is_drug_class(word: str) -> bool:
    """A word the lexicon maps to a pharmacological class ("statins" -> "... reductase inhibitors"),
    whose names are plural, not to one drug. (A combination's name, "<drug>/<plural drug name>", is one product.)"""
    generic = generic_name(word)
    head = generic.split(",")[0].split()
    return generic != word.lower() and "/" not in generic and bool(head) and head[-1].endswith("s") and len(head[-1]) > 3


