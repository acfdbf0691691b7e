"""Markdown pipe tables: the cells of a row, and rows split out of a table flattened onto one line.
Plain-text tables laid out in columns of spaces, with or without a rule of dashes under the header row."""

from __future__ import annotations

import re

from app.ingest.units import trim_span

SEPARATOR_LINE = re.compile(r"^[\s|:\-–—=+]*$")


def split_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans between consecutive '|' in text[start:end] (not trimmed)."""
    pipes = [i for i in range(start, end) if text[i] == "|"]
    return [(a + 1, b) for a, b in zip(pipes, pipes[1:])]


def pipe_rows(text: str, start: int, end: int, ncols: int) -> list[list[tuple[int, int]]]:
    """Rows of a pipe table whose column count is known. A blank cell after a full row is a row
    boundary: that is how "| a | b | | c | d |" (a table flattened onto one line) splits into rows."""
    rows: list[list[tuple[int, int]]] = []
    row: list[tuple[int, int]] = []
    for s, e in split_cells(text, start, end):
        blank = not text[s:e].strip()
        if len(row) == ncols:
            rows.append(row)
            row = []
            if blank:
                continue
        row.append(trim_span(text, s, e))
    if row and any(e > s for s, e in row):
        rows.append(row + [(row[-1][1], row[-1][1])] * (ncols - len(row)))
    return rows


def is_separator_row(text: str, cells: list[tuple[int, int]]) -> bool:
    return all(SEPARATOR_LINE.match(text[s:e]) for s, e in cells)


_RULE_LINE = re.compile(r"\s*-{3,}(?:\s{2,}-{3,})+\s*")
# One unbroken rule under the whole header: the header's cells say where the columns start.
_SOLID_RULE = re.compile(r"\s*-{20,}\s*")
_RULE = re.compile(r"-{3,}")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]|[-*•–·]")


def cell_starts(line: str) -> list[int]:
    """Where a line's cells start: its first character and each one after a gap of two spaces or a tab."""
    first = len(line) - len(line.lstrip())
    return [i for i, ch in enumerate(line) if not ch.isspace() and (i == first or line[i - 2:i] == "  " or line[i - 1] == "\t")]


def _aligned_columns(lines: list[str]) -> list[int] | None:
    """Column starts of a table laid out without a rule: every line breaks, at gaps of two or more spaces,
    into cells starting at the header's columns (a row may leave a later cell empty), at least two columns
    and two rows, most rows filling every column. A block of "Label:   value" or "1.  Step" lines is a list."""
    if len(lines) < 3 or any(not line.strip() for line in lines):
        return None
    cols = cell_starts(lines[0])
    rows = [cell_starts(line) for line in lines[1:]]
    if len(cols) < 2 or any(not r or r[0] != cols[0] or not set(r) <= set(cols) for r in rows):
        return None
    if 3 * sum(r == cols for r in rows) < 2 * len(rows):
        return None
    # A header names its columns: a first line with a figure in its first cell or a cell led by one
    # ("Weight 40 to 59 kg   600 mg") is the first row of a table without one.
    head_cells = [lines[0][a:b].strip() for a, b in zip(cols, [*cols[1:], len(lines[0])])]
    if re.search(r"\d", head_cells[0]) or any(cell[:1].isdigit() for cell in head_cells):
        return None
    # Text where a column starts that is not a cell of its own is a wrapped line cut at the column.
    if any(c < len(line.rstrip()) and not line[c].isspace() and c not in r for line, r in zip(lines[1:], rows) for c in cols):
        return None
    first_cells = [line[cols[0]:cols[1]].strip() for line in lines]
    if all(cell.endswith(":") or _LIST_MARKER.fullmatch(cell) for cell in first_cells):
        return None
    return cols


