"""Statements from a table row or a metadata record: the row label, the cells the question singles
out (by a header or content term only they have), and within a cell the value whose qualifier the
question names, or the sentence of a prose value that answers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Callable

from app.ingest.chunking import clean_inline, clean_statement, sentence_units
from app.answer.arms import BOTH_ARMS, GROUP_SIZE, PERIOD, measures
from app.answer.drugs_asked import asks_which_drugs
from app.answer.acronyms import misses_acronym
from app.answer.columns import patients_column, stating_cells
from app.answer.guards import headings
from app.answer.subject_rows import compares_drugs
from app.lexicon.medterms import DOSING_SECTIONS, NEGATIONS, NOT_REPORTED, SCHEDULE_COLUMNS, without_footnote_marker
from app.text.lexical import concept_groups, drug_spans, normalize, tokenize
from app.answer.units import QUESTION_WORDS, QuestionTerms, Statement, Unit, asks_both_sides, is_negated, side_texts
from app.records import Cell, is_unnamed_column
from app.text.abbreviations import spelled_out
from app.verify.claims import SUBVALUE, numbers_with_spans


# In a cell this short (characters) the answering sentence is quoted with the sentences before it.
SHORT_CELL = 160


class RowReader:
    def __init__(self, coverage: Callable[[QuestionTerms, str], float]):
        self.coverage = coverage

    def statements(self, unit: Unit, terms: QuestionTerms) -> list[Statement]:
        said = self._statements(unit, terms)
        if not BOTH_ARMS.search(terms.text) or unit.chunk.kind == "metadata":
            return said
        # Asked for both arms ("..., both arms"), a row read for one of them does not answer.
        return [] if len([st for st in said if st.quote_start >= unit.chunk.cells[0].end]) == 1 else said

    def _statements(self, unit: Unit, terms: QuestionTerms) -> list[Statement]:
        chunk = unit.chunk
        text_of = lambda cell: chunk.text_at(cell.start, cell.end)  # noqa: E731
        if chunk.kind == "metadata":
            label, values = "", list(chunk.cells)
        else:
            label, values = clean_statement(text_of(chunk.cells[0])).rstrip(" :"), list(chunk.cells[1:])
            # A row under a group's label is named with it ("LVEF, <60%"; "Sex, Male").
            label = f"{chunk.lead}, {label}" if chunk.kind == "table_row" and chunk.lead not in ("", label) else label
        # An empty cell, a dash, or a form's blank to fill in ("Date:") states nothing.
        values = [c for c in values if clean_statement(text_of(c)).lower() not in {"", "-", "—", "–"}
                  and not (clean_statement(text_of(c)).endswith(":") and len(text_of(c).split()) <= 3)]
        if not values:
            return []
        chosen = self._choose_cells(values, terms, text_of, single=chunk.kind == "metadata", label=label,
                                    defined=unit.defined)
        if chosen and all(clean_statement(text_of(c)).lower() in NOT_REPORTED for c in chosen):
            return []  # the row does not report what was asked
        chosen, left = patients_column(chosen, values, terms)
        chosen += stating_cells(chosen, left, terms, text_of)
        # The row label leads the sentence and so is quoted too: "<row>: <measure> <value> with <arm> ...".
        statements = []
        if label:
            first = chunk.cells[0]
            statements.append(Statement(label, first.start, first.end, unit))
        if not chosen:
            # No column is singled out, but the question names a qualifier that cells split their values by
            # ("without prior RT" in "70.0% (Prior RT) 62.5% (No Prior RT)"): those cells, narrowed to that value.
            chosen = [c for c in values if self._choose_subvalue(c, text_of(c), terms)[3]]
        if not chosen:
            # Nothing singles out a column: the whole row, each cell whole, when it is short enough to
            # read as one sentence; a wide row's every cell is a table dump, not an answer.
            if len(values) > WHOLE_ROW_CELLS and unit.chunk.kind == "table_row":
                return []
            # ("... dose on CRRT?" is not answered by every band of a row that never says CRRT.)
            if misses_acronym(f"{unit.context} {headings(unit.chunk)} {unit.chunk.title}", unit.defined, terms):
                return []
            reads = [Read(c, c.start, c.end, c.end, "") for c in values]
            return _arm_statements(statements, reads, measures(values), unit)
        # A dose is read with how often and how long it is given ("750 mg" alone is no regimen): the schedule
        # columns after its column, up to the next dose column (an adult and a child dose each have theirs).
        is_dose = lambda c: bool(DOSING_SECTIONS.search(c.header)) and not SCHEDULE_COLUMNS.search(c.header)  # noqa: E731
        for dose in [c for c in chosen if is_dose(c)]:
            after = values[values.index(dose) + 1:]
            upto = next((i for i, c in enumerate(after) if is_dose(c)), len(after))
            chosen += [c for c in after[:upto] if c not in chosen and SCHEDULE_COLUMNS.search(c.header)]
        reads = [self._read(cell, text_of(cell), terms) for cell in chosen]
        measure_of = measures(values)
        # The arms' shared measure asked for ("<row> - ORR?" of "ORR with <drug A>" | "... <drug B>").
        # A hyphenated measure may be asked with its parts apart ("ic orr" for "IC-ORR").
        asks_measure = any(m and (set(tokenize(m)) <= set(terms.tokens) or set(tokenize(m.replace("-", " "))) <= set(terms.tokens))
                           for m in measure_of.values())
        if not any(measure_of.get(id(c)) is not None for c in chosen) and (_VERSUS.search(normalize(terms.text)) or asks_measure):
            # "<measure>, A vs B" with arms the question names in words no header uses (an abbreviation
            # of the drug or of "placebo"): the comparison asks for the row's arms, so the first is read
            # and its siblings join. Asked for the measure alone, the first arm reporting it.
            first_arm = next((c for c in values if measure_of.get(id(c)) is not None and c not in chosen and not (
                asks_measure and clean_statement(text_of(c)).lower() in NOT_REPORTED)), None)
            if first_arm is not None:
                reads.insert(0 if asks_measure else len(reads), self._read(first_arm, text_of(first_arm), terms))
        reads += _other_arms(reads, values, measure_of, text_of)
        if "#count" in terms.tokens and not any(_N_EQUALS.search(text_of(r.cell)) for r in reads):
            # "How many patients ...": the row's group size ("n=25") answers, whatever its column.
            reads += [Read(c, c.start, c.end, c.end, "") for c in values if c not in chosen and _N_EQUALS.search(text_of(c))]
        arms = [r for r in reads if measure_of.get(id(r.cell)) is not None]
        if len(arms) >= 2:  # two arms compared: the row's P value or CI for the comparison follows them
            taken = {id(r.cell) for r in reads}
            stats = [Read(c, c.start, c.end, c.end, "") for c in values if id(c) not in taken
                     and numbers_with_spans(text_of(c)) and (_P_VALUE_HEADER.match(c.header) or _comparison_statistic(c, text_of(c)))]
            last = max(i for i, r in enumerate(reads) if measure_of.get(id(r.cell)) is not None) + 1
            reads = reads[:last] + stats + reads[last:]
        return _arm_statements(statements, reads, measure_of, unit)

    def _read(self, cell: Cell, text: str, terms: QuestionTerms) -> Read:
        start, end, value_end, qualifier = self._choose_subvalue(cell, text, terms)
        if (start, end) == (cell.start, cell.end):
            # A field whose value is prose ("<Drug> dosing: the recommended dose is ... Take it with
            # food."): the sentence that answers, so that the statement is one sentence with its marker.
            start, end = self._answering_sentence(cell, text, terms)
            value_end = end
        return Read(cell, start, end, value_end, qualifier)

    @staticmethod
    def lacks_an_arm(statements: list[Statement], terms: QuestionTerms) -> bool:
        """Two drugs compared, and the row's statement for one of them is "not reported": a row that
        has both arms answers better, though this one may be all the documents have."""
        return compares_drugs(terms) and any(clean_statement(st.quote).lower() in NOT_REPORTED for st in statements)

    def _choose_cells(self, cells, terms: QuestionTerms, text_of, single: bool, label: str = "",
                      defined: Mapping[str, str] | None = None) -> list:
        """The cells the question singles out: by a term only their header has (the drug of an arm,
        "hazard ratio") or only their content has ("HR: 0.52"). Empty when nothing singles one out.
        With `single` (metadata fields) only the best-matching field is kept."""
        def terms_of(text: str) -> set[str]:
            return set(tokenize(text)) | {f"g{g}" for g in concept_groups(text)}

        # Words the row label already accounts for ("<drug>-resistant") select the row, not a
        # column; a drug named on its own ("... treated with <drug>") still selects its column.
        label_words = set(tokenize(label, parts=False))
        asked = tokenize(terms.text, parts=False)
        for compound in [w for w in label_words if "-" in w]:  # written apart: "<drug> resistant"
            parts = tokenize(compound)[1:]
            apart = sum(asked[i : i + len(parts)] == parts for i in range(len(asked)))
            if apart and all(asked.count(p) == apart for p in parts):  # "... resistant, ORR with <drug>?" names it again
                label_words |= set(parts)
        rest = " ".join(w for w in terms.text.split() if not set(tokenize(w, parts=False)) <= label_words or not tokenize(w))
        q = (set(tokenize(rest)) - QUESTION_WORDS) | {f"g{g}" for g in concept_groups(rest)}

        # A header naming the arm by the brand its document introduced ("BRANDX n/N (%)") names the generic.
        headers = [terms_of(spelled_out(c.header, defined or {})) for c in cells]
        contents = [terms_of(text_of(c)) for c in cells]
        scores = []
        for i in range(len(cells)):
            other_h = set().union(*(h for j, h in enumerate(headers) if j != i))
            other_c = set().union(*(c for j, c in enumerate(contents) if j != i))
            hits = ((headers[i] - other_h) | (contents[i] - other_c)) & q
            scores.append(len(hits) + len({h for h in hits if h.startswith("g")}))
        # The fields whose header words no other field's header has and the question uses.
        named = [c for i, c in enumerate(cells) if single and (headers[i] - set().union(*(h for j, h in enumerate(headers) if j != i))) & q]
        if single and (_ASKS_TWO.search(terms.text) or (len(named) >= 2 and _AND.search(terms.text))):
            # "Who wrote it and when was it dated?", "<field> and <field>?": each field one of the asks
            # singles out.
            return [c for c, sc in zip(cells, scores) if sc > 0][:MAX_FIELDS]
        if single:
            best = max(range(len(cells)), key=lambda i: scores[i])
            ranked = sorted(scores, reverse=True)
            return [cells[best]] if ranked[0] > 0 and (len(ranked) == 1 or ranked[0] > ranked[1]) else []
        chosen = [i for i, sc in enumerate(scores) if sc > 0]
        # An endpoint every arm's header names ("<endpoint> with <drug A>", "<endpoint> with <drug B>") singles out
        # no one column, yet it is what is asked: those columns answer, beside any content the question touched.
        common = set.intersection(*headers) if headers else set()
        named_by_headers = [i for i in range(len(cells)) if (headers[i] - common) & q and scores[i] == 0]
        if chosen and not any((headers[i] - common) & q for i in chosen) and len(named_by_headers) >= 2:
            chosen = sorted(chosen + named_by_headers)
        return [cells[i] for i in chosen]

    def _answering_sentence(self, cell, text: str, terms: QuestionTerms) -> tuple[int, int]:
        """The span of the sentence of a cell that says most of the question (the whole cell when it
        is one sentence). In a short cell the sentences before it set it up: "Interrupt dosing. When ANC is
        greater than 1000, resume ..." is one instruction, which its second sentence alone would cut."""
        spans = sentence_units(text, cell.start)
        if len(spans) < 2:
            return cell.start, cell.end
        said = lambda sp: text[sp[0] - cell.start : sp[1] - cell.start]  # noqa: E731
        # Asked which medicines, the sentence naming drugs answers ("... currently prescribed <drug>, <drug>").
        drugs = asks_which_drugs(terms.text)
        best = max(range(len(spans)), key=lambda k: self.coverage(terms, said(spans[k])) + (drugs and bool(drug_spans(said(spans[k])))))
        # A neighbour stating the kind of value asked about the question's terms too ("12 years of age
        # or over." before "(Tablets only over 18 years of age)") is part of the same answer.
        first, last = best, best
        for k in (best - 1, best + 1):
            if (0 <= k < len(spans) and self.coverage(terms, said(spans[k])) > 0
                    and any(re.search(pattern, said(spans[k]), re.I) for pattern in terms.types.values())):
                first, last = min(first, k), max(last, k)
        return spans[0 if len(text) <= SHORT_CELL else first][0], spans[last][1]

    def _choose_subvalue(self, cell, text: str, terms: QuestionTerms) -> tuple[int, int, int, str]:
        """Within "70.0% (Prior RT) 62.5% (No Prior RT)", the value whose qualifier the question
        names, negation included ("without prior radiotherapy" -> "No Prior RT").
        Returns (quote start, quote end, value end, qualifier): the quote keeps the qualifier."""
        subs = list(SUBVALUE.finditer(text))
        if len(subs) < 2:
            return cell.start, cell.end, cell.end, ""
        if asks_both_sides(terms.text):
            return cell.start, cell.end, cell.end, ""
        sides = side_texts(terms.text)
        if sides and len({_qualified(subs, set(tokenize(side)) | {f"g{g}" for g in concept_groups(side)}, is_negated(side))
                          for side in sides} - {None}) == 2:
            # "with vs without prior surgery": each side names one of the cell's values, so both answer.
            return cell.start, cell.end, cell.end, ""
        best = _qualified(subs, set(terms.tokens) | {f"g{g}" for g in terms.groups}, terms.negated)
        if best is None:
            return cell.start, cell.end, cell.end, ""
        return cell.start + best.start(1), cell.start + best.end(), cell.start + best.end(1), clean_inline(best.group(2))


