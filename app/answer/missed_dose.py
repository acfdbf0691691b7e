"""A missed dose's rule, read whole. A leaflet states what to do about a forgotten dose in a few sentences
in a row: when to take it late, when to skip it, never to double up, how to go on. Asked about a missed
dose and answered from one of them, the asker needs the rest: "Do not take a double dose" alone does not
say whether to take the forgotten one now."""

from __future__ import annotations


from app.answer.joins import Fits, STEP
from app.answer.units import QuestionTerms, Unit, goes_on, overlaps, untyped
from app.answer.coverage import TermCoverage
from app.ingest.chunking import clean_statement
from app.lexicon.medterms import groups_with_role
from app.text.lexical import concept_spans

MISSED_DOSE = frozenset(groups_with_role("missed_dose"))
# The most sentences such a rule is read in; a passage running longer speaks of more than the missed dose.
RULE_SENTENCES = 6
# How many sentences may stand between two naming the missed dose in one rule ("If a whole day has passed").
RULE_GAP = 2


def _about_missed_dose(text: str) -> bool:
    return any(g in MISSED_DOSE for _, _, g in concept_spans(text)[1])


def _runs_on(a: Unit, b: Unit) -> bool:
    """`b` follows `a` in one paragraph: nothing but spaces between them, read from a chunk holding both ends."""
    if b.start < a.end:
        return False
    holder = next((u.chunk for u in (a, b) if u.chunk.start <= a.end and b.start <= u.chunk.end), None)
    if holder is None:
        return b.start - a.end <= 1  # (one character between two chunks: a space or a line break)
    return goes_on(holder, a.end, b.start)


def missed_dose_rule(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                     threshold: float, fits: Fits) -> list[Unit]:
    """The sentences of the best one's paragraph that state the missed-dose rule with it: those naming a
    missed dose, the few between them and the instruction right after them ("Take the next dose
    normally"), each on the question (`fits`), not the paragraph's other cases ("If you stop taking <X>
    ..."). Only when the question speaks of a missed dose and the best sentence belongs to such a rule."""
    if not taken or taken[0].kind != "sentence" or not _about_missed_dose(terms.text):
        return []
    best = taken[0]
    # (The rule may run across two chunks of its document: sentences are ordered by their offsets in it.)
    by_place = {(u.start, u.end): u for u in sorted(units, key=lambda u: u is best)  # (the best one last: it stays)
                if u.kind == "sentence" and u.chunk.source == best.chunk.source and u.chunk.section == best.chunk.section}
    same = sorted(by_place.values(), key=lambda u: u.start)
    at = next((k for k, u in enumerate(same) if u is best), None)
    if at is None:
        return []
    about = [_about_missed_dose(clean_statement(u.text)) for u in same]
    # The paragraph holding the best sentence; in it, the sentences naming the missed dose near the best
    # one, with those between them ("If a whole day has passed, ...") and an instruction after them.
    lo = at
    while lo > 0 and _runs_on(same[lo - 1], same[lo]):
        lo -= 1
    hi = at
    while hi + 1 < len(same) and _runs_on(same[hi], same[hi + 1]):
        hi += 1
    named = [k for k in range(lo, hi + 1) if about[k]]
    if not named:
        return []
    first = last = min(named, key=lambda k: abs(k - at))
    while any(first - RULE_GAP - 1 <= k < first for k in named):
        first = max(k for k in named if k < first)
    while any(last < k <= last + RULE_GAP + 1 for k in named):
        last = min(k for k in named if k > last)
    if last < hi and STEP.match(clean_statement(same[last + 1].text)):
        last += 1  # (one instruction after them: "Take the next dose normally"; the next is another matter)
    rule = same[first:last + 1]
    if not first <= at <= last or len(rule) > RULE_SENTENCES:
        return []
    # (Each on the question as the answer's other sentences are, not another strength's or regimen's rule,
    # though it need not state the kind of value asked: "Do not take a double dose" answers "when can I
    # take the next one?" with the sentence giving the time.)
    return [u for u in rule if u is not best and not any(u is t or overlaps(u, t) for t in taken) and fits(u, "", untyped(terms))]
