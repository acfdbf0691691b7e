"""The abbreviations a document defines for itself ("hazard ratio (HR)", "estimated glomerular
filtration rate (eGFR)"), found with the Schwartz-Hearst algorithm (the `abbreviations` package), so a
question that spells a term out is covered by a sentence that uses the document's short form of it.

The same letters mean different things in different documents (PE is pulmonary embolism in one and
a protective effect in another), so definitions are read per document, never pooled."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

from abbreviations import schwartz_hearst

from app.lazy import PerDocument
from app.lexicon.medterms import ASKS_EXPANSION, generic_name, is_drug_class, is_drug_name
from app.text.lexical import concept_groups, initials_of, tokenize

logging.getLogger(schwartz_hearst.__name__).setLevel(logging.WARNING)

# A short form is letters (a digit or hyphen may follow the first) with two capitals or a digit:
# "PE", "LMWH", "eGFR", "COVID-19"; one capital is too often an ordinary word ("Indium (In)" would
# turn every "In" into a metal). A definition is longer than it ("drug name (DN)").
_SHORT = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,9}")
# The algorithm reads a line at a time and rereads it for every parenthesis, so its time grows with
# the square of a line's length: text is handed to it a sentence (at most _PIECE characters) at a time.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")
_PIECE = 2000


# A glossary's entry, "TOC: test of cure;" or one per line: the short form, then its long form.
# A table's key writes "HD = haemodialysis. SC = subcutaneous." (after "Key:" too): one word may be the long form there.
_GLOSSARY = re.compile(r"(?:^|[;\n]|[.:][ \t])[ \t]*([A-Za-z][A-Za-z0-9-]{1,5})[ \t]*([:=])[ \t]+([A-Za-z][A-Za-z -]{3,60}?)[ \t]*(?=;|\n|$|\.(?:\s|$))")


def _glossary(text: str) -> dict[str, str]:
    """Abbreviation lists ("TOC: test of cure; CrCl: creatinine clearance"), each entry checked as
    Schwartz and Hearst check an in-text definition: the short form's letters in order in the long
    form, the first at a word's start."""
    out = {}
    # A label ("Plan: prescribe ...") is a word the document also writes in lower case; a short form is not.
    words = set(re.findall(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])", text))
    for m in _GLOSSARY.finditer(text):
        short, long = m.group(1), m.group(3).strip()
        if (short in out or len(long.split()) < (1 if m.group(2) == "=" else 2) or short.casefold() in long.casefold() or short.islower()
                or short.lower() in words):
            continue
        definition, abbreviation = schwartz_hearst.Candidate(long), schwartz_hearst.Candidate(short)
        definition.set_position(0, len(long))
        abbreviation.set_position(0, len(short))
        try:
            schwartz_hearst.select_definition(definition, abbreviation)
        except (ValueError, IndexError):
            continue
        out[short] = long
    return out


# One entry of a table's legend: "CI: confidence interval", "group A: the first arm", "D9: ninth day".
_LEGEND_ENTRY = re.compile(r"([A-Za-z][\w-]{0,9}(?: [A-Za-z0-9]{1,3})?)\s*[:=]\s*[^\d\s].{2,80}")


# One entry of a glossary written "ICP - Intrahepatic cholestasis of pregnancy": a short form in capitals,
# a dash, a capitalised long form. A glossary's entries often run on, separated only by tabs or spaces.
_DASHED_ENTRY = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9&/]*[A-Z][A-Za-z0-9&/]*)\s+[-\u2013\u2014]\s+(?=[A-Z][a-z])")
# At most this many words per dashed entry in a glossary line (a long form is a few words).
_WORDS_PER_ENTRY = 8


