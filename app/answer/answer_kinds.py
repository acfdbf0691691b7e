"""Whether quoted evidence states the kind of thing asked: a number for "how many", a hazard ratio for
"what was the hazard ratio", a drug for "which comparator"."""

from __future__ import annotations

import re

from app.answer.asked_values import without_stated_numbers
from app.answer.drugs_asked import asks_for_drug, class_asked, named_drugs, names_member
from app.answer.focus import measure_asked, states_kind, type_asked
from app.answer.counts import states_count
from app.answer.units import QuestionTerms, Statement
from app.ingest.chunking import clean_statement
from app.lexicon.medterms import LIMIT_MEASURES, LOOSE_MEASURES, MEASURES, UNESTABLISHED, WH_MEASURES, generic_name
from app.text.lexical import drug_spans

# A comparator that is no drug: "what was the comparator?" - "placebo".
_NON_DRUG_ARM = re.compile(r"\b(?:placebo|usual care|standard care|standard of care|sham|no treatment|observation alone)\b", re.I)
_YES_NO = re.compile(r"\s*(?:is|are|was|were|can|could|should|would|will|does|do|did|has|have|may|must)\b", re.I)


def answers_type(question: str, terms: QuestionTerms, statements: list[Statement]) -> bool:
    """The quoted evidence (a cell with its column header) must state what kind of thing was asked:
    a number for "how many", a hazard ratio for "what was the hazard ratio", a country for "which country"."""
    evidence = " ".join(clean_statement(st.stated) for st in statements)  # "[5]" is no count
    # "Not studied" / "not established" / "no adjustment needed" is what a document can say of an
    # asked dose, time or value when it has none.
    unestablished = bool(UNESTABLISHED.search(evidence))
    yes_no = bool(_YES_NO.match(question))
    asked = {name: value for name, (ask, value) in MEASURES.items() if measure_asked(question, ask)
             and not (yes_no and name in WH_MEASURES)}
    measures = list(({n: v for n, v in asked.items() if n not in LOOSE_MEASURES} or asked).values())
    # A number the question states is no value it asks for ("how much water for the 500 mg vial?"); in a
    # yes/no question, "is 500 mg twice daily the dose?", or a choice, "5 days or 7?", it is the value to confirm.
    said = evidence if yes_no or _CHOICE.search(question) else without_stated_numbers(question, evidence)
    if measures and not unestablished and not any(re.search(value, said, re.I) for value in measures):
        return False
    if not unestablished and not all(re.search(value, said, re.I) for n, value in asked.items() if n in LIMIT_MEASURES):
        return False
    types = [(t, pattern) for t, pattern in terms.types.items() if t != "#count" and type_asked(question, t)]
    if "#count" in terms.tokens and not states_count(question, evidence):
        return False
    asked_class = class_asked(question, fragment=not (measures or types))
    if asked_class and not names_member(evidence, asked_class):
        return False
    # "What's the comparator drug?" is answered by a drug the question does not already name.
    # (A drug the document abbreviates is named by its definition.)
    if asks_for_drug(question):
        defined = statements[0].unit.defined if statements else {}
        named = named_drugs(evidence, defined)
        # A drug the dictionary does not know is named by an acronym the question lacks ("SP+AQ").
        unknown = set(re.findall(r"\b[A-Z][A-Z0-9]+\b", evidence)) - set(re.findall(r"\b[A-Z][A-Z0-9]+\b", question))
        if not (named - {generic_name(w) for _, _, w in drug_spans(question)} or _NON_DRUG_ARM.search(evidence)
                or not named and unknown):
            return False
    return not types or unestablished or any(states_kind(kind, pattern, said, question) for kind, pattern in types)


_CHOICE = re.compile(r"\d[^?.;]*\bor\b[^?.;]*\d")
