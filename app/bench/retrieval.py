"""`cds bench retrieval`: retrieval quality and speed on a BEIR-layout dataset, through the same
ingestion path and retriever that `cds ask` uses. Metrics come from ranx."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from app.ingest.chunking import chunk_document
from app.ingest.loaders import load_document
from app.settings import Settings

# (name, retrieval mode, rerank, clinical query expansion)
CONFIGS = [
    ("bm25", "lexical", False, True),
    ("dense", "dense", False, True),
    ("hybrid", "hybrid", False, True),
    ("hybrid+rerank", "hybrid", True, True),
    ("bm25 -expansion", "lexical", False, False),
    ("hybrid -expansion", "hybrid", False, False),
]
METRICS = ["ndcg@10", "recall@1", "recall@10", "recall@100", "mrr@10"]


@dataclass
class BeirData:
    name: str
    corpus: dict[str, tuple[str, str]]  # id -> (title, text)
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


@dataclass
class ConfigResult:
    name: str
    metrics: dict[str, float] = field(default_factory=dict)
    latency_ms_p50: float = 0.0
    latency_ms_p95: float = 0.0
    available: bool = True
    note: str = ""


@dataclass
class BenchReport:
    dataset: str
    split: str
    documents: int
    queries: int
    chunks: int
    ingest_seconds: float
    ingest_docs_per_s: float
    encoder_docs_per_s: float
    embedding_model: str
    reranker_model: str
    configs: list[ConfigResult]

    def render(self) -> str:
        head = f"{'configuration':<19}" + "".join(f"{m:>11}" for m in METRICS) + f"{'p50 ms':>9}{'p95 ms':>9}"
        lines = [
            f"Dataset {self.dataset} ({self.split}): {self.documents} documents -> {self.chunks} chunks, {self.queries} queries",
            f"Embedding model: {self.embedding_model}; reranker: {self.reranker_model or 'none installed'}",
            f"Indexing: {self.ingest_docs_per_s:.1f} docs/s end to end ({self.ingest_seconds:.1f} s); "
            f"raw encoder on the same texts: {self.encoder_docs_per_s:.1f} docs/s",
            "",
            head,
            "-" * len(head),
        ]
        for c in self.configs:
            if not c.available:
                lines.append(f"{c.name:<19}  {c.note}")
                continue
            lines.append(
                f"{c.name:<19}" + "".join(f"{c.metrics[m]:>11.4f}" for m in METRICS)
                + f"{c.latency_ms_p50:>9.1f}{c.latency_ms_p95:>9.1f}"
            )
        return "\n".join(lines)

    def to_json(self) -> dict:
        return asdict(self)

    def markdown(self) -> str:
        rows = ["| configuration | " + " | ".join(METRICS) + " | p50 ms | p95 ms |",
                "|---" * (len(METRICS) + 3) + "|"]
        for c in self.configs:
            if c.available:
                rows.append(f"| {c.name} | " + " | ".join(f"{c.metrics[m]:.4f}" for m in METRICS)
                            + f" | {c.latency_ms_p50:.1f} | {c.latency_ms_p95:.1f} |")
            else:
                rows.append(f"| {c.name} | " + " | ".join("n/a" for _ in METRICS) + f" | {c.note} | |")
        return "\n".join([
            f"# Retrieval benchmark: {self.dataset} ({self.split})", "",
            f"{self.documents} documents → {self.chunks} chunks, {self.queries} queries. "
            f"Embedding model `{self.embedding_model}`, reranker `{self.reranker_model or 'none installed'}`.", "",
            f"Indexing {self.ingest_docs_per_s:.1f} docs/s end to end; raw encoder {self.encoder_docs_per_s:.1f} docs/s on the same texts.",
            "", *rows, "", "![nDCG@10 and recall by configuration](retrieval.png)", "",
        ])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_beir(directory: Path, split: str) -> BeirData:
    directory = Path(directory)
    qrels_path = directory / "qrels" / f"{split}.tsv"
    for needed in (directory / "corpus.jsonl", directory / "queries.jsonl", qrels_path):
        if not needed.exists():
            raise FileNotFoundError(f"{needed} is missing: a BEIR dataset has corpus.jsonl, queries.jsonl, qrels/<split>.tsv")
    corpus = {str(d["_id"]): (d.get("title") or "", d.get("text") or "") for d in read_jsonl(directory / "corpus.jsonl")}
    all_queries = {str(d["_id"]): d["text"] for d in read_jsonl(directory / "queries.jsonl")}
    qrels: dict[str, dict[str, int]] = {}
    for n, line in enumerate(qrels_path.read_text(encoding="utf-8").splitlines()):
        parts = line.strip().split("\t")
        if len(parts) < 3 or (n == 0 and not parts[-1].lstrip("-").isdigit()):
            continue  # header
        qid, did, score = parts[0], parts[1], int(parts[2])
        if score > 0:
            qrels.setdefault(qid, {})[did] = score
    queries = {q: all_queries[q] for q in qrels if q in all_queries}
    return BeirData(directory.name, corpus, queries, {q: qrels[q] for q in queries})


def file_name(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", doc_id) + ".txt"


def write_corpus(data: BeirData, corpus_dir: Path) -> dict[str, str]:
    """One text file per document (title line, blank line, text), so the benchmark ingests exactly
    as users do. Returns file stem -> document id. Unchanged files are left alone (re-runs are no-ops)."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    stems = {}
    for doc_id, (title, text) in data.corpus.items():
        name = file_name(doc_id)
        body = (f"{title.strip()}\n\n{text.strip()}\n" if title.strip() else f"{text.strip()}\n")
        path = corpus_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != body:
            path.write_text(body, encoding="utf-8")
        stems[Path(name).stem] = doc_id
    return stems


