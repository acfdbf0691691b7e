"""The blocks a plain or Markdown text is read as (blank-line separated), and what a block is by its
shape alone: a heading, or front-matter "Key: value" fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.ingest.tables import cell_starts, table_end
from app.ingest.units import LIST_ITEM, clean_inline, runs_on

_BLOCK_SEP = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# "Key: value" as front-matter metadata ("CAS No.: 897383-62-9", "**Date:** February 2026").
_KEY_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\*\*)?([A-Z][A-Za-z0-9 .&/()'-]{0,30}?)(?:\*\*)?:(?:\*\*)?(?=\s)")


@dataclass
class Block:
    start: int
    end: int
    text: str
    split: bool = False  # a title split off the first line of its paragraph (split_titles)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def blocks(text: str) -> list[Block]:
    out, pos = [], 0
    for sep in sorted([*_BLOCK_SEP.finditer(text), *_rules(text)], key=lambda m: m.start()) + [None]:
        end = sep.start() if sep else len(text)
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            s = pos + (len(raw) - len(raw.lstrip()))
            out.append(Block(s, s + len(stripped), stripped))
        if sep:
            pos = max(pos, sep.end())
    return out


# Markdown's own structure inside a block: a heading line ("## Dosing") needs no blank line around it, and
# a fence line ("```markdown", as a converter wraps a whole page) encloses text, not a statement.
# ("# of patients with ADRs: 12" in converted text counts patients: a heading opens with a capital or a number.)
_ATX_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?!of\b)[*_(\[]*[A-Z0-9]")
_FENCE = re.compile(r"[ \t]{0,3}(?:```|~~~)")


def markdown_blocks(found: list[Block]) -> list[Block]:
    """Markdown blocks with each heading line a block of its own and fence lines left out."""
    out: list[Block] = []
    for b in found:
        at, piece = b.start, []  # (start of the piece's first line, its lines)
        pos = b.start
        for line in b.text.split("\n"):
            heading, fence = _ATX_HEADING.match(line), _FENCE.match(line)
            if heading or fence:
                out += _piece(at, piece)
                if heading:
                    out += _piece(pos, [line])
                at, piece = pos + len(line) + 1, []
            else:
                piece.append(line)
            pos += len(line) + 1
        out += _piece(at, piece)
    return out


def _piece(start: int, lines: list[str]) -> list[Block]:
    raw = "\n".join(lines)
    stripped = raw.strip()
    if not stripped:
        return []
    s = start + len(raw) - len(raw.lstrip())
    return [Block(s, s + len(stripped), stripped)]


# A line of dashes or equals signs across the page, setting off a title or a section in plain text.
_RULE = re.compile(r"^[ \t]*(?:-{20,}|={20,})[ \t]*$", re.M)


def _rules(text: str) -> list[re.Match]:
    """The rules that part blocks: not one between a table's header and its rows, or between groups of its
    rows (lines of two cells or more above and below it, sharing two columns' starts; below, the first row
    may be a group's label alone on its line, "Age" over "  <65 years   0.71")."""
    out = []
    for m in _RULE.finditer(text):
        above = text[text.rfind("\n", 0, max(m.start() - 1, 0)) + 1:m.start()].rstrip("\n")
        below = text[m.end() + 1:].split("\n", 2)[:2] if m.end() < len(text) else [""]
        label = len(below) == 2 and len(cell_starts(below[0])) == 1
        if label and len(below[0].split()) <= 8 and not below[0].rstrip().endswith("."):
            below = below[1:]
        if len(set(cell_starts(above)) & set(cell_starts(below[0]))) < 2:
            out.append(m)
    return out


_NUMBERED_CAPS = re.compile(r"\s*\d{1,2}[.)]\s+[^a-z]*[A-Z]{3}[^a-z]*")


def caps_title(text: str) -> bool:
    """A line in capitals of five words or more and no figures ("INTRAVENOUS DRUG: DOSING IN ADULTS"): a title, not a field."""
    return not re.search(r"[a-z0-9\n]", text) and len(re.findall(r"[A-Z]{2,}", text)) >= 5


def is_heading(block: Block) -> bool:
    if "\n" in block.text or "\t" in block.text:
        return False
    line = block.text.strip()
    plain = clean_inline(line)
    if not (2 <= len(plain) <= 100) or len(plain.split()) > 14:
        return False
    if line[0] in "|[<" or LIST_ITEM.match(line) and not _NUMBERED_CAPS.fullmatch(line):
        return False  # (a numbered line in capitals, "4. MAINTENANCE DOSE", heads a section of plain text)
    if plain[-1] in ".,;" or not re.search(r"[A-Za-z]", plain):
        return False
    if re.search(r"[a-z]{2}[.!?]\s+[A-Z]", plain):  # a sentence ends inside it: prose, not a title
        return False
    if runs_on(plain):  # "a single dose of N mg taken as": unfinished, the list under it ends it
        return False
    if _STATEMENT.match(plain):  # "Bridging with <X> is not recommended": a sentence without its full stop
        return False
    return plain[0].isupper() or plain[0].isdigit()


# A plain-text section title set on the first line of its paragraph: a number and a few words
# ("3.2 Primary and secondary outcomes"), or a line in capitals ("RESULTS").
_SECTION_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+"
_NUMBERED_TITLE = re.compile(_SECTION_NUMBER + r"[A-Z][\w'()/&,-]*(?:\s[\w'()/&,-]+){0,5}")
_CAPS_TITLE = re.compile(r"[A-Z][A-Z0-9'()/&,-]*(?:\s[A-Z0-9'()/&,-]+){0,7}")


# A line of six words or more that states something ("<X> is not recommended", "This guideline does not apply to
# children") or tells the reader what to do ("Do not drink grapefruit juice during treatment with <X>"), not a title
# asking one ("What <X> is and what it is used for", "If you forget to take <X>").
_STATEMENT = re.compile(r"(?!(?:what|how|if|when|before|after|who|which|why|where|while|during)\b)(?=(?:\S+\s+){5})"
                        r"(?:(?:do\s+not|don't|never|always|avoid|stop|take|tell|keep)\b|.*\b(?:is|are|was|were|does|do|did|should|must|cannot|can|may|will|has|have|had)\b)", re.I)
# An instruction or an amount in words ("Take two tablets", "Stop taking <medicine> and see a doctor") is content.
_INSTRUCTION = re.compile(r"(?:take|stop|do\s+not|don't|never|always|use|give|keep|swallow|ask|tell|talk|contact|call|seek|avoid|check|store|inject|apply)\b", re.I)
_NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|half)\b", re.I)