def fixed_width_table(text: str, start: int, end: int) -> tuple[list[str], list[list[tuple[int, int]]]] | None:
    """A plain-text table laid out in columns: the header's cell texts and each row's cell spans. A rule of
    dashes under the header row ("Weight band   Dose" / "-----------   ----" / "8 to 14.9 kg  2 mg") marks
    where each column starts; without one, the header's cells do, every row keeping to them. None unless
    every row's text keeps to the columns."""
    lines, pos = [], start
    for line in text[start:end].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    rule, cols = header_rule(text[start:end])
    if rule:
        head = lines[:rule]
        body = [(at, line) for at, line in lines[rule + 1:] if line.strip() and not _CLOSING_RULE.fullmatch(line)]
    else:
        cols = _aligned_columns([line for _, line in lines])
        head = lines[:1]
        body = [(at, line) for at, line in lines[1:] if line.strip()]
    if not cols:
        return None
    if any(c < len(line) and not line[c - 1].isspace() for _, line in [*head, *body] for c in cols[1:]):
        return None  # a cell running across a column's start: not laid out in these columns

    def cells(at: int, line: str) -> list[tuple[int, int]]:
        bounds = [*cols, len(line)]
        return [trim_span(text, at + min(a, len(line)), at + min(b, len(line))) for a, b in zip(bounds, bounds[1:])]

    rows = [cells(at, line) for at, line in body]
    if any(row[0][0] == row[0][1] for row in rows):
        return None  # a line with nothing in the first column continues a wrapped cell: not one row per line
    # A header set on two or three lines above the rule ("Drug" over "(route)") names each column by its lines' cells.
    names = [" ".join(text[s:e] for s, e in column if e > s) for column in zip(*(cells(at, line) for at, line in head))]
    return names, rows


# A rule of dashes closing a table's rows; what follows it (a key to abbreviations, a note) is not a row.
_CLOSING_RULE = re.compile(r"\s*-{3,}[\s-]*")


def header_rule(block: str) -> tuple[int, list[int]]:
    """The line of a column rule under a table's header of one to three lines, with where its columns start,
    or (0, []) if there is none: a rule of dashes per column, or one unbroken rule under a header of two
    columns or more."""
    lines = block.split("\n")
    for i in (1, 2, 3):
        if i + 1 < len(lines) and all(line.strip() for line in lines[:i]) and (
                _RULE_LINE.fullmatch(lines[i]) or _SOLID_RULE.fullmatch(lines[i])):
            cols = rule_columns(lines, i)
            if cols:
                return i, cols
    return 0, []


def rule_columns(lines: list[str], rule: int) -> list[int]:
    """Where a table's columns start: at each rule of dashes, or under an unbroken rule at the cells of the
    header's lines ("Outcome   Drug       Placebo" over "          (N=1209)   (N=1209)")."""
    if _RULE_LINE.fullmatch(lines[rule]):
        return [m.start() for m in _RULE.finditer(lines[rule])]
    first = cell_starts(lines[0])
    cols = sorted({c for line in lines[:rule] for c in cell_starts(line)})
    if len(first) < 2 or cols[0] != first[0] or lines[0].rstrip().endswith("."):
        return []
    # Rows keep to the header's columns: most lines under the rule start a cell at one of them past the
    # first (a heading "4.2  Renal impairment" over a paragraph is no table).
    body = [line for line in lines[rule + 1:] if line.strip() and not _CLOSING_RULE.fullmatch(line)][:6]
    keep = [line for line in body if set(cell_starts(line)) & set(cols[1:])]
    return cols if body and 3 * len(keep) >= 2 * len(body) else []


def table_end(block: str) -> int:
    """Where a table under a column rule ends inside a block: after the rule of dashes closing its rows,
    when text follows it that is no row of the table (a key or a note set on the next line; a rule between
    groups of rows is followed by a row); else the block's length."""
    lines = block.split("\n")
    rule, cols = header_rule(block)
    if not rule:
        return len(block)
    pos = 0
    for i, line in enumerate(lines):
        pos += len(line) + 1
        if i > rule + 1 and _CLOSING_RULE.fullmatch(line):
            after = next((ln for ln in lines[i + 1:] if ln.strip()), None)
            if after is not None and not _fits(after, cols):
                return pos - 1
    return len(block)


def _fits(line: str, cols: list[int]) -> bool:
    """A line laid out in the columns: a cell at the first, nothing running across another's start."""
    return (not _CLOSING_RULE.fullmatch(line) and not line[cols[0]:cols[0] + 1].isspace()
            and all(c >= len(line) or line[c - 1].isspace() for c in cols[1:]) and len(cell_starts(line)) >= 2)