def run_retrieval_bench(directory: Path, split: str, work_dir: Path, settings: Settings,
                        max_queries: int | None = None, progress: bool = True) -> BenchReport:
    from ranx import Qrels, Run, evaluate

    from app.pipeline import Pipeline

    data = load_beir(directory, split)
    if max_queries:
        keep = list(data.queries)[:max_queries]
        data.queries = {q: data.queries[q] for q in keep}
        data.qrels = {q: data.qrels[q] for q in keep}
    stems = write_corpus(data, work_dir / "corpus")
    # The same retriever as `cds ask`, asked for 100 documents: deeper candidate lists so that
    # Recall@100 means something.
    bench_settings = settings.model_copy(update={
        "corpus_dir": work_dir / "corpus", "index_dir": work_dir / "index",
        "dense_k": max(settings.dense_k, 150), "lexical_k": max(settings.lexical_k, 150), "top_k": 150,
    })
    pipeline = Pipeline(bench_settings)
    index = pipeline.index
    # The raw encoder on exactly the texts ingest will embed, timed first and after the same
    # warm-up, so that neither measurement runs on a model the other has warmed.
    texts = [c.search_text for f in sorted((work_dir / "corpus").glob("*.txt"))
             for c in chunk_document(load_document(f), bench_settings.chunk_size, bench_settings.chunk_overlap)[0]]
    index.embeddings.embed_documents(texts[:64])
    encoder_s = _raw_encoder_seconds(index.embeddings, texts)
    t = time.perf_counter()
    report = pipeline.ingest(progress=progress)
    ingest_s = time.perf_counter() - t
    if report.chunks_embedded == 0 and not report.added:
        ingest_s = float("nan")  # already indexed; throughput is measured on a fresh index
    n_chunks = index.docstore.count_chunks()

    qrels = Qrels(data.qrels)
    results = []
    for name, mode, rerank, expansion in CONFIGS:
        if rerank and pipeline.reranker is None:
            results.append(ConfigResult(name, available=False, note="no offline cross-encoder installed"))
            continue
        pipeline.retriever.settings = bench_settings.model_copy(update={"query_expansion": expansion})
        run: dict[str, dict[str, float]] = {}
        latencies = []
        for qid, query in data.queries.items():
            t = time.perf_counter()
            passages = pipeline.retriever.search(query, top_k=150, mode=mode, rerank=rerank)
            latencies.append((time.perf_counter() - t) * 1000)
            ranking: dict[str, float] = {}
            for p in passages:
                doc = stems.get(Path(p.chunk.source).stem)
                if doc is not None and doc not in ranking:
                    ranking[doc] = 1.0 / (len(ranking) + 1)  # a document ranks where its best chunk does
                if len(ranking) == 100:
                    break
            run[qid] = ranking or {"__none__": 0.0}
        scores = evaluate(qrels, Run(run), METRICS, make_comparable=True)
        results.append(ConfigResult(
            name, {m: float(scores[m]) for m in METRICS},
            float(np.percentile(latencies, 50)), float(np.percentile(latencies, 95)),
        ))
    n_docs = len(data.corpus)
    return BenchReport(
        dataset=data.name, split=split, documents=n_docs, queries=len(data.queries), chunks=n_chunks,
        ingest_seconds=ingest_s, ingest_docs_per_s=n_docs / ingest_s if ingest_s == ingest_s else float("nan"),
        encoder_docs_per_s=n_docs / encoder_s if encoder_s else float("nan"),
        embedding_model=index.embedding_model,
        reranker_model=str(getattr(pipeline.reranker, "model_name", "") or ("cross-encoder" if pipeline.reranker else "")),
        configs=results,
    )


def _raw_encoder_seconds(embeddings, texts: list[str]) -> float:
    """The encoder alone on the chunk texts ingest embedded, batched the same way."""
    from app.index.locking import all_cores

    if not texts:
        return 0.0
    with all_cores():  # as ingest runs it
        t = time.perf_counter()
        embeddings.embed_documents(texts)
        return time.perf_counter() - t


