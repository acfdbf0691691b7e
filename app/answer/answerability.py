"""A learned answerability head: how likely a candidate unit (sentence or table row) answers the
question, from features of the pair that hold on any clinical document.

The features are the MiniLM cosine of question and unit (stored at ingest), IDF-weighted coverage of
the question's terms (with and without headings), how the unit compares with the best candidate,
whether it states a number when a quantity is asked, and for yes/no research questions whether it
reports results (comparisons, effect sizes, P values) or restates the question (objective, purpose,
background). A logistic regression over them is trained by scripts/train_answerability.py; its
weights are a small JSON file (app/answer/models/answerability.json, see MODEL_CARD.md there)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.ingest.chunking import clean_statement
from app.lexicon.medterms import ANSWER_TYPES
from app.text.lexical import normalize, tokenize

MODEL_PATH = Path(__file__).with_name("models") / "answerability.json"

_YES_NO = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|may|might)\b", re.I)
# A yes/no research question, also as a title ("Cold knife conization vs. LEEP. Are they the same
# procedure?"): an auxiliary verb asks and no wh-word does ("In which country was ...").
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.I)
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|may|might)\b", re.I)
# Words by which a fragment asks for a value, not a yes or no.
_VALUE = re.compile(r"\b(?:max(?:imum)?|min(?:imum)?|number of|no\. of|total)\b", re.I)


# Two alternatives offered ("... in treatment-naive or previously treated pts?", "investigator-read or
# centrally reviewed?"): the question asks which, not whether something works.
_ALTERNATIVES = re.compile(r"\b(?:is|are|was|were)\b[^?]*?\w\s+or\s+(?!not\b|no\b|otherwise\b|other\b|any\b|so\b)\w", re.I)
_OUTCOME = re.compile(ANSWER_TYPES["#efficacy"], re.I)
# An effect, a judgement or a use asked of the alternatives ("safe in pregnancy or breastfeeding?", "ok with
# A or B?", "used in renal or hepatic impairment?"): whether, of each, not which.
_WHETHER = re.compile(r"\b(?:affect|effect|influenc|chang|alter|interact|work|help|should|recommend|safe|ok|okay|fine|"
                      r"risk|harm|toleran|tolerat|need|requir|allow|contraindicat|indicat|use|used|given|take|taken|"
                      r"adjust|avoid|caus|link|associat|relat)\w*", re.I)


def asks_which(question: str) -> bool:
    """A choice between two alternatives that names no outcome, effect or judgement: a sentence stating
    one of them answers, an objective naming the population studied too (evidence first is for whether
    X works)."""
    return bool(_ALTERNATIVES.search(question)) and not (_OUTCOME.search(question) or _RESULT_CUES.search(question)
                                                         or _WHETHER.search(question))


def is_yes_no(question: str) -> bool:
    """Asked as yes/no ("Does X ...?"), or a fragment with an auxiliary and no wh-word ("X ok in
    pregnancy, can I?"), unless the fragment asks for a value ("max number of sessions pts could get")."""
    return bool(_YES_NO.match(question)) or (not _WH.search(question) and bool(_AUXILIARY.search(question))
                                             and not _QUANTITY.search(question) and not _VALUE.search(question))


_QUANTITY = re.compile(r"\bhow (?:many|much|long|often|soon|high|low|frequent)\b|\bdose\b|\bdosage\b|\brate\b|\bpercent|"
                       r"\bproportion\b|\bduration\b|\bhalf-life\b|\bwhat (?:is|was|are|were) the (?:\w+ ){0,3}(?:number|level|"
                       r"threshold|cut-?off|interval|volume|concentration|weight)\b|\bwhen\b|\bat what\b", re.I)
_NUMBER = re.compile(r"\d")
_RESULT_CUES = re.compile(r"\bsignifican\w*|\bp\s*[<=>≤≥]\s*0?\.\d|\b(?:increas|decreas|reduc|improv|higher|lower|"
                          r"greater|fewer|more|less|longer|shorter|associat|correlat|compared|versus|vs\.?|differ|"
                          r"odds ratio|hazard ratio|relative risk|\bor\b\s*[=:]|\bhr\b|\brr\b|95%|ci\b)\w*", re.I)
_OBJECTIVE_CUES = re.compile(r"\b(?:aim|aims|aimed|objective(?! response)|objectives|purpose|goal|we sought|sought to|to determine|"
                             r"to evaluate|to assess|to investigate|to examine|to compare|to test|to explore|hypothes\w*|"
                             r"whether|was investigated|were investigated|is unknown|remains unclear|unclear)\b", re.I)
_LABEL = re.compile(r"([A-Z][A-Z &/-]{2,40}):\s")
_BACKGROUND = re.compile(r"\b(?:background|introduction|objectives?|aims?|purpose|hypothes\w*|rationale|context|question)\b", re.I)
_RESULTS = re.compile(r"\b(?:results?|findings?|outcomes?|conclusions?|efficacy|safety|adverse)\b", re.I)
_METHODS = re.compile(r"\b(?:methods?|design|setting|participants|patients|interventions?|measurements?|procedures?)\b", re.I)

FEATURES = [
    "relevance", "coverage", "body_coverage", "blend", "relevance_gap", "coverage_gap", "has_number",
    "asks_quantity", "number_for_quantity", "yes_no", "result_cues", "objective_cues", "yes_no_results",
    "yes_no_objective", "restates", "background_label", "results_label", "methods_label", "is_row", "asks_back",
]


def section_label(unit) -> str:
    """The label a unit sits under: an inline abstract label ("RESULTS:") before it in its passage,
    else its last heading."""
    c = unit.chunk
    before = c.text[: unit.start - c.start + 40]
    labels = [m for m in _LABEL.finditer(before) if m.start() <= unit.start - c.start + 2]
    if labels:
        return labels[-1].group(1)
    return c.heading


def unit_features(question: str, units: list, body_coverage: list[float], blend: list[float]) -> np.ndarray:
    """One row of FEATURES per unit (units already carry relevance and coverage)."""
    yes_no = 1.0 if _YES_NO.match(question) else 0.0
    quantity = 1.0 if _QUANTITY.search(question) else 0.0
    q_tokens = set(tokenize(question))
    best_rel = max((u.relevance for u in units), default=0.0)
    best_cov = max((u.coverage for u in units), default=0.0)
    rows = []
    for u, body_cov, b in zip(units, body_coverage, blend):
        body = clean_statement(u.text)
        toks = set(tokenize(body))
        label = section_label(u)
        number = 1.0 if _NUMBER.search(body) else 0.0
        results = min(len(_RESULT_CUES.findall(body)), 3) / 3
        objective = min(len(_OBJECTIVE_CUES.findall(body)), 2) / 2
        restates = len(q_tokens & toks) / len(q_tokens | toks) if q_tokens | toks else 0.0
        rows.append([
            u.relevance, u.coverage, body_cov, b, u.relevance - best_rel, u.coverage - best_cov, number,
            quantity, number * quantity, yes_no, results, objective, yes_no * results, yes_no * objective,
            restates, 1.0 if _BACKGROUND.search(label) else 0.0, 1.0 if _RESULTS.search(label) else 0.0,
            1.0 if _METHODS.search(label) else 0.0, 1.0 if u.kind == "row" else 0.0,
            1.0 if _asks(body) else 0.0,
        ])
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))


