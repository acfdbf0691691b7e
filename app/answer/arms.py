"""Which columns of a table row are arms: the columns of one measure, one per treatment group
("ORR with <drug A>" | "ORR with <drug B>", or "<drug> (n=149)" | "Placebo (n=150)"), which a row
reads side by side."""

from __future__ import annotations

import re

from app.lexicon.medterms import ARM_WORDS, DOSE_AMOUNT, FORMULATIONS, SEXES
from app.records import Cell
from app.text.lexical import drug_spans, tokenize

# "(n=2373)", or "n = 40" at a header's end with a footnote letter ("n = 40a") or its values' format
# ("N=120 n (%)"): what the column holds, not who.
GROUP_SIZE = re.compile(r"\(\s*n\s*=\s*\d[\d,]*\s*\)|\bn\s*=\s*\d[\d,]*[a-z]?(?:\s+n\s*\(\s*%\s*[a-z]?\s*\))?\s*$", re.I)
# The period a column reports ("Weeks 0-12 <drug> 10 mg"): the arm is what follows it.
PERIOD = re.compile(r"^\s*(?:weeks?|days?|months?|years?)\s+\d+(?:\s*[-–]\s*\d+)?\s+", re.I)
_PARENTHESES = re.compile(r"\([^()]*\)")
# A question asking for every arm's value ("ORR at week 24, both arms"): its words name no term to find.
BOTH_ARMS = re.compile(r"\b(?:both|each|all|every)\s+(?:arms?|groups?)\b", re.I)


def is_arm(text: str) -> bool:
    """Words that name an arm and nothing else: a drug, a dose, an arm word ("placebo", "control group"),
    with a group size or a parenthesised qualifier ("<drug> (CNS Mets)"). "ORR <drug>", "Treatment
    duration", "Total (n=200)" and "Male (n=120)" name something else."""
    rest = named = _PARENTHESES.sub(" ", GROUP_SIZE.sub(" ", PERIOD.sub(" ", text)))
    for start, end, _ in sorted(drug_spans(rest), reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = ARM_WORDS.sub(" ", DOSE_AMOUNT.sub(" ", rest))  # (a period or group size alone names no arm)
    if rest != named:  # a drug or dose named in its form ("<drug> PF"); a form alone is no arm
        rest = FORMULATIONS.sub(" ", rest)
    return rest != named and not tokenize(rest.replace("+", " "))


def arm_split(header: str, other: str) -> tuple[str, str] | None:
    """("ORR with", "<drug A>") when `header` and `other` share their leading words and each goes on
    to name an arm: the columns of one measure, one per arm ("Median PFS" / "Median OS" are not)."""
    a, b = header.split(), other.split()
    k = 0
    while k < min(len(a), len(b)) and a[k].casefold() == b[k].casefold():
        k += 1
    if k == 0 or k == len(a) or k == len(b):
        return None
    if not (is_arm(" ".join(a[k:])) and is_arm(" ".join(b[k:]))):
        return None
    return " ".join(a[:k]), " ".join(a[k:])


def arm_measures(headers: list[str]) -> list[str | None]:
    """For each column of a row, the measure it reports for one arm: "ORR with" for "ORR with
    <drug>" beside "ORR with <other drug>"; "" for a column that is an arm by itself beside another
    ("<drug> (n=149)" | "Placebo (n=150)"), the row label naming the measure; None for any other column.
    Two columns naming the same arm make neither one (a flattened two-row header repeats its arms)."""
    folded = [h.casefold().strip() for h in headers]
    out: list[str | None] = []
    for i, h in enumerate(headers):
        others = [o for j, o in enumerate(headers) if j != i and folded[j] != folded[i]]
        if len(others) < len(headers) - 1:
            out.append(None)
            continue
        prefixes = [sp[0] for sp in (arm_split(h, o) for o in others) if sp]
        if prefixes:
            out.append(min(prefixes, key=len))
        elif (is_arm(h) and any(is_arm(o) for o in others)) or any(_sized_groups(h, o) for o in others):
            out.append("")
        else:
            out.append(None)
    return out


def _sized_groups(header: str, other: str) -> bool:
    """"<A> group (n=<N>)" beside "<B> group (n=<N>)": two groups of a trial, each counted and named by an
    arm word both end with, are its arms whatever names them (a substance no drug list holds)."""
    if not (GROUP_SIZE.search(header) and GROUP_SIZE.search(other)):
        return False
    a, b = (GROUP_SIZE.sub(" ", h).split() for h in (header, other))
    # "<substance> (n=601)" beside "Placebo (n=603)": a counted word beside a counted comparator is the other arm
    # (not "Total (n=1204)", "Male (n=600)", nor a flattened header's "<TRIAL> <substance> (N = 221)").
    comparator = [w for w in (a, b) if ARM_WORDS.fullmatch(" ".join(w))]
    if (len(comparator) == 1 and all(len(w) == 1 for w in (a, b) if w is not comparator[0])
            and not any(_NO_ARM.search(" ".join(w)) for w in (a, b))):
        return True
    if not (len(a) > 1 and len(b) > 1 and a[-1].casefold() == b[-1].casefold() and ARM_WORDS.fullmatch(a[-1]) and a[:-1] != b[:-1]):
        return False
    # Subgroups of one arm are no arms: by sex, or a group and its negation ("<X> group" | "Non-<X> group").
    x, y = (" ".join(w).casefold() for w in (a[:-1], b[:-1]))
    return not (any(sex.search(x) or sex.search(y) for sex in SEXES.values())
                or _NEGATED.sub("", x) == y or _NEGATED.sub("", y) == x)


_NEGATED = re.compile(r"^(?:non|not|un)[\s-]*")
_NO_ARM = re.compile(r"\b(?:total|overall|all|combined|pooled|male|female|men|women|boys|girls)\b", re.I)


def measures(cells: list[Cell]) -> dict[int, str | None]:
    """`arm_measures` of a row's cells, by cell identity."""
    return dict(zip(map(id, cells), arm_measures([c.header for c in cells])))
