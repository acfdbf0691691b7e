"""What a question asks about, which the evidence must name in some form: the thing of "what was the
X", the event whose rate or count is asked for, the thing a verbless or dash-and-wh-word question starts
with. The answerer checks it against each candidate unit with its headings."""

from __future__ import annotations

import re
from functools import lru_cache

from app.answer.units import QUESTION_WORDS
from app.lexicon.medterms import ANSWER_TYPES, MEASURES, VALUE_ATTRIBUTES
from app.text.lexical import concept_groups, drug_spans, tokenize

# "What was the primary endpoint ...": the thing asked for, which the evidence must name in some form.
_FOCUS = re.compile(r"\b(?:what|which)\s+(?:is|was|are|were)\s+(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+?)\s*"
                    r"(?:\b(?:of|for|in|with|at|on|by|after|between|per|to|from|when|if|and)\b|[?,:(]|$)", re.I)


# "What <thing> should / does ...": the thing asked for, before the verb.
_WH_VERB = re.compile(r"^\W*(?:what|which)\s+((?:[\w-]+\s+){1,3}?[\w-]+?)\s+(?:should|does|do|did|can|would|will|must)\b", re.I)


# "... - when to <do> <thing>?": what is to be done, whose time is asked.
_WHEN_TO = re.compile(r"\b(?:when|how\s+soon)\s+(?:to|should\s+(?:i|we|you|they)|do\s+(?:i|we|you))\s+"
                      r"((?:[\w-]+\s+){1,3}?[\w-]+?)\s*(?:[?,.;]|$)", re.I)


# "How common is <event> with <drug>?": the event whose rate is asked for; one word is enough.
_RATE_OF = re.compile(r"\bhow\s+(?:common|frequent|likely|rare)\s+(?:is|are|was|were)\s+((?:[\w&/-]+\s+){0,3}?[\w&/-]+?)\s*"
                      r"(?:\b(?:with|on|in|after|during|for|among|from|when|if|while|under|at)\b|[?,:(]|$)", re.I)


# "Incidence of <event> with <drug>?", "is <event> a common side effect of <drug>?": the event whose rate is asked.
_INCIDENCE_OF = re.compile(r"\b(?:incidence|frequency|proportion|percentage)\s+of\s+((?:[\w-]+\s+){0,2}?[\w-]+?)\s*"
                           r"(?:\b(?:with|on|in|after|during|for|among|from|when|if|while|under|at|by|versus|vs|and|is|are|was|"
                           r"were)\b|[?,:(]|$)|^\W*(?:is|are)\s+((?:[\w-]+\s+){0,2}?[\w-]+?)\s+an?\s+(?:common|frequent|rare|"
                           r"known|recognised|recognized)\s+(?:side[- ]effects?|adverse)", re.I)


# "<event> rate <drug> vs <drug>", "<event> <drug> vs <drug> %", "<outcome> <drug> vs <drug> p value": a question
# without a verb that names an event before its rate (or ends asking a percentage or a P value) asks of that event.
_EVENT_RATE = re.compile(r"^\W*(?:(?:overall|total|any|max|maximum|mean|median|average|pooled|the)\s+)*"
                         r"(?!(?:heart|pulse|respiratory|breathing|infusion|flow|filtration|dose|dosing|sedimentation)\b)"
                         r"(?:((?:[\w-]+\s+)?[\w-]+?)\s+(?:rates?|incidence|frequency)\b|([\w-]+(?:\s+[\w-]+)??)\s[^?]*\s(?:%|p[- ]?values?)\s*\??\s*$)", re.I)


# "How many patients achieved <outcome> with <drug>?", "what % of <drug> pts reported <outcome>?": the outcome counted.
_COUNT_OF = re.compile(r"\b(?:how\s+many|what\s+(?:%|per\s*cent(?:age)?|percentage|proportion|share|fraction)\s+of)(?:\s+[\w-]+){0,5}?\s+(?:achieved|reached|attained|met|had|experienced|developed|reported|"
                       r"showed|needed|required|stopped|discontinued)\s+((?:[\w&/≤≥<>=.%-]+\s+){0,3}?[\w&/≤≥<>=.%-]+?)\s*"
                       r"(?:\b(?:with|on|in|after|during|for|among|from|when|if|while|under|at|by|versus|vs|compared|because|due)\b"
                       r"|[?,:(]|$)", re.I)