def _qualified(subs: list[re.Match], asked: set[str], negated: bool) -> re.Match | None:
    """The value whose qualifier names most of the `asked` terms, its negation agreeing with the
    question's; None when no qualifier names any."""
    best, best_score = None, 0.0
    for m in subs:
        qual = m.group(2)
        score = len((set(tokenize(qual)) | {f"g{g}" for g in concept_groups(qual)}) & asked)
        if score == 0:
            continue
        score += 1.0 if bool(set(normalize(qual).replace("-", " ").split()) & NEGATIONS) == negated else -1.0
        if score > best_score:
            best, best_score = m, score
    return best


# A question that joins two asks: "... and when ...", "... and at what dose ...".
_ASKS_TWO = re.compile(r"\band\s+(?:when|where|who|whom|what|which|how|why|at what|in what|for how)\b", re.I)
MAX_FIELDS = 3
_AND = re.compile(r"\band\b|[&+,]")
# Two arms set against each other ("A vs B"), not any comparison ("older than 50").
_VERSUS = re.compile(r"\b(?:vs|versus|compared (?:with|to))\b")
@dataclass(frozen=True)
class Read:
    """One cell as the answer reads it: the quoted span, where its value ends (before a qualifier)
    and the qualifier that narrowed it."""

    cell: Cell
    start: int
    end: int
    value_end: int
    qualifier: str


