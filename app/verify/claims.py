"""What a number is about, in a claim and in a passage.

A number is only right where it belongs: 62.5% is the response rate with drug A *without* prior
radiotherapy, 0.25 is the lower bound of a confidence interval and not a hazard ratio, "P < 0.0001" is
not "P = 0.0001". For every number this module records its value and comparator, the measure named just
before it (HR, CI, P, median, n), the endpoint (PFS, OS, ORR, ...), the drug or arm, the qualifiers
with their polarity ("No Prior RT"), and the words of its clause. In a table row that context comes
from the row label, the column header and the value's own qualifier; in prose from its clause. The
verifier then checks each number of a claim against the facts of the passages it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.text.lexical import concept_spans, drugs_in, tokenize
from app.lexicon.medterms import NEGATED_PHRASES, SYNONYM_GROUPS, groups_with_role
from app.records import Chunk

DOC_REF = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
# Identifiers keep letters and digits together: NCT01234567, AB1234567, TRIAL-4, S123456, v1.1.
IDENTIFIER = re.compile(r"\b(?:[A-Za-z]{1,10}-?\d(?:[\w-]|\.\d)*|\d+[A-Za-z]+\d[\w-]*)\b")
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:,\d{3})*(?:\.\d+)?|(?<![\w.])\.\d+")
WORD_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_COMPARATOR = re.compile(r"(<=|>=|≤|≥|<|>|=)\s*$")
# The kind of value a number is, from the words just before it.
_KINDS = {
    "hazard ratio": r"\bhr\b|\bhazard ratio",
    "confidence interval": r"\bci\b|\bconfidence interval",
    "p value": r"\bp\b\s*(?:<=|>=|≤|≥|<|>|=)?\s*$|\bp[- ]?value",
    "median": r"\bmedian\b",
    "count": r"\bn\s*=\s*$",
}
ENDPOINT_GROUPS = groups_with_role("endpoint")
_NEGATION = re.compile(r"\b(?:no|not|without|non|never|free of|absence of)\b[\s-]*(?:[\w-]+\s+){0,2}$")
# A value followed by its qualifier: "70.0% (Prior RT)".
SUBVALUE = re.compile(r"([<>≤≥~]?-?\d[\d.,]*\s*%?)\s*\(([^()]{1,60})\)")
_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.I)
_CLAUSE_BREAK = re.compile(r"\s*(?:;|,(?!\d)|\bwhile\b|\bwhereas\b|\bbut\b|\band\s+(?=(?:this|it|that|the|in|with)\b))\s*", re.I)
_FILLER = set(tokenize(
    "the a an of in on for with by to from and or as at is are was were be been that this these those "
    "it its their they which who also both than compared patients patient study studies trial data "
    "showed shown reported report demonstrated results result found observed according value rate",
    keep_stopwords=True,
))


def canonical(raw: str) -> str | None:
    """A number as a comparable value: "62.50" and "62.5" are one value, 31234567 and 31234569 are not."""
    try:
        value = Decimal(raw.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def numbers_with_spans(text: str) -> list[tuple[str, int, int]]:
    """(canonical value, start, end) of each number and identifier; reference markers ("[4]") are not numbers."""
    masked = DOC_REF.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for m in IDENTIFIER.finditer(masked):
        if re.search(r"[a-z]", m.group(0), re.I):
            out.append((m.group(0).lower(), m.start(), m.end()))
    masked = IDENTIFIER.sub(lambda m: " " * len(m.group(0)) if re.search(r"[a-z]", m.group(0), re.I) else m.group(0), masked)
    for m in NUMBER.finditer(masked):
        value = canonical(m.group(0))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def word_numbers(text: str) -> set[str]:
    return {WORD_NUMBERS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in WORD_NUMBERS}


def kinds(window: str) -> frozenset[str]:
    low = window.lower()
    return frozenset(k for k, pat in _KINDS.items() if re.search(pat, low))


def endpoints(text: str) -> frozenset[int]:
    return frozenset(g for _, _, g in concept_spans(text)[1] if g in ENDPOINT_GROUPS)


def polarity(text: str) -> dict[int, bool]:
    """Concept group -> whether the text negates it ("No Prior RT", "without baseline CNS metastases",
    "radiation-naive")."""
    norm, spans = concept_spans(text)
    out: dict[int, bool] = {}
    for s, e, g in spans:
        if g in ENDPOINT_GROUPS:
            continue
        negated = bool(_NEGATION.search(norm[max(0, s - 30):s])) or bool(re.search(NEGATED_PHRASES, norm[max(0, s - 12):e + 8]))
        out[g] = out.get(g, False) or negated
    return out


def terms(text: str) -> frozenset[str]:
    return frozenset(t for t in tokenize(text) if t not in _FILLER and not re.fullmatch(r"[\d.,%-]+", t))


def clauses(text: str, offset: int = 0, breaks: re.Pattern = _CLAUSE_BREAK) -> list[tuple[int, int]]:
    """Absolute spans of the clauses of a sentence ("... at diagnosis, and this can rise to ..."), or of
    its pieces between other `breaks`."""
    spans, pos = [], 0
    for m in breaks.finditer(text):
        if m.start() > pos:
            spans.append((offset + pos, offset + m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((offset + pos, offset + len(text)))
    return spans or [(offset, offset + len(text))]


_SEMICOLON = re.compile(r"\s*;\s*")


def passage_clauses(chunk: Chunk) -> list[str]:
    """The clauses a passage states: of each sentence, or a table row's cells with row label and header."""
    if chunk.cells and chunk.kind in ("table_row", "metadata"):
        label = chunk.text_at(chunk.cells[0].start, chunk.cells[0].end) if chunk.kind == "table_row" else ""
        # A cell may say two things ("Use the lowest dose; do not exceed 20 mg"): each is a clause of its own.
        return [f"{label}; {cell.header}; {cell_text[a:b]}" for cell in chunk.cells
                for cell_text in [chunk.text_at(cell.start, cell.end)] for a, b in clauses(cell_text, breaks=_SEMICOLON)]
    out = []
    for us, ue in list(chunk.units) or [(chunk.start, chunk.end)]:
        sentence = chunk.text_at(us, ue)
        out += [sentence[a - us : b - us] for a, b in clauses(sentence, us)]
    return out


