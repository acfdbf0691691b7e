"""From styled, positioned lines (any paged format) to the markdown-like text the chunker reads.

Paragraphs are reflowed across hard line breaks, column and page breaks (a line that does not end a
sentence continues on the next); headings become "#" lines; list items stay on lines of their own
within one block; tables become a tab-separated block whose first row is the header. Every parser
(HTML, PDF, Word) returns its text as an ExtractedText.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from app.records import unnamed_column
from app.text.lexical import tokenize

# Bullets, also the Symbol/Wingdings bullet glyphs that extract as private-use characters (not
# U+F0B3 "≥" or U+F0B1 "±", which start a line as a value).
_BULLET = re.compile(r"^\s*([•●▪◦‣∙·○■□➢►✓✔\-–*\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf06e\uf0a8]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_GLYPH = re.compile(r"^\s*[•●▪◦‣∙·○■□➢►✓✔–*\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf06e\uf0a8]\s*")
# Words after a number that make it an amount, not a heading's number ("10 mg once daily").
_UNIT_WORDS = r"(?:mg|mcg|micrograms?|ml|kg|g|units?|times|tablets?|capsules?|doses?|days?|weeks?|hours?|months?|years?|mmol|mol)\b"
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
_CAPTION = re.compile(r"^(?:table|tab\.)\s*[0-9IVX]+[a-z]?\b", re.I)
_RULED_TITLE = re.compile(r"^[-=_–—]{3,}\s*([^-=_–—].*?)\s*[-=_–—]{3,}$")  # "----- CONTRAINDICATIONS -----"
_PAGE_WORDS = {"page", "pages", "p", "pg", "of"}
_SENTENCE_END = re.compile(r"[.!?;:]['\"’”)\]]*$")
_OPEN_END = re.compile(r"(?:\b(?:and|or|but|nor|of|the|a|an|to|with|without|for|in|on|at|by|from|into|than|that|which|"
                       r"who|whose|whom|may|might|can|could|should|must|will|would|shall|be|is|are|was|were|been|not|"
                       r"as|per|including|such|their|its|his|her|if|when|while|where|after|before|during|within))$")


@dataclass
class ExtractedText:
    """What a parser made of one file: the text the chunker reads, and what it saw on the way (for
    the ingest report)."""

    text: str
    title: str = ""  # empty: the format has none of its own (PDF); the loader takes the first line
    pages: int = 0
    table_rows: int = 0
    kept_out: dict[str, int] = field(default_factory=dict)  # why -> how many blocks were left out
    warnings: list[str] = field(default_factory=list)


@dataclass
class Line:
    text: str
    page: int
    size: float  # font height in points
    bold: bool
    left: float
    top: float  # from the top of the page
    bottom: float
    page_height: float
    soft_hyphen: bool = False  # the line ends in a word the typesetter hyphenated
    right: float = 0.0

    @property
    def key(self) -> str:
        """The line with digits and case set aside: how a running header or footer repeats. A page
        number ("12", "- 3 -", "Page 3 of", "p. 4") has the empty key."""
        letters = re.sub(r"[^a-z#]+", " ", re.sub(r"\d+", "#", self.text.lower())).strip()
        if "#" in letters and set(letters.replace("#", " ").split()) <= _PAGE_WORDS:
            return ""
        return letters if re.search("[a-z]", letters) else ""

    @property
    def place(self) -> str:
        """The line's key at its position: the same text at the same place on many pages is furniture."""
        return f"{self.key}@{round(self.top / 3)}" if self.key else ""

    def in_band(self, band: float) -> bool:
        return self.top < band * self.page_height or self.bottom > (1 - band) * self.page_height


def heading_levels(pages: list[list[Line]], body: float) -> dict[tuple[float, bool], int]:
    """Heading level per (font size, bold): sizes clearly above the body text rank by size; bold text at
    body size comes last. A style that carries much of the text is body text, not a heading."""
    chars: Counter = Counter()
    for lines in pages:
        for ln in lines:
            chars[(ln.size, ln.bold)] += len(ln.text)
    total = sum(chars.values()) or 1
    styles = [s for s, n in chars.items() if n / total < 0.12]
    larger = sorted({size for size, _ in styles if size >= body + max(0.7, 0.08 * body)}, reverse=True)[:4]
    levels = {}
    for size, bold in styles:
        if size in larger:
            levels[(size, bold)] = larger.index(size) + 1
        elif bold and abs(size - body) < max(0.7, 0.08 * body):
            levels[(size, bold)] = len(larger) + 1
    return levels


