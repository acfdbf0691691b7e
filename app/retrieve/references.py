"""Asked for one of a document's numbered references ("what's ref 4?", "where was [1] published?"), the
entry of its reference list joins the retrieved passages. Reference lists are kept out of the index
(a cited paper's title would answer questions about what that paper found), so the entry is read from
the stored document text, under the heading that opens the list, as a passage of its own."""

from __future__ import annotations

import hashlib
import re

from app.index.store import DocStore
from app.ingest.chunking import REFERENCES_HEADING
from app.ingest.units import content_hash
from app.records import Chunk, Passage

# "ref 4", "reference #4", "citation no. 4", "[4]" (not "reference range 4-10", "ref 4 mg").
_ASKED = re.compile(r"\b(?:refs?|references?|citations?)\.?\s*(?:no\.?|number|#)?\s*\[?(\d{1,3})\]?(?![\d.,]?\d|\s*(?:-|–|to)\s*\d|\s*(?:mg|mcg|g|ml|%|units?)\b)"
                    r"|(?<![\w\]])\[(\d{1,3})\](?!\s*\()", re.I)
# An entry of a numbered list: "4. ", "4) ", "[4] ".
_ENTRY = re.compile(r"^[^\S\n]*(?:\[(\d{1,3})\]|(\d{1,3})[.)])[^\S\n]+\S")
# How many lines an entry may wrap over.
_WRAPPED = 4


def reference_asked(question: str) -> int | None:
    """The number of the reference the question asks about, if it asks about one."""
    m = _ASKED.search(question)
    return int(m.group(1) or m.group(2)) if m else None


def reference_span(text: str, n: int) -> tuple[int, int] | None:
    """Where entry `n` of the document's reference list is: its first line and the lines it wraps
    over, up to the next entry or a blank line; None when the document has no such list or entry."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]*", text)]
    opened = False
    for k, (at, line) in enumerate(lines):
        if REFERENCES_HEADING.match(line.strip().strip("#").strip()):
            opened = True
            continue
        m = _ENTRY.match(line) if opened else None
        if m and int(m.group(1) or m.group(2)) == n:
            end = at + len(line)
            for at2, more in lines[k + 1:k + _WRAPPED]:
                if not more.strip() or _ENTRY.match(more) or REFERENCES_HEADING.match(more.strip()):
                    break
                end = at2 + len(more)
            start = at + len(line) - len(line.lstrip())
            return start, len(text[:end].rstrip())
    return None


def reference_passages(question: str, passages: list[Passage], docstore: DocStore) -> list[Passage]:
    """The asked reference's entry in the first retrieved document that lists it; none when the
    question asks for no numbered reference."""
    n = reference_asked(question)
    if n is None:
        return []
    for source in dict.fromkeys(p.chunk.source for p in passages):
        doc = docstore.document(source)
        span = reference_span(doc.text, n) if doc else None
        if span:
            s, e = span
            text = doc.text[s:e]
            search = f"{doc.title}. References. {text}"
            cid = hashlib.sha1(f"{source}|reference|{s}|{e}".encode()).hexdigest()[:24]
            return [Passage(chunk=Chunk(id=cid, source=source, title=doc.title, section="References", kind="reference",
                                        start=s, end=e, text=text, search_text=search, content_hash=content_hash(search),
                                        units=((s, e),)), score=0.0)]
    return []
