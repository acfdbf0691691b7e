"""A list the question names by its heading: "Contraindications to <drug>?" and the bulleted list under
"5.1 Contraindications" of a document about that drug. The answer is the whole list, its items one
after another in one cited sentence: any single item would be a fraction of the answer, however well it
scores on its own."""

from __future__ import annotations

import re
from typing import Callable

from app.answer.units import QUESTION_WORDS, QuestionTerms, Statement, Unit, states_asked_kind
from app.ingest.chunking import clean_statement, unit_context
from app.ingest.units import LIST_ITEM, list_items, trim_span
from app.lexicon.medterms import generic_name
from app.records import Chunk, Passage
from app.text.lexical import drug_spans, tokenize

# A list longer than this, or with items longer than this, is not read out whole.
MAX_ITEMS = 15
MAX_ITEM_CHARS = 200


def heading(section: str) -> str:
    """The last heading of a section path, its numbering dropped ("5.2 Cautions for use", "IV. Dosing";
    "IV administration" keeps its "IV")."""
    last = section.split(" > ")[-1]
    return re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[IVX]+[.)])(?:\s+|$)", "", last).strip(" :")


def _whole(c: Chunk, document: str | None) -> bool:
    """The list is all in this chunk: the lines just before and after it in its document are none of
    its items (a list longer than a chunk is split, and a part must not read as the whole)."""
    if document is None or document[c.start : c.end] != c.text:
        return False
    before = document[: c.start].rstrip().rsplit("\n", 1)[-1]
    after = document[c.end :].lstrip().split("\n", 1)[0]
    return not LIST_ITEM.match(before) and not LIST_ITEM.match(after)


def named_list(terms: QuestionTerms, passages: list[Passage], coverage: Callable[[QuestionTerms, str], float],
               document: Callable[[str], str | None]) -> tuple[Unit, list[Statement]] | None:
    """The first retrieved list whose heading the question names, whose document and headings cover the
    rest of the question (the drug, the population) and which its chunk holds whole, read as statements;
    None when there is none. `document` gives an indexed document's text by source."""
    asked = set(terms.tokens)
    drug_tokens = set(terms.generics)
    asked_drugs = set(terms.generics.values())
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
        named = {t for t in tokenize(head) if t not in QUESTION_WORDS and not re.fullmatch(r"[\d.]+", t)} - drug_tokens - set(terms.names)
        if not named or not named <= asked:
            continue  # a heading naming only the drug ("How to take <drug>", a name no lexicon knows too) names no list
        about = f"{c.title} {c.section} {c.lead}"
        # The drug asked about is what the list is about, not one of its items ("... such as <drug>").
        if asked_drugs - {generic_name(w) for _, _, w in drug_spans(about)}:
            continue
        if coverage(terms, f"{about} {c.text}") < 1.0 or not _whole(c, document(c.source)):
            continue
        spans = [(c.start + s, c.start + e) for s, e in items]  # in the document
        # Asked for a kind of value ("what temperature ...?"), the items stating one are the answer, when some do.
        stating = [(s, e) for s, e in spans if states_asked_kind(terms, c.text_at(s, e))]
        spans = stating or spans
        unit = Unit(p, spans[0][0], spans[-1][1], "sentence", unit_context(c, spans[0][0], spans[-1][1]))
        statements = []
        for k, (s, e) in enumerate(spans):
            item = clean_statement(LIST_ITEM.sub("", c.text_at(s, e), count=1)).rstrip(" .;,*")
            statements.append(Statement(f"{head}: {item}" if k == 0 else item, s, e, unit, joiner="; "))
        return unit, statements
    return None