# A header's last shared word that belongs with the arm: "ORR with | <drug>" reads "ORR 78% with <drug>".
_ARM_PREPOSITIONS = frozenset({"with", "on", "in", "for", "after", "by", "under", "receiving", "plus", "from"})
# Arms of one measure a row reads side by side at most.
MAX_ARMS = 4
# Cells a row read whole (no column singled out) may have.
WHOLE_ROW_CELLS = 2 * MAX_ARMS
# A group size anywhere in a cell ("Cohort 2 (n=17 with ...)").
_N_EQUALS = re.compile(r"\bn\s*=\s*\d", re.I)
# A P-value column, its footnote letter aside ("p-value", "P valuea", "P").
_P_VALUE_HEADER = re.compile(r"\s*p(?:[- ]?values?[a-z]?)?\s*[*†‡]?\s*$", re.I)
# A cell stating only a comparison's statistic ("P < 0.0001", "95% CI: 0.31–0.72") under a column of the
# comparison's statistics ("Hazard Ratio (HR) & P-value"), not one arm's, a subgroup's or another test's.
_NAMES_ITSELF = re.compile(r"\s*(?:p\s*(?:[- ]?value\s*)?[<=>≤≥]|95\s*%\s*ci\b)[^a-z]*$", re.I)
# (Or an effect estimate with its interval, "0.67 (0.54 to 0.82)", under a column of one: "Relative risk (95% CI)".)
_STATISTIC = re.compile(rf"{_NAMES_ITSELF.pattern}"
                        r"|\s*[-−]?\d+(?:\.\d+)?\s*[(\[]\s*[-−]?\d+(?:\.\d+)?\s*(?:to|[-–,;])\s*[-−]?\d+(?:\.\d+)?\s*[)\]]\s*$", re.I)