def _sentence_title(first: str, rest: list[str]) -> bool:
    """A title in sentence case ("Driving and using machines", "If you forget to take <medicine>"), as a plain-text
    leaflet sets one over its paragraph or list: a capital, no end stop, a colon or a figure but in brackets
    ("Adults (16 years and over)"), no instruction or amount in words, and a next line that opens a sentence
    or a list item."""
    return (bool(re.match(r"[A-Z][a-z]", first)) and first[-1] not in ".:;,!?" and not re.search(r"\d", re.sub(r"\([^()]*\)", "", first))
            and not _INSTRUCTION.match(first) and not _NUMBER_WORD.search(first)) and (
        bool(LIST_ITEM.match(rest[0].lstrip())) or bool(re.match(r"[A-Z]", rest[0].lstrip())))


def split_titles(found: list[Block]) -> list[Block]:
    """Plain text often sets a section's title on the first line of its paragraph, with no blank line
    after it: that line is a block of its own. It is one when it reads as a title, is short beside the
    lines under it (a wrapped sentence's first line runs to the margin) and the next line starts afresh
    (a sentence's next line may start in lower case: "1.2 Patients on dialysis need / specialist advice")."""
    out: list[Block] = []
    for b in found:
        lines = b.lines
        first = lines[0].strip()
        # (A figure beyond the section number, "1.1 Give 15 mg/kg", "CHILDREN 1-5 YEARS", is content, not a title.)
        if len(lines) >= 2 and "  " not in first and (
                (_NUMBERED_TITLE.fullmatch(first) or _CAPS_TITLE.fullmatch(first)) and not re.search(r"\d", re.sub("^" + _SECTION_NUMBER, "", first))
                or _sentence_title(first, lines[1:])) \
                and not lines[1].lstrip()[:1].islower() and len(first) <= 0.7 * max(len(line.strip()) for line in lines[1:]) \
                and is_heading(Block(b.start, b.start + len(lines[0]), first)):
            rest = b.text[len(lines[0]) + 1:]
            skip = len(rest) - len(rest.lstrip())
            out += [Block(b.start, b.start + len(lines[0]), first, split=True), Block(b.start + len(lines[0]) + 1 + skip, b.end, rest.strip())]
        else:
            out.append(b)
    return out


def split_table_ends(found: list[Block]) -> list[Block]:
    """A plain-text table closed by a rule of dashes, with a note on the next line ("HD = haemodialysis."),
    is a block of its own: the note is text, not a row."""
    out: list[Block] = []
    for b in found:
        end = table_end(b.text)
        rest = b.text[end:].strip()
        if not rest:
            out.append(b)
            continue
        at = b.start + b.text.index(rest, end)
        out += [Block(b.start, b.start + end, b.text[:end]), Block(at, at + len(rest), rest)]
    return out


def metadata_fields(block: Block) -> list[tuple[str, int, int]] | None:
    """Front-matter 'Key: value' fields as (key, value_start, value_end), or None."""
    fields: list[tuple[str, int, int]] = []
    offset = block.start
    for line in block.lines:
        markers = [m for m in _KEY_MARKER.finditer(line) if len(m.group(1).split()) <= 4]
        if not markers or markers[0].start() != 0 or len(line) > 160:
            return None
        for i, m in enumerate(markers):
            value_end = markers[i + 1].start() if i + 1 < len(markers) else len(line)
            s, e = offset + m.end(), offset + value_end
            while s < e and block.text[s - block.start] in " \t*":
                s += 1
            while e > s and block.text[e - 1 - block.start] in " \t*":
                e -= 1
            if e > s:
                fields.append((m.group(1).strip(), s, e))
        offset += len(line) + 1
    return fields or None


_LEAD_IN = re.compile(r"\b(?:as follows|the following|following|these|this)\b|^\s*(?:give|take|administer|use the)\b", re.I)


def label_over_indented(block: Block) -> str:
    """The label of a block set as a label and the lines indented under it ("Severe infection:" over
    "    10 mg/kg once daily." and "    Maximum 600 mg per dose."), or "": each line under it is said of it."""
    first, *rest = block.text.split("\n")
    # (A lead-in sentence, "Give the following to every patient:", introduces; it names nothing.)
    if not rest or not first.rstrip().endswith(":") or len(first.split()) > 6 or _LEAD_IN.search(first):
        return ""
    indent = lambda line: len(line) - len(line.lstrip())  # noqa: E731
    if any(not line.strip() or indent(line) <= indent(first) for line in rest):
        return ""
    return first.strip().rstrip(":").strip()
