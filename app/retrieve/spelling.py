"""Asked what a short form stands for ("what does TTP stand for?"), the letters alone retrieve the
passages that use them, which rarely say what they mean: the passage where the document spells the
short form out is added to the retrieved ones."""

from __future__ import annotations

from app.index.store import DocStore
from app.records import Passage
from app.text.abbreviations import DEFINITIONS, abbreviation_asked, long_form, spells_out

# Passages spelling the short form out that are added (a document spells it out once, a glossary again).
MAX_SPELLING = 2


def spelling_passages(question: str, passages: list[Passage], docstore: DocStore) -> list[Passage]:
    """The passages, not already retrieved, where the first retrieved document that defines the
    short form the question asks about spells it out; none when the question asks no such thing."""
    short = abbreviation_asked(question)
    if not short:
        return []
    for source in dict.fromkeys(p.chunk.source for p in passages):
        form = long_form(short, DEFINITIONS.get(source, getattr(docstore.document(source), "text", None)))
        if form:
            have = {p.chunk.id for p in passages}
            chunks = docstore.chunks([cid for cid in docstore.chunk_ids(source) if cid not in have])
            return [Passage(chunk=c, score=0.0) for c in chunks.values() if spells_out(c.text, *form)][:MAX_SPELLING]
    return []
