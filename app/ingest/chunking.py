"""Structure-aware chunking: a Document -> Chunks with verbatim offsets.

The document is read as blank-line separated blocks, each classified as a heading, front-matter
metadata, a table (tab-separated, markdown pipes, including a markdown table flattened onto one
line, or plain-text columns under a rule of dashes), list or prose, or something kept out of answers
(marketing boilerplate, the reference list).
Every table row becomes its own chunk carrying its table title and column headers; prose is split
within its section by a text splitter. Every chunk's `text` is `document.text[start:end]`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from app.ingest.blocks import (Block, blocks, caps_title, is_heading, label_over_indented, markdown_blocks, metadata_fields, split_table_ends,
                                 split_titles)
from app.ingest.boilerplate import boilerplate_reason, normalised
from app.ingest.lists import lead_in, list_groups
from app.ingest.tables import (SEPARATOR_LINE, fixed_width_table, is_separator_row, pipe_rows, row_groups,
                               split_cells)
from app.ingest.units import LIST_ITEM, RUN_IN_LABEL, clean_inline, is_connector, runs_on, clean_statement, content_hash, sentence_units, trim_span, unit_context
from app.records import Cell, Chunk, Document, is_unnamed_column, unnamed_column
from app.text.lexical import drugs_in, main_drug

__all__ = ["CAPTION", "chunk_document", "clean_inline", "clean_statement", "content_hash", "sentence_units", "unit_context"]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_CAPTION = re.compile(r"^\W{0,3}(?:table|tab\.)\s*[0-9IVX]+[a-z]?(?:\s*[.:—–-]|\s+(?=[A-Z]))", re.I)
# A figure's or table's caption opening a statement ("Figure 2: ...", "Table 4. ..."): what it shows, named.
CAPTION = re.compile(r"^\W{0,3}(?:table|tab\.|figure|fig\.?)\s*[0-9IVX]+[a-z]?\s*[.:—–-]", re.I)
REFERENCES_HEADING = re.compile(r"^\W*(references|bibliography|works cited|literature cited|sources|citations)\W*$", re.I)


@dataclass
class _Section:
    path: list[tuple[int, str]] = field(default_factory=list)
    skip: str = ""  # why this section is kept out of the index ("references", "boilerplate")

    def names(self) -> list[str]:
        return [name for _, name in self.path]


@dataclass
class _Table:
    title: str
    header: list[str]
    rows: list[list[tuple[int, int]]]


class _Parser:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        found = split_table_ends(blocks(doc.text))
        self.blocks = split_titles(found) if doc.format == "txt" else markdown_blocks(found) if doc.format == "md" else found
        self.elements: list[tuple] = []  # (kind, section names, payload)
        self.skipped: Counter = Counter({"boilerplate": 0, "references": 0})
        seen = Counter(normalised(b.text) for b in self.blocks)
        self._repeated = {key for key, n in seen.items() if n >= 2 and len(key) >= 40}
        self._shown: set[str] = set()

    def _skip(self, reason: str) -> None:
        # "boilerplate" totals every reason but references, which are counted on their own.
        self.skipped[reason] += 1
        if reason != "references":
            self.skipped["boilerplate"] += 1

    def _kept_out(self, block: Block, previous: Block | None) -> str:
        """Why the block is kept out of answers: a general boilerplate signal, or a long block already
        seen verbatim in this document (a disclaimer printed on every page). Links that a lead-in line
        introduces ("These include:") are content: the names are the answer."""
        reason = boilerplate_reason(block.text)
        if reason == "links" and previous is not None and previous.text.rstrip().endswith(":"):
            reason = ""
        key = normalised(block.text)
        if not reason and key in self._repeated:
            if key in self._shown:
                return "repeated"
            self._shown.add(key)
        return reason

    def parse(self) -> list[tuple]:
        section = _Section()
        blocks = self.blocks
        i = 0
        front_matter = True
        pending_header: list[str] | None = None
        table_title = ""
        while i < len(blocks):
            b = blocks[i]
            md = _MD_HEADING.match(b.text) if "\n" not in b.text else None
            # The first block, if heading-like, is the document's title: it is not a section.
            if i == 0 and (md or self.doc.format in {"txt", "md"} and is_heading(b)):
                i += 1
                continue
            if front_matter and not md and not caps_title(b.text):
                fields = metadata_fields(b)
                if fields:
                    self.elements.append(("metadata", section.names(), (b, fields)))
                    i += 1
                    continue
            # Formats that mark their headings ("#" lines from PDF, HTML and Word) are not guessed at.
            # (In a references list, an entry's first line split off as a title is the entry's.)
            guess = self.doc.format in {"txt", "md"} and is_heading(b) and not (b.split and section.skip == "references")
            heading = md or _TABLE_CAPTION.match(b.text) and "\n" not in b.text or guess
            if heading and boilerplate_reason(b.text):  # a heading-like notice is no section: drop the line
                self._skip(boilerplate_reason(b.text))
                i += 1
                continue
            if heading:
                name = clean_inline(md.group(2) if md else b.text).rstrip(":").strip()
                if md:
                    level = len(md.group(1))
                elif _TABLE_CAPTION.match(b.text):
                    # A caption nests under the current (non-caption) heading.
                    base = [lv for lv, n in section.path if not _TABLE_CAPTION.match(n)]
                    level = base[-1] + 1 if base else 1
                    table_title = name
                else:
                    # A title in sentence case under one in capitals or numbered is its subsection
                    # ("HOW TO TAKE <X>" > "If you forget to take <X>", "4.2 Posology" > "Paediatric population").
                    level = 2 if _subtitle(name) and any(lv == 1 and not _subtitle(n) and not REFERENCES_HEADING.match(n) for lv, n in section.path) else 1
                section.path = [(lv, n) for lv, n in section.path if lv < level] + [(level, name)]
                if not _TABLE_CAPTION.match(b.text):
                    table_title = ""
                    pending_header = None
                section.skip = "references" if REFERENCES_HEADING.match(name) else ""
                self.elements.append(("heading", section.names(), b))
                i += 1
                continue
            reason = "references" if section.skip == "references" else self._kept_out(b, blocks[i - 1] if i else None)
            if reason:
                self._skip(reason)
                i += 1
                continue
            lines = b.lines
            if all("\t" in ln or SEPARATOR_LINE.match(ln) for ln in lines) and "\t" in lines[0]:
                i = self._tsv_table(i, section, table_title)
                front_matter = False
                continue
            fixed = None if b.text.startswith("|") else fixed_width_table(self.text, self.text.rfind("\n", 0, b.start) + 1, b.end)
            if fixed:  # a plain-text table laid out in columns of spaces
                self.elements.append(("table", section.names(), _Table(table_title, *fixed)))
            if b.text.startswith("|") or fixed:
                i = i + 1 if fixed else self._pipe_table(i, section, table_title, pending_header)
                front_matter = False
                continue
            if len(b.text.split()) >= 12:
                front_matter = False
            if table_title and self.elements and self.elements[-1][0] == "table" and section.path:
                # Prose after a table is back in the section the table's caption sits in.
                section.path, table_title = section.path[:-1], ""
            kind = "list" if LIST_ITEM.match(b.text) else "prose"
            # A paragraph led by a bold label of a few words ("**Treatment of DVT.** The recommended dose is ...")
            # is a section of its own under that label (a bold warning, with figures or an instruction, is text).
            run_in = RUN_IN_LABEL.match(b.text) if kind == "prose" else None
            # So is a label over lines indented under it: each line ("Maximum 600 mg per dose.") is said of it.
            label = clean_inline(run_in.group(1)).strip() if run_in else label_over_indented(b) if kind == "prose" else ""
            names = section.names() + [label] if label else section.names()
            self.elements.append((kind, names, b))
            i += 1
        self._drop_empty_boilerplate_sections()
        return self.elements

    def _drop_empty_boilerplate_sections(self) -> None:
        """A heading whose section holds nothing indexable (e.g. "Contact", a vendor name over a
        slogan) is itself boilerplate."""
        kept = []
        for idx, el in enumerate(self.elements):
            if el[0] == "heading":
                nxt = self.elements[idx + 1] if idx + 1 < len(self.elements) else None
                if nxt is None or nxt[0] == "heading" and len(nxt[1]) <= len(el[1]):
                    continue
            kept.append(el)
        self.elements = kept

    def _tsv_table(self, i: int, section: _Section, title: str) -> int:
        b = self.blocks[i]
        header_line, rows, offset, second = None, [], b.start, None
        for line in b.lines:
            if SEPARATOR_LINE.match(line):
                offset += len(line) + 1
                continue
            spans, pos = [], offset
            for cell in line.split("\t"):
                spans.append(trim_span(self.text, pos, pos + len(cell)))
                pos += len(cell) + 1
            if header_line is None:
                header_line = [clean_inline(self.text[s:e]) for s, e in spans]
            elif not rows and not second and (merged := _header_continued(header_line, [clean_inline(self.text[s:e]) for s, e in spans])):
                second, header_line = (header_line, spans), merged
            else:
                rows.append(spans)
            offset += len(line) + 1
        assert header_line is not None
        if second and not rows:  # (a header's second line is over rows: with none under it, it was the one row)
            header_line, rows = second[0], [second[1]]
        i += 1
        if not rows and i < len(self.blocks) and self.blocks[i].text.startswith("|"):
            return self._pipe_table(i, section, title, header_line)
        self.elements.append(("table", section.names(), _Table(title, header_line, rows)))
        return i

    def _pipe_table(self, i: int, section: _Section, title: str, header: list[str] | None) -> int:
        text, blocks = self.text, self.blocks
        start, end = blocks[i].start, blocks[i].end
        i += 1
        if header is None:
            # An ordinary markdown table: one row per line, header above the separator row.
            line_rows = []
            pos = start
            for line in text[start:end].split("\n"):
                cells = split_cells(text, pos, pos + len(line))
                if cells:
                    line_rows.append([trim_span(text, s, e) for s, e in cells])
                pos += len(line) + 1
            if len(line_rows) >= 2 and is_separator_row(text, line_rows[1]):
                header = [clean_inline(text[s:e]) for s, e in line_rows[0]]
                rows = line_rows[2:]
            else:
                header = [unnamed_column(k + 1) for k in range(max(len(r) for r in line_rows))]
                rows = line_rows
            self.elements.append(("table", section.names(), _Table(title, header, rows)))
            return i
        ncols = len(header)
        # A flattened table can break mid-cell across a blank line: keep consuming blocks while the
        # last cell is open (text after the final pipe) or the next block continues with a pipe.
        while i < len(blocks):
            tail = text[start:end].rsplit("|", 1)[-1]
            if tail.strip() or blocks[i].text.startswith("|"):
                end = blocks[i].end
                i += 1
            else:
                break
        rows = [r for r in pipe_rows(text, start, end, ncols) if not is_separator_row(text, r)]
        self.elements.append(("table", section.names(), _Table(title, header, rows)))
        return i


def _subtitle(name: str) -> bool:
    """A heading in sentence case, unnumbered ("Driving and using machines"), beside ones in capitals or numbered."""
    return bool(re.match(r"[A-Z][a-z]", name)) and not _PAPER_SECTION.match(name)  # (a capital first: no number)


# A paper's own sections ("Results" after "METHODS") are no subsections of the one before.
_PAPER_SECTION = re.compile(r"(?:abstract|introduction|background|(?:materials\s+and\s+|patients\s+and\s+)?methods?|results|discussion|conclusions?|"
                            r"summary|objectives?|aims?|acknowledge?ments?|funding|references)\b", re.I)


def chunk_document(doc: Document, chunk_size: int = 900, chunk_overlap: int = 120) -> tuple[list[Chunk], dict[str, int]]:
    """Chunks for one document, and counts of what was kept out (boilerplate, references)."""
    parser = _Parser(doc)
    elements = parser.parse()
    text = doc.text
    # A label headed by its document type or publisher is found by the drug it names throughout.
    subject = "" if drugs_in(doc.title, classes=False) else main_drug(text)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        # A line indented under the one before continues it (a measure's values under its name, a
        # wrapped item), so a block is cut first where a line starts at the margin.
        separators=[r"\n\n", r"\n(?=\S)", r"\n", r"\. ", "; ", ", ", " ", ""],
        is_separator_regex=True,
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=True,
    )
    chunks: list[Chunk] = []

    def add(kind: str, names: list[str], start: int, end: int, search: str, cells=(), table="", lead=""):
        chunk_text = text[start:end]
        section = " > ".join(names)
        search_text = ". ".join(p for p in (doc.title, subject, section, search) if p)
        h = content_hash(search_text)
        cid = hashlib.sha1(f"{doc.source}|{kind}|{start}|{end}|{h}".encode()).hexdigest()[:24]
        # Prose is split into sentences when first needed for an answer (Index.with_units): retrieval
        # never needs them, so ingest stays at the encoder's pace.
        units = [] if kind == "prose" else [(start, end)]
        chunks.append(
            Chunk(
                id=cid, source=doc.source, title=doc.title, section=section, kind=kind,
                start=start, end=end, text=chunk_text, search_text=search_text,
                content_hash=h, cells=tuple(cells), table=table, lead=lead, units=tuple(units), subject=subject,
            )
        )

    def flush_prose(run: list[Block], names: list[str], lead: str = ""):
        if not run:
            return
        groups = list_groups(text, run[0].start, run[-1].end) if LIST_ITEM.match(run[0].text) else [(run[0].start, run[-1].end, "")]
        for g_start, g_end, head in groups:
            head = head or lead  # a list's items carry the line that introduced them
            reached = g_start
            for piece in splitter.create_documents([text[g_start:g_end]]):
                s = g_start + piece.metadata["start_index"]
                e = s + len(piece.page_content)
                if text[s:e] != piece.page_content:  # the splitter's find() guessed a wrong repeat
                    s = text.find(piece.page_content, g_start)
                    e = s + len(piece.page_content)
                later = text.find(piece.page_content, s + 1, g_end) if e <= reached else -1
                if later >= 0:  # a short line also quoted in the overlap before it is the later one
                    s, e = later, later + len(piece.page_content)
                reached = max(reached, e)
                prefix = head if head and not clean_inline(text[s:e]).startswith(head[:20]) else ""
                add("prose", names, s, e, ". ".join(p for p in (prefix, clean_inline(text[s:e])) if p), lead=head)

    run: list[Block] = []
    run_names: list[str] = []
    run_lead, previous = "", None
    for kind, names, payload in elements:
        if kind in {"prose", "list"} and names == run_names and run and (
                (kind == "list") == bool(LIST_ITEM.match(run[0].text))
                # "and" / "or" on a line of its own between the items of one list keeps the list whole
                or (kind == "prose" and LIST_ITEM.match(run[0].text) and is_connector(payload.text))):
            run.append(payload)
            previous = (kind, names, payload)
            continue
        if (kind == "list" and run and names == run_names and not LIST_ITEM.match(run[0].text) and runs_on(run[-1].text)
                and len(payload.lines) == 1):
            # A sentence that runs on into the one item under it ("taken as" / "- two tablets") stays whole.
            run.append(payload)
            previous = (kind, names, payload)
            continue
        flush_prose(run, run_names, run_lead)
        run, run_names, run_lead = [], names, ""
        if kind == "list" and previous and previous[0] == "prose" and previous[1] == names:
            run_lead = lead_in(previous[2].text)
        previous = (kind, names, payload)
        if kind in {"prose", "list"}:
            run = [payload]
        elif kind == "metadata":
            block, fields = payload
            cells = [Cell(key, s, e) for key, s, e in fields]
            search = "Document information. " + "; ".join(f"{c.header}: {clean_inline(text[c.start:c.end])}" for c in cells)
            # Consecutive front-matter blocks form one metadata record.
            if chunks and chunks[-1].kind == "metadata" and chunks[-1].section == " > ".join(names):
                prev = chunks.pop()
                cells = list(prev.cells) + cells
                search = "Document information. " + "; ".join(f"{c.header}: {clean_inline(text[c.start:c.end])}" for c in cells)
                add("metadata", names, prev.start, block.end, search, cells)
            else:
                add("metadata", names, block.start, block.end, search, cells)
        elif kind == "table":
            table: _Table = payload
            # The rows under a group's label are read with it: "<60%" is the LVEF <60% subgroup.
            for row, group in zip(table.rows, row_groups(text, table.rows)):
                spans = [(s, e) for s, e in row if e > s]
                if not spans:
                    continue
                headers = table.header + [unnamed_column(k + 1) for k in range(len(table.header), len(row))]
                cells = [Cell(headers[k], s, e) for k, (s, e) in enumerate(row) if e > s]
                search = "; ".join(f"{c.header}: {clean_inline(text[c.start:c.end])}" for c in cells)
                add("table_row", names, spans[0][0], spans[-1][1], f"{group}. {search}" if group else search,
                    cells, table.title, lead=group)
    flush_prose(run, run_names, run_lead)
    return chunks, parser.skipped


def _header_continued(header: list[str], line: list[str]) -> list[str] | None:
    """A header whose columns share a name ("<arm> | <drug> | <drug>") is not whole when the line under it
    names those apart ("<strength 1> | <strength 2>") and leaves every column named once blank, as a
    header's second line does and a row of results, which fills them, does not. The merged header, or None."""
    header = ["" if is_unnamed_column(h) else h for h in header]  # ("Column 1": a layout's name for an unnamed one)
    named = [h for h in header if h]
    if len(line) == len(header) + 1:
        header = ["", *header]  # (its first column, the rows' labels, unnamed and dropped with its empty cell)
    if len(set(named)) == len(named) or len(line) != len(header):
        return None
    shared = {h for h in named if named.count(h) > 1}
    if any(c for h, c in zip(header, line) if h and h not in shared):
        return None
    merged = [f"{h} {c}".strip() for h, c in zip(header, line)]
    under = [c for h, c in zip(header, line) if h in shared]
    # (Bare figures under them, "12 | 5.1", are a row's.)
    if not all(re.search(r"[A-Za-z]", c) for c in under) or len({m for h, m in zip(header, merged) if h in shared}) < len(under):
        return None
    return merged
