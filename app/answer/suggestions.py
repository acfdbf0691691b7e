"""Questions drawn from the indexed passages themselves: example questions for a corpus, and follow-up
questions for an answer (from the passages it cites and their neighbours).

A question is phrased from a passage's structure, never from knowledge of a particular document:
- a table row: its row label and another column's header ("What was the response rate with X in
  the pretreated cohort?");
- a prose statement that reports something ("The median PFS with X was 19.4 months." → "What was the
  median PFS with X?", keeping a leading "In the … trial,");
- a section heading, as a last resort ("What do the documents say about leptomeningeal disease?").
Every candidate is then asked: only questions the assistant answers, citing the passage they came from,
are offered, so a suggestion never leads to an abstention."""

from __future__ import annotations

import logging
import re
from typing import Iterable

from app.ingest.chunking import clean_statement
from app.lexicon.structure import NON_SUBJECT_STARTS, STRUCTURAL_HEADINGS
from app.records import Chunk

log = logging.getLogger(__name__)

MAX_CHARS = 140  # a suggestion is read at a glance; longer ones are left out rather than cut off
# "In the ZEPHYR-2 trial, the objective response rate with X was 61.3% in …": an optional leading
# prepositional phrase, a subject, a copula, and a rest that states a value (a digit) or a finding.
_STATEMENT = re.compile(
    r"^(?:(?P<lead>(?:In|Among|For|At|After|With) [^,]{3,60}), )?(?:the |The )?(?P<subject>[^,;:()]{6,90}?) "
    r"(?P<verb>was|were|is|are) (?P<rest>.+)$")
_GENERIC_HEADERS = re.compile(r"^(value|values|result|results|details?|notes?|comments?|n/?a)$", re.I)


def natural_case(phrase: str, first: bool = False) -> str:
    """A phrase as written mid-sentence: Title Case words ("Placebo", "Real-World") lowercased,
    acronyms and mixed case ("TKI", "ORR", "NCT01234567") kept; the first word too when `first`."""
    def word(w: str) -> str:
        return "-".join(p.lower() if re.fullmatch(r"[^\W\d_][^\W\dA-Z_]+(?:'s)?[.,:)]*", p) and p[0].isupper() else p
                        for p in w.split("-"))
    return " ".join(word(w) if (i or first) else w for i, w in enumerate(phrase.split(" ")))


def _question(text: str) -> str | None:
    text = re.sub(r"\s+", " ", text).strip().rstrip(" ,;:")
    if not text or len(text) > MAX_CHARS:
        return None
    return text[0].upper() + text[1:] + ("" if text.endswith("?") else "?")


def _cell_text(chunk: Chunk, cell) -> str:
    return clean_statement(chunk.text_at(cell.start, cell.end))


def from_table_row(chunk: Chunk, skip: set[str] = frozenset()) -> list[str]:
    """"What was the {column header} in {row label}?" for each other column with a value; a row label
    "Context: Measure" reads "What was the {measure} with {column header} in {context}?". Columns that
    state numbers come first; long descriptions are left out."""
    if len(chunk.cells) < 2:
        return []
    label = _cell_text(chunk, chunk.cells[0])
    if not re.search(r"[^\W\d_]{3}", label) or len(label) > 80:
        return []
    context, _, measure = label.rpartition(": ") if ": " in label else ("", "", "")
    out = []
    for cell in sorted(chunk.cells[1:], key=lambda c: not re.search(r"\d", _cell_text(chunk, c))):
        header, value = clean_statement(cell.header), _cell_text(chunk, cell)
        if not header or _GENERIC_HEADERS.match(header) or not value or len(value.split()) > 12:
            continue
        if header.lower() in skip or value.upper() in ("N/A", "NA", "-", "—"):
            continue
        if measure:
            text = f"What was the {natural_case(measure, True)} with {natural_case(header, True)} in {natural_case(context)}"
        else:
            # "What were the study details", "What was the response rate"
            verb = "were" if re.search(r"[^s]s$", re.sub(r"\s*\(.*", "", header)) else "was"
            text = f"What {verb} the {natural_case(header, True)} in {natural_case(label, True)}"
        if q := _question(text):
            out.append(q)
    return out


def from_statement(sentence: str) -> str | None:
    """A reporting statement turned into the question it answers, or None."""
    m = _STATEMENT.match(clean_statement(sentence).rstrip("."))
    if not m or not re.search(r"\d|\b(most|least|higher|lower|longer|shorter|common)\b", m.group("rest")):
        return None
    subject = m.group("subject").strip()
    words = subject.lower().split()
    # A short noun phrase ("the median PFS with X"), not an instruction or a clause ("please check that …").
    if not 2 <= len(words) <= 9 or words[0] in NON_SUBJECT_STARTS or {"that", "which", "who"} & set(words):
        return None
    verb = m.group("verb")
    article = "the " if not subject.lower().startswith(("the ", "a ", "an ")) else ""
    body = f"what {verb} {article}{natural_case(subject, True)}"
    lead = m.group("lead")
    return _question(f"{lead}, {body}" if lead else body)