_STATISTICS_HEADER = re.compile(r"\bp[- ]?values?\b|\b(?:hazard|odds|risk|rate)\s+ratio\b|\brelative\s+risk\b|\b(?:risk|mean)\s+difference\b"
                                r"|\b(?:95\s*%\s*)?ci\b|confidence interval", re.I)
_OTHER_TEST = re.compile(r"interaction|trend|heterogeneity|baseline|inferiority|superiority|within|arm\b|group\b|\bvs\b", re.I)


def _comparison_statistic(cell: Cell, text: str) -> bool:
    """A cell that only states the compared arms' P value or CI, in a column of their statistics."""
    header = cell.header
    return bool(_STATISTIC.match(text) and _STATISTICS_HEADER.search(header) and not _OTHER_TEST.search(header)
                and not drug_spans(header))


def _other_arms(reads: list[Read], values: list[Cell], measure_of: dict[int, str | None], text_of) -> list[Read]:
    """The row's other arms of a measure the question picked ("ORR with <drug A>" asked, "ORR
    with <drug B>" beside it), each narrowed to the qualifier the asked value has. An arm that does
    not report it, or whose cell holds several values none so qualified, is left out."""
    taken = {id(r.cell) for r in reads}
    extra: list[Read] = []
    for r in reads:
        measure = measure_of.get(id(r.cell))
        if measure is None:
            continue
        for cell in values:
            if id(cell) in taken or measure_of[id(cell)] != measure:
                continue
            read = _sibling(cell, text_of(cell), r.qualifier)
            if read:
                taken.add(id(cell))
                extra.append(read)
    return extra


