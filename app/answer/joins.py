"""Sentences that join the best one because the question asks for more than it says: the other side
of "A vs B" or the figures of both, the second ask of "X, and how Y?", the other asks of a list in brackets, the sentence next
to it. Each sentence join returns the units to join (none, one, or one per listed ask); a row join the
row, or None."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from app.answer.coverage import TermCoverage
from app.answer.guards import NARROWING
from app.answer.units import ITEM_LABEL, QuestionTerms, Unit, compared_sides, goes_on, overlaps, sentences_after, side_texts
from app.ingest.chunking import clean_statement
from app.ingest.units import LIST_ITEM
from app.lexicon.medterms import ARM_WORDS, EACH_GROUP, NEGATIONS
from app.text.asks import ask_after
from app.text.lexical import concept_spans, normalize, tokenize
from app.verify.verifier import numbers_in

# fits(unit, asked, asked_terms): the unit is on the question and states the kind of value `asked` wants.
Fits = Callable[[Unit, str, QuestionTerms], bool]

# How far down the candidates a sentence for the second ask is looked for, and how good it must be:
# the candidates are ranked for the whole question, which the second ask is only part of.
_SECOND_ASK_CANDIDATES = 12
_SECOND_ASK_FLOOR = 0.4


def other_side(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
               threshold: float, fits: Fits) -> list[Unit]:
    """Asked "A vs B" and answered for A alone, the document's sentence stating the same measure for B
    (and not for A) joins: "the high-dose group received 6 g in total" and "the low-dose group
    received 2 g"; "discontinuation was 3% with B" does not join an answer on nausea."""
    sides = compared_sides(terms)
    if not sides:
        return []
    covers = lambda u, side: _says_all(coverage, terms, side, u)  # noqa: E731
    said = [side for side in sides if any(covers(t, side) for t in taken)]
    if len(said) != 1:
        return []
    missing = sides[1] if said[0] is sides[0] else sides[0]
    measure = _measure(terms, sides)
    for u in units:
        if u.score < threshold:
            break
        if (u.kind == "sentence" and u.chunk.source == taken[0].chunk.source and covers(u, missing)
                and not covers(u, said[0]) and not any(overlaps(u, t) for t in taken)
                and (not measure.tokens or coverage.coverage(measure, clean_statement(u.text)) > 0)
                and not _narrows_elsewhere(u, terms) and fits(u, terms.text, terms)):
            return [u]
    return []


def _says_all(coverage: TermCoverage, terms: QuestionTerms, words: list[str], u: Unit) -> bool:
    """The unit's own sentence says every one of the words."""
    return coverage.coverage(replace(terms, tokens=words), clean_statement(u.text)) == 1.0


def _measure(terms: QuestionTerms, sides: tuple[list[str], list[str]]) -> QuestionTerms:
    """What the question asks of both sides of "A vs B", which a joining sentence must name too."""
    return replace(terms, tokens=[t for t in terms.tokens if t not in set(sides[0]) | set(sides[1])
                                  and t not in terms.types and not t.startswith("#") and not ARM_WORDS.fullmatch(t)])


# A sentence stating which side did better, and no figure.
_DIRECTION = re.compile(r"\b(?:better|best|worse|worst|superior|inferior|greater|higher|lower\w*|larger|smaller|bigger|biggest|more|"
                        r"less|longer|shorter|fewer|reduc\w*|rais\w*|increas\w*|decreas\w*|rise|rises|fall|falls|gain|gains|drop|drops|chang\w*|"
                        r"improv\w*|outperform\w*|favou?r\w*|advantage\w*)\b", re.I)
# Verbs of the question's wording, no part of the measure ("which gave the bigger rise").
_ASKING_VERBS = frozenset({"had", "gave", "give", "got", "get", "did", "was", "has", "have", "show", "shown", "led", "lead"})


def figures_of_both(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                    threshold: float, fits: Fits) -> list[Unit]:
    """Asked "A vs B" and answered with a direction alone ("A gave a better response than B"), the
    document's sentence giving the figures of both sides joins, so the answer states the values its
    direction rests on. It must name each word of the measure asked other than the direction and the
    question's verbs ("ferritin" asked, haemoglobin figures do not join)."""
    sides = compared_sides(terms)
    if not sides or any(numbers_in(t.text) for t in taken) or not any(_DIRECTION.search(t.text) for t in taken):
        return []
    named = [t for t in _measure(terms, sides).tokens if not _DIRECTION.fullmatch(t) and t not in _ASKING_VERBS]
    if not named:
        return []
    for u in units:
        if u.score < threshold:
            break
        if (u.kind == "sentence" and u.chunk.source == taken[0].chunk.source and len(numbers_in(u.text)) >= 2
                and all(_says_all(coverage, terms, words, u) for words in (sides[0], sides[1], named))
                and not any(overlaps(u, t) for t in taken) and not _narrows_elsewhere(u, terms) and fits(u, terms.text, terms)):
            return [u]
    return []