# "<drug> and <outcome> risk?", "risk of <outcome> with <drug>": the outcome whose risk is asked for.
_RISK_OF = re.compile(r"\b(?:risks?|chances?)\s+of\s+((?:[\w-]+\s+){0,2}?[\w-]+?)\s*"
                      r"(?:\b(?:with|on|in|after|during|for|among|from|when|if|while|under|at|by|versus|vs|and|is|are|was|"
                      r"were|increased|reduced|raised|higher|lower|greater)\b|[?,:(]|$)"
                      r"|\b(?!(?:the|a|an|any|high|higher|low|lower|increased|reduced|raised|absolute|relative|overall|"
                      r"baseline|greater|lifetime|theoretical|potential|possible|serious|significant|known|small|"
                      r"real|added|extra|excess|what|whats|s|no|of|and|or|at)\b)([a-z][\w-]+)\s+risks?\b", re.I)


# "<thing> after <context> - when?": a bare wh-word after a dash asks about the thing named first.
_BARE_ASK = re.compile(r"^\s*((?:[\w/&-]+\s+){0,2}?[\w/&-]+?)(?:\s+(?:to|of|for|in|with|after|during|on|under|at|before|from)"
                       r"\b[^-–?]*)?\s+[-–:]\s*(?:when|how often|how soon)\s*\??\s*$", re.I)


# "Contraindications to <drug>?": a question without a verb asks for the thing it starts with.
_VERBLESS = re.compile(r"^\s*((?:[\w/-]+\s+){0,2}?[\w/-]+?)\s+(?:to|of|for|in|with|after|during|on|under)\b", re.I)
_POINT_ESTIMATE = re.compile(r"\bpoint\s+estimates?\s+(?:and|&|with|plus)\s+|\bpoint\s+estimates?\s+(?:of|for)\s+(?:the\s+)?", re.I)


def without_point_estimate(question: str) -> str:
    """"The point estimate and 95% CI for the HR", "the point estimate of the HR" ask the HR's value: the
    words are no term to find, nor what is asked for."""
    return _POINT_ESTIMATE.sub("", question)
_ATTRIBUTES = frozenset(tokenize(" ".join(VALUE_ATTRIBUTES), parts=False))
_MEASURE_WORDS = frozenset(tokenize(" ".join(MEASURES), parts=False))  # "target", "median": the kind of value asked
_TIME_OF_DAY = re.compile(r"\btimes?\s+of\s+(?:the\s+)?day\b", re.I)
_CLAUSE_BREAK = re.compile(r"\s[-–:]\s|[:;]")
_ASKS = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|does|do|did|can|could|should|"
                   r"would|will|has|have|had|may|might|must)\b", re.I)


# "How was <drug> uptitrated (in the trial)?": the deed asked about, which the answer must name; a deed
# said in many ways ("measured", "assessed", "given", "treated") is left to the question's other words.
_HOW_DONE = re.compile(r"^\W*how\s+(?:was|were|is|are)\s+(?:[\w-]+\s+){1,4}?([a-z]{4,}ed)\s*(?:\?|$|\b(?:in|at|for|during|"
                       r"on|over|before|after|across)\b)", re.I)
_SAID_MANY_WAYS = frozenset(tokenize("measured assessed evaluated determined calculated defined done performed conducted "
                                     "managed treated given used handled analysed analyzed reported recorded collected "
                                     "obtained selected chosen identified diagnosed followed monitored checked administered delivered "
                                     "applied taken prescribed"))