def _arms(clause: str) -> list[tuple[int, int]]:
    """"62.5% with A vs 35.0% with B": the sides of a "vs" that each state a number, whose drugs are
    their own values' (one clause naming both drugs would accept a swap). A clause without one is one side."""
    sides, pos = [], 0
    for m in _VERSUS.finditer(clause):
        if NUMBER.search(clause, pos, m.start()) and NUMBER.search(clause, m.end()):
            sides.append((pos, m.start()))
            pos = m.end()
    return sides + [(pos, len(clause))]


@dataclass(frozen=True)
class Fact:
    value: str
    start: int
    end: int
    comparator: str
    kinds: frozenset[str]
    endpoints: frozenset[int]
    drugs: frozenset[str]
    polarity: tuple[tuple[int, bool], ...]
    terms: frozenset[str]
    unit: tuple  # facts of one row or one sentence compete with each other
    where: str  # how to name it to a reader


def _fact(value, start, end, text_before: str, kind_window: str, context: str, drugs_text: str,
          unit: tuple, where: str, inherit: "Fact | None" = None, endpoints_text: str = "") -> Fact:
    comp = _COMPARATOR.search(text_before)
    k = kinds(kind_window)
    if not k and inherit is not None and re.fullmatch(r"\s*(?:[-–—]|to)\s*", kind_window):
        k = inherit.kinds  # the upper bound of "0.31–0.72" is still a CI
    return Fact(
        value=value, start=start, end=end, comparator=comp.group(1) if comp else "",
        kinds=k, endpoints=endpoints(endpoints_text or context), drugs=frozenset(drugs_in(drugs_text)),
        polarity=tuple(sorted(polarity(context).items())), terms=terms(context), unit=unit, where=where,
    )


def passage_facts(chunk: Chunk) -> list[Fact]:
    """Every number of a passage with what it is about. Headings are context, never a source of numbers
    (a claim's "2%" is not backed by "Table 2")."""
    facts: list[Fact] = []
    text = chunk.text
    if chunk.cells and chunk.kind in ("table_row", "metadata"):
        cell_text = lambda c: chunk.text_at(c.start, c.end)  # noqa: E731
        label = cell_text(chunk.cells[0]) if chunk.kind == "table_row" else ""
        plain = " ".join(cell_text(c) for c in chunk.cells[1:] if not numbers_with_spans(cell_text(c)))
        heading = " ".join(x for x in (chunk.table, chunk.heading) if x)
        for idx, cell in enumerate(chunk.cells):
            body = cell_text(cell)
            subs = [(m.start(1), m.end(1), m.group(2)) for m in SUBVALUE.finditer(body)]
            prev_end, prev = 0, None
            for value, s, e in numbers_with_spans(body):
                qualifier = next((q for qs, qe, q in subs if qs <= s < qe), "")
                header = "" if (idx == 0 and chunk.kind == "table_row") else cell.header
                # (Apart: a negation in the row label, "Without diabetes", does not reach the column's arm.)
                context = " | ".join(x for x in (label, header, qualifier, body if not subs else "", plain) if x)
                where = " / ".join(x for x in (DOC_REF.sub("", label).strip(" *"), header, qualifier) if x)
                f = _fact(value, cell.start + s, cell.start + e, body[:s], body[prev_end:s] or "", context,
                          header + " " + body[prev_end:s], (chunk.id,), where, prev,
                          endpoints_text=" ".join((label, header, qualifier)) or heading)
                if not f.endpoints and heading:
                    f = _with_endpoints(f, endpoints(heading))
                facts.append(f)
                prev_end, prev = e, f
        return facts
    units = list(chunk.units) or [(chunk.start, chunk.end)]
    for us, ue in units:
        sentence = text[us - chunk.start : ue - chunk.start]
        facts += claim_like_facts(sentence, us, (chunk.id, us, ue), f"“{' '.join(DOC_REF.sub('', sentence).split())[:80]}”")
    if chunk.lead:
        facts += claim_like_facts(chunk.lead, -1, (chunk.id, "lead"), chunk.lead[:80])
    return facts