def other_side_row(terms: QuestionTerms, best: Unit, units: list[Unit], threshold: float, fits: Fits) -> Unit | None:
    """Asked "A vs B" of a table whose rows are the groups compared ("response rate in treatment-naive vs
    pretreated patients"), and answered with A's row, the same table's row labelled with B joins, so the
    answer gives both values. Rows are told apart by their labels (the first cell): a row whose label
    names B's words more than A's, and at least half of them."""
    sides = compared_sides(terms)
    if not sides or best.kind != "row":
        return None

    def said(u: Unit, side: list[str]) -> float:  # the share of the side's words the row's label has
        label = u.chunk.text_at(u.chunk.cells[0].start, u.chunk.cells[0].end) if u.chunk.cells else ""
        return len(set(side) & set(tokenize(label))) / len(side)

    a, b = said(best, sides[0]), said(best, sides[1])
    if a == b:
        return None
    have, missing = (sides[0], sides[1]) if a > b else (sides[1], sides[0])
    return next((u for u in _sibling_rows(best, units, threshold)
                 if said(u, missing) >= 0.5 and said(u, missing) > said(u, have) and fits(u, terms.text, terms)), None)


def each_group_rows(terms: QuestionTerms, best: Unit, units: list[Unit], threshold: float, fits: Fits) -> list[Unit]:
    """Asked of "each cohort" ("both groups", "all the subgroups") and answered with one group's row, the
    same table's other rows that state the asked value join (two at most)."""
    if best.kind != "row" or not EACH_GROUP.search(terms.text):
        return []
    # (Two at most, whatever number the question says: a pooled or total row may be the best one.)
    return [u for u in _sibling_rows(best, units, threshold) if fits(u, terms.text, terms)][:2]


def _sibling_rows(best: Unit, units: list[Unit], threshold: float) -> list[Unit]:
    """The other rows of the best row's table, best first. Another group's row lacks the asked group's
    words, which are part of the question: it scores lower by that much, so the second ask's floor applies."""
    return [u for u in units if u.kind == "row" and u is not best and u.score >= min(threshold, _SECOND_ASK_FLOOR)
            and u.chunk.source == best.chunk.source and u.chunk.section == best.chunk.section]


# The kinds of value a record's item states in a number ("640 patients", "for 2 days", "12%"); a result
# or a design is said in words any item may seem to have ("Response was evaluated ...").
_RECORD_VALUES = frozenset({"#count", "#duration", "#amount", "#rate"})
# An item of a labelled list ("- **Design:** ...", "Population: ...").
_LABELLED = re.compile(rf"{ITEM_LABEL.pattern}|^\s*(?:[-*•]\s+)?[A-Z][\w&/() -]{{1,40}}:\s")


def record_pair(terms: QuestionTerms, units: list[Unit], coverage: TermCoverage, weight: float, threshold: float,
                off_question: Callable[[Unit], bool], fits: Fits) -> tuple[Unit, Unit] | None:
    """Asked for a kind of value (a count, a dose, a duration) of something a labelled list describes
    item by item ("Study Name: <the study>", "Design: ... of 640 patients ... across eleven hospitals"), the
    item stating that kind of value and another item of the same record naming what the question
    names, scored as the two read together: neither says both. None when no pair scores enough."""
    if not _RECORD_VALUES & set(terms.tokens):
        return None
    items = [u for u in units[:_SECOND_ASK_CANDIDATES]
             if u.kind == "sentence" and (u.chunk.lead or _LABELLED.match(u.text)) and not off_question(u)]
    for u in items:
        if not fits(u, terms.text, terms):
            continue
        for v in (v for v in items if v is not u and v.chunk.id == u.chunk.id):
            together = coverage.coverage(terms, f"{u.context} {clean_statement(v.text)}")
            if weight * max(u.relevance, v.relevance) + (1 - weight) * together >= threshold:
                return (v, u) if v.start < u.start else (u, v)
    return None


