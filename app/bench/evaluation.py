"""`cds eval`: run a question set (the ../shared/eval JSONL format) through the pipeline and measure
facts found, abstentions, citation validity, citation recall/precision (ALCE-style, judged by the
verifier's support score), numeric fidelity and latency.

A record is one question ({"id", "q", "answerable", "all", "any"}) or one conversation
({"id", "turns": [question records]}) whose turns are asked in order, follow-ups resolved against
the earlier turns."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from app.records import Answer


@dataclass
class QACase:
    id: str
    q: str
    answerable: bool
    all: list[str] = field(default_factory=list)
    any: list[str] = field(default_factory=list)
    conversation: str = ""  # id of the conversation this turn belongs to ("" = a single question)


@dataclass
class CaseResult:
    id: str
    question: str
    answerable: bool
    abstained: bool
    facts_ok: bool  # answerable: expected facts present; unanswerable: abstained
    missing: list[str]
    citations: int
    citations_valid: int
    total_ms: float
    answer: str
    interpreted_as: str = ""
    # Sentence-level checks, as generated (removed sentences included).
    sentences: int = 0
    sentences_supported: int = 0
    citation_marks: int = 0  # [n] marks across sentences
    citation_marks_needed: int = 0  # marks whose passage alone supports the sentence, or its only one
    numbers: int = 0
    numbers_supported: int = 0
    numbers_shown: int = 0  # in the final answer
    numbers_shown_supported: int = 0
    # The plain baseline: are all expected facts inside the top-1 / top-3 retrieved chunks?
    baseline_top1: bool = False
    baseline_top3: bool = False


@dataclass
class EvalReport:
    cases: list[CaseResult]

    def _of(self, answerable: bool) -> list[CaseResult]:
        return [c for c in self.cases if c.answerable == answerable]

    def metrics(self) -> dict:
        ans, unans = self._of(True), self._of(False)
        n_cit = sum(c.citations for c in self.cases)
        lat = [c.total_ms for c in self.cases]
        return {
            "questions": len(self.cases),
            "facts_found": sum(c.facts_ok for c in ans),
            "answerable": len(ans),
            "answered": sum(not c.abstained for c in ans),
            "abstained_correctly": sum(c.abstained for c in unans),
            "unanswerable": len(unans),
            "citations": n_cit,
            "citations_valid": sum(c.citations_valid for c in self.cases),
            "citation_validity": (sum(c.citations_valid for c in self.cases) / n_cit) if n_cit else 1.0,
            "citation_recall": _ratio(self.cases, "sentences_supported", "sentences"),
            "citation_precision": _ratio(self.cases, "citation_marks_needed", "citation_marks"),
            "numeric_fidelity_generated": _ratio(self.cases, "numbers_supported", "numbers"),
            "numeric_fidelity_shown": _ratio(self.cases, "numbers_shown_supported", "numbers_shown"),
            **answered_metrics(ans, unans),
            "latency_ms_p50": float(np.percentile(lat, 50)) if lat else 0.0,
            "latency_ms_p95": float(np.percentile(lat, 95)) if lat else 0.0,
        }

    def to_json(self) -> dict:
        return {"metrics": self.metrics(), "cases": [asdict(c) for c in self.cases]}

    def render(self) -> str:
        m = self.metrics()
        lines = []
        for c in self.cases:
            status = "ok  " if c.facts_ok else "FAIL"
            detail = ""
            if not c.facts_ok:
                detail = " (should abstain)" if not c.answerable else (
                    " (abstained)" if c.abstained else f" (missing {', '.join(c.missing)})"
                )
            lines.append(f"{status} {c.id:>5}  {c.question[:70]}{detail}")
        pct = lambda a, b: f"{a}/{b} ({100 * a / b:.0f}%)" if b else "n/a"  # noqa: E731
        lines += [
            "",
            f"Facts found (answerable):      {pct(m['facts_found'], m['answerable'])}",
            f"Answered (answerable):         {pct(m['answered'], m['answerable'])}",
            f"Abstained right (unanswerable): {pct(m['abstained_correctly'], m['unanswerable'])}",
            f"Wrong confident (answered, facts missing): {pct(m['wrong_confident'], m['answerable'])}"
            f"; answered though unanswerable: {pct(m['answered_unanswerable'], m['unanswerable'])}",
            f"'Answered' precision / recall:  {m['answered_precision']:.1%} / {m['answered_recall']:.1%}",
            f"Plain baseline, facts in top-1 / top-3 retrieved chunks: {pct(m['baseline_top1'], m['answerable'])}"
            f" / {pct(m['baseline_top3'], m['answerable'])}",
            f"Citations verbatim at offsets: {pct(m['citations_valid'], m['citations'])}",
            f"Citation recall (sentences supported by their citations): {m['citation_recall']:.1%}",
            f"Citation precision (citations needed):                  {m['citation_precision']:.1%}",
            f"Numeric fidelity, as generated / as shown: {m['numeric_fidelity_generated']:.1%} / {m['numeric_fidelity_shown']:.1%}",
            f"Latency p50 / p95:             {m['latency_ms_p50']:.0f} ms / {m['latency_ms_p95']:.0f} ms",
        ]
        return "\n".join(lines)


def answered_metrics(ans: list[CaseResult], unans: list[CaseResult]) -> dict:
    """Wrong confident answers apart from misses, precision/recall of "answered" (an answer is right
    when the question is answerable and its facts are there), and the plain retrieval baseline."""
    answered = [c for c in ans + unans if not c.abstained]
    right = sum(c.facts_ok for c in answered if c.answerable)
    return {
        "wrong_confident": sum(not c.abstained and not c.facts_ok for c in ans),
        "answered_unanswerable": sum(not c.abstained for c in unans),
        "answered_precision": right / len(answered) if answered else 1.0,
        "answered_recall": right / len(ans) if ans else 1.0,
        "baseline_top1": sum(c.baseline_top1 for c in ans),
        "baseline_top3": sum(c.baseline_top3 for c in ans),
    }


def baseline(pipeline, case: QACase, question: str) -> tuple[bool, bool]:
    """Whether a plain top-1 / top-3 chunk retrieval (the same retriever, no answerer) holds all of
    the case's expected facts: what an answerer must beat."""
    if not case.answerable:
        return False, False
    passages = pipeline.retriever.search(question, top_k=3)
    found = []
    for k in (1, 3):
        text = " ".join(p.chunk.text for p in passages[:k]).casefold()
        found.append(all(f.casefold() in text for f in case.all)
                     and (not case.any or any(f.casefold() in text for f in case.any)))
    return found[0], found[1]


