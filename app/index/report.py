"""What an ingest did, per run and per file: the record `cds ingest` prints (and `--json` emits)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class FileReport:
    """One indexed file: what the parser saw and what went into the index."""

    source: str
    format: str
    status: str  # added | updated
    pages: int = 0  # 0 for formats without pages
    chunks: int = 0
    table_rows: int = 0
    kept_out: dict[str, int] = field(default_factory=dict)  # why -> blocks left out of answers
    warnings: list[str] = field(default_factory=list)  # e.g. "page 12: no extractable text — scanned?"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    kept_out: dict[str, int] = field(default_factory=dict)
    files: list[FileReport] = field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0
    flagged: list[str] = field(default_factory=list)  # untrusted content found (app/ingest/untrusted.py)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

    def add_file(self, file: FileReport) -> None:
        self.files.append(file)
        for k, n in file.kept_out.items():
            self.kept_out[k] = self.kept_out.get(k, 0) + n

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged",
            f"{len(self.removed)} removed", f"{len(self.failed)} skipped",
        ]
        lines = [f"Ingest: {', '.join(parts)}; {self.chunks_embedded} chunks embedded in {self.seconds:.1f}s."]
        for f in self.files:
            pages = f"{f.pages} page{'s' if f.pages != 1 else ''}, " if f.pages else ""
            out = ", ".join(f"{n} {why}" for why, n in sorted(f.kept_out.items()) if n and why != "boilerplate")
            lines.append(f"  {Path(f.source).name}: {pages}{f.chunks} chunks, {f.table_rows} table rows"
                         + (f"; kept out: {out}" if out else ""))
            lines += [f"    warning: {w}" for w in f.warnings]
        if any(self.kept_out.values()):
            lines.append("Kept out of answers: " + ", ".join(
                f"{n} {k} blocks" for k, n in sorted(self.kept_out.items()) if n and k != "boilerplate"))
        lines += [f"Skipped {path}: {reason}" for path, reason in self.failed]
        lines += self.flagged
        return "\n".join(lines)

    def to_json(self) -> dict:
        out = asdict(self)
        out["failed"] = [{"path": p, "reason": r} for p, r in self.failed]
        out["seconds"] = round(self.seconds, 2)
        return out