def _sibling(cell: Cell, text: str, qualifier: str) -> Read | None:
    """Another arm's cell read as the asked one was: its value with the same qualifier, or its short
    verdict ("(Reference)", "Higher risk"); None when it has neither, or only a paragraph."""
    if clean_statement(text).lower() in NOT_REPORTED or not (numbers_with_spans(text) or len(text.split()) <= 4):
        return None
    if numbers_with_spans(GROUP_SIZE.sub("", cell.header)):
        return None  # a number of an unasked arm's header (dose, period) could not always be tied to its value
    subs = list(SUBVALUE.finditer(text))
    if len(subs) >= 2 or qualifier:
        same = [m for m in subs if clean_inline(m.group(2)).casefold() == qualifier.casefold()]
        if not qualifier or len(same) != 1:
            return None
        m = same[0]
        return Read(cell, cell.start + m.start(1), cell.start + m.end(), cell.start + m.end(1), qualifier)
    if len(sentence_units(text, cell.start)) > 1:
        return None
    return Read(cell, cell.start, cell.end, cell.end, "")


def _one_sentence(text: str) -> str:
    """A value read as one sentence: a field stating two ("Under 12 years of age. (Under 18 for
    tablets).") reads them joined by ";", so that the answer's one marker cites both."""
    parts = [clean_statement(text[a:b]).rstrip(" .") for a, b in sentence_units(text, 0)]
    parts = [p for p in parts if p]
    return "; ".join(parts) if len(parts) > 1 else clean_statement(text)