def _narrows_elsewhere(unit: Unit, terms: QuestionTerms) -> bool:
    """A joining sentence about a population or endpoint the question does not name ("for severe
    disease the dose is ...") speaks of other patients."""
    return bool({g for _, _, g in concept_spans(unit.text)[1] if g in NARROWING} - terms.groups)


# How well a sentence beside the best one must be rated to join it, as a share of the abstention threshold.
NEIGHBOUR_SHARE = 0.5
# Two sentences sharing this share of their words (numbers aside) are one statement made twice.
PARALLEL_SHARE = 0.6


def _parallel(a: Unit, b: Unit) -> bool:
    """Whether two sentences are one statement worded twice, for different groups or values."""
    words = lambda u: {w for w in tokenize(clean_statement(u.text), parts=False) if not any(ch.isdigit() for ch in w)}  # noqa: E731
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) >= PARALLEL_SHARE * len(wa | wb)


def neighbour(terms: QuestionTerms, plain: QuestionTerms, best: Unit, taken: list[Unit], units: list[Unit],
              coverage: TermCoverage, answers: Callable[[Unit], bool], threshold: float) -> list[Unit]:
    """The sentence right before or after the best one in its passage, the better rated of the two that
    `answers` the question, says some of its own words (`plain`) itself, not only through its headings,
    and is rated at least half the abstention threshold: a document often states
    the fact beside the sentence most like the question (the instruction before its exception, a study's
    size before its findings). Realdocs dev: 2 of 20 wrong answers became right, a quarter of the answers
    grew by a sentence."""
    same = sorted((u for u in units if u.kind == "sentence" and u.chunk.id == best.chunk.id), key=lambda u: u.start)
    at = next((k for k, u in enumerate(same) if u is best), None)
    if at is None:
        return []
    beside = [same[k] for k in (at - 1, at + 1) if 0 <= k < len(same)]
    if any(u is t or overlaps(u, t) for u in beside for t in taken):
        return []  # the answer already reads on from the best sentence
    # A side of "A vs B" that the best sentence does not name is other_side's to join, for the same
    # measure: beside A's nausea rate, B's discontinuation rate reads as B's nausea rate.
    names = lambda u, tok: coverage.coverage(replace(terms, tokens=[tok]), clean_statement(u.text)) > 0  # noqa: E731
    unsaid = [tok for side in compared_sides(terms) or () for tok in side if not names(best, tok)]
    # A neighbour worded like the best sentence but for another group ("in treatment-sensitive disease the
    # rate was 55%" beside "... resistant ... 27%") states the same measure for patients not asked about.
    # One that names every asked word the best one names and more is as likely the one asked about.
    asked_by = lambda u: {tok for tok in plain.tokens if names(u, tok)}  # noqa: E731
    joining = [u for u in beside if u.score >= threshold * NEIGHBOUR_SHARE and answers(u)
               and coverage.coverage(plain, clean_statement(u.text)) > 0 and not any(names(u, tok) for tok in unsaid)
               and not (_parallel(u, best) and asked_by(u) < asked_by(best))]
    return sorted(joining, key=lambda u: u.score, reverse=True)[:1]


def second_ask(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
               threshold: float, fits: Fits) -> list[Unit]:
    """Asked "X, and how Y?" (or "X? Y?") and answered about X alone, the document's best sentence saying
    most of what Y adds to X joins ("how many days, and how far can it be extended?": the sentence on
    extending treatment), unless it speaks of other patients or another endpoint."""
    part = _second_part(terms)
    if not part:
        return []
    second, ask_terms = part
    if _speaks_to(ask_terms, taken, coverage):
        return []
    asked = coverage.question_terms(second)
    for u in units[:_SECOND_ASK_CANDIDATES]:
        if u.score < _SECOND_ASK_FLOOR:
            break
        if (u.kind == "sentence" and u.chunk.source == taken[0].chunk.source
                and not any(overlaps(u, t) for t in taken) and not _narrows_elsewhere(u, terms)
                and coverage.coverage(ask_terms, clean_statement(u.text)) >= 0.5 and fits(u, second, asked)):
            return [u]
    return []


