"""What a combination does, read with the caution about it. A leaflet names the medicine to be careful
with in one sentence and says what taking the two together does in the next ("Caution when <A> is taken
with beta-blockers ... . Taking the two medicines together could cause ..."), or goes on in the same list
item ("- Medicines that block CYP3A4, such as ... . Your doctor will give you the 10 mg tablet ...").
Asked whether the two go together, the caution alone names the risk's cause without the risk."""

from __future__ import annotations

import re

from app.answer.drugs_asked import names_two_medicines
from app.answer.joins import Fits
from app.answer.switches import direction
from app.answer.units import QuestionTerms, Unit, goes_on, medicines_named, names_other_medicine, overlaps, sentences_after, untyped
from app.answer.coverage import TermCoverage
from app.ingest.units import LIST_ITEM, clean_statement

# A sentence pointing back to the combination the one before it named, or saying what follows from it.
_POINTS_BACK = re.compile(
    r"(?:(?:taking|using|giving|combining|mixing)\s+(?:the\s+two|both|these|them|it|this|the\s+(?:two\s+)?(?:medicines|drugs|products))\b"
    r"|(?:this|the|such\s+a|such)\s+combination\b"
    # ("These may increase ...", not "It may be taken with or without food": what the two do together.)
    r"|(?:this|they|these|both)\s+(?:may|can|could|might|will|would)\s+(?:\w+\s+)?(?:cause|increase|decrease|reduce|raise|lower|"
    r"lead|result|make|affect|slow|interfere|enhance|change|prolong|strengthen|weaken)\w*\b)", re.I)
# Examples of a group of medicines: a list item's next group.
_NEXT_GROUP = re.compile(r"^\W*(?:[\w()-]+\s+){1,4}?(?:such\s+as|e\.g\.|for\s+example|including)\b", re.I)
# The most sentences that join: a paragraph running longer goes on to another matter.
MOST = 2
# The fewest words a sentence saying what the combination does has.
LEAST_WORDS = 5


def combination_effect(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                       threshold: float, fits: Fits) -> list[Unit]:
    """Asked about taking medicines together and answered with a sentence naming the combination, the
    sentences after it that say what the combination does: the rest of its list item, or those of its
    paragraph pointing back to it. Each on the question (`fits`), as the answer's other sentences are."""
    # (Asked by form, or by naming two medicines: "can I take <A> with <B>" is no form the types know.)
    if not taken or taken[0].kind != "sentence" or not ("#interaction" in terms.types or names_two_medicines(terms.text)):
        return []
    if direction(terms.text):  # (a switch from one to the other asks how, not what the two do together)
        return []
    best = taken[0]
    in_item = bool(LIST_ITEM.match(best.text))
    named = medicines_named(best, terms.text)
    joined: list[Unit] = []
    end = best.end
    for u in sentences_after(best, units):
        if len(joined) == MOST or not goes_on(best.chunk, end, u.start) or LIST_ITEM.match(u.text):
            break
        said = clean_statement(u.text)
        # (A line of a few words under an item is a link or a label: "<Drug> PGD". In a paragraph, a sentence
        # opening otherwise, "Your doctor will usually start you on ...", goes on to another matter.)
        if len(said.split()) < LEAST_WORDS or not (in_item or _POINTS_BACK.match(said)):
            break
        # (An item's next group of medicines, "<Group> such as <A> or <B>.", is another matter; a sentence
        # naming a medicine neither the question nor the caution names is passed over.)
        if _NEXT_GROUP.match(said):
            break
        end = u.end
        if names_other_medicine(said, named):
            continue
        joined.append(u)
    # (It need not state the kind of value asked itself: "could cause slowing of the heartbeat" is what
    # the combination does, though it names neither medicine.)
    return [u for u in joined if not any(u is t or overlaps(u, t) for t in taken) and fits(u, "", untyped(terms))]
