"""`cds bench evidence`: do yes/no research questions get answered with the evidence (the RESULTS of
the abstract) rather than the sentence that restates the question (BACKGROUND/OBJECTIVE)?

PubMedQA dev (../shared/bench/pubmedqa: corpus.jsonl with labelled sections, answers-dev.jsonl with
the experts' yes/no/maybe and conclusion). The first N dev questions whose decision is yes or no have
their abstracts written as files and indexed as a user would; each question is asked, and every
citation is placed in the abstract section its offsets fall in. Off-corpus questions (further dev
questions whose abstracts are not indexed) must abstain. Dev split only: the other PQA-L questions
are held out and never read here."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.bench.retrieval import file_name, read_jsonl

_LABEL = re.compile(r"(?:^|(?<=[\s.]))([A-Z][A-Z &/-]{2,40}):\s")
RESULT_SECTIONS = ("RESULT", "FINDING", "OUTCOME")


@dataclass
class EvidenceCase:
    id: str
    question: str
    decision: str
    abstained: bool
    sections: list[str] = field(default_factory=list)  # section of each citation
    answer: str = ""

    @property
    def cites_results(self) -> bool:
        return any(s.startswith(RESULT_SECTIONS) for s in self.sections)


def section_at(text: str, offset: int) -> str:
    """The labelled abstract section ("RESULTS") an offset falls in; "" before the first label."""
    label = ""
    for m in _LABEL.finditer(text):
        if m.start() > offset:
            break
        label = m.group(1).strip()
    return label


def select(directory: Path, n: int, n_off: int) -> tuple[list[dict], list[dict], dict[str, str]]:
    answers = [a for a in read_jsonl(directory / "answers-dev.jsonl")]
    corpus = {str(d["_id"]): d.get("text") or "" for d in read_jsonl(directory / "corpus.jsonl")}
    yes_no = [a for a in answers if a.get("final_decision") in ("yes", "no") and str(a["_id"]) in corpus]
    return yes_no[:n], yes_no[n:n + n_off], {str(a["_id"]): corpus[str(a["_id"])] for a in yes_no[:n]}


def run_evidence_bench(pipeline, directory: Path, n: int = 40, n_off: int = 20) -> dict:
    asked, off, texts = select(Path(directory), n, n_off)
    corpus_dir = Path(pipeline.settings.corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for doc_id, text in texts.items():
        path = corpus_dir / file_name(doc_id)
        if not path.exists():
            path.write_text(text.strip() + "\n", encoding="utf-8")
    pipeline.ingest(progress=False)
    cases = []
    for a in asked:
        answer = pipeline.ask(a["question"])
        doc = (corpus_dir / file_name(str(a["_id"]))).read_text(encoding="utf-8")
        sections = [section_at(doc, c.start) if Path(c.source).name == file_name(str(a["_id"])) else "other document"
                    for c in answer.citations]
        cases.append(EvidenceCase(str(a["_id"]), a["question"], a["final_decision"], answer.abstained, sections, answer.answer))
    off_abstained = sum(pipeline.ask(a["question"]).abstained for a in off)
    answered = [c for c in cases if not c.abstained]
    return {
        "questions": len(cases),
        "answered": len(answered),
        "answers_citing_results": sum(c.cites_results for c in answered),
        "share_citing_results": (sum(c.cites_results for c in answered) / len(answered)) if answered else 0.0,
        "only_background_or_objective": sum(bool(c.sections) and not c.cites_results for c in answered),
        "off_corpus_questions": len(off),
        "off_corpus_abstained": off_abstained,
        "cases": [asdict(c) | {"cites_results": c.cites_results} for c in cases],
    }


def render_evidence(report: dict) -> str:
    lines = [f"{'RESULTS' if c['cites_results'] else ('abstained' if c['abstained'] else '/'.join(c['sections']) or '-'):>12}  "
             f"{c['question'][:90]}" for c in report["cases"]]
    lines += [
        "",
        f"Answered: {report['answered']}/{report['questions']}",
        f"Answers citing a RESULTS sentence: {report['answers_citing_results']}/{report['answered']} "
        f"({report['share_citing_results']:.0%})",
        f"Off-corpus questions abstained: {report['off_corpus_abstained']}/{report['off_corpus_questions']}",
    ]
    return "\n".join(lines)


def dump(report: dict) -> str:
    return json.dumps(report, indent=1, ensure_ascii=False)