def unanswered_part(terms: QuestionTerms, taken: list[Unit], coverage: TermCoverage) -> str | None:
    """What the cited sentences leave unanswered, so the answer can say so: the second ask of
    "X, and how Y?" when none speaks to it, or the side of "A vs B" none names ("B"). Rows are
    left out: a row gives its arms side by side or is declined for lacking one."""
    part = _second_part(terms)
    if part and not _speaks_to(part[1], taken, coverage):
        # The kind of value it asks for, stated, speaks to it too ("what frequency?": "twice daily").
        types = coverage.question_terms(part[0]).types
        if not any(re.search(pattern, clean_statement(u.text), re.I) for u in taken for pattern in types.values()):
            return part[0]
    sides, texts = compared_sides(terms), side_texts(terms.text)
    if not sides or not texts or any(u.kind != "sentence" for u in taken):
        return None
    # A side counts as said when a cited sentence names any of its words, or when it is a comparator
    # arm ("placebo") and a cited sentence names one ("the control arm"): the notice is for a side
    # the answer does not mention at all.
    said = [any(coverage.coverage(replace(terms, tokens=side), clean_statement(u.text)) > 0
                or any(ARM_WORDS.fullmatch(t) for t in side) and ARM_WORDS.search(clean_statement(u.text))
                for u in taken) for side in sides]
    return texts[1 if said[0] else 0] if said.count(True) == 1 else None


def _second_part(terms: QuestionTerms) -> tuple[str, QuestionTerms] | None:
    """The second ask's text and the terms it adds to the first, if the question has one."""
    m = ask_after(terms.text)
    if not m:
        return None
    first = set(tokenize(terms.text[: m.start()]))
    # Its asking words are no terms to find ("how far", "how long").
    ask = re.sub(r"^\w+(?:\s+what)?\s+(?:(?:far|much|many|long|often|soon|late|early)\b)?", "", m.group(1))
    adds = [t for t in terms.tokens if t in set(tokenize(ask)) - first]
    return (m.group(1), replace(terms, tokens=adds)) if adds else None


def _speaks_to(ask_terms: QuestionTerms, taken: list[Unit], coverage: TermCoverage) -> bool:
    return any(coverage.coverage(ask_terms, clean_statement(t.text)) >= 0.5 for t in taken)


# "Glucose targets (fasting, 1h, 2h post meal)?": what the question lists in brackets, each one ask.
_LISTED = re.compile(r"\(([^()]{3,80})\)")
_LISTED_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b|\bor\b)\s*", re.I)


def listed_asks(terms: QuestionTerms) -> list[QuestionTerms]:
    """The asks a question lists in brackets, as terms of their own; none unless there are two or more."""
    m = _LISTED.search(terms.text)
    asks = [replace(terms, tokens=tokens) for part in _LISTED_SPLIT.split(m.group(1))
            if (tokens := [t for t in tokenize(part) if t in terms.tokens])] if m else []
    return asks if len(asks) >= 2 else []


def listed_items(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
                 threshold: float, fits: Fits) -> list[Unit]:
    """Asked of several things the question lists ("fasting, 1h, 2h post meal") and answered with items
    of a list for some of them, the nearest items of that list saying the others join: a list gives one
    ask a line, so the best line answers only its own. An item is judged by its own ask and its list, not
    by the whole question's score (the answer's `threshold`): "fasting: 5.3" says little of the rest."""
    asks = listed_asks(terms)
    items = [u for u in taken if u.kind == "sentence" and LIST_ITEM.match(u.text)]
    says = lambda ask, u: _speaks_to(ask, [u], coverage)  # noqa: E731
    missing = [ask for ask in asks if not _speaks_to(ask, taken, coverage)]
    if not items or not missing or len(missing) == len(asks):
        return []
    # What the quoted lines say of the question beyond the listed asks ("adults: 500 mg orally" says
    # adults), a joining line must say too: "children under 12: 10 mg/kg IV" is no adult's IV dose.
    listed = {t for ask in asks for t in ask.tokens}
    rest = [t for t in terms.tokens if t not in listed and t not in terms.types and not t.startswith("#")]
    held = [t for t in rest if any(says(replace(terms, tokens=[t]), u) for u in items)]
    joined: list[Unit] = []
    for ask in missing:
        near = [u for u in units if u.kind == "sentence" and LIST_ITEM.match(u.text)
                and any(u.chunk.id == t.chunk.id for t in items)
                and not _narrows_elsewhere(u, terms) and all(says(replace(terms, tokens=[t]), u) for t in held)
                and not any(overlaps(u, t) for t in taken + joined) and says(ask, u)
                and not any(says(other, u) for other in asks if other is not ask) and fits(u, terms.text, terms)]
        if near:
            joined.append(min(near, key=lambda u: min(abs(u.start - t.start) for t in items)))
    return joined


