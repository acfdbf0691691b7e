"""Loading and parsing: a file on disk -> a Document whose `text` all offsets point into.

For .txt and .md the text is the file as Python reads it (UTF-8, universal newlines),
so `open(source, encoding="utf-8").read()[start:end] == quote` holds for every citation.
HTML and PDF are converted to plain text once; that text is kept in the index's docstore
and is what their offsets point into.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from app.ingest.layout import ExtractedText
from app.records import Document

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf",
                      ".docx": "docx"}


class LoadError(Exception):
    """A file that cannot be indexed; the message says why, for the user."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise LoadError("looks like binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from None
    # Universal newlines, exactly as open(..., encoding="utf-8").read() returns the text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# A journal's running header ("Vol. 41, No. 7, 2026", "doi:10.…"), its kind of article ("Original article",
# "Open access") or dates ("Received 3 May 2024"), a notice on printed copies, or a rule of "=" is no
# document's title.
_MASTHEAD = re.compile(r"\bdoi:|\bvol\.\s*\d|\bno\.\s*\d+,\s*(?:19|20)\d\d\b|^[\W_]+$|^open access\b"
                       r"|\b(?:19|20)\d\d\s*;\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:\s*[A-Za-z]?\d+"  # "2025; 14(3): 211"
                       r"|^(?:original|research|review)\s+(?:article|paper|research)\s*(?:$|[·|•]|\b(?:received|accepted|published)\b)"
                       r"|\b(?:received|accepted|published)\b\W+\d{1,2}\s+[a-z]+\.?\s+(?:19|20)\d\d\b"
                       r"|\bif (?:this )?document is printed\b|\b(?:uncontrolled|not controlled) (?:when|if) printed\b", re.I)


# A line naming only the kind of document ("Clinical guideline", "Hospital policy"), over the heading that names the document
# (not over one naming a part of it: "Contents", "Scope").
_PART = re.compile(r"(?:table of )?contents|scope|purpose|introduction|overview|background|summary|version\b|document control", re.I)
_KIND_ONLY = re.compile(r"(?:(?:trust|clinical|hospital|guidelines?|protocol|policy|procedure|standard operating procedure|sop)\s*)+", re.I)


def _first_line_title(text: str, fallback: str) -> str:
    """The first line that reads as a title, with the line it wraps onto ("… Preserved Ejection" /
    "Fraction: the <trial> Randomised Clinical Trial") when the two end its paragraph."""
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = raw.split("\t")[0].strip().lstrip("#").strip().strip("*").strip()
        if not line or _MASTHEAD.search(line):
            continue
        if len(line) > 250 or len(line) > 160 and re.search(r"[.!?](?:\s|$)", line):
            return fallback  # a paragraph; a trial's title may run long, but ends no sentence
        heading = next((h.strip().lstrip("#").strip() for h in lines[i + 1:i + 4] if h.strip()), "")
        if _KIND_ONLY.fullmatch(line) and heading and not heading[0].isdigit() and not _PART.match(heading) \
                and any(h.lstrip().startswith("#") for h in lines[i + 1:i + 4] if h.strip()) and len(heading) <= 160:
            return heading  # "Clinical guideline" over the guideline's own name
        rest = lines[i + 1:i + 3]
        if len(rest) == 2 and rest[0].strip() and not rest[1].strip() and not _MASTHEAD.search(rest[0]) \
                and "http" not in rest[0] \
                and not re.search(r"[.:;!?]$", line) and len(line) + len(rest[0].strip()) <= 200:
            return f"{line} {rest[0].strip()}"
        return line
    return fallback


def _load_pdf(data: bytes) -> ExtractedText:
    from app.ingest.pdf import PdfError, extract_pdf

    try:
        return extract_pdf(data)
    except PdfError as exc:
        raise LoadError(str(exc)) from None


def _load_docx(data: bytes, fallback: str) -> ExtractedText:
    import zipfile

    from app.ingest.word import extract_docx

    if not data.startswith(b"PK"):
        raise LoadError("is not a Word .docx file (not a zip package)")
    try:
        return extract_docx(data, fallback)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"is not a readable Word document ({exc.__class__.__name__})") from None
    except Exception as exc:  # python-docx's own errors (a package without a document part)
        if exc.__class__.__module__.startswith("docx"):
            raise LoadError(f"is not a readable Word document ({exc})") from None
        raise


def load_document(path: Path, max_bytes: int = 50 * 1024 * 1024) -> Document:
    """Read and parse one file. Raises LoadError with a user-facing reason."""
    suffix = path.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise LoadError(f"has an unsupported type {suffix or '(none)'}; supported: .txt .md .html .pdf .docx")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError("disappeared before it could be read") from None
    except PermissionError:
        raise LoadError("cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except OSError as exc:
        raise LoadError(f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise LoadError("is empty")

    fallback = path.stem.replace("_", " ").replace("-", " ")
    extra: dict = {}
    if fmt in {"txt", "md"}:
        text = _decode_text(data)
        title = _first_line_title(text, fallback)
    else:
        if fmt == "html":
            from app.ingest.html import extract_html

            parsed = extract_html(data, fallback)
        elif fmt == "docx":
            parsed = _load_docx(data, fallback)
        else:
            if not data.startswith(b"%PDF"):
                raise LoadError("is not a PDF (no %PDF header)")
            parsed = _load_pdf(data)
        text, title = parsed.text, parsed.title or _first_line_title(parsed.text, fallback)
        extra = {"pages": parsed.pages, "warnings": tuple(parsed.warnings), "kept_out": tuple(parsed.kept_out.items()),
                 "table_rows": parsed.table_rows}
    if not text.strip():
        raise LoadError("has no extractable text" + (" (a scanned PDF needs OCR first)" if fmt == "pdf" else ""))
    return Document(source=str(path.resolve()), title=title, text=text, sha256=sha256_bytes(data), format=fmt, **extra)
