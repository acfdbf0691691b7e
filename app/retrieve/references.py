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

# "ref 4", "reference #4", "citation no. 4" (not "reference range 4-10", "ref 4 mg", "reference 70 kg adult"),
# or "[4]" asked about ("what's [4]?", "what does [4] refer to?"; not a pasted sentence's marker).
_UNITS = r"(?:mg|mcg|µg|g|kg|ml|l|%|units?|iu|mmol|mol|cm|mm|m|min|mins|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?|mo|months?|y|yrs?|years?)\b"
_ASKED = re.compile(rf"\b(?:refs?|references?|citations?)\.?\s*(?:no\.?|number|#)?\s*\[?(\d{{1,3}})\]?(?![\d.,]?\d|\s*(?:-|–|to)\s*\d|\s*{_UNITS})"
                    r"|\b(?:what(?:'s|\s+is|\s+does)|which\s+(?:is|paper|study|source))\s+(?:the\s+)?\[(\d{1,3})\]", re.I)
# "[4]" asked about with a word about references: "where was [1] published?".
_BRACKET = re.compile(r"(?<![\w\]])\[(\d{1,3})\]")
_CUED = re.compile(r"\b(?:published|journal|title|authors?|link|url|doi|pmid|cited|citation|source)\b", re.I)
# An entry of a reference list: "4. ", "4) ", "[4] ", or a bullet counted in order (a web page's list).
_ENTRY = re.compile(r"^[^\S\n]*(?:\[(\d{1,3})\]|(\d{1,3})[.)]|([-*•]))[^\S\n]+\S")
# How many lines an entry may wrap over.
_WRAPPED = 4


def reference_asked(question: str) -> int | None:
    """The number of the reference the question asks about, if it asks about one."""
    m = _ASKED.search(question) or _CUED.search(question) and _BRACKET.search(question)
    return int(next(g for g in m.groups() if g)) if m else None


def reference_span(text: str, n: int) -> tuple[int, int] | None:
    """Where entry `n` of the document's reference list is: its first line and the lines it wraps over,
    up to the next entry or a blank line; None when the document has no such list or entry. A list is
    the entries right under a heading naming it ("References"; a contents line naming it heads none),
    up to the first line after a blank one that is no entry (a later numbered list is another list)."""
    lines, at = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((at, line.rstrip("\r\n")))
        at += len(line)
    for k, (_, line) in enumerate(lines):
        if REFERENCES_HEADING.match(line.strip().strip("#").strip()):
            found = _entry(lines[k + 1:], n)
            if found:
                return found
    return None


def _entry(lines: list[tuple[int, str]], n: int) -> tuple[int, int] | None:
    body = [(at, line) for at, line in lines if line.strip()]
    if not body or not _ENTRY.match(body[0][1]):
        return None  # no list right under the heading
    base = len(body[0][1]) - len(body[0][1].lstrip())
    count, blank, found, last, wrapped = 0, False, None, "", 0
    for at, line in lines:
        m = _ENTRY.match(line)
        indent = len(line) - len(line.lstrip())
        if not line.strip():
            blank = True
            if found:
                break
            continue
        if m and indent <= base:
            if found:
                break
            blank, count = False, count + 1
            if int(m.group(1) or m.group(2) or count) == n:
                found, last, wrapped = (at + indent, at + len(line.rstrip())), line, 1
            continue
        if found:  # a wrapped line: indented, or the entry so far stops mid-sentence (not a page footer)
            if wrapped >= _WRAPPED or not (indent > base or not re.search(r"[.\])]\s*$", last)):
                break
            found, last, wrapped = (found[0], at + len(line.rstrip())), line, wrapped + 1
            continue
        if blank and count:
            break  # the list has ended
    return found


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