_GOES_ON = re.compile(r"(?:continue|repeat|then|thereafter|after that|also|record|measure|check|recheck|take|give|"
                      r"discard|keep|stop|wait|do not|don't|never|avoid|ensure|increase|reduce|titrate|this|these|such)\b", re.I)
_POINTING = {"this", "these", "such"}


def continuation(best: Unit, units: list[Unit], says: Callable[[list[Unit]], bool], threshold: float) -> list[Unit]:
    """A sentence that does not itself state the kind of value asked, followed in its paragraph by one
    that goes on with it and does ("... recorded twice daily." / "Continue recording for at least 4 days."):
    that next sentence, when `says` holds of the two together and of no other candidate above `threshold`
    alone. It goes on with it when it opens with an instruction, a "then" or a word pointing back ("This risk
    is more likely in those over 60"): a sentence opening otherwise
    ("In trial 1, ...") speaks of something else."""
    if best.kind != "sentence":
        return []
    nxt = next((u for u in sentences_after(best, units) if not best.chunk.text_at(best.end, u.start).strip()), None)
    said = clean_statement(nxt.text) if nxt else ""
    opening = _GOES_ON.match(said)
    if opening is None or says([best]):
        return []
    # ("This risk ..." points back only to a sentence naming the risk: "This medicine contains ..." starts anew.)
    noun = said[opening.end():].split()[:1]
    if opening.group(0).lower() in _POINTING and not (noun and set(tokenize(noun[0])) & set(tokenize(best.text))):
        return []
    # (Only where no other candidate states it alone: a sentence that does is the answer, not this pair.)
    if any(u is not best and u is not nxt and u.score >= threshold and says([u]) for u in units[:8]):
        return []
    return [nxt] if says([best, nxt]) else []


# "... what do I do?", "what should she do now": the question asks for what to do, which a leaflet or a
# protocol gives as a few instructions in a row, the later ones qualifying the first ("However, if ...").
_WHAT_TO_DO = re.compile(r"\bwhat\s+(?:(?:do|should|can|must|would)\s+(?:i|we|you|she|he|they)\s+do|to\s+do)\b", re.I)
# (Not "If <another condition>", nor "Keep ..." or "Check ...": a paragraph's next case or its storage advice.)
STEP = re.compile(r"(?:however|but|otherwise|instead|then|after that|do not|don't|never|wait|skip|take|continue|"
                   r"repeat|call|contact|seek|stop|tell|remove|rinse|wash|use|give|avoid)\b", re.I)


def next_steps(terms: QuestionTerms, taken: list[Unit], units: list[Unit], coverage: TermCoverage,
               threshold: float, fits: Fits) -> list[Unit]:
    """Asked what to do and answered with an instruction, the instructions after it in its paragraph
    join (at most two, each opening as a step does): "take it as soon as you remember" is half of what
    to do when the paragraph goes on "However, if ..., skip ..." and "Do not take a double dose ...".
    A blank line or a sentence of another kind ends them."""
    if not _WHAT_TO_DO.search(terms.text) or not taken or taken[0].kind != "sentence":
        return []
    best = taken[0]
    steps: list[Unit] = []
    end = best.end
    for u in sentences_after(best, units):
        if len(steps) == 2 or not goes_on(best.chunk, end, u.start) or not STEP.match(clean_statement(u.text)):
            break
        if not any(overlaps(u, t) for t in taken):
            steps.append(u)
        end = u.end
    return steps


_REPORTED = re.compile(r"^\W*(?:\w+\s+){0,5}?(?:suggests?|suggested|shows?|showed|shown|indicates?|indicated|demonstrates?|"
                       r"demonstrated|finds?|found|concludes?|concluded|confirms?|confirmed|reveals?|revealed)\s+that\s+", re.I)


def restates(a: Unit, b: Unit) -> bool:
    """The same statement made twice (a label repeats its dosing in the summary and the full text):
    nearly the same words, the same numbers and the same negations, so the second adds only length
    ("reduce to 110 mg" and "reduce to 75 mg" are two statements)."""
    # The frame a finding is reported in ("These findings suggest that ...", "This analysis shows that
    # ...") is no part of the statement: an abstract and a discussion restate one finding in two frames.
    x, y = (set(tokenize(_REPORTED.sub("", u.text, count=1))) for u in (a, b))
    if not (x and y) or len(x & y) / len(x | y) < 0.8:
        return False
    words = lambda u: set(re.findall(r"[a-z]+", normalize(u.text)))  # noqa: E731
    return (numbers_in(a.text) == numbers_in(b.text)
            and words(a) & NEGATIONS == words(b) & NEGATIONS)