@dataclass
class _Out:
    kind: str  # heading | para | list | caption | table
    text: str
    level: int = 0
    last: Line | None = None  # the block's last line
    right: float = 0.0  # the right edge of its widest line


class TextBuilder:
    """Accumulates blocks (heading, para, list, caption, table) line by line."""

    def __init__(self, body_size: float, levels: dict[tuple[float, bool], int]):
        self.body = body_size
        self.levels = levels
        self.blocks: list[_Out] = []

    def _level(self, ln: Line) -> int:
        """The heading level the line's style gives it (0: body text)."""
        plain = ln.text.strip()
        if _RULED_TITLE.match(plain):  # a title set between rules: a heading below the styled ones
            return min(max(self.levels.values(), default=0) + 1, 6)
        level = self.levels.get((ln.size, ln.bold))
        if level is None or not re.search(r"[A-Za-z]{3}", plain):  # "to 2.05).1", "95% CI" are no titles
            return 0
        if plain.endswith(";") or _BULLET.match(plain) and not _NUMBERED.match(plain):
            return 0
        numbered = _NUMBERED.match(plain)
        if numbered:
            level += numbered.group(1).count(".")
        return min(level, 6)

    def line(self, ln: Line) -> None:
        text = ln.text.strip()
        last = self.blocks[-1] if self.blocks else None
        prev: Line | None = last.last if last else None
        gap_ok = prev is not None and prev.page == ln.page and -0.5 * ln.size < ln.top - prev.bottom < 0.75 * ln.size
        moved = prev is not None and (prev.page != ln.page or ln.top < prev.top - ln.size)  # page or column
        level = self._level(ln)
        ruled = _RULED_TITLE.match(text)
        if ruled:
            text = ruled.group(1)
        if _CAPTION.match(text):
            self.blocks.append(_Out("caption", text, 0, ln, ln.right))
            return
        if last and last.kind == "caption" and gap_ok and (prev.size, prev.bold) == (ln.size, ln.bold):
            self._extend(last, text, ln)  # a table title set on two lines
            return
        same_style = last and last.kind == "heading" and (prev.size, prev.bold) == (ln.size, ln.bold)
        # A heading set on two lines; a heading line ending in a comma goes on whatever the leading.
        ends_open = last and last.kind == "heading" and last.text.endswith(",")  # even over a page break
        # ("... phase" / "3 trial": a number opening a line in small words goes on the title; a numbered
        # heading names its part in a capital.)
        numbered = _NUMBERED.match(text) and not re.match(r"\d{1,2}\s+(?!" + _UNIT_WORDS + r")[a-z]{3,}\b", text)
        if level and (same_style and gap_ok or ends_open) and not numbered:
            self._extend(last, text, ln)
            return
        if last and last.kind == "heading" and gap_ok and text[:1].islower() and self._continues(last.text, text):
            last.kind = "para"  # an emphasised sentence start, not a title
            self._extend(last, text, ln)
            return
        if level and last and last.kind == "para" and gap_ok and (prev.size, prev.bold) == (ln.size, ln.bold):
            self._extend(last, text, ln)  # the next line of an emphasised paragraph
            return
        if level:
            # Bold at body size titles only briefly ("Clinical symptoms and signs"); a longer bold line
            # is an emphasised sentence (a boxed recommendation), unless it is numbered.
            emphasis = abs(ln.size - self.body) < max(0.7, 0.08 * self.body) and not _NUMBERED.match(text)
            if len(text.split()) <= (8 if emphasis else 16):
                self.blocks.append(_Out("heading", text, level, ln, ln.right))
                return
        bullet = _BULLET.match(text)
        if bullet:
            item = _GLYPH.sub("- ", text, count=1)
            # Items of one list may stand further apart than the lines of a paragraph.
            near = prev is not None and prev.page == ln.page and -0.5 * ln.size < ln.top - prev.bottom < 2 * ln.size
            if last and last.kind == "list" and (near or moved):
                last.text += "\n" + item
                last.last, last.right = ln, max(last.right, ln.right)
            else:
                self.blocks.append(_Out("list", item, 0, ln, ln.right))
            return
        if last and last.kind in {"para", "list", "caption"} and prev is not None:
            ended = _SENTENCE_END.search(last.text) is not None
            # A sentence that ends on a line stopping well short of the column's edge ends its paragraph.
            short = prev.right < last.right - 3 * prev.size
            # A double-spaced page (a word processor's 2.0 line spacing) sets a sentence's lines a blank
            # line apart, as far apart as paragraphs: there a line goes on a sentence that broke off.
            spaced = prev.page == ln.page and 0 <= ln.top - prev.bottom < 2 * ln.size and self._broke_off(last.text, text)
            if (gap_ok and not (ended and short)) or spaced or (moved and self._continues(last.text, text)):
                self._extend(last, text, ln)
                return
        self.blocks.append(_Out("para", text, 0, ln, ln.right))

    @staticmethod
    def _continues(before: str, after: str) -> bool:
        """Across a page or column break, a sentence goes on when it has not ended and either the next
        line starts in lower case or the last word is a lower-case word (no title or reference ends so)."""
        if _SENTENCE_END.search(before):
            return False
        return after[:1].islower() or bool(re.search(r"(?:\b[a-z]+|[,(–-])$", before))

    @staticmethod
    def _broke_off(before: str, after: str) -> bool:
        """Stricter than `_continues`: the next line starts in lower case or a bracket ("(Grade 1D)."),
        or the last ends on a word no sentence or title ends with ("and", "of", "may")."""
        if _SENTENCE_END.search(before):
            return False
        return after[:1].islower() or after[:1] in "([" or after[:1].isalnum() and bool(_OPEN_END.search(before))

    def _extend(self, block: _Out, text: str, ln: Line) -> None:
        block.text = self._join(block.text, text, block.last)
        block.last, block.right = ln, max(block.right, ln.right)

    @staticmethod
    def _join(before: str, after: str, prev: Line | None) -> str:
        if prev is not None and prev.soft_hyphen:
            return before + after
        if re.search(r"[A-Za-z]-$", before) and after[:1].islower():
            return before + after  # "infusion-" / "related": the hyphen belongs to the word
        return before + " " + after

    @staticmethod
    def _is_title(block: _Out) -> bool:
        """A heading-styled run that is long or ends a sentence is an emphasised paragraph, not a title."""
        if block.kind != "heading":
            return False
        words = len(block.text.split())
        if not tokenize(block.text):
            return False  # a connector set on its own line between list items ("and", "or"), styled or not
        return words <= 20 and not (block.text.endswith(".") and words >= 4 and not _NUMBERED.match(block.text))

    def table(self, rows: list[list[str]]) -> int:
        block, n = tsv_table(rows)
        if n:
            self.blocks.append(_Out("table", block))
        return n

    def text(self) -> str:
        out = []
        for b in self.blocks:
            out.append("#" * b.level + " " + b.text if self._is_title(b) else b.text)
        return "\n\n".join(out)


