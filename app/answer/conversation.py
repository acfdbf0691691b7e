"""Follow-up questions resolved against the conversation, offline.

"And with drug B?" after "What was the ORR with drug A in TRIAL-1?" becomes "What was the
ORR with drug B in TRIAL-1?"; "What was its confidence interval?" after a question about a
hazard ratio becomes "What was the confidence interval of the hazard ratio ...?". The resolved
question is what retrieval and answering see, and it is shown to the user (Answer.interpreted_as),
so a wrong resolution is visible rather than silent. An LLM condenser, when configured, is tried
first (see app.answer.generation); this module is the offline default and the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text.lexical import drug_spans, normalize
from app.lexicon.medterms import SYNONYM_GROUPS, groups_with_role

# A fragment opened by one of these continues the previous question.
_CONTINUATION = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\b|^\s*and\b|^\s*(?:also|same)\s+(?:for|with|in)\b"
    r"|^\s*(?:for|with|in|versus|vs\.?)\b(?!\s+(?:which|what|whom|whose|how)\b)",
    re.I,
)
_WH_START = re.compile(
    r"^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|can|could|should|"
    r"would|will|has|have|had|list|give|tell|describe|explain|compare|summari[sz]e)\b",
    re.I,
)
# Leading words of a question that are not its subject ("What was", "How many patients were in").
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:what|which|how)\s+(?:was|were|is|are|did|does|do)\s+|^\s*(?:was|were|is|are|did|does|do)\s+",
    re.I,
)
_POSSESSIVE = re.compile(r"\b(its|their)\s+", re.I)
_PRONOUN = re.compile(r"\b(it|they|them|this|that|these|those)\b(?!\s+(?:trial|study|studies|arm|drug|group|cohort))", re.I)
_DEMONSTRATIVE_TRIAL = re.compile(r"\b(?:this|that|the same)\s+(trial|study|arm|cohort|group)\b", re.I)
# Words that look like trial acronyms but are clinical abbreviations.
_ABBREVIATIONS = {normalize(p) for group in SYNONYM_GROUPS for p in group} | {"nct", "fda", "ema", "usa", "uk"}
_TRIAL = re.compile(r"(?<![\w-])(?:NCT\d{8}|(?:[A-Z][A-Za-z0-9]*-)?[A-Z]{3,}[A-Z0-9]*(?:-\d+)?)(?![\w-])")


@dataclass(frozen=True)
class Slots:
    drugs: list[tuple[int, int, str]]
    trials: list[tuple[int, int, str]]
    measures: list[tuple[int, int, str]]


def _trial_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TRIAL.finditer(text)
            if normalize(m.group(0)) not in _ABBREVIATIONS]


# Outcome measures a follow-up may swap ("And the PFS?"); the longest phrase wins where they overlap.
_MEASURE_GROUPS = [SYNONYM_GROUPS[i] for i in sorted(groups_with_role("measure"))]
_MEASURE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted((re.escape(p) for g in _MEASURE_GROUPS for p in g), key=len, reverse=True)) + r")(?![\w-])",
    re.I,
)
# Parts of a reported result: asking for one keeps the measure it belongs to.
_RESULT_PARTS = re.compile(r"\b(?:confidence interval|ci|p[- ]?value|p|median|range|95%|significan\w*|number|n)\b", re.I)


def _measure_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _MEASURE_RE.finditer(text)]


def slots(text: str) -> Slots:
    return Slots(drug_spans(text), _trial_spans(text), _measure_spans(text))


def subject(question: str) -> str:
    """What a question is about: "What was the HR for PFS in TRIAL-1?" -> "the HR for PFS in TRIAL-1"."""
    body = question.strip().rstrip("?.! ")
    stripped = _SUBJECT_PREFIX.sub("", body, count=1)
    return stripped if stripped != body else re.sub(r"^\s*(?:what|which|how|who)\b\s*", "", body, flags=re.I)


def is_follow_up(question: str) -> bool:
    q = question.strip()
    if _CONTINUATION.match(q):
        return True
    if _DEMONSTRATIVE_TRIAL.search(q) or _POSSESSIVE.search(q):
        return True
    # A pronoun that refers back, in a question that names nothing of its own.
    own = slots(q)
    return bool(_PRONOUN.search(q)) and not (own.drugs or own.trials or own.measures)


def resolve(question: str, history: list[str]) -> str:
    """The stand-alone form of `question` given the earlier (already resolved) questions."""
    if not history or not is_follow_up(question):
        return question
    prev = history[-1].strip()
    q = question.strip()

    if _CONTINUATION.match(q) and not _WH_START.match(re.sub(r"^\s*and\s+", "", q, flags=re.I)) \
            or re.match(r"^\s*(?:and\s+)?(?:what|how)\s+about\b", q, re.I):
        return _swap(prev, q)

    resolved = q
    prev_slots, own = slots(prev), slots(q)
    if _DEMONSTRATIVE_TRIAL.search(resolved) and (prev_slots.trials or _study_phrase(prev, _DEMONSTRATIVE_TRIAL.search(resolved).group(1))):
        noun = _DEMONSTRATIVE_TRIAL.search(resolved).group(1)
        phrase = _study_phrase(prev, noun) or f"the {prev_slots.trials[0][2]} {noun}"
        resolved = _DEMONSTRATIVE_TRIAL.sub(lambda m: phrase, resolved, count=1)
    elif _POSSESSIVE.search(resolved):
        # "What was its confidence interval?" -> "What was the confidence interval of <subject>?"
        m = _POSSESSIVE.search(resolved)
        rest = resolved[m.end():].rstrip("?.! ")
        resolved = f"{resolved[:m.start()]}the {rest} of {subject(prev)}?"
    elif _PRONOUN.search(resolved):
        # "How does it cross ...": an agent's verb after "it" points at the one drug asked about;
        # otherwise ("Was it significant?") "it" is the previous question's subject.
        agent = re.search(r"\b(?:does|did|do|can|could|will|would)\s+it\b", resolved, re.I)
        drugs = list(dict.fromkeys(d.lower() for _, _, d in prev_slots.drugs))
        if agent and len(drugs) == 1:
            referent = prev_slots.drugs[0][2]
        elif agent and _study_phrase(prev):
            referent = _study_phrase(prev)  # "How many sites did it use?" -> the study
        else:
            referent = subject(prev)
        resolved = _PRONOUN.sub(lambda _: referent, resolved, count=1)
    # Carry what the follow-up leaves out and the earlier question named.
    missing = []
    if not own.drugs and prev_slots.drugs and not _names_any(resolved, prev_slots.drugs):
        missing += [d for _, _, d in prev_slots.drugs]
    if not own.trials and prev_slots.trials and not _names_any(resolved, prev_slots.trials):
        missing += [t for _, _, t in prev_slots.trials]
    if missing:
        resolved = resolved.rstrip("?.! ") + " (" + ", ".join(dict.fromkeys(missing)) + ")?"
    return resolved


def _study_phrase(question: str, noun: str | None = None) -> str:
    """The study a question names, as written: "the 2025 real-world study", "the TRIAL-1 trial"."""
    nouns = re.escape(noun) if noun else r"(?:trial|study|analysis|cohort)"
    m = re.search(rf"\b(?:the|a|an)\s+(?:[\w.-]+\s+){{0,4}}?{nouns}\b", question, re.I)
    if not m:
        return ""
    return re.sub(r"^(?:a|an)\b", "the", m.group(0), flags=re.I)


def _names_any(text: str, spans) -> bool:
    low = text.lower()
    return any(re.search(r"(?<![\w-])" + re.escape(v.lower()) + r"(?![\w-])", low) for _, _, v in spans)


def _swap(prev: str, fragment: str) -> str:
    """Apply an elliptical follow-up ("And with drug B?", "What about TRIAL-2?") to the previous
    question: each drug, trial or measure the fragment names replaces the previous one; anything
    else it says is added as a qualifier."""
    frag = re.sub(r"^\s*(?:and\s+)?(?:(?:what|how)\s+about|also|same)\s*|^\s*and\s+", "", fragment, flags=re.I)
    frag = frag.strip().rstrip("?.! ")
    if re.fullmatch(r"(?:with|without)(?:\s+(?:it|that|them|one))?", frag, re.I):
        # "And without?": the previous question's with/without qualifier, flipped.
        drug_starts = {s for s, _, _ in drug_spans(prev)}
        # "with <drug>" names an arm, not a qualifier.
        flip = next((m for m in re.finditer(r"\b(without|with)\s+", prev, re.I) if m.end() not in drug_starts), None)
        if flip:
            word = "with" if flip.group(1).lower() == "without" else "without"
            return prev[: flip.start()] + word + " " + prev[flip.end():]
        return prev
    new, old = slots(frag), slots(prev)
    out = prev.strip()
    used = False
    for kind in ("drugs", "trials", "measures"):
        values, targets = getattr(new, kind), getattr(old, kind)
        if values and targets:
            # Replace from the end so earlier offsets stay valid.
            pairs = list(zip(targets, values))
            for (s, e, _), (_, _, v) in sorted(pairs, key=lambda p: p[0][0], reverse=True):
                out = out[:s] + v + out[e:]
            used = True
            old = slots(out)
        elif values:
            used = False
            break
    if used and _only_slots(frag, new):
        return out
    if used:
        # Slots swapped and something more said ("with <drug> in patients with prior radiotherapy").
        extra = _without_slots(frag, new)
        return _requalify(out, extra) if extra else out
    return _requalify(out, frag)


def _requalify(question: str, qualifier: str) -> str:
    """Add a qualifier, replacing the previous question's opposite one: "And with prior
    radiotherapy?" after "... without prior radiotherapy?" swaps "without" for "with"."""
    m = re.match(r"^(?:in\s+)?(?:patients\s+|those\s+|people\s+)?((?:(?:without|with|not|no)\s+|non-?\s*)(.+))$", qualifier, re.I)
    if m:
        opposite = re.compile(r"\b(?:(?:without|with|not|no)\s+|non-?\s*)" + re.escape(m.group(2)), re.I)
        if opposite.search(question):
            return opposite.sub(lambda _: m.group(1), question, count=1)
    # "And in real-world post-<drug> patients?": a new population replaces the previous one.
    population = r"\b(?:in|among|for)\s+(?:the\s+)?[^?,;]*?\b(?:patients|cohort|group|population|subgroup|arm)\b"
    if re.fullmatch(population, qualifier, re.I) and re.search(population, question, re.I):
        return re.sub(population, lambda _: qualifier, question, count=1, flags=re.I)
    return question.rstrip("?.! ") + f" {qualifier}?"


def _only_slots(frag: str, found: Slots) -> bool:
    return not _without_slots(frag, found)


def _without_slots(frag: str, found: Slots) -> str:
    spans = sorted(found.drugs + found.trials + found.measures, reverse=True)
    for s, e, _ in spans:
        # The name goes with the preposition that introduced it ("with <drug>").
        before = re.search(r"(?:\b(?:with|in|for|on|of|vs\.?|versus|the)\s+)*$", frag[:s], re.I)
        frag = frag[: before.start()] + frag[e:]
    frag = " ".join(frag.split())
    frag = re.sub(r"^(?:(?:and|the|trial|study|arm|group|,)\s*)+|(?:\s*(?:and|the|trial|study|arm|group|,))+$", "", frag, flags=re.I)
    return frag.strip()