def write_report(report: BenchReport, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    md = out_dir / "retrieval.md"
    md.write_text(report.markdown(), encoding="utf-8")
    (out_dir / "retrieval.json").write_text(json.dumps(report.to_json(), indent=1), encoding="utf-8")
    configs = [c for c in report.configs if c.available]
    fig, ax = plt.subplots(figsize=(9.5, 4.2), dpi=110)
    width = 0.8 / max(len(configs), 1)
    xs = np.arange(len(METRICS))
    for i, c in enumerate(configs):
        ax.bar(xs + i * width, [c.metrics[m] for m in METRICS], width, label=c.name)
    ax.set_xticks(xs + width * (len(configs) - 1) / 2, METRICS)
    # Zoomed to the values: on easy datasets the configurations differ in the second decimal.
    low = min((c.metrics[m] for c in configs for m in METRICS), default=0.0)
    ax.set_ylim(max(0.0, low - 0.05), 1.0 + (1.0 - low) * 0.05)
    ax.set_title(f"{report.dataset} ({report.split}): retrieval by configuration")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    png = out_dir / "retrieval.png"
    fig.savefig(png)
    plt.close(fig)
    return [md, png]


# -- scale ---------------------------------------------------------------------------------------

def variant(text: str, r: int) -> str:
    """Repetition r of a text, varied so that it is a different document: its sentences rotated
    by r and a marker sentence added (r = 0 is the original)."""
    if r == 0:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    k = r % len(sentences)
    return f"Variant {r} of this abstract. " + " ".join(sentences[k:] + sentences[:k])


def scale_corpus(source: BeirData, n_docs: int, corpus_dir: Path) -> int:
    corpus_dir.mkdir(parents=True, exist_ok=True)
    items = list(source.corpus.items())
    for i in range(n_docs):
        doc_id, (title, text) = items[i % len(items)]
        r = i // len(items)
        path = corpus_dir / f"{file_name(doc_id)[:-4]}__{r}.txt"
        if not path.exists():
            path.write_text(f"{title}\n\n{variant(text, r)}\n" if title else variant(text, r) + "\n", encoding="utf-8")
    return n_docs


def scale_point(source_dir: Path, split: str, target_chunks: int, work: Path, n_queries: int) -> dict:
    """One size: ingest a corpus of about `target_chunks` chunks, then time `ask`. Run in its own
    process so that the peak memory is this size's."""
    import resource

    from app.pipeline import Pipeline

    source = load_beir(source_dir, split)
    # Measured on PubMedQA abstracts with the default chunk size (93,754 chunks from 43,478 abstracts).
    chunks_per_doc = 2.15
    n_docs = max(1, int(target_chunks / chunks_per_doc))
    scale_corpus(source, n_docs, work / "corpus")
    pipeline = Pipeline(Settings(corpus_dir=work / "corpus", index_dir=work / "index"))
    t = time.perf_counter()
    report = pipeline.ingest(progress=False)
    ingest_s = time.perf_counter() - t
    queries = list(source.queries.values())[:n_queries]
    pipeline.ask(queries[0])  # warm
    latencies = []
    for q in queries:
        t = time.perf_counter()
        pipeline.ask(q)
        latencies.append((time.perf_counter() - t) * 1000)
    size = sum(f.stat().st_size for f in (work / "index").rglob("*") if f.is_file())
    return {
        "target_chunks": target_chunks,
        "embedding_backend": pipeline.settings.embedding_backend,
        "documents": n_docs,
        "chunks": pipeline.index.docstore.count_chunks(),
        "ingest_seconds": ingest_s if report.chunks_embedded else None,
        "ingest_docs_per_s": n_docs / ingest_s if report.chunks_embedded else None,
        "index_mb": size / 1e6,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ask_ms_p50": float(np.percentile(latencies, 50)),
        "ask_ms_p95": float(np.percentile(latencies, 95)),
        "queries": len(latencies),
    }


def run_scale_bench(source_dir: Path, split: str, sizes: list[int], work_dir: Path, n_queries: int,
                    settings: Settings | None = None) -> list[dict]:
    """Each size in a process of its own, run with `settings` (the command's flags included); its
    corpus and index paths are the size's own."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **(settings.as_environment() if settings is not None else {})}
    rows = []
    for n in sizes:
        code = (
            "import json, sys; from pathlib import Path; from app.bench.retrieval import scale_point; "
            f"print(json.dumps(scale_point(Path({str(source_dir)!r}), {split!r}, {n}, "
            f"Path({str(work_dir / f'scale-{n}')!r}), {n_queries})))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            raise RuntimeError(f"scale point {n} failed:\n{out.stderr[-2000:]}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def render_scale(rows: list[dict]) -> str:
    head = f"{'chunks':>8}{'docs':>8}{'ingest docs/s':>15}{'index MB':>10}{'peak RSS MB':>13}{'ask p50 ms':>12}{'ask p95 ms':>12}"
    lines = [head, "-" * len(head)]
    for r in rows:
        rate = f"{r['ingest_docs_per_s']:.1f}" if r["ingest_docs_per_s"] else "(cached)"
        lines.append(f"{r['chunks']:>8}{r['documents']:>8}{rate:>15}{r['index_mb']:>10.1f}{r['peak_rss_mb']:>13.0f}"
                     f"{r['ask_ms_p50']:>12.1f}{r['ask_ms_p95']:>12.1f}")
    return "\n".join(lines)
