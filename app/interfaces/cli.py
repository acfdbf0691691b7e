"""Command line: `cds ingest`, `cds ask`, `cds eval`, `cds serve`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import app  # noqa: F401  (sets the no-telemetry environment first)
from app.interfaces.settings_flags import add_settings_flags, settings_from_args
from app.settings import Settings

log = logging.getLogger("app.interfaces.cli")


def _settings(args: argparse.Namespace) -> Settings:
    return settings_from_args(args)


def _pipeline(args):
    from app.pipeline import Pipeline

    return Pipeline(_settings(args))


def _ensure_indexed(pipeline) -> None:
    s = pipeline.settings
    if s.chroma_host and pipeline.index.is_empty():
        # Replicas never index on their own: several starting at once would all ingest the same corpus.
        raise SystemExit(f"The Chroma server at {s.chroma_host}:{s.chroma_port} holds no documents yet: "
                         "run `cds ingest` once, from one process, first.")
    # A replica of a Chroma server refuses a mismatched index (IndexMismatch) rather than re-indexing it.
    stale = not s.chroma_host and not pipeline.index.is_empty() and pipeline.index.is_stale()
    if pipeline.index.is_empty() or stale:
        why = "is empty" if pipeline.index.is_empty() else "was built with another embedding model, backend or chunking"
        print(f"The index {why}: indexing {pipeline.settings.corpus_dir} first.", file=sys.stderr)
        report = pipeline.ingest(progress=sys.stderr.isatty())
        print(report.summary(), file=sys.stderr)
        if pipeline.index.is_empty():
            raise SystemExit(f"Nothing could be indexed from {pipeline.settings.corpus_dir}.")


def cmd_ingest(args) -> int:
    from app.index.locking import IngestLock, IngestLocked

    # Ask for the lock before loading any model, so a second ingest is refused at once; the run itself
    # takes it again (this probe only saves a user the wait).
    try:
        with IngestLock(_settings(args).resolved().index_dir / "ingest.lock"):
            pass
    except IngestLocked as exc:
        print(f"cds ingest: {exc}", file=sys.stderr)
        return 3
    pipeline = _pipeline(args)
    paths = [Path(p) for p in args.paths] or None
    try:
        report = pipeline.ingest(paths=paths, rebuild=args.rebuild, progress=not args.quiet)
    except IngestLocked as exc:
        print(f"cds ingest: {exc}", file=sys.stderr)
        return 3
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=1) if args.json else report.summary())
    return 1 if report.failed and not (report.added or report.updated or report.unchanged) else 0


def _render_sources(answer) -> str:
    lines = []
    if answer.interpreted_as and answer.interpreted_as != answer.question:
        lines.append(f"(read as: {answer.interpreted_as})")
    removed = [s for s in answer.sentences if not s.supported]
    if removed and not answer.abstained:
        lines.append(f"({len(removed)} sentence(s) removed: not supported by the cited passages)")
    if answer.notice:
        lines.append(f"Note: {answer.notice}")
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            where = " > ".join(x for x in (c.title, c.section) if x)
            lines.append(f"  [{c.n}] {where}")
            lines.append(f"      {Path(c.source).name}, characters {c.start}-{c.end}")
            quote = " ".join(c.quote.split())
            lines.append(f'      "{quote}"')
            if c.marks:  # the parts of a row the answer reads
                read = " … ".join(" ".join(c.quote[s - c.start : e - c.start].split()) for s, e in c.marks)
                lines.append(f"      read: {read}")
    elif answer.related:
        lines.append("")
        lines.append("Closest passages (related, not answering):")
        for c in answer.related:
            lines.append(f"  - {c.section or c.title}: \"{' '.join(c.quote.split())[:160]}\"")
    for caveat in answer.caveats:
        lines.append(f"Caveat: {caveat}")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    from app.pipeline import QuestionError
    from app.records import Answer
    from app.interfaces.privacy import log_failure, log_question

    pipeline = _pipeline(args)
    _ensure_indexed(pipeline)
    # A small corpus gets its answer-unit vectors now (once; they are kept), a large one on first use.
    pipeline.index.precompute_unit_vectors(limit=500)
    status, history = 0, []
    for i, question in enumerate(args.questions):
        if i and not args.json:
            print()
        log_question(log, pipeline.settings, question)
        try:
            stream = pipeline.stream(question, history=history if args.conversation else None, mode=args.answer_mode)
            if not args.json:
                print(f"Q: {' '.join(str(question).split())}\nA: ", end="", flush=True)
            answer = None
            for event in stream:
                if isinstance(event, Answer):
                    answer = event
                elif not args.json:
                    print(event, end="", flush=True)  # verified text as it is produced
        except QuestionError as exc:
            status = 2
            if args.json:
                print(json.dumps({"question": str(question)[:200], "error": str(exc)}, ensure_ascii=False), flush=True)
            else:
                print(f"\ncds ask: {exc}", file=sys.stderr)
            continue
        except Exception:  # one failing question must not lose the others' answers
            log_failure(log, pipeline.settings, f"cds ask: question {i + 1} could not be answered")
            status = 1
            continue
        history.append(answer.interpreted_as)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print()
            rest = _render_sources(answer)
            if rest:
                print(rest, flush=True)
    return status


def cmd_eval(args) -> int:
    from app.bench.evaluation import load_cases, run_eval

    try:
        cases = load_cases(Path(args.qa_file), split=args.split)
    except (OSError, ValueError) as exc:
        print(f"cds eval: {exc}", file=sys.stderr)
        return 2
    if not cases:
        print(f"cds eval: {args.qa_file} has no questions" + (f" of split {args.split!r}" if args.split else ""),
              file=sys.stderr)
        return 2
    if args.corpus:
        if not Path(args.corpus).is_dir():
            print(f"cds eval: --corpus {args.corpus} is not a folder", file=sys.stderr)
            return 2
        # The corpus gets an index of its own, keyed by its files' content: built once, reused while the
        # files stay the same, and the main corpus and index are never touched.
        args.corpus_dir = Path(args.corpus)
        args.index_dir = _settings(args).index_dir / "eval" / corpus_key(Path(args.corpus))
    pipeline = _pipeline(args)
    _ensure_indexed(pipeline)
    report = run_eval(pipeline, cases, mode=args.answer_mode)
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=1) if args.json else report.render())
    return 0


def corpus_key(folder: Path) -> str:
    """A name for a corpus's own index: its files' names and contents, hashed."""
    import hashlib

    from app.ingest.loaders import SUPPORTED_SUFFIXES

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return "corpus-" + digest.hexdigest()[:16]


def cmd_bench_ingest(args) -> int:
    from app.bench.ingest import render, run_ingest_bench, to_json

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"cds bench ingest: {folder} is not a folder", file=sys.stderr)
        return 2
    settings = _settings(args)
    rows = run_ingest_bench(folder, settings.chunk_size, settings.chunk_overlap)
    print(json.dumps(to_json(rows), indent=1) if args.json else render(rows))
    return 0


def cmd_serve(args) -> int:
    from app.interfaces.ui import serve

    pipeline = _pipeline(args)
    _ensure_indexed(pipeline)
    # A large corpus gets its answer-unit vectors while the UI already answers.
    pipeline.precompute_in_background()
    serve(pipeline)
    return 0


def cmd_bench_retrieval(args) -> int:
    from app.bench.retrieval import run_retrieval_bench, write_report

    settings = _settings(args)
    work = Path(args.work) if args.work else settings.index_dir.resolve() / "bench" / Path(args.dataset).name
    try:
        report = run_retrieval_bench(Path(args.dataset), args.split, work, settings,
                                     max_queries=args.max_queries, progress=not args.json and sys.stderr.isatty())
    except FileNotFoundError as exc:
        print(f"cds bench retrieval: {exc}", file=sys.stderr)
        return 2
    if args.report:
        written = write_report(report, Path(args.report))
        print("Report: " + ", ".join(str(p) for p in written), file=sys.stderr)
    print(json.dumps(report.to_json(), indent=1) if args.json else report.render())
    return 0


def cmd_bench_evidence(args) -> int:
    from app.bench.evidence import dump, render_evidence, run_evidence_bench
    from app.pipeline import Pipeline

    settings = _settings(args)
    work = Path(args.work) if args.work else settings.index_dir.resolve() / "bench" / "evidence"
    settings = settings.model_copy(update={"corpus_dir": work / "corpus", "index_dir": work / "index"})
    try:
        report = run_evidence_bench(Pipeline(settings), Path(args.dataset), n=args.questions, n_off=args.off_corpus)
    except (FileNotFoundError, KeyError) as exc:
        print(f"cds bench evidence: {exc}", file=sys.stderr)
        return 2
    print(dump(report) if args.json else render_evidence(report))
    return 0


def cmd_bench_scale(args) -> int:
    from app.bench.retrieval import render_scale, run_scale_bench

    settings = _settings(args)
    work = Path(args.work) if args.work else settings.index_dir.resolve() / "bench" / "scale"
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    try:
        rows = run_scale_bench(Path(args.dataset), args.split, sizes, work, args.queries, settings)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"cds bench scale: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(rows, indent=1) if args.json else render_scale(rows))
    return 0


def cmd_bench_load(args) -> int:
    import contextlib

    from app.bench.load import load_questions, render_load, run_load, served, wait_until_up

    settings = _settings(args)
    try:
        questions = load_questions(Path(args.questions))
    except (FileNotFoundError, OSError) as exc:
        print(f"cds bench load: {exc}", file=sys.stderr)
        return 2
    auth = (settings.auth_username, settings.auth_password.get_secret_value()) if settings.auth_username else None
    log_path = settings.index_dir.resolve() / "bench" / "load-serve.log"
    try:
        if args.url:
            server = contextlib.nullcontext(args.url)
            wait_until_up(args.url, timeout=30)
        else:
            print(f"Starting cds serve for the benchmark (log: {log_path})", file=sys.stderr)
            server = served(settings, log_path)
        with server as url:
            report = run_load(url, questions, args.clients, args.duration, auth=auth)
    except RuntimeError as exc:  # the server never came up, or exited
        print(f"cds bench load: {exc}" + ("" if args.url else f" (see {log_path})"), file=sys.stderr)
        return 2
    print(json.dumps(report, indent=1) if args.json else render_load(report))
    return 0


def _dataset_args(p: argparse.ArgumentParser, dataset: str, built: str, name: str) -> None:
    """The arguments of a bench command that builds its own corpus from a dataset: the dataset folder
    (optional, PubMedQA by default), where it builds (--work, default INDEX_DIR/bench/NAME), --json.
    Added after the command's own options, so its --help lists them in the same order as before."""
    default = "../shared/bench/pubmedqa"
    p.add_argument("dataset", metavar="DIR", nargs="?", default=default, help=f"{dataset} (default {default})")
    p.add_argument("--work", metavar="WORK_DIR", help=f"where {built} go (default INDEX_DIR/bench/{name})")
    p.add_argument("--json", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # Every setting is a flag (generated from app/settings.py), overriding its CDS_* environment variable.
    add_settings_flags(common)
    common.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")

    parser = argparse.ArgumentParser(prog="cds", description="Cited answers from indexed clinical documents.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", parents=[common], help="index the corpus (incremental)")
    p.add_argument("paths", nargs="*", help="files or folders (default: the corpus folder)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="the ingest report (per file: pages, chunks, table rows, "
                                                       "blocks kept out, warnings) as JSON")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", parents=[common], help="answer questions with citations")
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--json", action="store_true", help="one JSON object per question per line")
    p.add_argument("--conversation", action="store_true",
                   help="the questions are one conversation: follow-ups resolve against the earlier ones")
    p.add_argument("--mode", dest="answer_mode", choices=["extractive", "llm"], help="who writes the answer (same as --answer-mode)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", parents=[common], help="score a question set (JSONL)")
    p.add_argument("qa_file", metavar="QA.jsonl")
    p.add_argument("--json", action="store_true", help="metrics and per-question results as JSON")
    p.add_argument("--mode", dest="answer_mode", choices=["extractive", "llm"], help="who writes the answers (same as --answer-mode)")
    p.add_argument("--corpus", metavar="DIR", help="score against DIR, indexed into its own cached index "
                                                   "(INDEX_DIR/eval/corpus-HASH, keyed by the files' content)")
    p.add_argument("--split", metavar="NAME", help="only the records whose \"split\" field is NAME (e.g. dev, test)")
    p.set_defaults(func=cmd_eval)

    bench = sub.add_parser("bench", help="benchmarks (retrieval quality and speed)")
    bench_sub = bench.add_subparsers(dest="bench", required=True)
    p = bench_sub.add_parser("retrieval", parents=[common], help="BM25 / dense / hybrid / hybrid+rerank on a BEIR dataset")
    p.add_argument("dataset", metavar="DIR", help="BEIR layout: corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv")
    p.add_argument("--split", default="dev", help="qrels split (default dev)")
    p.add_argument("--json", action="store_true", help="machine-readable results")
    p.add_argument("--report", metavar="OUT_DIR", help="write retrieval.md, retrieval.json and retrieval.png here")
    p.add_argument("--work", metavar="WORK_DIR", help="where the dataset is indexed (default INDEX_DIR/bench/NAME)")
    p.add_argument("--max-queries", type=int, help="only the first N queries (quick runs)")
    p.set_defaults(func=cmd_bench_retrieval)

    p = bench_sub.add_parser("scale", parents=[common], help="ingest speed, index size, memory, latency by corpus size")
    p.add_argument("--split", default="dev", help="qrels split whose queries are asked (default dev)")
    p.add_argument("--sizes", default="10000,100000", help="target chunk counts, comma separated")
    p.add_argument("--queries", type=int, default=100, help="questions timed per size")
    _dataset_args(p, "BEIR dataset whose documents are repeated with variation", "the corpora and indexes", "scale")
    p.set_defaults(func=cmd_bench_scale)

    p = bench_sub.add_parser("ingest", parents=[common], help="parse and chunk speed per format, and what each file yields")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_ingest)

    p = bench_sub.add_parser("evidence", parents=[common],
                             help="yes/no research questions: share of answers citing the RESULTS (PubMedQA dev)")
    p.add_argument("--questions", type=int, default=40, help="yes/no dev questions whose abstracts are indexed")
    p.add_argument("--off-corpus", type=int, default=20, help="further dev questions whose abstracts are not indexed")
    _dataset_args(p, "PubMedQA in BEIR layout with answers-dev.jsonl", "the abstracts and index", "evidence")
    p.set_defaults(func=cmd_bench_evidence)

    p = bench_sub.add_parser("load", parents=[common], help="concurrent chat clients against a served UI")
    p.add_argument("--url", help="a running UI (default: start `cds serve` on a free port and stop it after)")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    p.add_argument("--duration", type=float, default=30, help="seconds of load (default 30)")
    p.add_argument("--questions", metavar="QA.jsonl", default="../shared/eval/seed_dev_qa.jsonl",
                   help="questions to ask (default ../shared/eval/seed_dev_qa.jsonl)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench_load)

    p = sub.add_parser("serve", parents=[common], help="start the web UI")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s", stream=sys.stderr)
    from app.index.server_sync import IndexMismatch
    from app.index.model_ids import ModelNotFound
    from app.index.shared_index import ChromaUnavailable
    from app.index.locking import IngestLocked

    try:
        return args.func(args)
    except (ModelNotFound, ChromaUnavailable, IndexMismatch) as exc:
        print(f"cds: {exc}", file=sys.stderr)
        return 2
    except IngestLocked as exc:  # `ask`/`eval` on an index another process is still building
        print(f"cds: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
