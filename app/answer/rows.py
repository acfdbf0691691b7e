"""Statements from a table row or a metadata record: the row label, the cells the question singles
out (by a header or content term only they have), and within a cell the value whose qualifier the
question names, or the sentence of a prose value that answers."""

from __future__ import annotations

import re
from typing import Callable

from app.ingest.chunking import clean_inline, clean_statement, sentence_units
from app.lexicon.medterms import NEGATIONS, NOT_REPORTED
from app.text.lexical import concept_groups, normalize, tokenize
from app.answer.units import QUESTION_WORDS, QuestionTerms, Statement, Unit
from app.verify.claims import SUBVALUE


class RowReader:
    def __init__(self, coverage: Callable[[QuestionTerms, str], float]):
        self.coverage = coverage

    def statements(self, unit: Unit, terms: QuestionTerms) -> list[Statement]:
        chunk = unit.chunk
        text_of = lambda cell: chunk.text_at(cell.start, cell.end)  # noqa: E731
        if chunk.kind == "metadata":
            label, values = "", list(chunk.cells)
        else:
            label, values = clean_statement(text_of(chunk.cells[0])), list(chunk.cells[1:])
        values = [c for c in values if clean_statement(text_of(c)).lower() not in {"", "-", "—", "–"}]
        if not values:
            return []
        chosen = self._choose_cells(values, terms, text_of, single=chunk.kind == "metadata", label=label)
        if chosen and all(clean_statement(text_of(c)).lower() in NOT_REPORTED for c in chosen):
            return []  # the row does not report what was asked
        # The row label is shown and so quoted too: "For <row> [1]: <column>: <value> [2]".
        statements = []
        if label:
            first = chunk.cells[0]
            statements.append(Statement(f"For {label}", first.start, first.end, unit))
        if not chosen:
            # No column is singled out, but the question names a qualifier that cells split their
            # values by ("without prior radiotherapy" in "85.7% (Prior RT) 78.6% (No Prior RT)"):
            # those cells, each narrowed to the value so qualified.
            chosen = [c for c in values if self._choose_subvalue(c, text_of(c), terms)[3]]
        if not chosen:
            # Nothing singles out a column: the whole row, quoted as one span.
            parts = "; ".join(f"{c.header}: {clean_statement(text_of(c))}" for c in values)
            statements.append(Statement(parts, values[0].start, values[-1].end, unit, joiner=": "))
            return statements
        for k, cell in enumerate(chosen):
            start, end, value_end, qualifier = self._choose_subvalue(cell, text_of(cell), terms)
            if (start, end) == (cell.start, cell.end):
                # A field whose value is prose ("<Drug> dosing: the recommended dose is ... Take it with
                # food."): the sentence that answers, so that the statement is one sentence with its marker.
                start, end = self._answering_sentence(cell, text_of(cell), terms)
                value_end = end
            header = cell.header + (f" ({qualifier})" if qualifier else "")
            value = clean_statement(chunk.text_at(start, value_end))
            statements.append(Statement(f"{header}: {value}", start, end, unit, joiner="; " if k else ": "))
        return statements

    @staticmethod
    def lacks_an_arm(statements: list[Statement], terms: QuestionTerms) -> bool:
        """Two drugs compared, and the row's statement for one of them is "not reported": a row that
        has both arms answers better, though this one may be all the documents have."""
        return compares_drugs(terms) and any(clean_statement(st.quote).lower() in NOT_REPORTED for st in statements)

    def _choose_cells(self, cells, terms: QuestionTerms, text_of, single: bool, label: str = "") -> list:
        """The cells the question singles out: by a term only their header has (the drug of an arm,
        "hazard ratio") or only their content has ("HR: 0.40"). Empty when nothing singles one out.
        With `single` (metadata fields) only the best-matching field is kept."""
        def terms_of(text: str) -> set[str]:
            return set(tokenize(text)) | {f"g{g}" for g in concept_groups(text)}

        # Words the row label already accounts for ("<drug>-resistant") select the row, not a
        # column; a drug named on its own ("... treated with <drug>") still selects its column.
        label_words = set(tokenize(label, parts=False))
        rest = " ".join(w for w in terms.text.split() if not set(tokenize(w, parts=False)) <= label_words or not tokenize(w))
        q = (set(tokenize(rest)) - QUESTION_WORDS) | {f"g{g}" for g in concept_groups(rest)}

        headers = [terms_of(c.header) for c in cells]
        contents = [terms_of(text_of(c)) for c in cells]
        scores = []
        for i in range(len(cells)):
            other_h = set().union(*(h for j, h in enumerate(headers) if j != i))
            other_c = set().union(*(c for j, c in enumerate(contents) if j != i))
            hits = ((headers[i] - other_h) | (contents[i] - other_c)) & q
            scores.append(len(hits) + len({h for h in hits if h.startswith("g")}))
        if single:
            best = max(range(len(cells)), key=lambda i: scores[i])
            ranked = sorted(scores, reverse=True)
            return [cells[best]] if ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]) else []
        return [c for c, sc in zip(cells, scores) if sc > 0]

    def _answering_sentence(self, cell, text: str, terms: QuestionTerms) -> tuple[int, int]:
        """The span of the sentence of a cell that says most of the question (the whole cell when it
        is one sentence)."""
        spans = sentence_units(text, cell.start)
        if len(spans) < 2:
            return cell.start, cell.end
        return max(spans, key=lambda sp: self.coverage(terms, text[sp[0] - cell.start : sp[1] - cell.start]))

    def _choose_subvalue(self, cell, text: str, terms: QuestionTerms) -> tuple[int, int, int, str]:
        """Within "85.7% (Prior RT) 78.6% (No Prior RT)", the value whose qualifier the question
        names, negation included ("without prior radiotherapy" -> "No Prior RT").
        Returns (quote start, quote end, value end, qualifier): the quote keeps the qualifier."""
        subs = list(SUBVALUE.finditer(text))
        if len(subs) < 2:
            return cell.start, cell.end, cell.end, ""
        q = set(terms.tokens) | {f"g{g}" for g in terms.groups}
        best, best_score = None, 0.0
        for m in subs:
            qual = m.group(2)
            qual_words = set(normalize(qual).replace("-", " ").split())
            toks = set(tokenize(qual)) | {f"g{g}" for g in concept_groups(qual)}
            score = len(toks & q)
            if score == 0:
                continue
            score += 1.0 if bool(qual_words & NEGATIONS) == terms.negated else -1.0
            if score > best_score:
                best, best_score = m, score
        if best is None:
            return cell.start, cell.end, cell.end, ""
        return cell.start + best.start(1), cell.start + best.end(), cell.start + best.end(1), clean_inline(best.group(2))


_COMPARING = re.compile(r"\b(?:vs|versus|compared?|comparison|than|relative to|against)\b")


def compares_drugs(terms: QuestionTerms) -> bool:
    """"<drug A> vs <drug B>", "how does A compare with B": not "A after B" (B names the population)."""
    return len(set(terms.generics.values())) >= 2 and bool(_COMPARING.search(normalize(terms.text)))