def focus(question: str) -> list[str]:
    """The tokens of the thing a "what was the X" question asks for, when X has two words or more (one
    word is often the document's abbreviation or a field label), or that a verbless "X of Y?" asks
    for, when X is one word the lexicon knows in all its names ("contraindications"), or the event
    whose rate "how common is X", count "how many patients had X" or risk "risk of X" asks for, or the
    X of "X after Y - when?"."""
    # ("What time of day should <X> be taken?" asks for a time, as "what time" does: "day" is no thing to name.)
    question = _TIME_OF_DAY.sub("time", without_point_estimate(question))
    done = _HOW_DONE.match(question)
    if done and not set(tokenize(done.group(1))) & _SAID_MANY_WAYS:
        return [t for t in tokenize(done.group(1), parts=False) if t not in QUESTION_WORDS]
    bare = _BARE_ASK.match(question)
    event = (_RATE_OF.search(question) or _COUNT_OF.search(question) or _RISK_OF.search(question) or _INCIDENCE_OF.search(question)
             or (bare if bare and not _ASKS.search(bare.group(1)) else None)
             or (None if _ASKS.search(question) else _EVENT_RATE.match(question)))
    thing = next((g for g in event.groups() if g), "") if event else ""
    if thing and not drug_spans(thing):
        tokens = [t for t in tokenize(thing, parts=False) if t not in QUESTION_WORDS]
        # A kind of value ("how many needed a dose reduction") is the answer type's to check.
        return [] if any(t in ANSWER_TYPES for t in tokens) else tokens
    verbless = None if _ASKS.search(question) else _VERBLESS.match(question)
    # ("<setting> - <what is asked>?": after a dash or colon the question asks its own thing.)
    single_clause = not _CLAUSE_BREAK.search(question)
    wh_verb, when_to = _WH_VERB.search(question), _WHEN_TO.search(question)
    m = _FOCUS.search(question) or verbless or wh_verb or when_to
    if not m or drug_spans(m.group(1)):
        return []  # a drug or class asked for ("the most appropriate antihypertensive") is named by a member
    tokens = [t for t in tokenize(m.group(1), parts=False) if t not in QUESTION_WORDS]
    if any(t in ANSWER_TYPES for t in tokens):
        return []  # a kind of value ("the starting dose") is checked by the answer type
    if m is wh_verb:
        # "What <reading> target should ...": the kind of value named, what it is of is asked about; without
        # such a word ("what blood tests should ...") the phrase names the answer's category, not its words.
        named = [t for t in tokens if not set(t.split("/")) & (_ATTRIBUTES | _MEASURE_WORDS)]
        return named if named and len(named) < len(tokens) else []
    if m is when_to:  # "... - when to <do> <thing>?": what is done, whose time is asked
        return tokens if len(tokens) >= 2 else []
    if m is verbless:
        # Without a verb, two words or more ("renal exclusion in the trial") name a thing the evidence
        # must mention by one of them at least; words for the property whose value answers ("needle
        # size", "the commonest reason", "monitoring requirements") need not be named. One word is asked
        # for as such only when the lexicon knows it in all its names.
        named = [t for t in tokens if not set(t.split("/")) & _ATTRIBUTES]
        if any(re.fullmatch(ask, m.group(1).strip(), re.I) for ask, _ in MEASURES.values()):
            return []  # a measure ("odds ratio for <outcome>"): the answer type checks its value ("OR 1.84")
        if len(named) >= 2:
            return named if single_clause else []
        # One word left ("storage temperature", "blinding / design") may be said otherwise ("store", "open-label").
        return named if named and concept_groups(m.group(1)) else []
    return tokens if len(tokens) >= 2 else []


# "Which studies were pooled for the response rate?", "what phase ...", "how many centres ...": the noun
# phrase after the wh-word, up to a verb's auxiliary or a preposition, is what is asked for ("what was
# the response rate?" has none, and asks the rate). Words joined by "/" or "." ("mg/kg", "0.5") are
# one word; "and"/"or" join what is asked ("what drug and dose").
_WH_HEAD = re.compile(r"^\W*(?:which|what|how\s+many)\s+((?:[\w\s-]|[/.](?=\w))+)", re.I)
_HEAD_END = re.compile(r"(?<![\w/.-])(?:is|was|are|were|be|been|does|do|did|has|have|had|can|could|should|would|will|may|might|"
                       r"must|of|for|in|with|at(?!\s+(?:most|least)\b)|on|by|after|before|between|per|to|from|when|if|than|"
                       r"that|who|which)(?![\w/-])", re.I)
# A second ask after the head ("which trial, published in what year?") is asked too.
_SECOND_WH = re.compile(r"\b(?:what|which|when|where|how)\b", re.I)
_HEAD_WORDS = 5


