"""`cds bench ingest DIR`: how fast each format is parsed and chunked, and what each file yields
(pages, chunks, table rows, blocks kept out). Embedding is left out: its pace is the encoder's, the
same for every format (see the scale bench)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.ingest.chunking import chunk_document
from app.ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document


@dataclass
class FileFigures:
    name: str
    format: str
    pages: int
    chunks: int
    table_rows: int
    seconds: float
    cpu_seconds: float = 0.0  # this process's CPU time: steadier than wall time on a shared machine
    kept_out: dict[str, int] = field(default_factory=dict)
    error: str = ""


def run_ingest_bench(folder: Path, chunk_size: int = 900, chunk_overlap: int = 120) -> list[FileFigures]:
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            doc = load_document(path)
            chunks, kept = chunk_document(doc, chunk_size, chunk_overlap)
        except LoadError as exc:
            rows.append(FileFigures(path.name, SUPPORTED_SUFFIXES[path.suffix.lower()], 0, 0, 0, 0.0, error=str(exc)))
            continue
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        kept_out = {k: n for k, n in [*doc.kept_out, *kept.items()] if n and k != "boilerplate"}
        rows.append(FileFigures(path.name, doc.format, doc.pages, len(chunks),
                                sum(c.kind == "table_row" for c in chunks), seconds, cpu, kept_out))
    return rows


def by_format(rows: list[FileFigures]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in rows:
        f = out.setdefault(r.format, {"files": 0, "pages": 0, "chunks": 0, "seconds": 0.0, "cpu_seconds": 0.0})
        f["files"] += 1
        f["pages"] += r.pages
        f["chunks"] += r.chunks
        f["seconds"] += r.seconds
        f["cpu_seconds"] += r.cpu_seconds
    for f in out.values():
        for clock in ("seconds", "cpu_seconds"):
            per = "" if clock == "seconds" else "_cpu"
            f[f"pages_per_s{per}"] = round(f["pages"] / f[clock], 1) if f["pages"] and f[clock] else None
            f[f"chunks_per_s{per}"] = round(f["chunks"] / f[clock], 1) if f[clock] else None
            f[clock] = round(f[clock], 2)
    return out


def to_json(rows: list[FileFigures]) -> dict:
    return {"files": [asdict(r) for r in rows], "by_format": by_format(rows)}


def render(rows: list[FileFigures]) -> str:
    lines = ["| document | kind | pages | chunks | table rows | seconds | kept out |", "|---|---|---:|---:|---:|---:|---|"]
    for r in rows:
        kept = ", ".join(f"{n} {k}" for k, n in sorted(r.kept_out.items()))
        lines.append(f"| {r.name} | {r.format} | {r.pages or '-'} | {r.chunks} | {r.table_rows} | {r.seconds:.2f} | "
                     f"{r.error or kept} |")
    lines += ["", "| format | files | pages | chunks | wall s | pages/s | chunks/s | CPU s | pages/CPU-s | chunks/CPU-s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for fmt, f in sorted(by_format(rows).items()):
        lines.append(f"| {fmt} | {f['files']} | {f['pages'] or '-'} | {f['chunks']} | {f['seconds']} | "
                     f"{f['pages_per_s'] or '-'} | {f['chunks_per_s']} | {f['cpu_seconds']} | "
                     f"{f['pages_per_s_cpu'] or '-'} | {f['chunks_per_s_cpu']} |")
    return "\n".join(lines)
