"""The patients a question excludes: asked about patients *without* a finding, evidence about
patients *with* it is not an answer."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import QUESTION_WORDS, QuestionTerms, Unit, numbers_spelled, same_word
from app.lexicon.medterms import NEGATIONS, UNEXPOSED
from app.text.lexical import STOPWORDS, concept_groups, normalize, tokenize

# What a negation excludes: up to four words after it.
_NEGATED = re.compile(r"\b(?:without|no|non|not|never|unrelated to)\b[\s-]+((?:[a-z0-9]+[\s-]+){0,3}[a-z0-9]+)")
_NAIVE = re.compile(r"\b([a-z0-9]+(?:-[a-z0-9]+)?)[\s-]na[iï]ve\b")
# After "not", a preposition or article negates a circumstance ("a delivery not at B"), not an alternative.
_NOT_ALTERNATIVE = re.compile(r"(?:at|in|on|for|with|to|from|by|of|the|a|an|be|been|being|yet|as|if)\b")
# Evidence negates an ability or a means too: "unable to swallow tablets", "if IV access cannot be
# obtained" (what it lacks written before it), as a question's "can't swallow", "no IV access" does.
# Such a phrase says the same only of the same thing: its first word and another of its words are the
# question's ("cannot take a tablet" is not "not taking drugA").
_UNABLE = re.compile(r"\b(?:cannot|unable to)\b[\s-]+((?:[a-z0-9]+[\s-]+){0,3}[a-z0-9]+)")
_NOT_HAD = re.compile(r"((?:[a-z0-9]+[\s-]+)?[a-z0-9]+)\s+(?:cannot|can not|could not|is not|are not|was not|were not)\s+"
                      r"(?:be\s+)?(?:obtained|available|possible|secured|sited|placed)\b")


def contradicts_negation(unit: Unit, terms: QuestionTerms) -> bool:
    """The evidence names what the question negates and negates nothing (asked about patients without
    a prior treatment, evidence about those who had it)."""
    norm = numbers_spelled(normalize(terms.text))
    negated, naive = _NEGATED.findall(norm), _NAIVE.findall(norm)
    if not (negated or naive):
        return False
    evidence = normalize(unit.context)
    # "Radiation-naive" negates radiation as "without radiation" does, unless the evidence is about
    # patients who never had something too ("previously untreated", "TKI-naive").
    negated += [] if re.search(UNEXPOSED, evidence) else naive
    if not negated:
        return False
    # Evidence that negates too may say the same ("no prior radiotherapy"): only a negation of other
    # words ("no prior surgery" beside "measurable lesions", asked about non-measurable ones) leaves it
    # about what the question negates.
    ev_phrases = [(p, tokenize(p)) for p in _NEGATED.findall(evidence)]
    # (what it lacks: its first word, and its other words with their synonyms)
    lacking = [(toks[0], set(toks[1:]) | {f"g{g}" for g in concept_groups(" ".join(p.split()[1:]))})
               for pattern in (_UNABLE, _NOT_HAD) for p in pattern.findall(evidence) if (toks := tokenize(p))]
    ev_negated = set().union(*(set(toks) | {f"g{g}" for g in concept_groups(p)} for p, toks in ev_phrases))
    ev_heads = {toks[0] for _, toks in ev_phrases if toks}  # the word each negation negates first
    if set(re.findall(r"[a-z]+", evidence)) & NEGATIONS and not ev_negated:
        return False
    ev_tokens = set(tokenize(evidence)) | {f"g{g}" for g in concept_groups(evidence)}
    asked = _said_outside_negations(norm)
    # "deliver at <A> not <B>": B is the alternative set aside, and evidence choosing A answers, naming B or not.
    chosen = {}
    for m in _NEGATED.finditer(norm):
        before = re.search(r"\b(?:at|in|on|via|by|from|with)\s+([a-z0-9]+)\s+$", norm[: m.start()])  # ("women not ...": a negation)
        if (norm.startswith("not", m.start()) and before and not _NOT_ALTERNATIVE.match(m.group(1))
                and before.group(1) not in STOPWORDS and not set(tokenize(before.group(1))) <= QUESTION_WORDS):
            chosen[m.group(1)] = before.group(1)
    for phrase in negated:
        if phrase in chosen and set(tokenize(chosen[phrase])) <= ev_tokens:
            continue
        want = (set(tokenize(phrase)) - QUESTION_WORDS) | {f"g{g}" for g in concept_groups(phrase)}
        words = {t for t in want if not t.startswith("g")}
        head = tokenize(phrase)[:1]
        if (head and head[0] in ev_heads) or len(want & ev_negated) >= max(1, round(len(want) * 2 / 3)):
            continue  # the evidence negates the same thing ("not severe" for "non-severe")
        plain = re.sub(r"^(?:able|possible)\s+to\s+", "", phrase)  # "not able to swallow": "swallow"
        lacks = [t for t in tokenize(plain) if t not in QUESTION_WORDS]
        others = set(lacks[1:]) | {f"g{g}" for g in concept_groups(" ".join(plain.split()[1:]))}
        if lacks and any(first == lacks[0] and (not rest or not others or rest & others) for first, rest in lacking):
            continue  # or says it lacks it ("unable to swallow whole tabs" for "can't swallow tabs")
        if words and all(any(w == t or same_word(w, t) for t in asked) for w in words):
            continue  # all of it: "kidney transplant ... without kidney failure" names only the kidney
        if words and len(want & ev_tokens) >= max(1, round(len(want) * 2 / 3)):
            return True
    return False


@lru_cache(maxsize=64)
def _said_outside_negations(question: str) -> frozenset[str]:
    """The words a (normalised) question says outside its negations, read once per question rather than
    once per candidate unit: asked of both sides ("in pregnancy ... different from non-pregnant?"),
    evidence on either answers part of it."""
    return frozenset(tokenize(_NAIVE.sub(" ", _NEGATED.sub(" ", question))))
