"""The records that cross module lines: documents, chunks, citations, answers."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Document:
    """A parsed document. `text` is what every offset in the index points into."""

    source: str  # absolute path of the file
    title: str
    text: str
    sha256: str  # of the file's bytes
    format: str  # txt | md | html | pdf | docx
    # What the parser saw, for the ingest report (not stored with the index).
    pages: int = 0
    table_rows: int = 0  # rows the parser read from the file's tables
    warnings: tuple[str, ...] = ()
    kept_out: tuple[tuple[str, int], ...] = ()  # (why, how many blocks) the parser left out


@dataclass(frozen=True)
class Cell:
    """One table cell (or metadata value): `header` names its column, [start, end) its text."""

    header: str
    start: int
    end: int


def unnamed_column(k: int) -> str:
    """The header of the k-th column (1-based) of a table that names none."""
    return f"Column {k}"


def is_unnamed_column(header: str) -> bool:
    return re.fullmatch(r"Column \d+", header) is not None


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    title: str
    section: str  # heading path, " > " separated
    kind: str  # prose | table_row | metadata | reference (an entry of a reference list, read when asked for)
    start: int
    end: int
    text: str  # verbatim: document.text[start:end]
    search_text: str  # what is embedded and matched lexically: text plus its headings, cleaned
    content_hash: str
    cells: tuple[Cell, ...] = ()
    table: str = ""  # table title for table rows
    lead: str = ""  # head line of the list record the chunk belongs to ("Study Name: <trial>")
    units: tuple[tuple[int, int], ...] = ()  # absolute spans of the statements an answer can quote
    subject: str = ""  # the drug the whole document is about, when its title names none

    @property
    def heading(self) -> str:
        """The innermost heading of its section path ("" when it has none)."""
        return self.section.split(" > ")[-1]

    def shares_columns(self, other: Chunk) -> bool:
        """Another chunk of the same document, section and column headers: with a row, a row of its table."""
        return (other.source == self.source and other.section == self.section
                and [c.header for c in other.cells] == [c.header for c in self.cells])

    def text_at(self, start: int, end: int) -> str:
        """The chunk's text between two offsets of its document (a cell, a unit, a quote)."""
        return self.text[start - self.start : end - self.start]

    def metadata(self) -> dict:
        """Flat metadata for the vector store (scalars only)."""
        return {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "content_hash": self.content_hash,
        }


@dataclass
class Passage:
    """A retrieved chunk with the scores that got it there."""

    chunk: Chunk
    score: float  # the final ranking score (reranker if used, else fused)
    dense_rank: int | None = None
    lexical_rank: int | None = None
    fused: float = 0.0
    rerank: float | None = None


@dataclass
class Citation:
    n: int
    source: str
    title: str
    section: str
    quote: str  # verbatim: document text[start:end]
    start: int
    end: int
    score: float
    chunk_id: str = ""
    context: str = ""  # the verbatim passage the quote sits in (for display)
    context_start: int = 0
    # The exact spans (absolute offsets, inside start..end) the answer stands on: a table row's label
    # and the cells it reads, one marker for the row. Empty: the whole quote.
    marks: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.marks or ((self.start, self.end),)


_INTERNAL = {"chunk_id", "context", "context_start"}


@dataclass
class SentenceCheck:
    """The verifier's finding on one sentence of an answer."""

    text: str  # the sentence as written (markers included)
    citations: list[int]  # the [n] it carries, in the answer's final numbering
    supported: bool  # kept in the answer; False means it was removed
    support: float  # 0..1: how well its cited passages back it
    issues: list[str] = field(default_factory=list)  # why it is not supported, in words
    citation_support: list[float] = field(default_factory=list)  # per citation, alone
    numbers: int = 0  # numbers/identifiers the sentence states
    numbers_supported: int = 0  # of those, how many its cited passages state
    citations_removed: int = 0  # markers removed because their passage did not support the sentence


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    # In the order of the JSON contract (to_json).
    citations: list[Citation] = field(default_factory=list)
    mode: str = "extractive"  # extractive | llm: what wrote the answer
    interpreted_as: str = ""  # the stand-alone question a follow-up was resolved to
    sentences: list[SentenceCheck] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)  # the passages considered, best first (also when abstaining)
    caveats: list[str] = field(default_factory=list)  # about the cited documents themselves
    notice: str = ""  # e.g. why the configured LLM was not used
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [
                {k: v for k, v in asdict(c).items() if k not in _INTERNAL} for c in self.citations
            ],
            "mode": self.mode,
            "interpreted_as": self.interpreted_as or self.question,
            "sentences": [asdict(s) for s in self.sentences],
            "related": [
                {k: getattr(c, k) for k in ("source", "section", "quote", "start", "end", "score")} for c in self.related
            ],
            "caveats": list(self.caveats),
            "notice": self.notice,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class Finding:
    """Something in a document that answers citing it must warn about, found at ingest
    (app/ingest/untrusted.py): instruction-like text, or one of two conflicting values."""

    kind: str  # instruction | conflict
    start: int  # the sentence, in the document's text
    end: int
    excerpt: str
    detail: str = ""  # what matched; for a conflict, the quantity and both values
    other_start: int = -1  # a conflict: the other statement
    other_end: int = -1
