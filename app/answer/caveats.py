"""Caveats about a document itself, carried by every answer that cites it.

Real documents are not always consistent: a note's header may name one compound
("Compound Focus: <name>, CAS No.: ...") while its body reports on another with a similar name. An
answer quoting that note's figures must say so, since a reader could take them for the header's compound.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from app.ingest.untrusted import finding_caveats, findings_from_json, inspect_document
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


def content_caveats(docstore, source: str, citations: list, cache: dict) -> list[str]:
    """Caveats for instruction-like text or conflicting values in a cited document: found at ingest and
    kept by content hash, else (an index built before the check existed, a Chroma server replica)
    found now, once per content (`cache`)."""
    doc = docstore.document(source)
    if doc is None:
        return []
    key = (doc.source, doc.sha256)
    if key not in cache:
        found = findings_from_json(docstore.get_meta(f"findings:{doc.sha256}"), doc.sha256)
        if found is None:
            found = inspect_document(doc, list(docstore.chunks(docstore.chunk_ids(source)).values()))
        cache[key] = found
    return finding_caveats(doc.title, cache[key], citations)


class CaveatCache:
    """Caveats per cited document, computed once per document and docstore version."""

    def __init__(self, docstore_of):
        self._docstore_of = docstore_of  # called each time: the pipeline's index is built lazily
        self._cache: dict[tuple[str, str], list[str]] = {}
        self._findings: dict[tuple[str, str], list] = {}  # per (source, sha256): see content_caveats

    def for_sources(self, sources: list[str], citations=()) -> list[str]:
        """The document caveats of every cited source, and the untrusted-content caveats of the passages
        cited (instruction-like text, conflicting values)."""
        out: list[str] = []
        for source in dict.fromkeys(sources):
            out.extend(self.of(source))
            out.extend(content_caveats(self._docstore_of(), source, [c for c in citations if c.source == source],
                                       self._findings))
        return out

    def of(self, source: str) -> list[str]:
        store = self._docstore_of()
        key = (source, store.version())
        if key not in self._cache:
            doc = store.document(source)
            chunks = list(store.chunks(store.chunk_ids(source)).values()) if doc is not None else []
            self._cache[key] = document_caveats(doc, chunks) if doc is not None else []
        return self._cache[key]
