"""A table's rows are retrieved one by one, and the row that answers a question naming a value in a band
("dose at CrCl 60") rarely shares its words: the band "55 to 74" names no 60, and its neighbours rank
above it. Asked with a figure, the other rows of the best retrieved row's table, when its rows are
labelled by figures (bands of weight, age, renal function, a level), are added to the retrieved
passages, so the answerer, which reads bands, chooses among all of them. Other tables' rows are not
added: they would crowd out the sentences that answer."""

from __future__ import annotations

import re

from app.index.store import DocStore
from app.records import Chunk, Passage
from app.text.lexical import FIGURE

# Rows either side of the retrieved one that are read (a dosing table by weight or renal function is
# rarely longer; a long table's far rows are far from the question too).
MAX_ROWS = 12


def _same_table(a: Chunk, b: Chunk) -> bool:
    return b.kind == "table_row" and b.table == a.table and a.shares_columns(b)


# A unit written after a figure: "15 kg", "CrCl 30 mL/min", "3 months".
# (Not a word joining two figures: "30 to 49", "2 or more".)
_UNIT = re.compile(r"\d\s*(?!(?:to|or|and|of|in|at|per|x|times|vs|the|a|an)\b)([a-zµ%][a-z/%.µ0-9]*)", re.I)


def _units(text: str) -> set[str]:
    return {u.lower().rstrip(".") for u in _UNIT.findall(text)}


def _label(row: Chunk) -> str:
    """The row's first cell: what a banded table's rows are labelled by."""
    return row.text_at(row.cells[0].start, row.cells[0].end)


def table_passages(question: str, passages: list[Passage], docstore: DocStore) -> list[Passage]:
    """The rows, not already retrieved, of the banded table the best-ranked retrieved row belongs to,
    when the question gives a figure: of the best-ranked row labelled in a unit the question's figures
    are in, where one is."""
    rows = [p.chunk for p in passages if p.chunk.kind == "table_row" and p.chunk.cells]
    if not rows or not FIGURE.search(question):
        return []
    # The table banded by what the question measures ("15 kg": the weight bands, not an age table ranked above them).
    # (Only away from a row labelled in other units: "30 to 49" under a "CrCl (mL/min)" header names none.)
    asked = _units(question)
    row = rows[0]
    if _units(_label(row)) and not _units(_label(row)) & asked:
        row = next((r for r in rows if _units(_label(r)) & asked), row)
    if not re.search(r"\d", _label(row)):
        return []
    ids = docstore.chunk_ids(row.source)
    at = ids.index(row.id) if row.id in ids else -1
    if at < 0:
        return []
    near = docstore.chunks(ids[max(0, at - MAX_ROWS): at + MAX_ROWS + 1])
    have = {p.chunk.id for p in passages}
    added = []
    for step in (-1, 1):  # outwards from the row, while the rows are the same table's
        k = at + step
        while 0 <= k < len(ids) and abs(k - at) <= MAX_ROWS and ids[k] in near and _same_table(row, near[ids[k]]):
            if ids[k] not in have:
                added.append(Passage(chunk=near[ids[k]], score=0.0))
            k += step
    return sorted(added, key=lambda p: p.chunk.start)
