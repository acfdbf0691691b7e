"""The exact span of a passage that backs a verified sentence, quoted with its offsets."""

from __future__ import annotations

import re

from app.records import Chunk, Citation
from app.verify.claims import passage_facts
from app.verify.verifier import Finding, claim_numbers, lexical_support, numbers_in


def best_quote(chunk: Chunk, finding: Finding) -> Citation:
    """The exact span of `chunk` that backs a sentence: in a table row the cells (or the qualified
    values within a cell, "62.5% (No Prior RT)") holding the sentence's numbers; in prose the
    sentence stating most of its numbers, then most of its terms. The quote is the document's own
    characters at those offsets."""
    claim = finding.sentence.body
    wanted = set(claim_numbers(claim))
    start = end = None
    if chunk.cells and chunk.kind in ("table_row", "metadata") and wanted:
        held = [f for f in passage_facts(chunk) if f.value in wanted and f.start >= 0]
        if held:
            spans = [_value_span(chunk, f.start, f.end) for f in held]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if start is None:
        spans = list(chunk.units) or [(chunk.start, chunk.end)]

        def score(span: tuple[int, int]) -> tuple[int, float]:
            text = chunk.text[span[0] - chunk.start : span[1] - chunk.start]
            return len(wanted & numbers_in(text)), lexical_support(claim, text)

        start, end = max(spans, key=score)
    return Citation(
        n=0, source=chunk.source, title=chunk.title, section=chunk.section,
        quote=chunk.text_at(start, end), start=start, end=end,
        score=round(max(finding.citation_support.values(), default=finding.support), 4),
        chunk_id=chunk.id, context=chunk.text, context_start=chunk.start,
    )


def _value_span(chunk: Chunk, start: int, end: int) -> tuple[int, int]:
    """A value with its own qualifier ("62.5% (No Prior RT)") when it has one, else its whole cell."""
    for cell in chunk.cells:
        if cell.start <= start < cell.end:
            body = chunk.text_at(cell.start, cell.end)
            for m in re.finditer(r"([<>≤≥~]?-?\d[\d.,]*\s*%?)\s*\(([^()]{1,60})\)", body):
                if cell.start + m.start() <= start < cell.start + m.end():
                    return cell.start + m.start(), cell.start + m.end()
            return cell.start, cell.end
    return start, end
