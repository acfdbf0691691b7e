"""A switch between two medicines has a direction. Asked how to move a patient from <A> to <B>, a chart's
row for moving from <B> to <A> ("Stop <B> and start <A> the next day") answers the opposite question: the
washout, the starting dose and the waiting time all differ."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import Unit
from app.ingest.chunking import clean_statement
from app.lexicon.medterms import generic_name, is_drug_class
from app.text.lexical import common_stems, drug_spans, tokenize

_DRUG = r"(?:the\s+)?(?!(?:and|or|to|from)\b)(?P<{}>[\w-]+)"
# Ways a direction is said, each naming the medicine left (a) and the one taken up (b).
_DIRECTIONS = tuple(re.compile(p.format(a=_DRUG.format("a"), b=_DRUG.format("b")), re.I) for p in (
    r"\bswitch(?:ing|ed|es)?\s+to\s+{b}\s+from\s+{a}",                       # "Switching TO <B> from another"
    r"\bfrom\s+{a}\s+(?:(?:\w+\s+){{0,2}}?)(?:to|onto)\s+{b}",                # "from <A> to <B>"
    r"\bon\s+{a}\b[^.?;]{{0,40}}?\b(?:switch|chang|mov|convert)\w*\s+(?:\w+\s+){{0,2}}?(?:to|onto)\s+{b}",  # "on <A>, switching to <B>"
    r"\b(?:switch|chang|convert|mov)\w*\s+(?:(?:a\s+)?(?:patient|pt|him|her|them)\s+)?{a}\s+(?:to|onto|for)\s+{b}",
    r"\bstop\s+{a}\b[^.]{{0,80}}?\bstart(?:ing)?\s+{b}",                       # "Stop <A> and start <B> the next day"
    r"\b{a}\s*(?:→|->)\s*{b}",
))


def _medicine(word: str) -> str | None:
    """The generic a word names, when it names a medicine or a class of them, or is a word no everyday
    English has (a brand the lexicon lacks: "switching from <Brand> to ...")."""
    known = drug_spans(word) or is_drug_class(word) or not set(tokenize(word)) <= common_stems()
    return generic_name(word).lower() if known and not word.isdigit() else None


@lru_cache(maxsize=1024)
def direction(text: str) -> tuple[str | None, str | None] | None:
    """(medicine left, medicine taken up) of the first switch the text states; a side naming no medicine
    ("another antidepressant") is None. None when the text states no switch between medicines."""
    for pattern in _DIRECTIONS:
        for m in pattern.finditer(text):
            a, b = _medicine(m.group("a")), _medicine(m.group("b"))
            if a or b:
                return a, b
    return None


# A switch stated for both directions ("from <A> to <B> (and vice versa)").
_BOTH_WAYS = re.compile(r"\bvice\s+versa\b|\bto\s+and\s+from\b|\bfrom\s+and\s+to\b|\beither\s+direction\b|\bboth\s+directions\b", re.I)
_COLUMN = re.compile(r"^\W*(?:switch\w*\s+|chang\w*\s+|mov\w*\s+)?(from|to)\b", re.I)


def _by_columns(unit: Unit) -> str:
    """A row's switch as its columns say it: the cell under "Switching from" is the medicine left."""
    if unit.kind != "row":
        return ""
    said = {m.group(1).lower(): unit.chunk.text_at(cell.start, cell.end)
            for cell in unit.chunk.cells if (m := _COLUMN.match(cell.header))}
    return f"from {said.get('from', 'another')} to {said.get('to', 'another')}" if said else ""


def switched_the_other_way(unit: Unit, question: str) -> bool:
    """Asked about a switch from one medicine to another, evidence stating the switch the other way round
    (it leaves the medicine the question takes up, or takes up the one it leaves) or another switch (to or
    from a third medicine the lexicon knows). The unit's own words
    decide; its table's title, lead-in or section when it states no direction ("Table 2. Switching FROM <B> to
    another ...")."""
    asked = direction(question)
    if not asked or None in asked:
        return False
    # (The nearest heading first: a chart titled "Switching to and from <B>" holds both directions. A row
    # under "Switching from" / "Switching to" columns names the medicine its label cell holds.)
    c = unit.chunk
    texts = (clean_statement(unit.text), _by_columns(unit), c.table, c.lead, c.section.split(" > ")[-1])
    said = next(filter(None, (direction(text) for text in texts)), None)
    if not said or any(_BOTH_WAYS.search(text) for text in texts if text):
        return False
    (left, taken), (said_left, said_taken) = asked, said
    same = said_left == left or said_taken == taken
    if not same and (said_left == taken or said_taken == left):
        return True
    # (Another switch: from the asked medicine to a third one, "<A> to <C>" for "<A> to <B>".)
    # (Only between medicines the lexicon knows: a brand it lacks may be the other's own name.)
    return any(s and a and s != a and _specific(s) and _specific(a) for s, a in ((said_left, left), (said_taken, taken)))


def _specific(name: str) -> bool:
    """A medicine the lexicon knows by name, not a class ("the SSRI") a named one may belong to."""
    return bool(drug_spans(name)) and not is_drug_class(name)