def _asks(body: str) -> bool:
    """A unit that is itself a question ("Does X reduce Y?"); an instruction ("Do not take X with Y")
    starts the same way and answers."""
    norm = normalize(body)
    return body.rstrip().endswith("?") or (norm.startswith(("is ", "does ", "do ", "can "))
                                           and not re.match(r"(?:is|does|do|can) not\b", norm))


def _restates(row: np.ndarray) -> bool:
    """A unit that poses the question or says how it was studied, rather than answering it."""
    return any(row[FEATURES.index(f)] > 0 for f in ("objective_cues", "background_label", "methods_label", "asks_back"))


@dataclass(frozen=True)
class AnswerabilityModel:
    """Logistic regression over standardised FEATURES."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "AnswerabilityModel | None":
        """The model at `path`; None for the packaged path when no model ships (the blend is used)."""
        if not path.exists():
            if path == MODEL_PATH:
                return None
            raise FileNotFoundError(f"CDS_ANSWERABILITY_MODEL={path} does not exist")
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("features") != FEATURES:
            raise RuntimeError(f"{path} was trained on other features; retrain with scripts/train_answerability.py")
        return cls(np.asarray(d["mean"], np.float32), np.asarray(d["scale"], np.float32),
                   np.asarray(d["coef"], np.float32), float(d["intercept"]))

    def scores(self, question: str, x: np.ndarray, places: list) -> np.ndarray:
        """Answerability on the blend's scale, so one abstention threshold serves both. Evidence
        first: when a yes/no question's best-covered unit only restates it (an objective, purpose,
        background or methods, or a question itself), the head ranks that document's units (`places`
        names each unit's document and section; another section's only when it says at least half as
        much of the question) and the best unit's coverage still decides whether anything answers. Otherwise the
        blend stands: on the dev questions the head moved factual answers too little to pay for the
        answers it lost (cross-validated best-unit hits on realdocs dev 24 -> 29, but held-out seed
        questions fell below the threshold)."""
        blend = x[:, FEATURES.index("blend")]
        p = self.predict(x)
        top = int(np.argmax(blend))
        if is_yes_no(question) and not asks_which(question) and _restates(x[top]):
            coverage = x[:, FEATURES.index("coverage")]
            # Its document's units rank by the head; in another section only those saying at least half
            # as much of the question (a paper's results do; a long note's takeaway on another topic not).
            # Only a unit reporting a result (a comparison, an effect, a P value, a table row of values) or under
            # a results label answers whether something works: a dose or an instruction of the document does not.
            column = lambda name: x[:, FEATURES.index(name)] > 0  # noqa: E731
            aim = column("objective_cues") | column("background_label") | column("asks_back")
            found = (column("result_cues") | column("results_label")) & ~aim | column("is_row") & column("has_number")
            found[top] |= not aim[top]  # (a method answers whether it was done)
            same = np.asarray([place[0] == places[top][0] and (place == places[top] or cov >= 0.5 * coverage[top])
                               for place, cov in zip(places, coverage)]) & found
            return np.where(same, blend[top] - (p[same].max() - p), blend - 1.0) if same.any() else blend - 1.0
        return blend

    def predict(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0, np.float32)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
