"""Which table row a question asks about: among the rows of one table, the one whose label matches
the question's row-distinguishing words best (a column's drug aside), not one its label qualifies by
what the question does not say."""

from __future__ import annotations

import re

from app.answer.units import QuestionTerms, Unit, side_texts
from app.lexicon.medterms import SEXES, generic_name
from app.text.lexical import concept_groups, concepts_apart, drug_spans, normalize, tokenize


_COMPARING = re.compile(r"\b(?:vs|versus|compared?|comparison|than|relative to|against)\b")
_SUBGROUP = re.compile(r"\bsub-?(?:groups?|sets?|populations?)\b", re.I)
# A subgroup the question names ("the diabetic subgroup", "subgroup with diabetes"), not subgroups at large
# ("across subgroups", "by subgroup", "the prespecified subgroups").
_NAMED_SUBGROUP = re.compile(r"\b(?!(?:the|a|an|all|each|every|any|other|these|those|different|key|main|major|some|several|across|by|in|for|of|"
                             r"between|within|among|per|most|many|which|what|both|two|three|four|"
                             r"prespecified|pre-specified|predefined|pre-defined|relevant|important)\b)[a-z][\w+-]*\s+sub-?(?:groups?|populations?)\b"
                             r"|\bsub-?(?:groups?|populations?)\s+(?:of|with|without|on|aged|taking)\s+\w", re.I)
# A measure qualified after its name ("rate of exacerbations with ED visit"; not a subgroup "With liver metastases").
_QUALIFIER = re.compile(r"\w\s+(?:with|requiring|leading to|resulting in)\s+([^()]+)", re.I)


def is_subject_row(unit: Unit, units: list[Unit], terms: QuestionTerms) -> bool:
    """A table row answers only if no sibling row of the same table matches the question's
    row-distinguishing words better: asked about "time to CNS progression", the PFS row's
    hazard ratio must not stand in for the one the table does not give."""
    c = unit.chunk
    if c.kind != "table_row" or not c.cells:
        return True
    label = c.text_at(c.cells[0].start, c.cells[0].end)
    if len(c.cells) == 2 and not re.search(r"\d", label) and len(c.text_at(c.cells[1].start, c.cells[1].end).split()) >= 8:
        return True  # a named field and its prose ("Indication | Adults who ..."): the prose answers
    siblings = {u.chunk.id: u.chunk for u in units
                if u.kind == "row" and u.chunk.source == c.source and u.chunk.section == c.section and u.chunk.cells}
    if len(siblings) < 2:
        return True

    texts = {cid: ch.text_at(ch.cells[0].start, ch.cells[0].end) for cid, ch in siblings.items()}
    labels = {cid: _words(t) for cid, t in texts.items()}
    qualified = {cid: set(tokenize(m[1])) if (m := _QUALIFIER.search(t)) else set() for cid, t in texts.items()}
    common = set.intersection(*labels.values())
    # The arms compared, or a drug that heads a column of this table, are columns: "<drug> response
    # rate in <subgroup>" reads the drug's column of the subgroup's row, not a row's "<drug>-resistant".
    headers = {generic_name(w) for cell in c.cells[1:] for _, _, w in drug_spans(cell.header)}
    columns = {tok for tok, generic in terms.generics.items() if compares_drugs(terms) or generic in headers}

    row_words = _words(c.text)

    def best_for(text: str) -> bool:
        # The question's concepts, longest phrase first: "progression-free survival" is PFS, and
        # its word "progression" must not pick the "time to CNS progression" row.
        rest, groups = concepts_apart(text)
        q = ({t for t in tokenize(rest) if t in terms.tokens} | {f"g{g}" for g in groups} | _sexes(text)) - columns
        q |= {m[1] for t in q if (m := re.fullmatch(r"([a-z]{3,})\d", t))}  # "FEV1" as a PDF sets it: "FEV" + a subscript
        match = {cid: len((lab - common) & q) for cid, lab in labels.items()}
        if not max(match.values()) and _NAMED_SUBGROUP.search(text) and not q & row_words:
            return False  # the subgroup asked is none of this table's rows, nor a cell's ("in the <other> subgroup")
        if not max(match.values()) and _SUBGROUP.search(c.section) and not _SUBGROUP.search(text):
            return False  # a subgroup table's row is no overall result ("HR for the primary endpoint?")
        # Of rows matching as well, one qualified by what the question does not say ("rate of exacerbations
        # with ED visit or hospitalisation") is not the measure asked when another is not ("severe exacerbation rate").
        tied = [cid for cid in labels if match[cid] == max(match.values())]
        return (match[c.id] >= max(match.values()) and (text is terms.text or match[c.id] > 0)
                and not (qualified[c.id] - q and any(not qualified[cid] - q for cid in tied)))

    # Two groups compared ("in treatment-naive vs pretreated patients"): each side's row is a subject.
    return best_for(terms.text) or any(best_for(side) for side in side_texts(terms.text) or ())


def _sexes(text: str) -> set[str]:
    """The sexes a text names, in whichever word ("female", "women"): a row "Women" is the "female subgroup"."""
    return {f"sex:{sex}" for sex, said in SEXES.items() if said.search(text)}


def _words(text: str) -> set[str]:
    return set(tokenize(text)) | {f"g{g}" for g in concept_groups(text)} | _sexes(text)


def compares_drugs(terms: QuestionTerms) -> bool:
    """"<drug A> vs <drug B>", "how does A compare with B": not "A after B" (B names the population)."""
    return len(set(terms.generics.values())) >= 2 and bool(_COMPARING.search(normalize(terms.text)))
