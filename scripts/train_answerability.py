"""Train the answerability head (app/answer/answerability.py) and calibrate its abstention threshold.

Data (nothing here is committed; say where it is with the flags):
- PubMedQA PQA-L dev split (../shared/bench/pubmedqa, built from data/ori_pqal.json of the public
  pubmedqa/pubmedqa repository, MIT licence): questions whose decision is yes/no, their abstracts
  indexed as files. A candidate unit of the question's own abstract under a RESULTS label is a
  positive; its BACKGROUND/OBJECTIVE/METHODS units and units of other abstracts are negatives. The
  first 60 yes/no dev questions are left out: `cds bench evidence` measures on them.
- The realdocs dev split (tests/data/realdocs/questions-dev.jsonl over tests/data/realdocs/corpus)
  and the seed dev set (../shared/eval/seed_dev_qa.jsonl over corpus/): a unit holding one of an
  answerable question's expected facts is a positive; every other unit, and every unit retrieved for
  an unanswerable question, is a negative. Never the realdocs test split.

Features come from the same code path as answering (retrieval, units, relevance, coverage). A
logistic regression (scikit-learn) is fitted on standardised features; the abstention threshold
is the answerer's (CDS_ABSTAIN_THRESHOLD): the head's scores are put on the blend's scale
(AnswerabilityModel.scores). The cross-validated share of questions whose best unit is a positive is
recorded beside the weights. Output: app/answer/models/answerability.json.

    python scripts/train_answerability.py --work /tmp/answerability --realdocs tests/data/realdocs
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.answer.answerability import FEATURES, MODEL_PATH, unit_features  # noqa: E402
from app.bench.evidence import section_at, select  # noqa: E402
from app.bench.retrieval import file_name, read_jsonl  # noqa: E402
from app.ingest.chunking import clean_statement  # noqa: E402

SKIP_BENCH = 60  # yes/no dev questions cds bench evidence asks (40) and asks off-corpus (20)


def pipeline_for(corpus: Path, index: Path):
    from app.pipeline import Pipeline
    from app.settings import Settings

    # Features of the unscored path: the head being trained is not loaded.
    p = Pipeline(Settings(corpus_dir=corpus, index_dir=index, answerability_model="none"))
    p.ingest(progress=False)
    return p


def question_rows(p, question: str, label_of) -> tuple[np.ndarray, np.ndarray, list[str], str]:
    inputs = p.chain.invoke({"question": question, "sources": None, "timings": {}, "top_k": None})
    answerer = p.answerer
    terms, units = answerer.scored_units(question, inputs["passages"], vector=inputs["vector"])
    if not units:
        return np.zeros((0, len(FEATURES)), np.float32), np.zeros(0), [], question
    body = [answerer.terms.coverage(terms, clean_statement(u.text)) for u in units]
    x = unit_features(question, units, body, [u.score for u in units])
    return x, np.asarray([label_of(u) for u in units], dtype=np.float32), [u.text[:120] for u in units], question


def pubmedqa_rows(directory: Path, work: Path, n: int):
    asked, _, _ = select(directory, SKIP_BENCH + n, 0)
    train = asked[SKIP_BENCH:]
    corpus = {str(d["_id"]): d.get("text") or "" for d in read_jsonl(directory / "corpus.jsonl")}
    cdir = work / "pubmedqa-corpus"
    cdir.mkdir(parents=True, exist_ok=True)
    for a in train:
        path = cdir / file_name(str(a["_id"]))
        if not path.exists():
            path.write_text(corpus[str(a["_id"])].strip() + "\n", encoding="utf-8")
    p = pipeline_for(cdir, work / "pubmedqa-index")
    out = []
    for a in train:
        own = file_name(str(a["_id"]))
        text = (cdir / own).read_text(encoding="utf-8")

        def label(u, own=own, text=text):
            return Path(u.chunk.source).name == own and section_at(text, u.start).startswith(("RESULT", "FINDING"))

        out.append(("pubmedqa", True) + question_rows(p, a["question"], label))
    return out


def holds_facts(unit, case: dict) -> bool:
    """A unit answers an eval question when it holds one of its expected facts (a row: its whole row)."""
    text = unit.chunk.text if unit.kind == "row" else unit.text
    return bool(case["answerable"]) and any(f in text for f in list(case.get("all", [])) + list(case.get("any", [])))


def fact_rows(name: str, questions: Path, corpus: Path, index: Path):
    p = pipeline_for(corpus, index)
    out = []
    for q in read_jsonl(questions):
        out.append((name, bool(q["answerable"])) + question_rows(p, q["q"], lambda u, q=q: holds_facts(u, q)))
    return out


def fit(groups):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.concatenate([g[2] for g in groups])
    y = np.concatenate([g[3] for g in groups])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - scaler.mean_) / scale, y)
    return scaler.mean_, scale, clf


def cross_validated_top1(groups, k: int = 5) -> dict:
    """Questions whose best-scored unit is a positive, per source: the blend alone and with the head
    (5-fold by question), scored the way the answerer scores (AnswerabilityModel.scores)."""
    from app.answer.answerability import AnswerabilityModel

    out: dict = {}
    blend = FEATURES.index("blend")
    for fold in range(k):
        train = [g for i, g in enumerate(groups) if i % k != fold and len(g[3])]
        mean, scale, clf = fit(train)
        model = AnswerabilityModel(mean.astype(np.float32), scale.astype(np.float32),
                                   clf.coef_[0].astype(np.float32), float(clf.intercept_[0]))
        for i, g in enumerate(groups):
            if i % k != fold or not len(g[3]):
                continue
            row = out.setdefault(g[0], {"questions": 0, "blend_top1": 0, "head_top1": 0})
            row["questions"] += 1
            row["blend_top1"] += int(g[3][int(np.argmax(g[2][:, blend]))] > 0)
            # Sources are not cached: every unit counts as one document's (an upper bound for PubMedQA).
            row["head_top1"] += int(g[3][int(np.argmax(model.scores(g[5], g[2], [""] * len(g[3]))))] > 0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pubmedqa", type=Path, default=ROOT.parent / "shared" / "bench" / "pubmedqa")
    ap.add_argument("--realdocs", type=Path, default=ROOT / "tests" / "data" / "realdocs")
    ap.add_argument("--realdocs-corpus", type=Path, help="its corpus folder (default REALDOCS/corpus)")
    ap.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "eval" / "seed_dev_qa.jsonl")
    ap.add_argument("--pubmedqa-questions", type=int, default=150)
    ap.add_argument("--work", type=Path, required=True, help="scratch folder for the indexes and cached features")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    cache = args.work / "features.npz"
    if cache.exists():
        d = np.load(cache, allow_pickle=True)
        groups = list(d["groups"])
    else:
        groups = pubmedqa_rows(args.pubmedqa, args.work, args.pubmedqa_questions)
        groups += fact_rows("realdocs-dev", args.realdocs / "questions-dev.jsonl", args.realdocs_corpus or args.realdocs / "corpus",
                            args.work / "realdocs-index")
        groups += fact_rows("seed-dev", args.seed, ROOT / "corpus", args.work / "seed-index")
        np.savez(cache, groups=np.asarray(groups, dtype=object))
    mean, scale, clf = fit(groups)

    cv = cross_validated_top1(groups)
    sources = {}
    for g in groups:
        sources.setdefault(g[0], [0, 0, 0])
        sources[g[0]][0] += 1
        sources[g[0]][1] += len(g[3])
        sources[g[0]][2] += int(g[3].sum())
    model = {
        "features": FEATURES, "mean": mean.tolist(), "scale": scale.tolist(),
        "coef": clf.coef_[0].tolist(), "intercept": float(clf.intercept_[0]),
        "trained_on": {k: {"questions": v[0], "units": v[1], "positives": v[2]} for k, v in sources.items()},
        "cross_validated_top1": cv,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in model.items() if k not in ("mean", "scale")}, indent=1))


if __name__ == "__main__":
    main()
