"""Numbers a table row's column headers state: an arm's dose ("<drug> 10 mg"), its group size
("N=120"), the period a column reports ("Week 12"). A claim may repeat one only where it ties it to its
own column, and a value it gives must not be put under another column's arm or period.

A claim is read in pieces (split at ";", ",", "and", "or", "vs", ...), each giving one arm's value. A
header number is stated by the row when every place the claim uses it is in a piece that gives a value
of that column (and of no other) with the word that marks its role beside it: the unit after a dose
("10 mg", not "10 mcg" nor "10 (4.2%)"), else the word before ("Week 12", "N=120"); a range only as
that range. In a claim that uses a header number, a piece giving values of two arms' columns, or one
arm's value while naming only another arm, or leaving out its own period or dose where the sentence ties
another one, misplaces it. (A claim using none is left to the verifier's other checks, as before: its
layout may name both arms before both values, "A vs B: x% vs y%".) A claim citing a row that lists
values and arms apart ("x% and y% with A and B, respectively") must list them in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.lexicon.medterms import ARM_WORDS, DOSE_AMOUNT
from app.records import Chunk
from app.text.lexical import drugs_in, tokenize
from app.verify.claims import clauses, numbers_with_spans

_PIECE_BREAK = re.compile(r"\s*(?:;|,(?!\d)|\band\b|\bor\b|\bvs\.?|\bversus\b|\bcompared with\b|\bagainst\b|"
                          r"\bwhile\b|\bwhereas\b|\bbut\b)\s*", re.I)
# The word before a number, with a sign that bounds it ("grade ≥ 3", "age <65"; "N=120" names it).
_BEFORE = re.compile(r"([A-Za-z]+)\s*(=|[<>≤≥]=?)?\s*$")
_SIGNS = {">=": "≥", "<=": "≤", "=": ""}
# The word after a number, with the "%" it may take ("95% CI": a confidence level is named by its "CI").
_AFTER = re.compile(r"^\s*(%?\s*[A-Za-zµμ]+(?:\s?/\s?[A-Za-z0-9]+)?)")
_RANGE_END = re.compile(r"\d\s*(?:[-–]|to)\s*$")


@dataclass(frozen=True)
class _Number:
    value: str
    start: int
    before: str  # the word just before it, singular ("weeks 4" -> "week"), with its bound ("grade≥")
    after: str  # the word (or unit, "mg/kg") just after it
    range: str = ""  # "0-12" for both ends of "Weeks 0-12"
    dose: bool = False  # an amount with its unit ("10 mg"): the unit says what it is

    def read_as(self, header: _Number) -> str:
        """This number's role read the way `header` marks its own: by the unit after a dose (or a number
        with no word before it), else by the word before ("Week", "N")."""
        return f"unit {self.after}" if header.dose or not header.before else f"after {self.before}"

    def plays_role_of(self, header: _Number) -> bool:
        """The same value in the same role as the header's ("10 mg", "Week 12"), a range only as that range;
        a header number with no word beside it ("(120)") has no role to play."""
        return (header.read_as(header) != "unit "
                and (self.value, self.range, self.read_as(header)) == (header.value, header.range, header.read_as(header)))


def _numbers(text: str) -> list[_Number]:
    out: list[_Number] = []
    for v, s, e in numbers_with_spans(text):
        before, after = _BEFORE.search(text[:s]), _AFTER.match(text[e:])
        sign = _SIGNS.get(before.group(2), before.group(2)) if before and before.group(2) else ""
        n = _Number(v, s, before.group(1).lower().removesuffix("s") + sign if before else "",
                    re.sub(r"\s", "", after.group(1).lower()) if after else "", dose=bool(DOSE_AMOUNT.match(text, s)))
        if out and _RANGE_END.search(text[:s]):  # "Weeks 0-12": its end is beside what its start is
            first = out.pop()
            span = f"{first.value}-{v}"
            out += [_Number(first.value, first.start, first.before, first.after, span),
                    _Number(v, s, first.before, n.after, span)]
        else:
            out.append(n)
    return out


@dataclass(frozen=True)
class _Column:
    header: str
    numbers: tuple[_Number, ...]
    values: frozenset[str]
    words: frozenset[str]  # the words of its header that no other column's header has
    arm: bool  # its header names a drug, a dose or an arm ("placebo", "control group"), not a statistic
    said: frozenset[str] = frozenset()  # the words of its cell


@lru_cache(maxsize=4096)
def _header_numbers(header: str) -> tuple[_Number, ...]:
    return tuple(_numbers(header))


def names_arm(header: str) -> bool:
    """A column header naming a drug, a dose or an arm ("placebo", "control group"), not only a statistic."""
    return bool(drugs_in(header) or ARM_WORDS.search(header) or DOSE_AMOUNT.search(header))


def _columns(chunk: Chunk) -> list[_Column]:
    cells = chunk.cells[1:]
    words = [set(tokenize(re.sub(r"[\d.,]+", " ", c.header))) for c in cells]
    return [_Column(c.header, _header_numbers(c.header),
                    frozenset(v for v, _, _ in numbers_with_spans(chunk.text_at(c.start, c.end))),
                    frozenset(w - set().union(*(o for j, o in enumerate(words) if j != i))),
                    names_arm(c.header),
                    frozenset(tokenize(chunk.text_at(c.start, c.end))))
            for i, (c, w) in enumerate(zip(cells, words))]


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w-]*")


def _respectively(claim: str, columns: list[_Column]) -> list[str]:
    """"x% and y% with A and B, respectively" pairs the values and the arms in the order listed: the arms
    must be named in the order of the columns their values come from. An arm is named by a word only its
    header has, or by its own dose or period ("200 mg"); a value counts where one arm's column alone has it.
    The arms are read where the list names them: between the first value and "respectively" ("x% and y%
    with A and B"), else after it ("x% and y%, respectively, in the A and B groups"), else before the values
    ("With A and B, x% and y%")."""
    end = _RESPECTIVELY.search(claim)
    arms = [c for c in columns if c.arm]
    said = _numbers(claim[:end.start()])
    by_value = [(n.start, next(c for c in arms if n.value in c.values)) for n in said
                if sum(n.value in c.values for c in arms) == 1]
    if not by_value:
        return []
    valued = [arms.index(c) for c in dict.fromkeys(c for _, c in by_value)]
    first = by_value[0][0]
    for lo, hi in ((first, end.start()), (end.end(), len(claim)), (0, first)):
        named = _named(claim, lo, hi, arms)
        if len(valued) >= 2 and set(valued) <= set(named):
            if valued != sorted(valued, key=named.__getitem__):
                listed = claim[:end.start()].strip().rstrip(",;")
                return [f"“{listed}, respectively” gives {' and '.join(f'“{arms[k].header}”' for k in valued)} "
                        f"values to arms listed in another order"]
            return []
    return []


def _named(claim: str, lo: int, hi: int, arms: list[_Column]) -> dict[int, int]:
    """Arm index -> where claim[lo:hi] first names it."""
    named: dict[int, int] = {}
    for w in _WORD.finditer(claim, lo, hi):
        for k, c in enumerate(arms):
            if set(tokenize(w.group(0))) & c.words:
                named.setdefault(k, w.start())
    for n in _numbers(claim[lo:hi]):
        own = [k for k, c in enumerate(arms) if any(n.plays_role_of(h) for h in c.numbers)]
        if len(own) == 1:
            named[own[0]] = min(named.get(own[0], lo + n.start), lo + n.start)
    return named


def _quoted_headers(claim: str, chunk: Chunk) -> list[tuple[int, int]]:
    """Where the claim quotes a column's header with its own cell after it ("<arm> 210 mg: 0.71"), as an
    answer reads a row out: that header's numbers are the table's own words for the value."""
    spans = []
    for cell in chunk.cells[1:]:
        value = " ".join(chunk.text_at(cell.start, cell.end).split())
        quoted = re.search(rf"{re.escape(cell.header)}: {re.escape(value)}(?![\w.,]\d|\d)", claim) if cell.header and value else None
        if quoted:
            spans.append((quoted.start(), quoted.start() + len(cell.header)))
    return spans


def header_check(claim: str, chunk: Chunk) -> tuple[set[str], list[str]]:
    """(the header numbers the claim states of their own columns, why a value of the claim is misplaced)."""
    if chunk.kind != "table_row" or len(chunk.cells) < 2:
        return set(), []
    said, headed = _numbers(claim), [h for c in chunk.cells[1:] for h in _header_numbers(c.header)]
    naming = {n.start for n in said if any(n.plays_role_of(h) for h in headed)}  # a dose or period it names
    spans = _quoted_headers(claim, chunk)
    quoted = {n.start for n in said if any(s <= n.start < e for s, e in spans)}
    respectively = bool(_RESPECTIVELY.search(claim))
    if not (naming or respectively):
        return set(), []
    columns = _columns(chunk)
    listed = _respectively(claim, columns) if respectively else []
    if not naming:
        return set(), listed
    tied_at: set[int] = set()
    ties: list[tuple[_Column, _Number]] = []  # each header number tied, with its column
    given: list[tuple[_Column, int, int]] = []  # each piece giving one column's value
    issues: list[str] = []
    # The row label's own numbers where the claim repeats it ("Grade 3 nausea", "within 6 weeks").
    name = chunk.text_at(chunk.cells[0].start, chunk.cells[0].end).strip().lower()
    at = claim.lower().find(name) if name else -1
    label = {n.start for n in said if at >= 0 and at <= n.start < at + len(name)}
    for start, end in clauses(claim, breaks=_PIECE_BREAK):
        here = [n for n in said if start <= n.start < end]
        # The values it gives: not the row label's ("within 6 weeks"), a dose or period it names ("5 mg",
        # "Week 16"), nor one two columns share.
        piece = claim[start:end].strip()
        values = {n.value for n in here if n.start not in label | naming}
        giving = [c for c in columns if any(v in c.values and not any(v in o.values for o in columns if o is not c)
                                            for v in values)]
        if not giving:
            # Values no one column has alone ("1 g every 12 hours" where bands share a dose and an interval),
            # or words without a figure ("Avoid"), in a piece naming one column by its header's number
            # ("CrCl 15-29 mL/min") whose cell has them all.
            named = [c for c in columns if any(n.plays_role_of(h) for n in here for h in c.numbers)]
            words = set(tokenize(piece)) - set(tokenize(f"{named[0].header} {name}")) if len(named) == 1 else set()
            giving = named if len(named) == 1 and (values or words) and values <= named[0].values and words <= named[0].said else []
        if len([c for c in giving if c.arm]) > 1:
            issues.append(f"“{piece}” mixes the values of {' and '.join(f'“{c.header}”' for c in giving)}")
        if len(giving) != 1:
            continue
        col = giving[0]
        given.append((col, start, end))
        for n in here:
            tie = next((h for h in col.numbers if n.plays_role_of(h)), None)
            if tie:
                tied_at.add(n.start)
                ties.append((col, tie))
            # Another column's period or dose named beside this column's value ("at day 28: <day 14's value>").
            elif any(n.plays_role_of(h) and any(g.read_as(g) == h.read_as(h) for g in col.numbers)
                     for o in columns if o is not col for h in o.numbers):
                issues.append(f"“{piece}” gives the value of the “{col.header}” column")
        words = set(tokenize(piece))
        others = set().union(*(c.words for c in columns if c is not col and c.arm))
        # (Not read in a "respectively" sentence, whose values and arms are listed apart.)
        if col.arm and words & others and not words & col.words and not respectively:
            issues.append(f"“{piece}” gives the value of the “{col.header}” column under another arm")
    for col, start, end in given:
        stated = {n.value for n in said if start <= n.start < end}
        # Its own period or dose left out where the sentence ties another one ("Week 12 ... 5% with
        # placebo", the 5% being Week 4's). A group size is each arm's own ("N=80"), no shared qualifier.
        for h in col.numbers:
            rivals = [t for other, t in ties if other is not col and t.read_as(t) == h.read_as(h)]
            if rivals and h.before != "n" and h.value not in stated | {t.value for t in rivals}:
                issues.append(f"“{claim[start:end].strip()}” is under “{col.header}”, not {rivals[0].value}")
                break
    tied_at |= quoted
    tied = {n.value for n in said if n.start in tied_at}
    return {v for v in tied if all(n.start in tied_at for n in said if n.value == v)}, list(dict.fromkeys(issues + listed))