# A cell that reads as a value, not a label: a percentage or a confidence interval.
_VALUE_CELL = re.compile(r"\d\s*%|\bCI\b|^[\d.,\s()–-]+$")
# A cell giving only a group's size: "n = 120", "(N=98)"; a label naming a population, not an event.
_SIZE_CELL = re.compile(r"\(?\s*[nN]\s*=\s*\d[\d,]*\s*\)?")
_POPULATION = re.compile(r"\b(?:population|cohort|set|itt|intention|per[- ]protocol|overall|all|patients|participants|"
                         r"subjects|subgroup|arm|group|analysis|randomi[sz]ed|treated|enrolled)\b", re.I)


def _sizes_row(text: str, row: list[tuple[int, int]]) -> bool:
    """A population's label with only its sizes beside it ("Overall population  n = 120  n = 118")."""
    filled = [(s, e) for s, e in row if e > s]
    return (len(filled) >= 2 and filled[0] == row[0] and bool(_POPULATION.search(text[row[0][0]:row[0][1]]))
            and all(_SIZE_CELL.fullmatch(text[s:e].strip()) for s, e in filled[1:]))


def _indent(text: str, pos: int) -> int:
    """The blanks before a cell's text (spaces, tabs, no-break spaces), back to its line's start or border."""
    at = pos
    while at > 0 and text[at - 1].isspace() and text[at - 1] != "\n":
        at -= 1
    return pos - at


def row_groups(text: str, rows: list[list[tuple[int, int]]]) -> list[str]:
    """Each row's group labels, or "": a row of its own with a first cell of a few words and nothing else
    ("LVEF" over "  <60%", "Age" over "  <65 years") labels the rows under it that are indented past it,
    up to the first that is not; a label within a group nests ("Age, Men"). Only the indent shows a row
    belongs to the group ("Type of admission" over its kinds, then "Duration of stay" of every patient),
    so a table that sets none groups nothing. A line cut from a wrapped cell starts in lower case or ends
    a sentence; a figure ("60mg/0.6mL") is a value, not a label. A population's label with only its sizes
    beside it ("Overall population  n = 120  n = 118") heads the rows under it up to the next such label,
    indent or none, where the table has two or more of them."""
    groups: list[str] = []
    open_: list[tuple[str, int]] = []  # the labels over the current row, outermost first, with their indents
    cohort = ""  # the population a row of sizes heads, up to the next ("Overall population  n = 120  n = 118")
    # (Two such rows or more: one alone may be a count of events, "Deaths  n = 3  n = 5", and no population.)
    cohorts = {n for n, row in enumerate(rows) if _sizes_row(text, row)}
    cohorts = cohorts if len(cohorts) >= 2 else set()
    for n, row in enumerate(rows):
        filled = [(s, e) for s, e in row if e > s]
        label = " ".join(text[row[0][0]:row[0][1]].split()).rstrip(" :") if row else ""
        if not filled:
            groups.append(", ".join(label for label, _ in open_))
            continue
        if n in cohorts:
            cohort, open_ = label, []
            groups.append("")
            continue
        indent = _indent(text, filled[0][0])
        if filled[0] != row[0]:
            open_ = []  # a row with no first cell goes on with no label
        while open_ and indent <= open_[-1][1]:
            open_.pop()
        groups.append(", ".join(x for x in [cohort, *(label for label, _ in open_)] if x))
        if len(row) >= 3 and len(filled) == 1 and filled[0] == row[0]:
            below = next((r for r in rows[n + 1:] if any(e > s for s, e in r)), None)
            under = (below is not None and below[0][1] > below[0][0] and sum(e > s for s, e in below) >= 2
                     and _indent(text, below[0][0]) > indent and not text[below[0][0]].islower())
            plain = (label and not label[0].islower() and not label[0].isdigit() and not label.endswith((".", ",", ";"))
                     and len(label.split()) <= 8 and not _VALUE_CELL.search(label))
            if under and plain:
                open_.append((label, indent))
    return groups
