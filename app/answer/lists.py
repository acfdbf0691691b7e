"""A list the question names by its heading: "Contraindications to <drug>?" and the bulleted list under
"5.1 Contraindications" of a document about that drug. The answer is the whole list, its items one
after another in one cited sentence: any single item would be a fraction of the answer, however well it
scores on its own."""

from __future__ import annotations

import re
from typing import Callable

from app.answer.units import QUESTION_WORDS, QuestionTerms, Statement, Unit
from app.ingest.chunking import clean_statement, unit_context
from app.ingest.units import LIST_ITEM, list_items, trim_span
from app.records import Passage
from app.text.lexical import tokenize

# A list longer than this, or with items longer than this, is not read out whole.
MAX_ITEMS = 15
MAX_ITEM_CHARS = 200


def heading(section: str) -> str:
    """The last heading of a section path, its numbering dropped ("5.2 Cautions for use")."""
    last = section.split(" > ")[-1]
    return re.sub(r"^\s*(?:[\dIVX]+[.)]?)+(?:\s+|$)", "", last).strip(" :")


def named_list(terms: QuestionTerms, passages: list[Passage],
               coverage: Callable[[QuestionTerms, str], float]) -> tuple[Unit, list[Statement]] | None:
    """The first retrieved list whose heading the question names, and whose document covers the
    rest of the question (the drug, the population), read as statements; None when there is none."""
    asked = set(terms.tokens)
    for p in passages:
        c = p.chunk
        if c.kind != "prose":
            continue
        # Every line an item's: a list, not prose with a list in it. Items too short to be a unit of
        # their own ("Asthma") are read too.
        items = [trim_span(c.text, s, e) for s, e in list_items(c.text)]
        if not 2 <= len(items) <= MAX_ITEMS or not all(
                LIST_ITEM.match(c.text[s:e]) and e - s <= MAX_ITEM_CHARS for s, e in items):
            continue
        head = heading(c.section)
        named = {t for t in tokenize(head) if t not in QUESTION_WORDS and not re.fullmatch(r"[\d.]+", t)}
        if not named or not named <= asked:
            continue
        if coverage(terms, f"{c.title} {c.section} {c.lead} {c.text}") < 1.0:
            continue
        items = [(c.start + s, c.start + e) for s, e in items]
        unit = Unit(p, items[0][0], items[-1][1], "sentence", unit_context(c, items[0][0], items[-1][1]))
        statements = []
        for k, (s, e) in enumerate(items):
            item = clean_statement(LIST_ITEM.sub("", c.text_at(s, e), count=1)).rstrip(" .;,*")
            statements.append(Statement(f"{head}: {item}" if k == 0 else item, s, e, unit, joiner="; "))
        return unit, statements
    return None