def _ratio(cases, part: str, whole: str) -> float:
    total = sum(getattr(c, whole) for c in cases)
    return sum(getattr(c, part) for c in cases) / total if total else 1.0


def load_cases(path: Path, split: str | None = None) -> list[QACase]:
    """The question set's records; with `split`, only those whose "split" field is that split."""
    cases = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise TypeError(f"a JSON object was expected, not {type(d).__name__}")
            if split is not None and d.get("split") != split:
                continue
            if "turns" in d:
                conv = str(d.get("id", n))
                for t, turn in enumerate(d["turns"], start=1):
                    cases.append(QACase(id=f"{conv}.{t}", q=turn["q"], answerable=bool(turn["answerable"]),
                                        all=list(turn.get("all", [])), any=list(turn.get("any", [])), conversation=conv))
            else:
                cases.append(QACase(id=str(d.get("id", n)), q=d["q"], answerable=bool(d["answerable"]),
                                    all=list(d.get("all", [])), any=list(d.get("any", []))))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{n}: not a question or conversation record ({exc})") from None
    return cases


def citation_is_valid(citation, document_text: str | None) -> bool:
    return document_text is not None and document_text[citation.start : citation.end] == citation.quote


def document_text(source: str, docstore) -> str | None:
    """The text a citation's offsets point into: the file itself for text formats (as
    open(source, encoding="utf-8").read() returns it), the stored extraction for HTML and PDF."""
    if Path(source).suffix.lower() in {".txt", ".md", ".markdown"}:
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    doc = docstore.document(source)
    return doc.text if doc else None


def check_facts(case: QACase, answer: Answer) -> tuple[bool, list[str]]:
    if not case.answerable:
        return answer.abstained, []
    if answer.abstained:
        return False, case.all + case.any
    # Case apart, a fact is the same: "Asthma" in a question set is stated by "... migraine, asthma and ...".
    said = answer.answer.casefold()
    missing = [f for f in case.all if f.casefold() not in said]
    if case.any and not any(f.casefold() in said for f in case.any):
        missing.append(" | ".join(case.any))
    return not missing, missing


def run_eval(pipeline, cases: list[QACase], mode: str | None = None) -> EvalReport:
    pipeline.warm_up()
    docstore = pipeline.index.docstore
    texts: dict[str, str | None] = {}
    results = []
    history: list[str] = []
    for i, case in enumerate(cases):
        if not case.conversation or i == 0 or cases[i - 1].conversation != case.conversation:
            history = []
        answer = pipeline.ask(case.q, history=history, mode=mode)
        history.append(answer.interpreted_as)
        ok, missing = check_facts(case, answer)
        top1, top3 = baseline(pipeline, case, answer.interpreted_as or case.q)
        valid = 0
        for c in answer.citations:
            if c.source not in texts:
                texts[c.source] = document_text(c.source, docstore)
            valid += citation_is_valid(c, texts[c.source])
        sents = answer.sentences
        shown = [x for x in sents if x.supported]
        results.append(
            CaseResult(case.id, case.q, case.answerable, answer.abstained, ok, missing,
                       len(answer.citations), valid, answer.timings_ms.get("total_ms", 0.0), answer.answer,
                       interpreted_as=answer.interpreted_as,
                       sentences=len(sents), sentences_supported=len(shown),
                       citation_marks=sum(len(x.citations) + x.citations_removed for x in sents),
                       citation_marks_needed=sum(_needed(x, pipeline.settings.support_threshold) for x in sents),
                       numbers=sum(x.numbers for x in sents), numbers_supported=sum(x.numbers_supported for x in sents),
                       numbers_shown=sum(x.numbers for x in shown),
                       numbers_shown_supported=sum(x.numbers_supported for x in shown),
                       baseline_top1=top1, baseline_top3=top3)
        )
    return EvalReport(results)


def _needed(sentence, threshold: float) -> int:
    """ALCE-style citation precision: a citation is needed when its passage alone supports the
    sentence, or when it is the sentence's only citation and the sentence is supported."""
    if len(sentence.citations) == 1:
        return int(sentence.supported)
    return sum(s >= threshold for s in sentence.citation_support)
