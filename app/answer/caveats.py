"""Caveats about a document itself, carried by every answer that cites it.

Real documents are not always consistent: a note's header may name one compound
("Compound Focus: <name>, CAS No.: ...") while its body reports on another with a similar name. An
answer quoting that note's figures must say so, since a reader could take them for the header's compound.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from app.text.lexical import drugs_in
from app.records import Chunk, Document

# Metadata fields that name what a document is about.
_SUBJECT_FIELD = re.compile(r"compound|product|drug|substance|molecule|agent|focus|active ingredient", re.I)
_ID_FIELD = re.compile(r"\bCAS\b|cat(?:alog(?:ue)?)?\.?\s*no|\bCID\b|UNII|\bSKU\b", re.I)


def document_caveats(doc: Document, chunks: list[Chunk]) -> list[str]:
    fields = []  # (header, value, start, end) of front-matter fields
    for c in chunks:
        if c.kind == "metadata":
            for cell in c.cells:
                fields.append((cell.header, doc.text[cell.start : cell.end].strip(" *"), cell.start, cell.end))
    if not fields:
        return []
    # The body: the document without its front matter.
    spans = sorted((c.start, c.end) for c in chunks if c.kind == "metadata")
    body, pos = [], 0
    for s, e in spans:
        body.append(doc.text[pos:s])
        pos = max(pos, e)
    body.append(doc.text[pos:])
    body_drugs = Counter(drugs_in(" ".join(body)))
    if not body_drugs:
        return []
    main, main_count = body_drugs.most_common(1)[0]
    ids = [f"{h.strip(' :*')} {v}" for h, v, _, _ in fields if _ID_FIELD.search(h)]
    caveats = []
    for header, value, _, _ in fields:
        if not _SUBJECT_FIELD.search(header):
            continue
        for named in dict.fromkeys(drugs_in(value)):
            if named == main or body_drugs.get(named, 0) * 5 >= main_count:
                continue
            similar = difflib.SequenceMatcher(None, named, main).ratio() >= 0.6
            label = value + (f" ({'; '.join(ids)})" if ids else "")
            caveats.append(
                f"Source inconsistency in “{doc.title}”: its header names {label} as the compound, but its text "
                f"reports on {main} ({main_count} mentions; {named} appears {body_drugs.get(named, 0)} times in the text)"
                + (". The names are similar but denote different compounds" if similar else "")
                + f": the figures quoted are about {main}, not {value}."
            )
    return caveats


class CaveatCache:
    """Caveats per cited document, computed once per document and docstore version."""

    def __init__(self, docstore_of):
        self._docstore_of = docstore_of  # called each time: the pipeline's index is built lazily
        self._cache: dict[tuple[str, str], list[str]] = {}

    def for_sources(self, sources: list[str]) -> list[str]:
        out: list[str] = []
        for source in dict.fromkeys(sources):
            out.extend(self.of(source))
        return out

    def of(self, source: str) -> list[str]:
        store = self._docstore_of()
        key = (source, store.version())
        if key not in self._cache:
            doc = store.document(source)
            chunks = list(store.chunks(store.chunk_ids(source)).values()) if doc is not None else []
            self._cache[key] = document_caveats(doc, chunks) if doc is not None else []
        return self._cache[key]