@lru_cache(maxsize=256)  # asked once per measure and answer type the lexicon knows, of one question
def _wh_head(question: str) -> tuple[str, int, int] | None:
    """The asked noun phrase and its span in the question; None where the question is read whole: no
    such phrase, one running past five words into a verb ("which patients need a dose reduction"), one
    broken off by punctuation ("which drug, at what dose"), or a second wh-word after it."""
    m = _WH_HEAD.match(question)
    if not m:
        return None
    cut = _HEAD_END.search(m.group(1))
    if cut is None and question[m.end():].strip() not in ("", "?"):
        return None
    end = m.start(1) + (cut.start() if cut else len(m.group(1).rstrip()))
    head = question[m.start(1):end].strip()
    if not 0 < len(head.split()) <= _HEAD_WORDS or _SECOND_WH.search(question, end):
        return None
    return head, m.start(1), end


_GIVEN_VALUE = re.compile(r"\s*(?:of|=|:|is|was|~)?\s*\d")


def measure_asked(question: str, ask: str) -> bool:
    """The question names the measure `ask` matches and asks for it: not where its wh-word asks for
    another thing that the measure only qualifies ("which studies were pooled for the response rate?"
    asks for studies; "what response rate did they reach?" for the rate). A match starting inside the
    head counts, so a pattern that reads what follows ("HR" before "for death") still finds it. A measure
    followed by its value is given, not asked."""
    found = list(re.finditer(ask, question, re.I))
    if found and all(_GIVEN_VALUE.match(question, f.end()) for f in found):
        return False  # the patient's value, given ("trough 22 - what to do?"): the question asks what follows from it
    head = _wh_head(question)
    if not found:
        return False
    if head is None:  # (asked when or how long, what the clause after it names is what the time is of)
        when = _ASKS_WHEN.search(question)
        return not (when and all(when.start(1) < f.end() <= when.end(1) for f in found))
    text, start, end = head
    return bool(re.search(ask, text, re.I)) or any(start <= f.start() < end for f in found if f.start() > 0)


def type_asked(question: str, token: str) -> bool:
    """A question word that names a kind of answer ("rate", "dose", "year") asks for it unless the
    wh-word asks for another thing; a form of question ("#count" for "how many") always does. Asked
    when or how long, the words after it are what it is asked of ("when should the last dose be?")."""
    if token.startswith("#"):
        return True
    head = _wh_head(question)
    if head is None:
        when = _ASKS_WHEN.search(question)
        return not (when and token in tokenize(when.group(1)))
    return token in tokenize(head[0])


# "... - when should the last dose be?", "how long after the dose ...": the clause after a time's wh-word
# that opens the question or its ask (after a dash, a colon or a sentence before it: "Can she breastfeed on
# it? how long after her last dose ..."), up to another ask ("and at what rate").
_ASKS_WHEN = re.compile(r"(?:^|[-–—:?!]\s|\.\s+)\W*(?:when|how\s+(?:long|soon))\b((?:(?!\b(?:and|what|which|how\s+much)\b)[^?.;])*)", re.I)


# Words that place a time only against something else ("after", "during"): in the question itself
# ("when to repeat the test after delivery?") they set the time's anchor, so the evidence's "after
# birth" echoes the question and states no time.
_TIME_ANCHORS = re.compile(r"\b(?:before|after|within|until|till|during|prior to|following|once|if|whenever|when)\b", re.I)
_ANCHOR_CHOICE = re.compile(r"\b(?:before|after|with|during)\s+or\s+(?:before|after|with|without|during)\b", re.I)


def states_kind(kind: str, pattern: str, evidence: str, question: str) -> bool:
    """The evidence states the kind of value asked: a time ("#when") by more than the anchor words
    the question itself uses."""
    echoed = set()
    # (A choice of anchors, "before or after food?", is answered by either.)
    if kind == "#when" and not _ANCHOR_CHOICE.search(question):
        echoed = {w.lower() for w in _TIME_ANCHORS.findall(question)}
    return any(m.group(0).lower() not in echoed for m in re.finditer(pattern, evidence, re.I))