def _with_endpoints(f: Fact, eps: frozenset[int]) -> Fact:
    return Fact(f.value, f.start, f.end, f.comparator, f.kinds, eps, f.drugs, f.polarity, f.terms, f.unit, f.where)


def claim_like_facts(sentence: str, offset: int, unit: tuple, where: str) -> list[Fact]:
    """Facts of a sentence: each number with its own clause as context (the sentence's when the clause
    names no endpoint or drug)."""
    facts: list[Fact] = []
    for cs, ce in clauses(sentence):
        clause = sentence[cs:ce]
        # "70.0% (Prior RT) 62.5% (No Prior RT)": each value is about its own qualifier, not its neighbour's.
        subs = list(SUBVALUE.finditer(clause))
        subs = subs if len(subs) >= 2 else []
        arms = _arms(clause)
        prev_end, prev = 0, None
        for value, s, e in numbers_with_spans(clause):
            context = clause
            if any(m.start(1) <= s < m.end(1) for m in subs):
                for m in reversed(subs):
                    if not m.start(1) <= s < m.end(1):
                        context = context[:m.end(1)] + " " * (m.end() - m.end(1)) + context[m.end():]
            side = next(clause[a:b] for a, b in arms if a <= s < b)
            drugs_text = side if drugs_in(side) else context if drugs_in(context) else sentence
            f = _fact(value, (offset + cs + s) if offset >= 0 else -1, (offset + cs + e) if offset >= 0 else -1,
                      clause[:s], clause[prev_end:s], context, drugs_text, unit, where, prev,
                      endpoints_text=clause if endpoints(clause) else sentence)
            facts.append(f)
            prev_end, prev = e, f
    return facts


def conflict(claim: Fact, slot: Fact) -> str:
    """Why `slot` (a passage number of the same value) is not what `claim` says it is; "" if it is."""
    if claim.kinds and slot.kinds and not claim.kinds & slot.kinds:
        return f"it is a {'/'.join(sorted(slot.kinds))} there, not a {'/'.join(sorted(claim.kinds))}"
    if slot.comparator in ("<", ">", "≤", "≥", "<=", ">=") and claim.comparator != slot.comparator:
        return f"the passage says {slot.comparator} {slot.value}, not {claim.comparator or '='} {claim.value}"
    if claim.endpoints and slot.endpoints and not claim.endpoints & slot.endpoints:
        return f"it is reported for {_names(slot.endpoints)}, not {_names(claim.endpoints)}"
    if claim.drugs and slot.drugs and not claim.drugs & slot.drugs:
        return f"it is reported for {', '.join(sorted(slot.drugs))}, not {', '.join(sorted(claim.drugs))}"
    theirs = dict(slot.polarity)
    for g, negated in claim.polarity:
        if g in theirs and theirs[g] != negated:
            concept = SYNONYM_GROUPS[g][0]
            return f"it is reported {'without' if theirs[g] else 'with'} {concept}, the sentence says {'without' if negated else 'with'}"
    return ""


def _names(groups: frozenset[int]) -> str:
    return "/".join(sorted(SYNONYM_GROUPS[g][0].upper() if len(SYNONYM_GROUPS[g][0]) <= 6 else SYNONYM_GROUPS[g][0]
                           for g in groups))


def misattributed(claim: Fact, slots: list[Fact], claimed: set[str] = frozenset()) -> str:
    """"" when some passage number of the claim's value is about what the claim says, else the reason."""
    same = [s for s in slots if s.value == claim.value]
    if not same:
        return ""  # reported as a missing number by the caller
    reasons = [(s, conflict(claim, s)) for s in same]
    fitting = [s for s, why in reasons if not why]
    if not fitting:
        s, why = reasons[0]
        return f"{claim.value} is in {s.where}, but {why}"
    # Another number of the same sentence fits the claim's words clearly better: "30-40% after
    # first-generation inhibitors" when the passage says 50-60% after them. (In a table row the
    # header, qualifier and endpoint checks above already place each value.)
    best = max(fitting, key=lambda s: len(claim.terms & s.terms))
    score = len(claim.terms & best.terms)
    for rival in slots:
        if len(rival.unit) < 3 or rival.value in claimed:
            continue
        if rival.unit == best.unit and rival.value != claim.value and not conflict(claim, rival):
            if len(claim.terms & rival.terms) >= score + 2 and rival.terms != best.terms:
                return f"{claim.value} is in {best.where}; the passage gives {rival.value} for what the sentence describes"
    return ""
