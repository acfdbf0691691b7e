"""Numbers a table row's column headers state: an arm's dose ("<drug> 200 mg"), its group size
("N=590"), the period a column reports ("Week 16"). A claim may repeat one only where it ties it to its
own column, and a value it gives must not be put under another column's arm or period.

A claim is read in pieces (split at ";", ",", "and", "or", "vs", ...), each giving one arm's value. A
header number is stated by the row when every place the claim uses it is in a piece that gives a value
of that column (and of no other) and has the same word beside it as the header ("200 mg", "Week 16",
"N=590"): a dose is then not read as a patient count, nor a group size as a number of events. A piece
giving a column's value while naming only another column's arm, or leaving out its own period or dose
where the sentence states another one, misplaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.lexicon.medterms import ARM_WORDS, DOSE_AMOUNT
from app.records import Chunk
from app.text.lexical import drugs_in, tokenize
from app.verify.claims import numbers_with_spans

_PIECE_BREAK = re.compile(r"\s*(?:;|,(?!\d)|\band\b|\bor\b|\bvs\.?|\bversus\b|\bcompared with\b|\bagainst\b|"
                          r"\bwhile\b|\bwhereas\b|\bbut\b)\s*", re.I)
_BEFORE = re.compile(r"([A-Za-z]+)\s*=?\s*$")
_AFTER = re.compile(r"^\s*([A-Za-z]+)")
_RANGE_END = re.compile(r"\d\s*(?:[-–]|to)\s*$")


@dataclass(frozen=True)
class _Number:
    value: str
    start: int
    beside: frozenset[str]  # the words just before and after it, singular ("weeks 4" -> "week")


def _ranges(n: _Number) -> set[str]:
    return {b for b in n.beside if b.startswith("range:")}


def _numbers(text: str) -> list[_Number]:
    def word(m: re.Match | None, side: str) -> set[str]:
        return {f"{side}:{m.group(1).lower().removesuffix('s')}"} if m else set()

    out: list[_Number] = []
    for v, s, e in numbers_with_spans(text):
        beside = word(_BEFORE.search(text[:s]), "before") | word(_AFTER.match(text[e:]), "after")
        if out and _RANGE_END.search(text[:s]):
            # "Weeks 0-16": both ends are the range's (week 16 is not weeks 0-16), and its end is beside
            # what its start is.
            start = out.pop()
            beside |= start.beside | {f"range:{start.value}-{v}"}
            out.append(_Number(start.value, start.start, start.beside | {f"range:{start.value}-{v}"}))
        out.append(_Number(v, s, frozenset(beside)))
    return out


@dataclass(frozen=True)
class _Column:
    header: str
    numbers: tuple[_Number, ...]
    values: frozenset[str]
    words: frozenset[str]  # the words of its header no other column's has
    arm: bool  # its header names a drug, a dose or an arm ("placebo", "control group"), not a statistic


def _columns(chunk: Chunk) -> list[_Column]:
    cells = chunk.cells[1:]
    words = [set(tokenize(re.sub(r"[\d.,]+", " ", c.header))) for c in cells]
    shared = set.intersection(*words) if words else set()
    return [_Column(c.header, tuple(_numbers(c.header)), frozenset(v for v, _, _ in numbers_with_spans(chunk.text_at(c.start, c.end))),
                    frozenset(w - shared), bool(drugs_in(c.header) or ARM_WORDS.search(c.header) or DOSE_AMOUNT.search(c.header))) for c, w in zip(cells, words)]


def _pieces(claim: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PIECE_BREAK.finditer(claim):
        spans.append((pos, m.start()))
        pos = m.end()
    return spans + [(pos, len(claim))]


def header_check(claim: str, chunk: Chunk) -> tuple[set[str], list[str]]:
    """(the header numbers the claim states of their own columns, why a value of the claim is misplaced)."""
    if chunk.kind != "table_row" or len(chunk.cells) < 2:
        return set(), []
    columns, said = _columns(chunk), _numbers(claim)
    tied_at: set[int] = set()
    roles: list[tuple[_Column, _Number]] = []  # each header number tied, with its column
    given: list[tuple[_Column, int, int]] = []  # each piece giving one column's value
    issues: list[str] = []
    for start, end in _pieces(claim):
        here = [n for n in said if start <= n.start < end]
        giving = [c for c in columns if c.values & {n.value for n in here}]
        if len(giving) != 1:
            continue
        col = giving[0]
        given.append((col, start, end))
        for n in here:
            tie = next((h for h in col.numbers if h.value == n.value and h.beside & n.beside
                        and _ranges(h) == _ranges(n)), None)
            if tie:
                tied_at.add(n.start)
                roles.append((col, tie))
        words = set(tokenize(claim[start:end]))
        others = set().union(*(c.words for c in columns if c is not col and c.arm))
        if col.arm and words & others and not words & col.words:
            issues.append(f"“{claim[start:end].strip()}” gives the value of the “{col.header}” column under another arm")
    for col, start, end in given:
        stated = {n.value for n in said if start <= n.start < end}
        for other, tie in roles:
            # Its own period or dose left out where the sentence states another's ("Week 16 ... 5% with
            # placebo", the 5% being Week 4's). A group size is each arm's own ("N=342"), no shared qualifier.
            clash = [h for h in col.numbers if h.beside & tie.beside and h.value != tie.value
                     and h.value not in stated and "before:n" not in h.beside]
            if other is not col and clash:
                issues.append(f"“{claim[start:end].strip()}” is under “{col.header}”, not {tie.value}")
                break
    tied = {n.value for n in said if n.start in tied_at}
    return {v for v in tied if all(n.start in tied_at for n in said if n.value == v)}, list(dict.fromkeys(issues))
