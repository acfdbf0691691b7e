"""Example questions for the UI, drawn from the corpus (table rows, section headings), kept only
when the assistant answers them."""

from __future__ import annotations

import logging

from app.ingest.chunking import clean_statement

log = logging.getLogger(__name__)


def candidate_questions(docstore, limit: int = 2000) -> list[str]:
    ids = docstore.chunk_ids()[:limit]
    chunks = docstore.chunks(ids)
    from_tables, from_sections = [], []
    for cid in ids:
        c = chunks[cid]
        if c.kind == "table_row" and len(c.cells) >= 2:
            label = clean_statement(c.text[c.cells[0].start - c.start : c.cells[0].end - c.start])
            from_tables.append((c.section, f"What was reported for {label}?"))
        elif c.kind == "prose" and c.section:
            heading = c.section.split(" > ")[-1]
            if not heading.lower().startswith("table"):
                from_sections.append(f"What does the document say about {heading}?")
    # One row per table, one question per section, alternating.
    per_table = list({section: q for section, q in reversed(from_tables)}.values())[::-1]
    candidates = []
    for pair in zip(per_table, dict.fromkeys(from_sections)):
        candidates.extend(pair)
    return list(dict.fromkeys(candidates))


def example_questions(pipeline, n: int = 4) -> list[str]:
    chosen = []
    for q in candidate_questions(pipeline.index.docstore):
        if len(chosen) >= n:
            break
        try:
            if not pipeline.ask(q, mode="extractive").abstained:
                chosen.append(q)
        except Exception:  # an example is optional; never block the UI on one
            log.exception("example question failed")
    return chosen
