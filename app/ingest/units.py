"""Answer units: the statements of a chunk an answer can quote, and the readable forms of verbatim spans.

A prose chunk's units are its sentences. Lines are joined across soft line breaks ("p\n = 0.71" is one
statement); a list item starts a unit of its own. Spans stay absolute offsets into the document text.
"""

from __future__ import annotations

import hashlib
import re


from app.records import Chunk
from app.text.segmenter import segmenter
from app.text.lexical import STOPWORDS, tokenize

LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
# A numbered clause of a procedure or label ("6.6 Once in range, ...", "4.2.1 Adults"): a statement of its own.
NUMBERED_CLAUSE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+(?=[A-Z])")

# Function words no sentence ends with: a line ending in one ("taken as", "are") runs on into the list
# under it. Pronouns and negations can close a clause ("do not crush it") and are left out.
_RUNS_ON = STOPWORDS - {"it", "no", "not", "there", "these", "this", "that", "they", "then"}


def runs_on(text: str) -> bool:
    """Whether a block's last sentence is unfinished: it ends in a lower-case word no sentence ends
    with, so the list that follows completes it ("a single dose of N mg taken as" / "- two tablets").
    A capital is a name's letter ("Hepatitis A", "Appendix A"), not the article."""
    words = re.findall(r"[A-Za-z]+|\S$", text.rstrip())
    return bool(words) and words[-1] in _RUNS_ON


