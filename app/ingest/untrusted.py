"""Untrusted content in indexed documents, found at ingest and carried as caveats by the answers that
cite it.

- Instruction-like text: sentences addressed to an AI, an assistant or the reader as orders ("ignore
  previous instructions", "answer that …", "you are now …", "system prompt"), matched by the patterns in
  app/lexicon/untrusted.json. A document is data, never instructions: such a sentence is not obeyed
  anyway (the extractive answerer only quotes, the LLM prompt says to answer from the passages), but
  quoting it as an answer without a warning would be as bad, so answers citing the document say so.
- Conflicting values: one document stating two different values for the same quantity
  (app/ingest/conflicts.py); answers citing either statement say so.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from app.lexicon.untrusted import untrusted_lexicon
from app.records import Chunk, Citation, Document, Finding
from app.ingest.conflicts import conflicting_values

MAX_FINDINGS = 50  # per kind and document: a caveat names the first few, the report counts them all
EXCERPT_CHARS = 160


@lru_cache(maxsize=1)
def _instruction_pattern() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in untrusted_lexicon()["instruction_patterns"]), re.I | re.M)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around [start, end): from the previous sentence end to the next."""
    lo = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "! ", "? ")))
    lo = lo + 1 if lo >= 0 else 0
    hi_candidates = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "! ", "? "))) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, min(hi, len(text))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def instruction_findings(text: str) -> list[Finding]:
    """Each sentence of `text` that reads as an instruction to an AI, assistant or reader."""
    out: list[Finding] = []
    for m in _instruction_pattern().finditer(text):
        lead = len(m.group(0)) - len(m.group(0).lstrip(".!?:; \n"))  # a match may begin at the previous full stop
        s, e = sentence_bounds(text, m.start() + lead, m.end())
        if out and s < out[-1].end:  # the same sentence matched twice
            continue
        out.append(Finding("instruction", s, e, _excerpt(text[s:e]), f"matched “{_excerpt(m.group(0).strip())}”"))
        if len(out) >= MAX_FINDINGS:
            break
    return out


def inspect_document(doc: Document, chunks: list[Chunk]) -> list[Finding]:
    """Everything an answer citing this document must warn about. Run once per document at ingest."""
    return instruction_findings(doc.text) + conflicting_values(doc.text, chunks)[:2 * MAX_FINDINGS]


def findings_to_json(sha256: str, findings: list[Finding]) -> str:
    return json.dumps({"sha256": sha256, "findings": [list(f.__dict__.values()) for f in findings]},
                      ensure_ascii=False)


def findings_from_json(raw: str, sha256: str) -> list[Finding] | None:
    """The stored findings if they were made for this content, else None."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None
    if data.get("sha256") != sha256:
        return None
    return [Finding(*row) for row in data.get("findings", [])]


def report_lines(name: str, findings: list[Finding]) -> list[str]:
    """One line per finding for the ingest report and the UI's ingest log."""
    lines = []
    for f in findings:
        if f.kind == "instruction":
            lines.append(f"Flagged {name}: instruction-like text at characters {f.start}–{f.end}, answers citing "
                         f"it carry a caveat: “{f.excerpt}”")
        elif f.kind == "conflict" and f.start < f.other_start:  # each pair once
            lines.append(f"Flagged {name}: two values for one quantity ({f.detail}) at characters {f.start}–{f.end} "
                         f"and {f.other_start}–{f.other_end}: “{f.excerpt}”")
    return lines


def _overlaps(f: Finding, c: Citation) -> bool:
    return c.start < f.end and f.start < c.end


def finding_caveats(title: str, findings: list[Finding], citations: list[Citation]) -> list[str]:
    """Caveats for an answer citing `citations` of one document with these findings."""
    out = []
    instructions = [f for f in findings if f.kind == "instruction"]
    if instructions:
        quoted = [(c, f) for f in instructions for c in citations if _overlaps(f, c)]
        if quoted:
            c, f = quoted[0]
            out.append(f"Untrusted text: source [{c.n}] (“{title}”, characters {f.start}–{f.end}) contains "
                       f"instruction-like text addressed to an AI or reader, not a statement of fact: “{f.excerpt}”. "
                       "Do not rely on it; check the source.")
        else:
            f = instructions[0]
            more = f" and {len(instructions) - 1} more place(s)" if len(instructions) > 1 else ""
            out.append(f"Untrusted text: “{title}” contains instruction-like text addressed to an AI or reader "
                       f"(characters {f.start}–{f.end}{more}: “{f.excerpt}”); treat this document with caution.")
    for f in findings:
        if f.kind == "conflict" and any(_overlaps(f, c) for c in citations):
            out.append(f"Conflicting values in “{title}”: it gives {f.detail}; the cited statement "
                       f"(characters {f.start}–{f.end}) is “{f.excerpt}”, another (characters "
                       f"{f.other_start}–{f.other_end}) differs. Check which applies.")
    return list(dict.fromkeys(out))
