"""Lists: records within a list, and the lead-in line a list hangs from."""

from __future__ import annotations

import re

from app.ingest.units import as_lead, clean_inline, trim_span

_LIST_LABEL = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+\*\*([^*\n]{1,60}?):?\*\*")


def lead_in(text: str) -> str:
    """The lead-in a list hangs from: the last sentence of the prose block just before it, when that
    sentence ends with ':' ("These include:"), or the block when it is one label line (`as_lead`), as
    readable text; else ""."""
    body = clean_inline(text)
    if not body.endswith(":"):
        return as_lead(text)
    last = re.split(r"(?<=[.!?])\s+(?=[A-Z])", body)[-1]
    return last if len(last) <= 200 else last[-200:]


def list_groups(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split a list into records when a bold label repeats ("- **Study Name:** A ... - **Study Name:** B"),
    so each record is chunked with its head line as context. Returns (start, end, head) spans."""
    items = [m for m in re.finditer(r"(?m)^[^\S\n]*(?:[-*•]|\d{1,3}[.)])\s+.*$", text[start:end])]
    labels = [(_LIST_LABEL.match(m.group(0)), m) for m in items]
    first = next((lab.group(1).strip().lower() for lab, _ in labels if lab), None)
    heads = [m for lab, m in labels if lab and lab.group(1).strip().lower() == first]
    if first is None or len(heads) < 2:
        return [(start, end, "")]
    groups = []
    bounds = [start + m.start() for m in heads] + [end]
    if bounds[0] > start:
        groups.append((start, bounds[0], ""))
    for m, (s, e) in zip(heads, zip(bounds, bounds[1:])):
        groups.append((*trim_span(text, s, e), clean_inline(m.group(0))))
    return groups
