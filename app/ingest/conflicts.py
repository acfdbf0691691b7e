"""One document stating two different values for the same quantity ("the recommended dose is 100 mg
daily" and, elsewhere, "the dose is 5000 mg").

A statement is a value with a unit (app/lexicon/untrusted.json) in a sentence outside tables, introduced by a
linking word ("is", "was", "of", ":"). What it is a value of is its key:

- the words of its clause before the value, without linking and neutral words ("the recommended dose
  is" and "the dose is" both give {dose});
- any condition stated in the same sentence: a leading clause that opens with a condition word ("In
  patients with hepatic impairment, the dose is 50 mg") and the words after the value up to the end of
  its clause ("50 mg daily in children"), frequency words aside;
- the unit's dimension (mg and g compare, mg and % do not).

Two statements conflict when their keys are equal, the drugs their sentences name agree (or one names
none) and their values differ. Table rows are left out: a table states one value per row and column by
design (different arms, subgroups, time points), which is what a comparison across rows would confuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.lexicon.untrusted import untrusted_lexicon
from app.records import Chunk, Finding
from app.text.lexical import drugs_in

# Sentence ends; a single line break is not one (PDF text wraps lines inside sentences).
BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
NUMBER = r"\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Statement:
    start: int  # the sentence
    end: int
    key: frozenset
    dimension: str
    value: float
    shown: str  # the value as written
    drugs: frozenset


@lru_cache(maxsize=1)
def _vocabulary():
    lx = untrusted_lexicon()
    units = {alias.lower(): unit for unit, aliases in lx["units"].items() for alias in aliases}
    alternation = "|".join(re.escape(a) for a in sorted(units, key=len, reverse=True))
    value = re.compile(rf"(?<![\w.,])({NUMBER})\s*({alternation})(?![A-Za-z0-9])", re.I)
    return (value, units, {k: tuple(v) for k, v in lx["unit_scale"].items()}, set(lx["linking_words"]),
            set(lx["neutral_words"]), set(lx["frequency_words"]), set(lx["condition_openers"]))


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _key_words(words, *drop: set) -> set[str]:
    """Stems of the words that say what a value is of ("dosing" and "dose" alike); drug names are
    compared separately, numbers and the given word sets are left out."""
    drugs = set(drugs_in(" ".join(words)))
    kept = [w for w in words if w not in drugs and not re.fullmatch(NUMBER, w) and not any(w in d for d in drop)]
    return set(_stemmer().stemWords(kept))


def _statements_in(sentence: str, base: int) -> list[Statement]:
    value_re, units, scale, linking, neutral, frequency, openers = _vocabulary()
    out = []
    clauses = re.split(r"[,;:()]|\s(?:and|but|or|whereas)\s", sentence)
    conditions = set().union(*(_key_words(ws) for clause in clauses[:-1] if (ws := _words(clause)) and ws[0] in openers))
    for m in value_re.finditer(sentence):
        before = re.split(r"[,;()]|\s(?:and|but|or|whereas)\s", sentence[: m.start()])[-1]
        lead = _words(before)
        # Only a stated value: its clause links a quantity to it ("… is 100 mg", "… of 45%", "dose: 100 mg").
        if not (lead and lead[-1] in linking) and not before.rstrip().endswith((":", "=")):
            continue
        after = re.split(r"[,;()]|\s(?:and|but|or|whereas)\s", sentence[m.end():])[0]
        key = _key_words(lead, linking, neutral)
        tail = _words(after)
        # "… are 3 g <excipient> …" is an amount of what follows, not the value of what precedes: only a value
        # followed by nothing, a frequency ("daily") or a condition ("in children") is kept.
        if not key or (tail and tail[0] not in frequency and tail[0] not in openers):
            continue
        key |= _key_words(tail, frequency, neutral) | (conditions - _key_words(lead))
        unit = units[m.group(2).lower()]
        number = float(m.group(1).replace(",", "."))
        if unit in scale:
            unit, factor = scale[unit]
            number *= factor
        s, e = base, base + len(sentence)
        out.append(Statement(s, e, frozenset(key), unit, round(number, 6), m.group(0), frozenset(drugs_in(sentence))))
    return out


def _prose_sentences(text: str, chunks: list[Chunk]):
    """Each sentence outside tables once (chunks overlap), as (start, sentence)."""
    seen: set[int] = set()
    for c in chunks:
        if c.kind == "table_row":
            continue
        pos = c.start
        for m in [*BOUNDARY.finditer(text, c.start, c.end), None]:
            end = m.start() if m else c.end
            raw = text[pos:end]
            start = pos + len(raw) - len(raw.lstrip())
            if raw.strip() and start not in seen:
                seen.add(start)
                yield start, raw.strip()
            pos = m.end() if m else end


def conflicting_values(text: str, chunks: list[Chunk]) -> list[Finding]:
    """A finding for each statement whose quantity the document elsewhere gives another value."""
    groups: dict[tuple, list[Statement]] = {}
    for start, sentence in _prose_sentences(text, chunks):
        for st in _statements_in(sentence, start):
            groups.setdefault((st.key, st.dimension), []).append(st)
    out = []
    for (key, _), statements in groups.items():
        for a in statements:
            for b in statements:
                if a.value == b.value or (a.start, a.end) == (b.start, b.end):
                    continue
                if a.drugs and b.drugs and a.drugs != b.drugs:
                    continue
                quantity = " ".join(sorted(key))
                out.append(Finding("conflict", a.start, a.end, " ".join(text[a.start:a.end].split()),
                                   f"“{quantity}” as {a.shown} here and as {b.shown} elsewhere", b.start, b.end))
                break  # one finding per statement is enough for its caveat
    return out