def is_glossary(text: str) -> bool:
    """A list of abbreviations (a table's legend, a glossary line): three entries or more, and little else."""
    # An entry spells its short form out (its letters are the long form's initials), which a list of
    # instructions by drug class ("SGLT2i - Stop until eating ...") does not.
    found = list(_DASHED_ENTRY.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    dashed = sum(initials_of(re.sub(r"(?<=[A-Z])s$", "", m.group(1)).lower(), text[m.end():end].lower())
                 for m, end in zip(found, ends))
    if dashed >= 3 and dashed * _WORDS_PER_ENTRY >= len(text.split()):
        return True
    pieces = [p.strip(" .") for p in re.split(r"[;\n]", text) if p.strip(" .")]
    # A field list ("Dose: 5 mg; Route: oral") labels values with words; a legend spells out short forms.
    entries = [m for p in pieces if (m := _LEGEND_ENTRY.fullmatch(p)) and not re.fullmatch(r"[A-Za-z][a-z]+", m.group(1))]
    return len(entries) >= 3 and len(entries) >= 0.75 * len(pieces)


# A brand the document introduces with its generic name, either way round: "BRANDX (drugmab) tablets",
# "drugmab (Brandx®)". A new brand is in no lexicon, and a label calls its drug by the brand throughout.
_BRAND_FIRST = re.compile(r"(?<![\w-])([A-Z][A-Za-z-]{2,})\s*([®™]|\(R\))?\s*\(\s*([a-z][a-z-]{3,})"
                          r"(?:\s+(?!and\b|or\b|with\b|plus\b)[a-z-]+){0,2}\s*\)"
                          r"(\s+(?:tablets?|capsules?|injection|infusion|for (?:oral|injection|intravenous)|oral|"
                          r"granules|solution|suspension|cream|ointment|gel|patch|inhaler|powder|film-coated))?")
_GENERIC_FIRST = re.compile(r"(?<![\w-])([a-z][a-z-]{3,})\s*\(\s*([A-Z][A-Za-z-]{2,})\s*([®™])?\s*\)")


def brand_names(text: str) -> dict[str, str]:
    """Brand -> generic, for the brands the document pairs with one generic name the lexicon knows.
    A brand is marked as one (®/™, or a dosage form after it) unless it is written in mixed case; it
    is never a term the lexicon knows ("PFS (drugmab)", an endpoint) or a drug class ("NSAIDs
    (drugname)"), nor, unless marked ®/™, a lower-case word of the document ("Tablets (drugmab)")."""
    words = set(re.findall(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])", text))
    pairs = [(m.group(1), m.group(3), bool(m.group(2)), bool(m.group(4))) for m in _BRAND_FIRST.finditer(text)]
    pairs += [(m.group(2), m.group(1), bool(m.group(3)), False) for m in _GENERIC_FIRST.finditer(text)]
    found: dict[str, set[str]] = {}
    for brand, generic, symbol, form in pairs:
        # (A brand marked ®/™ may be written in lower case elsewhere too: its web address.)
        if ((symbol or (form or not brand.isupper()) and brand.lower() not in words) and is_drug_name(generic)
                and generic_name(generic) == generic and generic_name(brand) != generic
                and not concept_groups(brand) and not is_drug_class(brand)):
            found.setdefault(brand, set()).add(generic)
    return {brand: generics.pop() for brand, generics in found.items() if len(generics) == 1}


def brands_named(question: str, definitions: Iterable[Mapping[str, str]]) -> set[str]:
    """The generic names of the brands a question names that no lexicon knows but a document introduces
    (a short form of three letters or fewer may be a word of the question: "AS", "IT"; a class's short
    form asks about any member)."""
    words = set(re.findall(r"[a-z][a-z-]+", question.casefold()))
    return {generic_name(long) for defined in definitions for short, long in defined.items()
            if len(short) > 3 and short.casefold() in words and is_drug_name(long) and not is_drug_class(long)}


def defined_abbreviations(text: str) -> dict[str, str]:
    """Short form -> the long form the document first gives it, in its text or in a glossary; a brand
    the document introduces -> its generic name."""
    pieces = []
    for sentence in _SENTENCE_END.split(text):
        pieces.extend(sentence[i:i + _PIECE] for i in range(0, len(sentence), _PIECE))
    pairs = schwartz_hearst.extract_abbreviation_definition_pairs(doc_text="\n".join(pieces), first_definition=True)
    found = {short: long for short, long in pairs.items()
             if _SHORT.fullmatch(short) and (sum(ch.isupper() for ch in short) >= 2 or any(ch.isdigit() for ch in short))
             and len(long) > len(short) + 2}
    return {**brand_names(text), **_glossary(text), **found}


def short_forms(text: str, defined: Mapping[str, str]) -> str:
    """The document's short forms whose long forms the text spells out, so that a question asking
    with the short form ("TOC") finds a passage that writes it whole."""
    folded = text.casefold()
    return " ".join(short for short, long in defined.items() if long.casefold() in folded)


def spelled_out(text: str, defined: Mapping[str, str]) -> str:
    """The text followed by the long forms of the document's short forms it uses."""
    if not defined:
        return text
    found = [long for short, long in defined.items()
             if short in text and re.search(rf"(?<![A-Za-z0-9]){re.escape(short)}(?![A-Za-z0-9])", text)]
    return f"{text} ({'; '.join(found)})" if found else text


def abbreviation_asked(question: str) -> str | None:
    """The abbreviation a question asks the meaning of ("what does X stand for?", "X = ?", "what is
    X?"; "what is the X?" and a bare "X?" ask for its value), or None. Whether it is one is for the documents to say: only a short form a
    document defines is answered as one."""
    for pattern in ASKS_EXPANSION:
        m = pattern.search(question.strip())
        if m:
            return m.group("acr")
    return None


def long_form(short: str, defined: Mapping[str, str]) -> tuple[str, str] | None:
    """The short form as the document writes it and its long form, the asked letters' case aside
    ("ic-rr" asks for the document's "IC-RR")."""
    return next(((s, long) for s, long in defined.items() if s.casefold() == short.casefold()), None)


def spells_out(text: str, short: str, long: str) -> bool:
    """`text` gives the long form (its words in order, a plural aside) and the short form both, the
    short form as the document writes it ("IT" for intrathecal is not the pronoun "it")."""
    words, said = tokenize(long, parts=False), tokenize(text, parts=False)
    spelled = any(said[k:k + len(words)] == words for k in range(len(said) - len(words) + 1))
    return spelled and re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text) is not None


# One cache for the process: the answerer and the retrieval of a spelled-out short form read the same
# documents' definitions.
DEFINITIONS: PerDocument[dict[str, str]] = PerDocument(defined_abbreviations, {})