def _arm_statements(statements: list[Statement], reads: list[Read], measure_of: dict[int, str | None],
                    unit: Unit) -> list[Statement]:
    """The cells read, as one sentence after the row label: the arms of one measure side by side,
    the asked arm first ("ORR 62.5% with <drug A> vs 35.0% with <drug B>"), a qualifier every
    arm shares once after the label, and any other cell as "<header>: <value>"."""
    chunk = unit.chunk
    families: dict[str | int, list[Read]] = {}  # a measure's arms, or a cell of its own (by position)
    for i, r in enumerate(reads):
        measure = measure_of.get(id(r.cell))
        families.setdefault(i if measure is None else measure, []).append(r)
    qualifiers = {r.qualifier for r in reads}
    # Said once after the label; a record without a label keeps it by each value.
    shared = next(iter(qualifiers)) if len(qualifiers) == 1 and len(reads) > 1 and statements else ""
    out = [replace(st, text=f"{st.text}, {shared}") if shared and k == 0 else st for k, st in enumerate(statements)]
    for measure, group in families.items():
        for k, r in enumerate(group[:MAX_ARMS]):
            value = _one_sentence(chunk.text_at(r.start, r.value_end))
            qualifier = f" ({r.qualifier})" if r.qualifier and not shared else ""
            first = "; " if len(out) > len(statements) else ": "
            if isinstance(measure, int):
                value = value.rstrip(" .") if len(reads) > 1 else value  # "Author: X; Date: Y", not "X.; Date"
                # An unnamed column says nothing ("Column 2" would be a number the passage does not state): the value speaks.
                if is_unnamed_column(r.cell.header) or _NAMES_ITSELF.match(value) and _comparison_statistic(r.cell, value):  # "P < 0.0001" names itself
                    text, joiner = f"{value}{qualifier}", first
                else:  # a footnote marker names nothing, and its number is stated nowhere in the row
                    name = "P" if _P_VALUE_HEADER.match(r.cell.header) else without_footnote_marker(r.cell.header)
                    text, joiner = f"{name}{qualifier}: {value}", first
            else:
                words = measure.split()
                prep = words[-1] if len(words) > 1 and words[-1].casefold() in _ARM_PREPOSITIONS else ""
                # A group size is the header's, not the arm's name: "(n=2373)" is left out of the answer.
                arm = GROUP_SIZE.sub("", " ".join(r.cell.header.split()[len(words):])).strip()
                period = PERIOD.match(arm)  # "<drug> 10 mg (Weeks 0-12)": the arm first
                arm = f"{arm[period.end():]} ({period.group(0).strip()})" if period and arm[period.end():] else arm
                if prep or not words:
                    arm_text = f"{prep or 'with'} {arm}"
                else:  # "Response | with <drug>" or "Response | placebo"
                    arm_text = arm if arm.split()[0].casefold() in _ARM_PREPOSITIONS else f"({arm})"
                lead = (" ".join(words[:-1]) if prep else measure).rstrip(" :,") + " " if k == 0 and words else ""
                text, joiner = f"{lead}{value}{qualifier} {arm_text}", " vs " if k else first
            out.append(Statement(text, r.start, r.end, unit, joiner=joiner))
    return out