def clean_inline(text: str) -> str:
    """Readable form of a verbatim span: markdown emphasis and links removed, whitespace folded."""
    text = re.sub(r"\[([^\]]*)\]\((?:[^)]*)\)", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


# "[4] [2]", "[12], [13], [19]": a run of markers, with the commas between them.
DOC_REFS = re.compile(r"\s*\[\d+(?:\s*[,–-]\s*\d+)*\](?:\s*,?\s*\[\d+(?:\s*[,–-]\s*\d+)*\])*")


def clean_statement(text: str) -> str:
    """A verbatim span as an answer statement: clean_inline, and the document's own reference
    markers ("[4] [2]") removed so they cannot be mistaken for the answer's citations."""
    return clean_inline(DOC_REFS.sub("", text))


def is_connector(line: str) -> bool:
    """A line of function words only ("and", "or") between the items of one list: part of the list."""
    return not tokenize(line)


def list_items(text: str) -> list[tuple[int, int]]:
    """Spans of the statements-to-be of a chunk: a list item starts a new one, unless it is the one
    item of a list the line before runs on into; a paragraph after a list item starts one too; any
    other line break is soft (a sentence wrapped onto the next line) unless the line before is a
    label ending in ':' or the line is a numbered clause ("6.6 Repeat the level ..."), or the line opens a
    sentence left of an indented item's bullet (the paragraph after the list)."""
    items: list[tuple[int, int]] = []
    lines = text.split("\n")
    pos = 0
    blank = listed = False  # a blank line since the last line; the current statement holds a list item
    for k, line in enumerate(lines):
        end = pos + len(line)
        if not line.strip():
            blank = True
        else:
            prev = text[items[-1][0] : items[-1][1]].rstrip() if items else ""
            item = bool(LIST_ITEM.match(line))
            if NUMBERED_CLAUSE.match(line):
                joins = False
            elif listed and not item and _indent(line) < _indent(prev) and line.lstrip()[:1].isupper():
                joins = False  # a sentence set left of the item's bullet is the paragraph after the list
            elif item:
                following = next((ln for ln in lines[k + 1:] if ln.strip()), "")
                joins = runs_on(prev) and not listed and not LIST_ITEM.match(following)
            else:
                # An "and" on a line of its own between items belongs to the item before it.
                paragraph = blank and listed and not is_connector(line)
                joins = not prev.endswith(":") and not paragraph
            if prev and joins:
                items[-1] = (items[-1][0], end)
                listed = listed or item
            else:
                items.append((pos, end))
                listed = item
            blank = False
        pos = end + 1
    return items


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


# A sentence opening with a condition about the one before ("Take it ..., unless <case>. If it is, skip
# it."; "If so, ..."; "Otherwise, ...") says nothing alone: it is one statement with that sentence.
_CONTINUES = re.compile(r"(?:if\s+(?:so|not|it\s+(?:is|does|has|was)|they\s+(?:are|do|have)|th(?:is|at)\s+(?:is\s+the\s+case|happens|occurs))"
                        r"|otherwise|in\s+th(?:is|at)\s+case),", re.I)


# A label of at most three words with its gloss, ending a line: "Common: may affect up to 1 in 10 people",
# "Very common (may affect more than 1 in 10 people)"; not a reference ("(see section 2)").
_LABEL_GLOSS = re.compile(r"(?:^|:\s*)(?:[^\W\d][\w-]*\s+){0,2}[^\W\d][\w-]*\s*(?::\s*((?:[^\s:()]+\s+){0,9}[^\s:()]+)|\((?!\s*see\b)((?:[^\s()]+\s+){0,9}[^\s()]+)\))$", re.I)
# A caution, a note or a reference before a list is no category of its items ("Important: do not give with <drug>",
# "Note: in women over 75 years, avoid ...", "Figure 3", "Updated: <date>").
_NOT_A_LABEL = re.compile(r"^\W*(?:notes?|nb|important|warning|caution|attention|updated?|source|figure|fig|table|appendix|see|avoid|do not|don't|never|stop|reduce|contraindicated|not(?!\s+known))\b", re.I)


def as_lead(line: str) -> str:
    """A line before a list, as the lead-in its items are said with: a line ending in ':' ("These include:"),
    or one line of at most 30 words ending in a label of a few words with its gloss ("Common: may affect up to
    1 in 10 people", "Very common (may affect more than 1 in 10 people)"), said with a colon; else "". (A line
    of items, "<effect>, <effect>, * <effect>", or a sentence with an aside, "... under 12 years (see section 2)",
    is content.)"""
    said = clean_inline(line)
    if said.endswith(":"):
        return said
    # (A line starting in lower case is the tail of a wrapped sentence, not a label.)
    label = bool(_LABEL_GLOSS.search(said)) and len(said.split()) <= 30 and said[:1].isupper() and not _NOT_A_LABEL.match(said)
    return f"{said}:" if label and "\n" not in line.strip() else ""


def list_lead(chunk: Chunk, start: int, labels: bool = False) -> str:
    """The line a list item hangs from: the chunk's lead, or the line ending in ':' above the item's list
    inside the chunk ("Stop taking it and tell your doctor if you notice:"), as readable text: the nearest
    line above set left of the item, or as far left and no item (a sub-item hangs from its parent item).
    With `labels`, a label line heads its list too (`as_lead`)."""
    if chunk.lead or not LIST_ITEM.match(chunk.text_at(start, start + 8)):
        return chunk.lead
    lines = chunk.text_at(chunk.start, start).split("\n")
    at = _indent(lines[-1] + chunk.text_at(start, start + 8))
    for line in reversed(lines[:-1]):
        if line.strip() and (_indent(line) < at or _indent(line) == at and not LIST_ITEM.match(line)):
            said = as_lead(line) if labels else clean_inline(line)
            return said if said.endswith(":") and len(said) <= 200 else ""
    return ""


_BOLD_OPENED = re.compile(r"\*\*[^*]+")
# A bold run-in label: a few words naming a topic ("**Treatment of DVT.** The dose is ..."), not a bold
# warning with figures or an instruction ("**Do not take more than 8 tablets.**"), which is text.
RUN_IN_LABEL = re.compile(r"\*\*(?!(?:do|don't|never|always|if|take|stop|tell|keep|avoid|use|check|ask|call|seek|you|your)\b)"  # not an instruction
                          r"((?:[^\W\d][\w'/&()-]*[ \t]+){0,9}[^\W\d][\w'/&()-]*)(?:[.:]\*\*|\*\*[.:])[ \t]+\S", re.I)


# A guideline's grade printed at the end of a recommendation's line ("... for the condition. B", "✓"):
# a margin mark, not the article or initial opening the next line's statement. A lower-case next line
# is a wrapped sentence ("A\nrandomised comparison ...") and keeps its letter.
_GRADE_AT_LINE_END = re.compile(r"(?<=[.!?)])[ \t]+([A-D✓√])[ \t]*\n\s*(?=[A-Z])")


def _without_grade(text: str, s: int, e: int) -> tuple[int, int]:
    m = _GRADE_AT_LINE_END.match(text, s - 1) if s else None
    return trim_span(text, m.end(), e) if m and m.start(1) == s else (s, e)


# A table's or figure's label alone on its line, and the title paragraph under it ("Table 2" / "Comparison of
# ... before and after treatment"): a caption whose table the converter could not keep (an image). It
# states nothing, and without a full stop it would run into the next paragraph's sentence. A line with
# figures under the label ("Overall survival HR 0.59 ...") is a result and stays.
_CAPTION = re.compile(r"^[ \t]*(?:Table|Figure|Fig\.?)[ \t]*[A-Z]?\d{1,3}[A-Za-z]?[.:]?[ \t]*\n"
                      r"(?:[ \t]*\n)?(?:[ \t]*[^\n\d]*[^\s\d.!?:;,][ \t]*(?:\n|\Z))?", re.M)


def _between_captions(text: str, a: int, b: int) -> list[tuple[int, int]]:
    pieces, at = [], a
    for m in _CAPTION.finditer(text, a, b):
        if len(m.group(0).split()) <= 30:
            pieces.append((at, m.start()))
            at = m.end()
    return [(s, e) for s, e in [*pieces, (at, b)] if text[s:e].strip()]


def sentence_units(text: str, start: int) -> list[tuple[int, int]]:
    """Absolute spans of the sentences of a prose chunk (list items split first). Bare labels that
    introduce sub-items ("Outcome Definitions:") and fragments state nothing and are left out."""
    units = []
    for a, b in (piece for item in list_items(text) for piece in _between_captions(text, *item)):
        # Newlines become spaces of the same length, so the segmenter sees one sentence and offsets hold.
        segments = [_without_grade(text, *trim_span(text, a + seg.start, a + seg.end))
                    for seg in segmenter().segment(text[a:b].replace("\n", " "))]
        for k, (s, e) in enumerate(segments):
            if (k + 1 < len(segments) and _BOLD_OPENED.fullmatch(text[s:e]) and text.startswith("**", segments[k + 1][0])
                    and RUN_IN_LABEL.match(text, s)):
                # A bold run-in label ("**Missed dose.** Take it ...") heads what follows; it states nothing.
                segments[k + 1] = trim_span(text, segments[k + 1][0] + 2, segments[k + 1][1])
                continue
            body = clean_statement(text[s:e])
            # (One sentence is taken back, never a chain: "If so, ..." after a merged pair stands alone.)
            if k and units and units[-1] == (start + segments[k - 1][0], start + segments[k - 1][1]) and _CONTINUES.match(body):
                units[-1] = (units[-1][0], start + e)
            elif len(re.findall(r"[A-Za-z0-9]", body)) >= 8 and not body.endswith(":"):
                units.append((start + s, start + e))
    return units


def unit_context(chunk: Chunk, start: int, end: int) -> str:
    """What relevance is judged on for one unit: its headings and the statement itself."""
    if chunk.kind != "prose":
        t, head = chunk.search_text, ". ".join(p for p in (chunk.title, chunk.subject) if p) + ". "
        return t[len(head):] if t.startswith(head) else t
    body = clean_statement(chunk.text_at(start, end))
    heading = ". ".join(x for x in (chunk.section, list_lead(chunk, start), item_labels(chunk, start)) if x and x != body)
    return f"{heading}. {body}" if heading else body


# The run-in labels opening a list item ("- For <condition>: Adults—<dose> ..."): up to three short
# phrases, each ended by a colon or a dash, before the item's first statement. Not a range's dash or a
# clock's colon ("10–20 mg", "08:00"), a note's label ("Note: ...", which names no patients) or a
# statement before a colon ("The dose is 5 mg: ...").
_ITEM_LABELS = re.compile(r"(?:(?!(?:note|notes|warning|important|caution|remember)\s*:)"
                          r"(?![^\n.:;—–]*\b(?:is|are|was|were|should|must|will|can|may)\b)[^\s.:;—–][^\n.:;—–]{1,78}"
                          r"(?:(?<!\d):|—|(?<!\d)–(?!\s*\d))\s*){1,3}", re.I)
_OPENS = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def own_labels(text: str) -> str:
    """The run-in labels a sentence opens with ("Children 6 to 11 years—" of "Children 6 to 11 years—5 mg once
    a day."), after its bullet; "" when it opens with none."""
    m = _ITEM_LABELS.match(LIST_ITEM.sub("", text, count=1))
    return m.group(0) if m else ""


def opens_labels(text: str) -> bool:
    return bool(own_labels(text))


def item_labels(chunk: Chunk, start: int) -> str:
    """The run-in labels a later sentence of a list item goes on under: who or what it is about ("For
    moderate to severe <disease>: Adults—"), which its "However, the dose is usually not more than ..."
    leaves unsaid. The last labels opening a sentence of the item before it (an item running on to
    "Children 5 to 10 years—..." speaks of them from there); empty for a sentence opening labels of its own."""
    line_start = chunk.text_at(chunk.start, start).rfind("\n") + 1 + chunk.start
    bullet = LIST_ITEM.match(chunk.text_at(line_start, start))
    if not bullet or line_start + bullet.end() >= start or opens_labels(chunk.text_at(start, min(chunk.end, start + 200))):
        return ""
    item = chunk.text_at(line_start + bullet.end(), start)
    labels = [m for at in [0, *(o.end() for o in _OPENS.finditer(item))] if (m := _ITEM_LABELS.match(item, at))]
    return clean_inline(labels[-1].group(0)).strip(" :—–-") if labels else ""


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