def tsv_table(rows: list[list[str]], header_rows: int = 1) -> tuple[str, int]:
    """A table as a tab-separated block, header row first, and its number of data rows. Every row has
    every column (so each line holds tabs); columns empty in every row (a layout's spacers) are dropped.
    An empty first cell repeats the row group's label (a merged cell: "Loading dose" for both bag sizes)
    only in a row filled for the most part: a row holding one fragment of a merged text cell gets no label it does not state.
    The first `header_rows` rows, where the format marks them, are one header: an arm over its columns
    ("Drug: any grade", "Drug: grade ≥ 3")."""
    rows = [[" ".join(c.split()) for c in r] for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        return "", 0
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    keep = [k for k in range(width) if any(r[k] for r in rows)]
    rows = [[r[k] for k in keep] for r in rows]
    width = len(keep)
    first = max(1, min(header_rows, len(rows) - 1))
    header = [": ".join(dict.fromkeys(c for c in column if c)) for column in zip(*rows[:first])]
    # A header set on two rows (a blank corner over "System"): rows fill the header's gaps while it has
    # them and they hold a label or nothing in their data cells.
    while header_rows <= 1 and first < min(len(rows) - 1, 3) and "" in header and (not rows[first][0] or not any(rows[first][1:])):
        header = [" ".join(x for x in (h, c) if x) for h, c in zip(header, rows[first])]
        first += 1
    data = rows[first:]
    # A header cell drawn over the neighbouring column (its data sit one column over): the header-only
    # column and the data-only column beside it are one column.
    k = 0
    while k < len(header) - 1:
        pair = (k, k + 1) if not header[k] and header[k + 1] else (k + 1, k) if header[k] and not header[k + 1] else None
        if pair and not any(r[pair[1]] for r in data) and any(r[pair[0]] for r in data):
            header[pair[0]] = header[pair[1]]
            for r in [header] + data:
                del r[pair[1]]
            continue
        k += 1
    width = len(header)
    header = [c or unnamed_column(k + 1) for k, c in enumerate(header)]
    body, label = [], ""
    for r in data:
        if r[0]:
            label = r[0]
        elif label and 2 * sum(1 for c in r[1:] if c) > width - 1:
            r[0] = label
        body.append(r)
    return "\n".join("\t".join(r) for r in [header] + body), len(body)