def from_heading(chunk: Chunk) -> str | None:
    heading = clean_statement(chunk.heading)
    heading = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[ivx]+\.)\s+", "", heading)  # "1.0 Introduction" → "Introduction"
    if (not heading or heading.lower().rstrip(":") in STRUCTURAL_HEADINGS or re.search(r"\d{4,}|:\s*\d", heading)
            or heading.lower().startswith(("table", "figure")) or len(re.findall(r"[^\W\d_]{3,}", heading)) < 1):
        return None
    return _question(f"What do the documents say about {natural_case(heading[0].lower() + heading[1:])}")


def candidates(chunk: Chunk, skip_headers: set[str] = frozenset()) -> list[str]:
    """Every question one passage suggests, the most specific first."""
    if chunk.kind == "table_row":
        return from_table_row(chunk, skip_headers)
    if chunk.kind != "prose":
        return []
    out = [q for s, e in chunk.units if (q := from_statement(chunk.text_at(s, e)))]
    heading = from_heading(chunk)
    return out + ([heading] if heading else [])


def _interleave(groups: Iterable[list], key=lambda item: item) -> list:
    """The first item of each group, then the second of each, …: variety before depth (first of equal
    keys kept)."""
    groups = [g for g in groups if g]
    out, seen = [], set()
    for i in range(max((len(g) for g in groups), default=0)):
        for g in groups:
            if i < len(g) and key(g[i]) not in seen:
                seen.add(key(g[i]))
                out.append(g[i])
    return out


def _answered(pipeline, questions: list[tuple[str, str]], n: int, attempts: int, asked: set[str]) -> list[str]:
    """Of (question, source) pairs, the first n the assistant answers citing that source."""
    chosen = []
    for q, source in questions[:attempts]:
        if len(chosen) >= n:
            break
        if q.lower() in asked:
            continue
        try:
            answer = pipeline.ask(q, mode="extractive")
        except Exception:  # a suggestion is optional; never block the UI on one
            log.exception("suggested question failed: %s", q)
            continue
        if not answer.abstained and any(c.source == source for c in answer.citations):
            chosen.append(q)
            asked.add(q.lower())
    return chosen


def _by_section(pairs: list[tuple[str, str]]) -> list[str]:
    """Questions of (section, question) pairs, one section after another (one table's first row, the next
    table's first row, …), so that examples cover the document rather than one table."""
    sections: dict[str, list[str]] = {}
    for section, q in pairs:
        sections.setdefault(section, []).append(q)
    return _interleave(list(sections.values()))


def example_questions(pipeline, n: int = 4, attempts: int = 10) -> list[str]:
    """Questions for the landing page: reporting statements first, then table rows, then headings; within
    each, one document after another, the most recently indexed first (so an upload shows at once)."""
    store = pipeline.index.docstore
    tiers: list[list[list[tuple[str, str]]]] = [[], [], []]
    for d in sorted(store.documents(), key=lambda d: -d.indexed_at):
        ids = store.chunk_ids(d.source)[:400]
        chunks = [c for c in store.chunks(ids).values() if c.kind in ("prose", "table_row")]
        statements = _by_section([(c.section, q) for c in chunks if c.kind == "prose" for s, e in c.units
                                  if (q := from_statement(c.text_at(s, e)))])
        rows = _by_section([(c.section, q) for c in chunks if c.kind == "table_row" for q in from_table_row(c)[:1]])
        headings = [q for c in chunks if c.kind == "prose" and (q := from_heading(c))]
        for tier, questions in zip(tiers, (statements, rows, headings)):
            tier.append([(q, d.source) for q in dict.fromkeys(questions)])
    ordered = [pair for tier in tiers for pair in _interleave(tier, key=lambda pair: pair[0])]
    return _answered(pipeline, list(dict.fromkeys(ordered)), n, attempts, set())


def follow_up_questions(pipeline, answer, asked: Iterable[str], n: int = 3, attempts: int = 8) -> list[str]:
    """Questions the cited passages answer but this answer did not: the other columns of a cited table
    row, the other statements of a cited passage, then the passages next to it."""
    if answer is None or answer.abstained or not answer.citations:
        return []
    store = pipeline.index.docstore
    cited_ids = list(dict.fromkeys(c.chunk_id for c in answer.citations if c.chunk_id))
    cited = store.chunks(cited_ids)
    asked_now = {q.lower() for q in asked}
    pairs: list[tuple[str, str]] = []
    for cid in cited_ids:
        chunk = cited.get(cid)
        if chunk is None:
            continue
        # Columns whose value this answer already quotes are not suggested again.
        spans = [(c.start, c.end) for c in answer.citations if c.chunk_id == cid]
        done = {clean_statement(cell.header).lower() for cell in chunk.cells
                if any(cell.start <= s < cell.end for s, _ in spans)}
        own = candidates(chunk, done)
        ids = store.chunk_ids(chunk.source)
        at = ids.index(cid) if cid in ids else -1
        near = [i for i in (ids[at + 1 : at + 3] + ids[max(0, at - 1) : at]) if at >= 0]
        neighbours = store.chunks(near)
        around = [q for i in near if i in neighbours and neighbours[i].section == chunk.section
                  for q in candidates(neighbours[i])[:2]]
        pairs.extend((q, chunk.source) for q in own + around)
    return _answered(pipeline, list(dict.fromkeys(pairs)), n, attempts, asked_now)
