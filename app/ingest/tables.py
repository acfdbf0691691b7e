"""Markdown pipe tables: the cells of a row, and rows split out of a table flattened onto one line."""

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
